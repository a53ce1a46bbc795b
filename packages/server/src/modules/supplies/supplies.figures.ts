import type { Kysely } from 'kysely';
import type { Codec } from '../../platform/db/codec';

/** 上级任务 / 日报 figures (ADR 0093): what the warehouses of an area hold now, in all units added up, and how many kinds of item. */
export async function supplyFigures(db: Kysely<any>, codec: Codec, areaPath: string) {
  const rows = await db.selectFrom('supply_stock as s').innerJoin('supply_warehouses as w', 'w.id', 's.warehouse_id').select(['s.item_id', 's.quantity'])
    .where('w.org_path', 'like', `${areaPath}%`).where('s.quantity', '>', 0).execute();
  return { units: rows.reduce((a, r) => a + codec.readInt(r.quantity), 0), items: new Set(rows.map((r) => String(r.item_id))).size };
}
