#!/usr/bin/env node
// `npm run test:pg`: the server suite (repositories, migrations, services, HTTP) once more against a real PostgreSQL
// (RENXING_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test). SQLite-only tests skip themselves; the
// database-free folders below are not rerun.
// Test schemas (t_*) are dropped before and after the run, never while tests run in parallel.
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const url = process.env.RENXING_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function dropTestSchemas() {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query("select nspname from pg_namespace where nspname ~ '^t_[0-9a-f]{12}$'");
    for (const r of rows) await client.query(`drop schema if exists "${r.nspname}" cascade`);
  } catch (e) {
    process.stderr.write(`test-pg: could not clean test schemas: ${e.message}\n`);
  } finally {
    await client.end().catch(() => {});
  }
}

// Folders whose tests never open a database (file parsing and validation, the synthetic-data generator, the
// analytics command line): they ran in `npm test` already, and a second run on "PostgreSQL" would test nothing new.
const DATABASE_FREE = ['src/modules/registry/import/**', 'src/modules/registry/demo/**', 'src/modules/analytics-cli/**'];

await dropTestSchemas();
const r = spawnSync('npx', ['vitest', 'run', '--project', 'server', ...DATABASE_FREE.flatMap((g) => ['--exclude', g]), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, RENXING_TEST_DIALECT: 'postgres' },
});
await dropTestSchemas();
process.exit(r.status ?? 1);
