import { describe, expect, it } from 'vitest';
import { accountChanges, ACCOUNT_ROLES, expiryFor, isRevocable, orgOptions, orgsForRole, tokenImpactHref, tokenOrgOptions, tokenState } from './security-admin.logic';

describe('security admin page helpers', () => {
  const now = Date.parse('2026-11-29T08:00:00Z');

  it('tokenState: revoked wins over expired; no expiry means active', () => {
    expect(tokenState({ revokedAt: '2026-11-01T00:00:00Z', expiresAt: '2026-11-02T00:00:00Z' }, now)).toBe('revoked');
    expect(tokenState({ revokedAt: null, expiresAt: '2026-11-29T08:00:00Z' }, now)).toBe('expired');
    expect(tokenState({ revokedAt: null, expiresAt: '2026-11-29T08:00:01Z' }, now)).toBe('active');
    expect(tokenState({ revokedAt: null, expiresAt: null }, now)).toBe('active');
  });

  it('tokenState: a key whose issuer is disabled is suspended (revoked and expired still win); suspended keys can be revoked', () => {
    expect(tokenState({ revokedAt: null, expiresAt: null, issuerActive: false }, now)).toBe('suspended');
    expect(tokenState({ revokedAt: null, expiresAt: null, issuerActive: true }, now)).toBe('active');
    expect(tokenState({ revokedAt: '2026-11-01T00:00:00Z', expiresAt: null, issuerActive: false }, now)).toBe('revoked');
    expect(tokenState({ revokedAt: null, expiresAt: '2026-11-29T08:00:00Z', issuerActive: false }, now)).toBe('expired');
    expect(['active', 'suspended', 'revoked', 'expired'].map((s) => isRevocable(s as never))).toEqual([true, true, false, false]);
  });

  it('expiryFor: days from now, or none', () => {
    expect(expiryFor('30', now)).toBe('2026-12-29T08:00:00.000Z');
    expect(expiryFor('never', now)).toBeNull();
  });

  it('orgOptions: own org first, each org once', () => {
    const a = { id: 'a', name: 'A' };
    const b = { id: 'b', name: 'B' };
    expect(orgOptions(a, [b, a, b])).toEqual([a, b]);
  });

  it('tokenOrgOptions: every org of the scope (not only those with accounts), own first, named by its path', () => {
    const scope = [
      { id: 'g1', label: 'A社区 / 第一网格' }, { id: 'city', label: '舟山市' }, { id: 'g9', label: 'B社区 / 第一网格' }, { id: 'b', label: 'B社区' },
    ];
    expect(tokenOrgOptions({ id: 'city', name: '舟山市' }, scope)).toEqual([
      { id: 'city', label: '舟山市' }, { id: 'g1', label: 'A社区 / 第一网格' }, { id: 'g9', label: 'B社区 / 第一网格' }, { id: 'b', label: 'B社区' },
    ]);
    // While the list loads the own org is still offered (the form's default).
    expect(tokenOrgOptions({ id: 'city', name: '舟山市' }, [])).toEqual([{ id: 'city', label: '舟山市' }]);
  });

  it('orgsForRole: only the orgs whose level fits the role; all while no role is chosen', () => {
    const orgs = [{ id: 'c', level: 'community' }, { id: 'g1', level: 'grid' }, { id: 'g2', level: 'grid' }, { id: 'd', level: 'district' }];
    const levels = { grid_worker: ['grid'], volunteer: ['community', 'grid'], auditor: ['city', 'district'] };
    expect(orgsForRole(orgs, levels, 'grid_worker').map((o) => o.id)).toEqual(['g1', 'g2']);
    expect(orgsForRole(orgs, levels, 'volunteer').map((o) => o.id)).toEqual(['c', 'g1', 'g2']);
    expect(orgsForRole(orgs, levels, 'auditor').map((o) => o.id)).toEqual(['d']);
    expect(orgsForRole(orgs, levels, 'unknown')).toEqual([]);
    expect(orgsForRole(orgs, levels, undefined)).toHaveLength(4);
  });

  it('accountChanges: only what differs; residents and devices are never offered as roles', () => {
    const u = { displayName: '王芳', role: 'volunteer', org: { id: 'c' } };
    expect(accountChanges(u, { displayName: ' 王芳 ', role: 'volunteer', orgId: 'c' })).toEqual({});
    expect(accountChanges(u, { displayName: '王芳芳', role: 'grid_worker', orgId: 'g2' })).toEqual({ displayName: '王芳芳', role: 'grid_worker', orgId: 'g2' });
    expect(ACCOUNT_ROLES).not.toContain('resident');
    expect(ACCOUNT_ROLES).not.toContain('device');
  });
});

describe('the impact query of an access key', () => {
  const id = '01a222e2-8400-711d-93d2-16407f55886f';
  const params = (href: string) => {
    const [path, query] = href.split('?');
    return { path, q: new URLSearchParams(query) };
  };

  it('asks from the key\'s issue until now, by token:<id>', () => {
    const { path, q } = params(tokenImpactHref({ id, createdAt: '2026-11-01T08:00:00.000Z', revokedAt: null }, new Date('2026-11-30T04:00:00.000Z')));
    expect(path).toBe('/admin/impact');
    expect(q.get('actor')).toBe(`token:${id}`);
    expect(q.get('from')).toBe('2026-11-01T08:00:00.000Z');
    expect(q.get('to')).toBe('2026-11-30T04:00:00.000Z');
  });

  it('ends at the revocation, and starts at most 366 days before the end', () => {
    const revoked = tokenImpactHref({ id, createdAt: '2024-01-01T00:00:00.000Z', revokedAt: '2026-06-01T00:00:00.000Z' }, new Date('2026-11-30T00:00:00.000Z'));
    const { q } = params(revoked);
    expect(q.get('to')).toBe('2026-06-01T00:00:00.000Z');
    expect(q.get('from')).toBe('2025-06-01T00:00:00.000Z');
    expect((Date.parse(q.get('to')!) - Date.parse(q.get('from')!)) / 86_400_000).toBe(365);
  });
});
