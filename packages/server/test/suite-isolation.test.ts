// The unit and server projects run with `isolate: false` (vitest.config.ts, ADR 0045): test files in one worker share
// its module cache. That is only sound while no test file replaces a module or a global for the files after it. This
// test walks every test file of those projects and fails on the vitest APIs that do (module mocks, spies, fake timers,
// stubbed env/globals) — use a real component or a parameter instead, or give the file its own project.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const PACKAGES = path.resolve(import.meta.dirname, '../..');
const PROJECT_DIRS = ['shared/src', 'analytics/src', 'analytics/test', 'web/src', 'server/src', 'server/test'];
// Spelled in pieces so that this file does not match itself.
const FORBIDDEN = ['mock', 'doMock', 'spyOn', 'useFakeTimers', 'stubEnv', 'stubGlobal', 'stubGlobals'].map((api) => `vi.${api}(`);

function testFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...testFiles(p));
    } else if (entry.name.endsWith('.test.ts')) {
      out.push(p);
    }
  }
  return out;
}

describe('test files share modules safely (isolate: false)', () => {
  const files = PROJECT_DIRS.flatMap((d) => testFiles(path.join(PACKAGES, d)));

  it('finds the test files it is meant to check', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.endsWith('suite-isolation.test.ts'))).toBe(true);
  });

  it('no test file mocks modules, spies, fakes timers or stubs env/globals', () => {
    const offenders: string[] = [];
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const api of FORBIDDEN) {
        if (text.includes(api)) offenders.push(`${path.relative(PACKAGES, f)}: ${api}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the check itself recognises a forbidden call', () => {
    const sample = ['const x = 1;', `${'vi'}.${'mock'}('../db')`].join('\n');
    expect(FORBIDDEN.some((api) => sample.includes(api))).toBe(true);
  });
});
