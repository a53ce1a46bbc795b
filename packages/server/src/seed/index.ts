import type { App } from '../app';
import { seedDutyLogDemo, type DutyDemoEntry } from '../modules/duty-logs';
import { seedRegistryDemo } from '../modules/registry';
import { seedControlPointDemo } from '../modules/control-points';
import { seedSupplyDemo } from '../modules/supplies';
import { seedSurveyDemo } from '../modules/surveys';
import { seedEmergencyInfraDemo } from '../modules/emergency-infra';
import { seedSamplingDemo } from '../modules/sampling';
import { seedQuarantineDemo } from '../modules/quarantine';
import { seedGatesDemo } from '../modules/gates';
import { seedHealthCodesDemo } from '../modules/health-codes';
import { seedScreeningDemo } from '../modules/screening';
import { seedCasesDemo } from '../modules/cases';
import { seedPublicInfoDemo } from '../modules/public-info';
import { seedVolunteersDemo } from '../modules/volunteers';
import { seedWorkTasksDemo } from '../modules/work-tasks';
import { seedUpperRequestsDemo } from '../modules/upper-requests';
import { seedProceduresDemo } from '../modules/procedures';
import { seedEmergencyPlansDemo } from '../modules/emergency-plans';
import { seedPartnersDemo } from '../modules/partners';
import { seedCommandCentreDemo } from '../modules/command-centre';
import { seedResilienceDemo } from '../modules/resilience';
import { seedRollCallDemo } from '../modules/roll-calls';
import { seedWarningsDemo } from '../modules/warnings';
import { DEMO_SELF_REPORT_DAYS, seedSelfReportsDemo } from '../modules/self-reports';
import { type AuditActor, systemActor } from '../modules/audit';
import { DEMO_EMERGENCY_REF, demoEmergencyStart } from './emergency';
import type { Platform } from '../platform/context';
import { analyzeAfterBulkLoad } from '../platform/db/dialect';
import { seedFoundation } from './foundation';

export { DEMO_PASSWORD, DEMO_USERS, DEMO_ORGS } from './foundation';

/** The actor recorded in the audit log for seeding. */
export const SEED_ACTOR: AuditActor = systemActor('system:seed');

/** Seeds everything the demo needs; each module's seed is idempotent. */
export async function seedAll(a: App, platform: Platform, _o: { demo: boolean }) {
  const orgs = await seedFoundation(a);
  // Residents with care tags get synthetic written consents under the notice version in force (ADR 0033).
  const registry = await seedRegistryDemo(platform, a.services.audit, a.services.orgs, SEED_ACTOR, { noticeVersion: a.services.notice.version() });
  await linkDemoResidentAccount(a, platform);
  // The demo resident has read the current processing notice, so the browser specs go straight to their pages (ADR 0029).
  const demoResident = await a.services.auth.findByUsername('resident');
  if (demoResident) await a.services.notice.seedAcknowledged(SEED_ACTOR, demoResident.id);
  const warningsDemo = await seedWarningsDemo(a, platform);
  // The fever indicator's demo counts of the self-reports' retention window are people with a fever self-report on the
  // 体温自报 page (ADR 0027 addendum): the warning's figures and the list of whom to follow up agree.
  const since = new Date(Date.parse(`${warningsDemo.today}T00:00:00Z`) - (DEMO_SELF_REPORT_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  await seedSelfReportsDemo(platform, warningsDemo.fevers.filter((f) => f.date >= since), (gridId) => demoFeverCandidates(platform, gridId), { today: warningsDemo.today });
  // An active emergency for the demo district from before the warnings' 120 days, so self-reports are collected (ADR 0027).
  await a.services.emergencies.ensureDeclared(SEED_ACTOR, orgs.district.id, demoEmergencyStart(platform.clock.now()), DEMO_EMERGENCY_REF, 'system:seed');
  await seedDutyLogDemoEntries(a, platform);
  await seedRollCallDemoRound(a, platform);
  await seedControlPointDemoRound(a, platform);
  await seedSupplyDemoReserve(a, platform);
  await seedSurveyDemoRounds(a, platform);
  await seedEmergencyInfraDemoPlaces(a, platform);
  await seedSamplingDemoRounds(a, platform);
  await seedQuarantineDemoOrders(a, platform);
  await seedHealthCodesDemoMirror(a, platform);
  await seedGatesDemoPassages(a, platform);
  await seedScreeningDemoList(a, platform);
  await seedCasesDemoChain(a, platform);
  await seedPublicInfoDemoItems(a, platform);
  await seedVolunteersDemoRoster(a, platform);
  await seedWorkTasksDemoInbox(a, platform);
  await seedProceduresDemoSet(a, platform);
  await seedEmergencyPlansDemoPlans(a, platform);
  await seedPartnersDemoRegistry(a, platform);
  await seedCommandCentreDemoDistrict(a, platform);
  await seedResilienceDemoHistory(a, platform);
  await seedUpperRequestsDemoInbox(a, platform);
  // A bulk load: PostgreSQL gets planner statistics for what was just written (without them a care-tag filter of the
  // resident list took 2–5 s right after the first start).
  await analyzeAfterBulkLoad(platform.database.db, platform.database.dialect);
  return { community: orgs.community.code, grids: orgs.grids.length, residents: registry.a.residents + registry.b.residents };
}

/** A few days of the demo street's duty log (值班日志), written by the demo accounts of the district, street and community. */
async function seedDutyLogDemoEntries(a: App, platform: Platform) {
  // The street's night shift asked for a follow-up that the street settled next morning (办结); the community admin's
  // lift entry is still open (待跟进, ADR 0071).
  type Line = [username: string, hoursAgo: number, category: DutyDemoEntry['category'], content: string, more?: { followUp?: boolean; closes?: number; warningAlertId?: string }];
  // The community admin's entry about grid 1's newest red fever alert (ADR 0072), when the demo has one.
  const grid1 = (await a.services.auth.findByUsername('grid1'))?.orgId;
  const alertId = grid1 ? await a.services.warnings.newestAlertId(grid1, 'red') : null;
  const lines: Line[] = [
    ['district', 50, 'meeting', '区指挥部早调度：各街道报告昨日发热自报和卡口情况；明日起加密农贸市场、学校周边巡查。'],
    ['street', 27, 'shift', '夜班交接：A社区两名发热自报居民已上门随访，无需转诊；B社区卡口 22:00 后只开东门。下一班：上午核对返乡人员名单。', { followUp: true }],
    ['admin', 22, 'dispatch', '派志愿者两人到 5 栋协助独居老人取药，11:30 完成，老人情况稳定。'],
    ['street', 20, 'shift', '返乡人员名单已与各社区核对完毕，新增 3 人已由社区电话联系并登记自报。', { closes: 1 }],
    ['grid1', 9, 'incident', '第一网格 3 栋门口快递堆放堵住消防通道，已联系物业清理，18:00 复查已通畅。'],
    ['admin', 6, 'incident', '5 栋 2 单元电梯停运，已报物业维修。明天上午需回访该单元独居老人买菜、取药是否方便。', { followUp: true }],
    ...(alertId
      ? [['admin', 4, 'incident', '第一网格发热自报红色预警：已安排网格员和社区医生上门核查，发热居民均已居家观察，明早再报体温。', { warningAlertId: alertId }] as Line]
      : []),
    ['doctor', 3, 'other', '社区卫生服务站今日退热药库存充足，行动不便的居民可由网格员登记后送药上门。'],
  ];
  const entries: DutyDemoEntry[] = [];
  for (const [username, hoursAgo, category, content, more] of lines) {
    const user = await a.services.auth.findByUsername(username);
    const org = user ? await a.services.orgs.get(user.orgId) : null;
    if (user && org) entries.push({ userId: user.id, orgId: org.id, orgPath: org.path, hoursAgo, category, content, ...more });
  }
  await seedDutyLogDemo(platform, a.services.audit, SEED_ACTOR, entries);
}

/** 居家隔离 (ADR 0080): three active orders, one awaiting the street's approval, one released with its certificate. */
async function seedQuarantineDemoOrders(a: App, platform: Platform) {
  const { auth } = a.services;
  const [admin, doctor, street, grid1, volunteer, resident] = await Promise.all(['admin', 'doctor', 'street', 'grid1', 'volunteer', 'resident'].map((u) => auth.findByUsername(u)));
  const pa = admin ? await auth.principalWithoutSession(admin) : null;
  if (!pa || pa.orgLevel !== 'community') return;
  const residentId = resident ? await a.services.selfReports.residentIdOfAccount(resident.id) : null;
  await seedQuarantineDemo(platform, a.services.audit, SEED_ACTOR, {
    admin: pa, doctorId: doctor?.id ?? null, streetId: street?.id ?? null, gridWorkerId: grid1?.id ?? null, volunteerId: volunteer?.id ?? null, residentId,
  });
}

/** 健康码 (ADR 0082): the district's list made everyone green; quarantined people red or yellow; two mismatches; an appeal. */
async function seedHealthCodesDemoMirror(a: App, platform: Platform) {
  const { auth } = a.services;
  const [admin, district, grid1, resident] = await Promise.all(['admin', 'district', 'grid1', 'resident'].map((u) => auth.findByUsername(u)));
  const pa = admin ? await auth.principalWithoutSession(admin) : null;
  if (!pa || pa.orgLevel !== 'community') return;
  const residentId = resident ? await a.services.selfReports.residentIdOfAccount(resident.id) : null;
  const districtOrg = district ? await a.services.orgs.get(district.orgId) : null;
  const { quarantine } = a.services;
  const [active, released] = await Promise.all([quarantine.activeUnder(pa.orgPath).then((ids) => quarantine.activeOrdersOf(ids)), quarantine.releasedUnder(pa.orgPath)]);
  await seedHealthCodesDemo(platform, a.services.audit, SEED_ACTOR, {
    admin: pa, districtUserId: district?.id ?? null, districtPath: districtOrg?.path ?? null, gridWorkerId: grid1?.id ?? null, residentId,
    quarantine: { active, released },
    flagged: await a.services.sampling.flaggedUnder(pa.orgPath),
  });
}

/** 卡口 (ADR 0081): three gates, vehicles, visitors and a week of passages decided by the live rules. */
async function seedGatesDemoPassages(a: App, platform: Platform) {
  const { auth } = a.services;
  const [admin, volunteer] = await Promise.all(['admin', 'volunteer'].map((u) => auth.findByUsername(u)));
  const pa = admin ? await auth.principalWithoutSession(admin) : null;
  if (!pa || pa.orgLevel !== 'community') return;
  await seedGatesDemo(platform, a.services.audit, SEED_ACTOR, {
    admin: pa, volunteerId: volunteer?.id ?? null, quarantineOf: (ids) => a.services.quarantine.activeOrdersOf(ids), samplingStatus: (ids) => a.services.sampling.samplingStatus(ids),
  });
}

/** 大数据+网格 screening (ADR 0083): the district's list of close contacts imported this morning, matched and routed. */
async function seedScreeningDemoList(a: App, platform: Platform) {
  const { auth, orgs } = a.services;
  const [district, admin] = await Promise.all(['district', 'admin'].map((u) => auth.findByUsername(u)));
  const pd = district ? await auth.principalWithoutSession(district) : null;
  const community = admin ? await orgs.get(admin.orgId) : null;
  if (!pd || !community || community.level !== 'community') return;
  const grids = (await orgs.childrenOf(community.id)).filter((g) => g.level === 'grid').sort((x, y) => x.code.localeCompare(y.code)).map((g) => g.id);
  await seedScreeningDemo(platform, a.services.screening, SEED_ACTOR, { district: pd, grids, communityName: community.name });
}

/** 病例与密接 (ADR 0084): a chain of three cases, the community's case's contacts, its close contacts sent as a list. */
async function seedCasesDemoChain(a: App, platform: Platform) {
  const { auth, orgs } = a.services;
  const [district, admin] = await Promise.all(['district', 'admin'].map((u) => auth.findByUsername(u)));
  const pd = district ? await auth.principalWithoutSession(district) : null;
  const community = admin ? await orgs.get(admin.orgId) : null;
  if (!pd || !community || community.level !== 'community') return;
  const grids = (await orgs.childrenOf(community.id)).filter((g) => g.level === 'grid').sort((x, y) => x.code.localeCompare(y.code));
  const grid = grids[2] ?? grids[0];
  if (grid) await seedCasesDemo(platform, a.services.cases, SEED_ACTOR, { district: pd, gridId: grid.id });
}

/** 政务公开与群众监督 (ADR 0086): announcements of the district, street and community; complaints in each state, one overdue. */
async function seedPublicInfoDemoItems(a: App, platform: Platform) {
  const { auth } = a.services;
  const [district, street, admin, worker] = await Promise.all(['district', 'street', 'admin', 'grid1'].map((u) => auth.findByUsername(u)));
  const p = async (u: typeof admin) => (u ? auth.principalWithoutSession(u) : null);
  const pa = await p(admin);
  if (!pa || pa.orgLevel !== 'community') return;
  await seedPublicInfoDemo(platform, a.services.announcements, a.services.complaints, SEED_ACTOR, { district: await p(district), street: await p(street), admin: pa, worker: await p(worker) });
}

/** 志愿者 (ADR 0085): five volunteers (one the `volunteer` account), a pending application, this week's shifts, hours done. */
async function seedVolunteersDemoRoster(a: App, platform: Platform) {
  const { auth } = a.services;
  const [admin, volunteer] = await Promise.all(['admin', 'volunteer'].map((u) => auth.findByUsername(u)));
  const pa = admin ? await auth.principalWithoutSession(admin) : null;
  if (!pa || pa.orgLevel !== 'community') return;
  await seedVolunteersDemo(platform, a.services.volunteers, SEED_ACTOR, { admin: pa, volunteerUserId: volunteer && volunteer.orgId === pa.orgId ? volunteer.id : null });
}

/** 工作任务 (ADR 0087): the community's task inbox — grid 1's worker, the volunteer and the doctor each with something. */
async function seedWorkTasksDemoInbox(a: App, platform: Platform) {
  const { auth } = a.services;
  const [admin, grid1, volunteer, doctor] = await Promise.all(['admin', 'grid1', 'volunteer', 'doctor'].map((u) => auth.findByUsername(u)));
  const pa = admin ? await auth.principalWithoutSession(admin) : null;
  if (!pa || pa.orgLevel !== 'community') return;
  const grids = await platform.database.db.selectFrom('orgs').select('id').where('parent_id', '=', pa.orgId).where('level', '=', 'grid').orderBy('path').execute();
  const same = (u: typeof admin) => (u && u.status === 'active' ? u.id : null);
  await seedWorkTasksDemo(platform, a.services.tasks, SEED_ACTOR, {
    admin: pa, grids: grids.map((g) => String(g.id)), users: { grid1: same(grid1), volunteer: same(volunteer), doctor: same(doctor) },
  });
}

/** 工作规程 (ADR 0088): 返乡人员排查流程 (v2 over v1), 居家隔离工作流程, "双报到"服务流程; grid 1's worker's completed checklists. */
async function seedProceduresDemoSet(a: App, platform: Platform) {
  const { auth } = a.services;
  const [admin, grid1] = await Promise.all(['admin', 'grid1'].map((u) => auth.findByUsername(u)));
  const pa = admin ? await auth.principalWithoutSession(admin) : null;
  if (!pa || pa.orgLevel !== 'community') return;
  const pw = grid1 && grid1.status === 'active' ? await auth.principalWithoutSession(grid1) : null;
  await seedProceduresDemo(platform, a.services.procedures, SEED_ACTOR, { admin: pa, worker: pw && pw.orgPath.startsWith(pa.orgPath) ? pw : null });
}

/** 应急预案与演练 (ADR 0089): the epidemic plan in revision 2 with last drill's review, a typhoon plan never drilled, next week's tabletop. */
async function seedEmergencyPlansDemoPlans(a: App, platform: Platform) {
  const { auth } = a.services;
  const [admin, grid1, doctor] = await Promise.all(['admin', 'grid1', 'doctor'].map((u) => auth.findByUsername(u)));
  const pa = admin ? await auth.principalWithoutSession(admin) : null;
  if (!pa || pa.orgLevel !== 'community') return;
  const same = (u: typeof admin) => (u && u.status === 'active' && u.orgId.length > 0 ? u.id : null);
  await seedEmergencyPlansDemo(platform, a.services.plans, SEED_ACTOR, { admin: pa, users: { grid1: same(grid1), doctor: same(doctor) } });
}

/** 韧性评估 (ADR 0092): the community's three past quarterly assessments, finalised (after the other demo data they read). */
async function seedResilienceDemoHistory(a: App, platform: Platform) {
  const admin = await a.services.auth.findByUsername('admin');
  const pa = admin ? await a.services.auth.principalWithoutSession(admin) : null;
  if (!pa || pa.orgLevel !== 'community') return;
  await seedResilienceDemo(platform, a.services.resilience, a.services.audit, SEED_ACTOR, pa);
}

/** 核酸采样 (ADR 0079): two sites, yesterday's round with its results and a positive pool's recall, today's open round. */
async function seedSamplingDemoRounds(a: App, platform: Platform) {
  const { auth } = a.services;
  const [admin, collector, resident] = await Promise.all(['admin', 'collector', 'resident'].map((u) => auth.findByUsername(u)));
  const pa = admin ? await auth.principalWithoutSession(admin) : null;
  if (!pa || pa.orgLevel !== 'community') return;
  const residentId = resident ? await a.services.selfReports.residentIdOfAccount(resident.id) : null;
  await seedSamplingDemo(platform, a.services.audit, SEED_ACTOR, { admin: pa, collectorId: collector?.id ?? pa.id, residentId });
}

/**
 * 关爱点名 (ADR 0073): the community admin's roll call of the elderly living alone and the 80+ before a typhoon, two hours
 * into its four; grid 1's people are checked by the demo grid worker.
 */
async function seedRollCallDemoRound(a: App, platform: Platform) {
  const admin = await a.services.auth.findByUsername('admin');
  const grid1 = await a.services.auth.findByUsername('grid1');
  const org = admin ? await a.services.orgs.get(admin.orgId) : null;
  if (!admin || !org) return;
  await seedRollCallDemo(platform, a.services.audit, SEED_ACTOR, {
    orgId: org.id, orgPath: org.path, starterId: admin.id, title: '台风“海葵”过境前关爱点名', tags: ['living_alone', 'elderly80'], hoursAgo: 2, dueHours: 4,
    checkerOf: (gridId) => (grid1 && grid1.orgId === gridId ? grid1.id : admin.id),
  });
}

/**
 * 三无小区管控点 (ADR 0074): the community's unmanaged compounds watched by the grid worker and the volunteer, patrolled
 * by them; one open problem, one overdue, one not yet a point.
 */
async function seedControlPointDemoRound(a: App, platform: Platform) {
  const [admin, grid1, volunteer] = await Promise.all(['admin', 'grid1', 'volunteer'].map((u) => a.services.auth.findByUsername(u)));
  const org = admin ? await a.services.orgs.get(admin.orgId) : null;
  if (!admin || !org || org.level !== 'community') return;
  const staff = [grid1, volunteer].filter((u): u is NonNullable<typeof u> => !!u).map((u) => u.id);
  await seedControlPointDemo(platform, a.services.audit, SEED_ACTOR, {
    communityPath: org.path, communityId: org.id, creatorId: admin.id, leadIds: staff, patrollerIds: staff.length ? staff : [admin.id],
  });
}

/**
 * 物资保障 (ADR 0075, 0076): the community's and the street's reserves, an open round of vegetable packs for grid 1 and an
 * offer of masks to reserve.
 */
async function seedSupplyDemoReserve(a: App, platform: Platform) {
  const { auth } = a.services;
  const [admin, street, grid1] = await Promise.all(['admin', 'street', 'grid1'].map((u) => auth.findByUsername(u)));
  if (!admin) return;
  const as = (u: NonNullable<typeof admin> | null) => (u ? auth.principalWithoutSession(u) : Promise.resolve(null));
  const [pa, ps, pg] = await Promise.all([as(admin), as(street), as(grid1)]);
  if (!pa || pa.orgLevel !== 'community') return;
  await seedSupplyDemo(platform, a.services.supplies, a.services.audit, SEED_ACTOR, { admin: pa, street: ps?.orgLevel === 'street' ? ps : null, deliverer: pg }, a.services.offers);
}

/** 问卷调查 (ADR 0077): the thesis's questionnaire with its published figures, and an open survey for residents. */
async function seedSurveyDemoRounds(a: App, platform: Platform) {
  const admin = await a.services.auth.findByUsername('admin');
  const p = admin ? await a.services.auth.principalWithoutSession(admin) : null;
  if (!p || p.orgLevel !== 'community') return;
  await seedSurveyDemo(platform, a.services.surveys, a.services.audit, SEED_ACTOR, p);
}

/** 应急避难场所与应急通道 (ADR 0078): shelters, lanes and occupation reports (one of the demo resident's, overdue). */
async function seedEmergencyInfraDemoPlaces(a: App, platform: Platform) {
  const { auth } = a.services;
  const [admin, grid1, resident] = await Promise.all(['admin', 'grid1', 'resident'].map((u) => auth.findByUsername(u)));
  const pa = admin ? await auth.principalWithoutSession(admin) : null;
  if (!pa || pa.orgLevel !== 'community') return;
  const pg = grid1 ? await auth.principalWithoutSession(grid1) : null;
  await seedEmergencyInfraDemo(platform, a.services.infra, a.services.audit, SEED_ACTOR, { admin: pa, worker: pg, residentId: resident?.id ?? null });
}

/**
 * Links the demo `resident` account to an adult household head in grid 1, so the self-report page works — one living
 * with a parent aged 80+ where the grid has one, so that the demo's typhoon roll call asks them for 报平安 (ADR 0073).
 * By address, so that every demo links the same household.
 */
async function linkDemoResidentAccount(a: App, platform: Platform) {
  const { db, codec } = platform.database;
  const user = await a.services.auth.findByUsername('resident');
  if (!user) return;
  if (await db.selectFrom('resident_accounts').select('user_id').where('user_id', '=', user.id).executeTakeFirst()) return;
  const grid = await a.services.orgs.get(user.orgId);
  const heads = () => db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').select('r.id')
    .where('r.org_path', 'like', `${grid!.path}%`).where('r.relation', '=', 'head').where('r.status', '=', 'active').where('r.restricted', '=', codec.bool(false) as never)
    .where('r.birth_date', '<', '1990-01-01').where('r.birth_date', '>', '1960-01-01').orderBy('h.address').orderBy('r.id').limit(1);
  const withElder = await heads().where('r.household_id', 'in', db.selectFrom('residents as e').innerJoin('resident_tags as t', 't.resident_id', 'e.id')
    .select('e.household_id').where('t.tag', '=', 'elderly80').where('e.status', '=', 'active').where('e.relation', '<>', 'head')).executeTakeFirst();
  const head = withElder ?? (await heads().executeTakeFirst());
  if (head) await a.services.selfReports.linkAccount(user.id, String(head.id));
}

/** Active, unrestricted residents of a grid whose household has no resident account (the demo resident's page starts empty). */
async function demoFeverCandidates(platform: Platform, gridId: string) {
  const { db, codec } = platform.database;
  const rows = await db.selectFrom('residents').select(['id', 'household_id', 'grid_id', 'org_path'])
    .where('grid_id', '=', gridId).where('status', '=', 'active').where('restricted', '=', codec.bool(false) as never)
    .where('household_id', 'not in', db.selectFrom('resident_accounts').innerJoin('residents as r2', 'r2.id', 'resident_accounts.resident_id').select('r2.household_id'))
    .orderBy('id').execute();
  return rows.map((r) => ({ id: r.id as string, householdId: r.household_id as string, gridId: r.grid_id as string, orgPath: r.org_path as string }));
}

/** 多方协同 (ADR 0091): community A's partners (12 social organisations: 4 registered, 8 filed), the matrix, 5,000+ haircuts, counselling slots. */
async function seedPartnersDemoRegistry(a: App, platform: Platform) {
  const { auth } = a.services;
  const [admin, volunteer] = await Promise.all(['admin', 'volunteer'].map((u) => auth.findByUsername(u)));
  const pa = admin ? await auth.principalWithoutSession(admin) : null;
  if (!pa || pa.orgLevel !== 'community') return;
  const pv = volunteer && volunteer.status === 'active' && volunteer.orgId === pa.orgId ? await auth.principalWithoutSession(volunteer) : null;
  await seedPartnersDemo(platform, a.services.partners, SEED_ACTOR, { admin: pa, counsellor: pv });
}

/** 指挥部 (ADR 0090): the district's 13 working groups, this week's roster, yesterday's meeting with an overdue decision. */
async function seedCommandCentreDemoDistrict(a: App, platform: Platform) {
  const { auth } = a.services;
  const [district, street, admin] = await Promise.all(['district', 'street', 'admin'].map((u) => auth.findByUsername(u)));
  const pd = district && district.status === 'active' ? await auth.principalWithoutSession(district) : null;
  if (!pd || pd.orgLevel !== 'district') return;
  const same = (u: typeof district) => (u && u.status === 'active' ? u.id : null);
  await seedCommandCentreDemo(platform, { districtId: pd.orgId, districtPath: pd.orgPath, users: { district: pd.id, street: same(street), admin: same(admin) } });
}

/** 上级任务 (ADR 0093): the district's daily figures issued to its communities, and a duplicate recorded by the community. */
async function seedUpperRequestsDemoInbox(a: App, platform: Platform) {
  const { auth } = a.services;
  const [admin, district] = await Promise.all(['admin', 'district'].map((u) => auth.findByUsername(u)));
  const pa = admin && admin.status === 'active' ? await auth.principalWithoutSession(admin) : null;
  const pd = district && district.status === 'active' ? await auth.principalWithoutSession(district) : null;
  await seedUpperRequestsDemo(platform, a.services.requests, SEED_ACTOR, {
    admin: pa && pa.orgLevel === 'community' ? pa : null, district: pd && pd.orgLevel === 'district' ? pd : null,
  });
}
