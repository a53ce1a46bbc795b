import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import { unmanagedCompounds } from '../registry';
import { PATROL_CHECKS, type PatrolCheck } from './control-points.routes';

/** The demo's control points (ADR 0074): the community, and who is responsible for and patrols them. */
export type ControlPointDemo = { communityPath: string; communityId: string; creatorId: string; leadIds: readonly string[]; patrollerIds: readonly string[] };

const NOTES = ['卡口志愿者在岗，出入登记本已更新', '垃圾已清运，公共区域已消杀', '夜间巡查，楼道灯已报修', null];

/**
 * A week of patrols at the community's unmanaged compounds, deterministic, once (nothing when a point exists): the
 * first (three-no first) has an open problem (a blocked fire lane found two hours ago), the last is not yet a control
 * point; with more than two, the second is overdue (last patrol 30 hours ago, every 24) and the others were patrolled
 * this morning. The demo community has two: a three-no compound and one without property management.
 */
export async function seedControlPointDemo(platform: Platform, audit: AuditService, actor: AuditActor, d: ControlPointDemo): Promise<number> {
  const { db, writes, codec } = platform.database;
  if (await db.selectFrom('control_points').select('id').limit(1).executeTakeFirst()) return 0;
  const all = await unmanagedCompounds(db, codec, { exact: [d.communityPath] });
  // Three-no first: they are the ones the community watches most closely.
  const three = (c: (typeof all)[number]) => c.flags.noPropertyManagement && c.flags.noCompetentAuthority && c.flags.notEnclosed;
  const compounds = [...all.filter(three), ...all.filter((c) => !three(c))];
  if (compounds.length < 2 || d.leadIds.length === 0 || d.patrollerIds.length === 0) return 0;
  const now = platform.clock.now().getTime();
  const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000);
  const points = compounds.slice(0, -1);
  await writes.run(async (trx) => {
    for (const [k, c] of points.entries()) {
      const id = uuidv7(at(24 * 8).getTime());
      // Patrols every ~24 h over the last week; the newest per case above.
      const newest = k === 0 ? 2 : k === 1 ? 30 : 3 + (k % 4);
      const times = Array.from({ length: 6 }, (_, i) => newest + i * 24);
      await trx.insertInto('control_points').values({
        id, compound_id: c.id, community_id: c.communityId, org_path: c.orgPath, lead_user_id: d.leadIds[k % d.leadIds.length]!, interval_hours: 24,
        last_patrol_at: codec.ts(at(newest)), due_notified_at: null, created_by: d.creatorId, created_at: codec.ts(at(24 * 8)), version: 1,
      }).execute();
      for (const [i, h] of times.entries()) {
        // The newest patrol of the first point found the fire lane blocked (open); one a few days back found the rubbish
        // not collected and was resolved the same day.
        const problem: PatrolCheck | null = k === 0 && i === 0 ? 'lane_clear' : k === 2 && i === 3 ? 'sanitation' : null;
        const checks = Object.fromEntries(PATROL_CHECKS.map((x) => [x, x === problem ? 'problem' : 'ok']));
        const resolved = problem !== null && i > 0;
        await trx.insertInto('control_point_patrols').values({
          id: uuidv7(at(h).getTime()), point_id: id, org_path: c.orgPath, patrolled_by: d.patrollerIds[(k + i) % d.patrollerIds.length]!, patrolled_at: codec.ts(at(h)),
          checks: codec.json(checks), problems: problem ? 1 : 0,
          note: problem === 'lane_clear' ? '东侧消防通道被私家车和杂物堵住，已电话联系车主' : problem === 'sanitation' ? '垃圾点三天未清运' : NOTES[(k + i) % NOTES.length]!,
          resolved_at: resolved ? codec.ts(at(h - 5)) : null, resolved_by: resolved ? d.creatorId : null,
          resolution: resolved ? '已联系环卫所加派清运车，下午已清空' : null, version: resolved ? 2 : 1,
        }).execute();
      }
      await audit.append(trx, actor, { action: 'create', objectType: 'control_point', objectId: id, fields: ['leadUserId', 'intervalHours'], outcome: 'success' });
    }
  });
  return points.length;
}
