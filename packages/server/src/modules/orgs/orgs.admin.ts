import { countText } from '@renxing/shared';
import type { Kysely, Transaction } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, errors, type ErrorDetail } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { isForeignKeyViolation, isUniqueViolation } from '../../platform/db/dialect';
import { uuidv7 } from '../../platform/ids';
import { type AuditActor, type AuditService, denyAudited } from '../audit';
import { codeExtends, LEVELS } from './orgs.import';
import type { Org, OrgLevel, OrgPickerNode, OrgsService } from './orgs.service';

/**
 * Managing the administrative hierarchy from the web app (ADR 0022): grids by the community (place:write, on 地点管理),
 * streets and communities by the district (org:manage, 行政区划). Codes and materialised paths never change once an org
 * exists — they are the scope prefix of every row below it — so an org can be renamed, never re-coded or moved, and
 * deleted only when nothing refers to it.
 */

/** Levels managed with org:manage (below a district); grids are the community's (place:write). */
export const MANAGED_LEVELS: readonly OrgLevel[] = ['street', 'community'];

/**
 * Digits a child's code adds to its parent's: a street (乡镇街道) extends its district's 6-digit GB/T 2260 code by 3
 * (GB/T 10114), a community (社区/村) its street's by 3 (统计用区划代码: 12 digits), a grid its community's by 2 (as the
 * demo seed and the orgs import examples number them: 01, 02, …).
 */
export const CHILD_CODE_DIGITS: Partial<Record<OrgLevel, number>> = { street: 3, community: 3, grid: 2 };

/** The levels' names in messages, one table for the server (the web app's orgLevels say the same). */
export const LEVEL_ZH: Record<OrgLevel, string> = { city: '市', district: '区县', street: '街道', community: '社区', grid: '网格' };
const LEVEL_EN: Record<OrgLevel, string> = { city: 'city', district: 'district', street: 'street', community: 'community', grid: 'grid' };

/**
 * Every table that refers to an org, by id or by materialised path (a row whose path lies inside the org's). Deleting
 * an org is refused while any of them has a row for it (409 not_empty naming them): nothing is cascaded, and no row is
 * left with the path of an org that no longer exists (a new org could get the same code, and with it their scope).
 * `orgs.delete.test.ts` compares this list with the live schema on both dialects. Not listed: `audit_log.actor_org`
 * (an org id recorded as history; ids are never reused) and `orgs.path` itself.
 */
export const ORG_REFERENCES: ReadonlyArray<{ table: string; ids?: readonly string[]; path?: string; kind: RemainKind }> = [
  { table: 'orgs', ids: ['parent_id'], kind: 'children' },
  { table: 'users', ids: ['org_id'], kind: 'accounts' },
  { table: 'api_tokens', ids: ['org_id'], kind: 'apiTokens' },
  { table: 'compounds', ids: ['community_id'], path: 'org_path', kind: 'compounds' },
  { table: 'buildings', ids: ['grid_id'], path: 'org_path', kind: 'buildings' },
  { table: 'households', ids: ['grid_id'], path: 'org_path', kind: 'households' },
  { table: 'residents', ids: ['grid_id'], path: 'org_path', kind: 'residents' },
  { table: 'resident_tags', path: 'org_path', kind: 'careTags' },
  { table: 'resident_status_changes', path: 'org_path', kind: 'statusChanges' },
  { table: 'resident_moves', ids: ['from_grid_id', 'to_grid_id'], kind: 'moves' },
  { table: 'grid_assignments', ids: ['grid_id'], kind: 'assignments' },
  // By grid only: see PATH_IMPLIED_BY_GRID.
  { table: 'self_reports', ids: ['grid_id'], kind: 'selfReports' },
  { table: 'warning_observations', ids: ['grid_id'], path: 'org_path', kind: 'observations' },
  { table: 'warning_alerts', ids: ['grid_id'], path: 'org_path', kind: 'alerts' },
  { table: 'warning_indicator_settings', ids: ['org_id'], path: 'org_path', kind: 'indicatorSettings' },
  { table: 'duty_logs', ids: ['org_id'], path: 'org_path', kind: 'dutyLogs' },
  { table: 'roll_calls', ids: ['org_id', 'grid_id'], path: 'org_path', kind: 'rollCalls' },
  // By grid only: see PATH_IMPLIED_BY_GRID.
  { table: 'roll_call_items', ids: ['grid_id'], kind: 'rollCallItems' },
  { table: 'control_points', ids: ['community_id'], path: 'org_path', kind: 'controlPoints' },
  { table: 'control_point_patrols', path: 'org_path', kind: 'controlPointPatrols' },
  { table: 'supply_warehouses', ids: ['org_id'], path: 'org_path', kind: 'supplyWarehouses' },
  { table: 'supply_movements', path: 'org_path', kind: 'supplyMovements' },
  { table: 'supply_rounds', ids: ['org_id', 'grid_id'], path: 'org_path', kind: 'supplyRounds' },
  { table: 'supply_round_lines', ids: ['grid_id'], path: 'org_path', kind: 'supplyRoundLines' },
  { table: 'supply_offers', ids: ['org_id'], path: 'org_path', kind: 'supplyOffers' },
  { table: 'surveys', ids: ['org_id'], path: 'org_path', kind: 'surveys' },
  { table: 'shelters', ids: ['community_id'], path: 'org_path', kind: 'shelters' },
  { table: 'shelter_inspections', path: 'org_path', kind: 'shelterInspections' },
  { table: 'emergency_lanes', ids: ['community_id'], path: 'org_path', kind: 'emergencyLanes' },
  { table: 'lane_settings', ids: ['community_id'], path: 'org_path', kind: 'laneSettings' },
  { table: 'lane_reports', ids: ['community_id'], path: 'org_path', kind: 'laneReports' },
  { table: 'sampling_sites', ids: ['community_id'], path: 'org_path', kind: 'samplingSites' },
  { table: 'sampling_rounds', ids: ['community_id'], path: 'org_path', kind: 'samplingRounds' },
  { table: 'sampling_result_imports', path: 'org_path', kind: 'samplingImports' },
  { table: 'sampling_tubes', path: 'org_path', kind: 'samplingTubes' },
  { table: 'sampling_samples', ids: ['grid_id'], path: 'org_path', kind: 'samplingSamples' },
  { table: 'sampling_retests', ids: ['grid_id'], path: 'org_path', kind: 'samplingRetests' },
  { table: 'quarantine_orders', ids: ['community_id', 'grid_id'], path: 'org_path', kind: 'quarantineOrders' },
  { table: 'quarantine_checks', path: 'org_path', kind: 'quarantineChecks' },
  { table: 'quarantine_door_events', path: 'org_path', kind: 'quarantineDoorEvents' },
  { table: 'quarantine_needs', path: 'org_path', kind: 'quarantineNeeds' },
  { table: 'gates', ids: ['community_id', 'grid_id'], path: 'org_path', kind: 'gates' },
  { table: 'gate_visits', ids: ['community_id'], path: 'org_path', kind: 'gateVisits' },
  { table: 'gate_vehicles', ids: ['community_id'], path: 'org_path', kind: 'gateVehicles' },
  { table: 'gate_events', path: 'org_path', kind: 'gateEvents' },
  { table: 'health_codes', path: 'org_path', kind: 'healthCodes' },
  { table: 'health_code_history', path: 'org_path', kind: 'healthCodeHistory' },
  { table: 'health_code_imports', path: 'org_path', kind: 'healthCodeImports' },
  { table: 'health_appeals', path: 'org_path', kind: 'healthAppeals' },
  { table: 'screening_lists', ids: ['org_id'], path: 'org_path', kind: 'screeningLists' },
  { table: 'screening_entries', ids: ['community_id', 'grid_id'], path: 'org_path', kind: 'screeningEntries' },
  { table: 'cases', path: 'org_path', kind: 'cases' },
  { table: 'case_contacts', path: 'org_path', kind: 'caseContacts' },
  { table: 'announcements', ids: ['org_id'], path: 'org_path', kind: 'announcements' },
  { table: 'announcement_versions', path: 'org_path', kind: 'announcementVersions' },
  { table: 'complaints', ids: ['community_id'], path: 'org_path', kind: 'complaints' },
  { table: 'complaint_events', path: 'org_path', kind: 'complaintEvents' },
  { table: 'volunteer_applications', ids: ['community_id'], path: 'org_path', kind: 'volunteerApplications' },
  { table: 'volunteers', ids: ['community_id'], path: 'org_path', kind: 'volunteers' },
  { table: 'volunteer_shifts', ids: ['community_id'], path: 'org_path', kind: 'volunteerShifts' },
  { table: 'volunteer_shift_members', path: 'org_path', kind: 'volunteerShiftMembers' },
  { table: 'work_tasks', ids: ['community_id', 'grid_id'], path: 'org_path', kind: 'workTasks' },
  { table: 'procedures', ids: ['org_id'], path: 'org_path', kind: 'procedures' },
  { table: 'procedure_versions', path: 'org_path', kind: 'procedureVersions' },
  { table: 'procedure_runs', path: 'org_path', kind: 'procedureRuns' },
  { table: 'procedure_run_ticks', path: 'org_path', kind: 'procedureRunTicks' },
  { table: 'emergency_plans', ids: ['org_id'], path: 'org_path', kind: 'emergencyPlans' },
  { table: 'plan_drills', ids: ['org_id'], path: 'org_path', kind: 'planDrills' },
  { table: 'plan_drill_findings', path: 'org_path', kind: 'planDrillFindings' },
  { table: 'command_groups', ids: ['org_id'], path: 'org_path', kind: 'commandGroups' },
  { table: 'command_group_members', path: 'org_path', kind: 'commandGroupMembers' },
  { table: 'command_duties', ids: ['org_id'], path: 'org_path', kind: 'commandDuties' },
  { table: 'command_meetings', ids: ['org_id'], path: 'org_path', kind: 'commandMeetings' },
  { table: 'command_agenda_items', path: 'org_path', kind: 'commandAgendaItems' },
  { table: 'command_attendance', path: 'org_path', kind: 'commandAttendance' },
  { table: 'command_addenda', path: 'org_path', kind: 'commandAddenda' },
  { table: 'command_decisions', ids: ['org_id'], path: 'org_path', kind: 'commandDecisions' },
  { table: 'resilience_assessments', ids: ['org_id'], path: 'org_path', kind: 'resilienceAssessments' },
  { table: 'upper_requests', ids: ['org_id'], path: 'org_path', kind: 'upperRequests' },
  { table: 'upper_request_items', ids: ['community_id'], path: 'org_path', kind: 'upperRequestItems' },
  { table: 'import_jobs', ids: ['community_id'], path: 'scope_path', kind: 'imports' },
  { table: 'exports', ids: ['org_id'], path: 'scope_path', kind: 'exports' },
  { table: 'security_alerts', path: 'org_path', kind: 'securityAlerts' },
  { table: 'break_glass_grants', path: 'org_path', kind: 'breakGlass' },
  { table: 'emergency_periods', ids: ['org_id'], path: 'org_path', kind: 'emergencies' },
  { table: 'correction_requests', ids: ['grid_id'], path: 'org_path', kind: 'corrections' },
  { table: 'minor_access_requests', path: 'org_path', kind: 'minorAccess' },
  { table: 'resident_consents', path: 'org_path', kind: 'consents' },
  { table: 'deletion_requests', ids: ['grid_id'], path: 'org_path', kind: 'deletionRequests' },
  { table: 'partner_units', ids: ['org_id'], path: 'org_path', kind: 'partnerUnits' },
  { table: 'partner_members', path: 'org_path', kind: 'partnerMembers' },
  { table: 'partner_duties', ids: ['org_id'], path: 'org_path', kind: 'partnerDuties' },
  { table: 'partner_services', path: 'org_path', kind: 'partnerServices' },
  { table: 'service_records', path: 'org_path', kind: 'serviceRecords' },
  { table: 'service_slots', path: 'org_path', kind: 'serviceSlots' },
  { table: 'service_bookings', path: 'org_path', kind: 'serviceBookings' },
];

/**
 * Path columns the delete check does not read, because the row's grid id, which it does read, already says where the
 * row is: a self-report (and a roll-call entry, ADR 0073) is written with its resident's grid and that grid's path together, and neither changes. An org
 * above a grid cannot be deleted while it has grids (`children`), and a grid not while it has self-reports, so no
 * self-report can be left behind. Checking the path as well needed an index led by it on the most written table, which
 * PostgreSQL then preferred for a day's list over `(report_date, org_path)` (ADR 0057).
 */
export const PATH_IMPLIED_BY_GRID: ReadonlySet<string> = new Set(['self_reports.org_path', 'roll_call_items.org_path']);

/**
 * The rows of `ref.table` that refer to `org` (by id or inside its path): the delete check's query. Each term of the OR
 * must be an index lookup on the tables that grow (migrations 0027, 0029, 0030), or every delete reads them in full.
 */
export function referringRows(db: Kysely<any>, ref: (typeof ORG_REFERENCES)[number], org: Pick<Org, 'id' | 'path'>) {
  return db.selectFrom(ref.table).where((eb) => eb.or([
    ...(ref.ids ?? []).map((c) => eb(c, '=', org.id)),
    ...(ref.path ? [eb(ref.path, 'like', `${org.path}%`)] : []),
  ]));
}

export type RemainKind =
  | 'children' | 'accounts' | 'apiTokens' | 'compounds' | 'buildings' | 'households' | 'residents' | 'careTags' | 'statusChanges' | 'moves'
  | 'assignments' | 'selfReports' | 'observations' | 'alerts' | 'indicatorSettings' | 'dutyLogs' | 'rollCalls' | 'rollCallItems' | 'controlPoints' | 'controlPointPatrols' | 'supplyWarehouses' | 'supplyMovements' | 'supplyRounds' | 'supplyRoundLines' | 'supplyOffers' | 'surveys' | 'shelters' | 'shelterInspections' | 'emergencyLanes' | 'laneSettings' | 'laneReports' | 'samplingSites' | 'samplingRounds' | 'samplingImports' | 'samplingTubes' | 'samplingSamples' | 'samplingRetests' | 'quarantineOrders' | 'quarantineChecks' | 'quarantineDoorEvents' | 'quarantineNeeds' | 'gates' | 'gateVisits' | 'gateVehicles' | 'gateEvents' | 'healthCodes' | 'healthCodeHistory' | 'healthCodeImports' | 'healthAppeals' | 'screeningLists' | 'screeningEntries' | 'cases' | 'caseContacts' | 'announcements' | 'announcementVersions' | 'complaints' | 'complaintEvents' | 'volunteerApplications' | 'volunteers' | 'volunteerShifts' | 'volunteerShiftMembers' | 'workTasks' | 'procedures' | 'procedureVersions' | 'procedureRuns' | 'procedureRunTicks' | 'emergencyPlans' | 'planDrills' | 'planDrillFindings' | 'upperRequests' | 'upperRequestItems' | 'resilienceAssessments' | 'commandGroups' | 'commandGroupMembers' | 'commandDuties' | 'commandMeetings' | 'commandAgendaItems' | 'commandAttendance' | 'commandAddenda' | 'commandDecisions' | 'imports' | 'exports' | 'securityAlerts' | 'breakGlass' | 'emergencies' | 'corrections' | 'minorAccess' | 'consents' | 'deletionRequests'
  | 'partnerUnits' | 'partnerMembers' | 'partnerDuties' | 'partnerServices' | 'serviceRecords' | 'serviceSlots' | 'serviceBookings';

/** zh-CN unit + noun, English singular and plural, of each kind of thing that can keep an org from being deleted. */
const REMAIN_LABELS: Record<Exclude<RemainKind, 'children'>, [string, string, string]> = {
  accounts: ['个账号', 'account', 'accounts'],
  apiTokens: ['个接口令牌', 'API token', 'API tokens'],
  compounds: ['个小区', 'compound', 'compounds'],
  buildings: ['个楼栋', 'building', 'buildings'],
  households: ['户', 'household', 'households'],
  residents: ['名居民', 'resident', 'residents'],
  careTags: ['条居民标签', 'resident tag', 'resident tags'],
  statusChanges: ['条居民状态变更记录', 'resident status change', 'resident status changes'],
  moves: ['条迁移记录', 'move record', 'move records'],
  assignments: ['条人员分配记录', 'staff assignment', 'staff assignments'],
  selfReports: ['条体温自测记录', 'self-report', 'self-reports'],
  observations: ['条预警监测数据', 'warning observation', 'warning observations'],
  alerts: ['条预警', 'warning alert', 'warning alerts'],
  indicatorSettings: ['项预警指标设置', 'indicator setting', 'indicator settings'],
  dutyLogs: ['条值班日志', 'duty log entry', 'duty log entries'],
  rollCalls: ['次关爱点名', 'care roll call', 'care roll calls'],
  rollCallItems: ['条关爱点名记录', 'care roll-call entry', 'care roll-call entries'],
  controlPoints: ['个三无小区管控点', 'control point', 'control points'],
  controlPointPatrols: ['条管控点巡查记录', 'control-point patrol', 'control-point patrols'],
  supplyWarehouses: ['个物资储备点', 'supply warehouse', 'supply warehouses'],
  supplyMovements: ['条物资出入库记录', 'stock movement', 'stock movements'],
  supplyRounds: ['个物资发放批次', 'distribution round', 'distribution rounds'],
  supplyOffers: ['个物资预约发放', 'supply offer', 'supply offers'],
  surveys: ['份问卷', 'survey', 'surveys'],
  shelters: ['个应急避难场所', 'shelter', 'shelters'],
  shelterInspections: ['条避难场所检查记录', 'shelter inspection', 'shelter inspections'],
  emergencyLanes: ['条应急通道', 'emergency lane', 'emergency lanes'],
  laneSettings: ['条通道清理时限设置', 'clearance setting', 'clearance settings'],
  laneReports: ['条通道占用举报', 'lane report', 'lane reports'],
  samplingSites: ['个核酸采样点', 'sampling site', 'sampling sites'],
  samplingRounds: ['个核酸采样轮次', 'sampling round', 'sampling rounds'],
  samplingImports: ['条检测结果导入记录', 'result import', 'result imports'],
  samplingTubes: ['支采样试管', 'sampling tube', 'sampling tubes'],
  samplingSamples: ['条采样记录', 'sample', 'samples'],
  samplingRetests: ['条核酸复核记录', 'retest', 'retests'],
  quarantineOrders: ['条居家隔离记录', 'quarantine order', 'quarantine orders'],
  quarantineChecks: ['条隔离健康监测记录', 'quarantine check', 'quarantine checks'],
  quarantineDoorEvents: ['条门磁记录', 'door-sensor event', 'door-sensor events'],
  quarantineNeeds: ['条隔离需求', 'quarantine need', 'quarantine needs'],
  gates: ['个卡口', 'gate', 'gates'],
  gateVisits: ['条访客登记', 'visitor registration', 'visitor registrations'],
  gateVehicles: ['辆登记车辆', 'registered vehicle', 'registered vehicles'],
  gateEvents: ['条卡口通行记录', 'gate passage', 'gate passages'],
  healthCodes: ['条健康码记录', 'health code', 'health codes'],
  healthCodeHistory: ['条健康码变更记录', 'health-code change', 'health-code changes'],
  healthCodeImports: ['次健康码名单导入', 'health-code import', 'health-code imports'],
  healthAppeals: ['条健康码申诉', 'health-code appeal', 'health-code appeals'],
  screeningLists: ['份排查名单', 'screening list', 'screening lists'],
  screeningEntries: ['条排查对象', 'screening entry', 'screening entries'],
  cases: ['个病例', 'case', 'cases'],
  caseContacts: ['条密接记录', 'case contact', 'case contacts'],
  announcements: ['条公告', 'announcement', 'announcements'],
  announcementVersions: ['个公告版本', 'announcement version', 'announcement versions'],
  complaints: ['件投诉', 'complaint', 'complaints'],
  complaintEvents: ['条投诉办理记录', 'complaint event', 'complaint events'],
  volunteerApplications: ['份志愿者报名', 'volunteer application', 'volunteer applications'],
  volunteers: ['名志愿者', 'volunteer', 'volunteers'],
  volunteerShifts: ['个志愿者班次', 'volunteer shift', 'volunteer shifts'],
  volunteerShiftMembers: ['条志愿服务记录', 'volunteer service record', 'volunteer service records'],
  workTasks: ['个工作任务', 'work task', 'work tasks'],
  procedures: ['项工作规程', 'procedure', 'procedures'],
  procedureVersions: ['个规程版本', 'procedure version', 'procedure versions'],
  procedureRuns: ['份规程清单', 'checklist', 'checklists'],
  procedureRunTicks: ['条清单勾选记录', 'checklist tick', 'checklist ticks'],
  emergencyPlans: ['份应急预案', 'emergency plan', 'emergency plans'],
  planDrills: ['次预案演练', 'plan drill', 'plan drills'],
  planDrillFindings: ['条演练复盘问题', 'drill finding', 'drill findings'],
  commandGroups: ['个指挥部工作组', 'working group', 'working groups'],
  commandGroupMembers: ['名工作组成员', 'working group member', 'working group members'],
  commandDuties: ['条指挥部值班安排', 'duty roster entry', 'duty roster entries'],
  commandMeetings: ['次调度会', 'dispatch meeting', 'dispatch meetings'],
  commandAgendaItems: ['个调度会议题', 'agenda item', 'agenda items'],
  commandAttendance: ['条参会记录', 'attendance record', 'attendance records'],
  commandAddenda: ['条纪要补充说明', 'minutes addendum', 'minutes addenda'],
  commandDecisions: ['条决议事项', 'decision', 'decisions'],
  resilienceAssessments: ['份韧性评估', 'resilience assessment', 'resilience assessments'],
  upperRequests: ['项上级任务', 'upper-level request', 'upper-level requests'],
  upperRequestItems: ['条上级任务填报', 'request answer', 'request answers'],
  supplyRoundLines: ['条物资发放记录', 'distribution entry', 'distribution entries'],
  imports: ['条导入记录', 'import run', 'import runs'],
  exports: ['条导出记录', 'export', 'exports'],
  securityAlerts: ['条安全告警', 'security alert', 'security alerts'],
  breakGlass: ['条紧急查阅授权', 'break-the-glass grant', 'break-the-glass grants'],
  emergencies: ['条应急期记录', 'emergency period', 'emergency periods'],
  corrections: ['条更正申请', 'correction request', 'correction requests'],
  minorAccess: ['条未成年人信息查阅申请', 'request to see a child’s data', 'requests to see a child’s data'],
  consents: ['条关爱服务同意记录', 'care-services consent record', 'care-services consent records'],
  deletionRequests: ['条删除申请', 'deletion request', 'deletion requests'],
  partnerUnits: ['个协同单位', 'partner unit', 'partner units'],
  partnerMembers: ['名协同单位人员', 'partner unit member', 'partner unit members'],
  partnerDuties: ['条责任矩阵分工', 'responsibility matrix entry', 'responsibility matrix entries'],
  partnerServices: ['项社会组织服务', 'partner service', 'partner services'],
  serviceRecords: ['条服务记录', 'service record', 'service records'],
  serviceSlots: ['个预约时段', 'booking slot', 'booking slots'],
  serviceBookings: ['条服务预约', 'service booking', 'service bookings'],
};

/** Counts of what still refers to an org (only kinds with a count above 0 matter); `inactiveResidents` ⊂ residents. */
export type OrgRemains = Partial<Record<RemainKind, number>> & { inactiveResidents?: number };

/** English plural of a level's name (2 communities, 3 grids). */
const LEVEL_EN_PLURAL: Record<OrgLevel, string> = { city: 'cities', district: 'districts', street: 'streets', community: 'communities', grid: 'grids' };

/**
 * Kinds a user can clear (notEmptyNextStep says how). The rest stay for good, so an org holding any of them is never
 * deleted: residents (moving them out leaves their move records, which refer to the org), access keys (revoked, never
 * removed) and every kind of history.
 */
const CLEARABLE: readonly RemainKind[] = ['children', 'accounts', 'compounds', 'buildings', 'households'];
/** The order the summary names kinds in: what a user recognises first; then the rest as ORG_REFERENCES lists them (as do the details). */
const SUMMARY_ORDER: readonly RemainKind[] = ['children', 'residents', 'accounts', 'compounds', 'buildings', 'households', 'apiTokens'];
/** How many kinds the summary names; the others are "等 / and more" (every kind is still a detail). */
const SUMMARY_KINDS = 3;

const joinEn = (xs: readonly string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}` : (xs[0] ?? ''));

/**
 * What a user does about a refused delete (one sentence, zh-CN and English): when only clearable kinds remain, the steps
 * that clear them; otherwise that the org must be kept and may be renamed.
 */
export function notEmptyNextStep(level: OrgLevel, kinds: readonly RemainKind[]): { zh: string; en: string } {
  const child = LEVELS[LEVELS.indexOf(level) + 1];
  if (!kinds.length || kinds.some((k) => !CLEARABLE.includes(k))) {
    return {
      zh: `有居民或历史记录的${LEVEL_ZH[level]}须保留；如名称有误，可以改名。`,
      en: `A ${LEVEL_EN[level]} with residents or history must be kept; if its name is wrong, rename it.`,
    };
  }
  const steps: Array<[string, string]> = [];
  if (kinds.includes('children')) {
    steps.push(child ? [`删除下面的${LEVEL_ZH[child]}`, `delete the ${LEVEL_EN_PLURAL[child]} below it`] : ['删除下级区划', 'delete the areas below it']);
  }
  if (kinds.some((k) => k === 'compounds' || k === 'buildings' || k === 'households')) steps.push(['在“地点管理”中删除其中的地点', 'delete its places on Places']);
  if (kinds.includes('accounts')) steps.push(['由安全管理员把账号调到其他单位', 'have the security admin move the accounts to another unit']);
  return {
    zh: `请先${steps.map((s) => s[0]).join('，')}，再删除。`,
    en: `First ${joinEn(steps.map((s) => s[1]))}, then delete it.`,
  };
}

/**
 * 409 `not_empty`: a short summary of what is still in (or refers to) the org — the first three kinds with their counts,
 * "等 / and more" for the rest — and what to do next, e.g. “该网格下还有 2 个账号、1 个楼栋，不能删除。请先在“地点管理”
 * 中删除其中的地点，由安全管理员把账号调到其他单位，再删除。”; one detail per kind (path = the kind, with its count).
 */
export function orgNotEmpty(org: Pick<Org, 'level'>, r: OrgRemains): AppError {
  const childLevel = LEVELS[LEVELS.indexOf(org.level) + 1];
  const parts: Array<{ path: RemainKind; zh: string; en: string }> = [];
  for (const { kind } of ORG_REFERENCES) {
    const n = r[kind] ?? 0;
    if (n <= 0 || parts.some((p) => p.path === kind)) continue;
    if (kind === 'children') {
      const zh = childLevel ? `${countText(n)} 个${LEVEL_ZH[childLevel]}` : `${countText(n)} 个下级区划`;
      const en = childLevel ? `${countText(n)} ${n === 1 ? LEVEL_EN[childLevel] : LEVEL_EN_PLURAL[childLevel]}` : `${countText(n)} child area${n === 1 ? '' : 's'}`;
      parts.push({ path: kind, zh, en });
      continue;
    }
    const [unit, one, many] = REMAIN_LABELS[kind];
    const inactive = kind === 'residents' ? (r.inactiveResidents ?? 0) : 0;
    parts.push({
      path: kind,
      zh: `${countText(n)} ${unit}${inactive ? `（含已迁出、已故 ${countText(inactive)} 名）` : ''}`,
      en: `${countText(n)} ${n === 1 ? one : many}${inactive ? ` (${countText(inactive)} moved out or deceased)` : ''}`,
    });
  }
  const what = LEVEL_ZH[org.level];
  const rank = (k: RemainKind) => (SUMMARY_ORDER.includes(k) ? SUMMARY_ORDER.indexOf(k) : SUMMARY_ORDER.length);
  const shown = [...parts].sort((a, b) => rank(a.path) - rank(b.path)).slice(0, SUMMARY_KINDS); // stable: the rest keep ORG_REFERENCES order
  const more = parts.length > shown.length;
  const next = notEmptyNextStep(org.level, parts.map((p) => p.path));
  const zh = shown.length ? `该${what}下还有 ${shown.map((p) => p.zh).join('、')}${more ? '等' : ''}，不能删除。` : `该${what}还有其他记录引用它，不能删除。`;
  const en = shown.length
    ? `The ${LEVEL_EN[org.level]} still has ${more ? `${shown.map((p) => p.en).join(', ')} and more` : joinEn(shown.map((p) => p.en))}; it cannot be deleted.`
    : `Other records still refer to the ${LEVEL_EN[org.level]}; it cannot be deleted.`;
  return errors.conflict(
    'not_empty',
    `${zh}${next.zh}`,
    `${en} ${next.en}`,
    parts.map((p) => ({ path: p.path, code: 'not_empty', message: `还有 ${p.zh}`, messageEn: p.en })),
  );
}

/** 404 for an id that is unknown or outside the caller's scope (the same answer), naming the field when it came in the body. */
function notFound(field: string | null, level: OrgLevel | null): AppError {
  const zh = level ? LEVEL_ZH[level] : '区划';
  const en = level ? LEVEL_EN[level] : 'area';
  if (!field) return errors.notFound(zh, en.charAt(0).toUpperCase() + en.slice(1));
  const m = `${zh}不存在或不在您的管辖范围内`, me = `${en} not found in your scope`;
  return new AppError(404, 'not_found', m, me, [{ path: field, code: 'not_found', message: m, messageEn: me }]);
}

function duplicateName(parent: Org, level: OrgLevel, name: string): AppError {
  const d: ErrorDetail = {
    path: 'name', code: 'duplicate', message: `${parent.name}已有${LEVEL_ZH[level]}“${name}”`, messageEn: `${parent.name} already has a ${LEVEL_EN[level]} "${name}"`,
  };
  return errors.conflict('duplicate_name', `${LEVEL_ZH[level]}名称重复：${d.message}`, `Duplicate ${LEVEL_EN[level]} name: ${d.messageEn}`, [d]);
}

function duplicateCode(code: string): AppError {
  const d: ErrorDetail = { path: 'code', code: 'duplicate', message: `编码 ${code} 已被其他区划使用`, messageEn: `the code ${code} is already used by another area` };
  return errors.conflict('duplicate_code', `编码重复：${d.message}`, `Duplicate code: ${d.messageEn}`, [d]);
}

/**
 * Checks a code typed for a new `level` org under `parent`, as the orgs import does (digits, the level's length, extends
 * the parent's code: `codeExtends`); null when fine, otherwise the 400 naming `code`.
 */
export function checkChildCode(parent: Pick<Org, 'code' | 'level'>, level: OrgLevel, code: string): AppError | null {
  const digits = CHILD_CODE_DIGITS[level];
  const want = digits ? parent.code.length + digits : null;
  if (!/^\d+$/.test(code)) return errors.field('code', 'format', '编码只能由数字组成', 'the code must consist of digits');
  if (want && code.length !== want) {
    return errors.field('code', 'length', `${LEVEL_ZH[level]}编码应为 ${want} 位数字（上级编码 ${parent.code} 后加 ${digits} 位）`,
      `a ${LEVEL_EN[level]} code has ${want} digits (the parent code ${parent.code} followed by ${digits})`);
  }
  if (!codeExtends(parent, { code, level })) {
    return errors.field('code', 'code_prefix', `编码应以上级编码 ${parent.code} 开头`, `the code must start with the parent code ${parent.code}`);
  }
  return null;
}

/**
 * The next free grid code of a community: its code followed by two digits, one more than the highest in use (a
 * deleted grid's code is reused only once 99 is taken, and then the lowest free one); null when all 99 are taken.
 */
export function nextGridCode(communityCode: string, siblingCodes: readonly string[]): string | null {
  const used = new Set(siblingCodes.filter((c) => c.length === communityCode.length + 2 && c.startsWith(communityCode)).map((c) => Number(c.slice(-2))));
  const max = Math.max(0, ...used);
  const pick = max < 99 ? max + 1 : [...Array(99).keys()].map((i) => i + 1).find((i) => !used.has(i));
  return pick === undefined ? null : `${communityCode}${String(pick).padStart(2, '0')}`;
}

export type OrgNode = { id: string; parentId: string | null; level: OrgLevel; code: string; name: string; grids: number; manageable: boolean };

export function createOrgAdmin(p: Platform, audit: AuditService, orgs: OrgsService) {
  const { database, clock } = p;
  const { writes, codec } = database;

  /** Counts, inside the delete's transaction, every row that refers to `org` (ORG_REFERENCES). */
  async function remains(trx: Transaction<any>, org: Org): Promise<OrgRemains> {
    const out: OrgRemains = {};
    for (const ref of ORG_REFERENCES) {
      let q = referringRows(trx, ref, org);
      if (ref.table === 'residents') {
        const r = await q.select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum(eb.case().when('status', '<>', 'active').then(1).else(0).end()).as('inactive')]).executeTakeFirst();
        out.residents = Number(r?.n ?? 0);
        out.inactiveResidents = Number(r?.inactive ?? 0);
        continue;
      }
      if (ref.table === 'orgs') q = q.where('id', '<>', org.id);
      const r = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      out[ref.kind] = (out[ref.kind] ?? 0) + Number(r?.n ?? 0);
    }
    return out;
  }

  /** Inserts a child org (409 for a name taken under the parent or a code taken anywhere), audited in the transaction. */
  async function insert(actor: AuditActor, parent: Org, level: OrgLevel, name: string, code: string | ((trx: Transaction<any>) => Promise<string>)): Promise<Org> {
    const id = uuidv7(clock.now().getTime());
    let org: Org | null = null;
    try {
      await writes.run(async (trx) => {
        const taken = await trx.selectFrom('orgs').select('id').where('parent_id', '=', parent.id).where('name', '=', name).executeTakeFirst();
        if (taken) throw duplicateName(parent, level, name);
        const c = typeof code === 'string' ? code : await code(trx);
        if (await trx.selectFrom('orgs').select('id').where('code', '=', c).executeTakeFirst()) throw duplicateCode(c);
        org = { id, parentId: parent.id, level, code: c, name, path: `${parent.path}${c}/` };
        await trx.insertInto('orgs').values({ id, parent_id: parent.id, level, code: c, name, path: org.path, created_at: codec.ts(clock.now()) }).execute();
        await audit.append(trx, actor, { action: 'create', objectType: 'org', objectId: id, fields: ['code', 'name', 'level'], reason: `code=${c}`, outcome: 'success' });
      });
    } catch (e) {
      // A writer on another node took the code (or name) after the check.
      if (isUniqueViolation(e)) throw typeof code === 'string' ? duplicateCode(code) : errors.conflict('retry', '有人同时添加了网格，请重试', 'Someone added a grid at the same time; please retry');
      throw e;
    }
    orgs.changed();
    return org!;
  }

  /** Renames an org (only the name: code and path stay), with the rename hooks (household addresses) in the transaction. */
  async function rename(actor: AuditActor, org: Org, name: string): Promise<Org> {
    if (name === org.name) return org;
    const parent = org.parentId ? await orgs.get(org.parentId) : null;
    await writes.run(async (trx) => {
      if (parent) {
        const taken = await trx.selectFrom('orgs').select('id').where('parent_id', '=', parent.id).where('name', '=', name).where('id', '<>', org.id).executeTakeFirst();
        if (taken) throw duplicateName(parent, org.level, name);
      }
      await trx.updateTable('orgs').set({ name }).where('id', '=', org.id).execute();
      const rewritten = await orgs.renamed(trx, org, name);
      await audit.append(trx, actor, { action: 'update', objectType: 'org', objectId: org.id, fields: ['name'], reason: `code=${org.code}`, outcome: 'success', count: rewritten || null });
    });
    orgs.changed(org.id);
    return { ...org, name };
  }

  /** Deletes an org nothing refers to (ORG_REFERENCES); otherwise 409 not_empty naming what remains. Never cascades. */
  async function removeEmpty(actor: AuditActor, org: Org): Promise<{ id: string; deleted: true }> {
    try {
      await writes.run(async (trx) => {
        const left = await remains(trx, org);
        if (Object.entries(left).some(([k, n]) => k !== 'inactiveResidents' && (n ?? 0) > 0)) throw orgNotEmpty(org, left);
        await trx.deleteFrom('orgs').where('id', '=', org.id).execute();
        await audit.append(trx, actor, { action: 'delete', objectType: 'org', objectId: org.id, fields: ['code', 'name'], reason: `code=${org.code} name=${org.name}`, outcome: 'success' });
      });
    } catch (e) {
      if (isForeignKeyViolation(e)) throw orgNotEmpty(org, {});
      throw e;
    }
    orgs.changed(org.id);
    return { id: org.id, deleted: true };
  }

  /** A street or community strictly below the caller's org (org:manage); unknown or outside: 404 audited as denied. */
  async function managed(principal: Principal, actor: AuditActor, id: string, action: string): Promise<Org> {
    const o = await orgs.get(id);
    if (!o || o.id === principal.orgId || !orgs.inScope(principal.orgPath, o.path)) return denyAudited(audit, actor, { action, objectType: 'org', objectId: id }, notFound(null, null));
    if (!MANAGED_LEVELS.includes(o.level)) {
      throw errors.badRequest('level_not_allowed', o.level === 'grid' ? '网格由社区在“地点管理”中维护' : '只能在这里维护街道和社区',
        o.level === 'grid' ? 'grids are managed by their community on the places page' : 'only streets and communities are managed here');
    }
    return o;
  }

  /** A grid in the caller's scope (place:write); unknown, another level or outside: 404 audited as denied. */
  async function grid(principal: Principal, actor: AuditActor, id: string, action: string): Promise<Org> {
    const g = await orgs.get(id);
    if (!g || g.level !== 'grid' || !orgs.inScope(principal.orgPath, g.path)) return denyAudited(audit, actor, { action, objectType: 'org', objectId: id }, notFound(null, 'grid'));
    return g;
  }

  return {
    /**
     * One level of the caller's area for an area picker (any staff with org:read: the duty log's area filter): the
     * caller's org and its children, or the children of `parentId` — 404 audited as denied outside the area.
     */
    async level(principal: Principal, actor: AuditActor, parentId?: string): Promise<{ items: OrgPickerNode[] }> {
      const items = await orgs.pickerLevel(principal.orgPath, principal.orgId, parentId);
      if (!items) return denyAudited(audit, actor, { action: 'read', objectType: 'org', objectId: parentId ?? null }, errors.notFound('区域', 'Area'));
      return { items };
    },

    /**
     * The caller's area down to its communities (grids are counted, not listed), each marked `manageable` when the
     * caller may rename or delete it (a street or community below the caller's own org).
     */
    async tree(principal: Principal): Promise<{ root: OrgNode; items: OrgNode[] }> {
      const all = await orgs.within(principal.orgPath);
      const grids = new Map<string, number>();
      for (const o of all) if (o.level === 'grid' && o.parentId) grids.set(o.parentId, (grids.get(o.parentId) ?? 0) + 1);
      const node = (o: Org): OrgNode => ({
        id: o.id, parentId: o.parentId, level: o.level, code: o.code, name: o.name, grids: grids.get(o.id) ?? 0,
        manageable: o.id !== principal.orgId && MANAGED_LEVELS.includes(o.level),
      });
      const root = all.find((o) => o.id === principal.orgId);
      if (!root) throw errors.notFound('区划', 'Area');
      return { root: node(root), items: all.filter((o) => o.level !== 'grid' && o.id !== root.id).map(node) };
    },

    /** A street under a district, or a community under a street, in the caller's scope; the code is typed (GB/T 2260 rules). */
    async createArea(principal: Principal, actor: AuditActor, b: { parentId: string; code: string; name: string }): Promise<OrgNode> {
      const parent = await orgs.get(b.parentId);
      if (!parent || !orgs.inScope(principal.orgPath, parent.path)) return denyAudited(audit, actor, { action: 'create', objectType: 'org', objectId: b.parentId }, notFound('parentId', null));
      const level = LEVELS[LEVELS.indexOf(parent.level) + 1];
      if (!level || !MANAGED_LEVELS.includes(level)) {
        throw errors.field('parentId', 'level_not_allowed', '只能在区县下添加街道、在街道下添加社区（网格由社区在“地点管理”中添加）',
          'streets are added under a district and communities under a street (grids by their community on the places page)');
      }
      const bad = checkChildCode(parent, level, b.code);
      if (bad) throw bad;
      const o = await insert(actor, parent, level, b.name, b.code);
      return { id: o.id, parentId: o.parentId, level: o.level, code: o.code, name: o.name, grids: 0, manageable: true };
    },

    async renameArea(principal: Principal, actor: AuditActor, id: string, b: { name: string }) {
      return rename(actor, await managed(principal, actor, id, 'update'), b.name);
    },

    async deleteArea(principal: Principal, actor: AuditActor, id: string) {
      return removeEmpty(actor, await managed(principal, actor, id, 'delete'));
    },

    /** A grid in a community of the caller's scope; its code is the community's next free one (nextGridCode). */
    async createGrid(principal: Principal, actor: AuditActor, b: { communityId: string; name: string }) {
      const c = await orgs.get(b.communityId);
      if (!c || c.level !== 'community' || !orgs.inScope(principal.orgPath, c.path)) return denyAudited(audit, actor, { action: 'create', objectType: 'org', objectId: b.communityId }, notFound('communityId', 'community'));
      const g = await insert(actor, c, 'grid', b.name, async (trx) => {
        const siblings = await trx.selectFrom('orgs').select('code').where('parent_id', '=', c.id).execute();
        const code = nextGridCode(c.code, siblings.map((s) => s.code as string));
        if (!code) throw errors.conflict('codes_exhausted', '本社区的网格编码（01–99）已用完', 'All grid codes of this community (01–99) are in use');
        return code;
      });
      return { id: g.id, name: g.name, code: g.code, workers: [], compounds: 0, buildings: 0, residents: 0 };
    },

    async renameGrid(principal: Principal, actor: AuditActor, id: string, b: { name: string }) {
      const g = await rename(actor, await grid(principal, actor, id, 'update'), b.name);
      return { id: g.id, name: g.name, code: g.code };
    },

    async deleteGrid(principal: Principal, actor: AuditActor, id: string) {
      return removeEmpty(actor, await grid(principal, actor, id, 'delete'));
    },
  };
}

export type OrgAdmin = ReturnType<typeof createOrgAdmin>;
