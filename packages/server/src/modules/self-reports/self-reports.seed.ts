import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { ResidentRef } from '../registry';

/** Days of demo fever self-reports: the self-reports' retention (field registry: 28 days) — older ones would be deleted. */
export const DEMO_SELF_REPORT_DAYS = 28;

/**
 * Demo fever self-reports that agree with the demo's fever indicator (ADR 0027 addendum): for each grid and day, as many
 * distinct residents with a fever self-report as the warnings demo counted, so that the warning's "11 fevers in 第一网格
 * today" is 11 people on the 体温自报 page. Today's fevers wait for follow-up; earlier days' were followed up.
 * `candidates(gridId)` lists the residents the seed may use (active, households without a resident account, so the demo
 * resident's own page starts empty). Idempotent: only the missing reports of a grid and day are added.
 */
export async function seedSelfReportsDemo(
  platform: Platform,
  fevers: ReadonlyArray<{ gridId: string; date: string; count: number }>,
  candidates: (gridId: string) => Promise<ResidentRef[]>,
  o: { today: string },
): Promise<{ inserted: number }> {
  const { db, writes, codec } = platform.database;
  const pool = new Map<string, ResidentRef[]>();
  const rows: Record<string, unknown>[] = [];
  for (const f of fevers) {
    if (f.count <= 0) continue;
    let people = pool.get(f.gridId);
    if (!people) pool.set(f.gridId, (people = await candidates(f.gridId)));
    if (people.length === 0) continue;
    const have = await db.selectFrom('self_reports').select('resident_id').distinct()
      .where('grid_id', '=', f.gridId).where('report_date', '=', f.date).where('fever', '=', codec.bool(true) as never).execute();
    const taken = new Set(have.map((r) => r.resident_id as string));
    // A different, deterministic set of people each day: start at an offset from the date.
    const start = [...f.date].reduce((n, c) => (n * 31 + c.charCodeAt(0)) >>> 0, 7) % people.length;
    for (let i = 0; taken.size < f.count && i < people.length; i++) {
      const r = people[(start + i) % people.length]!;
      if (taken.has(r.id)) continue;
      taken.add(r.id);
      const open = f.date === o.today;
      const at = new Date(Date.parse(`${f.date}T00:00:00Z`) + (i % 50) * 60_000); // 08:00–08:50 in Shanghai (UTC+8)
      const now = platform.clock.now();
      const created = at > now ? now : at;
      rows.push({
        id: uuidv7(created.getTime()), resident_id: r.id, household_id: r.householdId, grid_id: r.gridId, org_path: r.orgPath, report_date: f.date,
        temperature: Math.round((37.4 + ((start + i) % 15) / 10) * 10) / 10, fever: codec.bool(true), symptoms: JSON.stringify(i % 3 === 0 ? ['cough'] : []),
        note: null, reported_by: 'system:seed', channel: 'self', follow_up_status: open ? 'open' : 'done',
        follow_up_note: open ? null : '已电话随访，居家观察', follow_up_by: open ? null : 'system:seed', created_at: codec.ts(created), version: 1,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    await writes.run((trx) => trx.insertInto('self_reports').values(part).execute());
  }
  return { inserted: rows.length };
}
