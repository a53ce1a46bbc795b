import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../test/harness';

describe('foundation HTTP basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('answers /healthz with version and dialect', async () => {
    const r = await t.app.inject({ url: '/healthz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok', version: '0.1.0' });
    expect(['sqlite', 'postgres']).toContain(r.json().dialect);
  });

  it('logs in, reads /me, writes a duty log and logs out', async () => {
    const s = await t.login('admin');
    const me = await as(t, s).get('/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ username: 'admin', role: 'community_admin' });
    expect(me.json().user.orgChain.map((o: { level: string }) => o.level)).toEqual(['city', 'district', 'street', 'community']);
    expect(me.json().user.orgChain[3].name).toBe('A社区');
    const w = await as(t, s).post('/api/duty-logs', { category: 'shift', content: '18:00 碰头会' });
    expect(w.statusCode).toBe(201);
    const list = await as(t, s).get('/api/duty-logs');
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(w.json().id);
    expect((await as(t, s).post('/api/auth/logout')).statusCode).toBe(204);
    expect((await as(t, s).get('/api/auth/me')).statusCode).toBe(401);
  });
});
