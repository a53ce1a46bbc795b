// The resolved-session cache of authenticateSession (SQLite only; PostgreSQL/Redis nodes read every time) must not
// weaken session handling: logout and password change act at once, timeouts hold, the idle timeout keeps sliding, and
// any other change to a user is seen within PRINCIPAL_CACHE_MS (or at once through invalidateUser).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { as, createTestApp, TEST_DIALECT, type TestApp } from '../../../test/harness';
import { PRINCIPAL_CACHE_MS } from './auth.service';

describe(`session resolution with the principal cache (${TEST_DIALECT})`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => t.close());

  const me = (s: { cookie: string; csrf: string; userId: string }) => as(t, s).get('/api/auth/me').then((r) => r.statusCode);
  const disable = (userId: string) => t.platform.database.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', userId).execute();

  it('logout ends the session at once, other sessions of the user live on', async () => {
    const a = await t.login('grid1');
    const b = await t.login('grid1');
    expect([await me(a), await me(b)]).toEqual([200, 200]); // both resolved (and cached)
    expect((await as(t, a).post('/api/auth/logout')).statusCode).toBe(204);
    expect(await me(a)).toBe(401);
    expect(await me(b)).toBe(200);
  });

  it('a password change ends every session of the user at once', async () => {
    const a = await t.login('street');
    const b = await t.login('street');
    expect(await me(b)).toBe(200);
    const r = await as(t, a).post('/api/auth/password', { currentPassword: 'Renxing@Demo2026', newPassword: '海风吹过舟山的码头 2026' });
    expect(r.statusCode).toBe(204);
    expect(await me(b)).toBe(401);
    expect(await me(a)).toBe(401);
  });

  it('enforces the idle timeout on a session that was resolved a moment ago', async () => {
    const s = await t.login('doctor');
    expect(await me(s)).toBe(200);
    t.clock.advance(t.config.sessionIdleMinutes * 60_000 + 1);
    expect(await me(s)).toBe(401);
  });

  it('keeps sliding the idle timeout when the session is served from the cache', async () => {
    const s = await t.login('collector');
    const sid = async () =>
      (await t.platform.database.db.selectFrom('sessions').select(['last_seen_at']).where('user_id', '=', s.userId).executeTakeFirstOrThrow()).last_seen_at;
    const loggedInAt = await sid();
    t.clock.advance(59_000);
    expect(await me(s)).toBe(200); // resolved from the store (and cached); not yet due for a touch
    const store = t.platform.sessions;
    const touch = store.touch.bind(store);
    let touches = 0;
    store.touch = (id, at) => {
      touches++;
      return touch(id, at);
    };
    try {
      t.clock.advance(2_000); // 61 s after login, 2 s after caching: served from the cache, due for a touch
      expect(await me(s)).toBe(200);
      expect(await sid()).not.toEqual(loggedInAt);
      t.clock.advance(1_000); // still cached, touched a second ago: no second write
      expect(await me(s)).toBe(200);
      expect(touches).toBe(1);
    } finally {
      store.touch = touch;
    }
    // Idle is measured from that touch: 61 s + (idle − 1 s) after login the session is still alive …
    t.clock.advance(t.config.sessionIdleMinutes * 60_000 - 2_000);
    expect(await me(s)).toBe(200);
    // … and it dies once idle for longer than the limit.
    t.clock.advance(t.config.sessionIdleMinutes * 60_000 + 1);
    expect(await me(s)).toBe(401);
  });

  it('sees a disabled account at once after invalidateUser', async () => {
    const s = await t.login('volunteer');
    expect(await me(s)).toBe(200);
    await disable(s.userId);
    t.services.auth.invalidateUser(s.userId);
    expect(await me(s)).toBe(401);
  });

  it('sees a disabled account within PRINCIPAL_CACHE_MS without being told', async () => {
    const s = await t.login('volunteer');
    expect(await me(s)).toBe(200);
    await disable(s.userId);
    // SQLite caches for a few seconds; PostgreSQL (possibly several nodes) reads every time.
    expect(await me(s)).toBe(TEST_DIALECT === 'sqlite' ? 200 : 401);
    t.clock.advance(PRINCIPAL_CACHE_MS);
    expect(await me(s)).toBe(401);
  });

  it('does not resurrect a logged-out session from a lookup that raced the logout', async () => {
    const a = await t.login('admin');
    // Hold the next session lookup after it has read the (still valid) session, log out meanwhile, then let it finish.
    const store = t.platform.sessions;
    const original = store.get.bind(store);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let armed = true;
    let parked!: () => void;
    const isParked = new Promise<void>((r) => (parked = r));
    store.get = async (id) => {
      const found = await original(id);
      if (armed) {
        armed = false;
        parked();
        await gate;
      }
      return found;
    };
    try {
      const inFlight = as(t, a).get('/api/auth/me');
      await isParked; // the lookup holds the pre-logout session
      expect((await as(t, a).post('/api/auth/logout')).statusCode).toBe(204);
      release();
      expect((await inFlight).statusCode).toBe(200); // it started before the logout
    } finally {
      store.get = original;
    }
    expect(await me(a)).toBe(401); // and did not leave the dead session in the cache
  });
});
