// API tokens are issued, listed and revoked within the security admin's org scope, and only with roles a machine may
// hold: a community's security admin cannot mint a token for another community or for the city, nor an admin token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { DEMO_PASSWORD } from '../../seed/foundation';

describe('API tokens within the issuer\'s scope', () => {
  let t: TestApp;
  let city: Session;
  let local: Session;
  beforeAll(async () => {
    t = await createTestApp();
    // A security admin of community A (an account made directly: the scope is what is under test).
    await t.services.auth.createUser({ username: 'seca-token', displayName: 'A社区安全员', role: 'security_admin', orgId: t.orgs.community.id, password: DEMO_PASSWORD });
    city = await t.loginMfa('secadmin');
    local = await t.loginMfa('seca-token');
  });
  afterAll(async () => t.close());

  const issue = (s: Session, body: Record<string, unknown>) => as(t, s).post('/api/admin/api-tokens', body);

  it('the org must be in the issuer\'s scope (404 naming orgId, audited as denied)', async () => {
    for (const orgId of [t.orgs.other.id, t.orgs.city.id, '00000000-0000-7000-8000-000000000000']) {
      const r = await issue(local, { name: '越权门禁', role: 'device', orgId, scopes: ['device:event'] });
      expect(r.statusCode, orgId).toBe(404);
      expect(r.json().error.details[0]).toMatchObject({ path: 'orgId', code: 'not_found' });
    }
    const denied = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'token_create').where('outcome', '=', 'denied').execute();
    expect(denied.map((d) => [d.object_type, d.object_id, d.reason])).toEqual(Array(3).fill(['api_token', null, 'org_out_of_scope']));
    expect(Number((await t.platform.database.db.selectFrom('api_tokens').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
  });

  it('only roles a machine may hold: no administering or resident role; a staff role must fit the org level', async () => {
    // Each with a scope its role grants, so that only the role itself is refused.
    const scopeOf: Record<string, string> = { security_admin: 'user:manage', system_admin: 'system:ops', auditor: 'audit:read', resident: 'self:read' };
    for (const role of Object.keys(scopeOf)) {
      const r = await issue(local, { name: '坏角色', role, orgId: t.orgs.community.id, scopes: [scopeOf[role]] });
      expect(r.statusCode, role).toBe(400);
      expect(r.json().error.details[0], role).toMatchObject({ path: 'role', code: 'role_not_for_token' });
    }
    const misfit = await issue(local, { name: '区级机器人', role: 'district_staff', orgId: t.orgs.community.id, scopes: ['duty-log:write'] });
    expect(misfit.statusCode).toBe(400);
    expect(misfit.json().error.details[0]).toMatchObject({ path: 'role', code: 'role_org_mismatch' });
    const ok = await issue(local, { name: '东门测温门禁', role: 'device', orgId: t.orgs.grids[0]!.id, scopes: ['device:event'] });
    expect(ok.statusCode).toBe(201);
    const bot = await issue(local, { name: '值班机器人', role: 'grid_worker', orgId: t.orgs.grids[1]!.id, scopes: ['duty-log:write'] });
    expect(bot.statusCode).toBe(201);
  });

  it('the list shows the tokens of the issuer\'s scope only; revoking one outside it is 404', async () => {
    const cityToken = await issue(city, { name: '市级数据接口', role: 'device', orgId: t.orgs.city.id, scopes: ['warning:ingest'] });
    expect(cityToken.statusCode).toBe(201);
    const mine = (await as(t, local).get('/api/admin/api-tokens')).json().items as Array<{ id: string; orgId: string }>;
    expect(mine.map((x) => x.id)).not.toContain(cityToken.json().id);
    expect(mine.length).toBe(2);
    const all = (await as(t, city).get('/api/admin/api-tokens')).json().items as Array<{ id: string }>;
    expect(all.map((x) => x.id)).toContain(cityToken.json().id);
    expect(all.length).toBe(3);
    expect((await as(t, local).delete(`/api/admin/api-tokens/${cityToken.json().id}`)).statusCode).toBe(404);
    expect((await as(t, city).delete(`/api/admin/api-tokens/${cityToken.json().id}`)).statusCode).toBe(204);
    expect((await as(t, local).delete(`/api/admin/api-tokens/${mine[0]!.id}`)).statusCode).toBe(204);
  });

  it('a blank name or an expiry that has already passed is refused, naming the field', async () => {
    const blank = await issue(local, { name: '   ', role: 'device', orgId: t.orgs.community.id, scopes: ['device:event'] });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details[0]).toMatchObject({ path: 'body.name', code: 'too_small' });
    const past = await issue(local, { name: '过期门禁', role: 'device', orgId: t.orgs.community.id, scopes: ['device:event'], expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.details[0]).toMatchObject({ path: 'expiresAt', code: 'in_past', message: '到期时间必须晚于现在', messageEn: 'the expiry must be in the future' });
    const trimmed = await issue(local, { name: '  北门测温门禁  ', role: 'device', orgId: t.orgs.community.id, scopes: ['device:event'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(trimmed.statusCode).toBe(201);
    const listed = (await as(t, local).get('/api/admin/api-tokens')).json().items as Array<{ id: string; name: string }>;
    expect(listed.find((x) => x.id === trimmed.json().id)?.name).toBe('北门测温门禁');
    expect((await as(t, local).delete(`/api/admin/api-tokens/${trimmed.json().id}`)).statusCode).toBe(204);
  });
});
