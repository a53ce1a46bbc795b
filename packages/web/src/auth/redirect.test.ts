import { describe, expect, it } from 'vitest';
import { loginPath, safeNext } from './redirect';

describe('safeNext', () => {
  it('keeps same-site paths', () => {
    expect(safeNext('/audit?page=2')).toBe('/audit?page=2');
  });
  it('rejects other hosts, schemes, and the login page itself', () => {
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/login?next=/x', '', null]) {
      expect(safeNext(bad)).toBe('/');
    }
  });
});

describe('loginPath', () => {
  it('carries the page to return to and the expiry flag', () => {
    expect(loginPath('/')).toBe('/login');
    expect(loginPath('/audit?page=2')).toBe('/login?next=%2Faudit%3Fpage%3D2');
    expect(loginPath('/audit', true)).toBe('/login?next=%2Faudit&expired=1');
  });
  it('round-trips through safeNext', () => {
    const next = new URLSearchParams(loginPath('/registry/import').split('?')[1]).get('next');
    expect(safeNext(next)).toBe('/registry/import');
  });
});
