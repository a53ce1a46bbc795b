import type { Database } from '../../platform/db/database';
import { samplingTargetsUnder } from '../registry';
import type { Kysely } from 'kysely';
import type { Codec } from '../../platform/db/codec';

/**
 * Read-only figures of the sampling coverage under an area (for the 指挥部 dispatch meeting's agenda, ADR 0090): the open
 * rounds, the people each should reach (not away), how many were sampled, and the gap (not yet sampled). Counts only.
 */
export async function samplingGapFigures(database: Database, areaPath: string): Promise<{ rounds: number; expected: number; sampled: number; missing: number }> {
  const { db } = database;
  const rounds = await db.selectFrom('sampling_rounds').select(['id', 'org_path']).where('org_path', 'like', `${areaPath}%`).where('status', '=', 'open').limit(100).execute();
  let expected = 0;
  let sampled = 0;
  for (const r of rounds) {
    const targets = (await samplingTargetsUnder(db, String(r.org_path))).filter((t) => !t.away);
    const done = new Set((await db.selectFrom('sampling_samples').select('resident_id').distinct().where('round_id', '=', String(r.id))
      .where('resident_id', 'is not', null).execute()).map((x) => String(x.resident_id)));
    expected += targets.length;
    sampled += targets.filter((t) => done.has(t.id)).length;
  }
  return { rounds: rounds.length, expected, sampled, missing: expected - sampled };
}

/** 上级任务 / 日报 figures (ADR 0093): the residents of an area sampled on `day` (each person once) — a count only. */
export async function samplingFigures(db: Kysely<any>, codec: Codec, areaPath: string, day: string) {
  const r = await db.selectFrom('sampling_samples').select([(eb) => eb.fn.count('person_key').distinct().as('n')])
    .where('org_path', 'like', `${areaPath}%`).where('collected_on', '=', day).where('resident_id', 'is not', null).executeTakeFirst();
  return { sampled: codec.readInt(r?.n) };
}
