import { describe, expect, it } from 'vitest';
import { IMPORT_HEAP_MB, importHeapFlag } from './heap';

describe('the V8 heap option of `renxing import` (ADR 0054)', () => {
  it('caps the old generation at 512 MB unless told otherwise', () => {
    expect(IMPORT_HEAP_MB).toBe(512);
    expect(importHeapFlag({}, [])).toBe('--max-old-space-size=512');
    expect(importHeapFlag({ RENXING_IMPORT_HEAP_MB: ' 768 ' }, [])).toBe('--max-old-space-size=768');
    expect(importHeapFlag({ RENXING_IMPORT_HEAP_MB: '' }, [])).toBe('--max-old-space-size=512');
    expect(importHeapFlag({ RENXING_IMPORT_HEAP_MB: '0' }, [])).toBeNull();
  });

  it('keeps a heap size the operator already chose, in the node options or NODE_OPTIONS (so the relaunched process does not relaunch)', () => {
    expect(importHeapFlag({}, ['--max-old-space-size=2048'])).toBeNull();
    expect(importHeapFlag({}, ['--max_old_space_size=2048'])).toBeNull();
    expect(importHeapFlag({ NODE_OPTIONS: '--enable-source-maps --max-old-space-size=1024' }, [])).toBeNull();
    expect(importHeapFlag({}, ['--enable-source-maps'])).toBe('--max-old-space-size=512');
    expect(importHeapFlag({ NODE_OPTIONS: '--max-semi-space-size=16' }, [])).toBe('--max-old-space-size=512');
  });

  it('refuses a value it cannot use, naming the variable', () => {
    for (const v of ['64', '-1', '512MB', '1.5', 'lots']) {
      expect(() => importHeapFlag({ RENXING_IMPORT_HEAP_MB: v }, [])).toThrow(`RENXING_IMPORT_HEAP_MB must be 0 (no cap) or a whole number of megabytes ≥ 128, not "${v}"`);
    }
  });
});
