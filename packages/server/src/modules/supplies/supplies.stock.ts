import { sql, type Kysely, type Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { inAreaOrAbove, seesPath, type OrgsService } from '../orgs';

export type Item = { id: string; name: string; unit: string; category: string };

/**
 * The stock mechanics shared by distribution rounds (ADR 0075) and offers (ADR 0076): who sees a warehouse, the shelf's
 * quantity, a change that never goes below zero, the ledger's numbering, and the errors they answer with.
 */
export function createStock(deps: { platform: Platform; orgs: OrgsService }) {
  const { db, codec, dialect } = deps.platform.database;
  const insufficient = (path: string, onShelf: number, unit: string) => errors.conflict('insufficient_stock', `库存不足：现有 ${onShelf}${unit}`, `Not enough stock: ${onShelf} on the shelf`, [
    { path, code: 'insufficient_stock', message: `库存只有 ${onShelf}${unit}`, messageEn: `only ${onShelf} in stock` }]);
  const stale = (version: unknown) => errors.stale(codec.readInt(version));
  const notFoundField = (path: string, zh: string, en: string) => new AppError(404, 'not_found', `${zh}不存在`, `${en} not found`, [
    { path, code: 'not_found', message: `${zh}不存在或不在您的范围内`, messageEn: `no such ${en.toLowerCase()} in your area` }]);

  /** Of the caller's area and below, or of the areas above it (a community sees its street's reserve). */
  const sees = (p: Principal, path: string) => seesPath(p.orgPath, path);
  const visibleWhere = (p: Principal, alias: string) => inAreaOrAbove(alias, p.orgPath);

  async function itemOf(id: string, path = 'itemId'): Promise<Item> {
    const r = await db.selectFrom('supply_items').select(['id', 'name', 'unit', 'category']).where('id', '=', id).executeTakeFirst();
    if (!r) throw notFoundField(path, '物资品类', 'Item');
    return { id: String(r.id), name: String(r.name), unit: String(r.unit), category: String(r.category) };
  }

  async function warehouseRow(p: Principal, id: string, o: { own?: boolean; path?: string } = {}) {
    const r = await db.selectFrom('supply_warehouses').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !(o.own ? deps.orgs.inScope(p.orgPath, String(r.org_path)) : sees(p, String(r.org_path)))) {
      if (o.path) throw notFoundField(o.path, '储备点', 'Warehouse');
      throw errors.notFound('储备点', 'Warehouse');
    }
    return r as Record<string, unknown>;
  }

  async function onShelf(trx: Transaction<any> | Kysely<any>, warehouseId: string, itemId: string): Promise<number> {
    let q = trx.selectFrom('supply_stock').select('quantity').where('warehouse_id', '=', warehouseId).where('item_id', '=', itemId);
    if (dialect.name === 'postgres') q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r ? codec.readInt(r.quantity) : 0;
  }

  /** Adds (delta > 0) or takes (delta < 0, only while the shelf holds it) and answers the new quantity, or null when short. */
  async function change(trx: Transaction<any>, warehouseId: string, itemId: string, delta: number, at: Date): Promise<number | null> {
    if (delta >= 0) {
      await trx.insertInto('supply_stock').values({ warehouse_id: warehouseId, item_id: itemId, quantity: delta, updated_at: codec.ts(at) })
        .onConflict((oc) => oc.columns(['warehouse_id', 'item_id']).doUpdateSet({ quantity: sql`supply_stock.quantity + ${delta}`, updated_at: codec.ts(at) })).execute();
    } else {
      const res = await trx.updateTable('supply_stock').set({ quantity: sql`quantity - ${-delta}`, updated_at: codec.ts(at) })
        .where('warehouse_id', '=', warehouseId).where('item_id', '=', itemId).where('quantity', '>=', -delta).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return null;
    }
    return onShelf(trx, warehouseId, itemId);
  }

  /** The warehouse's next ledger number (also serialises the warehouse's movements on PostgreSQL: the row is locked). */
  async function nextSeq(trx: Transaction<any>, warehouseId: string): Promise<number> {
    const r = await trx.updateTable('supply_warehouses').set({ movement_seq: sql`movement_seq + 1` }).where('id', '=', warehouseId).returning('movement_seq').executeTakeFirstOrThrow();
    return codec.readInt(r.movement_seq);
  }

  return { insufficient, stale, notFoundField, sees, visibleWhere, itemOf, warehouseRow, onShelf, change, nextSeq };
}
