import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * 物资预约 (ADR 0076): offers of one item with a quota per household and pickup slots, and the households'
 * reservations (one standing per household and offer: a partial unique index over reserved / picked up; a code unique in
 * the offer). `supply_movements.offer_id`: the set-aside and the return of an offer in the warehouse's ledger.
 * Scope indexes are prefix indexes as migration 0027's; every referring column is indexed (ADR 0057).
 */
export const m0039SupplyOffers: RxMigration = {
  name: '0039-supply-offers',
  async up(db, d) {
    const T = d.timestamp;
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create table supply_offers (
      id text primary key,
      org_id text not null references orgs(id),
      org_path text not null,
      title text not null,
      item_id text not null references supply_items(id),
      warehouse_id text not null references supply_warehouses(id),
      quota integer not null check (quota >= 1),
      total integer not null check (total >= 1),
      place text not null,
      opens_at ${T} not null,
      closes_at ${T} not null,
      priority_hours integer not null default 0,
      status text not null check (status in ('open','closed')),
      returned integer,
      created_by text not null references users(id),
      created_at ${T} not null,
      closed_by text references users(id),
      closed_at ${T},
      version integer not null default 1
    )`);
    await ddl(db, `create index supply_offers_scope_idx on supply_offers(${prefix})`);
    await ddl(db, 'create index supply_offers_org_idx on supply_offers(org_id)');
    await ddl(db, 'create index supply_offers_item_idx on supply_offers(item_id)');
    await ddl(db, 'create index supply_offers_warehouse_idx on supply_offers(warehouse_id)');
    await ddl(db, 'create index supply_offers_created_by_idx on supply_offers(created_by)');
    await ddl(db, 'create index supply_offers_closed_by_idx on supply_offers(closed_by) where closed_by is not null');
    await ddl(db, `create table supply_offer_slots (
      id text primary key,
      offer_id text not null references supply_offers(id),
      starts_at ${T} not null,
      ends_at ${T} not null,
      capacity integer not null check (capacity >= 1)
    )`);
    await ddl(db, 'create index supply_offer_slots_offer_idx on supply_offer_slots(offer_id, starts_at)');
    await ddl(db, `create table supply_reservations (
      id text primary key,
      offer_id text not null references supply_offers(id),
      slot_id text not null references supply_offer_slots(id),
      household_id text not null references households(id),
      head_resident_id text references residents(id),
      reserved_by text not null references users(id),
      by_resident ${d.bool} not null,
      quantity integer not null check (quantity >= 1),
      code text not null,
      status text not null check (status in ('reserved','picked_up','cancelled','expired')),
      created_at ${T} not null,
      picked_up_by text references users(id),
      picked_up_at ${T},
      version integer not null default 1
    )`);
    await ddl(db, `create unique index supply_reservations_standing_idx on supply_reservations(offer_id, household_id) where status in ('reserved','picked_up')`);
    await ddl(db, 'create unique index supply_reservations_code_idx on supply_reservations(offer_id, code)');
    await ddl(db, 'create index supply_reservations_slot_idx on supply_reservations(slot_id, status)');
    await ddl(db, 'create index supply_reservations_household_idx on supply_reservations(household_id)');
    await ddl(db, 'create index supply_reservations_head_idx on supply_reservations(head_resident_id) where head_resident_id is not null');
    await ddl(db, 'create index supply_reservations_by_idx on supply_reservations(reserved_by)');
    await ddl(db, 'create index supply_reservations_picked_by_idx on supply_reservations(picked_up_by) where picked_up_by is not null');
    await ddl(db, 'alter table supply_movements add column offer_id text references supply_offers(id)');
    await ddl(db, 'create index supply_movements_offer_idx on supply_movements(offer_id) where offer_id is not null');
  },
};
