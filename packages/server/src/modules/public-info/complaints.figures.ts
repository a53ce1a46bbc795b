import type { Kysely } from 'kysely';
import type { Codec } from '../../platform/db/codec';

/** 上级任务 / 日报 figures (ADR 0093): complaints of an area still open now, those of them past their time, and those received on `day`. */
export async function complaintFigures(db: Kysely<any>, codec: Codec, areaPath: string, day: string, now: Date) {
  const open = await db.selectFrom('complaints').select(['due_at']).where('org_path', 'like', `${areaPath}%`).where('status', 'in', ['new', 'accepted']).execute();
  const t = now.toISOString();
  const rec = await db.selectFrom('complaints').select((eb) => eb.fn.countAll().as('n')).where('org_path', 'like', `${areaPath}%`).where('day', '=', day).executeTakeFirst();
  return { open: open.length, overdue: open.filter((r) => codec.readTs(r.due_at)! < t).length, received: codec.readInt(rec?.n) };
}
