import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAppendOnlyFile, rewriteAtomically } from './append-only-file';

describe('append-only JSON-lines file (the erasure ledger, ADR 0043)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-aof-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the file (and its directory) private, appends one line per call, and reads nothing from a missing file', () => {
    const f = openAppendOnlyFile(path.join(dir, 'sub', 'ledger.jsonl'));
    expect(f.read()).toEqual({ entries: [], invalid: [] });
    f.append({ a: 1 });
    f.append({ b: '二' });
    expect(fs.readFileSync(f.file, 'utf8')).toBe('{"a":1}\n{"b":"二"}\n');
    expect((fs.statSync(f.file).mode & 0o777).toString(8)).toBe('600');
    expect(f.read()).toEqual({ entries: [{ line: 1, value: { a: 1 } }, { line: 2, value: { b: '二' } }], invalid: [] });
  });

  it('ends a torn last line before appending, and reports lines that are not JSON objects', () => {
    const f = openAppendOnlyFile(path.join(dir, 'torn.jsonl'));
    fs.writeFileSync(f.file, '{"a":1}\n{"b":');
    f.append({ c: 3 });
    fs.appendFileSync(f.file, '[1,2]\n\n"x"\n');
    expect(fs.readFileSync(f.file, 'utf8')).toBe('{"a":1}\n{"b":\n{"c":3}\n[1,2]\n\n"x"\n');
    expect(f.read()).toEqual({ entries: [{ line: 1, value: { a: 1 } }, { line: 3, value: { c: 3 } }], invalid: [2, 4, 6] });
  });

  it('throws when the path cannot be written (the caller decides what that means)', () => {
    const f = openAppendOnlyFile(dir);
    expect(() => f.append({ a: 1 })).toThrow();
  });

  it('rewrites atomically: the new content replaces the file, a line appended after the read is carried over, a changed file is refused', () => {
    const f = openAppendOnlyFile(path.join(dir, 'rw', 'ledger.jsonl'));
    f.append({ a: 1 });
    f.append({ b: 2 });
    const snap = f.snapshot();
    expect(snap.text).toBe('{"a":1}\n{"b":2}\n');
    // A concurrent append between the read and the rewrite.
    f.append({ c: 3 });
    expect(f.rewrite(snap.text, '{"b":2}\n')).toEqual({ carried: 1 });
    expect(fs.readFileSync(f.file, 'utf8')).toBe('{"b":2}\n{"c":3}\n');
    expect((fs.statSync(f.file).mode & 0o777).toString(8)).toBe('600');
    expect(fs.readdirSync(path.dirname(f.file))).toEqual(['ledger.jsonl']);
    // The basis is no longer the file's beginning (rewritten meanwhile): nothing changes.
    expect(() => rewriteAtomically(f.file, snap.text, '')).toThrow(/changed while it was being rewritten/);
    expect(fs.readFileSync(f.file, 'utf8')).toBe('{"b":2}\n{"c":3}\n');
    expect(fs.readdirSync(path.dirname(f.file))).toEqual(['ledger.jsonl']);
  });
});
