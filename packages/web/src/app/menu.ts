import type { ComponentType } from 'react';
import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  CarOutlined,
  CommentOutlined,
  NotificationOutlined,
  BookOutlined,
  AlertFilled,
  ClusterOutlined,
  DeploymentUnitOutlined,
  DeleteOutlined,
  EnvironmentOutlined,
  CloudUploadOutlined,
  EditOutlined,
  ExperimentOutlined,
  EyeOutlined,
  FileProtectOutlined,
  FileTextOutlined,
  FormOutlined,
  HeartOutlined,
  HomeOutlined,
  FieldTimeOutlined,
  IdcardOutlined,
  LineChartOutlined,
  LoginOutlined,
  MedicineBoxOutlined,
  QrcodeOutlined,
  TeamOutlined,
  SafetyOutlined,
  ScanOutlined,
  ShoppingCartOutlined,
  ShoppingOutlined,
  SafetyCertificateOutlined,
  SecurityScanOutlined,
  FileSearchOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  SmileOutlined,
  UsergroupAddOutlined,
  CheckSquareOutlined,
  ProfileOutlined,
  OrderedListOutlined,
  CarryOutOutlined,
  PartitionOutlined,
  FlagOutlined,
  RadarChartOutlined,
  FileDoneOutlined,
  InboxOutlined,
} from '@ant-design/icons';
import type { Resources } from '../i18n/zh-CN';

export type MenuLabelKey = `menu.${Exclude<keyof Resources['menu'], 'open' | 'close' | 'nav'>}`;

export type MenuEntry = {
  /** Stable id; also the key of the page component in router.tsx (absent → "coming soon"). */
  key: string;
  path: string;
  labelKey: MenuLabelKey;
  icon: ComponentType;
  /** Permission the user needs to see the entry and open the route; null = every logged-in user. */
  permission: string | null;
  /** Listed only for these roles, ahead of the other entries (their main task), e.g. 今日体温 for residents. */
  forRoles?: readonly string[];
};

// Later modules add a row here (and a page in router.tsx). Order = order in the side menu.
export const MENU: readonly MenuEntry[] = [
  { key: 'dashboard', path: '/', labelKey: 'menu.dashboard', icon: HomeOutlined, permission: null },
  { key: 'registry', path: '/registry', labelKey: 'menu.registry', icon: TeamOutlined, permission: 'resident:read' },
  { key: 'registryImport', path: '/registry/import', labelKey: 'menu.registryImport', icon: CloudUploadOutlined, permission: 'resident:import' },
  { key: 'registryExports', path: '/registry/exports', labelKey: 'menu.registryExports', icon: FileProtectOutlined, permission: 'export:approve' },
  { key: 'registryPlaces', path: '/registry/places', labelKey: 'menu.registryPlaces', icon: ApartmentOutlined, permission: 'place:write' },
  // 数据质量: for those who fix records (community admins, grid workers); the lists themselves need resident:read.
  { key: 'registryQuality', path: '/registry/quality', labelKey: 'menu.registryQuality', icon: SafetyCertificateOutlined, permission: 'resident:write' },
  // 更正申请: residents' correction requests, for those who edit records (ADR 0028).
  { key: 'registryCorrections', path: '/registry/corrections', labelKey: 'menu.registryCorrections', icon: EditOutlined, permission: 'resident:write' },
  // 未成年人信息查阅审批 (PRIV-08, ADR 0035): the community admin approves requests to see a child's ID or phone number.
  // 删除申请 (PIPL Art. 47, ADR 0037): the community admin decides residents' deletion requests (deletion:decide).
  { key: 'registryDeletions', path: '/registry/deletion-requests', labelKey: 'menu.registryDeletions', icon: DeleteOutlined, permission: 'deletion:decide' },
  { key: 'registryMinors', path: '/registry/minor-access', labelKey: 'menu.registryMinors', icon: SolutionOutlined, permission: 'minor_access:decide' },
  { key: 'selfReport', path: '/me/report', labelKey: 'menu.selfReport', icon: FormOutlined, permission: 'self-report:submit', forRoles: ['resident'] },
  { key: 'accessLog', path: '/me/access-log', labelKey: 'menu.accessLog', icon: EyeOutlined, permission: 'self:read', forRoles: ['resident'] },
  // 我的信息 (PRIV-09, ADR 0028): the resident's own record and correction requests.
  { key: 'myRecord', path: '/me/record', labelKey: 'menu.myRecord', icon: IdcardOutlined, permission: 'self:read', forRoles: ['resident'] },
  { key: 'selfReports', path: '/self-reports', labelKey: 'menu.selfReports', icon: MedicineBoxOutlined, permission: 'self-report:read' },
  // 核酸采样 (ADR 0079): rounds, sites, coverage and who is missing, tubes, lab results, retests; the station needs sampling:collect.
  { key: 'sampling', path: '/sampling', labelKey: 'menu.sampling', icon: ExperimentOutlined, permission: 'sampling:read' },
  // 采样台 (ADR 0079): the collection station — scan a tube, read ID cards or sampling codes, seal and send; a working tool
  // used for hours (a collector's main task), so an entry of its own for everyone who samples (sampling:collect).
  { key: 'sampling-station', path: '/sampling/station', labelKey: 'menu.samplingStation', icon: ScanOutlined, permission: 'sampling:collect' },
  // 居家隔离 (ADR 0080): today's board, orders awaiting approval, all orders; proposing needs quarantine:propose, approving
  // quarantine:approve, the health checks quarantine:check.
  { key: 'quarantine', path: '/quarantine', labelKey: 'menu.quarantine', icon: FieldTimeOutlined, permission: 'quarantine:read' },
  // 隔离需求 (ADR 0080): the needs of people in quarantine, taken and closed with quarantine:serve. A row of its own: the
  // volunteers who deliver them hold quarantine:serve only, and an entry takes one permission (the readers without it
  // see the list on 居家隔离's 隔离需求 tab).
  { key: 'quarantineNeeds', path: '/quarantine/needs', labelKey: 'menu.quarantineNeeds', icon: ShoppingOutlined, permission: 'quarantine:serve' },
  // 健康码 (ADR 0082): the mirror of the health code beside the local facts, mismatches, appeals; the district imports the
  // upstream list (health:import) and sets colours and decides appeals (health:assign); the street sees the figures only.
  { key: 'healthCodes', path: '/health-codes', labelKey: 'menu.healthCodes', icon: QrcodeOutlined, permission: 'health:read' },
  // 排查名单 (ADR 0083): upper-level lists matched against the registry, filtered by the gates and the orders, the rest door
  // to door, a receipt back up; importing needs screening:import, routing screening:route, checking screening:check.
  { key: 'screening', path: '/screening', labelKey: 'menu.screening', icon: FileSearchOutlined, permission: 'screening:read' },
  // 我的排查任务 (ADR 0083): the worker's door-to-door list (their grid's or community's open entries), a phone's main task.
  { key: 'screeningMine', path: '/screening/mine', labelKey: 'menu.screeningMine', icon: ScheduleOutlined, permission: 'screening:check' },
  // 病例与密接 (ADR 0084): cases, their contacts, the transmission chain; registering cases and contacts and sending the
  // follow-up lists (as screening lists) needs case:manage (district).
  { key: 'cases', path: '/cases', labelKey: 'menu.cases', icon: DeploymentUnitOutlined, permission: 'case:read' },
  // 卡口 (ADR 0081): the gates, their flow, passages, visitors and vehicles (passages need gate:operate, set-up gate:manage).
  { key: 'gates', path: '/gates', labelKey: 'menu.gates', icon: LoginOutlined, permission: 'gate:read' },
  // 卡口值守 (ADR 0081): the gate station — a working tool for gate duty (volunteers hold gate:operate only).
  { key: 'gateStation', path: '/gates/station', labelKey: 'menu.gateStation', icon: SafetyOutlined, permission: 'gate:operate' },
  { key: 'warnings', path: '/warnings', labelKey: 'menu.warnings', icon: AlertOutlined, permission: 'warning:read' },
  { key: 'warningsRt', path: '/warnings/rt', labelKey: 'menu.warningsRt', icon: LineChartOutlined, permission: 'warning:read' },
  // 值班日志 (ADR 0070): what happened on duty in one's area and below; writing needs duty-log:write.
  { key: 'dutyLog', path: '/duty-log', labelKey: 'menu.dutyLog', icon: BookOutlined, permission: 'duty-log:read' },
  // 关爱点名 (ADR 0073): roll calls of the people who need care; the names need roll-call:check, starting one roll-call:manage.
  { key: 'rollCalls', path: '/roll-calls', labelKey: 'menu.rollCalls', icon: HeartOutlined, permission: 'roll-call:read' },
  // 三无小区管控 (ADR 0074): unmanaged compounds as control points; patrols need control-point:patrol, set-up control-point:manage.
  { key: 'controlPoints', path: '/control-points', labelKey: 'menu.controlPoints', icon: EnvironmentOutlined, permission: 'control-point:read' },
  // 物资保障 (ADR 0075): stock and distributions; movements need supply:manage, rounds supply:allocate, deliveries supply:deliver.
  { key: 'supplies', path: '/supplies', labelKey: 'menu.supplies', icon: ShoppingCartOutlined, permission: 'supply:read' },
  // 问卷调查 (ADR 0077): surveys of the area's residents; writing them needs survey:manage, paper forms survey:enter.
  { key: 'surveys', path: '/surveys', labelKey: 'menu.surveys', icon: FileTextOutlined, permission: 'survey:read' },
  // 应急避难场所与应急通道 (ADR 0078): shelters and their coverage (inspections need shelter:inspect, changes shelter:manage);
  // the emergency lanes and their occupation reports (举报占用 needs lane:report, handling and the lanes lane:manage).
  { key: 'shelters', path: '/shelters', labelKey: 'menu.shelters', icon: BankOutlined, permission: 'shelter:read' },
  { key: 'lanes', path: '/lanes', labelKey: 'menu.lanes', icon: CarOutlined, permission: 'lane:read' },
  // 政务公开与群众监督 (ADR 0086): announcements of one's org (announcement:write); complaints of one's area with their
  // SLA (complaint:read; accepting, assigning, replying and closing need complaint:handle).
  { key: 'announcements', path: '/announcements', labelKey: 'menu.announcements', icon: NotificationOutlined, permission: 'announcement:write' },
  { key: 'complaints', path: '/complaints', labelKey: 'menu.complaints', icon: CommentOutlined, permission: 'complaint:read' },
  // 志愿者 (ADR 0085): applications, the roster and the shifts of one's area (deciding, publishing and assigning need
  // volunteer:manage); 我的志愿服务 is the volunteer account's own page (hours, its shifts with 签到 / 签退, 报名).
  { key: 'volunteers', path: '/volunteers', labelKey: 'menu.volunteers', icon: UsergroupAddOutlined, permission: 'volunteer:read' },
  { key: 'myVolunteering', path: '/me/volunteering', labelKey: 'menu.myVolunteering', icon: SmileOutlined, permission: 'volunteer:serve' },
  // 工作任务 (ADR 0087): the community's tasks and each worker's load (dispatching, 退回 and 取消 need task:manage); 我的任务
  // is what one was given (完成 with a note and a photo).
  { key: 'tasks', path: '/tasks', labelKey: 'menu.tasks', icon: ProfileOutlined, permission: 'task:read' },
  { key: 'myTasks', path: '/me/tasks', labelKey: 'menu.myTasks', icon: CheckSquareOutlined, permission: 'task:work' },
  // 应急预案与演练 (ADR 0089): the plans of one's area with their drill signal; writing, revising and drills need plan:manage.
  { key: 'plans', path: '/plans', labelKey: 'menu.plans', icon: SolutionOutlined, permission: 'plan:read' },
  // 工作规程 (ADR 0088): the procedures of one's area, their versions and the runs per version (the draft editor, 发布 and
  // 修订 need procedure:manage); 我的清单 is the frontline's checklists of the current versions (procedure:run).
  { key: 'procedures', path: '/procedures', labelKey: 'menu.procedures', icon: OrderedListOutlined, permission: 'procedure:read' },
  { key: 'myChecklists', path: '/me/checklists', labelKey: 'menu.myChecklists', icon: CarryOutOutlined, permission: 'procedure:run' },
  // 多方协同与社会组织服务 (ADR 0091): partner units, the responsibility matrix, services and records (changes need
  // partner:manage); 服务预约 is the resident's own page on a phone (counselling booked remotely).
  { key: 'partners', path: '/partners', labelKey: 'menu.partners', icon: PartitionOutlined, permission: 'partner:read' },
  // 我的服务组织: the organisations a volunteer acts for (their slots and bookings, 记录服务).
  { key: 'myPartners', path: '/me/partners', labelKey: 'menu.myPartners', icon: ApartmentOutlined, permission: 'service:record', forRoles: ['volunteer'] },
  { key: 'serviceBooking', path: '/services/book', labelKey: 'menu.serviceBooking', icon: HeartOutlined, permission: 'self:book', forRoles: ['resident'] },
  // 指挥部 (ADR 0090): a district's or street's command centre — on duty today, tonight's dispatch meeting, decisions, groups
  // (changing needs command:manage); 我的督办事项 is what its meetings gave me or my working group.
  { key: 'command', path: '/command', labelKey: 'menu.command', icon: ApartmentOutlined, permission: 'command:read' },
  { key: 'myDecisions', path: '/me/decisions', labelKey: 'menu.myDecisions', icon: FlagOutlined, permission: 'command:read' },
  // 韧性评估 (ADR 0092): the area's resilience scorecard and trend; computing, scoring and 定稿 need resilience:assess.
  { key: 'resilience', path: '/resilience', labelKey: 'menu.resilience', icon: RadarChartOutlined, permission: 'resilience:read' },
  // 上级任务统一受理 and 日报 (ADR 0093): one inbox for the upper departments' requests answered from system data; the
  // daily report as Excel and a print-ready page.
  { key: 'requests', path: '/requests', labelKey: 'menu.requests', icon: InboxOutlined, permission: 'request:read' },
  { key: 'dailyReport', path: '/reports/daily', labelKey: 'menu.dailyReport', icon: FileDoneOutlined, permission: 'report:read' },
  { key: 'audit', path: '/audit', labelKey: 'menu.audit', icon: AuditOutlined, permission: 'audit:read' },
  { key: 'security', path: '/admin/security', labelKey: 'menu.security', icon: SafetyOutlined, permission: 'user:manage' },
  // 影响评估 (PIPL Art. 57, ADR 0031): whom a suspected leak affects — security admin and auditor (impact:query).
  { key: 'impact', path: '/admin/impact', labelKey: 'menu.impact', icon: SecurityScanOutlined, permission: 'impact:query' },
  { key: 'areas', path: '/admin/areas', labelKey: 'menu.areas', icon: ClusterOutlined, permission: 'org:manage' },
  // 应急期 (ADR 0027): district staff declare and end public-health emergency periods (emergency:manage).
  { key: 'emergencies', path: '/admin/emergencies', labelKey: 'menu.emergencies', icon: AlertFilled, permission: 'emergency:manage' },
];

/** Entries of the side menu; none while the user must first set their own password (one-time password, ADR 0017). */
export function visibleMenu(permissions: readonly string[], role?: string, mustChangePassword = false): MenuEntry[] {
  if (mustChangePassword) return [];
  const allowed = MENU.filter(
    (entry) =>
      (entry.permission === null || permissions.includes(entry.permission)) && (!entry.forRoles || (role !== undefined && entry.forRoles.includes(role))),
  );
  return [...allowed.filter((e) => e.forRoles), ...allowed.filter((e) => !e.forRoles)];
}

/** The entry whose path is the longest prefix of pathname (so /registry/import selects 导入, not 居民档案). */
export function selectedMenuKey(pathname: string, entries: readonly MenuEntry[]): string | undefined {
  let best: MenuEntry | undefined;
  for (const entry of entries) {
    const matches =
      entry.path === '/' ? pathname === '/' : pathname === entry.path || pathname.startsWith(`${entry.path}/`);
    if (matches && (!best || entry.path.length > best.path.length)) best = entry;
  }
  return best?.key;
}
