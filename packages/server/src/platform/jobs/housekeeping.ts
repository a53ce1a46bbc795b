import type { Database } from '../db/database';

/** Deletes expired sessions, idempotency keys past their 30-day window and stale login throttles. */
export async function housekeeping(database: Database, now: Date, idempotencyDays = 30) {
  const { writes, codec } = database;
  return writes.run(async (trx) => {
    const s = await trx.deleteFrom('sessions').where('expires_at', '<', codec.ts(now)).executeTakeFirst();
    const i = await trx.deleteFrom('idempotency_keys').where('created_at', '<', codec.ts(new Date(now.getTime() - idempotencyDays * 86400_000))).executeTakeFirst();
    const l = await trx.deleteFrom('login_throttle').where('window_started_at', '<', codec.ts(new Date(now.getTime() - 86400_000))).executeTakeFirst();
    return { sessions: Number(s.numDeletedRows), idempotencyKeys: Number(i.numDeletedRows), throttles: Number(l.numDeletedRows) };
  });
}
