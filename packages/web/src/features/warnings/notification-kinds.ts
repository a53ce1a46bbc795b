// What the bell says and opens for each kind of notification, in one table (pure; unit-tested). A feature that notifies
// adds a row here — its kinds, its line (written by the feature from the payload the server stored) and the page it
// opens — instead of another branch in the bell.
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { roleLabel } from '../../lib/labels';
import { CONTROL_POINT_NOTIFICATION_KINDS, CONTROL_POINTS_PATH, controlPointNotice } from '../control-points';
import { correctionNotice } from '../corrections';
import { LANE_NOTIFICATION_KINDS, LANES_PATH, laneNotice } from '../emergency-infra';
import { COMPLAINT_NOTIFICATION_KINDS, COMPLAINTS_PATH, complaintNotice } from '../public-info';
import { DELETION_NOTIFICATION_KINDS, deletionNotice } from '../deletions';
import { EXPORT_NOTIFICATION_KINDS, EXPORTS_PATH, exportNotice, MINOR_NOTIFICATION_KINDS, minorNotice } from '../registry';
import { QUARANTINE_NOTIFICATION_KINDS, quarantineNotice, quarantineNoticeLink } from '../quarantine';
import { HEALTH_NOTIFICATION_KINDS, healthNotice, healthNoticeLink } from '../health-codes';
import { SCREENING_NOTIFICATION_KINDS, screeningNotice, screeningNoticeLink } from '../screening';
import { GATE_NOTIFICATION_KINDS, gateNotice, gateNoticeLink } from '../gates';
import { ROLL_CALL_NOTIFICATION_KINDS, rollCallNotice, rollCallNoticeLink } from '../roll-call';
import { SAMPLING_NOTIFICATION_KINDS, samplingNotice, samplingNoticeLink } from '../sampling';
import { SECURITY_ALERT_NOTIFICATION_KINDS, securityAlertNotice } from '../security-admin';
import { SUPPLY_NOTIFICATION_KINDS, supplyNotice, supplyNoticeLink } from '../supplies';
import { VOLUNTEER_NOTIFICATION_KINDS, volunteerNotice, volunteerNoticeLink } from '../volunteers';
import { TASK_NOTIFICATION_KINDS, taskNotice, taskNoticeLink } from '../tasks';
import { PLAN_NOTIFICATION_KINDS, planNotice, planNoticeLink } from '../plans';
import { BOOK_PATH, PARTNER_NOTIFICATION_KINDS, partnerNotice } from '../partners';
import { COMMAND_NOTIFICATION_KINDS, commandNotice, commandNoticeLink } from '../command';
import { REQUEST_NOTIFICATION_KINDS, requestNotice, requestNoticeLink } from '../requests';
import type { Notification } from './api';

type Data = Record<string, string>;

/** One family of notifications: which ones, the bell's line, and the page opening one leads to (null: none). */
type NotificationFamily = {
  matches: (n: Notification) => boolean;
  text: (n: Notification, d: Data, t: TFunction, language: string) => string;
  to: (n: Notification) => string | null;
};

const ofKinds = (kinds: readonly string[]) => (n: Notification) => kinds.includes(n.kind);
/** The record a notification names (a break-the-glass access, a minor's data request decided). */
const residentPage = (n: Notification) => (n.subject?.type === 'resident' ? `/registry/residents/${n.subject.id}` : null);
const CORRECTION_KINDS = ['correction_request', 'correction_resolved'] as const;

const FAMILIES: readonly NotificationFamily[] = [
  // A warning alert, new or escalated (ADR 0061): named by the alert it points at, whatever the kind. The place is
  // "<community> <grid>" (an officer over many communities sees many a 第一网格), and an alert since acknowledged or
  // resolved says so (the server sends its current status), so an old line does not read as still new.
  {
    matches: (n) => n.alert !== null,
    text: (n, _d, t, language) => {
      const a = n.alert!;
      const grid = a.communityName ? t('warnings.bell.place', { community: a.communityName, grid: a.gridName }) : a.gridName;
      const line = t(n.kind === 'warning_escalated' ? 'warnings.bell.escalated' : 'warnings.bell.newAlert', {
        grid, indicator: language.startsWith('zh') ? a.indicator.nameZh : a.indicator.nameEn,
      });
      // The status word mid-line: lower case in English ("(resolved)"); toLowerCase leaves Chinese as it is.
      return a.status === 'raised' ? line : line + t('warnings.bell.statusNow', { status: t(`warnings.statuses.${a.status}`).toLowerCase() });
    },
    to: (n) => `/warnings/alerts/${n.alert!.id}`,
  },
  // A restricted record opened (break the glass).
  {
    matches: ofKinds(['break_glass']),
    text: (_n, d, t) => t('warnings.bell.breakGlass', {
      role: roleLabel(d.actorRole, t), actor: d.actorName ?? '', resident: d.residentName ?? '', until: d.expiresAt ? dayjs(d.expiresAt).format('MM-DD HH:mm') : '',
    }),
    to: residentPage,
  },
  // 更正申请 (ADR 0028): the queue for the community admin, 我的信息 for the resident.
  {
    matches: ofKinds(CORRECTION_KINDS),
    text: (n, d, t) => correctionNotice(n.kind as (typeof CORRECTION_KINDS)[number], d, t),
    to: (n) => (n.kind === 'correction_request' ? '/registry/corrections' : '/me/record'),
  },
  // 删除申请 (ADR 0037).
  {
    matches: ofKinds(DELETION_NOTIFICATION_KINDS),
    text: (n, d, t) => deletionNotice(n.kind, d, t),
    to: (n) => (n.kind === 'deletion_request' ? '/registry/deletion-requests' : '/me/record'),
  },
  // 未成年人信息查阅审批 (ADR 0035): the queue for the responsible person, the child's record for the requester.
  {
    matches: ofKinds(MINOR_NOTIFICATION_KINDS),
    text: (n, d, t) => minorNotice(n.kind, d, t, (r) => roleLabel(r, t)),
    to: (n) => (n.kind === 'minor_access_request' ? '/registry/minor-access' : residentPage(n)),
  },
  // Many records opened (ADR 0034), searches outside the area (ADR 0040).
  {
    matches: ofKinds(SECURITY_ALERT_NOTIFICATION_KINDS),
    text: (n, d, t) => securityAlertNotice(d, t, (r) => roleLabel(r, t), n.kind),
    to: () => '/admin/security',
  },
  // 导出审批: a request for the approvers, the decision or the lapse for the requester — all on the exports page.
  {
    matches: ofKinds(EXPORT_NOTIFICATION_KINDS),
    text: (n, d, t, language) => exportNotice(n.kind, d, t, language),
    to: () => EXPORTS_PATH,
  },
  // 关爱点名 (ADR 0073): someone needs help, or the deadline passed with people not reached — the roll call's page.
  {
    matches: ofKinds(ROLL_CALL_NOTIFICATION_KINDS),
    text: (n, d, t) => rollCallNotice(n.kind, d, t),
    to: (n) => rollCallNoticeLink(n.subject),
  },
  // 三无小区管控 (ADR 0074): a patrol found problems, or a point is due for a patrol — the board.
  {
    matches: ofKinds(CONTROL_POINT_NOTIFICATION_KINDS),
    text: (n, d, t, language) => controlPointNotice(n.kind, d, t, language),
    to: () => CONTROL_POINTS_PATH,
  },
  // 应急通道 (ADR 0078): a blocked lane reported, or not cleared by its deadline — the lanes page.
  {
    matches: ofKinds(LANE_NOTIFICATION_KINDS),
    text: (n, d, t) => laneNotice(n.kind, d, t),
    to: () => LANES_PATH,
  },
  // 投诉与举报 (ADR 0086): a new complaint, one assigned, a privacy leak for the security admins, one overdue — the queue.
  {
    matches: ofKinds(COMPLAINT_NOTIFICATION_KINDS),
    text: (n, d, t) => complaintNotice(n.kind, d, t),
    to: () => COMPLAINTS_PATH,
  },
  // 物资保障 (ADR 0075): a round opened for the grid worker's grid — the round's page (its household list).
  {
    matches: ofKinds(SUPPLY_NOTIFICATION_KINDS),
    text: (n, d, t) => supplyNotice(n.kind, d, t),
    to: (n) => supplyNoticeLink(n.subject),
  },
  // 核酸采样 (ADR 0079): a positive pool or an invalid tube called its members back — the round's 复核 tab.
  {
    matches: ofKinds(SAMPLING_NOTIFICATION_KINDS),
    text: (n, d, t) => samplingNotice(n.kind, d, t),
    to: (n) => samplingNoticeLink(n.subject?.data ?? {}, n.subject),
  },
  // 居家隔离 (ADR 0080): an order to approve, a fever, a door opened — the order's page; a new need — 隔离需求.
  {
    matches: ofKinds(QUARANTINE_NOTIFICATION_KINDS),
    text: (n, d, t) => quarantineNotice(n.kind, d, t),
    to: (n) => quarantineNoticeLink(n.kind, n.subject?.data ?? {}, n.subject),
  },
  // 健康码 (ADR 0082): a new appeal for the district — 申诉; an appeal decided for whoever filed it — the workbench card.
  {
    matches: ofKinds(HEALTH_NOTIFICATION_KINDS),
    text: (n, d, t) => healthNotice(n.kind, d, t),
    to: (n) => healthNoticeLink(n.kind),
  },
  // 志愿者 (ADR 0085): an application approved, a shift assigned — the workbench until 我的志愿服务 has its page.
  {
    matches: ofKinds(VOLUNTEER_NOTIFICATION_KINDS),
    text: (n, d, t) => volunteerNotice(n.kind, d, t),
    to: () => volunteerNoticeLink(),
  },
  // 工作任务 (ADR 0087): a task given to me, sent back or overdue — 我的任务; an overdue one nobody has — the board.
  {
    matches: ofKinds(TASK_NOTIFICATION_KINDS),
    text: (n, d, t) => taskNotice(n.kind, d, t),
    to: (n) => taskNoticeLink(n.kind, n.subject?.data ?? {}),
  },
  // 应急预案与演练 (ADR 0089): a drill of a plan I hold a role in was scheduled — that drill's page.
  {
    matches: ofKinds(PLAN_NOTIFICATION_KINDS),
    text: (n, d, t) => planNotice(n.kind, d, t),
    to: (n) => planNoticeLink(n.kind, n.subject?.data ?? {}),
  },
  // 排查 (ADR 0083): entries reached a grid — the worker's 我的排查任务; a list fully checked — that list, with its receipt.
  {
    matches: ofKinds(SCREENING_NOTIFICATION_KINDS),
    text: (n, d, t) => screeningNotice(n.kind, d, t),
    to: (n) => screeningNoticeLink(n.kind, n.subject?.data ?? {}, n.subject),
  },
  // 卡口 (ADR 0081): someone stopped or to check at a gate — that gate's passages, to check or stopped.
  {
    matches: ofKinds(GATE_NOTIFICATION_KINDS),
    text: (_n, d, t) => gateNotice(d, t),
    to: (n) => gateNoticeLink(n.subject?.data ?? {}),
  },
  // 服务预约 (ADR 0091): the resident's booking confirmed or cancelled by the organisation — 服务预约.
  {
    matches: ofKinds(PARTNER_NOTIFICATION_KINDS),
    text: (n, d, t) => partnerNotice(n.kind, d, t),
    to: () => BOOK_PATH,
  },
  // 指挥部 (ADR 0090): a decision of a dispatch meeting given to me or my working group — 我的督办事项.
  {
    matches: ofKinds(COMMAND_NOTIFICATION_KINDS),
    text: (n, d, t) => commandNotice(n.kind, d, t),
    to: () => commandNoticeLink(),
  },
  // 上级任务 (ADR 0093): a request reached my community — its 填报 page.
  {
    matches: ofKinds(REQUEST_NOTIFICATION_KINDS),
    text: (_n, d, t) => requestNotice(d, t),
    to: (n) => requestNoticeLink(n.subject?.data ?? {}),
  },
];

const familyOf = (n: Notification) => FAMILIES.find((f) => f.matches(n));

/** The bell's line for a notification; an unknown kind is shown as its code. */
export function notificationText(n: Notification, t: TFunction, language: string): string {
  const f = familyOf(n);
  return f ? f.text(n, n.subject?.data ?? {}, t, language) : n.kind;
}

/** The page opening a notification leads to: its family's, else the record it names; null if none. */
export function notificationLink(n: Notification): string | null {
  return familyOf(n)?.to(n) ?? residentPage(n);
}
