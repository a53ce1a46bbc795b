import type { Kysely } from 'kysely';
import type { Codec } from '../../platform/db/codec';

/** 上级任务 / 日报 figures (ADR 0093): passages through the gates of an area on `day` (in and out) and those refused — counts only. */
export async function gateFigures(db: Kysely<any>, codec: Codec, areaPath: string, day: string) {
  const rows = await db.selectFrom('gate_events').select(['direction', 'decision', (eb) => eb.fn.countAll().as('n')]).where('org_path', 'like', `${areaPath}%`)
    .where('day', '=', day).groupBy(['direction', 'decision']).execute();
  const sum = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).reduce((a, r) => a + codec.readInt(r.n), 0);
  return { in: sum((r) => r.direction === 'in'), out: sum((r) => r.direction === 'out'), denied: sum((r) => r.decision === 'deny') };
}
