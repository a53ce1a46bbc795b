import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import type { AuditActor, AuditService } from '../audit';
import type { Offers } from './supplies.offers';
import type { Supplies } from './supplies.service';

/** Who acts in the demo's supplies (ADR 0075): the community admin, the street staff, the grid worker delivering. */
export type SupplyDemo = { admin: Principal; street: Principal | null; deliverer: Principal | null };

/**
 * The demo community's reserve, once (nothing when a warehouse exists), through the module's own rules: a community
 * warehouse stocked from the district and the vegetable wholesaler, donations (masks from a company, antigen tests from
 * the Red Cross — invented names), an issue to the sampling site and a count; the street's reserve; and an open round of
 * vegetable packs for grid 1 with supply for about 60 % of its households, shared by 加权公平 — the vulnerable households
 * first — a few of them already delivered by the grid worker.
 */
export async function seedSupplyDemo(
  platform: Platform, supplies: Supplies, audit: AuditService, actor: AuditActor, d: SupplyDemo, offers?: Offers,
): Promise<{ roundId: string; offerId: string | null } | null> {
  const { db, writes } = platform.database;
  if (await db.selectFrom('supply_warehouses').select('id').limit(1).executeTakeFirst()) return null;
  const run = async (write: (trx: any) => Promise<void>, objectType: string, objectId: string) => writes.run(async (trx) => {
    await write(trx);
    await audit.append(trx, actor, { action: 'create', objectType, objectId, outcome: 'success' });
  });
  const wh = await supplies.addWarehouse(d.admin, { name: '社区应急物资储备点', address: '社区党群服务中心一楼东侧', keeperId: d.admin.id });
  await run(wh.write, 'supply_warehouse', wh.id);
  const moves: Array<[string, 'receipt' | 'donation' | 'issue' | 'adjust', number, string | undefined, string | undefined]> = [
    ['item-rice', 'receipt', 200, '区应急管理局调拨', undefined],
    ['item-oil', 'receipt', 100, '区应急管理局调拨', undefined],
    ['item-veg', 'receipt', 400, '舟山市蔬菜配送中心（演示）', '每份约 5 斤，当天分完'],
    ['item-mask', 'donation', 5000, '海星水产有限公司（演示）', '爱心企业捐赠'],
    ['item-antigen', 'donation', 1000, '区红十字会（演示）', undefined],
    ['item-fever', 'receipt', 80, '社区卫生服务站', undefined],
    ['item-disinfect', 'receipt', 60, '区疾控中心', undefined],
    ['item-mask', 'issue', 500, '社区核酸采样点', '采样点三天用量'],
    ['item-disinfect', 'adjust', 58, undefined, '盘点：两瓶破损'],
  ];
  for (const [itemId, kind, quantity, party, note] of moves) {
    const m = await supplies.move(d.admin, wh.id, { itemId, kind, quantity, party, note });
    await run(m.write, 'supply_warehouse', wh.id);
  }
  if (d.street) {
    const sw = await supplies.addWarehouse(d.street, { name: '街道应急物资储备库', address: '街道综合服务中心地下一层' });
    await run(sw.write, 'supply_warehouse', sw.id);
    for (const [itemId, quantity] of [['item-rice', 1000], ['item-mask', 20000], ['item-diaper', 300]] as const) {
      const m = await supplies.move(d.street, sw.id, { itemId, kind: 'receipt', quantity, party: '区应急管理局调拨' });
      await run(m.write, 'supply_warehouse', sw.id);
    }
  }
  const grid = d.deliverer && d.deliverer.orgLevel === 'grid' ? d.deliverer.orgId : undefined;
  const plan = { warehouseId: wh.id, itemId: 'item-veg', ...(grid ? { gridId: grid } : {}), perHousehold: 1, perPerson: 0, supply: 1 };
  const preview = await supplies.preview(d.admin, plan).catch(() => null);
  if (!preview) return null;
  const supply = Math.max(1, Math.min(preview.available, Math.floor(preview.households * 0.6)));
  const round = await supplies.open(d.admin, { ...plan, supply, title: '封控第3天蔬菜包', rule: 'weighted_fair' });
  await run(round.write, 'supply_round', round.id);
  if (d.deliverer) {
    const { items } = await db.selectFrom('supply_round_lines').select(['id', 'version']).where('round_id', '=', round.id).where('quantity', '>', 0)
      .orderBy('seq').limit(6).execute().then((rows) => ({ items: rows }));
    for (const [i, l] of items.entries()) {
      const del = await supplies.deliver(d.deliverer, round.id, String(l.id), { status: 'delivered', method: i % 3 === 2 ? 'pickup' : 'doorstep', version: Number(l.version) });
      await run(del.write, 'supply_line', String(l.id));
    }
  }
  // 物资预约 (ADR 0076): masks, ten per household, picked up tomorrow in half-hour slots; households with a care tag
  // (the demo resident's, with a parent aged 80+) may reserve at once, the others two hours after the opening.
  let offerId: string | null = null;
  if (offers) {
    const now = platform.clock.now().getTime();
    const tomorrow = new Date(now + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    const slot = (hhmm: string, minutes: number) => {
      const start = Date.parse(`${tomorrow}T${hhmm}:00+08:00`);
      return { startsAt: new Date(start).toISOString(), endsAt: new Date(start + minutes * 60_000).toISOString() };
    };
    const slots = [...['09:00', '09:30', '10:00', '10:30', '11:00'].map((x) => slot(x, 30)), ...['14:00', '14:30', '15:00', '15:30', '16:00'].map((x) => slot(x, 30))];
    const o = await offers.create(d.admin, {
      title: '口罩预约：每户限 10 只', warehouseId: wh.id, itemId: 'item-mask', quota: 10, total: 1000, place: '社区党群服务中心一楼大厅',
      opensAt: new Date(now - 3_600_000).toISOString(), closesAt: new Date(now + 2 * 86_400_000).toISOString(), priorityHours: 2, slots, slotCapacity: 30,
    });
    await run(o.write, 'supply_offer', o.id);
    offerId = o.id;
  }
  return { roundId: round.id, offerId };
}
