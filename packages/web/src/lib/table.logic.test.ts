import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blankWhileLoading, isSpinning } from './table.logic';
import { sourceFiles, srcRelative, WEB_SRC } from '../source-files.test-util';

describe('a table loading with no rows shows a blank, not its empty text (table.tsx)', () => {
  it('before the first answer: loading, no rows yet → blank', () => {
    expect(blankWhileLoading(true, [])).toBe(true);
    expect(blankWhileLoading(true, undefined)).toBe(true);
    expect(blankWhileLoading({ tip: '…' } as { spinning?: boolean }, [])).toBe(true);
  });

  it('the answer came and it is empty → the empty text', () => {
    expect(blankWhileLoading(false, [])).toBe(false);
    expect(blankWhileLoading(undefined, [])).toBe(false);
    expect(blankWhileLoading({ spinning: false }, [])).toBe(false);
  });

  it('rows on screen (a refetch keeps them under the spinner) → no blank', () => {
    expect(blankWhileLoading(true, [{ id: 'a' }])).toBe(false);
    expect(blankWhileLoading(false, [{ id: 'a' }])).toBe(false);
  });

  it('reads `loading` as antd does: a flag, or spinner props spinning unless spinning: false', () => {
    expect([isSpinning(true), isSpinning(false), isSpinning(undefined)]).toEqual([true, false, false]);
    expect([isSpinning({}), isSpinning({ spinning: true }), isSpinning({ spinning: false })]).toEqual([true, true, false]);
  });
});

describe('every table in the web app is the shared DataTable', () => {
  // antd's own Table would show its empty text under the spinner again: only lib/table.tsx may render it.
  const files = sourceFiles(WEB_SRC, (name) => name.endsWith('.tsx'));
  const rel = srcRelative;
  it('finds the tables', () => {
    expect(files.filter((f) => /<DataTable\b/.test(fs.readFileSync(f, 'utf8'))).length).toBeGreaterThan(10);
  });
  it('no file but lib/table.tsx renders antd’s <Table>', () => {
    const direct = files.filter((f) => rel(f) !== 'lib/table.tsx' && /<Table\b/.test(fs.readFileSync(f, 'utf8'))).map(rel);
    expect(direct).toEqual([]);
  });
});
