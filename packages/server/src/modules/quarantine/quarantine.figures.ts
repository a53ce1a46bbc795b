import type { Kysely } from 'kysely';
import type { Codec } from '../../platform/db/codec';

/** 上级任务 / 日报 figures (ADR 0093): people of an area in home quarantine and under health monitoring on `day` — counts only. */
export async function quarantineFigures(db: Kysely<any>, codec: Codec, areaPath: string, day: string) {
  const rows = await db.selectFrom('quarantine_orders').select(['kind', (eb) => eb.fn.countAll().as('n')]).where('org_path', 'like', `${areaPath}%`)
    .where('status', 'in', ['active', 'released']).where('start_date', '<=', day).where('end_date', '>=', day).groupBy('kind').execute();
  const n = (k: string) => codec.readInt(rows.find((r) => r.kind === k)?.n);
  return { home: n('home_quarantine'), monitoring: n('health_monitoring') };
}
