import type { Kysely } from 'kysely';
import type { Codec } from '../../platform/db/codec';

/** 上级任务 / 日报 figures (ADR 0093): the residents of an area sampled on `day` (each person once) — a count only. */
export async function samplingFigures(db: Kysely<any>, codec: Codec, areaPath: string, day: string) {
  const r = await db.selectFrom('sampling_samples').select([(eb) => eb.fn.count('person_key').distinct().as('n')])
    .where('org_path', 'like', `${areaPath}%`).where('collected_on', '=', day).where('resident_id', 'is not', null).executeTakeFirst();
  return { sampled: codec.readInt(r?.n) };
}
