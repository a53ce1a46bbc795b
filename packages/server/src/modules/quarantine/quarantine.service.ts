import { maskName } from '@renxing/shared';
import { type Kysely, type Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';
import { addDays, ymdOf } from '../privacy';
import { personSketches, RESTRICTED_ID, type PersonSketch } from '../registry';

/** 居家隔离 (ADR 0080). */
export const QUARANTINE_POLICIES = [
  { code: 'home14', kind: 'home_quarantine', nameZh: '居家隔离14天', nameEn: '14-day home quarantine', days: 14, samplingDays: [1, 4, 7, 10, 14], checksPerDay: 2 },
  { code: 'home7', kind: 'home_quarantine', nameZh: '居家隔离7天', nameEn: '7-day home quarantine', days: 7, samplingDays: [1, 4, 7], checksPerDay: 2 },
  { code: 'monitor7', kind: 'health_monitoring', nameZh: '居家健康监测7天', nameEn: '7-day home health monitoring', days: 7, samplingDays: [1, 3, 7], checksPerDay: 1 },
] as const;
export type PolicyCode = (typeof QUARANTINE_POLICIES)[number]['code'];
export const POLICY_CODES = QUARANTINE_POLICIES.map((p) => p.code) as unknown as readonly [PolicyCode, ...PolicyCode[]];
export const QUARANTINE_REASONS = ['close_contact', 'secondary_contact', 'risk_area_return', 'inbound', 'other'] as const;
export const ORDER_STATUSES = ['pending', 'active', 'released', 'cancelled'] as const;
export const NEED_KINDS = ['groceries', 'medicine', 'medical', 'counselling', 'garbage', 'other'] as const;
export const NEED_STATUSES = ['open', 'taken', 'done'] as const;
export const SENSOR_RE = /^[A-Za-z0-9_-]{4,40}$/;
export const QUARANTINE_KINDS = { pending: 'quarantine_pending', fever: 'quarantine_fever', door: 'quarantine_door_open', need: 'quarantine_need' } as const;
export type Slot = 'am' | 'pm';
const FEVER = 37.3;
const DOOR_QUIET_MS = 30 * 60_000;
const PURPOSE = 'epidemic.followup';

export type QuarantineDeps = {
  platform: Platform; audit: AuditService; orgs: OrgsService;
  accounts: Pick<AuthService, 'userLabels' | 'activeUserIds'>; notifications: Pick<NotificationsService, 'notify'>;
  /** The resident record linked to a resident account, or null. */
  residentOfAccount: (userId: string) => Promise<{ id: string; orgPath: string } | null>;
};

const dayMs = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`);
/** Day N of an order on `today` (1-based), or null before its start or after its end. */
export function dayOf(startDate: string, endDate: string, today: string): number | null {
  if (today < startDate || today > endDate) return null;
  return Math.round((dayMs(today) - dayMs(startDate)) / 86_400_000) + 1;
}
/** The check slot of an instant (Shanghai): before 12:00 `am`, after `pm`; with one check a day always `am`. */
export function slotAt(at: Date, checksPerDay: number): Slot {
  if (checksPerDay === 1) return 'am';
  const h = (at.getUTCHours() + 8) % 24;
  return h < 12 ? 'am' : 'pm';
}
/** The slots due so far on a day: with two checks, `pm` only from 12:00 (Shanghai). */
export function slotsDue(at: Date, checksPerDay: number): Slot[] {
  return checksPerDay === 1 ? ['am'] : slotAt(at, 2) === 'am' ? ['am'] : ['am', 'pm'];
}

/** An order's kind and reason as the gates and the health-code mirror read it (ADR 0081/0082). */
export type ActiveOrder = { kind: 'home_quarantine' | 'health_monitoring'; reason: string; endDate: string };

/** The orders in force on `day` of these residents: the service's activeOrdersOf for a given day (the demo seeds read it). */
export async function activeOrdersOn(db: Kysely<any>, residentIds: readonly string[], day: string): Promise<Map<string, ActiveOrder>> {
  const rows = await inChunks(residentIds, (part) => db.selectFrom('quarantine_orders').select(['resident_id', 'kind', 'reason', 'end_date'])
    .where('resident_id', 'in', part).where('status', '=', 'active').where('start_date', '<=', day).where('end_date', '>=', day).execute());
  return new Map(rows.map((r) => [String(r.resident_id), {
    kind: String(r.kind) as ActiveOrder['kind'], reason: String(r.reason), endDate: String(r.end_date),
  }]));
}

/** Residents of an area with an order in force on `day`, oldest order first: the service's activeUnder for a given day. */
export async function activeUnderOn(db: Kysely<any>, areaPath: string, day: string): Promise<string[]> {
  const rows = await db.selectFrom('quarantine_orders').select('resident_id').where('org_path', 'like', `${areaPath}%`).where('status', '=', 'active')
    .where('start_date', '<=', day).where('end_date', '>=', day).orderBy('id').execute();
  return rows.map((r) => String(r.resident_id));
}

export function createQuarantine(deps: QuarantineDeps) {
  const { database, clock } = deps.platform;
  const { db, codec, writes } = database;
  const now = () => clock.now();
  const today = () => ymdOf(now());

  const stale = (v: unknown) => errors.stale(codec.readInt(v));
  const policyOf = (code: string) => QUARANTINE_POLICIES.find((p) => p.code === code)!;

  async function visibleOrder(p: Principal, id: string, exec: any = db): Promise<Record<string, unknown>> {
    const r = await exec.selectFrom('quarantine_orders').selectAll().where('id', '=', id).executeTakeFirst();
    // An order is seen inside the caller's area: its grid, its community, and the offices above (the approvers).
    if (!r || !String(r.org_path).startsWith(p.orgPath)) throw errors.notFound('隔离记录', 'Quarantine order');
    return r as Record<string, unknown>;
  }
  /**
   * An order of the caller's own community (release, cancel, sensor, checks, needs), else 404. Inside a write's
   * transaction pass `trx` and the caller's community read before it (SQLite holds its one connection in the transaction).
   */
  async function ownOrder(p: Principal, id: string, exec: any = db, communityId?: string) {
    const r = await visibleOrder(p, id, exec);
    const c = communityId ?? (await deps.orgs.ownCommunity(p.orgPath)).id;
    if (String(r.community_id) !== c) throw errors.notFound('隔离记录', 'Quarantine order');
    return r;
  }

  async function orderViews(rows: Array<Record<string, unknown>>, sketches?: Map<string, PersonSketch>) {
    const sk = sketches ?? await personSketches(db, codec, [...new Set(rows.map((r) => String(r.resident_id)))]);
    const [grids, users] = await Promise.all([
      deps.orgs.names([...new Set(rows.map((r) => String(r.grid_id)))]),
      deps.accounts.userLabels([...new Set(rows.flatMap((r) => [r.proposed_by, r.decided_by].filter((x): x is string => !!x)))]),
    ]);
    const d = today();
    return rows.map((r) => {
      const s = sk.get(String(r.resident_id));
      const pol = policyOf(String(r.policy_code));
      return {
        id: String(r.id), residentId: String(r.resident_id), nameMasked: s ? maskName(s.name) : '', idMasked: s && !s.restricted ? s.idMasked : RESTRICTED_ID,
        address: s && !s.restricted ? s.address : null, gridName: grids.get(String(r.grid_id)) ?? '', kind: String(r.kind) as 'home_quarantine' | 'health_monitoring',
        policyCode: String(r.policy_code), policyName: pol?.nameZh ?? String(r.policy_code), reason: String(r.reason), note: (r.note as string | null) ?? null,
        startDate: String(r.start_date), endDate: String(r.end_date), day: r.status === 'active' ? dayOf(String(r.start_date), String(r.end_date), d) : null,
        days: codec.readInt(r.days), samplingDays: codec.readJson<number[]>(r.sampling_days) ?? [], checksPerDay: codec.readInt(r.checks_per_day),
        sensorId: (r.sensor_id as string | null) ?? null, status: String(r.status) as (typeof ORDER_STATUSES)[number],
        proposedBy: users.get(String(r.proposed_by)) ?? '', proposedAt: codec.readTs(r.proposed_at)!, decidedBy: r.decided_by ? users.get(String(r.decided_by)) ?? '' : null,
        decidedAt: codec.readTs(r.decided_at), decisionNote: (r.decision_note as string | null) ?? null, releasedAt: codec.readTs(r.released_at),
        certificateNo: (r.certificate_no as string | null) ?? null, cancelReason: (r.cancel_reason as string | null) ?? null, version: codec.readInt(r.version),
      };
    });
  }

  function checkViews(rows: Array<Record<string, unknown>>, users: Map<string, string>) {
    return rows.map((c) => ({
      id: String(c.id), date: String(c.check_date), slot: String(c.slot) as Slot, temperature: Number(c.temperature), symptoms: codec.readJson<string[]>(c.symptoms) ?? [],
      note: (c.note as string | null) ?? null, fever: codec.readBool(c.fever), by: codec.readBool(c.by_self) ? ('self' as const) : users.get(String(c.checked_by)) ?? '',
      at: codec.readTs(c.checked_at)!,
    }));
  }

  async function needViews(rows: Array<Record<string, unknown>>, withPerson: boolean) {
    const orders = await inChunks([...new Set(rows.map((r) => String(r.order_id)))], (part) => db.selectFrom('quarantine_orders').select(['id', 'resident_id', 'grid_id']).where('id', 'in', part).execute());
    const orderOf = new Map(orders.map((o) => [String(o.id), o]));
    const [sk, grids, users] = await Promise.all([
      withPerson ? personSketches(db, codec, [...new Set(orders.map((o) => String(o.resident_id)))]) : Promise.resolve(new Map<string, PersonSketch>()),
      deps.orgs.names([...new Set(orders.map((o) => String(o.grid_id)))]),
      deps.accounts.userLabels([...new Set(rows.flatMap((r) => [codec.readBool(r.by_self) ? null : String(r.created_by), r.taken_by as string | null]).filter((x): x is string => !!x))]),
    ]);
    return rows.map((r) => {
      const o = orderOf.get(String(r.order_id));
      const s = o ? sk.get(String(o.resident_id)) : undefined;
      return {
        id: String(r.id), orderId: String(r.order_id), residentId: o ? String(o.resident_id) : '', nameMasked: s ? maskName(s.name) : '',
        address: s && !s.restricted ? s.address : null, gridName: o ? grids.get(String(o.grid_id)) ?? '' : '', kind: String(r.kind), detail: String(r.detail),
        status: String(r.status) as (typeof NEED_STATUSES)[number], createdAt: codec.readTs(r.created_at)!,
        by: codec.readBool(r.by_self) ? ('self' as const) : users.get(String(r.created_by)) ?? '', takenBy: r.taken_by ? users.get(String(r.taken_by)) ?? '' : null,
        doneNote: (r.done_note as string | null) ?? null, version: codec.readInt(r.version),
      };
    });
  }

  // Recipients are read before a write's transaction (SQLite holds its one connection in it).
  const staffOf = deps.accounts.activeUserIds;
  /** Approvers of a community: street staff of its street and district staff of its district. */
  async function approversOf(communityPath: string): Promise<string[]> {
    const up = await deps.orgs.ancestors(communityPath);
    const street = up.filter((o) => o.level === 'street').map((o) => o.id);
    const district = up.filter((o) => o.level === 'district').map((o) => o.id);
    return [...await staffOf(['street_staff'], street), ...await staffOf(['district_staff'], district)];
  }

  async function addCheck(order: Record<string, unknown>, by: { userId: string; self: boolean }, b: { temperature: number; symptoms: string[]; note?: string; slot?: Slot }) {
    if (order.status !== 'active') throw errors.conflict('not_active', '这条隔离记录不在隔离中，不能录入体温', 'This order is not active; no check can be recorded');
    const at = now();
    const date = ymdOf(at);
    if (dayOf(String(order.start_date), String(order.end_date), date) === null) {
      throw errors.conflict('not_in_period', '今天不在隔离期内', 'Today is outside the order’s period');
    }
    const perDay = codec.readInt(order.checks_per_day);
    const slot = b.slot ?? slotAt(at, perDay);
    if (perDay === 1 && slot === 'pm') throw errors.field('slot', 'one_check_a_day', '健康监测每天测一次（上午）', 'health monitoring takes one check a day (am)');
    const fever = b.temperature >= FEVER || b.symptoms.length > 0;
    const id = uuidv7();
    const recipients = fever ? await staffOf(['doctor', 'community_admin'], [String(order.community_id)]) : [];
    return {
      id,
      write: async (trx: Transaction<any>) => {
        const dup = await trx.selectFrom('quarantine_checks').select('id').where('order_id', '=', String(order.id)).where('check_date', '=', date).where('slot', '=', slot).executeTakeFirst();
        if (dup) throw errors.conflict('already_checked', slot === 'am' ? '今天上午的体温已经录入过了' : '今天下午的体温已经录入过了', `The ${slot} check of today is already recorded`);
        await trx.insertInto('quarantine_checks').values({
          id, order_id: String(order.id), org_path: String(order.org_path), check_date: date, slot, temperature: b.temperature, symptoms: JSON.stringify(b.symptoms),
          fever: codec.bool(fever), note: b.note || null, checked_by: by.userId, by_self: codec.bool(by.self), checked_at: codec.ts(at),
        }).execute();
        if (fever) {
          await deps.notifications.notify(trx, {
            recipientIds: recipients, kind: QUARANTINE_KINDS.fever, objectType: 'quarantine_order', objectId: String(order.id),
            payload: { orderId: String(order.id), temperature: b.temperature.toFixed(1) }, at,
          });
        }
        return {
          id, date, slot, temperature: b.temperature, symptoms: b.symptoms, note: b.note || null, fever, by: by.self ? ('self' as const) : '', at: at.toISOString(),
        };
      },
    };
  }

  async function addNeed(order: Record<string, unknown>, by: { userId: string; self: boolean }, b: { kind: string; detail: string }) {
    if (order.status !== 'active' && order.status !== 'pending') throw errors.conflict('not_active', '这条隔离记录已结束', 'This order has ended');
    const id = uuidv7();
    const at = now();
    const [volunteers, workers] = await Promise.all([
      staffOf(['volunteer', 'community_admin'], [String(order.community_id)]), staffOf(['grid_worker', 'volunteer'], [String(order.grid_id)]),
    ]);
    await writes.run(async (trx) => {
      await trx.insertInto('quarantine_needs').values({
        id, order_id: String(order.id), org_path: String(order.org_path), kind: b.kind, detail: b.detail, status: 'open', created_by: by.userId, by_self: codec.bool(by.self),
        created_at: codec.ts(at), taken_by: null, taken_at: null, done_note: null, done_at: null, version: 1,
      }).execute();
      await deps.notifications.notify(trx, {
        recipientIds: [...volunteers, ...workers], kind: QUARANTINE_KINDS.need, objectType: 'quarantine_need', objectId: id,
        payload: { orderId: String(order.id), needId: id, kind: b.kind }, at,
      });
    });
    return id;
  }

  return {
    policies() {
      return { items: QUARANTINE_POLICIES.map((p) => ({ ...p, samplingDays: [...p.samplingDays] })) };
    },

    async orders(p: Principal, actor: AuditActor, q: { status?: (typeof ORDER_STATUSES)[number]; q?: string; page: number; pageSize: number }) {
      let base = db.selectFrom('quarantine_orders').where('org_path', 'like', `${p.orgPath}%`);
      if (q.status) base = base.where('status', '=', q.status);
      const ordered = base.selectAll().orderBy('proposed_at', 'desc').orderBy('id', 'desc');
      let page: Array<Record<string, unknown>>;
      let total: number;
      let sketches: Map<string, PersonSketch> | undefined;
      if (q.q) {
        // Search by name among the (few) orders of the area: the names are the registry's, read for these orders only.
        const rows = await ordered.execute() as Array<Record<string, unknown>>;
        sketches = await personSketches(db, codec, [...new Set(rows.map((r) => String(r.resident_id)))]);
        const term = q.q.trim();
        const hits = rows.filter((r) => sketches!.get(String(r.resident_id))?.name.includes(term));
        [page, total] = [hits.slice((q.page - 1) * q.pageSize, q.page * q.pageSize), hits.length];
      } else {
        const [rows, n] = await Promise.all([
          ordered.limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(), base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
        ]);
        [page, total] = [rows as Array<Record<string, unknown>>, codec.readInt(n?.n)];
      }
      const items = await orderViews(page, sketches);
      if (items.length) {
        await deps.audit.record(actor, {
          action: 'list', objectType: 'quarantine_order', outcome: 'success', purpose: PURPOSE, count: items.length, fields: ['nameMasked', 'idMasked', 'address', 'quarantine'],
          subjectIds: items.map((i) => i.residentId), ...(q.q ? { reason: 'search' } : {}),
        });
      }
      return { items, total, page: q.page, pageSize: q.pageSize };
    },

    async order(p: Principal, actor: AuditActor, id: string) {
      const r = await visibleOrder(p, id);
      const [view] = await orderViews([r]);
      const [checks, needs, doors] = await Promise.all([
        db.selectFrom('quarantine_checks').selectAll().where('order_id', '=', id).orderBy('check_date', 'desc').orderBy('slot', 'desc').execute(),
        db.selectFrom('quarantine_needs').selectAll().where('order_id', '=', id).orderBy('created_at', 'desc').execute(),
        db.selectFrom('quarantine_door_events').select(['at', 'event']).where('order_id', '=', id).orderBy('at', 'desc').limit(50).execute(),
      ]);
      const users = await deps.accounts.userLabels([...new Set(checks.map((c) => String(c.checked_by)))]);
      await deps.audit.record(actor, {
        action: 'read', objectType: 'quarantine_order', objectId: id, subjectId: view!.residentId, outcome: 'success', purpose: PURPOSE, fields: ['nameMasked', 'idMasked', 'address', 'quarantine', 'checks'],
      });
      return {
        ...view!, checks: checkViews(checks, users), needs: await needViews(needs, false),
        doorEvents: doors.map((d) => ({ at: codec.readTs(d.at)!, event: String(d.event) as 'open' | 'close' })),
      };
    },

    async propose(p: Principal, actor: AuditActor, b: { residentId: string; policyCode: PolicyCode; reason: string; note?: string; startDate: string; sensorId?: string }) {
      const c = await deps.orgs.ownCommunity(p.orgPath);
      const s = (await personSketches(db, codec, [b.residentId])).get(b.residentId);
      if (!s || !s.orgPath.startsWith(c.path) || !s.orgPath.startsWith(p.orgPath)) throw errors.field('residentId', 'not_found', '本社区没有这位居民', 'no such resident in your community');
      if (s.status !== 'active') throw errors.field('residentId', 'not_active', '这位居民已迁出或去世', 'this resident has moved out or died');
      const d = today();
      if (b.startDate < addDays(d, -7) || b.startDate > addDays(d, 3)) {
        throw errors.field('startDate', 'out_of_range', '开始日期应在 7 天前到 3 天后之间', 'the start date must lie between 7 days ago and 3 days ahead');
      }
      const pol = policyOf(b.policyCode);
      const id = uuidv7();
      const approvers = await approversOf(c.path);
      await writes.run(async (trx) => {
        const open = await trx.selectFrom('quarantine_orders').select('id').where('resident_id', '=', b.residentId).where('status', 'in', ['pending', 'active']).executeTakeFirst();
        if (open) throw errors.conflict('already_ordered', '这位居民已有未结束的隔离记录', 'This resident already has an order that has not ended');
        if (b.sensorId) await assertSensorFree(trx, b.sensorId, null);
        await trx.insertInto('quarantine_orders').values({
          id, resident_id: b.residentId, community_id: c.id, grid_id: s.gridId, org_path: s.orgPath, kind: pol.kind, policy_code: pol.code, days: pol.days,
          sampling_days: JSON.stringify(pol.samplingDays), checks_per_day: pol.checksPerDay, reason: b.reason, note: b.note || null, start_date: b.startDate,
          end_date: addDays(b.startDate, pol.days - 1), sensor_id: b.sensorId ?? null, status: 'pending', proposed_by: p.id, proposed_at: codec.ts(now()),
          decided_by: null, decided_at: null, decision_note: null, released_by: null, released_at: null, certificate_no: null, cancel_reason: null, door_notified_at: null, version: 1,
        }).execute();
        await deps.notifications.notify(trx, { recipientIds: approvers, kind: QUARANTINE_KINDS.pending, objectType: 'quarantine_order', objectId: id, payload: { orderId: id }, at: now() });
        await deps.audit.append(trx, actor, {
          action: 'create', objectType: 'quarantine_order', objectId: id, subjectId: b.residentId, outcome: 'success', purpose: PURPOSE,
          fields: ['policyCode', 'reason', 'startDate', ...(b.note ? ['note'] : []), ...(b.sensorId ? ['sensorId'] : [])],
        });
      });
      return (await orderViews([await visibleOrder(p, id)]))[0]!;
    },

    /** Approval by an office above the order's community (street or district staff). */
    async decide(p: Principal, actor: AuditActor, id: string, b: { decision: 'approve' | 'reject'; note?: string; version: number }) {
      if (b.decision === 'reject' && !b.note?.trim()) throw errors.field('note', 'required', '驳回时请写明理由', 'give the reason for a rejection');
      await writes.run(async (trx) => {
        const r = await visibleOrder(p, id, trx);
        if (r.status !== 'pending') throw errors.conflict('not_pending', '这条隔离记录已经审批过了', 'This order has already been decided');
        if (codec.readInt(r.version) !== b.version) throw stale(r.version);
        await trx.updateTable('quarantine_orders').set({
          status: b.decision === 'approve' ? 'active' : 'cancelled', decided_by: p.id, decided_at: codec.ts(now()), decision_note: b.note || null,
          ...(b.decision === 'reject' ? { cancel_reason: b.note } : {}), version: b.version + 1,
        }).where('id', '=', id).execute();
        await deps.audit.append(trx, actor, {
          action: b.decision === 'approve' ? 'approve' : 'reject', objectType: 'quarantine_order', objectId: id, subjectId: String(r.resident_id), outcome: 'success', purpose: PURPOSE,
          ...(b.note ? { fields: ['decisionNote'] } : {}),
        });
      });
      return (await orderViews([await visibleOrder(p, id)]))[0]!;
    },

    async release(p: Principal, actor: AuditActor, id: string, version: number) {
      const own = (await deps.orgs.ownCommunity(p.orgPath)).id;
      await writes.run(async (trx) => {
        const r = await ownOrder(p, id, trx, own);
        if (r.status !== 'active') throw errors.conflict('not_active', '只有隔离中的记录可以解除', 'Only an active order can be released');
        if (today() < String(r.end_date)) {
          throw errors.conflict('too_early', `隔离期到 ${String(r.end_date)} 结束，到期后才能解除`, `The order runs until ${String(r.end_date)}; it can be released from that day`);
        }
        if (codec.readInt(r.version) !== version) throw stale(r.version);
        const no = `JC-${today().replaceAll('-', '')}-${id.replaceAll('-', '').slice(-6).toUpperCase()}`;
        await trx.updateTable('quarantine_orders').set({ status: 'released', released_by: p.id, released_at: codec.ts(now()), certificate_no: no, version: version + 1 })
          .where('id', '=', id).execute();
        await deps.audit.append(trx, actor, { action: 'release', objectType: 'quarantine_order', objectId: id, subjectId: String(r.resident_id), outcome: 'success', purpose: PURPOSE });
      });
      return (await orderViews([await visibleOrder(p, id)]))[0]!;
    },

    async cancel(p: Principal, actor: AuditActor, id: string, b: { reason: string; version: number }) {
      const own = (await deps.orgs.ownCommunity(p.orgPath)).id;
      await writes.run(async (trx) => {
        const r = await ownOrder(p, id, trx, own);
        if (r.status !== 'pending' && r.status !== 'active') throw errors.conflict('not_active', '这条隔离记录已经结束', 'This order has already ended');
        if (codec.readInt(r.version) !== b.version) throw stale(r.version);
        await trx.updateTable('quarantine_orders').set({ status: 'cancelled', cancel_reason: b.reason, version: b.version + 1 }).where('id', '=', id).execute();
        await deps.audit.append(trx, actor, { action: 'cancel', objectType: 'quarantine_order', objectId: id, subjectId: String(r.resident_id), outcome: 'success', purpose: PURPOSE, fields: ['cancelReason'] });
      });
      return (await orderViews([await visibleOrder(p, id)]))[0]!;
    },

    async setSensor(p: Principal, actor: AuditActor, id: string, b: { sensorId: string | null; version: number }) {
      const own = (await deps.orgs.ownCommunity(p.orgPath)).id;
      await writes.run(async (trx) => {
        const r = await ownOrder(p, id, trx, own);
        if (r.status !== 'pending' && r.status !== 'active') throw errors.conflict('not_active', '这条隔离记录已经结束', 'This order has already ended');
        if (codec.readInt(r.version) !== b.version) throw stale(r.version);
        if (b.sensorId) await assertSensorFree(trx, b.sensorId, id);
        await trx.updateTable('quarantine_orders').set({ sensor_id: b.sensorId, version: b.version + 1 }).where('id', '=', id).execute();
        await deps.audit.append(trx, actor, { action: 'update', objectType: 'quarantine_order', objectId: id, outcome: 'success', fields: ['sensorId'] });
      });
      return (await orderViews([await visibleOrder(p, id)]))[0]!;
    },

    async staffCheck(p: Principal, id: string, b: { temperature: number; symptoms: string[]; note?: string; slot?: Slot }) {
      const r = await ownOrder(p, id);
      return { residentId: String(r.resident_id), ...(await addCheck(r, { userId: p.id, self: false }, b)) };
    },

    async staffNeed(p: Principal, actor: AuditActor, id: string, b: { kind: string; detail: string }) {
      const r = await ownOrder(p, id);
      const needId = await addNeed(r, { userId: p.id, self: false }, b);
      await deps.audit.record(actor, { action: 'create', objectType: 'quarantine_need', objectId: needId, subjectId: String(r.resident_id), outcome: 'success', fields: ['kind', 'detail'] });
      return (await needViews([await db.selectFrom('quarantine_needs').selectAll().where('id', '=', needId).executeTakeFirstOrThrow()], false))[0]!;
    },

    async board(p: Principal, actor: AuditActor) {
      const at = now();
      const d = ymdOf(at);
      const area = `${p.orgPath}%`;
      const [active, pending] = await Promise.all([
        db.selectFrom('quarantine_orders').selectAll().where('org_path', 'like', area).where('status', '=', 'active').orderBy('end_date').orderBy('id').execute(),
        db.selectFrom('quarantine_orders').select((eb) => eb.fn.countAll().as('n')).where('org_path', 'like', area).where('status', '=', 'pending').executeTakeFirst(),
      ]);
      const ids = active.map((o) => String(o.id));
      const [checks, needs, doors, sk] = await Promise.all([
        inChunks(ids, (part) => db.selectFrom('quarantine_checks').select(['order_id', 'slot']).where('order_id', 'in', part).where('check_date', '=', d).execute()),
        inChunks(ids, (part) => db.selectFrom('quarantine_needs').select(['order_id', (eb) => eb.fn.countAll().as('n')]).where('order_id', 'in', part).where('status', '!=', 'done').groupBy('order_id').execute()),
        inChunks(ids, (part) => db.selectFrom('quarantine_door_events').select(['order_id', (eb) => eb.fn.max('at').as('at')]).where('order_id', 'in', part).where('event', '=', 'open').groupBy('order_id').execute()),
        personSketches(db, codec, [...new Set(active.map((o) => String(o.resident_id)))]),
      ]);
      const grids = await deps.orgs.names([...new Set(active.map((o) => String(o.grid_id)))]);
      const done = new Map<string, Slot[]>();
      for (const c of checks) done.set(String(c.order_id), [...(done.get(String(c.order_id)) ?? []), String(c.slot) as Slot]);
      const needsOf = new Map(needs.map((n) => [String(n.order_id), codec.readInt(n.n)]));
      const doorOf = new Map(doors.map((x) => [String(x.order_id), codec.readTs(x.at)]));
      const items = active.map((o) => {
        const s = sk.get(String(o.resident_id));
        const day = dayOf(String(o.start_date), String(o.end_date), d);
        const perDay = codec.readInt(o.checks_per_day);
        const sampling = codec.readJson<number[]>(o.sampling_days) ?? [];
        return {
          id: String(o.id), residentId: String(o.resident_id), nameMasked: s ? maskName(s.name) : '', address: s && !s.restricted ? s.address : null,
          gridName: grids.get(String(o.grid_id)) ?? '', day, days: codec.readInt(o.days), endDate: String(o.end_date), policyName: policyOf(String(o.policy_code))?.nameZh ?? '',
          checksDue: day === null ? [] : slotsDue(at, perDay), checksDone: (done.get(String(o.id)) ?? []).sort(), samplingToday: day !== null && sampling.includes(day),
          openNeeds: needsOf.get(String(o.id)) ?? 0, lastDoorOpenAt: doorOf.get(String(o.id)) ?? null,
        };
      });
      const counts = {
        active: items.length, pending: codec.readInt(pending?.n),
        checksMissing: items.filter((i) => i.checksDue.some((s) => !i.checksDone.includes(s))).length,
        samplingToday: items.filter((i) => i.samplingToday).length, endingToday: items.filter((i) => i.endDate === d).length,
      };
      if (items.length) {
        await deps.audit.record(actor, {
          action: 'list', objectType: 'quarantine_board', outcome: 'success', purpose: PURPOSE, count: items.length, fields: ['nameMasked', 'address', 'quarantine'],
          subjectIds: items.map((i) => i.residentId),
        });
      }
      return { date: d, counts, items: items.map(({ residentId: _r, ...rest }) => rest) };
    },

    async needs(p: Principal, actor: AuditActor, q: { status?: (typeof NEED_STATUSES)[number]; page: number; pageSize: number }) {
      let base = db.selectFrom('quarantine_needs as n').where('n.org_path', 'like', `${await needsArea(p)}%`);
      if (q.status) base = base.where('n.status', '=', q.status);
      const [rows, total] = await Promise.all([
        base.selectAll('n').orderBy((eb) => eb.case().when('n.status', '=', 'open').then(0).when('n.status', '=', 'taken').then(1).else(2).end()).orderBy('n.created_at')
          .orderBy('n.id').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
        base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
      ]);
      const items = await needViews(rows, true);
      if (items.length) {
        await deps.audit.record(actor, {
          action: 'list', objectType: 'quarantine_need', outcome: 'success', purpose: 'service.assistance', count: items.length, fields: ['nameMasked', 'address', 'need'],
          subjectIds: [...new Set(items.map((i) => i.residentId))],
        });
      }
      return { items: items.map(({ residentId: _r, ...rest }) => rest), total: codec.readInt(total?.n), page: q.page, pageSize: q.pageSize };
    },

    async moveNeed(p: Principal, actor: AuditActor, id: string, to: 'taken' | 'done', b: { note?: string; version: number }) {
      const area = await needsArea(p);
      await writes.run(async (trx) => {
        const n = await trx.selectFrom('quarantine_needs').selectAll().where('id', '=', id).executeTakeFirst();
        if (!n || !String(n.org_path).startsWith(area)) throw errors.notFound('隔离需求', 'Need');
        if (to === 'taken' && n.status !== 'open') throw errors.conflict('not_open', '这条需求已经有人在办了', 'Someone is already handling this need');
        if (to === 'done' && n.status === 'done') throw errors.conflict('already_done', '这条需求已经办结', 'This need is already done');
        if (codec.readInt(n.version) !== b.version) throw stale(n.version);
        await trx.updateTable('quarantine_needs').set(to === 'taken'
          ? { status: 'taken', taken_by: p.id, taken_at: codec.ts(now()), version: b.version + 1 }
          : { status: 'done', done_note: b.note ?? '', done_at: codec.ts(now()), ...(n.taken_by ? {} : { taken_by: p.id, taken_at: codec.ts(now()) }), version: b.version + 1 })
          .where('id', '=', id).execute();
        await deps.audit.append(trx, actor, { action: to === 'taken' ? 'take' : 'resolve', objectType: 'quarantine_need', objectId: id, outcome: 'success', ...(to === 'done' ? { fields: ['doneNote'] } : {}) });
      });
      return (await needViews([await db.selectFrom('quarantine_needs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()], false))[0]!;
    },

    async certificate(p: Principal, actor: AuditActor, id: string) {
      const r = await visibleOrder(p, id);
      return certificateOf(r, actor, 'staff');
    },

    /** The orders in force today of these residents (the gates and the health-code mirror read them, ADR 0081/0082). */
    async activeOrdersOf(residentIds: readonly string[]): Promise<Map<string, ActiveOrder>> {
      return activeOrdersOn(db, residentIds, today());
    },

    /** Residents of an area with an order in force today. */
    async activeUnder(areaPath: string): Promise<string[]> {
      return activeUnderOn(db, areaPath, today());
    },

    /** Residents of an area with a released order, oldest order first (the health-code demo's person released last week). */
    async releasedUnder(areaPath: string): Promise<string[]> {
      const rows = await db.selectFrom('quarantine_orders').select('resident_id').where('org_path', 'like', `${areaPath}%`).where('status', '=', 'released')
        .orderBy('id').execute();
      return rows.map((r) => String(r.resident_id));
    },

    /** A door sensor's event from a device in the order's area (`device:event`); an unknown sensor is dropped. */
    async doorEvent(p: Principal, b: { sensorId: string; event: 'open' | 'close'; at?: string }) {
      const at = b.at ? new Date(b.at) : now();
      const o = await db.selectFrom('quarantine_orders').selectAll().where('sensor_id', '=', b.sensorId).where('status', '=', 'active')
        .where('org_path', 'like', `${p.orgPath}%`).executeTakeFirst();
      if (!o) return { matched: false };
      const quiet = o.door_notified_at && at.getTime() - new Date(String(codec.readTs(o.door_notified_at))).getTime() < DOOR_QUIET_MS;
      const tell = b.event === 'open' && !quiet;
      const recipients = tell ? [...await staffOf(['grid_worker'], [String(o.grid_id)]), ...await staffOf(['community_admin'], [String(o.community_id)])] : [];
      await writes.run(async (trx) => {
        await trx.insertInto('quarantine_door_events').values({
          id: uuidv7(), order_id: String(o.id), org_path: String(o.org_path), sensor_id: b.sensorId, event: b.event, at: codec.ts(at), received_at: codec.ts(now()),
        }).execute();
        if (tell) {
          await trx.updateTable('quarantine_orders').set({ door_notified_at: codec.ts(at) }).where('id', '=', String(o.id)).execute();
          await deps.notifications.notify(trx, {
            recipientIds: recipients, kind: QUARANTINE_KINDS.door, objectType: 'quarantine_order', objectId: String(o.id), payload: { orderId: String(o.id), at: at.toISOString() }, at,
          });
        }
      });
      return { matched: true };
    },

    // ----- the resident's own ------------------------------------------------------------------------------------

    async mine(p: Principal, actor: AuditActor) {
      const me = await deps.residentOfAccount(p.id);
      if (!me) throw new AppError(404, 'no_household', '您的账号还没有关联住户，请联系社区', 'Your account is not linked to a household; ask your community');
      const rows = await db.selectFrom('quarantine_orders').selectAll().where('resident_id', '=', me.id).where('status', '!=', 'cancelled').orderBy('proposed_at', 'desc').limit(5).execute();
      const current = rows.find((r) => r.status === 'pending' || r.status === 'active');
      const released = rows.find((r) => r.status === 'released');
      let order = null;
      if (current) {
        const [view] = await orderViews([current]);
        const { proposedBy: _a, decidedBy: _b, ...own } = view!;
        const [checks, needs] = await Promise.all([
          db.selectFrom('quarantine_checks').selectAll().where('order_id', '=', String(current.id)).orderBy('check_date', 'desc').orderBy('slot', 'desc').limit(30).execute(),
          db.selectFrom('quarantine_needs').selectAll().where('order_id', '=', String(current.id)).orderBy('created_at', 'desc').execute(),
        ]);
        order = { ...own, checks: checkViews(checks, new Map()), needs: await needViews(needs, false), slotNow: slotAt(now(), codec.readInt(current.checks_per_day)) };
      }
      await deps.audit.record(actor, { action: 'read', objectType: 'quarantine_order', objectId: current ? String(current.id) : null, subjectId: me.id, outcome: 'success', reason: 'own_record' });
      return { order, certificate: !current && released ? await certificateOf(released, actor, 'own') : null };
    },

    async selfCheck(p: Principal, b: { temperature: number; symptoms: string[]; note?: string }) {
      const order = await ownCurrent(p);
      return { residentId: String(order.resident_id), ...(await addCheck(order, { userId: p.id, self: true }, b)) };
    },

    async selfNeed(p: Principal, actor: AuditActor, b: { kind: string; detail: string }) {
      const order = await ownCurrent(p);
      const id = await addNeed(order, { userId: p.id, self: true }, b);
      await deps.audit.record(actor, { action: 'create', objectType: 'quarantine_need', objectId: id, subjectId: String(order.resident_id), outcome: 'success', reason: 'own_record', fields: ['kind', 'detail'] });
      return (await needViews([await db.selectFrom('quarantine_needs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()], false))[0]!;
    },
  };

  /** Where a caller works on needs: their area; a volunteer, the whole community (their account sits at it or a grid). */
  async function needsArea(p: Principal): Promise<string> {
    if (p.role !== 'volunteer') return p.orgPath;
    return (await deps.orgs.communityOf(p.orgPath))?.path ?? p.orgPath;
  }

  async function ownCurrent(p: Principal) {
    const me = await deps.residentOfAccount(p.id);
    if (!me) throw new AppError(404, 'no_household', '您的账号还没有关联住户，请联系社区', 'Your account is not linked to a household; ask your community');
    const r = await db.selectFrom('quarantine_orders').selectAll().where('resident_id', '=', me.id).where('status', '=', 'active').executeTakeFirst();
    if (!r) throw errors.notFound('隔离记录', 'Quarantine order');
    return r as Record<string, unknown>;
  }

  async function certificateOf(r: Record<string, unknown>, actor: AuditActor, who: 'staff' | 'own') {
    if (r.status !== 'released') throw errors.conflict('not_released', '解除隔离后才有证明', 'A certificate exists once the order is released');
    const s = (await personSketches(db, codec, [String(r.resident_id)])).get(String(r.resident_id));
    const community = (await deps.orgs.names([String(r.community_id)])).get(String(r.community_id)) ?? '';
    await deps.audit.record(actor, {
      action: 'read', objectType: 'quarantine_certificate', objectId: String(r.id), subjectId: String(r.resident_id), outcome: 'success',
      ...(who === 'own' ? { reason: 'own_record' } : { purpose: PURPOSE }),
    });
    return {
      certificateNo: String(r.certificate_no), nameMasked: s ? maskName(s.name) : '', idMasked: s && !s.restricted ? s.idMasked : RESTRICTED_ID, kind: String(r.kind),
      policyName: policyOf(String(r.policy_code))?.nameZh ?? '', startDate: String(r.start_date), endDate: String(r.end_date), releasedAt: codec.readTs(r.released_at)!,
      communityName: community,
    };
  }

  async function assertSensorFree(trx: Transaction<any>, sensorId: string, except: string | null) {
    let q = trx.selectFrom('quarantine_orders').select('id').where('sensor_id', '=', sensorId).where('status', 'in', ['pending', 'active']);
    if (except) q = q.where('id', '!=', except);
    if (await q.executeTakeFirst()) throw errors.conflict('sensor_in_use', '这个门磁正用在另一户的隔离上', 'This door sensor is in use on another order', [{ path: 'sensorId', code: 'in_use', message: '正在使用', messageEn: 'in use' }]);
  }
}

export type Quarantine = ReturnType<typeof createQuarantine>;

/** The quarantine part of erasing a resident (ADR 0037): their orders with their checks, door events and needs. */
export async function eraseQuarantineOf(trx: Transaction<any>, residentId: string): Promise<Record<string, number>> {
  const ids = (await trx.selectFrom('quarantine_orders').select('id').where('resident_id', '=', residentId).execute()).map((r) => String(r.id));
  if (ids.length === 0) return { quarantine_orders: 0 };
  const out: Record<string, number> = {};
  for (const t of ['quarantine_checks', 'quarantine_door_events', 'quarantine_needs'] as const) {
    out[t] = Number((await trx.deleteFrom(t).where('order_id', 'in', ids).executeTakeFirst()).numDeletedRows);
  }
  out.quarantine_orders = Number((await trx.deleteFrom('quarantine_orders').where('id', 'in', ids).executeTakeFirst()).numDeletedRows);
  return out;
}
