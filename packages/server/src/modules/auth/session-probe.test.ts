import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, TEST_DIALECT, type TestApp } from '../../../test/harness';

// GET /api/auth/session: the web app's first question on every load. A visitor gets 200 with user null (so the login
// page and the public report log no failed request in the browser's console); a signed-in caller gets what
// /api/auth/me answers. /api/auth/me itself still answers 401 without a session.
describe(`the session probe (${TEST_DIALECT})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('answers a visitor 200 with user null and no CSRF token, and is not cached', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/session' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: null, csrfToken: null });
    expect(res.headers['cache-control']).toContain('no-store');
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('answers a signed-in user exactly what /api/auth/me does; after logout, user null again', async () => {
    const s = await t.login('grid1');
    const probe = await as(t, s).get('/api/auth/session');
    expect(probe.statusCode).toBe(200);
    expect(probe.headers['cache-control']).toContain('no-store');
    const me = await as(t, s).get('/api/auth/me');
    expect(probe.json()).toEqual(me.json());
    expect(probe.json()).toMatchObject({ user: { id: s.userId, username: 'grid1', role: 'grid_worker' }, csrfToken: s.csrf });
    expect((await as(t, s).post('/api/auth/logout')).statusCode).toBe(204);
    expect((await as(t, s).get('/api/auth/session')).json()).toEqual({ user: null, csrfToken: null });
  });

  it('a made-up session cookie is a visitor, not an error', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: 'rx_sid=not-a-session' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: null, csrfToken: null });
  });
});
