import type { Database } from '../db/database';

/**
 * Deletes expired sessions and stale login throttles. Idempotency keys are no longer deleted here: the field
 * registry's 30 days for their response bodies are enforced by the retention job (modules/privacy/retention.ts).
 */
export async function housekeeping(database: Database, now: Date) {
  const { writes, codec } = database;
  return writes.run(async (trx) => {
    const s = await trx.deleteFrom('sessions').where('expires_at', '<', codec.ts(now)).executeTakeFirst();
    const l = await trx.deleteFrom('login_throttle').where('window_started_at', '<', codec.ts(new Date(now.getTime() - 86400_000))).executeTakeFirst();
    return { sessions: Number(s.numDeletedRows), throttles: Number(l.numDeletedRows) };
  });
}
