import { sql } from 'kysely';
import type { Database } from '../../platform/db/database';

/** Every (table, column) of the live schema, on either dialect. */
export async function listSchemaColumns(database: Database): Promise<Array<{ table: string; column: string }>> {
  const { db, dialect } = database;
  if (dialect.name === 'sqlite') {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
    const out: Array<{ table: string; column: string }> = [];
    for (const t of tables.rows) {
      const cols = await sql<{ name: string }>`select name from pragma_table_info(${t.name})`.execute(db);
      for (const c of cols.rows) out.push({ table: t.name, column: c.name });
    }
    return out;
  }
  const r = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`.execute(db);
  return r.rows.map((x) => ({ table: x.table_name, column: x.column_name }));
}
