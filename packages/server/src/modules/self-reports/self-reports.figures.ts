import type { Kysely } from 'kysely';
import type { Codec } from '../../platform/db/codec';

/** 上级任务 / 日报 figures (ADR 0093): residents of an area who reported on `day`, and how many of them with a fever — counts only. */
export async function selfReportFigures(db: Kysely<any>, codec: Codec, areaPath: string, day: string) {
  const r = await db.selectFrom('self_reports').select([(eb) => eb.fn.count('resident_id').distinct().as('reported')])
    .where('org_path', 'like', `${areaPath}%`).where('report_date', '=', day).executeTakeFirst();
  const f = await db.selectFrom('self_reports').select([(eb) => eb.fn.count('resident_id').distinct().as('fever')])
    .where('org_path', 'like', `${areaPath}%`).where('report_date', '=', day).where('fever', '=', codec.bool(true) as never).executeTakeFirst();
  return { reported: codec.readInt(r?.reported), fever: codec.readInt(f?.fever) };
}
