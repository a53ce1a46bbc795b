import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles as filesUnder, WEB_SRC } from '../source-files.test-util';

const sourceFiles = (dir: string) => filesUnder(dir, (name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name));

// The web app's feature rule (docs/ARCHITECTURE.md): a feature folder's index.ts is its public surface. Code outside the
// folder — another feature, pages/, the app shell — imports only `features/<name>` (its index.ts), never a file inside
// it. The composition root is the exception: app/router.tsx wires each feature's routes (and lazy pages), i18n/*.ts
// each feature's texts.
const SRC = WEB_SRC;
const FEATURES = path.join(SRC, 'features');
const COMPOSITION_ROOT = [path.join('app', 'router.tsx'), path.join('i18n', 'zh-CN.ts'), path.join('i18n', 'en.ts')];

/** Every module specifier of a file: `import … from`, `export … from`, `import '…'` and `import('…')`. */
function specifiers(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) out.push(m[1]!);
  return out;
}

/** The feature a path lies in (its folder name), or null. */
const featureOf = (p: string): string | null => {
  const rel = path.relative(FEATURES, p);
  return rel.startsWith('..') || path.isAbsolute(rel) ? null : (rel.split(path.sep)[0] ?? null);
};

/** Imports that reach into another feature's files instead of its index.ts: "file → specifier". */
function violations(files: readonly string[], read: (f: string) => string): string[] {
  const bad: string[] = [];
  for (const file of files) {
    if (COMPOSITION_ROOT.includes(path.relative(SRC, file))) continue;
    const own = featureOf(file);
    for (const spec of specifiers(read(file))) {
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      const feature = featureOf(target);
      if (!feature || feature === own) continue;
      if (target !== path.join(FEATURES, feature)) bad.push(`${path.relative(SRC, file)} → ${spec}`);
    }
  }
  return bad;
}

describe('feature boundaries (features/<name>/index.ts is the public surface)', () => {
  it('no code outside a feature imports a file inside it, except the composition root', () => {
    expect(violations(sourceFiles(SRC), (f) => fs.readFileSync(f, 'utf8'))).toEqual([]);
  });

  it('catches a deep import from another feature, a page or the shell, and lets index, own-feature and root imports pass', () => {
    const files: Record<string, string> = {
      [path.join(FEATURES, 'warnings', 'bell.tsx')]: "import { correctionNotice } from '../corrections/corrections.logic';\nimport { x } from './api';",
      [path.join(FEATURES, 'self-reports', 'page.tsx')]: "import { EmergencyStateTag } from '../emergencies';\nexport { y } from '../emergencies/emergency.tag';",
      [path.join(SRC, 'pages', 'dashboard.page.tsx')]: "import { OverviewCard } from '../features/overview/overview.card';\nimport { Tag } from '../features/emergencies';",
      [path.join(SRC, 'app', 'app-layout.tsx')]: "const P = lazy(() => import('../features/notice/notice.page'));",
      [path.join(SRC, 'app', 'router.tsx')]: "import { emergencyPages } from '../features/emergencies/routes';",
      [path.join(SRC, 'i18n', 'en.ts')]: "import { areasEn } from '../features/areas/i18n';",
    };
    expect(violations(Object.keys(files), (f) => files[f]!)).toEqual([
      `${path.join('features', 'warnings', 'bell.tsx')} → ../corrections/corrections.logic`,
      `${path.join('features', 'self-reports', 'page.tsx')} → ../emergencies/emergency.tag`,
      `${path.join('pages', 'dashboard.page.tsx')} → ../features/overview/overview.card`,
      `${path.join('app', 'app-layout.tsx')} → ../features/notice/notice.page`,
    ]);
  });
});
