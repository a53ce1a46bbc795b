// The `renxing` command's start-up bundle (bin/bundle.mjs, ADR 0060): a cache of the TypeScript sources compiled by
// esbuild, which must behave like the sources (every child-process test of the suite — kill -9, backup, the CLI — and
// every browser spec's server run through it), follow every change of them, and give way to the sources when asked.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLE, bundledEntry, sourceSignature } from '../bin/bundle.mjs';
import { TEST_DIALECT } from './harness';

const BIN = path.resolve(import.meta.dirname, '../bin/renxing.mjs');
const run = (env: Record<string, string>) => spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

// No database: run once, in the SQLite suite.
describe.skipIf(TEST_DIALECT === 'postgres')('the start-up bundle of the renxing command', () => {
  it('is used by default and prints what the sources print (RENXING_FROM_SOURCE=1 runs the sources)', () => {
    const bundled = run({ RENXING_DEBUG_BUNDLE: '1' });
    const source = run({ RENXING_FROM_SOURCE: '1' });
    expect(bundled.status, bundled.stderr).toBe(0);
    expect(source.status, source.stderr).toBe(0);
    expect(bundled.stderr).not.toContain('start-up bundle not used');
    expect(bundled.stdout).toContain('Usage: renxing <command>');
    expect(bundled.stdout).toBe(source.stdout);
    expect(fs.existsSync(BUNDLE)).toBe(true);
  });

  it('is rebuilt when a source file changes: its signature follows the files', async () => {
    expect(await bundledEntry()).not.toBeNull();
    const stamp = JSON.parse(fs.readFileSync(path.join(path.dirname(BUNDLE), 'stamp.json'), 'utf8')) as { signature: string };
    const before = sourceSignature();
    expect(stamp.signature).toBe(before);
    // A later modification time on one source file (a checkout, an edit) changes the signature; restored afterwards.
    const file = path.resolve(import.meta.dirname, '../src/bin-entry.ts');
    const { atime, mtime } = fs.statSync(file);
    try {
      fs.utimesSync(file, atime, new Date(Date.now() + 60_000));
      expect(sourceSignature()).not.toBe(before);
    } finally {
      fs.utimesSync(file, atime, mtime);
    }
    expect(sourceSignature()).toBe(before);
  });

  it('keeps each source file’s own location: no import.meta left, the parse worker’s entry found next to its source', async () => {
    expect(await bundledEntry()).not.toBeNull();
    const code = fs.readFileSync(BUNDLE, 'utf8');
    expect(code).not.toContain('import.meta');
    const worker = /new URL\("\.\/parse-worker-entry\.mjs", "(file:[^"]+)"\)/.exec(code);
    expect(worker, 'the parse worker URL in the bundle').not.toBeNull();
    expect(fs.existsSync(fileURLToPath(new URL('./parse-worker-entry.mjs', worker![1]!)))).toBe(true);
    // The web UI's directory (config.ts) is resolved from packages/server/src, as when run from source.
    expect(code).toContain(JSON.stringify(path.resolve(import.meta.dirname, '../src')));
  });

  it('maps stack traces back to the TypeScript sources', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `
      process.setSourceMapsEnabled(true);
      const m = await import(${JSON.stringify(BUNDLE)});
      try { m.importHeapFlag({ RENXING_IMPORT_HEAP_MB: 'x' }, []); } catch (e) { console.log(e.stack); }`], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/at .*importHeapFlag \(.*packages\/server\/src\/platform\/heap\.ts:\d+:\d+\)/);
  });
});
