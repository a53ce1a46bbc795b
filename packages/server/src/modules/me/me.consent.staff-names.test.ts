// The resident's consent answers (我的信息: GET /api/me/consent and, for a guardian, GET /api/me/wards/consent) say who
// recorded or withdrew a consent only as a kind — staff, the resident, an import, the system (ADR 0033/0039) — never a
// staff account: no username, display name or account id, as the resident's access log names the role only (ADR 0046).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Session } from '../../../test/harness';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { addResident, closeConsentFixture, openConsentFixture, type ConsentFixture } from '../registry/registry.consent.fixture';

describe('consent answers to the resident name no staff member', () => {
  let f: ConsentFixture;
  let me: Session;
  const staff: Array<{ username: string; displayName: string; id: string }> = [];

  beforeAll(async () => {
    f = await openConsentFixture({ compound: '同意小区', tmpPrefix: 'rx-consent-names-' });
    const { t, fx } = f;
    for (const [username, displayName, role, orgId] of [
      ['zhou.wangge.q7', '周网格七号', 'grid_worker', fx.g1.id], ['qian.shuji.q8', '钱书记八号', 'community_admin', t.orgs.community.id],
    ] as const) {
      const u = await t.services.auth.createUser({ username, displayName, role, orgId, password: DEMO_PASSWORD });
      staff.push({ username, displayName, id: (u as { id: string }).id });
    }
    const resident = await t.services.auth.findByUsername('resident');
    await t.services.selfReports.linkAccount(resident!.id, fx.R1.id);
    me = await t.login('resident');
  });
  afterAll(async () => closeConsentFixture(f));

  it('own consent and a child’s consent, recorded and withdrawn by two staff members: the answers say "staff", never who', async () => {
    const { t, fx } = f;
    const [worker, secretary] = [await t.login(staff[0]!.username), await t.login(staff[1]!.username)];
    // The resident's own consent: recorded by the worker, withdrawn by the secretary, then given online.
    expect((await as(t, worker).post(`/api/residents/${fx.R1.id}/consent`, { method: 'written', note: '纸质同意书已归档' })).statusCode).toBe(201);
    expect((await as(t, secretary).post(`/api/residents/${fx.R1.id}/consent/withdraw`, { method: 'oral_witnessed' })).statusCode).toBe(200);
    expect((await as(t, me).post('/api/me/consent', { noticeVersion: f.noticeVersion })).statusCode).toBe(201);
    // A child under 14 of the resident: the guardian's consent recorded by the worker, withdrawn by the secretary.
    const kid = await addResident(f, f.admin, { name: '张小名', birth: '2018-04-04', seq: 71 }, { relation: 'child', guardianId: fx.R1.id });
    expect((await as(t, worker).post(`/api/residents/${kid.id}/consent`, { method: 'written' })).statusCode).toBe(201);
    expect((await as(t, secretary).post(`/api/residents/${kid.id}/consent/withdraw`, { method: 'written' })).statusCode).toBe(200);

    const own = await as(t, me).get('/api/me/consent');
    expect(own.statusCode).toBe(200);
    expect(own.json().history.map((c: { recordedBy: string; withdrawnBy: string | null }) => [c.recordedBy, c.withdrawnBy])).toEqual([
      ['resident', null], ['staff', 'staff'],
    ]);
    const wards = await as(t, me).get('/api/me/wards/consent');
    expect(wards.statusCode).toBe(200);
    const child = (wards.json().items as Array<{ id: string; consent: { history: Array<{ recordedBy: string; withdrawnBy: string | null }> } }>).find((i) => i.id === kid.id)!;
    expect(child.consent.history.map((c) => [c.recordedBy, c.withdrawnBy])).toEqual([['staff', 'staff']]);

    for (const body of [own.body, wards.body]) {
      for (const s of staff) {
        expect(s.id).toMatch(/^[0-9a-f-]{16,}$/);
        expect(body).not.toContain(s.username);
        expect(body).not.toContain(s.displayName);
        expect(body).not.toContain(s.id);
      }
    }
  });
});
