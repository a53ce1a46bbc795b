import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sourceFiles, srcRelative, WEB_SRC } from '../source-files.test-util';

// Keyboard focus around dialogs (lib/dialog-focus.ts, ADR 0056). The browser suite (specs/accessibility.test.ts) walks a
// few dialogs by keyboard; this check covers the rest: a dialog that its page mounts only while open (the Modal or
// Drawer is `open` for good) gives focus back with useFocusReturn, and every Drawer moves the focus onto its dialog
// with useDrawerFocus.
const files = sourceFiles(WEB_SRC, (name) => name.endsWith('.tsx')).map((p) => ({ rel: srcRelative(p), code: fs.readFileSync(p, 'utf8') }));

/** The opening tags `<Modal …>` / `<Drawer …>` of a file (up to the tag's end; attributes may span lines). */
function tags(code: string, name: 'Modal' | 'Drawer'): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${name}[\\s>]`, 'g');
  for (let m = re.exec(code); m; m = re.exec(code)) {
    // The tag ends at the first '>' outside braces.
    let depth = 0;
    let i = m.index + name.length + 1;
    for (; i < code.length; i++) {
      const c = code[i];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '>' && depth === 0 && code[i - 1] !== '=') break;
    }
    out.push(code.slice(m.index, i + 1));
  }
  return out;
}
/** `open` given without a value: the dialog is open as long as it is mounted. */
const alwaysOpen = (tag: string) => /\sopen(?=[\s>/])(?!\s*=)/.test(tag);

/** Dialogs that need no focus return, with the reason. */
const NO_OPENER: Record<string, string> = {
  // Shown on arrival until the user confirms the notice: no control opened it.
  'features/notice/notice-gate.tsx': 'shown on arrival, not opened by a control',
};

describe('keyboard focus around dialogs', () => {
  it('finds the dialogs it checks', () => {
    expect(files.filter((f) => tags(f.code, 'Modal').some(alwaysOpen)).length).toBeGreaterThan(10);
    expect(files.filter((f) => tags(f.code, 'Drawer').length).length).toBeGreaterThan(5);
  });

  it('a Modal or Drawer mounted only while open gives the focus back (useFocusReturn)', () => {
    const missing = files
      .filter((f) => !(f.rel in NO_OPENER))
      .map((f) => ({ rel: f.rel, open: [...tags(f.code, 'Modal'), ...tags(f.code, 'Drawer')].filter(alwaysOpen).length, calls: (f.code.match(/\buseFocusReturn\(\);/g) ?? []).length }))
      .filter((f) => f.open > f.calls);
    expect(missing, 'each component with an always-open Modal or Drawer calls useFocusReturn() (lib/dialog-focus.ts)').toEqual([]);
  });

  it('every Drawer puts the focus on its dialog (useDrawerFocus)', () => {
    const missing = files
      .flatMap((f) => tags(f.code, 'Drawer').filter((t) => !/\{\.\.\.\w*[dD]rawerFocus\}/.test(t)).map((t) => `${f.rel}: ${t.slice(0, 80)}`));
    expect(missing, 'each <Drawer> spreads the props of useDrawerFocus() (lib/dialog-focus.ts)').toEqual([]);
  });
});
