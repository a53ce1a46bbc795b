import { Redis } from 'ioredis';
import { REDIS_CLIENT_OPTIONS, RedisUnavailableError, type RedisWatchLogger, watchRedis } from '../redis-watch';
import type { Session, SessionStore } from './session-store';

/** A stored record as a Session: known fields only (records from before ADR 0026 also held the full address). */
function fromJson(v: string): Session {
  const s = JSON.parse(v) as Partial<Session>;
  return {
    id: s.id!, userId: s.userId!, csrfToken: s.csrfToken!, createdAt: s.createdAt!, lastSeenAt: s.lastSeenAt!, expiresAt: s.expiresAt!,
    userAgentHash: s.userAgentHash ?? null, mfaAt: s.mfaAt ?? null, deviceLabel: s.deviceLabel ?? null, ipNetwork: s.ipNetwork ?? null,
    stepUpAt: s.stepUpAt ?? null,
  };
}

/**
 * Sessions in Redis (shared by stateless app nodes). Keys expire at the absolute session lifetime. While Redis is down
 * every call rejects with RedisUnavailableError (answered 503) after a bounded number of reconnection attempts.
 */
export function createRedisSessionStore(url: string, prefix = 'rx:sess:', logger?: RedisWatchLogger): SessionStore {
  const redis = new Redis(url, REDIS_CLIENT_OPTIONS);
  watchRedis(redis, 'sessions', logger);
  const key = (id: string) => `${prefix}${id}`;
  const userKey = (u: string) => `${prefix}user:${u}`;
  /** Changes fields of a stored session, keeping its expiry (a session that is gone stays gone). */
  const patch = async (id: string, fields: Partial<Session>) => {
    const v = await redis.get(key(id));
    if (!v) return;
    await redis.set(key(id), JSON.stringify({ ...fromJson(v), ...fields }), 'KEEPTTL');
  };
  const store: SessionStore = {
    kind: 'redis',
    async create(s) {
      const ttl = Math.max(1, Math.ceil((Date.parse(s.expiresAt) - Date.parse(s.createdAt)) / 1000));
      await redis.multi().set(key(s.id), JSON.stringify(s), 'EX', ttl).sadd(userKey(s.userId), s.id).expire(userKey(s.userId), ttl).exec();
    },
    async get(id) {
      const v = await redis.get(key(id));
      return v ? fromJson(v) : null;
    },
    async listForUsers(userIds) {
      if (userIds.length === 0) return [];
      const sets = await userIds.reduce((p, u) => p.smembers(userKey(u)), redis.pipeline()).exec();
      const ids = (sets ?? []).flatMap(([, members]) => (members as string[] | null) ?? []);
      if (ids.length === 0) return [];
      const values = await redis.mget(...ids.map(key));
      const out: Session[] = [];
      const gone: string[] = [];
      values.forEach((v, i) => (v ? out.push(fromJson(v)) : gone.push(ids[i]!)));
      // Members whose session key expired: drop them from their user's set (the set itself expires with the newest one).
      if (gone.length) {
        const p = redis.pipeline();
        for (const u of userIds) p.srem(userKey(u), ...gone);
        await p.exec();
      }
      return out;
    },
    touch: (id, at) => patch(id, { lastSeenAt: at }),
    markMfa: (id, at) => patch(id, { mfaAt: at }),
    markStepUp: (id, at) => patch(id, { stepUpAt: at }),
    async delete(id) {
      const v = await redis.get(key(id));
      await redis.del(key(id));
      if (v) await redis.srem(userKey(fromJson(v).userId), id);
    },
    async deleteForUser(userId, keep) {
      const ids = (await redis.smembers(userKey(userId))).filter((id) => id !== keep);
      if (ids.length) await redis.del(...ids.map(key));
      if (keep) {
        if (ids.length) await redis.srem(userKey(userId), ...ids);
      } else await redis.del(userKey(userId));
    },
    async close() {
      // Quit politely when connected; while down, stop reconnecting at once (quit would wait for the retries).
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
  // Every failure of a call (connection lost, retries exhausted) becomes RedisUnavailableError.
  const guarded = { ...store } as Record<string, unknown>;
  for (const [name, fn] of Object.entries(store)) {
    if (typeof fn !== 'function' || name === 'close') continue;
    guarded[name] = (...args: unknown[]) =>
      (fn as (...a: unknown[]) => Promise<unknown>).apply(store, args).catch((e: unknown) => {
        throw new RedisUnavailableError('sessions', e);
      });
  }
  return guarded as unknown as SessionStore;
}
