import { maskName } from '@renxing/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { actorOf, principalOf, type Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { IdempotentWrite } from '../../http/idempotency';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import { inAreaOrAbove, pathsUp, seesPath, type Org, type OrgsService } from '../orgs';
import { CARE_TAGS, careSketches, careTargetsUnder, withoutIdOrMobile } from '../registry';

/** 关爱点名 (ADR 0073). */
export const ROLL_CALL_STATUSES = ['pending', 'unreachable', 'needs_help', 'helped', 'safe'] as const;
export type RollCallStatus = (typeof ROLL_CALL_STATUSES)[number];
export const ROLL_CALL_OUTCOMES = ['safe', 'needs_help', 'unreachable', 'helped'] as const;
export const ROLL_CALL_NEEDS = ['medicine', 'medical', 'supplies', 'care', 'other'] as const;
export const ROLL_CALL_METHODS = ['phone', 'visit', 'neighbour', 'message'] as const;
/** What a resident answers for themselves or their household (报平安): the method is `self`. */
export const SELF_OUTCOMES = ['safe', 'needs_help'] as const;
export const ROLL_CALL_NOTE_MAX = 200;
export const ROLL_CALL_KINDS = { help: 'roll_call_help', overdue: 'roll_call_overdue' } as const;
/** Who is told of a need and of a missed deadline: the area's community admins (and the starter, for the deadline). */
const ADMIN_ROLES = ['community_admin'] as const;
const PURPOSE = 'service.assistance';

type Counts = Record<RollCallStatus, number>;
const zeroCounts = (): Counts => ({ pending: 0, unreachable: 0, needs_help: 0, helped: 0, safe: 0 });

const note = withoutIdOrMobile(z.string().trim().max(ROLL_CALL_NOTE_MAX), {
  idNumber: '点名备注中请勿填写身份证号：证件信息在居民档案中查看|do not type an ID number in a roll-call note: identity details are in the resident record',
  mobile: '点名备注中请勿填写手机号：联系电话记入居民档案|do not type a mobile number in a roll-call note: keep phone numbers in the resident record',
});

const CountsSchema = z.object({ pending: z.number(), unreachable: z.number(), needs_help: z.number(), helped: z.number(), safe: z.number() });
const RollCallSchema = z.object({
  id: z.string(), orgId: z.string(), orgName: z.string(), gridId: z.string().nullable(), title: z.string(), tags: z.array(z.string()),
  startedBy: z.object({ id: z.string(), name: z.string() }), startedAt: z.string(), dueAt: z.string(), closedAt: z.string().nullable(),
  overdue: z.boolean(), total: z.number(), counts: CountsSchema, version: z.number(),
});
const ItemSchema = z.object({
  id: z.string(), residentId: z.string(), nameMasked: z.string(), address: z.string().nullable(), tags: z.array(z.string()), restricted: z.boolean(),
  gridId: z.string(), gridName: z.string(), status: z.enum(ROLL_CALL_STATUSES), need: z.string().nullable(), method: z.string().nullable(),
  note: z.string().nullable(), attempts: z.number(), checkedAt: z.string().nullable(), checkedBy: z.string().nullable(), version: z.number(),
});
type RollCallView = z.infer<typeof RollCallSchema>;
type ItemView = z.infer<typeof ItemSchema>;

/** Status order of the list: who still has to be reached first, the safe last. */
const STATUS_RANK = sql<number>`case i.status when 'pending' then 0 when 'unreachable' then 1 when 'needs_help' then 2 when 'helped' then 3 else 4 end`;

export { pathsUp };

export type RollCallDeps = {
  platform: Platform; audit: AuditService; orgs: OrgsService; idempotentWrite: IdempotentWrite;
  notifications: Pick<NotificationsService, 'notify'>; accounts: Pick<AuthService, 'activeUserIds' | 'userLabels'>;
  /** The active members of the household of the resident linked to a resident account (the account's own first), or []. */
  householdOfAccount: (userId: string) => Promise<Array<{ id: string; name: string; self: boolean }>>;
};

export function createRollCalls(deps: RollCallDeps) {
  const { database, clock } = deps.platform;
  const { db, writes, codec } = database;

  /** Roll calls the caller sees: of their area and below, and of the areas above it (a community's, for its grid worker). */
  const visible = (p: Principal) => db.selectFrom('roll_calls as c')
    .where(inAreaOrAbove('c', p.orgPath));

  async function countsOf(ids: readonly string[], itemPath?: string): Promise<Map<string, Counts>> {
    const out = new Map<string, Counts>(ids.map((id) => [id, zeroCounts()]));
    const rows = await inChunks(ids, (part) => {
      let q = db.selectFrom('roll_call_items as i').select(['i.roll_call_id', 'i.status', (eb) => eb.fn.countAll().as('n')]).where('i.roll_call_id', 'in', part);
      if (itemPath) q = q.where('i.org_path', 'like', `${itemPath}%`);
      return q.groupBy(['i.roll_call_id', 'i.status']).execute();
    });
    for (const r of rows) out.get(String(r.roll_call_id))![r.status as RollCallStatus] = codec.readInt(r.n);
    return out;
  }

  async function views(rows: Array<Record<string, unknown>>): Promise<RollCallView[]> {
    const ids = rows.map((r) => String(r.id));
    const [counts, orgNames, users] = await Promise.all([
      countsOf(ids), deps.orgs.names([...new Set(rows.map((r) => String(r.org_id)))]), deps.accounts.userLabels([...new Set(rows.map((r) => String(r.started_by)))]),
    ]);
    const now = clock.now().getTime();
    return rows.map((r) => {
      const c = counts.get(String(r.id))!;
      const dueAt = codec.readTs(r.due_at)!;
      const closedAt = codec.readTs(r.closed_at);
      return {
        id: String(r.id), orgId: String(r.org_id), orgName: orgNames.get(String(r.org_id)) ?? '', gridId: (r.grid_id as string | null) ?? null, title: String(r.title),
        tags: codec.readJson<string[]>(r.tags) ?? [], startedBy: { id: String(r.started_by), name: users.get(String(r.started_by)) ?? '' },
        startedAt: codec.readTs(r.started_at)!, dueAt, closedAt,
        overdue: !closedAt && new Date(dueAt).getTime() < now && c.pending + c.unreachable > 0,
        total: codec.readInt(r.total), counts: c, version: codec.readInt(r.version),
      };
    });
  }

  const COLUMNS = ['c.id', 'c.org_id', 'c.org_path', 'c.grid_id', 'c.title', 'c.tags', 'c.started_by', 'c.started_at', 'c.due_at', 'c.closed_at', 'c.total', 'c.version'] as const;

  /** A roll call the caller sees, or 404 (the same as an unknown one). */
  async function visibleOne(p: Principal, id: string, trx?: Transaction<any>) {
    const row = await (trx ?? db).selectFrom('roll_calls as c').select(COLUMNS).where('c.id', '=', id).executeTakeFirst();
    const path = row ? String(row.org_path) : '';
    if (!row || !seesPath(p.orgPath, path)) throw errors.notFound('关爱点名', 'Roll call');
    return row as Record<string, unknown>;
  }

  /** The area's community admins (the community of `path`), for the escalations. */
  async function adminsOf(path: string): Promise<string[]> {
    const orgs = await deps.orgs.ancestors(path);
    const community = orgs.filter((o) => o.level === 'community').map((o) => o.id);
    return deps.accounts.activeUserIds([...ADMIN_ROLES], community);
  }

  return {
    async start(p: Principal, b: { title: string; tags: string[]; gridId?: string; dueHours: number }) {
      let area: Pick<Org, 'id' | 'path' | 'level'> = { id: p.orgId, path: p.orgPath, level: p.orgLevel as Org['level'] };
      if (b.gridId && b.gridId !== p.orgId) {
        const g = await deps.orgs.get(b.gridId);
        if (!g || g.level !== 'grid' || !deps.orgs.inScope(p.orgPath, g.path)) {
          throw new AppError(404, 'not_found', '网格不存在', 'Grid not found', [{ path: 'gridId', code: 'not_found', message: '网格不存在或不在您的范围内', messageEn: 'no such grid in your area' }]);
        }
        area = g;
      }
      if (area.level !== 'community' && area.level !== 'grid') {
        throw errors.forbidden();
      }
      const tags = [...new Set(b.tags)];
      const targets = await careTargetsUnder(db, area.path, tags);
      if (targets.length === 0) {
        throw new AppError(422, 'no_targets', '该范围内没有带所选关爱标签的居民', 'Nobody in this area holds the chosen care tags', [
          { path: 'tags', code: 'no_targets', message: '没有符合条件的居民', messageEn: 'nobody holds these tags here' }]);
      }
      const now = clock.now();
      const id = uuidv7(now.getTime());
      const due = new Date(now.getTime() + b.dueHours * 3_600_000);
      const orgName = (await deps.orgs.names([area.id])).get(area.id) ?? '';
      const view: RollCallView = {
        id, orgId: area.id, orgName, gridId: area.level === 'grid' ? area.id : null, title: b.title, tags, startedBy: { id: p.id, name: p.displayName },
        startedAt: now.toISOString(), dueAt: due.toISOString(), closedAt: null, overdue: false, total: targets.length,
        counts: { ...zeroCounts(), pending: targets.length }, version: 1,
      };
      return {
        id, now, targets, view,
        async write(trx: Transaction<any>) {
          await trx.insertInto('roll_calls').values({
            id, org_id: area.id, org_path: area.path, grid_id: area.level === 'grid' ? area.id : null, title: b.title, tags: codec.json(tags),
            started_by: p.id, started_at: codec.ts(now), due_at: codec.ts(due), closed_at: null, closed_by: null, overdue_notified_at: null, total: targets.length, version: 1,
          }).execute();
          const rows = targets.map((t, seq) => ({
            id: uuidv7(now.getTime()), seq, roll_call_id: id, resident_id: t.id, grid_id: t.gridId, org_path: t.orgPath, status: 'pending', need: null, method: null,
            note: null, attempts: 0, checked_by: null, checked_at: null, version: 1,
          }));
          for (let i = 0; i < rows.length; i += 100) await trx.insertInto('roll_call_items').values(rows.slice(i, i + 100)).execute();
        },
      };
    },

    async list(p: Principal, f: { status?: 'open' | 'closed'; page: number; pageSize: number }) {
      let q = visible(p);
      if (f.status === 'open') q = q.where('c.closed_at', 'is', null);
      if (f.status === 'closed') q = q.where('c.closed_at', 'is not', null);
      const total = codec.readInt((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q.select(COLUMNS).orderBy('c.started_at', 'desc').orderBy('c.id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
      return { items: await views(rows), total, page: f.page, pageSize: f.pageSize };
    },

    async get(p: Principal, id: string) {
      const row = await visibleOne(p, id);
      const [view] = await views([row]);
      const per = await db.selectFrom('roll_call_items as i').select(['i.grid_id', 'i.status', (eb) => eb.fn.countAll().as('n')])
        .where('i.roll_call_id', '=', id).groupBy(['i.grid_id', 'i.status']).execute();
      const grids = new Map<string, Counts>();
      for (const r of per) {
        const c = grids.get(String(r.grid_id)) ?? zeroCounts();
        c[r.status as RollCallStatus] = codec.readInt(r.n);
        grids.set(String(r.grid_id), c);
      }
      const names = await deps.orgs.names([...grids.keys()]);
      return {
        ...view!,
        grids: [...grids].map(([gridId, counts]) => ({ gridId, gridName: names.get(gridId) ?? '', total: Object.values(counts).reduce((a, b) => a + b, 0), counts }))
          .sort((a, b) => a.gridName.localeCompare(b.gridName, 'zh-CN', { numeric: true })),
      };
    },

    async items(p: Principal, actor: AuditActor, id: string, f: { gridId?: string; status?: RollCallStatus; page: number; pageSize: number }) {
      await visibleOne(p, id);
      let q = db.selectFrom('roll_call_items as i').where('i.roll_call_id', '=', id).where('i.org_path', 'like', `${p.orgPath}%`);
      if (f.gridId) q = q.where('i.grid_id', '=', f.gridId);
      if (f.status) q = q.where('i.status', '=', f.status);
      const total = codec.readInt((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q.select(['i.id', 'i.resident_id', 'i.grid_id', 'i.status', 'i.need', 'i.method', 'i.note', 'i.attempts', 'i.checked_by', 'i.checked_at', 'i.version'])
        .orderBy(STATUS_RANK).orderBy('i.seq').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
      const [people, grids, checkers] = await Promise.all([
        careSketches(db, codec, rows.map((r) => String(r.resident_id))), deps.orgs.names([...new Set(rows.map((r) => String(r.grid_id)))]),
        deps.accounts.userLabels([...new Set(rows.map((r) => r.checked_by as string | null).filter((x): x is string => !!x))]),
      ]);
      const items = rows.map((r) => itemView(r, people.get(String(r.resident_id)), grids, checkers));
      // Masked names, addresses and care (health) tags of the people on the list: a read of personal data, audited.
      if (items.length) {
        await deps.audit.record(actor, {
          action: 'list', objectType: 'roll_call_item', objectId: id, outcome: 'success', count: items.length, purpose: PURPOSE,
          fields: ['nameMasked', 'household', 'tags', 'rollCallNeed', 'rollCallNote'], subjectIds: items.map((i) => i.residentId),
        });
      }
      return { items, total, page: f.page, pageSize: f.pageSize };
    },

    /**
     * `household`: a resident answering (报平安) — the roll call need not be of their area (they see it through their
     * household's items), and only their household's items may be answered.
     */
    async check(p: Principal, id: string, itemId: string, b: { outcome: (typeof ROLL_CALL_OUTCOMES)[number]; method: string; need?: string; note?: string; version: number },
      household?: ReadonlySet<string>) {
      const call = household
        ? await db.selectFrom('roll_calls as c').select(COLUMNS).where('c.id', '=', id).executeTakeFirst() as Record<string, unknown> | undefined
        : await visibleOne(p, id);
      if (!call) throw errors.notFound('关爱点名', 'Roll call');
      if (call.closed_at) throw errors.conflict('roll_call_closed', '这次点名已经结束，不能再登记', 'This roll call has ended; no more checks');
      const item = await db.selectFrom('roll_call_items').select(['id', 'resident_id', 'grid_id', 'org_path', 'status', 'version']).where('id', '=', itemId).where('roll_call_id', '=', id).executeTakeFirst();
      const allowed = item && (household ? household.has(String(item.resident_id)) : deps.orgs.inScope(p.orgPath, String(item.org_path)));
      if (!item || !allowed) throw errors.notFound('点名对象', 'Roll-call entry');
      if (b.outcome === 'needs_help' && !b.need) throw errors.field('need', 'required', '请选择需要什么帮助', 'say what help is needed');
      if (b.outcome === 'helped') {
        if (item.status !== 'needs_help' && item.status !== 'helped') {
          throw errors.conflict('not_needs_help', '只有登记为“需要帮助”的对象才能登记“已帮扶”', 'Only someone recorded as needing help can be recorded as helped', [
            { path: 'outcome', code: 'not_needs_help', message: '该对象未登记需要帮助', messageEn: 'was not recorded as needing help' }]);
        }
        if (!b.note) throw errors.field('note', 'required', '请写明帮扶了什么', 'say what was done');
      }
      const now = clock.now();
      const notifyTo = b.outcome === 'needs_help' ? await adminsOf(String(item.org_path)) : [];
      const gridName = (await deps.orgs.names([String(item.grid_id)])).get(String(item.grid_id)) ?? '';
      return {
        item, now, notifyTo, gridName, call,
        async write(trx: Transaction<any>) {
          // Asked again inside the write: a check racing with 结束点名 does not land after it.
          const open = await trx.selectFrom('roll_calls').select('closed_at').where('id', '=', id).executeTakeFirst();
          if (open?.closed_at) throw errors.conflict('roll_call_closed', '这次点名已经结束，不能再登记', 'This roll call has ended; no more checks');
          // The need stays with a helped person (what was needed; the note says what was done).
          const set: Record<string, unknown> = {
            status: b.outcome, method: b.method, note: b.note || null, checked_by: p.id, checked_at: codec.ts(now), attempts: sql`attempts + 1`, version: b.version + 1,
          };
          if (b.outcome === 'needs_help') set.need = b.need;
          else if (b.outcome !== 'helped') set.need = null;
          const res = await trx.updateTable('roll_call_items').set(set).where('id', '=', itemId).where('version', '=', b.version).executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) {
            const cur = await trx.selectFrom('roll_call_items').select('version').where('id', '=', itemId).executeTakeFirst();
            throw errors.conflict('stale_version', '别人刚刚登记过这个对象，请刷新后再试', 'Someone has just recorded this person; reload and try again', [
              { path: 'version', code: 'stale', message: `当前版本为 ${cur?.version}`, messageEn: `current version is ${cur?.version}` }]);
          }
          if (notifyTo.length) {
            await deps.notifications.notify(trx, {
              recipientIds: notifyTo, kind: ROLL_CALL_KINDS.help, objectType: 'roll_call', objectId: id, at: now,
              payload: { title: String(call.title), grid: gridName, need: b.need ?? 'other' },
            });
          }
        },
        async view(trx: Transaction<any>): Promise<ItemView> {
          const r = await trx.selectFrom('roll_call_items as i').select(['i.id', 'i.resident_id', 'i.grid_id', 'i.status', 'i.need', 'i.method', 'i.note', 'i.attempts', 'i.checked_by', 'i.checked_at', 'i.version'])
            .where('i.id', '=', itemId).executeTakeFirstOrThrow();
          const people = await careSketchesIn(trx, [String(r.resident_id)]);
          return itemView(r, people.get(String(r.resident_id)), new Map([[String(item.grid_id), gridName]]), new Map([[p.id, p.displayName]]));
        },
      };
    },

    async close(p: Principal, id: string, version: number) {
      const call = await visibleOne(p, id);
      // Only those responsible for the whole area close it: a grid worker sees the community's roll call, not closes it.
      if (!deps.orgs.inScope(p.orgPath, String(call.org_path))) {
        throw new AppError(403, 'not_your_roll_call', '只有发起范围内的负责人可以结束这次点名', 'Only those responsible for the whole area can end this roll call');
      }
      if (call.closed_at) throw errors.conflict('roll_call_closed', '这次点名已经结束', 'This roll call has already ended');
      const now = clock.now();
      return {
        now,
        async write(trx: Transaction<any>) {
          const res = await trx.updateTable('roll_calls').set({ closed_at: codec.ts(now), closed_by: p.id, version: version + 1 })
            .where('id', '=', id).where('version', '=', version).where('closed_at', 'is', null).executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) {
            throw errors.conflict('stale_version', '这次点名刚刚被更新，请刷新后再试', 'This roll call has just changed; reload and try again', [
              { path: 'version', code: 'stale', message: `当前版本为 ${codec.readInt(call.version)}`, messageEn: `current version is ${codec.readInt(call.version)}` }]);
          }
        },
      };
    },

    /**
     * 报平安: the open roll calls that list the caller's household (a resident account), with each member's entry —
     * the caller's own first. Masked names; audited as the caller's read of their household's entries (or own record).
     */
    async mine(p: Principal, actor: AuditActor) {
      const members = await deps.householdOfAccount(p.id);
      if (members.length === 0) return [];
      const byId = new Map(members.map((m) => [m.id, m]));
      const rows = await db.selectFrom('roll_call_items as i').innerJoin('roll_calls as c', 'c.id', 'i.roll_call_id')
        .select(['i.id', 'i.roll_call_id', 'i.resident_id', 'i.status', 'i.need', 'i.method', 'i.checked_at', 'i.version', 'c.title', 'c.org_id', 'c.due_at', 'c.started_at'])
        .where('i.resident_id', 'in', [...byId.keys()]).where('c.closed_at', 'is', null)
        .orderBy('c.started_at', 'desc').orderBy('i.roll_call_id').execute();
      const orgNames = await deps.orgs.names([...new Set(rows.map((r) => String(r.org_id)))]);
      const items = rows.map((r) => {
        const m = byId.get(String(r.resident_id))!;
        return {
          id: String(r.id), rollCallId: String(r.roll_call_id), title: String(r.title), orgName: orgNames.get(String(r.org_id)) ?? '', dueAt: codec.readTs(r.due_at)!,
          residentId: m.id, self: m.self, nameMasked: maskName(m.name), status: r.status as RollCallStatus, need: (r.need as string | null) ?? null,
          method: (r.method as string | null) ?? null, checkedAt: codec.readTs(r.checked_at), version: codec.readInt(r.version),
        };
      }).sort((a, b) => (a.rollCallId === b.rollCallId ? Number(b.self) - Number(a.self) : 0));
      // Every answer that names someone is audited, the caller's own entry too (as reads of one's own record are).
      if (items.length) {
        const subjects = [...new Set(items.map((i) => i.residentId))];
        await deps.audit.record(actor, {
          action: 'list', objectType: 'roll_call_item', objectId: p.id, outcome: 'success', count: items.length,
          reason: items.some((i) => !i.self) ? 'own_household' : 'own_record', fields: ['nameMasked', 'rollCallStatus'], subjectIds: subjects,
        });
      }
      return items;
    },

    async householdOf(p: Principal): Promise<ReadonlySet<string>> {
      return new Set((await deps.householdOfAccount(p.id)).map((m) => m.id));
    },

    async viewOf(p: Principal, id: string) {
      const [v] = await views([await visibleOne(p, id)]);
      return v!;
    },

    /**
     * Housekeeping step: roll calls past their deadline with someone still not reached tell the starter and the area's
     * community admins, once (`overdue_notified_at`). Names no resident: the roll call, its area and the counts.
     */
    async notifyOverdue(at: Date): Promise<{ notified: number }> {
      const due = await db.selectFrom('roll_calls').select(['id', 'org_path', 'title', 'started_by', 'due_at'])
        .where('closed_at', 'is', null).where('overdue_notified_at', 'is', null).where('due_at', '<=', codec.ts(at)).execute();
      let notified = 0;
      for (const c of due) {
        const counts = (await countsOf([String(c.id)])).get(String(c.id))!;
        const missing = counts.pending + counts.unreachable;
        const to = missing ? [String(c.started_by), ...(await adminsOf(String(c.org_path)))] : [];
        await writes.run(async (trx) => {
          const res = await trx.updateTable('roll_calls').set({ overdue_notified_at: codec.ts(at) }).where('id', '=', c.id).where('overdue_notified_at', 'is', null).executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1 || !missing) return;
          await deps.notifications.notify(trx, {
            recipientIds: to, kind: ROLL_CALL_KINDS.overdue, objectType: 'roll_call', objectId: String(c.id), at,
            payload: { title: String(c.title), pending: String(counts.pending), unreachable: String(counts.unreachable) },
          });
          notified++;
        });
      }
      return { notified };
    },
  };

  /** careSketches through the write's own transaction (on SQLite the held connection is the transaction's). */
  function careSketchesIn(trx: Transaction<any>, ids: string[]) {
    return careSketches(trx as unknown as Kysely<any>, codec, ids);
  }

  function itemView(r: Record<string, unknown>, who: Awaited<ReturnType<typeof careSketches>> extends Map<string, infer S> ? S | undefined : never,
    grids: Map<string, string>, checkers: Map<string, string>): ItemView {
    const restricted = who?.restricted ?? false;
    return {
      id: String(r.id), residentId: String(r.resident_id), nameMasked: who ? maskName(who.name) : '', address: restricted || !who ? null : who.address,
      tags: restricted || !who ? [] : who.tags.filter((t) => (CARE_TAGS as readonly string[]).includes(t)), restricted,
      gridId: String(r.grid_id), gridName: grids.get(String(r.grid_id)) ?? '', status: r.status as RollCallStatus,
      need: (r.need as string | null) ?? null, method: (r.method as string | null) ?? null, note: (r.note as string | null) ?? null,
      attempts: codec.readInt(r.attempts), checkedAt: codec.readTs(r.checked_at), checkedBy: r.checked_by ? checkers.get(String(r.checked_by)) ?? '' : null,
      version: codec.readInt(r.version),
    };
  }
}
export type RollCalls = ReturnType<typeof createRollCalls>;

/** The roll-call module's part of erasing a whole resident record (ADR 0037): their items go. */
export async function eraseRollCallItemsOf(trx: Transaction<any>, residentId: string): Promise<Record<string, number>> {
  const res = await trx.deleteFrom('roll_call_items').where('resident_id', '=', residentId).executeTakeFirst();
  return { roll_call_items: Number(res.numDeletedRows) };
}

export function registerRollCallRoutes(app: FastifyInstance, deps: RollCallDeps & { rollCalls: RollCalls }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { rollCalls } = deps;

  /** A prepared check (a worker's or a resident's): written, audited as `roll_call_check` in the same commit, answered. */
  type PreparedCheck = Awaited<ReturnType<RollCalls['check']>>;
  const writeCheck = (req: FastifyRequest<{ Params: { itemId: string }; Body: { need?: string; note?: string } }>, reply: FastifyReply, c: PreparedCheck,
    answer: (v: ItemView) => object) =>
    deps.idempotentWrite(req, reply, async (trx) => {
      await c.write(trx);
      const fields = ['rollCallStatus', ...(req.body.need ? ['rollCallNeed'] : []), ...(req.body.note ? ['rollCallNote'] : [])];
      await deps.audit.append(trx, actorOf(req), {
        action: 'roll_call_check', objectType: 'roll_call_item', objectId: req.params.itemId, subjectId: String(c.item.resident_id), fields, outcome: 'success', purpose: PURPOSE,
      });
      return { status: 200, body: answer(await c.view(trx)) };
    });
  const idParam = z.strictObject({ id: z.string().min(1).max(64) });

  r.post('/api/roll-calls', {
    config: { access: 'roll-call:manage', idempotency: 'optional' },
    schema: {
      tags: ['care'], summary: '关爱点名: start a roll call of the residents of the caller’s area (or one grid of it) holding any of the care tags, with a deadline (ADR 0073)',
      body: z.strictObject({
        title: z.string().trim().min(1).max(60),
        tags: z.array(z.enum(CARE_TAGS)).min(1).max(CARE_TAGS.length),
        gridId: z.string().min(1).max(64).optional(),
        dueHours: z.number().int().min(1).max(72),
      }),
      response: { 201: RollCallSchema },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const s = await rollCalls.start(p, req.body);
    await deps.idempotentWrite(req, reply, async (trx) => {
      await s.write(trx);
      await deps.audit.append(trx, actorOf(req), {
        action: 'create', objectType: 'roll_call', objectId: s.id, fields: ['title', 'tags', 'dueAt'], outcome: 'success', count: s.targets.length, purpose: PURPOSE,
      });
      return { status: 201, body: s.view };
    });
  });

  r.get('/api/roll-calls', {
    config: { access: 'roll-call:read' },
    schema: {
      tags: ['care'], summary: 'Roll calls of the caller’s area (below and above it), newest first, with counts per state — no names (not audited)',
      querystring: z.strictObject({
        status: z.enum(['open', 'closed']).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
  }, async (req) => rollCalls.list(principalOf(req), req.query));

  r.get('/api/roll-calls/:id', {
    config: { access: 'roll-call:read' },
    schema: { tags: ['care'], summary: 'One roll call with counts per grid and state — no names (not audited)', params: idParam },
  }, async (req) => rollCalls.get(principalOf(req), req.params.id));

  r.get('/api/roll-calls/:id/items', {
    config: { access: 'roll-call:check' },
    schema: {
      tags: ['care'], summary: 'The people of a roll call inside the caller’s area: masked name, address, care tags, state and last check; not reached first. Audited',
      params: idParam,
      querystring: z.strictObject({
        gridId: z.string().min(1).max(64).optional(),
        status: z.enum(ROLL_CALL_STATUSES).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
  }, async (req) => rollCalls.items(principalOf(req), actorOf(req), req.params.id, req.query));

  r.post('/api/roll-calls/:id/items/:itemId/check', {
    config: { access: 'roll-call:check', idempotency: 'optional' },
    schema: {
      tags: ['care'], summary: 'Record a check of one person: safe, needs help (what), unreachable, or helped (what was done); version-checked',
      params: z.strictObject({ id: z.string().min(1).max(64), itemId: z.string().min(1).max(64) }),
      body: z.strictObject({
        outcome: z.enum(ROLL_CALL_OUTCOMES), method: z.enum(ROLL_CALL_METHODS), need: z.enum(ROLL_CALL_NEEDS).optional(), note: note.optional(),
        version: z.number().int().min(1),
      }),
      response: { 200: ItemSchema },
    },
  }, async (req, reply) => {
    const c = await rollCalls.check(principalOf(req), req.params.id, req.params.itemId, req.body);
    await writeCheck(req, reply, c, (v) => v);
  });

  // 报平安 (ADR 0073): a resident answers a roll call for themselves and their household, in one tap.
  const MineSchema = z.object({ items: z.array(z.object({
    id: z.string(), rollCallId: z.string(), title: z.string(), orgName: z.string(), dueAt: z.string(), residentId: z.string(), self: z.boolean(),
    nameMasked: z.string(), status: z.enum(ROLL_CALL_STATUSES), need: z.string().nullable(), method: z.string().nullable(), checkedAt: z.string().nullable(), version: z.number(),
  })) });

  r.get('/api/me/roll-calls', {
    config: { access: 'self:roll_call' },
    schema: {
      tags: ['care'], summary: '报平安: the open roll calls that list the caller’s household, each member’s entry (the caller’s own first); audited (own_record when only the caller’s own)',
      response: { 200: MineSchema },
    },
  }, async (req) => ({ items: await rollCalls.mine(principalOf(req), actorOf(req)) }));

  r.post('/api/me/roll-calls/:id/items/:itemId', {
    config: { access: 'self:roll_call', idempotency: 'optional' },
    schema: {
      tags: ['care'], summary: '报平安: answer a roll call for oneself or a member of one’s household — safe, or needs help (what); version-checked',
      params: z.strictObject({ id: z.string().min(1).max(64), itemId: z.string().min(1).max(64) }),
      body: z.strictObject({ outcome: z.enum(SELF_OUTCOMES), need: z.enum(ROLL_CALL_NEEDS).optional(), note: note.optional(), version: z.number().int().min(1) }),
      response: { 200: ItemSchema.pick({ id: true, residentId: true, status: true, need: true, method: true, checkedAt: true, version: true }) },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const c = await rollCalls.check(p, req.params.id, req.params.itemId, { ...req.body, method: 'self' }, await rollCalls.householdOf(p));
    // The resident's answer shows them their entry's state, not the worker's view of it (address, tags, who checked).
    await writeCheck(req, reply, c, (v) => ({ id: v.id, residentId: v.residentId, status: v.status, need: v.need, method: v.method, checkedAt: v.checkedAt, version: v.version }));
  });

  r.post('/api/roll-calls/:id/close', {
    config: { access: 'roll-call:manage' },
    schema: {
      tags: ['care'], summary: 'End a roll call (those not reached stay on it as not reached); version-checked',
      params: idParam, body: z.strictObject({ version: z.number().int().min(1) }), response: { 200: RollCallSchema },
    },
  }, async (req) => {
    const p = principalOf(req);
    const c = await rollCalls.close(p, req.params.id, req.body.version);
    await deps.platform.database.writes.run(async (trx) => {
      await c.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'close', objectType: 'roll_call', objectId: req.params.id, fields: ['closedAt'], outcome: 'success' });
    });
    return rollCalls.viewOf(p, req.params.id);
  });
}
