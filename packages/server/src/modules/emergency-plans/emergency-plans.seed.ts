import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor } from '../audit';
import type { EmergencyPlans } from './emergency-plans.service';

const DAY = 86_400_000;
const MIN = 60_000;

/**
 * 应急预案与演练 demo (ADR 0089): the community's 疫情防控应急预案 in its second revision, with the functional drill of
 * ~40 days ago (some steps late, attendance, two findings: one revision action closed by revision 2, one still open), a
 * tabletop drill scheduled next week (through the service: the role holders are told), and a 台风防御预案 with no drill
 * for over a year (flagged 超期未演练). Past states are written as they would stand. Idempotent: skipped once a plan exists.
 */
export async function seedEmergencyPlansDemo(platform: Platform, plans: EmergencyPlans, actor: AuditActor, o: { admin: Principal; users: Record<'grid1' | 'doctor', string | null> }) {
  const { db, codec } = platform.database;
  if (await db.selectFrom('emergency_plans').select('id').limit(1).executeTakeFirst()) return;
  const now = platform.clock.now();
  const ago = (days: number, minutes = 0) => new Date(now.getTime() - days * DAY + minutes * MIN);
  const ts = (d: Date) => codec.ts(d);
  const staff = (...ids: Array<string | null>) => ids.filter((x): x is string => !!x);
  const roles = [
    { name: '总指挥', duties: '启动预案，统一调度，向街道报告。', staffIds: staff(o.admin.id) },
    { name: '信息联络组', duties: '接收上级通知，汇总上报信息，对居民发布公告。', staffIds: staff(o.users.grid1) },
    { name: '排查组', duties: '按网格入户排查重点人员，落实自报和健康码核查。', staffIds: staff(o.users.grid1) },
    { name: '物资保障组', duties: '清点防疫物资，保障封控楼栋生活物资配送。', staffIds: [] },
    { name: '医疗组', duties: '协助采样、转运和居家隔离人员的健康监测。', staffIds: staff(o.users.doctor) },
  ];
  const steps1 = [
    { title: '接到通知，总指挥启动预案', role: '总指挥', targetMinutes: 0 },
    { title: '召集各组负责人到社区指挥部', role: '总指挥', targetMinutes: 15 },
    { title: '向街道报告启动情况', role: '信息联络组', targetMinutes: 20 },
    { title: '发布居民告知书（公告、微信群）', role: '信息联络组', targetMinutes: 30 },
    { title: '划定管控楼栋，设置卡口', role: '排查组', targetMinutes: 45 },
    { title: '清点口罩、防护服、消毒液库存', role: '物资保障组', targetMinutes: 60 },
    { title: '按网格启动入户排查', role: '排查组', targetMinutes: 60 },
    { title: '设立临时采样点', role: '医疗组', targetMinutes: 90 },
    { title: '汇总首轮排查结果上报', role: '信息联络组', targetMinutes: 120 },
  ];
  const steps2 = [...steps1.slice(0, 6), { title: '联系协议超市，确认生活物资配送', role: '物资保障组', targetMinutes: 75 }, ...steps1.slice(6)];
  const series = uuidv7();
  const rev1 = series;
  const rev2 = uuidv7();
  const typhoon = uuidv7();
  const drill = uuidv7();
  const base = { org_id: o.admin.orgId, org_path: o.admin.orgPath, created_by: o.admin.id, title: '社区疫情防控应急预案', hazard: 'epidemic', roles: JSON.stringify(roles) };
  await db.insertInto('emergency_plans').values([
    { ...base, id: rev1, series_id: series, revision: 1, status: 'retired', steps: JSON.stringify(steps1), revision_note: null, published_at: ts(ago(300)), created_at: ts(ago(310)), updated_at: ts(ago(20)), version: 3 },
    { ...base, id: rev2, series_id: series, revision: 2, status: 'active', steps: JSON.stringify(steps2), revision_note: '按演练复盘增加生活物资配送步骤', published_at: ts(ago(20)), created_at: ts(ago(30)), updated_at: ts(ago(20)), version: 2 },
    {
      ...base, id: typhoon, series_id: typhoon, revision: 1, status: 'active', title: '台风防御预案', hazard: 'flood_typhoon', revision_note: null,
      roles: JSON.stringify(roles.filter((r) => r.name !== '医疗组').map((r) => (r.name === '排查组' ? { ...r, name: '转移安置组', duties: '组织低洼地带和危旧房屋居民转移到避灾安置点。' } : r))),
      steps: JSON.stringify([
        { title: '收到台风预警，总指挥启动预案', role: '总指挥', targetMinutes: 0 },
        { title: '通知居民收好阳台物品、远离广告牌', role: '信息联络组', targetMinutes: 30 },
        { title: '检查排水沟和地下车库挡水板', role: '物资保障组', targetMinutes: 60 },
        { title: '转移低洼地带及危旧房屋居民', role: '转移安置组', targetMinutes: 120 },
        { title: '向街道报告转移人数', role: '信息联络组', targetMinutes: 150 },
      ]),
      published_at: ts(ago(520)), created_at: ts(ago(530)), updated_at: ts(ago(520)), version: 2,
    },
  ]).execute();
  // The functional drill of ~40 days ago on revision 1: started 09:00; steps done at these minutes (late where over target).
  const start = ago(40);
  start.setUTCHours(1, 0, 0, 0); // 09:00 Shanghai
  const doneAt = [0, 12, 28, 35, 44, 58, 70, 105, 150];
  const marks = Object.fromEntries(doneAt.map((m, i) => [String(i + 1), new Date(start.getTime() + m * MIN).toISOString()]));
  const finished = new Date(start.getTime() + 160 * MIN);
  await db.insertInto('plan_drills').values({
    id: drill, plan_id: rev1, series_id: series, org_id: o.admin.orgId, org_path: o.admin.orgPath, kind: 'functional', place: '社区党群服务中心及3幢、5幢', scheduled_at: ts(start),
    status: 'finished', started_at: ts(start), finished_at: ts(finished), step_marks: JSON.stringify(marks), attendance: JSON.stringify(staff(o.admin.id, o.users.grid1, o.users.doctor)),
    residents_count: 36, created_by: o.admin.id, created_at: ts(ago(50)), updated_at: ts(finished), version: 6,
  }).execute();
  await db.insertInto('plan_drill_findings').values([
    {
      id: uuidv7(), drill_id: drill, series_id: series, org_path: o.admin.orgPath, text: '封控楼栋的生活物资配送无人负责，居民等了两个多小时。', severity: 'high',
      action: '修订预案：增加“联系协议超市，确认生活物资配送”步骤，由物资保障组负责。', action_status: 'closed', closed_by_plan_id: rev2, closed_at: ts(ago(20)), created_by: o.admin.id, created_at: ts(ago(39)),
    },
    {
      id: uuidv7(), drill_id: drill, series_id: series, org_path: o.admin.orgPath, text: '采样点设置晚了15分钟，医疗组人手不足。', severity: 'medium',
      action: '修订预案：医疗组增配一名网格员协助，提前准备采样点物资。', action_status: 'open', closed_by_plan_id: null, closed_at: null, created_by: o.admin.id, created_at: ts(ago(39)),
    },
  ]).execute();
  const next = ago(-7);
  next.setUTCHours(6, 30, 0, 0); // 14:30 Shanghai, next week
  await plans.schedule(o.admin, actor, rev2, { scheduledAt: next.toISOString(), kind: 'tabletop', place: '社区党群服务中心二楼会议室' });
}
