// For tests that read the web app's own source (rules no type checker enforces: feature boundaries, one table, retry
// buttons). Node only: imported by *.test.ts files, never by the app.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/web/src */
export const WEB_SRC = path.dirname(fileURLToPath(import.meta.url));

/** Every file under `dir` whose name matches `keep` (recursively), as absolute paths. */
export function sourceFiles(dir: string, keep: (name: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p, keep);
    return keep(e.name) ? [p] : [];
  });
}

/** A path relative to packages/web/src with forward slashes (`pages/full-page.tsx`). */
export const srcRelative = (file: string) => path.relative(WEB_SRC, file).split(path.sep).join('/');
