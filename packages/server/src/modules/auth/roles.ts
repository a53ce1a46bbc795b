/** Every permission a route or command can require. */
export const PERMISSIONS = [
  'org:read',
  'org:manage',
  'duty-log:read',
  'duty-log:write',
  'roll-call:read',
  'roll-call:check',
  'roll-call:manage',
  'control-point:read',
  'control-point:patrol',
  'control-point:manage',
  'supply:read',
  'supply:manage',
  'supply:allocate',
  'supply:deliver',
  'survey:read',
  'survey:manage',
  'survey:enter',
  'shelter:read',
  'shelter:manage',
  'shelter:inspect',
  'lane:read',
  'lane:manage',
  'lane:report',
  'sampling:read',
  'sampling:collect',
  'sampling:manage',
  'sampling:results',
  'quarantine:read',
  'quarantine:propose',
  'quarantine:approve',
  'quarantine:check',
  'quarantine:serve',
  'gate:read',
  'gate:operate',
  'gate:manage',
  'health:read',
  'health:import',
  'health:assign',
  'screening:read',
  'screening:import',
  'screening:route',
  'screening:check',
  'case:read',
  'case:manage',
  'announcement:write',
  'complaint:read',
  'complaint:handle',
  'volunteer:read',
  'volunteer:manage',
  'volunteer:serve',
  'task:read',
  'task:manage',
  'task:work',
  'procedure:read',
  'procedure:manage',
  'procedure:run',
  'plan:read',
  'plan:manage',
  'command:read',
  'command:manage',
  'resilience:read',
  'resilience:assess',
  'request:read',
  'request:issue',
  'request:answer',
  'report:read',
  'resident:read',
  'resident:search',
  'resident:write',
  'resident:reveal',
  'resident:restrict',
  'minor_access:decide',
  'deletion:decide',
  'resident:import',
  'resident:export',
  'export:approve',
  'export:approve-district',
  'place:read',
  'place:write',
  'registry:stats',
  'warning:read',
  'warning:manage',
  'warning:ingest',
  'analytics:run',
  'self:read',
  'self:correct',
  'self:consent',
  'self:delete_request',
  'self:roll_call',
  'self:supply',
  'self:survey',
  'self:report',
  'self:sampling',
  'self:quarantine',
  'self:health',
  'notice:ack',
  'self-report:submit',
  'self-report:read',
  'self-report:coverage',
  'device:event',
  'audit:read',
  'audit:pack',
  'retention:read',
  'impact:query',
  'emergency:manage',
  'user:manage',
  'system:ops',
  'partner:read',
  'partner:manage',
  'service:record',
  'service:book',
  'self:book',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'district_staff',
  'street_staff',
  'community_admin',
  'grid_worker',
  'doctor',
  'collector',
  'volunteer',
  'resident',
  'device',
  'auditor',
  'security_admin',
  'system_admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Display names of roles (zh-CN, English). */
export const ROLE_LABELS: Record<Role, [string, string]> = {
  district_staff: ['区级指挥部', 'District command staff'],
  street_staff: ['街道工作人员', 'Street office staff'],
  community_admin: ['社区书记/主任', 'Community secretary / director'],
  grid_worker: ['网格员', 'Grid worker'],
  doctor: ['社区医生', 'Community doctor'],
  collector: ['采样员', 'Sampling collector'],
  volunteer: ['志愿者', 'Volunteer'],
  resident: ['居民', 'Resident'],
  device: ['设备', 'Device'],
  auditor: ['审计员', 'Auditor'],
  security_admin: ['安全管理员', 'Security admin'],
  system_admin: ['系统管理员', 'System admin'],
};

/**
 * Default rights per role (SECURITY.md §6.2). Separation of duties: auditor, security admin and system admin have no
 * access to personal data; the auditor is the only role that reads the audit log.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // Export approval is dual control by another role (SECURITY.md §5 T1): the street office approves the community's
  // exports; the district approves those at or above the criminal thresholds (export:approve-district) and below.
  // org:manage: add, rename and delete (empty) streets and communities below their own org (行政区划, ADR 0022).
  // emergency:manage: declare and end public-health emergency periods for their district and the areas below (LAW-02, ADR 0027).
  // self-report:coverage: today's self-report coverage of their area as counts only — per street and community, counts of
  // 1–4 shown as "<5" — without the reports or the list of who has not reported (self-report:read, the community's).
  district_staff: ['org:read', 'org:manage', 'duty-log:read', 'duty-log:write', 'roll-call:read', 'control-point:read', 'supply:read', 'survey:read', 'survey:manage', 'shelter:read', 'lane:read', 'sampling:read', 'quarantine:read', 'quarantine:approve', 'gate:read', 'health:read', 'health:import', 'health:assign', 'screening:read', 'screening:import', 'screening:route', 'case:read', 'case:manage', 'announcement:write', 'complaint:read', 'complaint:handle', 'volunteer:read', 'task:read', 'warning:read', 'warning:manage', 'analytics:run', 'export:approve', 'export:approve-district', 'place:read', 'registry:stats', 'self-report:coverage', 'emergency:manage', 'procedure:read', 'plan:read', 'request:read', 'request:issue', 'report:read', 'resilience:read', 'command:read', 'command:manage', 'partner:read'],
  street_staff: ['org:read', 'duty-log:read', 'duty-log:write', 'roll-call:read', 'control-point:read', 'supply:read', 'supply:manage', 'survey:read', 'survey:manage', 'shelter:read', 'lane:read', 'sampling:read', 'quarantine:read', 'quarantine:approve', 'gate:read', 'health:read', 'screening:read', 'screening:import', 'screening:route', 'case:read', 'announcement:write', 'complaint:read', 'complaint:handle', 'volunteer:read', 'task:read', 'warning:read', 'analytics:run', 'export:approve', 'place:read', 'registry:stats', 'self-report:coverage', 'procedure:read', 'plan:read', 'request:read', 'request:issue', 'report:read', 'resilience:read', 'command:read', 'command:manage', 'partner:read', 'partner:manage'],
  community_admin: [
    'self-report:read', 'org:read', 'duty-log:read', 'duty-log:write', 'roll-call:read', 'roll-call:check', 'roll-call:manage', 'control-point:read', 'control-point:patrol', 'control-point:manage',
    'supply:read', 'supply:manage', 'supply:allocate', 'supply:deliver', 'survey:read', 'survey:manage', 'survey:enter',
    'shelter:read', 'shelter:manage', 'shelter:inspect', 'lane:read', 'lane:manage', 'lane:report',
    'sampling:read', 'sampling:collect', 'sampling:manage', 'sampling:results',
    'quarantine:read', 'quarantine:propose', 'quarantine:check', 'quarantine:serve',
    'gate:read', 'gate:operate', 'gate:manage', 'health:read', 'screening:read', 'screening:route', 'screening:check', 'case:read',
    'announcement:write', 'complaint:read', 'complaint:handle',
    // volunteer:read / volunteer:manage: 志愿者 (ADR 0085) — review applications, publish shifts, assign from the roster.
    'volunteer:read', 'volunteer:manage',
    // task:read / task:manage / task:work: 工作任务 (ADR 0087) — dispatch tasks, balance the workload, check the evidence,
    // and take tasks oneself.
    'task:read', 'task:manage', 'task:work',
    // plan:read / plan:manage: 应急预案与演练 (ADR 0089) — write and revise the community's plans, schedule and run drills,
    // record the review. Street staff read (plan:manage stays the community's: ADR 0089 records the decision).
    'plan:read', 'plan:manage',
    'resident:read', 'resident:search', 'resident:write', 'resident:reveal', 'resident:restrict', 'resident:import', 'resident:export', 'export:approve', 'place:read', 'place:write', 'warning:read', 'warning:manage', 'analytics:run',
    'registry:stats',
    // minor_access:decide: the responsible person for minors' data (PRIV-08, ADR 0035) — approves others' requests to see
    // a child's full ID or phone number, and may reveal them without a request (audited high, reason tag minor).
    'minor_access:decide',
    // deletion:decide: the residents' deletion requests (PIPL Art. 47, ADR 0037) — erase, restrict or reject, with the
    // second factor. Not grid workers: erasing a whole record is the responsible person's decision.
    'deletion:decide',
    // procedure:manage / procedure:run: 工作规程 (ADR 0088) — write and publish procedures, run their checklists.
    'procedure:manage', 'procedure:run',
    // procedure:read: the 工作规程 page (ADR 0088 addendum) is the community admin's too — its menu entry needs procedure:read.
    'procedure:read',
    // partner:read / partner:manage / service:record / service:book: 多方协同与社会组织服务 (ADR 0091) — the partner registry and
    // the responsibility matrix, services and their records, booking counselling for a resident in home quarantine.
    'partner:read', 'partner:manage', 'service:record', 'service:book',
    // command:read: 指挥部 (ADR 0090) — a community secretary in a district's or street's working group, on its roster or owning
    // one of its decisions reads that command and 我的督办事项 (command:manage stays with district and street staff).
    'command:read',
    // resilience:read / resilience:assess: 韧性评估 (ADR 0092) — compute the community's scorecard, score the manual
    // indicators with evidence, 定稿. Street and district staff read their area's scorecards.
    'resilience:read', 'resilience:assess',
    // request:read / request:issue / request:answer / report:read: 上级任务统一受理 and 日报 (ADR 0093) — record the upper
    // departments' requests, answer them from system data with corrections, 报送; the daily report.
    'request:read', 'request:issue', 'request:answer', 'report:read',
  ],
  grid_worker: ['self-report:submit', 'self-report:read', 'org:read', 'duty-log:read', 'duty-log:write', 'roll-call:read', 'roll-call:check', 'roll-call:manage', 'control-point:read', 'control-point:patrol', 'supply:read', 'supply:deliver', 'survey:read', 'survey:enter', 'shelter:read', 'shelter:inspect', 'lane:read', 'lane:report', 'sampling:read', 'sampling:collect', 'quarantine:read', 'quarantine:check', 'quarantine:serve', 'gate:read', 'gate:operate', 'health:read', 'screening:read', 'screening:check', 'complaint:read', 'complaint:handle', 'task:work', 'resident:read', 'resident:search', 'resident:write', 'resident:reveal', 'resident:import', 'place:read', 'warning:read', 'registry:stats', 'procedure:run', 'plan:read', 'partner:read', 'service:book'],
  doctor: ['self-report:submit', 'self-report:read', 'org:read', 'duty-log:read', 'duty-log:write', 'roll-call:read', 'roll-call:check', 'sampling:read', 'sampling:collect', 'sampling:results', 'quarantine:read', 'quarantine:propose', 'quarantine:check', 'health:read', 'case:read', 'task:work', 'resident:read', 'resident:search', 'resident:reveal', 'place:read', 'warning:read', 'warning:manage', 'registry:stats', 'procedure:run', 'plan:read'],
  // sampling:collect: the station — scan tubes, read ID cards and sampling codes (ADR 0079).
  collector: ['org:read', 'duty-log:read', 'duty-log:write', 'resident:search', 'place:read', 'sampling:read', 'sampling:collect', 'procedure:run'],
  // control-point:patrol: volunteers stand at and patrol the unmanaged compounds' control points (ADR 0074).
  // task:work: 我的任务 — tasks the community gives them (gate duty, purchasing; ADR 0087).
  // volunteer:serve: 我的志愿服务 — sign up for the community's shifts, check in and out, own hours (ADR 0085).
  volunteer: ['org:read', 'duty-log:read', 'control-point:read', 'control-point:patrol', 'supply:read', 'supply:deliver', 'shelter:read', 'shelter:inspect', 'lane:read', 'lane:report', 'quarantine:serve', 'gate:operate', 'volunteer:serve', 'task:work', 'procedure:run', 'service:record'],
  // self:correct: ask for corrections of their own record (PRIV-09, ADR 0028).
  // notice:ack: acknowledge the processing notice (个人信息处理规则, PRIV-03, ADR 0029).
  // self:consent: give or withdraw their own separate consent to care services (PRIV-07, ADR 0033).
  // self:delete_request: ask for their care tags or whole record to be deleted (PIPL Art. 47, ADR 0037).
  resident: ['self:read', 'self:correct', 'self:consent', 'self:delete_request', 'self:roll_call', 'self:supply', 'self:survey', 'self:report', 'self:sampling', 'self:quarantine', 'self:health', 'notice:ack', 'self-report:submit', 'self:book'],
  device: ['device:event', 'warning:ingest'],
  // retention:read: the deletion certificates (counts only) of the retention job (ADR 0024) and of the decisions on
  // residents' deletion requests with their chain check (ADR 0037).
  // impact:query: the breach impact query (PIPL Art. 57, ADR 0031) — affected residents as record ids with masked names.
  // audit:pack: the compliance audit pack (AUD-10, ADR 0038) — the auditor's alone: it audits the security admin's own
  // account administration and alert handling, so the security admin does not get it (separation of duties).
  auditor: ['audit:read', 'retention:read', 'impact:query', 'audit:pack'],
  security_admin: ['user:manage', 'retention:read', 'impact:query', 'complaint:read'],
  system_admin: ['system:ops', 'org:manage'],
};

/** True if the role grants the permission. */
export function roleHas(role: string, p: Permission): boolean {
  return (ROLE_PERMISSIONS[role as Role] ?? []).includes(p);
}
