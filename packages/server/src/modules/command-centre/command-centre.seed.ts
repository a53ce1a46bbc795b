import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import { ymdOf } from '../privacy';
import { DEFAULT_GROUPS } from './command-centre.service';

const DAY = 86_400_000;
/** What each of the district's 13 working groups does (synthetic wording after the 2022 outbreak's division of work). */
const DUTIES: Record<(typeof DEFAULT_GROUPS)[number], string> = {
  综合组: '统筹协调各组工作，组织每日18:00调度会，汇总信息、起草纪要并督办决议事项。',
  安全保障组: '负责隔离点、封控区域的安全秩序和值守力量调配。',
  宣传组: '发布防控通告，回应社会关切，做好舆情监测。',
  交通运输组: '负责交通管控、卡口设置及转运车辆调度。',
  市场组: '保障市场供应和价格稳定，督促商超落实防控措施。',
  医疗卫生组: '负责核酸采样、流调溯源、就医保障和隔离人员健康监测。',
  社区组: '指导街道、社区落实网格化管理、入户排查和居家隔离管理。',
  物资保障组: '负责防疫物资和生活物资的储备、调拨与发放。',
  综合督导组: '督查各组、各街道决议事项和防控措施落实情况。',
  '党建+联防联控组': '组织党员干部下沉社区，统筹联防联控力量。',
  涉外组: '负责涉外人员的联系、服务和防控措施落实。',
  数据比对组: '负责大数据排查名单的比对、下发和结果回收。',
  人文关怀组: '关心关爱一线工作人员和特殊困难群体，做好心理疏导。',
};

/**
 * 指挥部 demo (ADR 0090): the district's 13 working groups (the district's duty officer leads 综合组, the street office
 * 社区组 with the community secretary as a member), this week's roster (the district's officer leads every day, the
 * street and the community take turns on duty), yesterday's dispatch meeting ended with its minutes and two decisions —
 * one for the street, due yesterday and still open (so it comes back on tonight's agenda), one for 物资保障组. Tonight's
 * meeting is left to be opened. Past rows are written as they would stand. Idempotent: skipped once a group exists.
 */
export async function seedCommandCentreDemo(platform: Platform, o: { districtId: string; districtPath: string; users: Record<'district' | 'street' | 'admin', string | null> }) {
  const { db, codec } = platform.database;
  const { district, street, admin } = o.users;
  if (!district || await db.selectFrom('command_groups').select('id').limit(1).executeTakeFirst()) return;
  const now = platform.clock.now();
  const today = ymdOf(now);
  const dayOf = (n: number) => ymdOf(new Date(now.getTime() + n * DAY));
  const ts = (h: number) => codec.ts(new Date(now.getTime() + h * 3_600_000));
  const base = { org_id: o.districtId, org_path: o.districtPath };
  const groupIds: Record<string, string> = {};
  await db.insertInto('command_groups').values(DEFAULT_GROUPS.map((name, i) => {
    const id = uuidv7();
    groupIds[name] = id;
    const lead = name === '综合组' ? district : name === '社区组' ? street : null;
    return { id, ...base, name, duties: DUTIES[name], lead_id: lead, seq: i + 1, created_by: district, created_at: ts(-24 * 7), updated_at: ts(-24 * 7), version: 1 };
  })).execute();
  const members: Array<[string, string | null]> = [['综合组', street], ['社区组', admin], ['医疗卫生组', admin], ['物资保障组', street]];
  const rows = members.filter((m): m is [string, string] => !!m[1]).map(([g, u]) => ({ group_id: groupIds[g]!, user_id: u, org_path: o.districtPath, created_at: ts(-24 * 7) }));
  if (rows.length) await db.insertInto('command_group_members').values(rows).execute();
  // This week, Monday to Sunday.
  const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  const duties = [];
  for (let i = 0; i < 7; i++) {
    const date = dayOf(i - dow);
    duties.push({ id: uuidv7(), ...base, duty_date: date, role: 'leader', group_id: groupIds['综合组']!, user_id: district, created_by: district, created_at: ts(-24 * 7) });
    const officer = i % 2 === 0 ? street : admin;
    if (officer) duties.push({ id: uuidv7(), ...base, duty_date: date, role: 'officer', group_id: groupIds['社区组']!, user_id: officer, created_by: district, created_at: ts(-24 * 7) });
  }
  await db.insertInto('command_duties').values(duties).execute();
  // Yesterday's meeting, ended.
  const yesterday = dayOf(-1);
  const meetingId = uuidv7();
  const start = new Date(`${yesterday}T18:00:00+08:00`);
  const at = (min: number) => codec.ts(new Date(start.getTime() + min * 60_000));
  await db.insertInto('command_meetings').values({
    id: meetingId, ...base, meeting_date: yesterday, starts_at: codec.ts(start), status: 'ended', agenda_at: at(-10), ended_at: at(50), ended_by: district,
    created_by: district, created_at: at(-30), updated_at: at(50), version: 3,
  }).execute();
  const items = [
    { source: 'tasks', title: '逾期及未办结工作任务', figure: 1, figures: { open: 5, overdue: 1, unassigned: 1 }, link: '/tasks', minutes: 'A社区第一网格的药品需求统计已逾期，街道督促社区今日内完成并报送。' },
    { source: 'alerts', title: '未处置预警', figure: 2, figures: { open: 2, red: 1, yellow: 1, unacknowledged: 1 }, link: '/warnings', minutes: '第一网格发热人数红色预警已由社区医生核实，继续每日随访。' },
    { source: 'supplies', title: '物资短缺', figure: 0, figures: { shortRounds: 0, shortfall: 0, outOfStock: 0 }, link: '/supplies', minutes: '口罩库存可保障一周，物资保障组明日前提出补充采购计划。' },
  ];
  const itemIds = items.map(() => uuidv7());
  await db.insertInto('command_agenda_items').values(items.map((it, i) => ({
    id: itemIds[i]!, meeting_id: meetingId, org_path: o.districtPath, seq: i + 1, source: it.source, title: it.title, figure: it.figure, figures: JSON.stringify(it.figures), link: it.link,
    minutes: it.minutes, minutes_by: district, minutes_at: at(10 + i * 10), created_at: at(-10), updated_at: at(10 + i * 10), version: 2,
  }))).execute();
  const present = [district, street, admin].filter((u): u is string => !!u);
  await db.insertInto('command_attendance').values(present.map((u, i) => ({ meeting_id: meetingId, user_id: u, org_path: o.districtPath, created_at: at(i) }))).execute();
  const decision = (title: string, owner: { user?: string | null; group?: string }, due: string, itemId: string) => ({
    id: uuidv7(), ...base, meeting_id: meetingId, item_id: itemId, title, detail: null, owner_user_id: owner.user ?? null, owner_group_id: owner.group ?? null, due_date: due,
    status: 'open', note: null, closed_at: null, closed_by: null, created_by: district, created_at: at(30), updated_at: at(30), version: 1, overdue_notified_at: null,
  });
  const decisions = [decision('物资保障组提出口罩补充采购计划', { group: groupIds['物资保障组']! }, dayOf(2), itemIds[2]!)];
  if (street) decisions.unshift(decision('督促A社区办结逾期的药品需求统计', { user: street }, yesterday, itemIds[0]!));
  await db.insertInto('command_decisions').values(decisions).execute();
}
