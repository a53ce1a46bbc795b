import type { Database } from '../../platform/db/database';
import type { Kysely } from 'kysely';
import type { Codec } from '../../platform/db/codec';

/**
 * Read-only figures of supply shortages under an area (for the 指挥部 dispatch meeting's agenda, ADR 0090): open
 * distribution rounds whose stock did not cover the households' demand (and by how much), and the warehouse items whose
 * stock has run out.
 */
export async function supplyShortageFigures(database: Database, areaPath: string): Promise<{ shortRounds: number; shortfall: number; outOfStock: number }> {
  const { db, codec } = database;
  const [rounds, empty] = await Promise.all([
    db.selectFrom('supply_rounds').select(['total_demand', 'allocated']).where('org_path', 'like', `${areaPath}%`).where('status', '=', 'open').limit(1000).execute(),
    db.selectFrom('supply_stock as s').innerJoin('supply_warehouses as w', 'w.id', 's.warehouse_id').select((eb) => eb.fn.countAll().as('n'))
      .where('w.org_path', 'like', `${areaPath}%`).where('s.quantity', '=', 0).executeTakeFirst(),
  ]);
  const short = rounds.filter((r) => codec.readInt(r.allocated) < codec.readInt(r.total_demand));
  return {
    shortRounds: short.length, shortfall: short.reduce((a, r) => a + codec.readInt(r.total_demand) - codec.readInt(r.allocated), 0), outOfStock: codec.readInt(empty?.n ?? 0),
  };
}

/** 上级任务 / 日报 figures (ADR 0093): what the warehouses of an area hold now, in all units added up, and how many kinds of item. */
export async function supplyFigures(db: Kysely<any>, codec: Codec, areaPath: string) {
  const rows = await db.selectFrom('supply_stock as s').innerJoin('supply_warehouses as w', 'w.id', 's.warehouse_id').select(['s.item_id', 's.quantity'])
    .where('w.org_path', 'like', `${areaPath}%`).where('s.quantity', '>', 0).execute();
  return { units: rows.reduce((a, r) => a + codec.readInt(r.quantity), 0), items: new Set(rows.map((r) => String(r.item_id))).size };
}
