import type { Redis, RedisOptions } from 'ioredis';

/** What the Redis clients need of a logger (pino's, the app's). */
export type RedisWatchLogger = { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };

/**
 * Redis (REDIS_URL) went away after start and a command could not be answered within its retries: the caller answers
 * 503 (http/errors.ts), never a hang or a crash.
 */
export class RedisUnavailableError extends Error {
  readonly code = 'redis_unavailable';
  constructor(readonly store: string, cause?: unknown) {
    super(`${store}: Redis unavailable (${(cause as Error | undefined)?.message ?? 'no reply'})`, { cause });
  }
}

/**
 * Client options of the long-lived clients: a command waiting for a lost connection fails after 2 reconnection attempts
 * (≤ 1 s apart), so a request is answered within a few seconds while Redis is down; reconnection goes on in the
 * background for as long as the outage lasts.
 */
export const REDIS_CLIENT_OPTIONS: RedisOptions = { lazyConnect: false, maxRetriesPerRequest: 2, retryStrategy: (times) => Math.min(times * 50, 1000) };

/**
 * Handles the client's 'error' events (without a listener ioredis prints "[ioredis] Unhandled error event" with a stack
 * on every reconnection attempt): one warning when an outage starts, one info line when Redis answers again.
 */
export function watchRedis(redis: Redis, store: string, logger?: RedisWatchLogger): { readonly down: boolean } {
  const state = { down: false };
  redis.on('error', (err: Error) => {
    if (state.down) return;
    state.down = true;
    logger?.warn({ err: { message: err.message }, store }, 'Redis unreachable; reconnecting in the background (warned once per outage)');
  });
  redis.on('ready', () => {
    if (!state.down) return;
    state.down = false;
    logger?.info({ store }, 'Redis reachable again');
  });
  return state;
}
