import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { type Plugin, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Writes a Brotli (`.br`) and a gzip (`.gz`) copy beside every built text file of 1 KiB or more; the server sends the
 * copy the browser accepts (@fastify/static `preCompressed`). A first visit to the workbench then fetches 0.5 MB of
 * scripts and styles instead of 1.9 MB — on a phone network, seconds (ADR 0062). Compressed once here, at the highest
 * levels, instead of on every request.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'renxing-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    // Compressed on libuv's thread pool, files side by side: Brotli's highest level costs ~4 s of CPU for the whole app.
    async writeBundle(_options, bundle) {
      const brotli = promisify(zlib.brotliCompress);
      const gzip = promisify(zlib.gzip);
      await Promise.all(Object.values(bundle).filter((o) => /\.(js|css|html|svg|json)$/.test(o.fileName)).map(async (o) => {
        // What was just written, from memory (the bundle), not read back from disk.
        const data = Buffer.from(o.type === 'chunk' ? o.code : o.source);
        if (data.length < 1024) return;
        const file = path.join(outDir, o.fileName);
        const [br, gz] = await Promise.all([
          brotli(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
          gzip(data, { level: 9 }),
        ]);
        await Promise.all([fs.promises.writeFile(`${file}.br`, br), fs.promises.writeFile(`${file}.gz`, gz)]);
      }));
    },
  };
}

// The server serves dist/ under a CSP of `script-src 'self'`: the build must not emit inline scripts.
// `npm run dev -w @renxing/web` proxies /api and /healthz to the server (RENXING_API, default http://127.0.0.1:3000).
const api = process.env.RENXING_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // @renxing/shared also holds the API contracts (zod schemas, packages/shared/src/contracts/); the server runs
      // them, the web app imports their types only. Declared free of side effects so that the unused schema
      // modules, and zod with them, stay out of the bundle.
      treeshake: { moduleSideEffects: [{ test: /[\\/]packages[\\/]shared[\\/]src[\\/]contracts[\\/]/, sideEffects: false }] },
      output: {
        // Long-lived vendor chunks so that app deploys do not re-download the framework on slow phone networks.
        // The component library in two (ADR 0064): `antd` holds what the entry itself runs — the login page, the
        // providers, the error and loading pages (Rolldown's `$initial` tag: statically reachable from the entry) —
        // and `antd-pages` the rest (tables, menus, pickers, drawers…), which the signed-in shell loads; the login page
        // then evaluates a third of the library instead of all of it.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack|i18next|react-i18next)[\\/]/, priority: 4 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|echarts-for-react)[\\/]/, priority: 3 },
            { name: 'antd', test: /node_modules[\\/]/, tags: ['$initial'], priority: 2 },
            { name: 'antd-pages', test: /node_modules[\\/]/, priority: 1, minShareCount: 2 },
          ],
        },
      },
    },
  },
  // Keep the browser's Host header (changeOrigin: false): the server refuses writes whose Origin differs from Host.
  server: { proxy: { '/api': { target: api, changeOrigin: false }, '/healthz': { target: api, changeOrigin: false } } },
  preview: { proxy: { '/api': { target: api, changeOrigin: false }, '/healthz': { target: api, changeOrigin: false } } },
});
