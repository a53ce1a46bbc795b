import { defineConfig } from 'vitest/config';

// One config, several projects. `npm test` runs shared + web + analytics + server (SQLite, Redis, Mosquitto);
// `npm run test:pg` reruns the data-layer suites with DATABASE_URL pointing at PostgreSQL;
// `npm run test:e2e` drives Chromium against a real server.
export default defineConfig({
  test: {
    // Two cores: two forked workers across all projects.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { test: { name: 'shared', root: 'packages/shared', include: ['src/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'web', root: 'packages/web', include: ['src/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'analytics', root: 'packages/analytics', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], environment: 'node', testTimeout: 60_000 } },
      {
        test: {
          name: 'server', root: 'packages/server', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], environment: 'node',
          testTimeout: 60_000, hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e', root: 'packages/e2e', include: ['specs/**/*.test.ts'], environment: 'node', globalSetup: ['src/global-setup.ts'],
          testTimeout: 180_000, hookTimeout: 240_000, fileParallelism: false,
          // A page on a busy two-core machine can take seconds to show what a request changed; vitest's default of 1 s
          // for expect.poll made specs fail in CI runs that passed on a quieter machine.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
