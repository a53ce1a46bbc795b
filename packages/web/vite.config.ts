import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/ under a CSP of `script-src 'self'`: the build must not emit inline scripts.
// `npm run dev -w @renxing/web` proxies /api and /healthz to the server (RENXING_API, default http://127.0.0.1:3000).
const api = process.env.RENXING_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/',
  plugins: [react()],
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
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack|i18next|react-i18next)[\\/]/, priority: 3 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|echarts-for-react)[\\/]/, priority: 2 },
            { name: 'antd', test: /node_modules[\\/]/, priority: 1, minShareCount: 2 },
          ],
        },
      },
    },
  },
  // Keep the browser's Host header (changeOrigin: false): the server refuses writes whose Origin differs from Host.
  server: { proxy: { '/api': { target: api, changeOrigin: false }, '/healthz': { target: api, changeOrigin: false } } },
  preview: { proxy: { '/api': { target: api, changeOrigin: false }, '/healthz': { target: api, changeOrigin: false } } },
});
