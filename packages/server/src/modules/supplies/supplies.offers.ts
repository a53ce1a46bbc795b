import crypto from 'node:crypto';
import { maskName } from '@renxing/shared';
import { sql, type Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { AuthService } from '../auth';
import { pathsUp, type OrgsService } from '../orgs';
import { careHoldersIn, careSketches } from '../registry';
import { createStock } from './supplies.stock';

/** 物资预约 (ADR 0076). */
export const RESERVATION_STATUSES = ['reserved', 'picked_up', 'cancelled', 'expired'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];
export const MAX_SLOTS = 60;
/** A reservation not picked up expires this long after its slot ends (the desk may be running late). */
export const EXPIRY_GRACE_MS = 3_600_000;
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const PURPOSE = 'service.assistance';
const STANDING = ['reserved', 'picked_up'] as const;

/** The household a resident account acts for: its linked resident's household, its grid path, its head. */
export type AccountHousehold = { householdId: string; orgPath: string; residentId: string };

export type OfferDeps = {
  platform: Platform; audit: AuditService; orgs: OrgsService; accounts: Pick<AuthService, 'userLabels'>;
  householdOfAccount: (userId: string) => Promise<AccountHousehold | null>;
};

export type OfferBody = {
  title: string; warehouseId: string; itemId: string; quota: number; total: number; place: string; opensAt: string; closesAt: string; priorityHours: number;
  slots: Array<{ startsAt: string; endsAt: string }>; slotCapacity: number;
};

export function pickupCode(): string {
  const b = crypto.randomBytes(6);
  return Array.from(b, (x) => CODE_ALPHABET[x % CODE_ALPHABET.length]).join('');
}

export function createOffers(deps: OfferDeps) {
  const { database, clock } = deps.platform;
  const { db, codec, dialect } = database;
  const stock = createStock(deps);
  const ms = (v: unknown) => new Date(codec.readTs(v)!).getTime();

  const OFFER_COLUMNS = ['id', 'org_id', 'org_path', 'title', 'item_id', 'warehouse_id', 'quota', 'total', 'place', 'opens_at', 'closes_at', 'priority_hours', 'status',
    'returned', 'created_by', 'created_at', 'closed_at', 'version'] as const;

  /** Standing quantity and households per offer, picked-up quantity, and booked households per slot. */
  async function tallies(offerIds: readonly string[], exec: any = db) {
    const rows = await inChunks(offerIds, (part) => exec.selectFrom('supply_reservations').select(['offer_id', 'slot_id', 'status', (eb: any) => eb.fn.countAll().as('n'), (eb: any) => eb.fn.sum('quantity').as('q')])
      .where('offer_id', 'in', part).where('status', 'in', [...STANDING]).groupBy(['offer_id', 'slot_id', 'status']).execute()) as Array<Record<string, unknown>>;
    const offers = new Map<string, { reserved: number; pickedUp: number; households: number }>();
    const slots = new Map<string, number>();
    for (const r of rows) {
      const o = offers.get(String(r.offer_id)) ?? { reserved: 0, pickedUp: 0, households: 0 };
      const n = codec.readInt(r.n), q = codec.readInt(r.q);
      o.reserved += q;
      o.households += n;
      if (r.status === 'picked_up') o.pickedUp += q;
      offers.set(String(r.offer_id), o);
      slots.set(String(r.slot_id), (slots.get(String(r.slot_id)) ?? 0) + n);
    }
    return { offers, slots };
  }

  async function slotsOf(offerIds: readonly string[], exec: any = db) {
    const rows = await inChunks(offerIds, (part) => exec.selectFrom('supply_offer_slots').selectAll().where('offer_id', 'in', part).orderBy('starts_at').execute()) as Array<Record<string, unknown>>;
    return rows;
  }

  async function offerViews(rows: Array<Record<string, unknown>>) {
    const ids = rows.map((r) => String(r.id));
    const [t, slots, orgNames, users, items, warehouses] = await Promise.all([
      tallies(ids), slotsOf(ids), deps.orgs.names([...new Set(rows.map((r) => String(r.org_id)))]),
      deps.accounts.userLabels([...new Set(rows.map((r) => String(r.created_by)))]),
      inChunks([...new Set(rows.map((r) => String(r.item_id)))], (part) => db.selectFrom('supply_items').select(['id', 'name', 'unit']).where('id', 'in', part).execute()),
      inChunks([...new Set(rows.map((r) => String(r.warehouse_id)))], (part) => db.selectFrom('supply_warehouses').select(['id', 'name']).where('id', 'in', part).execute()),
    ]);
    const itemBy = new Map(items.map((i) => [String(i.id), i]));
    const whBy = new Map(warehouses.map((w) => [String(w.id), String(w.name)]));
    return rows.map((r) => {
      const c = t.offers.get(String(r.id)) ?? { reserved: 0, pickedUp: 0, households: 0 };
      const it = itemBy.get(String(r.item_id));
      return {
        id: String(r.id), orgId: String(r.org_id), orgName: orgNames.get(String(r.org_id)) ?? '', title: String(r.title), itemId: String(r.item_id),
        itemName: it ? String(it.name) : '', unit: it ? String(it.unit) : '', warehouseId: String(r.warehouse_id), warehouseName: whBy.get(String(r.warehouse_id)) ?? '',
        quota: codec.readInt(r.quota), total: codec.readInt(r.total), reserved: c.reserved, pickedUp: c.pickedUp, households: c.households, place: String(r.place),
        opensAt: codec.readTs(r.opens_at)!, closesAt: codec.readTs(r.closes_at)!, priorityHours: codec.readInt(r.priority_hours), status: String(r.status) as 'open' | 'closed',
        returned: r.returned == null ? null : codec.readInt(r.returned), createdBy: { id: String(r.created_by), name: users.get(String(r.created_by)) ?? '' },
        createdAt: codec.readTs(r.created_at)!, version: codec.readInt(r.version),
        slots: slots.filter((s) => String(s.offer_id) === String(r.id)).map((s) => ({
          id: String(s.id), startsAt: codec.readTs(s.starts_at)!, endsAt: codec.readTs(s.ends_at)!, capacity: codec.readInt(s.capacity), booked: t.slots.get(String(s.id)) ?? 0,
        })),
      };
    });
  }
  type OfferView = Awaited<ReturnType<typeof offerViews>>[number];

  async function visibleOffer(p: Principal, id: string) {
    const r = await db.selectFrom('supply_offers').select([...OFFER_COLUMNS]).where('id', '=', id).executeTakeFirst();
    if (!r || !stock.sees(p, String(r.org_path))) throw errors.notFound('预约发放', 'Supply offer');
    return r as Record<string, unknown>;
  }

  /** Locks the offer row for the rest of the write (PostgreSQL; SQLite's writes are serialised) and reads it. */
  async function lockOffer(trx: Transaction<any>, id: string) {
    let q = trx.selectFrom('supply_offers').select([...OFFER_COLUMNS]).where('id', '=', id);
    if (dialect.name === 'postgres') q = q.forUpdate();
    return (await q.executeTakeFirstOrThrow()) as Record<string, unknown>;
  }

  function reservationRow(r: Record<string, unknown>) {
    return { id: String(r.id), quantity: codec.readInt(r.quantity), slotId: String(r.slot_id), code: String(r.code), status: String(r.status) as ReservationStatus, version: codec.readInt(r.version) };
  }

  async function reservationViews(rows: Array<Record<string, unknown>>, o: { trx?: Transaction<any>; users?: Map<string, string> } = {}) {
    const exec = (o.trx ?? db) as typeof db;
    const heads = rows.map((r) => r.head_resident_id as string | null).filter((x): x is string => !!x);
    const [people, users, addresses] = await Promise.all([
      careSketches(exec, codec, heads),
      o.users ?? deps.accounts.userLabels([...new Set(rows.map((r) => r.picked_up_by as string | null).filter((x): x is string => !!x))]),
      inChunks([...new Set(rows.map((r) => String(r.household_id)))], (part) => exec.selectFrom('households').select(['id', 'address']).where('id', 'in', part).execute()),
    ]);
    const addressOf = new Map(addresses.map((a) => [String(a.id), String(a.address)]));
    return rows.map((r) => {
      const who = r.head_resident_id ? people.get(String(r.head_resident_id)) : undefined;
      const restricted = who?.restricted ?? false;
      return {
        ...reservationRow(r), headMasked: who ? maskName(who.name) : '', address: restricted ? null : addressOf.get(String(r.household_id)) ?? null, restricted,
        byResident: codec.readBool(r.by_resident), pickedUpAt: codec.readTs(r.picked_up_at), pickedUpBy: r.picked_up_by ? users.get(String(r.picked_up_by)) ?? '' : null,
      };
    });
  }

  /** When a household may reserve: at the opening with a care tag, after the priority hours without. */
  function reserveFrom(offer: Record<string, unknown>, vulnerable: boolean): number {
    const opens = ms(offer.opens_at);
    return vulnerable ? opens : opens + codec.readInt(offer.priority_hours) * 3_600_000;
  }
  const isVulnerable = async (householdId: string) => (await careHoldersIn(db, codec, [householdId])).has(householdId);

  const slotTimes = (slot: Record<string, unknown> | undefined) =>
    (slot ? { slotStartsAt: codec.readTs(slot.starts_at)!, slotEndsAt: codec.readTs(slot.ends_at)! } : { slotStartsAt: null, slotEndsAt: null });

  const ymdhm = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(5, 16).replace('T', ' ');

  return {
    async create(p: Principal, b: OfferBody) {
      if (p.orgLevel !== 'community') throw errors.forbidden();
      const [item, wh] = await Promise.all([stock.itemOf(b.itemId), stock.warehouseRow(p, b.warehouseId, { path: 'warehouseId' })]);
      const opens = Date.parse(b.opensAt), closes = Date.parse(b.closesAt);
      if (!(closes > opens)) throw errors.field('closesAt', 'before_open', '截止时间须晚于开始时间', 'must be after the opening');
      if (closes - opens > 30 * 86_400_000) throw errors.field('closesAt', 'too_long', '预约期最长 30 天', 'at most 30 days after the opening');
      if (b.quota > b.total) throw errors.field('quota', 'above_total', '每户限额不能超过总量', 'cannot exceed the total');
      const slots = b.slots.map((s, i) => ({ i, start: Date.parse(s.startsAt), end: Date.parse(s.endsAt) })).sort((x, y) => x.start - y.start);
      for (const s of slots) {
        if (!(s.end > s.start) || s.end - s.start > 12 * 3_600_000) {
          throw errors.field(`slots.${s.i}.endsAt`, 'invalid', '时段须在开始后 12 小时内结束', 'a slot ends after it starts, within 12 hours');
        }
        if (s.end <= opens || s.start > closes + 30 * 86_400_000) {
          throw errors.field(`slots.${s.i}.startsAt`, 'outside', '领取时段须在预约开始之后、截止后 30 天之内', 'a slot lies after the opening and within 30 days of the closing');
        }
      }
      for (let k = 1; k < slots.length; k++) {
        if (slots[k]!.start < slots[k - 1]!.end) throw errors.field(`slots.${slots[k]!.i}.startsAt`, 'overlap', '领取时段不能重叠', 'slots may not overlap');
      }
      const now = clock.now();
      const id = uuidv7(now.getTime());
      const orgName = (await deps.orgs.names([p.orgId])).get(p.orgId) ?? '';
      const slotRows = slots.map((s) => ({ id: uuidv7(now.getTime()), offer_id: id, starts_at: codec.ts(new Date(s.start)), ends_at: codec.ts(new Date(s.end)), capacity: b.slotCapacity }));
      const view: OfferView = {
        id, orgId: p.orgId, orgName, title: b.title, itemId: item.id, itemName: item.name, unit: item.unit, warehouseId: String(wh.id), warehouseName: String(wh.name),
        quota: b.quota, total: b.total, reserved: 0, pickedUp: 0, households: 0, place: b.place, opensAt: new Date(opens).toISOString(), closesAt: new Date(closes).toISOString(),
        priorityHours: b.priorityHours, status: 'open', returned: null, createdBy: { id: p.id, name: p.displayName }, createdAt: now.toISOString(), version: 1,
        slots: slotRows.map((s) => ({ id: s.id, startsAt: codec.readTs(s.starts_at)!, endsAt: codec.readTs(s.ends_at)!, capacity: b.slotCapacity, booked: 0 })),
      };
      return {
        id, view,
        async write(trx: Transaction<any>) {
          const balance = await stock.change(trx, String(wh.id), item.id, -b.total, now);
          if (balance === null) throw stock.insufficient('total', await stock.onShelf(trx, String(wh.id), item.id), item.unit);
          await trx.insertInto('supply_offers').values({
            id, org_id: p.orgId, org_path: p.orgPath, title: b.title, item_id: item.id, warehouse_id: String(wh.id), quota: b.quota, total: b.total, place: b.place,
            opens_at: codec.ts(new Date(opens)), closes_at: codec.ts(new Date(closes)), priority_hours: b.priorityHours, status: 'open', returned: null,
            created_by: p.id, created_at: codec.ts(now), closed_by: null, closed_at: null, version: 1,
          }).execute();
          await trx.insertInto('supply_offer_slots').values(slotRows).execute();
          await trx.insertInto('supply_movements').values({
            id: uuidv7(now.getTime()), warehouse_id: String(wh.id), seq: await stock.nextSeq(trx, String(wh.id)), item_id: item.id, org_path: String(wh.org_path),
            kind: 'allocation', quantity: -b.total, balance, party: b.title, note: null, round_id: null, offer_id: id, created_by: p.id, created_at: codec.ts(now),
          }).execute();
        },
      };
    },

    async list(p: Principal, f: { status?: 'open' | 'closed'; page: number; pageSize: number }) {
      let q = db.selectFrom('supply_offers as o').where(stock.visibleWhere(p, 'o'));
      if (f.status) q = q.where('o.status', '=', f.status);
      const total = codec.readInt((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q.select(OFFER_COLUMNS.map((c) => `o.${c}` as const)).orderBy('o.created_at', 'desc').orderBy('o.id', 'desc')
        .limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
      return { items: await offerViews(rows as Array<Record<string, unknown>>), total, page: f.page, pageSize: f.pageSize };
    },

    async get(p: Principal, id: string) {
      return (await offerViews([await visibleOffer(p, id)]))[0]!;
    },

    async reservations(p: Principal, actor: AuditActor, id: string, f: { code?: string; slotId?: string; status?: ReservationStatus; page: number; pageSize: number }) {
      await visibleOffer(p, id);
      let q = db.selectFrom('supply_reservations as r').innerJoin('supply_offer_slots as s', 's.id', 'r.slot_id').where('r.offer_id', '=', id);
      if (f.code) q = q.where('r.code', '=', f.code.toUpperCase());
      if (f.slotId) q = q.where('r.slot_id', '=', f.slotId);
      if (f.status) q = q.where('r.status', '=', f.status);
      const total = codec.readInt((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q.selectAll('r').orderBy('s.starts_at').orderBy('r.code').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute() as Array<Record<string, unknown>>;
      const items = await reservationViews(rows);
      if (items.length) {
        await deps.audit.record(actor, {
          action: 'list', objectType: 'supply_reservation', objectId: id, outcome: 'success', count: items.length, purpose: PURPOSE,
          fields: ['nameMasked', 'household'], subjectIds: [...new Set(rows.map((r) => r.head_resident_id as string | null).filter((x): x is string => !!x))],
        });
      }
      return { items, total, page: f.page, pageSize: f.pageSize };
    },

    async pickup(p: Principal, id: string, rid: string, version: number) {
      await visibleOffer(p, id);
      const r = await db.selectFrom('supply_reservations').select(['id', 'head_resident_id']).where('id', '=', rid).where('offer_id', '=', id).executeTakeFirst();
      if (!r) throw errors.notFound('预约', 'Reservation');
      const now = clock.now();
      return {
        subjectId: (r.head_resident_id as string | null) ?? null,
        async write(trx: Transaction<any>) {
          const offer = await lockOffer(trx, id);
          if (offer.status !== 'open') throw errors.conflict('offer_closed', '这次预约发放已经结束', 'This offer has ended');
          const cur = await trx.selectFrom('supply_reservations').select(['status', 'version']).where('id', '=', rid).executeTakeFirstOrThrow();
          if (cur.status !== 'reserved') {
            throw errors.conflict('not_reserved', cur.status === 'picked_up' ? '已经领取过了' : '这个预约已取消或已过期', cur.status === 'picked_up' ? 'Already picked up' : 'This reservation was cancelled or has expired');
          }
          const res = await trx.updateTable('supply_reservations').set({ status: 'picked_up', picked_up_by: p.id, picked_up_at: codec.ts(now), version: version + 1 })
            .where('id', '=', rid).where('version', '=', version).where('status', '=', 'reserved').executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) throw stock.stale(cur.version);
        },
        async view(trx: Transaction<any>) {
          const row = await trx.selectFrom('supply_reservations').selectAll().where('id', '=', rid).executeTakeFirstOrThrow();
          return (await reservationViews([row as Record<string, unknown>], { trx, users: new Map([[p.id, p.displayName]]) }))[0]!;
        },
      };
    },

    async close(p: Principal, id: string, version: number) {
      const offer = await visibleOffer(p, id);
      if (!deps.orgs.inScope(p.orgPath, String(offer.org_path))) throw errors.forbidden();
      if (offer.status !== 'open') throw errors.conflict('offer_closed', '这次预约发放已经结束', 'This offer has already ended');
      const now = clock.now();
      const result = { returned: 0 };
      return {
        result,
        async write(trx: Transaction<any>) {
          const res = await trx.updateTable('supply_offers').set({ status: 'closed', closed_by: p.id, closed_at: codec.ts(now), version: version + 1 })
            .where('id', '=', id).where('version', '=', version).where('status', '=', 'open').executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) throw stock.stale(offer.version);
          await trx.updateTable('supply_reservations').set({ status: 'expired', version: sql`version + 1` }).where('offer_id', '=', id).where('status', '=', 'reserved').execute();
          const picked = await trx.selectFrom('supply_reservations').select((eb) => eb.fn.sum('quantity').as('q')).where('offer_id', '=', id).where('status', '=', 'picked_up').executeTakeFirst();
          const returned = codec.readInt(offer.total) - codec.readInt(picked?.q);
          result.returned = returned;
          await trx.updateTable('supply_offers').set({ returned }).where('id', '=', id).execute();
          if (returned > 0) {
            const wh = await trx.selectFrom('supply_warehouses').select('org_path').where('id', '=', String(offer.warehouse_id)).executeTakeFirstOrThrow();
            const balance = (await stock.change(trx, String(offer.warehouse_id), String(offer.item_id), returned, now))!;
            await trx.insertInto('supply_movements').values({
              id: uuidv7(now.getTime()), warehouse_id: String(offer.warehouse_id), seq: await stock.nextSeq(trx, String(offer.warehouse_id)), item_id: String(offer.item_id),
              org_path: String(wh.org_path), kind: 'return', quantity: returned, balance, party: String(offer.title), note: null, round_id: null, offer_id: id,
              created_by: p.id, created_at: codec.ts(now),
            }).execute();
          }
        },
      };
    },

    // ----- the resident ------------------------------------------------------------------------------------------

    async mine(p: Principal) {
      const hh = await deps.householdOfAccount(p.id);
      if (!hh) return [];
      const now = clock.now().getTime();
      const offers = await db.selectFrom('supply_offers').select([...OFFER_COLUMNS])
        .where((eb) => eb.or([eb('org_path', 'in', pathsUp(hh.orgPath))]))
        .where((eb) => eb.or([eb('status', '=', 'open'), eb('closed_at', '>', codec.ts(new Date(now - 86_400_000)))]))
        .orderBy('opens_at', 'desc').execute() as Array<Record<string, unknown>>;
      if (offers.length === 0) return [];
      // Read once: whether the household holds a care tag (it then reserves from the opening of every offer).
      const vulnerable = offers.some((o) => codec.readInt(o.priority_hours) > 0) && await isVulnerable(hh.householdId);
      const ids = offers.map((o) => String(o.id));
      const [t, slots, mine, items] = await Promise.all([
        tallies(ids), slotsOf(ids),
        db.selectFrom('supply_reservations').selectAll().where('offer_id', 'in', ids).where('household_id', '=', hh.householdId).where('status', 'in', [...STANDING, 'expired'])
          .orderBy('created_at', 'desc').execute(),
        db.selectFrom('supply_items').select(['id', 'name', 'unit']).where('id', 'in', [...new Set(offers.map((o) => String(o.item_id)))]).execute(),
      ]);
      const itemBy = new Map(items.map((i) => [String(i.id), i]));
      const out = [];
      for (const o of offers) {
        const own = mine.find((r) => String(r.offer_id) === String(o.id));
        if (o.status !== 'open' && !own) continue;
        const c = t.offers.get(String(o.id)) ?? { reserved: 0, pickedUp: 0, households: 0 };
        const it = itemBy.get(String(o.item_id));
        out.push({
          offer: {
            id: String(o.id), title: String(o.title), itemName: it ? String(it.name) : '', unit: it ? String(it.unit) : '', quota: codec.readInt(o.quota), place: String(o.place),
            opensAt: codec.readTs(o.opens_at)!, closesAt: codec.readTs(o.closes_at)!, status: String(o.status) as 'open' | 'closed',
            left: Math.max(0, codec.readInt(o.total) - c.reserved), reserveFrom: new Date(reserveFrom(o, vulnerable)).toISOString(),
            slots: slots.filter((s) => String(s.offer_id) === String(o.id) && ms(s.ends_at) > now)
              .map((s) => ({ id: String(s.id), startsAt: codec.readTs(s.starts_at)!, endsAt: codec.readTs(s.ends_at)!, left: Math.max(0, codec.readInt(s.capacity) - (t.slots.get(String(s.id)) ?? 0)) })),
          },
          // With the slot's time: the offer lists only slots that have not ended, and the household's may have.
          reservation: own ? { ...reservationRow(own as Record<string, unknown>), ...slotTimes(slots.find((x) => String(x.id) === String(own.slot_id))) } : null,
        });
      }
      return out;
    },

    async reserve(p: Principal, id: string, b: { quantity: number; slotId: string }) {
      const hh = await deps.householdOfAccount(p.id);
      const offer0 = await db.selectFrom('supply_offers').select([...OFFER_COLUMNS]).where('id', '=', id).executeTakeFirst() as Record<string, unknown> | undefined;
      if (!hh || !offer0 || !pathsUp(hh.orgPath).includes(String(offer0.org_path))) throw errors.notFound('预约发放', 'Supply offer');
      const from = reserveFrom(offer0, codec.readInt(offer0.priority_hours) > 0 && await isVulnerable(hh.householdId));
      const now = clock.now();
      const id2 = uuidv7(now.getTime());
      const out = { row: null as null | ReturnType<typeof reservationRow> };
      return {
        householdId: hh.householdId, residentId: hh.residentId, out,
        async write(trx: Transaction<any>) {
          const offer = await lockOffer(trx, id);
          if (offer.status !== 'open' || ms(offer.closes_at) <= now.getTime()) throw errors.conflict('offer_closed', '这次预约已经截止', 'Reservations for this offer have closed');
          if (now.getTime() < from) {
            throw errors.conflict('not_open_yet', `还没到预约时间：您家可在 ${ymdhm(from)} 起预约`, `Not open yet: your household may reserve from ${new Date(from).toISOString()}`);
          }
          const quota = codec.readInt(offer.quota);
          if (b.quantity > quota) {
            throw new AppError(422, 'over_quota', `每户最多 ${quota}`, `At most ${quota} per household`, [
              { path: 'quantity', code: 'over_quota', message: `每户限 ${quota}`, messageEn: `at most ${quota} per household` }]);
          }
          const standing = await trx.selectFrom('supply_reservations').select('id').where('offer_id', '=', id).where('household_id', '=', hh.householdId)
            .where('status', 'in', [...STANDING]).executeTakeFirst();
          if (standing) throw errors.conflict('already_reserved', '您家已经预约过了', 'Your household has already reserved');
          const slot = await trx.selectFrom('supply_offer_slots').selectAll().where('id', '=', b.slotId).where('offer_id', '=', id).executeTakeFirst();
          if (!slot || ms(slot.ends_at) <= now.getTime()) throw errors.field('slotId', 'not_available', '请选择一个还没结束的领取时段', 'choose a pickup slot that has not ended');
          const t = await tallies([id], trx);
          const left = codec.readInt(offer.total) - (t.offers.get(id)?.reserved ?? 0);
          if (b.quantity > left) {
            throw errors.conflict('sold_out', left > 0 ? `只剩 ${left} 了` : '已经约完了', left > 0 ? `Only ${left} left` : 'Nothing left', [
              { path: 'quantity', code: 'sold_out', message: `剩余 ${left}`, messageEn: `${left} left` }]);
          }
          if ((t.slots.get(b.slotId) ?? 0) >= codec.readInt(slot.capacity)) {
            throw errors.conflict('slot_full', '这个时段已约满，请换一个时段', 'This slot is full; choose another', [
              { path: 'slotId', code: 'slot_full', message: '已约满', messageEn: 'full' }]);
          }
          let code = pickupCode();
          while (await trx.selectFrom('supply_reservations').select('id').where('offer_id', '=', id).where('code', '=', code).executeTakeFirst()) code = pickupCode();
          const row = {
            id: id2, offer_id: id, slot_id: b.slotId, household_id: hh.householdId, head_resident_id: hh.residentId, reserved_by: p.id, by_resident: codec.bool(true),
            quantity: b.quantity, code, status: 'reserved', created_at: codec.ts(now), picked_up_by: null, picked_up_at: null, version: 1,
          };
          await trx.insertInto('supply_reservations').values(row).execute();
          out.row = reservationRow(row);
        },
      };
    },

    async cancel(p: Principal, id: string, rid: string, version: number) {
      const hh = await deps.householdOfAccount(p.id);
      const r = hh ? await db.selectFrom('supply_reservations as r').innerJoin('supply_offer_slots as s', 's.id', 'r.slot_id')
        .select(['r.id', 'r.status', 'r.version', 's.starts_at']).where('r.id', '=', rid).where('r.offer_id', '=', id).where('r.household_id', '=', hh.householdId).executeTakeFirst() : undefined;
      if (!r) throw errors.notFound('预约', 'Reservation');
      const now = clock.now();
      if (r.status !== 'reserved') throw errors.conflict('not_reserved', '这个预约不能再取消', 'This reservation can no longer be cancelled');
      if (ms(r.starts_at) <= now.getTime()) throw errors.conflict('slot_started', '领取时段已开始，不能取消', 'The pickup slot has started; it cannot be cancelled');
      return {
        householdId: hh!.householdId,
        async write(trx: Transaction<any>) {
          const res = await trx.updateTable('supply_reservations').set({ status: 'cancelled', version: version + 1 })
            .where('id', '=', rid).where('version', '=', version).where('status', '=', 'reserved').executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) throw stock.stale(r.version);
        },
        async view(trx: Transaction<any>) {
          return reservationRow(await trx.selectFrom('supply_reservations').selectAll().where('id', '=', rid).executeTakeFirstOrThrow() as Record<string, unknown>);
        },
      };
    },

    /** Housekeeping: reservations not picked up an hour after their slot ended expire (the quantity is free again). */
    async expire(at: Date): Promise<{ expired: number }> {
      const cutoff = codec.ts(new Date(at.getTime() - EXPIRY_GRACE_MS));
      const res = await database.writes.run((trx) => trx.updateTable('supply_reservations').set({ status: 'expired', version: sql`version + 1` })
        .where('status', '=', 'reserved').where('slot_id', 'in', (eb: any) => eb.selectFrom('supply_offer_slots').select('id').where('ends_at', '<', cutoff)).executeTakeFirst());
      return { expired: Number(res.numUpdatedRows) };
    },

    async view(p: Principal, id: string) {
      return (await offerViews([await visibleOffer(p, id)]))[0]!;
    },
  };

}
export type Offers = ReturnType<typeof createOffers>;

/** The offers' part of erasing a resident (ADR 0037): the head reference of their household's reservations is emptied. */
export async function eraseReservationsOf(trx: Transaction<any>, residentId: string): Promise<Record<string, number>> {
  const res = await trx.updateTable('supply_reservations').set({ head_resident_id: null }).where('head_resident_id', '=', residentId).executeTakeFirst();
  return { supply_reservations: Number(res.numUpdatedRows) };
}
