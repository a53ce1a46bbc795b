import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Clock } from '../platform/clock';
import { REDIS_CLIENT_OPTIONS, type RedisWatchLogger, watchRedis } from '../platform/redis-watch';
import { AppError } from './errors';

/**
 * Per-client-address limit on public (no-login) routes (ADR 0036, SECURITY.md §7 test 47 direction): a fixed window of
 * one minute, counted in memory on one node or in Redis when REDIS_URL is set (shared by app nodes). Counters are keyed
 * by an HMAC of the address, never the address itself. Over the limit: 429 rate_limited with Retry-After.
 */
export type RateLimitStore = {
  kind: 'memory' | 'redis';
  /** Counts one hit of `key` in the window starting at `windowStart` (ms); returns the count so far in that window. */
  hit(key: string, windowStart: number, windowMs: number): Promise<number>;
  close(): Promise<void>;
};

/** Most distinct addresses kept for one window; beyond it the oldest counters are dropped (memory stays bounded). */
export const MEMORY_MAX_KEYS = 50_000;

/**
 * Counters of the current window only: a new window drops every counter of the previous one, and at most `maxKeys`
 * addresses are kept (the oldest first to go — an evicted address just starts counting again).
 */
export function createMemoryRateLimitStore(maxKeys = MEMORY_MAX_KEYS): RateLimitStore & { size(): number } {
  let window = -1;
  const counts = new Map<string, number>();
  return {
    kind: 'memory',
    async hit(key, windowStart) {
      if (windowStart !== window) {
        counts.clear();
        window = windowStart;
      }
      const n = (counts.get(key) ?? 0) + 1;
      if (n === 1 && counts.size >= maxKeys) counts.delete(counts.keys().next().value!);
      counts.set(key, n);
      return n;
    },
    size: () => counts.size,
    async close() {
      counts.clear();
    },
  };
}

/** One Redis key per address and window: INCR, then EXPIRE at the window's end (plus a margin for clock skew). */
export function createRedisRateLimitStore(url: string, prefix = 'rx:rl:', logger?: RedisWatchLogger): RateLimitStore {
  const redis = new Redis(url, REDIS_CLIENT_OPTIONS);
  watchRedis(redis, 'public-rate-limit', logger);
  return {
    kind: 'redis',
    async hit(key, windowStart, windowMs) {
      const k = `${prefix}${key}:${windowStart}`;
      const res = await redis.multi().incr(k).pexpire(k, windowMs + 5_000).exec();
      const [err, n] = res?.[0] ?? [new Error('no reply'), 0];
      if (err) throw err;
      return Number(n);
    },
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}

/**
 * Routes never limited: the health check (load balancers poll it), static files of the web app and API docs, and routes
 * that opt out with `config.publicRateLimit: false` (login: it has its own per-account throttle and lock-out, and behind
 * a reverse proxy that is not listed in RENXING_TRUST_PROXY every user shares the proxy's address).
 */
function exempt(req: FastifyRequest): boolean {
  const url = req.routeOptions.url;
  if (!url || url === '/healthz') return true;
  if (req.routeOptions.config?.publicRateLimit === false) return true;
  return (req.routeOptions.config as { rootPath?: string } | undefined)?.rootPath !== undefined;
}

/**
 * Installs the limit as an onRequest hook. Call it before the access-control hook so a refused request costs no
 * session lookup. A store failure (Redis down) lets the request through and logs a warning once per outage (not per
 * request): never a 5xx from here.
 */
export function installPublicRateLimit(
  app: FastifyInstance,
  deps: { perMinute: number; store: RateLimitStore; clock: Clock; hashAddress: (ip: string) => string; logger: FastifyBaseLogger },
) {
  const windowMs = 60_000;
  let storeDown = false;
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.config?.access !== 'public' || exempt(req)) return;
    const now = deps.clock.now().getTime();
    const windowStart = now - (now % windowMs);
    let count: number;
    try {
      count = await deps.store.hit(deps.hashAddress(req.ip), windowStart, windowMs);
    } catch (err) {
      if (!storeDown) deps.logger.warn({ err: { message: (err as Error).message }, store: deps.store.kind }, 'public rate limit store unavailable; requests let through until it answers again');
      storeDown = true;
      return;
    }
    if (storeDown) deps.logger.info({ store: deps.store.kind }, 'public rate limit store answers again');
    storeDown = false;
    if (count <= deps.perMinute) return;
    const retryAfter = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
    throw new AppError(429, 'rate_limited', `请求过于频繁，请 ${retryAfter} 秒后再试`, `Too many requests; try again in ${retryAfter} seconds`, [], {
      'retry-after': String(retryAfter),
    });
  });
  app.addHook('onClose', async () => deps.store.close());
}
