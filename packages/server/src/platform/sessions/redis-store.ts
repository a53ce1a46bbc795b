import { Redis } from 'ioredis';
import type { Session, SessionStore } from './session-store';

/** Sessions in Redis (shared by stateless app nodes). Keys expire at the absolute session lifetime. */
export function createRedisSessionStore(url: string, prefix = 'rx:sess:'): SessionStore {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  const key = (id: string) => `${prefix}${id}`;
  const userKey = (u: string) => `${prefix}user:${u}`;
  /** Changes fields of a stored session, keeping its expiry (a session that is gone stays gone). */
  const patch = async (id: string, fields: Partial<Session>) => {
    const v = await redis.get(key(id));
    if (!v) return;
    await redis.set(key(id), JSON.stringify({ ...(JSON.parse(v) as Session), ...fields }), 'KEEPTTL');
  };
  return {
    kind: 'redis',
    async create(s) {
      const ttl = Math.max(1, Math.ceil((Date.parse(s.expiresAt) - Date.parse(s.createdAt)) / 1000));
      await redis.multi().set(key(s.id), JSON.stringify(s), 'EX', ttl).sadd(userKey(s.userId), s.id).expire(userKey(s.userId), ttl).exec();
    },
    async get(id) {
      const v = await redis.get(key(id));
      if (!v) return null;
      const s = JSON.parse(v) as Session;
      return { ...s, mfaAt: s.mfaAt ?? null };
    },
    touch: (id, at) => patch(id, { lastSeenAt: at }),
    markMfa: (id, at) => patch(id, { mfaAt: at }),
    async delete(id) {
      const v = await redis.get(key(id));
      await redis.del(key(id));
      if (v) await redis.srem(userKey((JSON.parse(v) as Session).userId), id);
    },
    async deleteForUser(userId) {
      const ids = await redis.smembers(userKey(userId));
      if (ids.length) await redis.del(...ids.map(key));
      await redis.del(userKey(userId));
    },
    async close() {
      await redis.quit();
    },
  };
}
