// Starts the real system for browser tests (server-process.ts), from the run's seeded template (global-setup.ts), or
// points the suite at an already running deployment (RENXING_E2E_BASE_URL).
import { inject } from 'vitest';
import { assertWebServed, startServerProcess, type RunningServer } from './server-process';

export { DEMO_PASSWORD, REPO_ROOT, SCRUBBED_ENV, ensureWebBuilt, type RunningServer } from './server-process';

/**
 * Starts the real server (SQLite in a fresh temp dir, demo seed, port chosen by the OS) and waits for
 * GET /healthz → 200. `stop()` ends it and deletes the data directory.
 */
export async function startServer(options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunningServer> {
  // Point the suite at an already running deployment instead (its data is then not fresh).
  const external = process.env.RENXING_E2E_BASE_URL;
  if (external) {
    const baseUrl = external.replace(/\/$/, '');
    await assertWebServed(baseUrl);
    return { baseUrl, dataDir: '', output: () => '', stop: async () => {} };
  }
  return startServerProcess({ ...options, templateDir: inject('e2eTemplateDir') });
}
