import { describe, expect, it } from 'vitest';
import { claimNewVersionReload, isStaleChunkError, RELOAD_KEY, RELOAD_WINDOW_MS, shouldReloadForNewVersion } from './new-version';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('new version of the web app while a tab is open', () => {
  it('recognises the errors of a chunk from an older build', () => {
    // The exact texts Chromium and Vite produced in a browser test when dist/ was rebuilt under a running page.
    expect(isStaleChunkError(new Error('Unable to preload CSS for http://127.0.0.1:35931/assets/places-D_9Xbsiu.css'))).toBe(true);
    expect(isStaleChunkError(new TypeError('Failed to fetch dynamically imported module: http://x/assets/audit-1a2b.js'))).toBe(true);
    expect(isStaleChunkError(new TypeError('error loading dynamically imported module: http://x/a.js'))).toBe(true);
    expect(isStaleChunkError(new TypeError('Importing a module script failed.'))).toBe(true);
    expect(isStaleChunkError(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isStaleChunkError({ status: 404 })).toBe(false);
    expect(isStaleChunkError(undefined)).toBe(false);
  });

  it('reloads once, then not again within the window', () => {
    const s = memoryStorage();
    expect(claimNewVersionReload(s, 1_000_000)).toBe(true);
    expect(s.data.get(RELOAD_KEY)).toBe('1000000');
    expect(claimNewVersionReload(s, 1_000_000 + 5_000)).toBe(false);
    expect(claimNewVersionReload(s, 1_000_000 + RELOAD_WINDOW_MS + 1)).toBe(true);
  });

  it('treats a garbled or future timestamp as no recent reload, and no storage as "do not reload"', () => {
    expect(shouldReloadForNewVersion(Number('x'), 10)).toBe(true);
    expect(shouldReloadForNewVersion(5_000, 1_000)).toBe(true);
    expect(shouldReloadForNewVersion(1_000, 1_000 + RELOAD_WINDOW_MS)).toBe(false);
    expect(claimNewVersionReload(null, 1)).toBe(false);
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => undefined };
    expect(claimNewVersionReload(broken, 1)).toBe(false);
  });
});
