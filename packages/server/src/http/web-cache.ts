// Caching of the built web app (ADR 0062). Vite names every file under assets/ after a hash of its content, so a
// browser may keep it for good: a new build has new names. Everything else — the HTML shell above all, which names the
// current build's files — is revalidated on each use (`no-cache`: kept, but asked about), so a deploy is seen at once.
import path from 'node:path';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** True for a built file with a content hash in its name: under `assets/` of the web directory (not of any folder above it). */
export function isHashedAsset(webDir: string, filePath: string): boolean {
  const rel = path.relative(webDir, filePath);
  return rel.startsWith(`assets${path.sep}`);
}

/**
 * @fastify/static `setHeaders` for the web directory: the cache rule above, and `Vary: Accept-Encoding` — the same URL is
 * sent as Brotli, gzip or plain text depending on what the browser accepts (`preCompressed`), and a shared cache must
 * not mix them up.
 */
export function webCacheHeaders(webDir: string) {
  return (res: { setHeader: (name: string, value: string) => unknown }, filePath: string): void => {
    res.setHeader('vary', 'Accept-Encoding');
    res.setHeader('cache-control', isHashedAsset(webDir, filePath) ? IMMUTABLE : REVALIDATE);
  };
}
