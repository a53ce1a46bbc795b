import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import { actorOf, principalOf, type Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { IdempotentWrite } from '../../http/idempotency';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { AuthService, Role } from '../auth';
import type { NotificationsService } from '../notifications';
import { pathsUp, seesPath, type OrgsService } from '../orgs';
import { freeText, unmanagedCompounds, type UnmanagedCompound } from '../registry';

/** 三无小区管控点 (ADR 0074). The five checks of a patrol, in the order the form asks them. */
export const PATROL_CHECKS = ['staffed', 'registration', 'disinfection', 'lane_clear', 'sanitation'] as const;
export type PatrolCheck = (typeof PATROL_CHECKS)[number];
export const CONTROL_POINT_STATUSES = ['problem', 'due', 'unassigned', 'ok'] as const;
export type ControlPointStatus = (typeof CONTROL_POINT_STATUSES)[number];
export const CONTROL_POINT_KINDS = { problem: 'control_point_problem', due: 'control_point_due' } as const;
/** Who may be a point's responsible person (包保责任人): staff of the compound's community or its grids. */
export const CONTROL_POINT_LEAD_ROLES = ['community_admin', 'grid_worker', 'volunteer'] as const satisfies readonly Role[];
export const CONTROL_POINT_TEXT_MAX = 200;

/** Free text about a place on a board many read: no ID and no mobile numbers (the duty-log rule, ADR 0070). */
const text = (what: string, whatEn: string) => freeText(0, CONTROL_POINT_TEXT_MAX, what, whatEn);

const PointSchema = z.object({
  compoundId: z.string(), compoundName: z.string(), communityId: z.string(), communityName: z.string(),
  flags: z.object({ noPropertyManagement: z.boolean(), noCompetentAuthority: z.boolean(), notEnclosed: z.boolean() }), threeNo: z.boolean(),
  pointId: z.string().nullable(), lead: z.object({ id: z.string(), name: z.string() }).nullable(), intervalHours: z.number().nullable(),
  lastPatrolAt: z.string().nullable(), lastPatrolBy: z.string().nullable(), nextDueAt: z.string().nullable(), openProblems: z.number(),
  status: z.enum(CONTROL_POINT_STATUSES), version: z.number().nullable(),
});
const CheckValue = z.enum(['ok', 'problem']);
const PatrolSchema = z.object({
  id: z.string(), pointId: z.string(), patrolledAt: z.string(), patrolledBy: z.object({ id: z.string(), name: z.string() }),
  checks: z.record(z.enum(PATROL_CHECKS), CheckValue), problems: z.array(z.enum(PATROL_CHECKS)), note: z.string().nullable(),
  resolvedAt: z.string().nullable(), resolvedBy: z.string().nullable(), resolution: z.string().nullable(), version: z.number(),
});
type PointView = z.infer<typeof PointSchema>;
type PatrolView = z.infer<typeof PatrolSchema>;
const STATUS_RANK: Record<ControlPointStatus, number> = { problem: 0, due: 1, unassigned: 2, ok: 3 };


export type ControlPointDeps = {
  platform: Platform; audit: AuditService; orgs: OrgsService; idempotentWrite: IdempotentWrite;
  notifications: Pick<NotificationsService, 'notify'>; accounts: Pick<AuthService, 'activeUserIds' | 'userLabels' | 'usersIn' | 'findById'>;
};

export function createControlPoints(deps: ControlPointDeps) {
  const { database, clock } = deps.platform;
  const { db, codec } = database;

  const stale = (version: unknown) => errors.stale(codec.readInt(version));

  /** The unmanaged compounds the caller sees: of their area and below, and their own community's (a grid worker's). */
  const compoundsOf = (p: Principal) => unmanagedCompounds(db, codec, { under: p.orgPath, exact: pathsUp(p.orgPath) });
  const sees = (p: Principal, communityPath: string) => seesPath(p.orgPath, communityPath);

  async function views(compounds: UnmanagedCompound[], now = clock.now()): Promise<PointView[]> {
    if (compounds.length === 0) return [];
    const ids = compounds.map((c) => c.id);
    // A district's board may list thousands of compounds: the id lists go in chunks.
    const points = await inChunks(ids, (part) => db.selectFrom('control_points').select(['id', 'compound_id', 'lead_user_id', 'interval_hours', 'last_patrol_at', 'version'])
      .where('compound_id', 'in', part).execute());
    const pointIds = points.map((p) => String(p.id));
    const open = await inChunks(pointIds, (part) => db.selectFrom('control_point_patrols').select(['point_id', (eb) => eb.fn.countAll().as('n')])
      .where('point_id', 'in', part).where('problems', '>', 0).where('resolved_at', 'is', null).groupBy('point_id').execute());
    // Who patrolled last: the patrol at each point's newest time.
    const last = await inChunks(pointIds, (part) => db.selectFrom('control_point_patrols as x').select(['x.point_id', 'x.patrolled_by'])
      .where('x.point_id', 'in', part)
      .where(({ eb, selectFrom }) => eb('x.patrolled_at', '=', selectFrom('control_point_patrols as y').select((e) => e.fn.max('y.patrolled_at').as('m')).whereRef('y.point_id', '=', 'x.point_id')))
      .execute());
    const lastBy = new Map(last.map((r) => [String(r.point_id), String(r.patrolled_by)]));
    const openBy = new Map(open.map((r) => [String(r.point_id), codec.readInt(r.n)]));
    const byCompound = new Map(points.map((p) => [String(p.compound_id), p]));
    const [names, communities] = await Promise.all([
      deps.accounts.userLabels([...new Set([...points.map((p) => String(p.lead_user_id)), ...lastBy.values()])]),
      deps.orgs.names([...new Set(compounds.map((c) => c.communityId))]),
    ]);
    return compounds.map((c): PointView => {
      const p = byCompound.get(c.id);
      const base = {
        compoundId: c.id, compoundName: c.name, communityId: c.communityId, communityName: communities.get(c.communityId) ?? '', flags: c.flags,
        threeNo: c.flags.noPropertyManagement && c.flags.noCompetentAuthority && c.flags.notEnclosed,
      };
      if (!p) return { ...base, pointId: null, lead: null, intervalHours: null, lastPatrolAt: null, lastPatrolBy: null, nextDueAt: null, openProblems: 0, status: 'unassigned', version: null };
      const lastAt = codec.readTs(p.last_patrol_at);
      const interval = codec.readInt(p.interval_hours);
      const nextDueAt = lastAt ? new Date(new Date(lastAt).getTime() + interval * 3_600_000).toISOString() : null;
      const openProblems = openBy.get(String(p.id)) ?? 0;
      const status: ControlPointStatus = openProblems > 0 ? 'problem' : !nextDueAt || new Date(nextDueAt).getTime() <= now.getTime() ? 'due' : 'ok';
      const who = lastBy.get(String(p.id));
      return {
        ...base, pointId: String(p.id), lead: { id: String(p.lead_user_id), name: names.get(String(p.lead_user_id)) ?? '' }, intervalHours: interval,
        lastPatrolAt: lastAt, lastPatrolBy: who ? names.get(who) ?? '' : null, nextDueAt, openProblems, status, version: codec.readInt(p.version),
      };
    }).sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || a.communityName.localeCompare(b.communityName, 'zh-CN') || a.compoundName.localeCompare(b.compoundName, 'zh-CN', { numeric: true }));
  }

  /** A point the caller sees (with its compound), or 404 — the same as an unknown one. */
  async function visiblePoint(p: Principal, id: string, trx?: Transaction<any>) {
    const row = await (trx ?? db).selectFrom('control_points').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !sees(p, String(row.org_path))) throw errors.notFound('管控点', 'Control point');
    return row as Record<string, unknown>;
  }

  /** A compound the caller may manage: unmanaged, of their area (a community admin's own community). */
  async function manageableCompound(p: Principal, compoundId: string): Promise<UnmanagedCompound> {
    const [c] = await unmanagedCompounds(db, codec, { compoundId });
    if (!c || !deps.orgs.inScope(p.orgPath, c.orgPath)) {
      throw new AppError(404, 'not_found', '小区不存在或不是无物业/无主管/无围墙的小区', 'No such unmanaged compound in your area', [
        { path: 'compoundId', code: 'not_found', message: '不在您的范围内，或不是三无/开放式小区', messageEn: 'not an unmanaged compound of your area' }]);
    }
    return c;
  }

  /** The responsible person must be active staff (community admin, grid worker, volunteer) of the community or its grids. */
  async function checkLead(communityPath: string, userId: string): Promise<{ id: string; name: string }> {
    const u = await deps.accounts.findById(userId);
    const org = u ? await deps.orgs.get(u.orgId) : null;
    if (!u || u.status !== 'active' || !org || !(CONTROL_POINT_LEAD_ROLES as readonly string[]).includes(u.role) || !deps.orgs.inScope(communityPath, org.path)) {
      throw errors.field('leadUserId', 'not_allowed', '包保责任人须是本社区或其网格在岗的社区管理员、网格员或志愿者', 'the responsible person must be an active community admin, grid worker or volunteer of this community or its grids');
    }
    return { id: u.id, name: u.displayName };
  }

  async function communityAdmins(communityId: string): Promise<string[]> {
    return deps.accounts.activeUserIds(['community_admin'], [communityId]);
  }

  function patrolView(r: Record<string, unknown>, names: Map<string, string>): PatrolView {
    const checks = codec.readJson<Record<PatrolCheck, 'ok' | 'problem'>>(r.checks);
    return {
      id: String(r.id), pointId: String(r.point_id), patrolledAt: codec.readTs(r.patrolled_at)!,
      patrolledBy: { id: String(r.patrolled_by), name: names.get(String(r.patrolled_by)) ?? '' }, checks,
      problems: PATROL_CHECKS.filter((k) => checks[k] === 'problem'), note: (r.note as string | null) ?? null,
      resolvedAt: codec.readTs(r.resolved_at), resolvedBy: r.resolved_by ? names.get(String(r.resolved_by)) ?? '' : null,
      resolution: (r.resolution as string | null) ?? null, version: codec.readInt(r.version),
    };
  }

  return {
    async board(p: Principal) {
      const items = await views(await compoundsOf(p));
      const counts = { problem: 0, due: 0, unassigned: 0, ok: 0 };
      for (const i of items) counts[i.status]++;
      return { items, counts };
    },

    async viewOfCompound(compoundId: string): Promise<PointView> {
      const [v] = await views(await unmanagedCompounds(db, codec, { compoundId }));
      return v!;
    },

    async leadCandidates(p: Principal, actor: AuditActor, communityId: string, q?: string) {
      const c = await deps.orgs.get(communityId);
      if (!c || c.level !== 'community' || !deps.orgs.inScope(p.orgPath, c.path)) {
        throw new AppError(404, 'not_found', '社区不存在', 'Community not found', [{ path: 'communityId', code: 'not_found', message: '社区不存在或不在您的范围内', messageEn: 'no such community in your area' }]);
      }
      const orgIds = (await deps.orgs.within(c.path)).map((o) => o.id);
      const users = await deps.accounts.usersIn(orgIds, { roles: CONTROL_POINT_LEAD_ROLES, activeOnly: true, q, limit: 20 });
      const orgNames = await deps.orgs.names([...new Set(users.map((u) => u.orgId))]);
      const items = users.map((u) => ({ id: u.id, name: u.displayName, role: u.role, orgName: orgNames.get(u.orgId) ?? '' }));
      await deps.audit.record(actor, { action: 'list', objectType: 'user', reason: 'control_point_lead_candidates', fields: ['displayName', 'role', 'org'], outcome: 'success', count: items.length });
      return { items };
    },

    async create(p: Principal, b: { compoundId: string; leadUserId: string; intervalHours: number }) {
      const c = await manageableCompound(p, b.compoundId);
      const lead = await checkLead(c.orgPath, b.leadUserId);
      const now = clock.now();
      const id = uuidv7(now.getTime());
      const communityName = (await deps.orgs.names([c.communityId])).get(c.communityId) ?? '';
      // The new point as the board shows it: never patrolled, so due at once.
      const view: PointView = {
        compoundId: c.id, compoundName: c.name, communityId: c.communityId, communityName, flags: c.flags,
        threeNo: c.flags.noPropertyManagement && c.flags.noCompetentAuthority && c.flags.notEnclosed, pointId: id, lead, intervalHours: b.intervalHours,
        lastPatrolAt: null, lastPatrolBy: null, nextDueAt: null, openProblems: 0, status: 'due', version: 1,
      };
      return {
        id, view,
        async write(trx: Transaction<any>) {
          const exists = await trx.selectFrom('control_points').select('id').where('compound_id', '=', c.id).executeTakeFirst();
          if (exists) {
            throw errors.conflict('control_point_exists', '这个小区已经是管控点了', 'This compound is already a control point', [
              { path: 'compoundId', code: 'control_point_exists', message: '已设为管控点', messageEn: 'already a control point' }]);
          }
          await trx.insertInto('control_points').values({
            id, compound_id: c.id, community_id: c.communityId, org_path: c.orgPath, lead_user_id: b.leadUserId, interval_hours: b.intervalHours,
            last_patrol_at: null, due_notified_at: null, created_by: p.id, created_at: codec.ts(now), version: 1,
          }).execute();
        },
      };
    },

    async update(p: Principal, id: string, b: { leadUserId?: string; intervalHours?: number; version: number }) {
      const row = await visiblePoint(p, id);
      if (!deps.orgs.inScope(p.orgPath, String(row.org_path))) throw errors.forbidden();
      if (b.leadUserId !== undefined) await checkLead(String(row.org_path), b.leadUserId);
      return {
        compoundId: String(row.compound_id),
        async write(trx: Transaction<any>) {
          const set: Record<string, unknown> = { version: b.version + 1 };
          if (b.leadUserId !== undefined) set.lead_user_id = b.leadUserId;
          // A new interval or a new responsible person: a lapse is told again, to whoever is responsible now.
          if (b.intervalHours !== undefined) set.interval_hours = b.intervalHours;
          if (b.intervalHours !== undefined || b.leadUserId !== undefined) set.due_notified_at = null;
          const res = await trx.updateTable('control_points').set(set).where('id', '=', id).where('version', '=', b.version).executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) throw stale((await trx.selectFrom('control_points').select('version').where('id', '=', id).executeTakeFirst())?.version);
        },
      };
    },

    async patrols(p: Principal, id: string, f: { page: number; pageSize: number }) {
      await visiblePoint(p, id);
      const q = db.selectFrom('control_point_patrols').where('point_id', '=', id);
      const total = codec.readInt((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q.selectAll().orderBy('patrolled_at', 'desc').orderBy('id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
      const names = await deps.accounts.userLabels([...new Set(rows.flatMap((r) => [String(r.patrolled_by), ...(r.resolved_by ? [String(r.resolved_by)] : [])]))]);
      return { items: rows.map((r) => patrolView(r, names)), total, page: f.page, pageSize: f.pageSize };
    },

    async patrol(p: Principal, id: string, b: { checks: Record<PatrolCheck, 'ok' | 'problem'>; note?: string }) {
      const point = await visiblePoint(p, id);
      const now = clock.now();
      const patrolId = uuidv7(now.getTime());
      const problems = PATROL_CHECKS.filter((k) => b.checks[k] === 'problem');
      // Only a patrol that found something tells anyone (naming the compound).
      const to = problems.length ? [String(point.lead_user_id), ...(await communityAdmins(String(point.community_id)))] : [];
      const [compound] = to.length ? await unmanagedCompounds(db, codec, { compoundId: String(point.compound_id) }) : [];
      const checks = Object.fromEntries(PATROL_CHECKS.map((k) => [k, b.checks[k]]));
      return {
        patrolId, problems,
        async write(trx: Transaction<any>) {
          await trx.insertInto('control_point_patrols').values({
            id: patrolId, point_id: id, org_path: String(point.org_path), patrolled_by: p.id, patrolled_at: codec.ts(now), checks: codec.json(checks),
            problems: problems.length, note: b.note || null, resolved_at: null, resolved_by: null, resolution: null, version: 1,
          }).execute();
          // A patrol resets the clock (and the lapse told) without touching the point's version: its settings did not change.
          await trx.updateTable('control_points').set({ last_patrol_at: codec.ts(now), due_notified_at: null }).where('id', '=', id).execute();
          if (to.length) {
            await deps.notifications.notify(trx, {
              recipientIds: to.filter((u) => u !== p.id), kind: CONTROL_POINT_KINDS.problem, objectType: 'control_point', objectId: id, at: now,
              payload: { compound: compound?.name ?? '', problems: problems.join(',') },
            });
          }
        },
        view: (trx: Transaction<any>) => patrolIn(trx, patrolId, new Map([[p.id, p.displayName]])),
      };
    },

    async resolve(p: Principal, id: string, patrolId: string, b: { resolution: string; version: number }) {
      await visiblePoint(p, id);
      const row = await db.selectFrom('control_point_patrols').select(['id', 'problems', 'resolved_at', 'version', 'patrolled_by']).where('id', '=', patrolId).where('point_id', '=', id).executeTakeFirst();
      if (!row) throw errors.notFound('巡查记录', 'Patrol');
      if (codec.readInt(row.problems) === 0) throw errors.conflict('no_problem', '这次巡查没有发现问题，无需整改', 'This patrol found no problem; there is nothing to resolve');
      if (row.resolved_at) throw errors.conflict('already_resolved', '这个问题已经整改过了', 'This problem has already been resolved');
      const now = clock.now();
      const names = await deps.accounts.userLabels([String(row.patrolled_by)]);
      names.set(p.id, p.displayName);
      return {
        async write(trx: Transaction<any>) {
          const res = await trx.updateTable('control_point_patrols').set({ resolved_at: codec.ts(now), resolved_by: p.id, resolution: b.resolution, version: b.version + 1 })
            .where('id', '=', patrolId).where('version', '=', b.version).where('resolved_at', 'is', null).executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) {
            const cur = await trx.selectFrom('control_point_patrols').select(['version', 'resolved_at']).where('id', '=', patrolId).executeTakeFirst();
            if (cur?.resolved_at) throw errors.conflict('already_resolved', '这个问题刚刚被别人整改登记了', 'Someone has just recorded this problem as resolved');
            throw stale(cur?.version);
          }
        },
        view: (trx: Transaction<any>) => patrolIn(trx, patrolId, names),
      };
    },

    /**
     * Housekeeping step: points whose last patrol is older than their interval (or never patrolled a day after being set
     * up) tell their responsible person once per lapse (`due_notified_at`, cleared by the next patrol). Names no one.
     */
    async notifyDue(at: Date): Promise<{ notified: number }> {
      const rows = await db.selectFrom('control_points').select(['id', 'compound_id', 'lead_user_id', 'interval_hours', 'last_patrol_at', 'created_at'])
        .where('due_notified_at', 'is', null).execute();
      let notified = 0;
      for (const r of rows) {
        const from = codec.readTs(r.last_patrol_at) ?? codec.readTs(r.created_at)!;
        if (new Date(from).getTime() + codec.readInt(r.interval_hours) * 3_600_000 > at.getTime()) continue;
        const [compound] = await unmanagedCompounds(db, codec, { compoundId: String(r.compound_id) });
        await database.writes.run(async (trx) => {
          const res = await trx.updateTable('control_points').set({ due_notified_at: codec.ts(at) }).where('id', '=', r.id).where('due_notified_at', 'is', null).executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) return;
          await deps.notifications.notify(trx, {
            recipientIds: [String(r.lead_user_id)], kind: CONTROL_POINT_KINDS.due, objectType: 'control_point', objectId: String(r.id), at,
            payload: { compound: compound?.name ?? '', hours: String(codec.readInt(r.interval_hours)) },
          });
          notified++;
        });
      }
      return { notified };
    },
  };

  /** A patrol read through the write's own transaction (on SQLite the held connection is the transaction's). */
  async function patrolIn(trx: Transaction<any>, patrolId: string, names: Map<string, string>): Promise<PatrolView> {
    return patrolView(await trx.selectFrom('control_point_patrols').selectAll().where('id', '=', patrolId).executeTakeFirstOrThrow(), names);
  }
}
export type ControlPoints = ReturnType<typeof createControlPoints>;

export function registerControlPointRoutes(app: FastifyInstance, deps: ControlPointDeps & { controlPoints: ControlPoints }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { controlPoints: cp } = deps;
  const Id = z.string().min(1).max(64);

  r.get('/api/control-points', {
    config: { access: 'control-point:read' },
    schema: {
      tags: ['places'], summary: '三无小区管控: the unmanaged compounds of the caller’s area (and a grid worker’s community) with their control point, last patrol and state — problem, due, unassigned, ok (ADR 0074)',
      response: { 200: z.object({ items: z.array(PointSchema), counts: z.object({ problem: z.number(), due: z.number(), unassigned: z.number(), ok: z.number() }) }) },
    },
  }, async (req) => cp.board(principalOf(req)));

  r.get('/api/control-points/lead-candidates', {
    config: { access: 'control-point:manage' },
    schema: {
      tags: ['places'], summary: 'Accounts that may be a control point’s responsible person (active community admins, grid workers, volunteers of the community), by name prefix; audited',
      querystring: z.strictObject({ communityId: Id, q: z.string().trim().max(40).optional() }),
    },
  }, async (req) => cp.leadCandidates(principalOf(req), actorOf(req), req.query.communityId, req.query.q));

  r.post('/api/control-points', {
    config: { access: 'control-point:manage', idempotency: 'optional' },
    schema: {
      tags: ['places'], summary: 'Make an unmanaged compound a control point: its responsible person (包保责任人) and patrol interval',
      body: z.strictObject({ compoundId: Id, leadUserId: Id, intervalHours: z.number().int().min(4).max(168) }),
      response: { 201: PointSchema },
    },
  }, async (req, reply) => {
    const c = await cp.create(principalOf(req), req.body);
    await deps.idempotentWrite(req, reply, async (trx) => {
      await c.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'create', objectType: 'control_point', objectId: c.id, fields: ['leadUserId', 'intervalHours'], outcome: 'success' });
      return { status: 201, body: c.view };
    });
  });

  r.post('/api/control-points/:id/update', {
    config: { access: 'control-point:manage' },
    schema: {
      tags: ['places'], summary: 'Change a control point’s responsible person or patrol interval; version-checked',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ leadUserId: Id.optional(), intervalHours: z.number().int().min(4).max(168).optional(), version: z.number().int().min(1) }),
      response: { 200: PointSchema },
    },
  }, async (req) => {
    const u = await cp.update(principalOf(req), req.params.id, req.body);
    await deps.platform.database.writes.run(async (trx) => {
      await u.write(trx);
      const fields = [...(req.body.leadUserId !== undefined ? ['leadUserId'] : []), ...(req.body.intervalHours !== undefined ? ['intervalHours'] : [])];
      await deps.audit.append(trx, actorOf(req), { action: 'update', objectType: 'control_point', objectId: req.params.id, fields, outcome: 'success' });
    });
    return cp.viewOfCompound(u.compoundId);
  });

  r.get('/api/control-points/:id/patrols', {
    config: { access: 'control-point:read' },
    schema: {
      tags: ['places'], summary: 'The patrols of a control point, newest first: the five checks, the note, and how a problem was resolved',
      params: z.strictObject({ id: Id }),
      querystring: z.strictObject({ page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) }),
    },
  }, async (req) => cp.patrols(principalOf(req), req.params.id, req.query));

  r.post('/api/control-points/:id/patrols', {
    config: { access: 'control-point:patrol', idempotency: 'optional' },
    schema: {
      tags: ['places'], summary: 'Record a patrol (巡查): each of the five checks ok or problem, and a note; a problem notifies the responsible person and the community admins',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({
        checks: z.strictObject({ staffed: CheckValue, registration: CheckValue, disinfection: CheckValue, lane_clear: CheckValue, sanitation: CheckValue }),
        note: text('巡查备注', 'patrol note').optional(),
      }),
      response: { 201: PatrolSchema },
    },
  }, async (req, reply) => {
    const c = await cp.patrol(principalOf(req), req.params.id, req.body);
    await deps.idempotentWrite(req, reply, async (trx) => {
      await c.write(trx);
      await deps.audit.append(trx, actorOf(req), {
        action: 'create', objectType: 'control_point_patrol', objectId: c.patrolId, fields: ['checks', ...(req.body.note ? ['note'] : [])], outcome: 'success',
      });
      return { status: 201, body: await c.view(trx) };
    });
  });

  r.post('/api/control-points/:id/patrols/:patrolId/resolve', {
    config: { access: 'control-point:patrol' },
    schema: {
      tags: ['places'], summary: 'Record that a patrol’s problem was resolved (已整改) and how; version-checked',
      params: z.strictObject({ id: Id, patrolId: Id }),
      body: z.strictObject({ resolution: text('整改说明', 'resolution').pipe(z.string().min(1)), version: z.number().int().min(1) }),
      response: { 200: PatrolSchema },
    },
  }, async (req) => {
    const c = await cp.resolve(principalOf(req), req.params.id, req.params.patrolId, req.body);
    return deps.platform.database.writes.run(async (trx) => {
      await c.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'resolve', objectType: 'control_point_patrol', objectId: req.params.patrolId, fields: ['resolution'], outcome: 'success' });
      return c.view(trx);
    });
  });
}
