import { type ImpactAnswer, ImpactAnswerSchema } from '@renxing/shared';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR, seedScopedFixture } from '../../../test/registry-fixture';

/**
 * Breach impact query by API token (ADR 0031, note of 2026-12): a leaked integration key is asked about as
 * `token:<id>`, the actor id its audit rows carry. Real app (SQLite, or PostgreSQL with RENXING_TEST_DIALECT=postgres).
 *   T+1h  the key (grid worker of grid 1, `resident:read`) opens R1                 — before the window
 *   T+3h  the key opens R1 and lists residents (its grid: R1 and the extras, named in the page's disclosures, ADR 0046);
 *         the community admin opens R2 (someone else: not the key's doing)
 *   T+5h  the key opens R1 again                                                     — after the window
 *   T+6h  the key is revoked; the security admin asks.
 */

const T0 = Date.parse('2025-06-01T00:00:00+08:00');
const H = 3600_000;
const at = (h: number) => new Date(T0 + h * H).toISOString();
const enc = encodeURIComponent;

describe('breach impact query by API token (token:<id>)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let tokenId: string;
  let otherTokenId: string;
  let listed: string[];
  let sec: Session;
  let secA: Session;
  const from = at(2);
  const to = at(4);
  const win = `from=${enc(from)}&to=${enc(to)}`;

  const impact = (s: Session, qs: string) => as(t, s).get(`/api/admin/impact?${qs}`);
  const answer = async (s: Session, qs: string): Promise<ImpactAnswer> => {
    const r = await impact(s, qs);
    expect(r.statusCode, r.body).toBe(200);
    return ImpactAnswerSchema.parse(r.json());
  };

  beforeAll(async () => {
    t = await createTestApp({ clockStart: at(0) });
    fx = await seedScopedFixture(t, 3);
    const secadmin = (await t.services.auth.findByUsername('secadmin'))!;
    // A community-level security admin: the key of the other community lies outside their area.
    await t.services.auth.createUser({ username: 'sec.tok', displayName: 'A社区安全员', role: 'security_admin', orgId: t.orgs.community.id, password: DEMO_PASSWORD });
    const issued = await t.services.auth.createApiToken(null, { name: 'gate-sync', role: 'grid_worker', orgId: t.orgs.grids[0]!.id, scopes: ['resident:read'], createdBy: secadmin.id }, SYSTEM_ACTOR);
    tokenId = issued.id;
    // Same name, other community: names are not unique, so only the id form is accepted.
    otherTokenId = (await t.services.auth.createApiToken(null, { name: 'gate-sync', role: 'grid_worker', orgId: t.orgs.otherGrids[0]!.id, scopes: ['resident:read'], createdBy: secadmin.id }, SYSTEM_ACTOR)).id;
    const key = (url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${issued.token}` } });

    t.clock.set(at(1));
    expect((await key(`/api/residents/${fx.R1.id}`)).statusCode).toBe(200);
    t.clock.set(at(3));
    expect((await key(`/api/residents/${fx.R1.id}`)).statusCode).toBe(200);
    const page = await key('/api/residents?pageSize=20');
    expect(page.statusCode, page.body).toBe(200);
    listed = page.json().items.map((i: { id: string }) => i.id as string);
    const g = await t.login('admin');
    expect((await as(t, g).get(`/api/residents/${fx.R2.id}`)).statusCode).toBe(200);
    t.clock.set(at(5));
    expect((await key(`/api/residents/${fx.R1.id}`)).statusCode).toBe(200);
    t.clock.set(at(6));
    await t.services.auth.revokeApiToken(null, tokenId, SYSTEM_ACTOR);
    sec = await t.loginMfa('secadmin');
    secA = await t.loginMfa('sec.tok');
  });
  afterAll(async () => t.close());

  it('lists exactly the residents the key read in the window, and names the key (name, role, org, issuer, revocation)', async () => {
    // The key's own audit rows carry `token:<id>`: the residents it touched are R1 and its grid's list page.
    expect(listed).toEqual(expect.arrayContaining([fx.R1.id, ...fx.extras.map((x) => x.id)]));
    expect(listed).not.toContain(fx.R2.id);
    const a = await answer(sec, `actor=token:${tokenId}&${win}`);
    expect(a.kind).toBe('actor');
    expect(a.actor).toEqual({
      kind: 'token', id: `token:${tokenId}`, name: 'gate-sync', role: 'grid_worker', org: { id: t.orgs.grids[0]!.id, name: t.orgs.grids[0]!.name },
      issuedBy: { id: expect.any(String), username: 'secadmin' }, issuedAt: at(0), expiresAt: null, revokedAt: at(6),
    });
    expect(a.items.map((i) => i.residentId).sort()).toEqual([...new Set([fx.R1.id, ...listed])].sort());
    // R1: its profile (read once in the window — not the reads before and after) and the list page.
    expect(a.items.find((i) => i.residentId === fx.R1.id)).toMatchObject({ actions: ['read'], events: 2, firstAt: expect.any(String) });
    expect(a.unattributed).toEqual([]);
    // Upper-case prefix and id are the same key.
    const upper = await answer(sec, `actor=TOKEN:${tokenId.toUpperCase()}&${win}`);
    expect(upper.total).toBe(a.total);
    // Outside the window: only R1.
    const after = await answer(sec, `actor=token:${tokenId}&from=${enc(at(4.5))}&to=${enc(at(5.5))}`);
    expect(after.items.map((i) => i.residentId)).toEqual([fx.R1.id]);
    // An account answer keeps its shape (no `kind`).
    const user = await answer(sec, `actor=admin&${win}`);
    expect(user.actor).toEqual({ id: expect.any(String), username: 'admin', role: 'community_admin', status: 'active' });
    expect(user.items.map((i) => i.residentId)).toEqual([fx.R2.id]);
  });

  it('is audited as a query about the key; the CSV watermark and the audit reason carry actor=token:<id>', async () => {
    await answer(sec, `actor=token:${tokenId}&${win}&page=1`);
    const csv = await as(t, sec).get(`/api/admin/impact/csv?actor=token:${tokenId}&${win}&lang=en`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="impact-${at(6).slice(0, 10).replace(/-/g, '')}-${tokenId}.csv"`);
    const text = csv.rawPayload.toString('utf8');
    expect(text).toContain(`actor=token:${tokenId} ${from}–${to}`);
    const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    const head = rows.findIndex((x) => x[0] === 'Resident ID');
    expect(rows.slice(head + 1).map((x) => x[0]).sort()).toEqual([...new Set([fx.R1.id, ...listed])].sort());
    const audited = await auditRows(t, { action: 'impact_query', object_type: 'api_token', object_id: tokenId, outcome: 'success' });
    expect(audited.map((r) => r.reason)).toEqual(expect.arrayContaining([`actor=token:${tokenId}; from=${from}; to=${to}; page=1`]));
    expect(audited.some((r) => r.reason!.startsWith(`actor=token:${tokenId}; from=${from}; to=${to}; format=csv; file=IMPACT-`))).toBe(true);
  });

  it('an unknown key or a key outside the caller’s area is 404 like an unknown account, audited as denied without what was typed', async () => {
    const unknown = '0190aaaa-0000-7000-8000-00000000abcd';
    const nf = await impact(sec, `actor=token:${unknown}&${win}`);
    expect(nf.statusCode).toBe(404);
    expect(nf.json().error).toMatchObject({ code: 'not_found', message: expect.stringContaining('token:<编号>'), messageEn: expect.stringContaining('token:<id>') });
    // A key's name is not unique: it is not resolved (looked up as a username, not found), and the answer says how to ask.
    const byName = await impact(sec, `actor=gate-sync&${win}`);
    expect(byName.statusCode).toBe(404);
    expect(byName.json().error.messageEn).toContain('key names are not unique');
    // The community-level admin: the other community's key is out of their area — the same 404; their own grid's key answers.
    const out = await impact(secA, `actor=token:${otherTokenId}&${win}`);
    expect(out.statusCode).toBe(404);
    expect(out.json().error).toEqual(nf.json().error);
    expect((await answer(secA, `actor=token:${tokenId}&${win}`)).actor).toMatchObject({ kind: 'token', name: 'gate-sync' });
    expect((await as(t, secA).get(`/api/admin/impact/csv?actor=token:${otherTokenId}&${win}`)).statusCode).toBe(404);

    const denied = await auditRows(t, { action: 'impact_query', outcome: 'denied', object_type: 'api_token' });
    expect(denied.length).toBe(3); // unknown, out of scope (JSON and CSV)
    const [u, o] = denied;
    expect(u!.object_id).toMatch(/^term:[0-9a-f]{16}$/);
    expect(u!.reason).toBe(`from=${from}; to=${to}; not_found`);
    expect(o!.object_id).toBe(otherTokenId);
    expect(JSON.stringify(denied)).not.toContain(unknown);
    const deniedUser = await auditRows(t, { action: 'impact_query', outcome: 'denied', object_type: 'user' });
    expect(deniedUser).toHaveLength(1);
    expect(JSON.stringify(deniedUser)).not.toContain('gate-sync');
  });

  it('a malformed token id is 400 naming querystring.actor in zh-CN and English', async () => {
    for (const bad of ['token:', 'token:abc', `token:${tokenId}x`, 'token:gate-sync']) {
      const r = await impact(sec, `actor=${enc(bad)}&${win}`);
      expect(r.statusCode, bad).toBe(400);
      const e = r.json().error;
      expect(e.code).toBe('validation_failed');
      const d = e.details.find((x: { path: string }) => x.path === 'querystring.actor');
      expect(d, JSON.stringify(e.details)).toMatchObject({ code: 'invalid_token_id' });
      expect(d.message).toMatch(/token:<编号>/);
      expect(d.messageEn).toMatch(/token:<id>/);
    }
  });
});
