import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import type { AuditActor } from '../audit';
import type { UpperRequests } from './upper-requests.service';

const HOUR = 3_600_000;

/**
 * 上级任务 demo (ADR 0093): the district's daily epidemic figures issued to its communities, and the same figures asked
 * again by 区民政局 through the community (recorded there, linked to the district's as 合并). Idempotent: skipped once a
 * request exists.
 */
export async function seedUpperRequestsDemo(platform: Platform, requests: UpperRequests, actor: AuditActor, o: { district: Principal | null; admin: Principal | null }) {
  const { db } = platform.database;
  if (await db.selectFrom('upper_requests').select('id').limit(1).executeTakeFirst()) return;
  const later = (h: number) => new Date(platform.clock.now().getTime() + h * HOUR).toISOString();
  if (o.district) {
    await requests.create(o.district, actor, {
      direction: 'issued', sourceDept: '区卫健委', title: '每日疫情防控数据报送', content: '请各社区于今日 17 时前报送当日健康自报、发热及居家隔离人数。',
      deadline: later(8), figures: ['self_reported', 'fever', 'home_quarantine'],
    });
  }
  if (o.admin) {
    await requests.create(o.admin, actor, {
      direction: 'received', sourceDept: '区民政局', title: '辖区独居及高龄老人情况统计', content: '统计 60 岁以上老人及重点关爱人员数量，用于物资保障。',
      deadline: later(30), figures: ['residents_elderly60', 'residents_care'],
    });
    if (o.district) {
      await requests.create(o.admin, actor, {
        direction: 'received', sourceDept: '区疾控中心', title: '健康监测情况统计', content: '与区卫健委口径一致。', deadline: later(10), figures: ['fever', 'home_quarantine', 'self_reported'],
      });
    }
  }
}
