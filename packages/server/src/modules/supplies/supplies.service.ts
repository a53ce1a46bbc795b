import { maskName } from '@renxing/shared';
import { sql, type Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { IdempotentWrite } from '../../http/idempotency';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { AuthService } from '../auth';
import type { NotificationsService } from '../notifications';
import type { OrgsService } from '../orgs';
import { careHoldersIn, careSketches, householdsUnder, type SupplyHousehold } from '../registry';
import { createStock, type Item } from './supplies.stock';
import { ALLOCATION_RULES, DEFAULT_TAG_WEIGHTS, allocate, demandOf, figuresOf, householdWeight, type AllocationRule } from './supplies.allocation';

/** 物资保障 (ADR 0075). */
export const SUPPLY_CATEGORIES = ['food', 'medicine', 'protective', 'daily', 'other'] as const;
export const MOVEMENT_KINDS = ['receipt', 'donation', 'issue', 'adjust'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number] | 'allocation' | 'return';
export const DELIVERY_METHODS = ['doorstep', 'pickup', 'proxy'] as const;
export const SUPPLY_KINDS = { roundOpen: 'supply_round_open' } as const;
export const MAX_QUANTITY = 1_000_000;
const PURPOSE = 'service.assistance';
const CATEGORY_ORDER: Record<string, number> = { food: 0, medicine: 1, protective: 2, daily: 3, other: 4 };

export type { Item } from './supplies.stock';
export type RoundBody = {
  warehouseId: string; itemId: string; gridId?: string; tags?: string[]; perHousehold: number; perPerson: number; supply: number;
  weights?: Partial<Record<string, number>>;
};

export type SupplyDeps = {
  platform: Platform; audit: AuditService; orgs: OrgsService; idempotentWrite: IdempotentWrite;
  notifications: Pick<NotificationsService, 'notify'>; accounts: Pick<AuthService, 'activeUserIds' | 'userLabels' | 'findById'>;
};

export function createSupplies(deps: SupplyDeps) {
  const { database, clock } = deps.platform;
  const { db, codec } = database;

  const { insufficient, stale, notFoundField, sees, visibleWhere, itemOf, warehouseRow, onShelf, change, nextSeq } = createStock(deps);

  async function warehouseViews(p: Principal, rows: Array<Record<string, unknown>>) {
    const ids = rows.map((r) => String(r.id));
    const stock = await inChunks(ids, (part) => db.selectFrom('supply_stock as s').innerJoin('supply_items as i', 'i.id', 's.item_id')
      .select(['s.warehouse_id', 's.item_id', 's.quantity', 'i.name', 'i.unit', 'i.category']).where('s.warehouse_id', 'in', part).execute());
    const [orgNames, keepers] = await Promise.all([
      deps.orgs.names([...new Set(rows.map((r) => String(r.org_id)))]),
      deps.accounts.userLabels([...new Set(rows.map((r) => r.keeper_user_id as string | null).filter((x): x is string => !!x))]),
    ]);
    return rows.map((r) => ({
      id: String(r.id), orgId: String(r.org_id), orgName: orgNames.get(String(r.org_id)) ?? '', name: String(r.name), address: String(r.address),
      keeper: r.keeper_user_id ? { id: String(r.keeper_user_id), name: keepers.get(String(r.keeper_user_id)) ?? '' } : null,
      own: deps.orgs.inScope(p.orgPath, String(r.org_path)),
      stock: stock.filter((s) => String(s.warehouse_id) === String(r.id))
        .map((s) => ({ itemId: String(s.item_id), name: String(s.name), unit: String(s.unit), category: String(s.category), quantity: codec.readInt(s.quantity) }))
        .sort((a, b) => (CATEGORY_ORDER[a.category] ?? 9) - (CATEGORY_ORDER[b.category] ?? 9) || a.name.localeCompare(b.name, 'zh-CN')),
      version: codec.readInt(r.version),
    }));
  }

  function movementView(r: Record<string, unknown>, items: Map<string, Item>, users: Map<string, string>) {
    const it = items.get(String(r.item_id));
    return {
      id: String(r.id), warehouseId: String(r.warehouse_id), itemId: String(r.item_id), itemName: it?.name ?? '', unit: it?.unit ?? '', kind: String(r.kind) as MovementKind,
      quantity: codec.readInt(r.quantity), balance: codec.readInt(r.balance), party: (r.party as string | null) ?? null, note: (r.note as string | null) ?? null,
      roundId: (r.round_id as string | null) ?? null, offerId: (r.offer_id as string | null) ?? null, by: { id: String(r.created_by), name: users.get(String(r.created_by)) ?? '' }, at: codec.readTs(r.created_at)!,
    };
  }

  async function itemsById(ids: readonly string[]): Promise<Map<string, Item>> {
    const rows = await inChunks([...new Set(ids)], (part) => db.selectFrom('supply_items').select(['id', 'name', 'unit', 'category']).where('id', 'in', part).execute());
    return new Map(rows.map((r) => [String(r.id), { id: String(r.id), name: String(r.name), unit: String(r.unit), category: String(r.category) }]));
  }

  // ----- rounds -------------------------------------------------------------------------------------------------

  const ROUND_COLUMNS = ['id', 'org_id', 'org_path', 'grid_id', 'title', 'item_id', 'warehouse_id', 'rule', 'tags', 'weights', 'per_household', 'per_person', 'supply',
    'households', 'total_demand', 'allocated', 'returned', 'status', 'created_by', 'created_at', 'closed_at', 'version'] as const;

  async function roundViews(rows: Array<Record<string, unknown>>) {
    const ids = rows.map((r) => String(r.id));
    const [items, warehouses, orgNames, users, done] = await Promise.all([
      itemsById(rows.map((r) => String(r.item_id))),
      inChunks([...new Set(rows.map((r) => String(r.warehouse_id)))], (part) => db.selectFrom('supply_warehouses').select(['id', 'name']).where('id', 'in', part).execute()),
      deps.orgs.names([...new Set(rows.map((r) => String(r.org_id)))]),
      deps.accounts.userLabels([...new Set(rows.map((r) => String(r.created_by)))]),
      inChunks(ids, (part) => db.selectFrom('supply_round_lines').select(['round_id', 'status', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.sum('quantity').as('q')])
        .where('round_id', 'in', part).where('status', '!=', 'none').groupBy(['round_id', 'status']).execute()),
    ]);
    const wNames = new Map(warehouses.map((w) => [String(w.id), String(w.name)]));
    // Households getting something (pending or delivered; `none` got nothing), and those delivered.
    const doneBy = new Map<string, { n: number; q: number; served: number }>();
    for (const d of done) {
      const c = doneBy.get(String(d.round_id)) ?? { n: 0, q: 0, served: 0 };
      c.served += codec.readInt(d.n);
      if (d.status === 'delivered') { c.n += codec.readInt(d.n); c.q += codec.readInt(d.q); }
      doneBy.set(String(d.round_id), c);
    }
    return rows.map((r) => {
      const it = items.get(String(r.item_id));
      const d = doneBy.get(String(r.id)) ?? { n: 0, q: 0, served: 0 };
      return {
        id: String(r.id), orgId: String(r.org_id), orgName: orgNames.get(String(r.org_id)) ?? '', gridId: (r.grid_id as string | null) ?? null, title: String(r.title),
        itemId: String(r.item_id), itemName: it?.name ?? '', unit: it?.unit ?? '', warehouseId: String(r.warehouse_id), warehouseName: wNames.get(String(r.warehouse_id)) ?? '',
        rule: String(r.rule) as AllocationRule, tags: codec.readJson<string[]>(r.tags) ?? [], weights: codec.readJson<Record<string, number>>(r.weights) ?? {},
        perHousehold: codec.readInt(r.per_household), perPerson: codec.readInt(r.per_person), supply: codec.readInt(r.supply), households: codec.readInt(r.households),
        totalDemand: codec.readInt(r.total_demand), allocated: codec.readInt(r.allocated), servedHouseholds: d.served, delivered: d.q, deliveredHouseholds: d.n,
        status: String(r.status) as 'open' | 'closed', createdBy: { id: String(r.created_by), name: users.get(String(r.created_by)) ?? '' },
        createdAt: codec.readTs(r.created_at)!, closedAt: codec.readTs(r.closed_at), returned: r.returned == null ? null : codec.readInt(r.returned), version: codec.readInt(r.version),
      };
    });
  }
  type RoundView = Awaited<ReturnType<typeof roundViews>>[number];

  async function visibleRound(p: Principal, id: string) {
    const r = await db.selectFrom('supply_rounds').select([...ROUND_COLUMNS]).where('id', '=', id).executeTakeFirst();
    if (!r || !sees(p, String(r.org_path))) throw errors.notFound('发放批次', 'Distribution round');
    return r as Record<string, unknown>;
  }

  /** The round's area (the caller's community or a grid of it), its households and the plan's inputs. */
  async function prepare(p: Principal, b: RoundBody) {
    if (b.perHousehold === 0 && b.perPerson === 0) {
      throw errors.field('perPerson', 'required', '每户数量和每人数量不能都为 0', 'per household and per person cannot both be 0');
    }
    let area = { id: p.orgId, path: p.orgPath, level: p.orgLevel };
    if (b.gridId && b.gridId !== p.orgId) {
      const g = await deps.orgs.get(b.gridId);
      if (!g || g.level !== 'grid' || !deps.orgs.inScope(p.orgPath, g.path)) throw notFoundField('gridId', '网格', 'Grid');
      area = { id: g.id, path: g.path, level: g.level };
    }
    if (area.level !== 'community' && area.level !== 'grid') throw errors.forbidden();
    const [item, wh] = await Promise.all([itemOf(b.itemId), warehouseRow(p, b.warehouseId, { path: 'warehouseId' })]);
    const weights: Record<string, number> = { ...DEFAULT_TAG_WEIGHTS };
    for (const [k, v] of Object.entries(b.weights ?? {})) if (typeof v === 'number') weights[k] = v;
    const tags = [...new Set(b.tags ?? [])];
    const households = await householdsUnder(db, codec, area.path, tags);
    if (households.length === 0) {
      throw new AppError(422, 'no_households', '该范围内没有符合条件的住户', 'No households in this area match', [
        { path: 'tags', code: 'no_households', message: '没有符合条件的住户', messageEn: 'no household matches' }]);
    }
    const demand = households.map((h) => demandOf(h, b.perHousehold, b.perPerson));
    const weight = households.map((h) => householdWeight(h.tags, weights));
    const available = await onShelf(db, String(wh.id), item.id);
    return { area, item, wh, weights, tags, households, demand, weight, available };
  }

  return {
    async items(): Promise<Item[]> {
      const rows = await db.selectFrom('supply_items').select(['id', 'name', 'unit', 'category']).execute();
      return rows.map((r) => ({ id: String(r.id), name: String(r.name), unit: String(r.unit), category: String(r.category) }))
        .sort((a, b) => (CATEGORY_ORDER[a.category] ?? 9) - (CATEGORY_ORDER[b.category] ?? 9) || a.name.localeCompare(b.name, 'zh-CN'));
    },

    async addItem(p: Principal, b: { name: string; unit: string; category: string }) {
      const id = uuidv7(clock.now().getTime());
      const item: Item = { id, name: b.name, unit: b.unit, category: b.category };
      return {
        item,
        async write(trx: Transaction<any>) {
          const dup = await trx.selectFrom('supply_items').select('id').where('name', '=', b.name).where('unit', '=', b.unit).executeTakeFirst();
          if (dup) throw errors.conflict('duplicate', '已有同名同单位的物资品类', 'An item with this name and unit already exists', [
            { path: 'name', code: 'duplicate', message: `“${b.name}（${b.unit}）”已在品类中`, messageEn: 'already in the catalogue' }]);
          await trx.insertInto('supply_items').values({ id, name: b.name, unit: b.unit, category: b.category, created_by: p.id, created_at: codec.ts(clock.now()) }).execute();
        },
      };
    },

    async warehouses(p: Principal) {
      const rows = await db.selectFrom('supply_warehouses as w').selectAll('w').where(visibleWhere(p, 'w')).orderBy('w.org_path').orderBy('w.name').execute();
      return warehouseViews(p, rows as Array<Record<string, unknown>>);
    },

    async warehouse(p: Principal, id: string) {
      return (await warehouseViews(p, [await warehouseRow(p, id)]))[0]!;
    },

    async addWarehouse(p: Principal, b: { name: string; address: string; orgId?: string; keeperId?: string }) {
      const org = b.orgId ? await deps.orgs.get(b.orgId) : await deps.orgs.get(p.orgId);
      if (!org || !deps.orgs.inScope(p.orgPath, org.path) || (org.level !== 'street' && org.level !== 'community')) {
        throw errors.field('orgId', 'not_allowed', '储备点须属于您所在的街道或其下的社区', 'a warehouse belongs to your street or a community below it');
      }
      if (b.keeperId) {
        const u = await deps.accounts.findById(b.keeperId);
        const uo = u ? await deps.orgs.get(u.orgId) : null;
        if (!u || u.status !== 'active' || !uo || !deps.orgs.inScope(org.path, uo.path)) {
          throw errors.field('keeperId', 'not_allowed', '保管人须是该单位在岗的工作人员', 'the keeper must be active staff of that organisation');
        }
      }
      const now = clock.now();
      const id = uuidv7(now.getTime());
      return {
        id,
        async write(trx: Transaction<any>) {
          const dup = await trx.selectFrom('supply_warehouses').select('id').where('org_id', '=', org.id).where('name', '=', b.name).executeTakeFirst();
          if (dup) throw errors.conflict('duplicate', '已有同名的储备点', 'A warehouse with this name already exists', [
            { path: 'name', code: 'duplicate', message: '同名储备点已存在', messageEn: 'already exists' }]);
          await trx.insertInto('supply_warehouses').values({
            id, org_id: org.id, org_path: org.path, name: b.name, address: b.address, keeper_user_id: b.keeperId ?? null, created_by: p.id, created_at: codec.ts(now), version: 1,
          }).execute();
        },
      };
    },

    /** 入库 / 捐赠 / 出库 / 盘点 on a warehouse of the caller's own area. */
    async move(p: Principal, warehouseId: string, b: { itemId: string; kind: (typeof MOVEMENT_KINDS)[number]; quantity: number; party?: string; note?: string }) {
      const wh = await warehouseRow(p, warehouseId, { own: true });
      const item = await itemOf(b.itemId);
      if ((b.kind === 'donation' || b.kind === 'issue') && !b.party) {
        throw errors.field('party', 'required', b.kind === 'donation' ? '请填写捐赠方' : '请填写领用方', b.kind === 'donation' ? 'say who donated' : 'say who receives it');
      }
      if (b.kind !== 'adjust' && b.quantity < 1) throw errors.field('quantity', 'too_small', '数量至少为 1', 'must be at least 1');
      const now = clock.now();
      const id = uuidv7(now.getTime());
      const movement = { id, quantity: 0, balance: 0 };
      return {
        id, item, movement,
        async write(trx: Transaction<any>) {
          let delta = b.kind === 'issue' ? -b.quantity : b.quantity;
          if (b.kind === 'adjust') {
            delta = b.quantity - await onShelf(trx, warehouseId, item.id);
            if (delta === 0) throw errors.field('quantity', 'unchanged', '盘点数量与账面一致，无需登记', 'the count equals the stock; nothing to record');
          }
          const balance = await change(trx, warehouseId, item.id, delta, now);
          if (balance === null) throw insufficient('quantity', await onShelf(trx, warehouseId, item.id), item.unit);
          movement.quantity = delta;
          movement.balance = balance;
          await trx.insertInto('supply_movements').values({
            id, warehouse_id: warehouseId, seq: await nextSeq(trx, warehouseId), item_id: item.id, org_path: String(wh.org_path), kind: b.kind, quantity: delta, balance,
            party: b.party || null, note: b.note || null, round_id: null, created_by: p.id, created_at: codec.ts(now),
          }).execute();
        },
        view() {
          return movementView({ id, warehouse_id: warehouseId, item_id: item.id, kind: b.kind, quantity: movement.quantity, balance: movement.balance, party: b.party || null,
            note: b.note || null, round_id: null, offer_id: null, created_by: p.id, created_at: codec.ts(now) }, new Map([[item.id, item]]), new Map([[p.id, p.displayName]]));
        },
      };
    },

    async movements(p: Principal, warehouseId: string, f: { itemId?: string; kind?: string; page: number; pageSize: number }) {
      await warehouseRow(p, warehouseId);
      let q = db.selectFrom('supply_movements').where('warehouse_id', '=', warehouseId);
      if (f.itemId) q = q.where('item_id', '=', f.itemId);
      if (f.kind) q = q.where('kind', '=', f.kind);
      const total = codec.readInt((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q.selectAll().orderBy('seq', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
      const [items, users] = await Promise.all([itemsById(rows.map((r) => String(r.item_id))), deps.accounts.userLabels([...new Set(rows.map((r) => String(r.created_by)))])]);
      return { items: rows.map((r) => movementView(r as Record<string, unknown>, items, users)), total, page: f.page, pageSize: f.pageSize };
    },

    /** The four rules' figures for a round not yet opened: no one named, nothing written. */
    async preview(p: Principal, b: RoundBody) {
      const x = await prepare(p, b);
      const supply = Math.min(b.supply, x.available);
      return {
        households: x.households.length, members: x.households.reduce((a, h) => a + h.members, 0), totalDemand: x.demand.reduce((a, v) => a + v, 0),
        vulnerableHouseholds: x.weight.filter((w) => w > 1).length, available: x.available,
        options: ALLOCATION_RULES.map((rule) => figuresOf(rule, allocate(rule, x.demand, x.weight, supply), x.demand, x.weight)),
      };
    },

    async open(p: Principal, b: RoundBody & { title: string; rule: AllocationRule }) {
      const x = await prepare(p, b);
      if (b.supply > x.available) throw insufficient('supply', x.available, x.item.unit);
      const q = allocate(b.rule, x.demand, x.weight, b.supply);
      const allocated = q.reduce((a, v) => a + v, 0);
      const now = clock.now();
      const id = uuidv7(now.getTime());
      // Only the grids with a household getting something are told.
      const gridIds = [...new Set(x.households.filter((_, i) => q[i]! > 0).map((h) => h.gridId))];
      const notifyTo = await deps.accounts.activeUserIds(['grid_worker'], gridIds);
      const orgName = (await deps.orgs.names([x.area.id])).get(x.area.id) ?? '';
      const served = q.filter((v) => v > 0).length;
      const totalDemand = x.demand.reduce((a, v) => a + v, 0);
      // The answer, built before the write: nothing inside the write transaction reads through another connection.
      const view: RoundView = {
        id, orgId: x.area.id, orgName, gridId: x.area.level === 'grid' ? x.area.id : null, title: b.title, itemId: x.item.id, itemName: x.item.name, unit: x.item.unit,
        warehouseId: String(x.wh.id), warehouseName: String(x.wh.name), rule: b.rule, tags: x.tags, weights: x.weights, perHousehold: b.perHousehold, perPerson: b.perPerson,
        supply: b.supply, households: x.households.length, totalDemand, allocated, servedHouseholds: served, delivered: 0, deliveredHouseholds: 0, status: 'open',
        createdBy: { id: p.id, name: p.displayName }, createdAt: now.toISOString(), closedAt: null, returned: null, version: 1,
      };
      return {
        id, households: x.households.length, view,
        async write(trx: Transaction<any>) {
          const balance = allocated > 0 ? await change(trx, String(x.wh.id), x.item.id, -allocated, now) : await onShelf(trx, String(x.wh.id), x.item.id);
          if (balance === null) throw insufficient('supply', await onShelf(trx, String(x.wh.id), x.item.id), x.item.unit);
          await trx.insertInto('supply_rounds').values({
            id, org_id: x.area.id, org_path: x.area.path, grid_id: x.area.level === 'grid' ? x.area.id : null, title: b.title, item_id: x.item.id, warehouse_id: String(x.wh.id),
            rule: b.rule, tags: codec.json(x.tags), weights: codec.json(x.weights), per_household: b.perHousehold, per_person: b.perPerson, supply: b.supply,
            households: x.households.length, total_demand: totalDemand, allocated, returned: null, status: 'open',
            created_by: p.id, created_at: codec.ts(now), closed_by: null, closed_at: null, version: 1,
          }).execute();
          const rows = x.households.map((h: SupplyHousehold, seq) => ({
            id: uuidv7(now.getTime()), round_id: id, seq, household_id: h.id, head_resident_id: h.headId, grid_id: h.gridId, org_path: h.orgPath, members: h.members,
            tags: codec.json(h.tags), weight: x.weight[seq], demand: x.demand[seq], quantity: q[seq], status: q[seq]! > 0 ? 'pending' : 'none', method: null, note: null,
            delivered_by: null, delivered_at: null, version: 1,
          }));
          for (let i = 0; i < rows.length; i += 100) await trx.insertInto('supply_round_lines').values(rows.slice(i, i + 100)).execute();
          if (allocated > 0) {
            await trx.insertInto('supply_movements').values({
              id: uuidv7(now.getTime()), warehouse_id: String(x.wh.id), seq: await nextSeq(trx, String(x.wh.id)), item_id: x.item.id, org_path: String(x.wh.org_path), kind: 'allocation', quantity: -allocated, balance,
              party: b.title, note: null, round_id: id, created_by: p.id, created_at: codec.ts(now),
            }).execute();
          }
          await deps.notifications.notify(trx, {
            recipientIds: notifyTo, kind: SUPPLY_KINDS.roundOpen, objectType: 'supply_round', objectId: id, at: now,
            payload: { title: b.title, item: x.item.name, households: String(served) },
          });
        },
      };
    },

    async rounds(p: Principal, f: { status?: 'open' | 'closed'; page: number; pageSize: number }) {
      let q = db.selectFrom('supply_rounds as r').where(visibleWhere(p, 'r'));
      if (f.status) q = q.where('r.status', '=', f.status);
      const total = codec.readInt((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q.select(ROUND_COLUMNS.map((c) => `r.${c}` as const)).orderBy('r.created_at', 'desc').orderBy('r.id', 'desc')
        .limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
      return { items: await roundViews(rows as Array<Record<string, unknown>>), total, page: f.page, pageSize: f.pageSize };
    },

    async round(p: Principal, id: string) {
      const r = await visibleRound(p, id);
      const [view] = await roundViews([r]);
      const per = await db.selectFrom('supply_round_lines').select(['grid_id', 'status', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.sum('quantity').as('q')])
        .where('round_id', '=', id).groupBy(['grid_id', 'status']).execute();
      const grids = new Map<string, { households: number; served: number; delivered: number; quantity: number; deliveredQuantity: number }>();
      for (const g of per) {
        const c = grids.get(String(g.grid_id)) ?? { households: 0, served: 0, delivered: 0, quantity: 0, deliveredQuantity: 0 };
        const n = codec.readInt(g.n), qty = codec.readInt(g.q);
        c.households += n;
        if (g.status !== 'none') c.served += n;
        c.quantity += qty;
        if (g.status === 'delivered') { c.delivered += n; c.deliveredQuantity += qty; }
        grids.set(String(g.grid_id), c);
      }
      const names = await deps.orgs.names([...grids.keys()]);
      return {
        ...view!,
        grids: [...grids].map(([gridId, c]) => ({ gridId, gridName: names.get(gridId) ?? '', ...c }))
          .sort((a, b) => a.gridName.localeCompare(b.gridName, 'zh-CN', { numeric: true })),
      };
    },

    async lines(p: Principal, actor: AuditActor, id: string, f: { gridId?: string; status?: 'pending' | 'delivered' | 'none'; page: number; pageSize: number }) {
      await visibleRound(p, id);
      let q = db.selectFrom('supply_round_lines as l').where('l.round_id', '=', id).where('l.org_path', 'like', `${p.orgPath}%`);
      if (f.gridId) q = q.where('l.grid_id', '=', f.gridId);
      if (f.status) q = q.where('l.status', '=', f.status);
      const total = codec.readInt((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q.selectAll('l').orderBy(sql`case l.status when 'pending' then 0 when 'delivered' then 1 else 2 end`).orderBy('l.seq')
        .limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute() as Array<Record<string, unknown>>;
      const items = await lineViews(rows);
      if (items.length) {
        // Masked names, addresses and care (health) tags of households: a read of personal data, audited with its subjects.
        const holders = await careHoldersIn(db, codec, items.map((i) => i.householdId));
        const subjects = new Set<string>();
        for (const r of rows) if (r.head_resident_id) subjects.add(String(r.head_resident_id));
        for (const i of items) if (!i.restricted) for (const s of holders.get(i.householdId) ?? []) subjects.add(s);
        await deps.audit.record(actor, {
          action: 'list', objectType: 'supply_line', objectId: id, outcome: 'success', count: items.length, purpose: PURPOSE,
          fields: ['nameMasked', 'household', 'tags', 'members'], subjectIds: [...subjects],
        });
      }
      return { items, total, page: f.page, pageSize: f.pageSize };
    },

    async deliver(p: Principal, id: string, lineId: string, b: { status: 'delivered' | 'pending'; method?: string; note?: string; version: number }) {
      const round = await visibleRound(p, id);
      if (round.status !== 'open') throw errors.conflict('round_closed', '这个发放批次已经结束', 'This distribution round has ended');
      const line = await db.selectFrom('supply_round_lines').select(['id', 'grid_id', 'org_path', 'head_resident_id', 'status', 'version']).where('id', '=', lineId).where('round_id', '=', id).executeTakeFirst();
      if (!line || !deps.orgs.inScope(p.orgPath, String(line.org_path))) throw errors.notFound('发放对象', 'Distribution entry');
      if (line.status === 'none') throw errors.conflict('nothing_allocated', '这一户本次没有分到，无需发放', 'This household was allocated nothing in this round');
      if (b.status === 'delivered' && !b.method) throw errors.field('method', 'required', '请选择发放方式', 'say how it was delivered');
      const now = clock.now();
      const gridNames = await deps.orgs.names([String(line.grid_id)]);
      return {
        line,
        async write(trx: Transaction<any>) {
          const open = await trx.selectFrom('supply_rounds').select('status').where('id', '=', id).executeTakeFirst();
          if (open?.status !== 'open') throw errors.conflict('round_closed', '这个发放批次已经结束', 'This distribution round has ended');
          const set = b.status === 'delivered'
            ? { status: 'delivered', method: b.method, note: b.note || null, delivered_by: p.id, delivered_at: codec.ts(now), version: b.version + 1 }
            : { status: 'pending', method: null, note: b.note || null, delivered_by: null, delivered_at: null, version: b.version + 1 };
          const res = await trx.updateTable('supply_round_lines').set(set).where('id', '=', lineId).where('version', '=', b.version).where('status', '!=', 'none').executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) {
            const cur = await trx.selectFrom('supply_round_lines').select('version').where('id', '=', lineId).executeTakeFirst();
            throw stale(cur?.version);
          }
        },
        async view(trx: Transaction<any>) {
          const r = await trx.selectFrom('supply_round_lines').selectAll().where('id', '=', lineId).executeTakeFirstOrThrow();
          return (await lineViews([r as Record<string, unknown>], { trx, grids: gridNames, users: new Map([[p.id, p.displayName]]) }))[0]!;
        },
      };
    },

    async close(p: Principal, id: string, version: number) {
      const round = await visibleRound(p, id);
      if (!deps.orgs.inScope(p.orgPath, String(round.org_path))) {
        throw new AppError(403, 'not_your_round', '只有发起范围内的负责人可以结束这个发放批次', 'Only those responsible for the whole area can end this round');
      }
      if (round.status !== 'open') throw errors.conflict('round_closed', '这个发放批次已经结束', 'This distribution round has already ended');
      const now = clock.now();
      const result = { returned: 0 };
      return {
        result,
        async write(trx: Transaction<any>) {
          const res = await trx.updateTable('supply_rounds').set({ status: 'closed', closed_by: p.id, closed_at: codec.ts(now), version: version + 1 })
            .where('id', '=', id).where('version', '=', version).where('status', '=', 'open').executeTakeFirst();
          if (Number(res.numUpdatedRows) !== 1) throw stale(round.version);
          const left = await trx.selectFrom('supply_round_lines').select((eb) => eb.fn.sum('quantity').as('q')).where('round_id', '=', id).where('status', '=', 'pending').executeTakeFirst();
          const returned = codec.readInt(left?.q);
          result.returned = returned;
          await trx.updateTable('supply_rounds').set({ returned }).where('id', '=', id).execute();
          if (returned > 0) {
            const balance = (await change(trx, String(round.warehouse_id), String(round.item_id), returned, now))!;
            const wh = await trx.selectFrom('supply_warehouses').select('org_path').where('id', '=', String(round.warehouse_id)).executeTakeFirstOrThrow();
            await trx.insertInto('supply_movements').values({
              id: uuidv7(now.getTime()), warehouse_id: String(round.warehouse_id), seq: await nextSeq(trx, String(round.warehouse_id)), item_id: String(round.item_id), org_path: String(wh.org_path), kind: 'return',
              quantity: returned, balance, party: String(round.title), note: null, round_id: id, created_by: p.id, created_at: codec.ts(now),
            }).execute();
          }
        },
      };
    },

    async roundView(p: Principal, id: string): Promise<RoundView> {
      return (await roundViews([await visibleRound(p, id)]))[0]!;
    },
  };

  /**
   * Inside a write (`o.trx`) only the transaction is read — on SQLite another read would wait for the held connection —
   * so the grid and user names come with it.
   */
  async function lineViews(rows: Array<Record<string, unknown>>, o: { trx?: Transaction<any>; grids?: Map<string, string>; users?: Map<string, string> } = {}) {
    const trx = o.trx;
    const heads = rows.map((r) => r.head_resident_id as string | null).filter((x): x is string => !!x);
    const [people, grids, users] = await Promise.all([
      careSketches((trx ?? db) as typeof db, codec, heads), o.grids ?? deps.orgs.names([...new Set(rows.map((r) => String(r.grid_id)))]),
      o.users ?? deps.accounts.userLabels([...new Set(rows.map((r) => r.delivered_by as string | null).filter((x): x is string => !!x))]),
    ]);
    const addresses = await inChunks([...new Set(rows.map((r) => String(r.household_id)))], (part) => (trx ?? db).selectFrom('households').select(['id', 'address']).where('id', 'in', part).execute());
    const addressOf = new Map(addresses.map((a) => [String(a.id), String(a.address)]));
    return rows.map((r) => {
      const who = r.head_resident_id ? people.get(String(r.head_resident_id)) : undefined;
      const restricted = who?.restricted ?? false;
      return {
        id: String(r.id), householdId: String(r.household_id), headMasked: who ? maskName(who.name) : '', address: restricted ? null : addressOf.get(String(r.household_id)) ?? null,
        members: codec.readInt(r.members), tags: restricted ? [] : codec.readJson<string[]>(r.tags) ?? [], weight: Number(r.weight), demand: codec.readInt(r.demand),
        quantity: codec.readInt(r.quantity), gridId: String(r.grid_id), gridName: grids.get(String(r.grid_id)) ?? '', status: String(r.status) as 'pending' | 'delivered' | 'none',
        method: (r.method as string | null) ?? null, note: (r.note as string | null) ?? null, deliveredAt: codec.readTs(r.delivered_at),
        deliveredBy: r.delivered_by ? users.get(String(r.delivered_by)) ?? '' : null, restricted, version: codec.readInt(r.version),
      };
    });
  }
}
export type Supplies = ReturnType<typeof createSupplies>;

/** The supplies' part of erasing a whole resident record (ADR 0037): the head reference of their lines is emptied. */
export async function eraseSupplyLinesOf(trx: Transaction<any>, residentId: string): Promise<Record<string, number>> {
  const res = await trx.updateTable('supply_round_lines').set({ head_resident_id: null }).where('head_resident_id', '=', residentId).executeTakeFirst();
  return { supply_round_lines: Number(res.numUpdatedRows) };
}
