import { describe, expect, it } from 'vitest';
import { isShellPath } from './router';

describe('which paths the signed-in shell draws (main.tsx fetches its code at once for them, ADR 0064)', () => {
  it('the public pages are not the shell; every other path is, unknown ones included (its 404 page)', () => {
    for (const p of ['/login', '/privacy', '/transparency', '/visit/0193a1b2-c3d4']) expect(isShellPath(p), p).toBe(false);
    for (const p of ['/', '/registry', '/registry/residents/abc', '/account/password', '/no-such-page']) expect(isShellPath(p), p).toBe(true);
  });
});
