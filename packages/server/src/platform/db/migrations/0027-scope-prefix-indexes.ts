import { ddl } from '../dialect';
import type { RxMigration } from '../migrate';

/**
 * Indexes that the area-scope filters can use (ADR 0047). Every area-scoped read of the registry filters
 * `org_path like '<area path>%'`. Neither database used the existing `org_path` indexes for that:
 *
 * - SQLite applies its LIKE optimisation only to an index whose column uses the NOCASE collation (LIKE is
 *   case-insensitive by default; paths are digits and slashes, so NOCASE changes nothing else). With a BINARY index the
 *   planner scans the whole table: a community's or a street's overview, list, quality check or population count read all
 *   of a district's residents (300,000 rows: 0.5–3 s).
 * - PostgreSQL uses a B-tree for a LIKE prefix only with the C collation or `text_pattern_ops` (a database created with
 *   C.UTF-8 or a language collation is not "C" to the planner).
 *
 * `residents(org_path, status)`: also covering for the active-population counts (`status = 'active'`), so a district's
 * count reads the index only. `households(org_path)`: the quality checks and household counts of an area.
 *
 * `residents(name, birth_date, status)`: the data-quality check 可能重复 (ADR 0020) looks, for each resident of the area,
 * for another active record with the same name and birth date. With only the name index it read every record of the
 * name in the whole installation (common names: hundreds each), 2 s for a 6,000-person community among 300,000.
 */
export const m0027ScopePrefixIndexes: RxMigration = {
  name: '0027-scope-prefix-indexes',
  async up(db, d) {
    const prefix = d.name === 'sqlite' ? 'org_path collate nocase' : 'org_path text_pattern_ops';
    await ddl(db, `create index residents_scope_idx on residents(${prefix}, status)`);
    await ddl(db, `create index households_scope_idx on households(${prefix})`);
    await ddl(db, 'create index residents_name_birth_idx on residents(name, birth_date, status)');
  },
};
