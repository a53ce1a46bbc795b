import { sql } from 'kysely';
import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/** The catalogue's first items (ADR 0075): what a community's emergency reserve holds in every plan. */
export const SUPPLY_CATALOGUE_START = [
  ['item-mask', '口罩', '只', 'protective'], ['item-rice', '大米', '袋', 'food'], ['item-oil', '食用油', '桶', 'food'],
  ['item-veg', '蔬菜包', '份', 'food'], ['item-fever', '退烧药', '盒', 'medicine'], ['item-antigen', '抗原检测试剂', '盒', 'medicine'],
  ['item-disinfect', '消毒液', '瓶', 'protective'], ['item-diaper', '成人纸尿裤', '包', 'daily'],
] as const;

/**
 * 物资保障 (ADR 0075): the catalogue, warehouses of a street or community, the stock per warehouse and item (changed only
 * with a movement in the same transaction; never below zero — a check constraint backs the conditional update), the
 * movements ledger (numbered per warehouse: `seq` from the warehouse's `movement_seq`, taken in the movement's
 * transaction, so the ledger's order is exact even within one millisecond), distribution rounds and their lines (one per household, snapshotted when the round opens).
 * Scope indexes are prefix indexes as migration 0027's; every referring column is indexed (ADR 0057).
 */
export const m0038Supplies: RxMigration = {
  name: '0038-supplies',
  async up(db, d) {
    const T = d.timestamp;
    const REAL = d.name === 'sqlite' ? 'real' : 'double precision';
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table supply_items (
      id text primary key,
      name text not null,
      unit text not null,
      category text not null check (category in ('food','medicine','protective','daily','other')),
      created_by text references users(id),
      created_at ${T} not null,
      unique (name, unit)
    )`);
    await ddl(db, 'create index supply_items_created_by_idx on supply_items(created_by) where created_by is not null');
    await ddl(db, `create table supply_warehouses (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      name text not null,
      address text not null,
      keeper_user_id text references users(id),
      movement_seq integer not null default 0,
      created_by text not null references users(id),
      created_at ${T} not null,
      version integer not null default 1,
      unique (org_id, name)
    )`);
    await ddl(db, `create index supply_warehouses_scope_idx on supply_warehouses(${prefix})`);
    await ddl(db, 'create index supply_warehouses_keeper_idx on supply_warehouses(keeper_user_id) where keeper_user_id is not null');
    await ddl(db, 'create index supply_warehouses_created_by_idx on supply_warehouses(created_by)');
    await ddl(db, `create table supply_stock (
      warehouse_id text not null references supply_warehouses(id),
      item_id text not null references supply_items(id),
      quantity integer not null check (quantity >= 0),
      updated_at ${T} not null,
      primary key (warehouse_id, item_id)
    )`);
    await ddl(db, 'create index supply_stock_item_idx on supply_stock(item_id)');
    await ddl(db, `create table supply_rounds (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      grid_id text references orgs(id),
      title text not null,
      item_id text not null references supply_items(id),
      warehouse_id text not null references supply_warehouses(id),
      rule text not null,
      tags text not null,
      weights text not null,
      per_household integer not null,
      per_person integer not null,
      supply integer not null,
      households integer not null,
      total_demand integer not null,
      allocated integer not null,
      returned integer,
      status text not null check (status in ('open','closed')),
      created_by text not null references users(id),
      created_at ${T} not null,
      closed_by text references users(id),
      closed_at ${T},
      version integer not null default 1
    )`);
    await ddl(db, `create index supply_rounds_scope_idx on supply_rounds(${prefix})`);
    await ddl(db, 'create index supply_rounds_org_idx on supply_rounds(org_id)');
    await ddl(db, 'create index supply_rounds_grid_idx on supply_rounds(grid_id) where grid_id is not null');
    await ddl(db, 'create index supply_rounds_item_idx on supply_rounds(item_id)');
    await ddl(db, 'create index supply_rounds_warehouse_idx on supply_rounds(warehouse_id)');
    await ddl(db, 'create index supply_rounds_created_by_idx on supply_rounds(created_by)');
    await ddl(db, 'create index supply_rounds_closed_by_idx on supply_rounds(closed_by) where closed_by is not null');
    await ddl(db, `create table supply_movements (
      id text primary key,
      warehouse_id text not null references supply_warehouses(id),
      seq integer not null,
      item_id text not null references supply_items(id),
      org_path text not null,
      kind text not null check (kind in ('receipt','donation','issue','adjust','allocation','return')),
      quantity integer not null,
      balance integer not null,
      party text,
      note text,
      round_id text references supply_rounds(id),
      created_by text not null references users(id),
      created_at ${T} not null,
      unique (warehouse_id, seq)
    )`);
    await ddl(db, 'create index supply_movements_item_idx on supply_movements(item_id)');
    await ddl(db, `create index supply_movements_scope_idx on supply_movements(${prefix})`);
    await ddl(db, 'create index supply_movements_round_idx on supply_movements(round_id) where round_id is not null');
    await ddl(db, 'create index supply_movements_created_by_idx on supply_movements(created_by)');
    await ddl(db, `create table supply_round_lines (
      id text primary key,
      round_id text not null references supply_rounds(id),
      seq integer not null,
      household_id text not null references households(id),
      head_resident_id text references residents(id),
      grid_id text not null references orgs(id),
      org_path text not null,
      members integer not null,
      tags text not null,
      weight ${REAL} not null,
      demand integer not null,
      quantity integer not null,
      status text not null check (status in ('pending','delivered','none')),
      method text,
      note text,
      delivered_by text references users(id),
      delivered_at ${T},
      version integer not null default 1
    )`);
    await ddl(db, 'create index supply_round_lines_list_idx on supply_round_lines(round_id, grid_id, status)');
    await ddl(db, `create index supply_round_lines_scope_idx on supply_round_lines(${prefix})`);
    await ddl(db, 'create index supply_round_lines_household_idx on supply_round_lines(household_id)');
    await ddl(db, 'create index supply_round_lines_head_idx on supply_round_lines(head_resident_id) where head_resident_id is not null');
    await ddl(db, 'create index supply_round_lines_grid_idx on supply_round_lines(grid_id)');
    await ddl(db, 'create index supply_round_lines_by_idx on supply_round_lines(delivered_by) where delivered_by is not null');
    const now = new Date().toISOString();
    for (const [id, name, unit, category] of SUPPLY_CATALOGUE_START) {
      await sql`insert into supply_items (id, name, unit, category, created_by, created_at) values (${id}, ${name}, ${unit}, ${category}, null, ${now})`.execute(db);
    }
  },
};
