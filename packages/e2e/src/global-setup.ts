// Runs once per `vitest --project e2e` run: seeds the demo community into a template data directory, which every spec
// file's server then starts from (a copy). Seeding 6,000 residents at each server start cost ~4 s per spec file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT, SCRUBBED_ENV } from './harness';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data directory with the migrated, seeded demo community (empty string: none, servers seed themselves). */
    e2eTemplateDir: string;
  }
}

export default function setup(project: TestProject) {
  project.provide('e2eTemplateDir', '');
  if (process.env.RENXING_E2E_BASE_URL) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-e2e-template-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of SCRUBBED_ENV) delete env[key];
  Object.assign(env, { RENXING_DATA_DIR: dir, RENXING_LOG_LEVEL: 'warn' });
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'packages/server/bin/renxing.mjs'), 'seed', '--demo'], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0 || !fs.existsSync(path.join(dir, 'renxing.db'))) {
    // Not fatal: each server seeds itself as before (slower). The reason is printed for whoever looks.
    process.stderr.write(`e2e: could not prepare the seeded template (exit ${r.status}); servers will seed themselves\n${r.stderr}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  project.provide('e2eTemplateDir', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
