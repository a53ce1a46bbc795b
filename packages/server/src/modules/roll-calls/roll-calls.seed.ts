import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import { careTargetsUnder } from '../registry';

/** The demo roll call (ADR 0073): who started it, where, for whom, how long ago, and who checks each grid. */
export type RollCallDemo = {
  orgId: string; orgPath: string; starterId: string; title: string; tags: readonly string[]; hoursAgo: number; dueHours: number;
  /** The account that checks a grid's people (its grid worker); the starter for the others. */
  checkerOf: (gridId: string) => string;
};

const SAFE_NOTES = ['电话确认平安，家中有储备', '上门查看，门窗已加固', '楼栋长已确认在家', '女儿在家照看'];

/**
 * An open roll call two hours into its four (a typhoon is coming): most people reached, a few needing help (one already
 * helped), one not reachable, some still to call — deterministic, once (nothing when a roll call exists).
 */
export async function seedRollCallDemo(platform: Platform, audit: AuditService, actor: AuditActor, d: RollCallDemo): Promise<number> {
  const { db, writes, codec } = platform.database;
  if (await db.selectFrom('roll_calls').select('id').limit(1).executeTakeFirst()) return 0;
  const targets = await careTargetsUnder(db, d.orgPath, d.tags);
  if (targets.length === 0) return 0;
  const started = new Date(platform.clock.now().getTime() - d.hoursAgo * 3_600_000);
  const id = uuidv7(started.getTime());
  await writes.run(async (trx) => {
    await trx.insertInto('roll_calls').values({
      id, org_id: d.orgId, org_path: d.orgPath, grid_id: null, title: d.title, tags: codec.json([...d.tags]), started_by: d.starterId, started_at: codec.ts(started),
      due_at: codec.ts(new Date(started.getTime() + d.dueHours * 3_600_000)), closed_at: null, closed_by: null, overdue_notified_at: null, total: targets.length, version: 1,
    }).execute();
    const rows = targets.map((t, i) => {
      const k = i % 10;
      const status = k <= 5 ? 'safe' : k === 6 ? (i % 20 === 6 ? 'helped' : 'needs_help') : k === 7 ? 'unreachable' : 'pending';
      const checked = status !== 'pending';
      const at = new Date(started.getTime() + (5 + (i % 90)) * 60_000);
      return {
        id: uuidv7(started.getTime()), seq: i, roll_call_id: id, resident_id: t.id, grid_id: t.gridId, org_path: t.orgPath, status,
        need: status === 'needs_help' || status === 'helped' ? (i % 3 === 0 ? 'medicine' : 'supplies') : null,
        method: checked ? (k % 2 ? 'visit' : 'phone') : null,
        note: status === 'safe' ? SAFE_NOTES[i % SAFE_NOTES.length]! : status === 'needs_help' ? '家中缺少常用药和饮用水' : status === 'helped' ? '志愿者已送药和饮用水上门'
          : status === 'unreachable' ? '电话无人接听，敲门无应答' : null,
        attempts: checked ? (status === 'helped' ? 2 : 1) : 0, checked_by: checked ? d.checkerOf(t.gridId) : null, checked_at: checked ? codec.ts(at) : null,
        version: checked ? 2 : 1,
      };
    });
    for (let i = 0; i < rows.length; i += 100) await trx.insertInto('roll_call_items').values(rows.slice(i, i + 100)).execute();
    await audit.append(trx, actor, { action: 'create', objectType: 'roll_call', objectId: id, fields: ['title', 'tags', 'dueAt'], outcome: 'success', count: targets.length, purpose: 'service.assistance' });
  });
  return targets.length;
}
