import { GUARDIAN_CONSENT_AGE } from '@renxing/shared';
import type { Principal } from '../../http/auth-context';
import { AppError } from '../../http/errors';
import type { Database } from '../../platform/db/database';
import { sha256 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { OrgsService } from '../orgs';
import { DEFAULT_EMERGENCY_RETENTION_DAYS, ymdOf } from './emergencies';
import { FIELD_REGISTRY, type FieldPolicy, type LegalBasis } from './field-registry';

/**
 * The processing notice (个人信息处理规则, PIPL Art. 17, PRIV-03, ADR 0029). The fixed text (processor, purposes,
 * methods, rights, contact) lives here in zh-CN and English under NOTICE_TEXT_VERSION; the section "what we collect
 * and how long we keep it" is generated from the field registry, so it says what the system really does. The version
 * residents acknowledge is the text version plus a hash of the whole generated document: a new personal column, a
 * changed retention or another processor name gives a new version, and residents are asked again.
 */
// 2026-11.1: the section on children under 14 (PIPL Art. 31, ADR 0029 addendum) — residents acknowledge again.
export const NOTICE_TEXT_VERSION = '2026-11.1';

type Pair = { zh: string; en: string };
export type NoticeLanguage = 'zh-CN' | 'en';
export type NoticeField = { label: string; columns: string[] };
export type NoticeGroup = { purpose: string; purposeLabel: string; basis: LegalBasis; basisLabel: string; items: Array<{ retention: string; fields: NoticeField[] }> };
export type NoticeSection = { id: string; heading: string; paragraphs: string[]; groups?: NoticeGroup[] };
export type NoticeDocument = { title: string; sections: NoticeSection[] };
export type Notice = { version: string; textVersion: string; content: Record<NoticeLanguage, NoticeDocument> };

/** Classes that are personal information and therefore listed in the notice. */
export const NOTICED_CLASSES = new Set<FieldPolicy['class']>(['personal', 'sensitive', 'special']);

const PURPOSES: Record<string, Pair> = {
  accounts: { zh: '登录账号管理', en: 'Managing sign-in accounts' },
  security: { zh: '账号安全（登录设备）', en: 'Account security (signed-in devices)' },
  'security.alerts': { zh: '处理员工账号的安全提醒', en: 'Handling security alerts about staff accounts' },
  reliability: { zh: '防止重复提交', en: 'Preventing duplicate submissions' },
  command: { zh: '值班记录', en: 'Duty log of the command centre' },
  supplies: { zh: '物资保障（出入库、捐赠、发放和预约）', en: 'Supplies (stock, donations, distribution and reservations)' },
  survey: { zh: '问卷调查（您的回答）', en: 'Surveys (your answers)' },
  complaint: { zh: '投诉与举报（您提交的投诉、联系方式、照片和办理结果）', en: 'Complaints and reports (yours, your contact and photo, and what was done)' },
  public_info: { zh: '公告与新闻（公开发布的内容）', en: 'Announcements and news (published content)' },
  report: { zh: '通道占用举报（您的举报和处理结果）', en: 'Reports of blocked lanes (yours, and what was done)' },
  registry: { zh: '实有人口登记（居民档案）', en: 'Resident register' },
  'registry.search': { zh: '按姓名、号码查找居民档案', en: 'Finding a record by name or number' },
  'registry.lookup': { zh: '核对身份（防止重复登记）', en: 'Identity checks (no duplicate records)' },
  'registry.minor': { zh: '未成年人监护关系', en: 'Guardians of minors' },
  'registry.correction': { zh: '更正您的信息（您提出的更正申请）', en: 'Correcting your data (your correction requests)' },
  'service.volunteers': { zh: '志愿者招募、排班和服务时长记录', en: 'Volunteer recruitment, shifts and service hours' },
  'service.assistance': { zh: '关爱帮扶（独居老人、残疾、慢性病等）', en: 'Care and assistance (living alone, disability, chronic illness)' },
  privacy: { zh: '受保护档案的紧急调阅', en: 'Emergency access to protected records' },
  'privacy.basis': { zh: '应急期的宣布和结束', en: 'Declaring and ending emergency periods' },
  'privacy.notice': { zh: '记录您已阅读本规则', en: 'Recording that you read this notice' },
  'privacy.minor': { zh: '查阅未成年人身份证号、手机号的审批（负责人批准）', en: 'Approval of staff requests to see a child’s ID or phone number' },
  'privacy.deletion': { zh: '处理您的删除申请', en: 'Handling your deletion requests' },
  'privacy.consent': { zh: '记录您对关爱服务的单独同意及撤回', en: 'Recording your separate consent to care services and its withdrawal' },
  'epidemic.monitoring': { zh: '疫情监测（体温自测）', en: 'Epidemic monitoring (temperature self-reports)' },
  'epidemic.followup': { zh: '发热随访', en: 'Fever follow-up' },
  'epidemic.quarantine': { zh: '居家隔离和健康监测', en: 'Home quarantine and health monitoring' },
  'epidemic.gates': { zh: '卡口出入核验（通行记录、访客登记、登记车辆）', en: 'Entrance checks at the gates (passages, visitors, registered vehicles)' },
  'epidemic.health_code': { zh: '健康码（颜色、原因、变更记录和申诉）', en: 'Health code (colour, reason, changes and appeals)' },
  'epidemic.cases': { zh: '病例登记和密接流调（接触者、接触情况、传播关系）', en: 'Case registry and contact tracing (contacts, exposures, the chain)' },
  'epidemic.screening': { zh: '大数据排查（上级下发的密接、返乡等名单的比对与上门核查）', en: 'Screening of upper-level lists (contacts, returnees) matched and checked at the door' },
  'epidemic.sampling': { zh: '核酸采样（采样记录、结果和复核）', en: 'Nucleic-acid sampling (samples, results and retests)' },
  export: { zh: '数据导出的审批记录', en: 'Approval records of data exports' },
  warnings: { zh: '风险预警处置记录', en: 'Handling of risk warnings' },
  notifications: { zh: '工作人员的站内通知', en: 'Notifications to staff' },
  'service.partners': { zh: '社会组织服务（协同单位联系人、服务记录和您的服务预约，如心理疏导）', en: 'Social organisations’ services (partner contacts, service records, your bookings such as counselling)' },
};

const BASES: Record<LegalBasis, Pair> = {
  statutory_duty: { zh: '履行法定职责所必需（个人信息保护法第十三条第一款第三项）', en: 'Necessary to perform statutory duties (PIPL Art. 13(1)(3))' },
  public_health_emergency: {
    zh: '为应对突发公共卫生事件所必需（个人信息保护法第十三条第一款第四项），仅在应急期内收集',
    en: 'Necessary to respond to a public-health emergency (PIPL Art. 13(1)(4)); collected only during an emergency period',
  },
  consent: { zh: '您的同意', en: 'Your consent' },
  separate_consent: { zh: '您的单独同意（敏感个人信息，个人信息保护法第二十九条）', en: 'Your separate consent (sensitive data, PIPL Art. 29)' },
  operations: { zh: '系统运行所必需', en: 'Needed to run the system' },
};

/** Everyday names of personal columns; a column without one is listed by its technical name (a test asks for one). */
export const FIELD_LABELS: Record<string, Pair> = {
  'users.username': { zh: '登录账号', en: 'Username' },
  'users.display_name': { zh: '账号显示名', en: 'Display name' },
  'sessions.device_label': { zh: '登录设备（浏览器和系统）', en: 'Signed-in device (browser and system)' },
  'sessions.ip_network': { zh: '登录网络（地址已部分隐藏）', en: 'Network (address partly hidden)' },
  'idempotency_keys.response_body': { zh: '提交结果的临时副本', en: 'Temporary copy of a submission’s answer' },
  'duty_logs.content': { zh: '值班记录内容', en: 'Duty log entries' },
  'procedure_runs.subject': { zh: '工作规程清单的对象和步骤备注', en: 'Procedure checklists: their subjects and step notes' },
  'procedure_run_ticks.note': { zh: '工作规程清单的对象和步骤备注', en: 'Procedure checklists: their subjects and step notes' },
  'work_tasks.detail': { zh: '社区工作任务的说明、地点、办理情况及现场照片', en: 'Community work tasks: details, places, what was done and photos' },
  'work_tasks.place': { zh: '社区工作任务的说明、地点、办理情况及现场照片', en: 'Community work tasks: details, places, what was done and photos' },
  'work_tasks.result': { zh: '社区工作任务的说明、地点、办理情况及现场照片', en: 'Community work tasks: details, places, what was done and photos' },
  'work_tasks.photo_enc': { zh: '社区工作任务的说明、地点、办理情况及现场照片', en: 'Community work tasks: details, places, what was done and photos' },
  'work_tasks.photo_mime': { zh: '社区工作任务的说明、地点、办理情况及现场照片', en: 'Community work tasks: details, places, what was done and photos' },
  'work_tasks.photo_size': { zh: '社区工作任务的说明、地点、办理情况及现场照片', en: 'Community work tasks: details, places, what was done and photos' },
  'control_point_patrols.note': { zh: '三无小区管控点巡查记录和整改说明', en: 'Patrol notes and resolutions at unmanaged compounds' },
  'control_point_patrols.resolution': { zh: '三无小区管控点巡查记录和整改说明', en: 'Patrol notes and resolutions at unmanaged compounds' },
  'supply_movements.party': { zh: '物资捐赠方、领用方和出入库备注', en: 'Supply donors, recipients and stock notes' },
  'supply_movements.note': { zh: '物资捐赠方、领用方和出入库备注', en: 'Supply donors, recipients and stock notes' },
  'supply_round_lines.tags': { zh: '物资发放名单中的住户关爱标签', en: 'Care tags of households on a distribution list' },
  'supply_round_lines.note': { zh: '物资发放备注', en: 'Delivery notes' },
  'survey_responses.answers': { zh: '问卷回答（匿名问卷不记录填写人）', en: 'Survey answers (an anonymous survey keeps no respondent)' },
  'complaints.place': { zh: '您提交的投诉与举报及办理情况', en: 'Complaints and reports you made, and what was done' },
  'complaints.description': { zh: '您提交的投诉与举报及办理情况', en: 'Complaints and reports you made, and what was done' },
  'complaints.photo_enc': { zh: '您提交的投诉与举报及办理情况', en: 'Complaints and reports you made, and what was done' },
  'complaints.photo_mime': { zh: '您提交的投诉与举报及办理情况', en: 'Complaints and reports you made, and what was done' },
  'complaints.photo_size': { zh: '您提交的投诉与举报及办理情况', en: 'Complaints and reports you made, and what was done' },
  'complaints.contact_enc': { zh: '您提交的投诉与举报及办理情况', en: 'Complaints and reports you made, and what was done' },
  'complaints.contact_bidx': { zh: '您提交的投诉与举报及办理情况', en: 'Complaints and reports you made, and what was done' },
  'complaints.contact_masked': { zh: '您提交的投诉与举报及办理情况', en: 'Complaints and reports you made, and what was done' },
  'complaints.resolution': { zh: '您提交的投诉与举报及办理情况', en: 'Complaints and reports you made, and what was done' },
  'complaint_events.text': { zh: '您提交的投诉与举报及办理情况', en: 'Complaints and reports you made, and what was done' },
  'volunteer_applications.name': { zh: '志愿者报名信息（姓名、手机号、特长、可服务时间）及审核结果', en: 'Your volunteer application (name, mobile, skills, availability) and its review' },
  'volunteer_applications.phone_enc': { zh: '志愿者报名信息（姓名、手机号、特长、可服务时间）及审核结果', en: 'Your volunteer application (name, mobile, skills, availability) and its review' },
  'volunteer_applications.skills': { zh: '志愿者报名信息（姓名、手机号、特长、可服务时间）及审核结果', en: 'Your volunteer application (name, mobile, skills, availability) and its review' },
  'volunteer_applications.availability': { zh: '志愿者报名信息（姓名、手机号、特长、可服务时间）及审核结果', en: 'Your volunteer application (name, mobile, skills, availability) and its review' },
  'volunteer_applications.note': { zh: '志愿者报名信息（姓名、手机号、特长、可服务时间）及审核结果', en: 'Your volunteer application (name, mobile, skills, availability) and its review' },
  'volunteer_applications.reason': { zh: '志愿者报名信息（姓名、手机号、特长、可服务时间）及审核结果', en: 'Your volunteer application (name, mobile, skills, availability) and its review' },
  'volunteer_applications.created_at': { zh: '志愿者报名信息（姓名、手机号、特长、可服务时间）及审核结果', en: 'Your volunteer application (name, mobile, skills, availability) and its review' },
  'volunteers.name': { zh: '志愿者名册信息及服务记录（班次、签到签退、服务时长）', en: 'Your entry on the volunteer roster and your service record (shifts, check-in and out, hours)' },
  'volunteers.phone_enc': { zh: '志愿者名册信息及服务记录（班次、签到签退、服务时长）', en: 'Your entry on the volunteer roster and your service record (shifts, check-in and out, hours)' },
  'volunteers.skills': { zh: '志愿者名册信息及服务记录（班次、签到签退、服务时长）', en: 'Your entry on the volunteer roster and your service record (shifts, check-in and out, hours)' },
  'volunteers.availability': { zh: '志愿者名册信息及服务记录（班次、签到签退、服务时长）', en: 'Your entry on the volunteer roster and your service record (shifts, check-in and out, hours)' },
  'volunteers.joined_at': { zh: '志愿者名册信息及服务记录（班次、签到签退、服务时长）', en: 'Your entry on the volunteer roster and your service record (shifts, check-in and out, hours)' },
  'volunteers.retired_reason': { zh: '退出志愿者名册的时间和原因', en: 'When and why you left the volunteer roster' },
  'volunteer_shift_members.source': { zh: '志愿者名册信息及服务记录（班次、签到签退、服务时长）', en: 'Your entry on the volunteer roster and your service record (shifts, check-in and out, hours)' },
  'volunteer_shift_members.checked_in_at': { zh: '志愿者名册信息及服务记录（班次、签到签退、服务时长）', en: 'Your entry on the volunteer roster and your service record (shifts, check-in and out, hours)' },
  'volunteer_shift_members.checked_out_at': { zh: '志愿者名册信息及服务记录（班次、签到签退、服务时长）', en: 'Your entry on the volunteer roster and your service record (shifts, check-in and out, hours)' },
  'volunteer_shift_members.minutes': { zh: '志愿者名册信息及服务记录（班次、签到签退、服务时长）', en: 'Your entry on the volunteer roster and your service record (shifts, check-in and out, hours)' },
  'lane_reports.description': { zh: '通道占用举报的内容和处理情况', en: 'Reports of blocked lanes and what was done' },
  'lane_reports.resolution': { zh: '通道占用举报的内容和处理情况', en: 'Reports of blocked lanes and what was done' },
  'sampling_rounds.note': { zh: '采样轮次备注', en: 'Sampling round notes' },
  'sampling_samples.person_key': { zh: '核酸采样记录（谁在何时采样、所在试管和结果、复核）', en: 'Sampling records (who was sampled when, the tube and its result, retests)' },
  'sampling_samples.repeat_sample': { zh: '核酸采样记录（谁在何时采样、所在试管和结果、复核）', en: 'Sampling records (who was sampled when, the tube and its result, retests)' },
  'sampling_samples.collected_at': { zh: '核酸采样记录（谁在何时采样、所在试管和结果、复核）', en: 'Sampling records (who was sampled when, the tube and its result, retests)' },
  'sampling_samples.collected_on': { zh: '核酸采样记录（谁在何时采样、所在试管和结果、复核）', en: 'Sampling records (who was sampled when, the tube and its result, retests)' },
  'sampling_samples.walkin_name': { zh: '未在本社区登记人员的采样登记（姓名、身份证号加密保存）', en: 'Sampling of people not registered here (name, ID number stored encrypted)' },
  'sampling_samples.walkin_id_enc': { zh: '未在本社区登记人员的采样登记（姓名、身份证号加密保存）', en: 'Sampling of people not registered here (name, ID number stored encrypted)' },
  'sampling_retests.person_key': { zh: '核酸采样记录（谁在何时采样、所在试管和结果、复核）', en: 'Sampling records (who was sampled when, the tube and its result, retests)' },
  'sampling_retests.reason': { zh: '核酸采样记录（谁在何时采样、所在试管和结果、复核）', en: 'Sampling records (who was sampled when, the tube and its result, retests)' },
  'sampling_retests.status': { zh: '核酸采样记录（谁在何时采样、所在试管和结果、复核）', en: 'Sampling records (who was sampled when, the tube and its result, retests)' },
  'sampling_retests.recalled_on': { zh: '核酸采样记录（谁在何时采样、所在试管和结果、复核）', en: 'Sampling records (who was sampled when, the tube and its result, retests)' },
  'sampling_retests.created_at': { zh: '核酸采样记录（谁在何时采样、所在试管和结果、复核）', en: 'Sampling records (who was sampled when, the tube and its result, retests)' },
  'quarantine_orders.kind': { zh: '居家隔离记录（期限、原因、审批、解除证明）', en: 'Quarantine orders (period, reason, approval, release certificate)' },
  'quarantine_orders.policy_code': { zh: '居家隔离记录（期限、原因、审批、解除证明）', en: 'Quarantine orders (period, reason, approval, release certificate)' },
  'quarantine_orders.days': { zh: '居家隔离记录（期限、原因、审批、解除证明）', en: 'Quarantine orders (period, reason, approval, release certificate)' },
  'quarantine_orders.sampling_days': { zh: '居家隔离记录（期限、原因、审批、解除证明）', en: 'Quarantine orders (period, reason, approval, release certificate)' },
  'quarantine_orders.checks_per_day': { zh: '居家隔离记录（期限、原因、审批、解除证明）', en: 'Quarantine orders (period, reason, approval, release certificate)' },
  'quarantine_orders.reason': { zh: '居家隔离记录（期限、原因、审批、解除证明）', en: 'Quarantine orders (period, reason, approval, release certificate)' },
  'quarantine_orders.note': { zh: '居家隔离记录（期限、原因、审批、解除证明）', en: 'Quarantine orders (period, reason, approval, release certificate)' },
  'quarantine_orders.start_date': { zh: '居家隔离记录（期限、原因、审批、解除证明）', en: 'Quarantine orders (period, reason, approval, release certificate)' },
  'quarantine_orders.end_date': { zh: '居家隔离记录（期限、原因、审批、解除证明）', en: 'Quarantine orders (period, reason, approval, release certificate)' },
  'quarantine_orders.sensor_id': { zh: '居家隔离记录（期限、原因、审批、解除证明）', en: 'Quarantine orders (period, reason, approval, release certificate)' },
  'quarantine_orders.status': { zh: '居家隔离记录（期限、原因、审批、解除证明）', en: 'Quarantine orders (period, reason, approval, release certificate)' },
  'quarantine_orders.decision_note': { zh: '居家隔离记录（期限、原因、审批、解除证明）', en: 'Quarantine orders (period, reason, approval, release certificate)' },
  'quarantine_orders.released_at': { zh: '居家隔离记录（期限、原因、审批、解除证明）', en: 'Quarantine orders (period, reason, approval, release certificate)' },
  'quarantine_orders.certificate_no': { zh: '居家隔离记录（期限、原因、审批、解除证明）', en: 'Quarantine orders (period, reason, approval, release certificate)' },
  'quarantine_orders.cancel_reason': { zh: '居家隔离记录（期限、原因、审批、解除证明）', en: 'Quarantine orders (period, reason, approval, release certificate)' },
  'quarantine_checks.check_date': { zh: '居家隔离期间的体温、症状和门磁记录', en: 'Temperatures, symptoms and door-sensor events during quarantine' },
  'quarantine_checks.slot': { zh: '居家隔离期间的体温、症状和门磁记录', en: 'Temperatures, symptoms and door-sensor events during quarantine' },
  'quarantine_checks.temperature': { zh: '居家隔离期间的体温、症状和门磁记录', en: 'Temperatures, symptoms and door-sensor events during quarantine' },
  'quarantine_checks.symptoms': { zh: '居家隔离期间的体温、症状和门磁记录', en: 'Temperatures, symptoms and door-sensor events during quarantine' },
  'quarantine_checks.fever': { zh: '居家隔离期间的体温、症状和门磁记录', en: 'Temperatures, symptoms and door-sensor events during quarantine' },
  'quarantine_checks.note': { zh: '居家隔离期间的体温、症状和门磁记录', en: 'Temperatures, symptoms and door-sensor events during quarantine' },
  'quarantine_checks.by_self': { zh: '居家隔离期间的体温、症状和门磁记录', en: 'Temperatures, symptoms and door-sensor events during quarantine' },
  'quarantine_checks.checked_at': { zh: '居家隔离期间的体温、症状和门磁记录', en: 'Temperatures, symptoms and door-sensor events during quarantine' },
  'quarantine_door_events.sensor_id': { zh: '居家隔离期间的体温、症状和门磁记录', en: 'Temperatures, symptoms and door-sensor events during quarantine' },
  'quarantine_door_events.event': { zh: '居家隔离期间的体温、症状和门磁记录', en: 'Temperatures, symptoms and door-sensor events during quarantine' },
  'quarantine_door_events.at': { zh: '居家隔离期间的体温、症状和门磁记录', en: 'Temperatures, symptoms and door-sensor events during quarantine' },
  'quarantine_door_events.received_at': { zh: '居家隔离期间的体温、症状和门磁记录', en: 'Temperatures, symptoms and door-sensor events during quarantine' },
  'quarantine_needs.kind': { zh: '居家隔离期间的生活需求和办理情况', en: 'Needs during quarantine and what was done' },
  'quarantine_needs.detail': { zh: '居家隔离期间的生活需求和办理情况', en: 'Needs during quarantine and what was done' },
  'quarantine_needs.status': { zh: '居家隔离期间的生活需求和办理情况', en: 'Needs during quarantine and what was done' },
  'quarantine_needs.by_self': { zh: '居家隔离期间的生活需求和办理情况', en: 'Needs during quarantine and what was done' },
  'quarantine_needs.done_note': { zh: '居家隔离期间的生活需求和办理情况', en: 'Needs during quarantine and what was done' },
  'gate_events.direction': { zh: '卡口通行记录（进出时间、核验结果）', en: "Passages through the gates (time, direction, the check's result)" },
  'gate_events.method': { zh: '卡口通行记录（进出时间、核验结果）', en: "Passages through the gates (time, direction, the check's result)" },
  'gate_events.subject': { zh: '卡口通行记录（进出时间、核验结果）', en: "Passages through the gates (time, direction, the check's result)" },
  'gate_events.claimed_colour': { zh: '卡口通行记录（进出时间、核验结果）', en: "Passages through the gates (time, direction, the check's result)" },
  'gate_events.match_score': { zh: '卡口通行记录（进出时间、核验结果）', en: "Passages through the gates (time, direction, the check's result)" },
  'gate_events.decision': { zh: '卡口通行记录（进出时间、核验结果）', en: "Passages through the gates (time, direction, the check's result)" },
  'gate_events.reasons': { zh: '卡口通行记录（进出时间、核验结果）', en: "Passages through the gates (time, direction, the check's result)" },
  'gate_events.device_time': { zh: '卡口通行记录（进出时间、核验结果）', en: "Passages through the gates (time, direction, the check's result)" },
  'gate_events.day': { zh: '卡口通行记录（进出时间、核验结果）', en: "Passages through the gates (time, direction, the check's result)" },
  'gate_events.at': { zh: '卡口通行记录（进出时间、核验结果）', en: "Passages through the gates (time, direction, the check's result)" },
  'gate_events.review_outcome': { zh: '卡口通行记录（进出时间、核验结果）', en: "Passages through the gates (time, direction, the check's result)" },
  'gate_events.reviewed_at': { zh: '卡口通行记录（进出时间、核验结果）', en: "Passages through the gates (time, direction, the check's result)" },
  'gate_events.review_note': { zh: '卡口通行记录（进出时间、核验结果）', en: "Passages through the gates (time, direction, the check's result)" },
  'gate_visits.name_enc': { zh: '访客登记（姓名、手机号、拜访地址）', en: 'Visitor registrations (name, mobile, whom visited)' },
  'gate_visits.phone_enc': { zh: '访客登记（姓名、手机号、拜访地址）', en: 'Visitor registrations (name, mobile, whom visited)' },
  'gate_visits.phone_bidx': { zh: '访客登记（姓名、手机号、拜访地址）', en: 'Visitor registrations (name, mobile, whom visited)' },
  'gate_visits.host': { zh: '访客登记（姓名、手机号、拜访地址）', en: 'Visitor registrations (name, mobile, whom visited)' },
  'gate_visits.reason': { zh: '访客登记（姓名、手机号、拜访地址）', en: 'Visitor registrations (name, mobile, whom visited)' },
  'gate_visits.visit_date': { zh: '访客登记（姓名、手机号、拜访地址）', en: 'Visitor registrations (name, mobile, whom visited)' },
  'gate_visits.code': { zh: '访客登记（姓名、手机号、拜访地址）', en: 'Visitor registrations (name, mobile, whom visited)' },
  'gate_visits.status': { zh: '访客登记（姓名、手机号、拜访地址）', en: 'Visitor registrations (name, mobile, whom visited)' },
  'gate_visits.created_at': { zh: '访客登记（姓名、手机号、拜访地址）', en: 'Visitor registrations (name, mobile, whom visited)' },
  'gate_visits.entered_at': { zh: '访客登记（姓名、手机号、拜访地址）', en: 'Visitor registrations (name, mobile, whom visited)' },
  'gate_vehicles.plate_enc': { zh: '登记车辆（车牌、类型）', en: 'Registered vehicles (plate, kind)' },
  'gate_vehicles.plate_bidx': { zh: '登记车辆（车牌、类型）', en: 'Registered vehicles (plate, kind)' },
  'gate_vehicles.plate_masked': { zh: '登记车辆（车牌、类型）', en: 'Registered vehicles (plate, kind)' },
  'gate_vehicles.kind': { zh: '登记车辆（车牌、类型）', en: 'Registered vehicles (plate, kind)' },
  'gate_vehicles.note': { zh: '登记车辆（车牌、类型）', en: 'Registered vehicles (plate, kind)' },
  'health_codes.colour': { zh: '健康码颜色、原因和变更记录', en: 'Health-code colour, reason and changes' },
  'health_codes.reason_code': { zh: '健康码颜色、原因和变更记录', en: 'Health-code colour, reason and changes' },
  'health_codes.source': { zh: '健康码颜色、原因和变更记录', en: 'Health-code colour, reason and changes' },
  'health_codes.since': { zh: '健康码颜色、原因和变更记录', en: 'Health-code colour, reason and changes' },
  'health_code_history.colour': { zh: '健康码颜色、原因和变更记录', en: 'Health-code colour, reason and changes' },
  'health_code_history.previous': { zh: '健康码颜色、原因和变更记录', en: 'Health-code colour, reason and changes' },
  'health_code_history.reason_code': { zh: '健康码颜色、原因和变更记录', en: 'Health-code colour, reason and changes' },
  'health_code_history.source': { zh: '健康码颜色、原因和变更记录', en: 'Health-code colour, reason and changes' },
  'health_code_history.note': { zh: '健康码颜色、原因和变更记录', en: 'Health-code colour, reason and changes' },
  'health_code_history.at': { zh: '健康码颜色、原因和变更记录', en: 'Health-code colour, reason and changes' },
  'health_code_history.day': { zh: '健康码颜色、原因和变更记录', en: 'Health-code colour, reason and changes' },
  'screening_entries.row_no': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.name': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.id_enc': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.id_bidx': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.id_masked': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.phone_enc': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.phone_bidx': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.phone_masked': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.address': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.arrived_on': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.origin': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.note': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.state': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.confidence': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.evidence': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.gate_seen_at': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.status': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.outcome': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.measure': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.outcome_note': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.checked_at': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.created_at': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'screening_entries.day': { zh: '上级下发排查名单中的信息及核查结果', en: 'Upper-level screening lists: the row about you and its check' },
  'cases.name': { zh: '作为病例的登记信息', en: 'Your registration as a case' },
  'cases.id_enc': { zh: '作为病例的登记信息', en: 'Your registration as a case' },
  'cases.id_bidx': { zh: '作为病例的登记信息', en: 'Your registration as a case' },
  'cases.id_masked': { zh: '作为病例的登记信息', en: 'Your registration as a case' },
  'cases.phone_enc': { zh: '作为病例的登记信息', en: 'Your registration as a case' },
  'cases.phone_bidx': { zh: '作为病例的登记信息', en: 'Your registration as a case' },
  'cases.phone_masked': { zh: '作为病例的登记信息', en: 'Your registration as a case' },
  'cases.exposure_note': { zh: '作为病例的登记信息', en: 'Your registration as a case' },
  'case_contacts.kind': { zh: '作为病例密接的登记信息及接触情况', en: 'Your registration as a case’s contact, with the exposure' },
  'case_contacts.name': { zh: '作为病例密接的登记信息及接触情况', en: 'Your registration as a case’s contact, with the exposure' },
  'case_contacts.id_enc': { zh: '作为病例密接的登记信息及接触情况', en: 'Your registration as a case’s contact, with the exposure' },
  'case_contacts.id_bidx': { zh: '作为病例密接的登记信息及接触情况', en: 'Your registration as a case’s contact, with the exposure' },
  'case_contacts.id_masked': { zh: '作为病例密接的登记信息及接触情况', en: 'Your registration as a case’s contact, with the exposure' },
  'case_contacts.phone_enc': { zh: '作为病例密接的登记信息及接触情况', en: 'Your registration as a case’s contact, with the exposure' },
  'case_contacts.phone_bidx': { zh: '作为病例密接的登记信息及接触情况', en: 'Your registration as a case’s contact, with the exposure' },
  'case_contacts.phone_masked': { zh: '作为病例密接的登记信息及接触情况', en: 'Your registration as a case’s contact, with the exposure' },
  'case_contacts.address': { zh: '作为病例密接的登记信息及接触情况', en: 'Your registration as a case’s contact, with the exposure' },
  'case_contacts.exposure_on': { zh: '作为病例密接的登记信息及接触情况', en: 'Your registration as a case’s contact, with the exposure' },
  'case_contacts.setting': { zh: '作为病例密接的登记信息及接触情况', en: 'Your registration as a case’s contact, with the exposure' },
  'case_contacts.note': { zh: '作为病例密接的登记信息及接触情况', en: 'Your registration as a case’s contact, with the exposure' },
  'case_contacts.created_at': { zh: '作为病例密接的登记信息及接触情况', en: 'Your registration as a case’s contact, with the exposure' },
  'case_contacts.day': { zh: '作为病例密接的登记信息及接触情况', en: 'Your registration as a case’s contact, with the exposure' },
  'health_appeals.colour': { zh: '健康码申诉及处理结果', en: 'Health-code appeals and their outcome' },
  'health_appeals.reason': { zh: '健康码申诉及处理结果', en: 'Health-code appeals and their outcome' },
  'health_appeals.status': { zh: '健康码申诉及处理结果', en: 'Health-code appeals and their outcome' },
  'health_appeals.created_at': { zh: '健康码申诉及处理结果', en: 'Health-code appeals and their outcome' },
  'health_appeals.day': { zh: '健康码申诉及处理结果', en: 'Health-code appeals and their outcome' },
  'health_appeals.decided_at': { zh: '健康码申诉及处理结果', en: 'Health-code appeals and their outcome' },
  'health_appeals.decision_note': { zh: '健康码申诉及处理结果', en: 'Health-code appeals and their outcome' },
  'shelter_inspections.note': { zh: '避难场所检查记录', en: 'Shelter inspection notes' },
  'households.room': { zh: '房号', en: 'Room number' },
  'households.address': { zh: '住址', en: 'Address' },
  'residents.name': { zh: '姓名', en: 'Name' },
  'residents.id_number_enc': { zh: '身份证号（加密保存）', en: 'ID number (stored encrypted)' },
  'residents.phone_enc': { zh: '手机号（加密保存）', en: 'Phone number (stored encrypted)' },
  'residents.sex': { zh: '性别', en: 'Sex' },
  'residents.birth_date': { zh: '出生日期', en: 'Date of birth' },
  'residents.relation': { zh: '与户主关系', en: 'Relation to the head of household' },
  'residents.residence_type': { zh: '人员类型（户籍、流动等）', en: 'Residence type (registered, migrant …)' },
  'residents.guardian_id': { zh: '监护人', en: 'Guardian' },
  'residents.external_ref': { zh: '外部编号', en: 'External reference number' },
  'residents.tags': { zh: '关爱标签', en: 'Care tags' },
  'resident_tags.tag': { zh: '关爱标签', en: 'Care tags' },
  'resident_moves.moved_at': { zh: '迁移记录（时间、原因）', en: 'Moves (date, reason)' },
  'resident_moves.reason': { zh: '迁移记录（时间、原因）', en: 'Moves (date, reason)' },
  'resident_status_changes.from_status': { zh: '居住状态变更（迁出、去世、返回）', en: 'Status changes (moved out, deceased, back)' },
  'resident_status_changes.to_status': { zh: '居住状态变更（迁出、去世、返回）', en: 'Status changes (moved out, deceased, back)' },
  'resident_status_changes.effective_date': { zh: '居住状态变更（迁出、去世、返回）', en: 'Status changes (moved out, deceased, back)' },
  'resident_status_changes.reason': { zh: '居住状态变更（迁出、去世、返回）', en: 'Status changes (moved out, deceased, back)' },
  'break_glass_grants.reason': { zh: '紧急调阅的理由', en: 'Reason for an emergency access' },
  'self_reports.report_date': { zh: '体温自测（日期、体温、是否发热、症状、备注）', en: 'Temperature self-reports (date, temperature, fever, symptoms, note)' },
  'self_reports.temperature': { zh: '体温自测（日期、体温、是否发热、症状、备注）', en: 'Temperature self-reports (date, temperature, fever, symptoms, note)' },
  'self_reports.fever': { zh: '体温自测（日期、体温、是否发热、症状、备注）', en: 'Temperature self-reports (date, temperature, fever, symptoms, note)' },
  'self_reports.symptoms': { zh: '体温自测（日期、体温、是否发热、症状、备注）', en: 'Temperature self-reports (date, temperature, fever, symptoms, note)' },
  'self_reports.note': { zh: '体温自测（日期、体温、是否发热、症状、备注）', en: 'Temperature self-reports (date, temperature, fever, symptoms, note)' },
  'self_reports.follow_up_note': { zh: '随访记录', en: 'Follow-up notes' },
  'roll_call_items.need': { zh: '关爱点名的结果（是否平安、需要什么帮助、备注）', en: 'Care roll calls (whether you were safe, what help you needed, notes)' },
  'roll_call_items.note': { zh: '关爱点名的结果（是否平安、需要什么帮助、备注）', en: 'Care roll calls (whether you were safe, what help you needed, notes)' },
  'exports.reason': { zh: '导出申请理由和审批意见', en: 'Reasons for and decisions on exports' },
  'exports.decision_note': { zh: '导出申请理由和审批意见', en: 'Reasons for and decisions on exports' },
  'warning_alerts.ack_note': { zh: '预警处置说明', en: 'Notes on handling warnings' },
  'warning_alerts.resolution_note': { zh: '预警处置说明', en: 'Notes on handling warnings' },
  'security_alerts.ack_note': { zh: '安全提醒处理说明', en: 'Notes on handling security alerts' },
  'security_alerts.close_note': { zh: '安全提醒处理说明', en: 'Notes on handling security alerts' },
  'notifications.payload': { zh: '通知内容', en: 'Notification content' },
  'emergency_periods.note': { zh: '应急期的备注和结束原因', en: 'Notes and end reasons of emergency periods' },
  'emergency_periods.end_reason': { zh: '应急期的备注和结束原因', en: 'Notes and end reasons of emergency periods' },
  'correction_requests.proposed_enc': { zh: '您申请更正的内容和说明（加密保存）', en: 'The corrections you ask for and your note (stored encrypted)' },
  'correction_requests.note_enc': { zh: '您申请更正的内容和说明（加密保存）', en: 'The corrections you ask for and your note (stored encrypted)' },
  'correction_requests.reply': { zh: '工作人员对更正申请的答复', en: 'Staff replies to correction requests' },
  'deletion_requests.note_enc': { zh: '您的删除申请说明（加密保存）', en: 'The note of your deletion request (stored encrypted)' },
  'deletion_requests.reply': { zh: '工作人员对删除申请的答复', en: 'Staff replies to deletion requests' },
  'minor_access_requests.reason': { zh: '查阅未成年人信息的申请理由和审批意见', en: 'Reasons for and decisions on requests to see a child’s data' },
  'minor_access_requests.decision_note': { zh: '查阅未成年人信息的申请理由和审批意见', en: 'Reasons for and decisions on requests to see a child’s data' },
  'notice_acks.acknowledged_at': { zh: '您阅读本规则的时间和版本', en: 'When you read which version of this notice' },
  'resident_consents.method': { zh: '关爱服务单独同意的记录（本人或监护人同意、时间、方式、规则版本、说明、撤回）', en: 'Your consent to care services (given by you or your guardian, when, how, notice version, note, withdrawal)' },
  'resident_consents.note': { zh: '关爱服务单独同意的记录（本人或监护人同意、时间、方式、规则版本、说明、撤回）', en: 'Your consent to care services (given by you or your guardian, when, how, notice version, note, withdrawal)' },
  'resident_consents.recorded_at': { zh: '关爱服务单独同意的记录（本人或监护人同意、时间、方式、规则版本、说明、撤回）', en: 'Your consent to care services (given by you or your guardian, when, how, notice version, note, withdrawal)' },
  'resident_consents.withdrawn_at': { zh: '关爱服务单独同意的记录（本人或监护人同意、时间、方式、规则版本、说明、撤回）', en: 'Your consent to care services (given by you or your guardian, when, how, notice version, note, withdrawal)' },
  'resident_consents.withdraw_method': { zh: '关爱服务单独同意的记录（本人或监护人同意、时间、方式、规则版本、说明、撤回）', en: 'Your consent to care services (given by you or your guardian, when, how, notice version, note, withdrawal)' },
  'resident_consents.withdraw_note': { zh: '关爱服务单独同意的记录（本人或监护人同意、时间、方式、规则版本、说明、撤回）', en: 'Your consent to care services (given by you or your guardian, when, how, notice version, note, withdrawal)' },
  'resident_consents.given_by': { zh: '关爱服务单独同意的记录（本人或监护人同意、时间、方式、规则版本、说明、撤回）', en: 'Your consent to care services (given by you or your guardian, when, how, notice version, note, withdrawal)' },
  'resident_consents.guardian_id': { zh: '关爱服务单独同意的记录（本人或监护人同意、时间、方式、规则版本、说明、撤回）', en: 'Your consent to care services (given by you or your guardian, when, how, notice version, note, withdrawal)' },
  'resident_consents.withdraw_guardian_id': { zh: '关爱服务单独同意的记录（本人或监护人同意、时间、方式、规则版本、说明、撤回）', en: 'Your consent to care services (given by you or your guardian, when, how, notice version, note, withdrawal)' },
  'partner_units.contact_name': { zh: '协同单位（如社会组织、物业）的联系人和联系电话', en: 'Contact person and phone of a partner unit (e.g. a social organisation, the property company)' },
  'partner_units.contact_phone_enc': { zh: '协同单位（如社会组织、物业）的联系人和联系电话', en: 'Contact person and phone of a partner unit (e.g. a social organisation, the property company)' },
  'service_records.place': { zh: '社会组织的服务记录（地点、备注、服务了哪些居民）', en: 'Social organisations’ service records (place, note, which residents were served)' },
  'service_records.note': { zh: '社会组织的服务记录（地点、备注、服务了哪些居民）', en: 'Social organisations’ service records (place, note, which residents were served)' },
  'service_record_residents.resident_id': { zh: '社会组织的服务记录（地点、备注、服务了哪些居民）', en: 'Social organisations’ service records (place, note, which residents were served)' },
  'service_bookings.resident_id': { zh: '您的服务预约（如心理疏导：时段、想说的话、确认或取消）', en: 'Your service bookings (e.g. counselling: the slot, your note, confirmed or cancelled)' },
  'service_bookings.by_self': { zh: '您的服务预约（如心理疏导：时段、想说的话、确认或取消）', en: 'Your service bookings (e.g. counselling: the slot, your note, confirmed or cancelled)' },
  'service_bookings.note': { zh: '您的服务预约（如心理疏导：时段、想说的话、确认或取消）', en: 'Your service bookings (e.g. counselling: the slot, your note, confirmed or cancelled)' },
  'service_bookings.status': { zh: '您的服务预约（如心理疏导：时段、想说的话、确认或取消）', en: 'Your service bookings (e.g. counselling: the slot, your note, confirmed or cancelled)' },
  'service_bookings.confirmed_at': { zh: '您的服务预约（如心理疏导：时段、想说的话、确认或取消）', en: 'Your service bookings (e.g. counselling: the slot, your note, confirmed or cancelled)' },
  'service_bookings.cancelled_at': { zh: '您的服务预约（如心理疏导：时段、想说的话、确认或取消）', en: 'Your service bookings (e.g. counselling: the slot, your note, confirmed or cancelled)' },
  'service_bookings.cancel_reason': { zh: '您的服务预约（如心理疏导：时段、想说的话、确认或取消）', en: 'Your service bookings (e.g. counselling: the slot, your note, confirmed or cancelled)' },
  'service_bookings.created_at': { zh: '您的服务预约（如心理疏导：时段、想说的话、确认或取消）', en: 'Your service bookings (e.g. counselling: the slot, your note, confirmed or cancelled)' },
  'command_agenda_items.minutes': { zh: '指挥部调度会纪要、补充说明和决议事项的说明', en: 'Command centre meeting minutes, addenda and decision notes' },
  'command_addenda.body': { zh: '指挥部调度会纪要、补充说明和决议事项的说明', en: 'Command centre meeting minutes, addenda and decision notes' },
  'command_decisions.detail': { zh: '指挥部调度会纪要、补充说明和决议事项的说明', en: 'Command centre meeting minutes, addenda and decision notes' },
  'command_decisions.note': { zh: '指挥部调度会纪要、补充说明和决议事项的说明', en: 'Command centre meeting minutes, addenda and decision notes' },
};

/** The retention of a column in words ("28 天", "应急期结束后 30 天", "不超过 3 年", "退出登录后删除"). */
export function retentionWords(p: FieldPolicy, emergencyDays: number): Pair {
  const r = p.retention;
  let w: Pair;
  if (r.from === 'sessionEnd') w = { zh: '退出登录或登录过期后删除', en: 'deleted when you sign out or the sign-in expires' };
  else if (r.from === 'emergencyEnd') w = { zh: `应急期结束后 ${r.days ?? emergencyDays} 天`, en: `${r.days ?? emergencyDays} days after the emergency period ends` };
  else if (r.from === 'consentWithdrawn' && r.days !== null) {
    // The record of a consent (ADR 0033): kept while it is valid, then as proof for a while after its withdrawal.
    const span = r.days % 365 === 0 ? { zh: `${r.days / 365} 年`, en: `${r.days / 365} year${r.days === 365 ? '' : 's'}` } : { zh: `${r.days} 天`, en: `${r.days} days` };
    w = { zh: `同意有效期间保存；撤回后作为凭证保存 ${span.zh}，然后删除`, en: `kept while the consent is valid; after a withdrawal kept ${span.en} as proof, then deleted` };
  } else if (r.from === 'consentWithdrawn') w = { zh: '撤回同意或不再需要帮扶时删除', en: 'deleted when consent is withdrawn or assistance is no longer needed' };
  else if (r.from === 'lastUpdate' && r.days !== null) {
    // Counted from the last time the record was handled (e.g. a correction request from its resolution; kept while open).
    const span = r.days % 365 === 0 ? { zh: `${r.days / 365} 年`, en: `${r.days / 365} year${r.days === 365 ? '' : 's'}` } : { zh: `${r.days} 天`, en: `${r.days} days` };
    w = { zh: `办结后 ${span.zh}`, en: `${span.en} after it was dealt with` };
  } else if (r.days !== null && r.days >= 365 && r.days % 365 === 0) w = { zh: `不超过 ${r.days / 365} 年`, en: `up to ${r.days / 365} year${r.days === 365 ? '' : 's'}` };
  else if (r.days !== null) w = { zh: `${r.days} 天`, en: `${r.days} days` };
  else if (r.from === 'never') w = { zh: '长期保存', en: 'kept' };
  else w = { zh: '档案存续期间保存，不再需要时删除', en: 'kept while the record is needed, then deleted' };
  if (p.basis === 'public_health_emergency' && r.from !== 'emergencyEnd') {
    w = { zh: `${w.zh}；应急期结束后 ${emergencyDays} 天内删除（以先到者为准）`, en: `${w.en}; deleted within ${emergencyDays} days after the emergency period ends, whichever comes first` };
  }
  return w;
}

/**
 * The generated section: every personal, sensitive or special column of the registry, grouped by purpose and legal
 * basis, then by retention. A derived column (masked copy, search key, blind index) is listed with its source.
 */
export function collectedGroups(registry: Record<string, Record<string, FieldPolicy>>, emergencyDays: number, lang: NoticeLanguage): NoticeGroup[] {
  const pick = (x: Pair) => (lang === 'zh-CN' ? x.zh : x.en);
  const groups = new Map<string, NoticeGroup>();
  for (const [table, cols] of Object.entries(registry)) {
    for (const [column, p] of Object.entries(cols)) {
      if (!NOTICED_CLASSES.has(p.class)) continue;
      const source = p.derivedFrom && cols[p.derivedFrom] && NOTICED_CLASSES.has(cols[p.derivedFrom]!.class) ? p.derivedFrom : column;
      const sp = cols[source]!;
      const purpose = sp.purpose[0] ?? 'unspecified';
      const key = `${purpose}|${sp.basis}`;
      let g = groups.get(key);
      if (!g) {
        g = { purpose, purposeLabel: pick(PURPOSES[purpose] ?? { zh: purpose, en: purpose }), basis: sp.basis, basisLabel: pick(BASES[sp.basis]), items: [] };
        groups.set(key, g);
      }
      const retention = pick(retentionWords(sp, emergencyDays));
      let item = g.items.find((i) => i.retention === retention);
      if (!item) g.items.push((item = { retention, fields: [] }));
      const label = pick(FIELD_LABELS[`${table}.${source}`] ?? { zh: `${table}.${source}`, en: `${table}.${source}` });
      let f = item.fields.find((x) => x.label === label);
      if (!f) item.fields.push((f = { label, columns: [] }));
      f.columns.push(`${table}.${column}`);
    }
  }
  return [...groups.values()];
}

export type NoticeOptions = { processor: string | null; contact: string | null; emergencyDays?: number; textVersion?: string; registry?: Record<string, Record<string, FieldPolicy>> };

/** The whole notice in both languages, and its version (text version + hash of the content). */
export function buildNotice(o: NoticeOptions): Notice {
  const days = o.emergencyDays ?? DEFAULT_EMERGENCY_RETENTION_DAYS;
  const registry = o.registry ?? FIELD_REGISTRY;
  const textVersion = o.textVersion ?? NOTICE_TEXT_VERSION;
  const processor: Pair = o.processor ? { zh: o.processor, en: o.processor } : { zh: '本社区居民委员会及所在街道办事处', en: 'your residents’ committee and the street office it belongs to' };
  const contact: Pair = o.contact ? { zh: o.contact, en: o.contact } : { zh: '您所在社区的居民委员会或网格员', en: 'your residents’ committee or your grid worker' };
  const doc = (lang: NoticeLanguage): NoticeDocument => {
    const zh = lang === 'zh-CN';
    return {
      title: zh ? '个人信息处理规则' : 'How we handle your personal data',
      sections: [
        {
          id: 'processor', heading: zh ? '谁在处理您的信息' : 'Who handles your data',
          paragraphs: [zh
            ? `个人信息处理者：${processor.zh}。本平台（韧性社区防疫平台）由其运行，用于社区疫情防控和居民服务。`
            : `The processor of your personal data is ${processor.en}. They run this platform (Renxing community epidemic-prevention platform) for epidemic prevention and services to residents.`],
        },
        {
          id: 'purposes', heading: zh ? '为什么处理' : 'Why',
          paragraphs: zh
            ? ['登记实有人口、开展疫情监测和发热随访、为需要帮助的居民提供关爱服务、发出风险预警。', '为疫情防控收集的信息只用于疫情防控，不用于其他目的；绝不因疫情防控以外的原因使用这些信息。']
            : ['To keep the register of residents, to monitor the epidemic and follow up on fevers, to care for residents who need help, and to raise risk warnings.', 'Data collected for epidemic prevention is used for epidemic prevention only, never for anything else.'],
        },
        {
          id: 'methods', heading: zh ? '怎样处理' : 'How',
          paragraphs: zh
            ? ['信息由社区工作人员登记或导入，或由您本人在手机上填报。', '身份证号和手机号加密保存，页面上默认部分隐藏；工作人员只能查看自己负责区域的居民，每一次查看都会被记录，您可以查到。导出数据需要另一位工作人员审批。']
            : ['Community staff register or import the data, or you enter it yourself on your phone.', 'ID and phone numbers are stored encrypted and partly hidden on screen. Staff see only the residents of their own area; every look at your record is recorded and you can see it. Exporting data needs the approval of a second person.'],
        },
        {
          id: 'collected', heading: zh ? '收集哪些信息、保存多久' : 'What we collect and how long we keep it',
          paragraphs: [zh ? '下表由系统的字段登记自动生成，与系统实际保存的信息一致。到期的信息由系统每天自动删除，并留有删除记录。' : 'This list is generated from the system’s own field register, so it matches what the system really keeps. Data past its period is deleted by a daily job, which keeps a deletion record.'],
          groups: collectedGroups(registry, days, lang),
        },
        {
          id: 'rights', heading: zh ? '您的权利' : 'Your rights',
          paragraphs: zh
            ? ['您有权查阅、复制、更正和删除您的个人信息（个人信息保护法第四十四条至第四十七条）。', '在“我的信息查阅记录”页面，您可以看到谁在什么时间、为什么查看过您的信息。', '在“我的信息”页面，您可以申请更正不准确的信息。其他请求请联系下方的联系人。', '在“我的信息”页面，您也可以申请删除您的关爱标签或整份居民档案（例如已永久搬离、不再需要、撤回同意、保存期限已届满或处理违法，个人信息保护法第四十七条）。社区负责人审核后删除；法律要求保存或技术上无法删除的，停止除存储和必要的安全保护以外的处理，并告诉您理由。整份档案删除后，您的居民账号随之停用。', '关爱标签（独居、残疾、慢性病、孕产妇）用于关爱帮扶，不是疫情防控所必需，只在您单独同意后登记（个人信息保护法第二十九条）。您可以在“我的信息”页面同意，也可以随时撤回；撤回后这些标签立即删除，同意和撤回的记录保存 3 年备查。']
            : ['You may see, copy, correct and delete your personal data (PIPL Art. 44–47).', 'On the page “Who accessed my data” you see who looked at your data, when and why.', 'On the page “My information” you can ask for a correction. For anything else, use the contact below.', 'On the page “My information” you can also ask for your care tags or your whole resident record to be deleted (for example when you have moved away for good, the data is no longer needed, you withdrew your consent, its retention period has ended or it was processed unlawfully; PIPL Art. 47). The community’s responsible person decides; where a law requires keeping the data or deleting it is technically impossible, all processing other than storage and necessary security measures stops and you are told why. When the whole record is deleted, your resident account is closed with it.', 'Care tags (living alone, disability, chronic illness, pregnancy) serve care and assistance, not epidemic necessity, and are recorded only with your separate consent (PIPL Art. 29). You can give it on the page “My information” and withdraw it at any time there; the tags are then deleted at once, and the record of your consent and its withdrawal is kept 3 years as proof.'],
        },
        {
          // PIPL Art. 28 and 31: a child's data is sensitive and handled under specific rules; consent is the guardian's.
          id: 'children', heading: zh ? `未满 ${GUARDIAN_CONSENT_AGE} 周岁的儿童` : `Children under ${GUARDIAN_CONSENT_AGE}`,
          paragraphs: zh
            ? [
              `未满 ${GUARDIAN_CONSENT_AGE} 周岁儿童的个人信息都属于敏感个人信息，我们按本节的专门规则处理（个人信息保护法第二十八条、第三十一条）。和所有居民一样，孩子的身份证号和手机号加密保存、页面上默认部分隐藏，每一次查看都会被记录。`,
              `儿童的关爱标签（独居、残疾、慢性病等）须经其父母或其他监护人同意后才能登记，儿童本人的同意不算数。没有监护人同意的，不登记这些标签。`,
              `如果您在社区登记为孩子的监护人，可以在“我的信息”页面看到您未满 ${GUARDIAN_CONSENT_AGE} 周岁的孩子，为孩子同意登记关爱标签，也可以随时撤回同意；撤回后孩子的关爱标签立即删除，同意和撤回的记录保存 3 年备查。`,
              '您也可以代孩子行使查阅、复制、更正、删除等权利，请联系下方的联系人。',
            ]
            : [
              `All personal data of a child under ${GUARDIAN_CONSENT_AGE} is sensitive personal data and is handled under the specific rules of this section (PIPL Art. 28 and 31). As for every resident, the child’s ID and phone numbers are stored encrypted and partly hidden on screen, and every look is recorded.`,
              'A child’s care tags (living alone, disability, chronic illness and the like) are recorded only with the consent of a parent or other guardian; the child’s own consent does not count. Without the guardian’s consent these tags are not recorded.',
              `If you are registered with the community as a child’s guardian, the page “My information” shows your children under ${GUARDIAN_CONSENT_AGE}: there you can consent to their care tags and withdraw that consent at any time; the child’s care tags are then deleted at once, and the record of the consent and its withdrawal is kept 3 years as proof.`,
              'You may also exercise your child’s rights to see, copy, correct and delete their data on their behalf: use the contact below.',
            ],
        },
        {
          id: 'contact', heading: zh ? '联系我们' : 'Contact',
          paragraphs: zh
            ? [`个人信息保护联系人：${contact.zh}。`, '如您认为您的个人信息被违法处理，可以向网信部门或公安机关投诉、举报。']
            : [`Personal-data contact: ${contact.en}.`, 'If you think your data is handled unlawfully, you may complain to the cyberspace administration or the police.'],
        },
      ],
    };
  };
  const content = { 'zh-CN': doc('zh-CN'), en: doc('en') };
  const version = `${textVersion}+${sha256(JSON.stringify(content)).slice(0, 8)}`;
  return { version, textVersion, content };
}

/** Emergency periods in force today (public government decisions): the current legal basis of self-reports. */
export type NoticeEmergency = { area: string; since: string; legalRef: string };

const versionMismatch = (current: string) => new AppError(
  409, 'notice_version_mismatch', `个人信息处理规则已更新为 ${current} 版，请阅读新版本后再确认`, `The notice has changed to version ${current}; read the new version and acknowledge it`,
  [{ path: 'version', code: 'not_current', message: `当前版本是 ${current}`, messageEn: `the current version is ${current}` }],
);

/** `orgs`: the orgs service's `names` (the area of each emergency period in force). */
export function createNoticeService(database: Database, audit: AuditService, orgs: Pick<OrgsService, 'names'>, now: () => Date, o: NoticeOptions) {
  const { db, writes, codec } = database;
  const notice = buildNotice(o);

  return {
    /** The current notice, with the emergency periods in force today (not part of the versioned text). */
    async current() {
      const today = ymdOf(now());
      const rows = await db.selectFrom('emergency_periods')
        .select(['org_id', 'start_date as since', 'legal_ref as legalRef'])
        .where('start_date', '<=', today)
        .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]))
        .orderBy('start_date').execute();
      const areas = await orgs.names(rows.map((r: any) => r.org_id as string));
      const emergencies: NoticeEmergency[] = rows.filter((r: any) => areas.has(r.org_id)).map((r: any) => ({ area: areas.get(r.org_id)!, since: r.since, legalRef: r.legalRef }));
      return { ...notice, emergencyRetentionDays: o.emergencyDays ?? DEFAULT_EMERGENCY_RETENTION_DAYS, emergencies };
    },

    version: () => notice.version,

    /** Whether the account acknowledged the current version, and when. */
    async status(userId: string) {
      const row = await db.selectFrom('notice_acks').select('acknowledged_at').where('user_id', '=', userId).where('version', '=', notice.version).executeTakeFirst();
      return { version: notice.version, acknowledged: !!row, acknowledgedAt: row ? codec.readTs(row.acknowledged_at) : null };
    },

    /** Records that the caller read `version` (must be the current one: 409 otherwise). Once per version; audited. */
    async acknowledge(principal: Principal, actor: AuditActor, version: string) {
      if (version !== notice.version) throw versionMismatch(notice.version);
      const already = await this.status(principal.id);
      if (already.acknowledged) return already;
      await writes.run(async (trx) => {
        const dup = await trx.selectFrom('notice_acks').select('user_id').where('user_id', '=', principal.id).where('version', '=', version).executeTakeFirst();
        if (dup) return;
        await trx.insertInto('notice_acks').values({ user_id: principal.id, version, acknowledged_at: codec.ts(now()) }).execute();
        await audit.append(trx, actor, { action: 'notice_ack', objectType: 'notice', objectId: version, outcome: 'success' });
      });
      return this.status(principal.id);
    },

    /** Demo seed: the demo resident has read the current version (so the browser specs go straight to their pages). */
    async seedAcknowledged(actor: AuditActor, userId: string) {
      if ((await this.status(userId)).acknowledged) return;
      await writes.run(async (trx) => {
        await trx.insertInto('notice_acks').values({ user_id: userId, version: notice.version, acknowledged_at: codec.ts(now()) }).execute();
        await audit.append(trx, actor, { action: 'notice_ack', objectType: 'notice', objectId: notice.version, outcome: 'success', reason: 'demo seed' });
      });
    },
  };
}

export type NoticeService = ReturnType<typeof createNoticeService>;
