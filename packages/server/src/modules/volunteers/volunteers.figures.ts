import type { Kysely } from 'kysely';
import type { Codec } from '../../platform/db/codec';

/** 上级任务 / 日报 figures (ADR 0093): volunteer service of an area's shifts on `day` — people who served and hours (one decimal). */
export async function volunteerFigures(db: Kysely<any>, codec: Codec, areaPath: string, day: string) {
  const rows = await db.selectFrom('volunteer_shift_members as m').innerJoin('volunteer_shifts as s', 's.id', 'm.shift_id').select(['m.volunteer_id', 'm.minutes'])
    .where('m.org_path', 'like', `${areaPath}%`).where('s.day', '=', day).where('m.checked_out_at', 'is not', null).execute();
  const minutes = rows.reduce((a, r) => a + codec.readInt(r.minutes), 0);
  return { people: new Set(rows.map((r) => String(r.volunteer_id))).size, hours: Math.round(minutes / 6) / 10 };
}
