// What each permission lets its holder do, in the words of the workbench's 我能做的事 (pages/dashboard.page.tsx): the
// codes themselves (resident:read) meant nothing to a grid worker (phone walk-through, ADR 0065 addendum). Not i18next
// resources: i18next reads the ':' of a code as a namespace. A test checks that every permission of the server has both.
import { MENU, visibleMenu } from '../app/menu';

const permissionNamesZh = {
  'org:read': '查看所辖区域、社区和网格',
  'org:manage': '新增、修改街道和社区',
  'duty-log:read': '查看值班日志',
  'duty-log:write': '填写值班日志',
  'roll-call:read': '查看关爱点名进度（不含名单）',
  'roll-call:check': '关爱点名登记（查看名单）',
  'roll-call:manage': '发起和结束关爱点名',
  'control-point:read': '查看三无小区管控点',
  'control-point:patrol': '巡查三无小区管控点、登记整改',
  'control-point:manage': '设置三无小区管控点（包保责任人、巡查间隔）',
  'supply:read': '查看物资库存、发放和预约进度',
  'supply:manage': '物资入库、接收捐赠、出库和盘点，新建储备点',
  'supply:allocate': '新建和结束物资发放批次、预约发放',
  'supply:deliver': '查看发放和预约名单，登记物资已送达、已领取',
  'survey:read': '查看问卷调查和统计结果',
  'survey:manage': '新建、发布和结束问卷调查',
  'survey:enter': '录入居民交回的纸质问卷',
  'shelter:read': '查看应急避难场所和容纳能力',
  'shelter:manage': '新增和修改应急避难场所',
  'shelter:inspect': '检查应急避难场所',
  'lane:read': '查看应急通道和占用举报',
  'lane:manage': '处理通道占用举报，登记应急通道，设置清理时限',
  'lane:report': '举报应急通道被占用',
  'sampling:read': '查看核酸采样轮次、覆盖情况和检测结果',
  'sampling:collect': '在采样点登记核酸采样（扫试管码、读身份证）',
  'sampling:manage': '设置采样点，新建和结束核酸采样轮次',
  'sampling:results': '导入核酸检测结果',
  'quarantine:read': '查看居家隔离人员、今日体温检测和隔离需求',
  'quarantine:propose': '提出居家隔离，解除或撤销隔离，更换门磁',
  'quarantine:approve': '审批居家隔离',
  'quarantine:check': '为居家隔离人员录入体温，登记需求',
  'quarantine:serve': '认领和办结居家隔离人员的需求（送物资、药品等）',
  'health:read': '查看健康码（统计数字；社区和区里可查看人员、本地情况和申诉）',
  'health:import': '导入上级下发的健康码名单',
  'health:assign': '赋码、转码（仅限疫情防控原因），处理健康码申诉',
  'screening:read': '查看排查名单、比对结果和核查进度',
  'screening:import': '导入上级下发的排查名单，下载回执，结束名单',
  'screening:route': '把排查人员分派到社区或网格',
  'screening:check': '上门核查排查人员，登记核查结果',
  'case:read': '查看病例、密接和传播链',
  'case:manage': '登记病例和密接，生成随访名单',
  'announcement:write': '发布、编辑和撤回本单位的公告',
  'complaint:read': '查看辖区的投诉与举报及办理进度',
  'complaint:handle': '受理、指派、答复和办结投诉与举报',
  'volunteer:read': '查看志愿者报名、名册、班次和服务时长',
  'volunteer:manage': '审核志愿者报名，发布班次并排班',
  'volunteer:serve': '报名志愿者班次，签到签退，查看自己的服务时长',
  'task:read': '查看辖区的工作任务和各人的任务量',
  'task:manage': '派发、指派、退回和取消工作任务',
  'task:work': '接收工作任务，上传办理情况和现场照片',
  'procedure:read': '查看辖区的工作规程和清单执行情况',
  'procedure:manage': '编写、修订和发布本社区的工作规程',
  'procedure:run': '按工作规程逐项执行清单',
  'plan:read': '查看辖区启用中的应急预案、自己担任的角色和演练情况',
  'plan:manage': '编写、修订和发布应急预案，安排和组织演练，记录复盘',
  'command:read': '查看所在指挥部的值班、调度会、决议事项和工作组，办理交给自己的督办事项',
  'command:manage': '管理指挥部工作组和值班表，召开调度会（生成议程、记录纪要和决议、结束会议）',
  'resilience:read': '查看辖区的社区韧性评分卡、趋势和评估报告',
  'resilience:assess': '发起本社区的韧性评估，为人工指标评分并填写依据，定稿',
  'request:read': '查看上级任务、各社区的填报和报送情况',
  'request:issue': '登记上级部门的任务，向社区下发任务',
  'request:answer': '填报上级任务（系统数据预填，更正须说明原因）并报送',
  'report:read': '查看和下载日报（Excel、打印）',
  'gate:read': '查看卡口和进出客流',
  'gate:operate': '卡口值守：核验进出人员和车辆，处理需核实的记录，查看访客和登记车辆',
  'gate:manage': '设置卡口（设备、核验规则、告知标识），登记车辆',
  'resident:read': '查看居民档案（默认脱敏）',
  'resident:search': '查找居民',
  'resident:write': '登记和修改居民信息',
  'resident:reveal': '查看完整身份证号、手机号（需说明理由，会被记录）',
  'resident:restrict': '限制处理居民的个人信息',
  'minor_access:decide': '审批查看未成年人信息的申请',
  'deletion:decide': '处理居民的删除申请',
  'resident:import': '导入居民名单',
  'resident:export': '导出居民名单',
  'export:approve': '审批导出申请',
  'export:approve-district': '审批大批量导出',
  'place:read': '查看小区、楼栋和房屋',
  'place:write': '维护小区、楼栋和房屋',
  'registry:stats': '查看人口统计',
  'warning:read': '查看预警',
  'warning:manage': '处理预警',
  'warning:ingest': '上报监测数据（设备）',
  'analytics:run': '查看传播趋势分析',
  'self:read': '查看本人信息',
  'self:correct': '申请更正本人信息',
  'self:consent': '同意或撤回照护服务授权',
  'self:delete_request': '申请删除本人信息',
  'self:roll_call': '关爱点名时为本人和家人报平安',
  'self:supply': '为本户预约领取社区发放的物资',
  'self:survey': '填写社区的问卷调查',
  'self:report': '举报消防通道等应急通道被占用，查看处理结果',
  'self:sampling': '出示个人采样码，查看本人的核酸检测结果',
  'self:quarantine': '居家隔离期间每天上报体温，告诉社区需要什么，查看解除隔离证明',
  'self:health': '查看本人的健康码和变化，对黄码、红码提出申诉',
  'notice:ack': '确认个人信息处理规则',
  'self-report:submit': '健康上报（本人或上门代报）',
  'self-report:read': '查看健康上报情况',
  'self-report:coverage': '查看各区域今日体温上报数字（不含名单）',
  'device:event': '上报门禁通行记录（设备）',
  'audit:read': '查看审计日志',
  'audit:pack': '生成合规审计包',
  'retention:read': '查看数据删除证明',
  'impact:query': '查询数据泄露影响范围',
  'emergency:manage': '宣布和结束突发事件状态',
  'user:manage': '管理用户账号',
  'system:ops': '系统运维',
  'partner:read': '查看协同单位名录、责任矩阵和社会组织的服务记录',
  'partner:manage': '登记协同单位，设置责任矩阵的牵头、配合和知会，添加服务项目和组织人员',
  'service:record': '作为社会组织人员记录服务，安排预约时段，确认预约',
  'service:book': '为居家隔离的居民代为预约服务（如心理疏导）',
  'self:book': '预约社会组织的服务（如心理疏导），查看预约是否确认',
};

const permissionNamesEn: typeof permissionNamesZh = {
  'org:read': 'See your areas, communities and grids',
  'org:manage': 'Add and rename streets and communities',
  'duty-log:read': 'Read the duty log',
  'duty-log:write': 'Write in the duty log',
  'roll-call:read': "See care roll calls' progress (no names)",
  'roll-call:check': 'Check people on a care roll call (see the names)',
  'roll-call:manage': 'Start and end care roll calls',
  'control-point:read': "See the unmanaged compounds' control points",
  'control-point:patrol': 'Patrol unmanaged compounds and record fixes',
  'control-point:manage': 'Set up control points (person responsible, patrol interval)',
  'supply:read': 'See supply stock, distribution and reservation progress',
  'supply:manage': 'Record receipts, donations, issues and stock counts; add warehouses',
  'supply:allocate': 'Start and close supply distributions and reservation offers',
  'supply:deliver': 'See distribution and reservation lists; record deliveries and pickups',
  'survey:read': 'See surveys and their results',
  'survey:manage': 'Write, publish and close surveys',
  'survey:enter': 'Type in paper survey forms',
  'shelter:read': 'See emergency shelters and their capacity',
  'shelter:manage': 'Add and change emergency shelters',
  'shelter:inspect': 'Inspect emergency shelters',
  'lane:read': 'See emergency lanes and reports of blocked lanes',
  'lane:manage': 'Handle reports of blocked lanes; record lanes; set the clearance deadline',
  'lane:report': 'Report a blocked emergency lane',
  'sampling:read': 'See nucleic acid sampling rounds, coverage and results',
  'sampling:collect': 'Record nucleic acid samples at a site (scan tubes, read ID cards)',
  'sampling:manage': 'Set up sampling sites; open and close sampling rounds',
  'sampling:results': 'Import nucleic acid test results',
  'quarantine:read': 'See people in home quarantine, today\'s health checks and their needs',
  'quarantine:propose': 'Propose home quarantine, release or withdraw it, change the door sensor',
  'quarantine:approve': 'Approve home quarantine',
  'quarantine:check': 'Record health checks and needs of people in home quarantine',
  'quarantine:serve': 'Take and complete the needs of people in home quarantine (groceries, medicine …)',
  'health:read': 'See health codes (figures; the community and the district also see people, local facts and appeals)',
  'health:import': 'Import the health-code list sent from above',
  'health:assign': 'Set health-code colours (for epidemic control only) and decide appeals',
  'screening:read': 'See screening lists, their matching and the progress of the checks',
  'screening:import': 'Import screening lists sent from above, download receipts, close lists',
  'screening:route': 'Assign people on screening lists to a community or a grid',
  'screening:check': 'Visit and check people on screening lists, record the result',
  'case:read': 'See cases, their contacts and the transmission chain',
  'case:manage': 'Register cases and contacts, send follow-up lists',
  'announcement:write': 'Publish, edit and withdraw your org’s announcements',
  'complaint:read': 'See the complaints of your area and how they are handled',
  'complaint:handle': 'Accept, assign, reply to and close complaints',
  'volunteer:read': 'See volunteer applications, the roster, shifts and service hours',
  'volunteer:manage': 'Review volunteer applications, publish shifts and assign volunteers',
  'volunteer:serve': 'Sign up for volunteer shifts, check in and out, see your own hours',
  'task:read': 'See the work tasks of your area and each worker’s load',
  'task:manage': 'Dispatch, assign, send back and cancel work tasks',
  'task:work': 'Take work tasks and complete them with a note and a photo',
  'procedure:read': 'See the procedures of your area and how their checklists are run',
  'procedure:manage': 'Write, revise and publish the community’s procedures',
  'procedure:run': 'Run checklists of the procedures step by step',
  'plan:read': 'See the active emergency plans of your area, your roles in them and their drills',
  'plan:manage': 'Write, revise and publish emergency plans, schedule and run drills, record the review',
  'command:read': 'See your command centre’s duty roster, dispatch meetings, decisions and working groups; close the follow-ups given to you',
  'command:manage': 'Manage the command centre’s working groups and roster; hold the dispatch meeting (agenda, minutes, decisions, ending it)',
  'resilience:read': 'See the resilience scorecards of your area, their trend and reports',
  'resilience:assess': 'Assess your community’s resilience: compute, score the manual indicators with evidence, finalise',
  'request:read': 'See upper-level requests and each community’s answers',
  'request:issue': 'Record upper departments’ requests and issue requests to communities',
  'request:answer': 'Answer requests from system data (corrections with a reason) and submit them',
  'report:read': 'See and download the daily report (Excel, print)',
  'gate:read': 'See the gates and their flow',
  'gate:operate': 'Gate duty: check people and vehicles, resolve passages to check, see visitors and registered vehicles',
  'gate:manage': 'Set up gates (terminal, rules, notice) and register vehicles',
  'resident:read': "See residents' records (masked)",
  'resident:search': 'Search for residents',
  'resident:write': 'Register and edit residents',
  'resident:reveal': 'See a full ID or phone number (with a reason; recorded)',
  'resident:restrict': "Restrict the processing of a resident's data",
  'minor_access:decide': "Decide requests to see minors' data",
  'deletion:decide': "Decide residents' deletion requests",
  'resident:import': 'Import resident lists',
  'resident:export': 'Export resident lists',
  'export:approve': 'Approve export requests',
  'export:approve-district': 'Approve large exports',
  'place:read': 'See compounds, buildings and homes',
  'place:write': 'Keep compounds, buildings and homes up to date',
  'registry:stats': 'See population figures',
  'warning:read': 'See warnings',
  'warning:manage': 'Handle warnings',
  'warning:ingest': 'Send monitoring data (devices)',
  'analytics:run': 'See spread-trend analyses',
  'self:read': 'See your own record',
  'self:correct': 'Ask for your record to be corrected',
  'self:consent': 'Give or withdraw consent to care services',
  'self:delete_request': 'Ask for your data to be deleted',
  'self:roll_call': 'Tell the community you and your household are safe during a care roll call',
  'self:supply': 'Reserve supplies the community hands out for your household',
  'self:survey': "Answer your community's surveys",
  'self:report': 'Report a blocked fire or emergency lane and follow what was done',
  'self:sampling': 'Show your personal sampling code and see your own test results',
  'self:quarantine': 'During home quarantine, send your temperature each day, tell the community what you need and see the release certificate',
  'self:health': 'See your own health code and its changes, and appeal a yellow or red code',
  'notice:ack': 'Acknowledge the personal information notice',
  'self-report:submit': 'Report health (your own, or door to door)',
  'self-report:read': 'See health reports',
  'self-report:coverage': "See each area's temperature-report figures today (no names)",
  'device:event': 'Send gate passages (devices)',
  'audit:read': 'Read the audit log',
  'audit:pack': 'Make the compliance audit pack',
  'retention:read': 'See data deletion certificates',
  'impact:query': "Query a data breach's impact",
  'emergency:manage': 'Declare and end emergencies',
  'user:manage': 'Manage user accounts',
  'system:ops': 'Run the system',
  'partner:read': 'See the partner units, the responsibility matrix and the social organisations’ service records',
  'partner:manage': 'Register partner units, set who leads, supports or is informed per task type, add services and the organisations’ people',
  'service:record': 'As one of a social organisation’s people: record services, offer booking slots, confirm bookings',
  'service:book': 'Book a service (e.g. counselling) for a resident in home quarantine',
  'self:book': 'Book a social organisation’s service (e.g. counselling) and see whether it is confirmed'
};

/** What a permission lets its holder do, in the language shown; an unknown code (a newer server) as it is. */
export function permissionName(code: string, language: string): string {
  const names: Record<string, string> = language.startsWith('zh') ? permissionNamesZh : permissionNamesEn;
  return Object.hasOwn(names, code) ? names[code]! : code;
}

/** The codes that have names (for the test that compares them with the server's list). */
export const NAMED_PERMISSIONS: readonly string[] = Object.keys(permissionNamesZh);

/**
 * Where this app acts on a permission besides the menu entry that needs it (MenuEntry.permission, app/menu.ts): the
 * entries (MENU keys) whose pages offer it — a button, a section, a search — and whose routes need no more than the
 * entry's own permission. 'dashboard' is the workbench itself (every account). A permission that is neither an entry's
 * own nor listed here has no page in this app (NO_PAGE): devices send it through the API (device:event, warning:ingest),
 * and /metrics (system:ops) is API only.
 */
export const PERMISSION_PAGES: Readonly<Record<string, readonly string[]>> = {
  'org:read': ['registry', 'registryPlaces', 'areas', 'dutyLog'], // the communities and grids of one's area: the roll's place tree, 地点管理, 行政区划, 值班日志's area filter
  'resident:search': ['registry', 'selfReports'], // the roll's search box; 上门代报 on 健康上报 (with self-report:submit)
  'resident:write': ['registry'], // 修改信息, 迁到其他户, status, household head on the resident and household pages
  'resident:reveal': ['registry'], // 查看完整号码 on the resident page
  'resident:restrict': ['registry'], // 限制处理 on the resident page
  'resident:export': ['registry', 'registryExports'], // 申请导出 on the roll; 我的导出申请
  'export:approve-district': ['registryExports'],
  'place:read': ['registry', 'registryPlaces'], // the roll's place tree; 地点管理 reads what it edits
  'self-report:submit': ['selfReports'], // staff: 上门代报 on 健康上报 (residents: their own entry, 今日体温)
  'registry:stats': ['dashboard'], // the workbench's overview card
  'self-report:coverage': ['dashboard'], // the workbench's 今日体温上报 card of street offices and district command
  'warning:manage': ['warnings'], // handling an alert on the warning pages
  'analytics:run': ['warningsRt'], // 传播趋势 is the analysis its name promises (its API asks for warning:read)
  'audit:pack': ['audit'],
  'retention:read': ['audit'], // 数据删除证明 on the audit page
  'self:correct': ['myRecord'],
  'self:consent': ['myRecord'],
  'self:delete_request': ['myRecord'],
  'self:roll_call': ['dashboard'], // the 报平安 card on the workbench, while a roll call lists the household
  'self:supply': ['dashboard'], // the 物资预约 card on the workbench, while the community offers supplies to reserve
  'self:survey': ['dashboard'], // the 问卷调查 card on the workbench, while a survey of the resident's areas is open
  'self:report': ['dashboard'], // the 通道占用举报 card on the workbench
  'notice:ack': ['dashboard'], // the notice shown after signing in, on any page
  'duty-log:write': ['dutyLog'], // the form at the top of 值班日志
  'roll-call:check': ['rollCalls'], // the list of people and their buttons on a roll call's page
  'roll-call:manage': ['rollCalls'], // 发起点名 on 关爱点名, 结束点名 on a roll call's page
  'control-point:patrol': ['controlPoints'], // 巡查 on a compound's card, 已整改 in its 记录
  'control-point:manage': ['controlPoints'], // 设为管控点 / 设置 on a compound's card
  'supply:manage': ['supplies'], // 入库 / 接收捐赠 / 出库 / 盘点 on a warehouse's card, 新建储备点, 新增物资品类
  'supply:allocate': ['supplies'], // 新建发放批次 on 发放, 结束发放 on a round's page; 新建预约发放 on 预约领取, 结束预约 on an offer's page
  'supply:deliver': ['supplies'], // the household list and 已送达 on a round's page; the pickup desk on an offer's page
  'survey:manage': ['surveys'], // 新建问卷, the editor, 发布 / 结束问卷 / 删除 on a survey's page
  'survey:enter': ['surveys'], // 录入纸质问卷 on an open survey's page
  'shelter:manage': ['shelters'], // 新增避难场所 on 应急避难场所, 编辑 on a shelter's card
  'shelter:inspect': ['shelters'], // 检查 on a shelter's card
  'lane:manage': ['lanes'], // 处理 on a report, 新增通道 and the clearance hours on 应急通道
  'lane:report': ['lanes'], // 举报占用 on 应急通道
  'volunteer:manage': ['volunteers'], // 通过 / 不通过 on 报名审核, 发布班次 and 安排 on 班次
  'task:manage': ['tasks'], // 派发任务, 指派 / 改派, 退回 and 取消 on 工作任务
  'procedure:manage': ['procedures'], // 新建规程, the draft editor (保存), 发布 and 修订 on 工作规程 and a procedure's page
  'request:issue': ['requests'], // 登记 / 下发任务 on 上级任务
  'request:answer': ['requests'], // 填报 and 报送 on an item's page
  'plan:manage': ['plans'], // 新建预案, 编辑 / 发布 / 修订 / 安排演练 on a plan, 开始 / 完成 / 结束 and 复盘 on a drill
  'command:manage': ['command'], // 召开调度会, 生成议程 / 纪要 / 记录决议 / 结束会议 on a meeting, 排班, 新建工作组
  'complaint:handle': ['complaints'], // 受理 / 指派 / 答复 / 办结 on a complaint of 投诉与举报
  'sampling:manage': ['sampling'], // 新建轮次 on 采样轮次, 新增采样点 / 编辑 on 采样点, 结束采样 on a round's page
  'sampling:results': ['sampling'], // 导入检测结果 on a round's 检测结果 tab
  'sampling:collect': ['sampling-station'], // the collection station (去采样 on 核酸采样 leads there)
  'self:sampling': ['dashboard'], // the 核酸采样 card on the workbench: the personal sampling code and the results
  'quarantine:propose': ['quarantine'], // 新建隔离 on 居家隔离; 解除隔离, 撤销 and 更换门磁 on an order's page
  'quarantine:approve': ['quarantine'], // 批准 / 驳回 on 待审批 and on an order's page
  'quarantine:check': ['quarantine'], // 录入体温 on 今日 and on an order's page, 登记需求 on an order's page
  'self:quarantine': ['dashboard'], // the 居家隔离 card on the workbench: day N/M, this slot's check, needs, the certificate
  'health:import': ['healthCodes'], // 上级导入 on 健康码
  'health:assign': ['healthCodes'], // 赋码 / 转码 in a person's record, 核实转绿 / 驳回 on 申诉
  'self:health': ['dashboard'], // the 我的健康码 card on the workbench: the colour, why, the last changes, 申诉
  'screening:import': ['screening'], // 导入名单 on 排查名单, 结束名单 on a list's page
  'screening:route': ['screening'], // 分派 on a list's entries (to a community, or a community admin's to a grid)
  'case:manage': ['cases'], // 登记病例 on 病例与密接; 修改, 添加密接, 转为病例 and 生成随访名单 on a case's page
  'gate:operate': ['gates', 'gateStation'], // 通行记录 / 访客 / 车辆 on 卡口管理, and the station
  'gate:manage': ['gates'], // 新建卡口 / 编辑 / 访客二维码 on 卡口, 登记车辆 on 车辆
  'partner:manage': ['partners'], // 登记单位 and the matrix's cells on 多方协同; 添加服务, 结束合作, 查看完整联系方式 on an organisation's page
  'service:record': ['partners'], // 记录服务 on an organisation's page; its people: 增加时段, 确认 / 取消预约
  'resilience:assess': ['resilience'], // 发起本季度评估 on 韧性评估; 重新计算 / 评分 / 定稿 on an assessment's page
};

/** Permissions this app has no page for (see PERMISSION_PAGES); listed so that a new permission has to be placed. */
// 多方协同 (ADR 0091): service:book (a worker books for a resident in home quarantine) is API only for now.
export const NO_PAGE: readonly string[] = ['warning:ingest', 'device:event', 'system:ops', 'service:book'];

/**
 * The workbench's 我能做的事, split: `onPages` — what the user can do from a page they see in the menu (the entry that
 * needs the permission, or a page that acts on it: PERMISSION_PAGES), the same visibleMenu the side menu is drawn from;
 * `noPage` — what the account also holds but no page of this app offers it (place reads without the roll, …), shown apart so that nobody looks for a page that is not there, and not hidden, since the list
 * is what the account may do. Both keep the order of `permissions`.
 */
export function permissionsByPage(permissions: readonly string[], role?: string): { onPages: string[]; noPage: string[] } {
  const seen = new Set(visibleMenu(permissions, role).map((e) => e.key));
  const onPage = (p: string) =>
    MENU.some((e) => e.permission === p && seen.has(e.key)) || (Object.hasOwn(PERMISSION_PAGES, p) ? PERMISSION_PAGES[p]! : []).some((key) => seen.has(key));
  return { onPages: permissions.filter(onPage), noPage: permissions.filter((p) => !onPage(p)) };
}
