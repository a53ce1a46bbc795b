import { defineConfig } from 'vitest/config';

// Unit tests of the web package's pure modules. The root vitest.config.ts has no `web` project yet, so run:
//   npx vitest run --config packages/web/vitest.config.ts
export default defineConfig({
  test: { name: 'web', root: import.meta.dirname, include: ['src/**/*.test.ts'], environment: 'node' },
});
