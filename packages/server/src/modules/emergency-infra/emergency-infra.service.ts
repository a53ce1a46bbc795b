import { sql, type Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import { inAreaOrAbove, seesPath, type Org, type OrgsService } from '../orgs';
import { activeResidentCounts } from '../registry';

/** 应急避难场所与应急通道 (ADR 0078). */
export const SHELTER_KINDS = ['park', 'square', 'school', 'community_centre', 'stadium', 'other'] as const;
export const SHELTER_FACILITIES = ['water', 'power', 'lighting', 'toilets', 'medical', 'broadcast', 'storage'] as const;
export const SHELTER_STATUSES = ['standby', 'open', 'closed'] as const;
export const SHELTER_CHECKS = ['access', 'signage', 'water', 'power', 'sanitation', 'equipment'] as const;
export type ShelterCheck = (typeof SHELTER_CHECKS)[number];
export const LANE_KINDS = ['fire', 'evacuation', 'ambulance'] as const;
export const REPORT_STATUSES = ['open', 'cleared', 'unfounded'] as const;
export const LANE_KINDS_NOTIFY = { reported: 'lane_report_new', overdue: 'lane_report_overdue' } as const;
export const DEFAULT_CLEARANCE_HOURS = 2;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export type ShelterBody = {
  name: string; kind: string; address: string; capacity: number; areaM2?: number; facilities: string[]; status: string; intervalDays: number;
};
export type InfraDeps = {
  platform: Platform; orgs: OrgsService; accounts: Pick<AuthService, 'userLabels' | 'activeUserIds'>; notifications: Pick<NotificationsService, 'notify'>;
  /** The grid path of the household of the resident linked to a resident account, or null. */
  residentAreaOfAccount: (userId: string) => Promise<string | null>;
};

export function createEmergencyInfra(deps: InfraDeps) {
  const { database, clock } = deps.platform;
  const { db, codec, writes } = database;

  const sees = (p: Principal, path: string) => seesPath(p.orgPath, path);
  const visibleWhere = (p: Principal, alias: string) => inAreaOrAbove(alias, p.orgPath);
  const stale = (v: unknown) => errors.stale(codec.readInt(v));

  /** The community of a path (the caller's, a grid worker's parent), or null above community level. */
  const communityOf = (path: string) => deps.orgs.communityOf(path);
  const ownCommunity = (p: Principal) => deps.orgs.ownCommunity(p.orgPath);

  async function residentCommunity(p: Principal): Promise<Org> {
    const area = await deps.residentAreaOfAccount(p.id);
    const c = area ? await communityOf(area) : null;
    if (!c) throw new AppError(404, 'no_household', '您的账号还没有关联住户，请联系社区', 'Your account is not linked to a household; ask your community');
    return c;
  }

  // ----- shelters ------------------------------------------------------------------------------------------------

  async function shelterViews(rows: Array<Record<string, unknown>>) {
    const ids = rows.map((r) => String(r.id));
    const last = await inChunks(ids, (part) => db.selectFrom('shelter_inspections as x').select(['x.shelter_id', 'x.problems'])
      .where('x.shelter_id', 'in', part)
      .where(({ eb, selectFrom }) => eb('x.inspected_at', '=', selectFrom('shelter_inspections as y').select((e) => e.fn.max('y.inspected_at').as('m')).whereRef('y.shelter_id', '=', 'x.shelter_id')))
      .execute());
    const problemsOf = new Map(last.map((l) => [String(l.shelter_id), codec.readInt(l.problems)]));
    const names = await deps.orgs.names([...new Set(rows.map((r) => String(r.community_id)))]);
    const now = clock.now().getTime();
    return rows.map((r) => {
      const lastAt = codec.readTs(r.last_inspected_at);
      const interval = codec.readInt(r.interval_days);
      const nextDueAt = lastAt ? new Date(new Date(lastAt).getTime() + interval * DAY).toISOString() : null;
      return {
        id: String(r.id), communityId: String(r.community_id), communityName: names.get(String(r.community_id)) ?? '', name: String(r.name), kind: String(r.kind),
        address: String(r.address), capacity: codec.readInt(r.capacity), areaM2: r.area_m2 == null ? null : codec.readInt(r.area_m2),
        facilities: codec.readJson<string[]>(r.facilities) ?? [], status: String(r.status), intervalDays: interval, lastInspectedAt: lastAt,
        lastInspectionProblems: lastAt ? problemsOf.get(String(r.id)) ?? 0 : null, nextDueAt,
        due: r.status !== 'closed' && (!nextDueAt || new Date(nextDueAt).getTime() <= now), version: codec.readInt(r.version),
      };
    });
  }

  async function visibleShelter(p: Principal, id: string) {
    const r = await db.selectFrom('shelters').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !sees(p, String(r.org_path))) throw errors.notFound('避难场所', 'Shelter');
    return r as Record<string, unknown>;
  }

  // ----- lanes and reports ---------------------------------------------------------------------------------------

  async function clearanceHours(communityId: string, exec: any = db): Promise<number> {
    const r = await exec.selectFrom('lane_settings').select('clearance_hours').where('community_id', '=', communityId).executeTakeFirst();
    return r ? codec.readInt(r.clearance_hours) : DEFAULT_CLEARANCE_HOURS;
  }

  async function reportViews(rows: Array<Record<string, unknown>>, o: { names?: Map<string, string>; lanes?: Map<string, string> } = {}) {
    const now = clock.now().getTime();
    const [users, lanes] = await Promise.all([
      o.names ?? deps.accounts.userLabels([...new Set(rows.flatMap((r) => [codec.readBool(r.by_resident) ? null : String(r.reporter_id), r.handled_by as string | null])
        .filter((x): x is string => !!x))]),
      o.lanes ?? inChunks([...new Set(rows.map((r) => r.lane_id as string | null).filter((x): x is string => !!x))],
        (part) => db.selectFrom('emergency_lanes').select(['id', 'name']).where('id', 'in', part).execute()).then((ls) => new Map(ls.map((l) => [String(l.id), String(l.name)]))),
    ]);
    return rows.map((r) => {
      const dueAt = codec.readTs(r.due_at)!;
      return {
        id: String(r.id), ref: String(r.ref), communityId: String(r.community_id), laneId: (r.lane_id as string | null) ?? null,
        laneName: r.lane_id ? lanes.get(String(r.lane_id)) ?? '' : null, location: (r.location as string | null) ?? null, description: String(r.description),
        // A resident reporter is not shown: clearing a lane does not need their identity.
        reporter: codec.readBool(r.by_resident) ? ('resident' as const) : { id: String(r.reporter_id), name: users.get(String(r.reporter_id)) ?? '' },
        status: String(r.status) as (typeof REPORT_STATUSES)[number], reportedAt: codec.readTs(r.reported_at)!, dueAt,
        overdue: r.status === 'open' && new Date(dueAt).getTime() <= now, handledAt: codec.readTs(r.handled_at),
        handledBy: r.handled_by ? users.get(String(r.handled_by)) ?? '' : null, resolution: (r.resolution as string | null) ?? null, version: codec.readInt(r.version),
      };
    });
  }

  async function visibleReport(p: Principal, id: string) {
    const r = await db.selectFrom('lane_reports').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !sees(p, String(r.org_path))) throw errors.notFound('举报', 'Report');
    return r as Record<string, unknown>;
  }

  /** A report of a community: its lane (of that community) or a location; numbered per community and day. */
  async function prepareReport(community: Org, reporterId: string, byResident: boolean, b: { laneId?: string; location?: string; description: string }) {
    if (!b.laneId && !b.location) throw errors.field('laneId', 'required', '请选择通道，或写明位置', 'choose a lane or say where it is');
    let laneName: string | null = null;
    if (b.laneId) {
      const lane = await db.selectFrom('emergency_lanes').select(['id', 'name', 'community_id']).where('id', '=', b.laneId).executeTakeFirst();
      if (!lane || String(lane.community_id) !== community.id) throw errors.field('laneId', 'not_found', '没有这条通道', 'no such lane in this community');
      laneName = String(lane.name);
    }
    const now = clock.now();
    const hours = await clearanceHours(community.id);
    const id = uuidv7(now.getTime());
    const admins = await deps.accounts.activeUserIds(['community_admin'], [community.id]);
    const day = new Date(now.getTime() + 8 * HOUR).toISOString().slice(0, 10);
    const out = { row: null as Record<string, unknown> | null };
    return {
      id, out, laneName,
      async write(trx: Transaction<any>) {
        // The settings row is the community's lock: the day's numbering does not race (PostgreSQL; SQLite serialises writes).
        await trx.insertInto('lane_settings').values({ community_id: community.id, org_path: community.path, clearance_hours: hours, updated_by: null, updated_at: codec.ts(now) })
          .onConflict((oc) => oc.column('community_id').doNothing()).execute();
        await trx.updateTable('lane_settings').set({ clearance_hours: sql`clearance_hours` }).where('community_id', '=', community.id).execute();
        const prefix = `TD-${day.replaceAll('-', '')}-`;
        const n = await trx.selectFrom('lane_reports').select((eb) => eb.fn.countAll().as('n')).where('community_id', '=', community.id).where('ref', 'like', `${prefix}%`).executeTakeFirst();
        const ref = `${prefix}${String(codec.readInt(n?.n) + 1).padStart(3, '0')}`;
        const row = {
          id, ref, community_id: community.id, org_path: community.path, lane_id: b.laneId ?? null, location: b.location || null, description: b.description,
          reporter_id: reporterId, by_resident: codec.bool(byResident), status: 'open', reported_at: codec.ts(now), due_at: codec.ts(new Date(now.getTime() + hours * HOUR)),
          handled_at: null, handled_by: null, resolution: null, overdue_notified_at: null, version: 1,
        };
        await trx.insertInto('lane_reports').values(row).execute();
        out.row = row;
        await deps.notifications.notify(trx, {
          recipientIds: admins, kind: LANE_KINDS_NOTIFY.reported, objectType: 'lane_report', objectId: id, at: now, payload: { ref, place: laneName ?? b.location ?? '' },
        });
      },
    };
  }

  return {
    async shelters(p: Principal) {
      const rows = await db.selectFrom('shelters as s').selectAll('s').where(visibleWhere(p, 's')).orderBy('s.org_path').orderBy('s.name').execute() as Array<Record<string, unknown>>;
      const items = await shelterViews(rows);
      // Coverage per community of the area (a grid worker's: their community).
      const communities = p.orgLevel === 'grid' || p.orgLevel === 'community'
        ? [await communityOf(p.orgPath)].filter((c): c is Org => !!c)
        : (await deps.orgs.within(p.orgPath)).filter((o) => o.level === 'community');
      const residents = await activeResidentCounts(db, codec, communities.map((c) => c.path));
      const coverage = communities.map((c) => {
        const capacity = items.filter((s) => s.communityId === c.id && s.status !== 'closed').reduce((a, s) => a + s.capacity, 0);
        const n = residents.get(c.path) ?? 0;
        return { communityId: c.id, communityName: c.name, residents: n, capacity, share: n > 0 ? Math.round((capacity / n) * 1000) / 10 : null };
      });
      return { items, coverage };
    },

    async addShelter(p: Principal, b: ShelterBody) {
      const c = await ownCommunity(p);
      if (c.path !== p.orgPath) throw errors.forbidden();
      const now = clock.now();
      const id = uuidv7(now.getTime());
      return {
        id,
        async write(trx: Transaction<any>) {
          const dup = await trx.selectFrom('shelters').select('id').where('community_id', '=', c.id).where('name', '=', b.name).executeTakeFirst();
          if (dup) throw errors.conflict('duplicate', '已有同名的避难场所', 'A shelter with this name already exists', [{ path: 'name', code: 'duplicate', message: '同名避难场所已存在', messageEn: 'already exists' }]);
          await trx.insertInto('shelters').values({
            id, community_id: c.id, org_path: c.path, name: b.name, kind: b.kind, address: b.address, capacity: b.capacity, area_m2: b.areaM2 ?? null,
            facilities: codec.json([...new Set(b.facilities)]), status: b.status, interval_days: b.intervalDays, last_inspected_at: null, created_by: p.id, created_at: codec.ts(now), version: 1,
          }).execute();
        },
      };
    },

    async updateShelter(p: Principal, id: string, b: ShelterBody & { version: number }) {
      const r = await visibleShelter(p, id);
      if (!deps.orgs.inScope(p.orgPath, String(r.org_path))) throw errors.forbidden();
      return {
        async write(trx: Transaction<any>) {
          const dup = await trx.selectFrom('shelters').select('id').where('community_id', '=', String(r.community_id)).where('name', '=', b.name).where('id', '!=', id).executeTakeFirst();
          if (dup) throw errors.conflict('duplicate', '已有同名的避难场所', 'A shelter with this name already exists', [{ path: 'name', code: 'duplicate', message: '同名避难场所已存在', messageEn: 'already exists' }]);
          const res = await trx.updateTable('shelters').set({
            name: b.name, kind: b.kind, address: b.address, capacity: b.capacity, area_m2: b.areaM2 ?? null, facilities: codec.json([...new Set(b.facilities)]),
            status: b.status, interval_days: b.intervalDays, version: b.version + 1,
          }).where('id', '=', id).where('version', '=', b.version).executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) throw stale(r.version);
        },
      };
    },

    async shelterView(p: Principal, id: string) {
      return (await shelterViews([await visibleShelter(p, id)]))[0]!;
    },

    async inspections(p: Principal, id: string, f: { page: number; pageSize: number }) {
      await visibleShelter(p, id);
      const q = db.selectFrom('shelter_inspections').where('shelter_id', '=', id);
      const total = codec.readInt((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q.selectAll().orderBy('inspected_at', 'desc').orderBy('id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
      const names = await deps.accounts.userLabels([...new Set(rows.map((r) => String(r.inspected_by)))]);
      return {
        items: rows.map((r) => {
          const checks = codec.readJson<Record<ShelterCheck, 'ok' | 'problem'>>(r.checks);
          return {
            id: String(r.id), at: codec.readTs(r.inspected_at)!, by: { id: String(r.inspected_by), name: names.get(String(r.inspected_by)) ?? '' }, checks,
            problems: SHELTER_CHECKS.filter((k) => checks[k] === 'problem'), note: (r.note as string | null) ?? null,
          };
        }),
        total, page: f.page, pageSize: f.pageSize,
      };
    },

    async inspect(p: Principal, id: string, b: { checks: Record<ShelterCheck, 'ok' | 'problem'>; note?: string }) {
      const r = await visibleShelter(p, id);
      const now = clock.now();
      const iid = uuidv7(now.getTime());
      const problems = SHELTER_CHECKS.filter((k) => b.checks[k] === 'problem');
      return {
        id: iid, problems,
        async write(trx: Transaction<any>) {
          await trx.insertInto('shelter_inspections').values({
            id: iid, shelter_id: id, org_path: String(r.org_path), inspected_by: p.id, inspected_at: codec.ts(now), checks: codec.json(b.checks), problems: problems.length, note: b.note || null,
          }).execute();
          await trx.updateTable('shelters').set({ last_inspected_at: codec.ts(now) }).where('id', '=', id).execute();
        },
        view: () => ({ id: iid, at: now.toISOString(), by: { id: p.id, name: p.displayName }, checks: b.checks, problems, note: b.note || null }),
      };
    },

    async lanes(p: Principal) {
      const rows = await db.selectFrom('emergency_lanes as l').selectAll('l').where(visibleWhere(p, 'l')).orderBy('l.org_path').orderBy('l.name').execute();
      const ids = rows.map((r) => String(r.id));
      const open = await inChunks(ids, (part) => db.selectFrom('lane_reports').select(['lane_id', (eb) => eb.fn.countAll().as('n')]).where('lane_id', 'in', part).where('status', '=', 'open').groupBy('lane_id').execute());
      const openBy = new Map(open.map((o) => [String(o.lane_id), codec.readInt(o.n)]));
      const settings = await db.selectFrom('lane_settings as s').select(['s.community_id', 's.clearance_hours']).where(visibleWhere(p, 's')).execute();
      const now = clock.now();
      const reports = db.selectFrom('lane_reports as r').where(visibleWhere(p, 'r'));
      const [openN, overdueN, cleared] = await Promise.all([
        reports.select((eb) => eb.fn.countAll().as('n')).where('r.status', '=', 'open').executeTakeFirst(),
        reports.select((eb) => eb.fn.countAll().as('n')).where('r.status', '=', 'open').where('r.due_at', '<=', codec.ts(now)).executeTakeFirst(),
        reports.select(['r.handled_at', 'r.due_at']).where('r.status', '=', 'cleared').where('r.handled_at', '>=', codec.ts(new Date(now.getTime() - 30 * DAY))).execute(),
      ]);
      return {
        items: rows.map((r) => ({
          id: String(r.id), communityId: String(r.community_id), name: String(r.name), kind: String(r.kind), location: String(r.location), openReports: openBy.get(String(r.id)) ?? 0,
          version: codec.readInt(r.version),
        })),
        clearanceHours: settings.map((s) => ({ communityId: String(s.community_id), hours: codec.readInt(s.clearance_hours) })),
        figures: {
          open: codec.readInt(openN?.n), overdue: codec.readInt(overdueN?.n), cleared30: cleared.length,
          clearedInTime30: cleared.filter((c) => new Date(codec.readTs(c.handled_at)!).getTime() <= new Date(codec.readTs(c.due_at)!).getTime()).length,
        },
      };
    },

    async addLane(p: Principal, b: { name: string; kind: string; location: string }) {
      const c = await ownCommunity(p);
      if (c.path !== p.orgPath) throw errors.forbidden();
      const now = clock.now();
      const id = uuidv7(now.getTime());
      return {
        id, view: { id, communityId: c.id, name: b.name, kind: b.kind, location: b.location, openReports: 0, version: 1 },
        async write(trx: Transaction<any>) {
          const dup = await trx.selectFrom('emergency_lanes').select('id').where('community_id', '=', c.id).where('name', '=', b.name).executeTakeFirst();
          if (dup) throw errors.conflict('duplicate', '已有同名的通道', 'A lane with this name already exists', [{ path: 'name', code: 'duplicate', message: '同名通道已存在', messageEn: 'already exists' }]);
          await trx.insertInto('emergency_lanes').values({ id, community_id: c.id, org_path: c.path, name: b.name, kind: b.kind, location: b.location, created_by: p.id, created_at: codec.ts(now), version: 1 }).execute();
        },
      };
    },

    async setClearanceHours(p: Principal, hours: number) {
      const c = await ownCommunity(p);
      if (c.path !== p.orgPath) throw errors.forbidden();
      const now = clock.now();
      return {
        communityId: c.id,
        async write(trx: Transaction<any>) {
          await trx.insertInto('lane_settings').values({ community_id: c.id, org_path: c.path, clearance_hours: hours, updated_by: p.id, updated_at: codec.ts(now) })
            .onConflict((oc) => oc.column('community_id').doUpdateSet({ clearance_hours: hours, updated_by: p.id, updated_at: codec.ts(now) })).execute();
        },
      };
    },

    async reports(p: Principal, f: { status?: string; page: number; pageSize: number }) {
      let q = db.selectFrom('lane_reports as r').where(visibleWhere(p, 'r'));
      if (f.status) q = q.where('r.status', '=', f.status);
      const total = codec.readInt((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q.selectAll('r').orderBy(sql`case r.status when 'open' then 0 else 1 end`).orderBy(sql`case r.status when 'open' then r.due_at end`)
        .orderBy(sql`case r.status when 'open' then r.ref end`).orderBy('r.reported_at', 'desc').orderBy('r.ref', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
      return { items: await reportViews(rows as Array<Record<string, unknown>>), total, page: f.page, pageSize: f.pageSize };
    },

    async staffReport(p: Principal, b: { laneId?: string; location?: string; description: string }) {
      const c = await ownCommunity(p);
      const r = await prepareReport(c, p.id, false, b);
      return { ...r, view: async () => (await reportViews([r.out.row!], { names: new Map([[p.id, p.displayName]]), lanes: new Map(b.laneId ? [[b.laneId, r.laneName ?? '']] : []) }))[0]! };
    },

    async handle(p: Principal, id: string, b: { outcome: 'cleared' | 'unfounded'; resolution: string; version: number }) {
      const r = await visibleReport(p, id);
      if (!deps.orgs.inScope(p.orgPath, String(r.org_path))) throw errors.forbidden();
      if (r.status !== 'open') throw errors.conflict('not_open', '这条举报已经处理过了', 'This report has already been handled');
      const now = clock.now();
      return {
        async write(trx: Transaction<any>) {
          const res = await trx.updateTable('lane_reports').set({ status: b.outcome, resolution: b.resolution, handled_at: codec.ts(now), handled_by: p.id, version: b.version + 1 })
            .where('id', '=', id).where('version', '=', b.version).where('status', '=', 'open').executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) throw stale(r.version);
        },
      };
    },

    async reportView(p: Principal, id: string) {
      return (await reportViews([await visibleReport(p, id)]))[0]!;
    },

    // ----- residents ---------------------------------------------------------------------------------------------

    async myLanes(p: Principal) {
      const c = await residentCommunity(p);
      const rows = await db.selectFrom('emergency_lanes').select(['id', 'name', 'kind', 'location']).where('community_id', '=', c.id).orderBy('name').execute();
      return rows.map((r) => ({ id: String(r.id), name: String(r.name), kind: String(r.kind), location: String(r.location) }));
    },

    async residentReport(p: Principal, b: { laneId?: string; location?: string; description: string }) {
      return prepareReport(await residentCommunity(p), p.id, true, b);
    },

    async myReports(p: Principal) {
      const rows = await db.selectFrom('lane_reports').selectAll().where('reporter_id', '=', p.id).where('by_resident', '=', codec.bool(true))
        .orderBy('reported_at', 'desc').limit(50).execute() as Array<Record<string, unknown>>;
      const views = await reportViews(rows);
      return views.map((v) => ({
        id: v.id, ref: v.ref, laneName: v.laneName, location: v.location, description: v.description, status: v.status, reportedAt: v.reportedAt, dueAt: v.dueAt,
        handledAt: v.handledAt, resolution: v.resolution,
      }));
    },

    // ----- other modules (ADR 0086: a public complaint of a blocked fire lane) ----------------------------------------

    /** The community's clearance hours (the default when it set none). */
    clearanceHoursOf: (communityId: string) => clearanceHours(communityId),

    /** An occupation report forwarded from a complaint: the staff member who accepted it is its reporter; a location, no lane. */
    async forwardReport(communityId: string, reporterId: string, b: { location: string; description: string }) {
      const c = await deps.orgs.get(communityId);
      if (!c || c.level !== 'community') throw errors.notFound('社区', 'Community');
      const r = await prepareReport(c, reporterId, false, { location: b.location.slice(0, 80), description: b.description });
      return { id: r.id, write: r.write, ref: () => String(r.out.row?.ref ?? '') };
    },

    /** The state of reports by id (ref, status, deadline, what was done), for the module that forwarded them. */
    async reportStates(ids: readonly string[]) {
      if (!ids.length) return new Map<string, { id: string; ref: string; status: string; dueAt: string; resolution: string | null }>();
      const rows = await db.selectFrom('lane_reports').select(['id', 'ref', 'status', 'due_at', 'resolution']).where('id', 'in', [...ids]).execute();
      return new Map(rows.map((r) => [String(r.id), { id: String(r.id), ref: String(r.ref), status: String(r.status), dueAt: codec.readTs(r.due_at)!, resolution: (r.resolution as string | null) ?? null }]));
    },

    /** Housekeeping: an open report past its deadline tells the community admins, once. */
    async notifyOverdue(at: Date): Promise<{ notified: number }> {
      const due = await db.selectFrom('lane_reports').select(['id', 'ref', 'community_id', 'lane_id', 'location', 'due_at'])
        .where('status', '=', 'open').where('overdue_notified_at', 'is', null).where('due_at', '<=', codec.ts(at)).execute();
      let notified = 0;
      for (const r of due) {
        const [admins, lane] = await Promise.all([
          deps.accounts.activeUserIds(['community_admin'], [String(r.community_id)]),
          r.lane_id ? db.selectFrom('emergency_lanes').select('name').where('id', '=', String(r.lane_id)).executeTakeFirst() : Promise.resolve(undefined),
        ]);
        await writes.run(async (trx) => {
          const res = await trx.updateTable('lane_reports').set({ overdue_notified_at: codec.ts(at) }).where('id', '=', String(r.id)).where('overdue_notified_at', 'is', null)
            .where('status', '=', 'open').executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) return;
          await deps.notifications.notify(trx, {
            recipientIds: admins, kind: LANE_KINDS_NOTIFY.overdue, objectType: 'lane_report', objectId: String(r.id), at,
            payload: { ref: String(r.ref), place: lane ? String(lane.name) : String(r.location ?? ''), dueAt: codec.readTs(r.due_at)! },
          });
          notified++;
        });
      }
      return { notified };
    },
  };
}
export type EmergencyInfra = ReturnType<typeof createEmergencyInfra>;
