#!/usr/bin/env node
// `npm run test:pg`: the server suite (repositories, migrations, services, HTTP) once more against a real PostgreSQL
// (RENXING_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test). SQLite-only tests skip themselves.
import { spawnSync } from 'node:child_process';

const r = spawnSync('npx', ['vitest', 'run', '--project', 'server', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, RENXING_TEST_DIALECT: 'postgres' },
});
process.exit(r.status ?? 1);
