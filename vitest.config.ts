import { defineConfig } from 'vitest/config';

// One config, several projects. `npm test` runs shared + web + analytics + server (SQLite, Redis, Mosquitto);
// `npm run test:pg` reruns the data-layer suites with DATABASE_URL pointing at PostgreSQL;
// `npm run test:e2e` drives Chromium against a real server.
// Unit and server projects: test files share a worker's module cache (isolate: false — no per-file re-import of the
// server's module graph): the SQLite run took 177 s instead of 248 s and the PostgreSQL run 120 s instead of 162 s (same
// machine, same hour). Safe because no test mocks modules, stubs globals or fakes timers (grep finds no vi.mock, vi.spyOn,
// useFakeTimers, stubEnv or stubGlobal) and each test builds its own app, database and clock; keep it that way (ADR 0045).
const shareModules = { isolate: false } as const;

export default defineConfig({
  test: {
    // Two cores: two forked workers across all projects.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { test: { ...shareModules, name: 'shared', root: 'packages/shared', include: ['src/**/*.test.ts'], environment: 'node' } },
      { test: { ...shareModules, name: 'web', root: 'packages/web', include: ['src/**/*.test.ts'], environment: 'node' } },
      { test: { ...shareModules, name: 'analytics', root: 'packages/analytics', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      {
        test: {
          ...shareModules, name: 'server', root: 'packages/server', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], environment: 'node',
          testTimeout: 60_000, hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e', root: 'packages/e2e', include: ['specs/**/*.test.ts'], environment: 'node', globalSetup: ['src/global-setup.ts'],
          testTimeout: 180_000, hookTimeout: 240_000,
          // Two spec files at a time (each has its own server, data directory and browser): 197 s instead of 261 s.
          isolate: true, fileParallelism: true,
          // A page on a busy two-core machine can take seconds to show what a request changed; vitest's default of 1 s
          // for expect.poll made specs fail in CI runs that passed on a quieter machine.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
