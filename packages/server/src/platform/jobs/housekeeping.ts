import type { Database } from '../db/database';

/**
 * A module's own periodic upkeep, run by the housekeeping job after its own deletions: cheap when there is nothing to do
 * and safe to run again (the job runs every 15 minutes, and may run in more than one process). Returns what it did, for
 * the job's result.
 */
export type HousekeepingStep = (now: Date) => Promise<unknown>;

// Per database: each app built on a platform registers its modules' steps against that platform's database (tests build
// many apps in one process, each with a database of its own). Keyed by name, so building the app again replaces a step.
const steps = new WeakMap<Database, Map<string, HousekeepingStep>>();

/**
 * Adds a step to the housekeeping job of this database (wired in app.ts: the jobs platform never imports a domain
 * module; main.ts keeps calling `housekeeping` alone).
 */
export function registerHousekeepingStep(database: Database, name: string, step: HousekeepingStep): void {
  let mine = steps.get(database);
  if (!mine) steps.set(database, (mine = new Map()));
  mine.set(name, step);
}

/**
 * Deletes expired sessions and stale login throttles, then runs the steps the modules registered (each in its own
 * transactions: one failing does not hold up the others; the job then fails naming them, for the scheduler's log).
 * Idempotency keys are no longer deleted here: the field registry's 30 days for their response bodies are enforced
 * by the retention job (modules/privacy/retention.ts).
 */
export async function housekeeping(database: Database, now: Date) {
  const { writes, codec } = database;
  const own = await writes.run(async (trx) => {
    const s = await trx.deleteFrom('sessions').where('expires_at', '<', codec.ts(now)).executeTakeFirst();
    const l = await trx.deleteFrom('login_throttle').where('window_started_at', '<', codec.ts(new Date(now.getTime() - 86400_000))).executeTakeFirst();
    return { sessions: Number(s.numDeletedRows), throttles: Number(l.numDeletedRows) };
  });
  const done: Record<string, unknown> = {};
  const failed: string[] = [];
  for (const [name, step] of steps.get(database) ?? []) {
    try {
      done[name] = await step(now);
    } catch (e) {
      failed.push(`${name}: ${(e as Error).message}`);
    }
  }
  if (failed.length) throw new Error(`housekeeping steps failed (sessions and throttles were cleared): ${failed.join('; ')}`);
  return { ...own, steps: done };
}
