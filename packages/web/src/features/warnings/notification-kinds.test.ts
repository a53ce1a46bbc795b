import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import type { Notification } from './api';
import { notificationLink, notificationText } from './notification-kinds';

let zh: TFunction;
let en: TFunction;
beforeAll(async () => {
  ({ zh, en } = await appTranslations());
});

const note = (kind: string, subject: Notification['subject'] = null, alert: Notification['alert'] = null): Notification => ({
  id: `n-${kind}`, kind, createdAt: '2026-03-01T02:00:00.000Z', read: false, readAt: null, alert, subject,
});
const ALERT: NonNullable<Notification['alert']> = {
  id: 'a1', level: 'red', status: 'raised', date: '2026-03-01', observed: 5, gridName: '第一网格', communityName: null,
  indicator: { code: 'fever', nameZh: '发热自报', nameEn: 'Fever self-reports' },
};

describe('what the bell says and opens, per kind of notification', () => {
  it('opens each kind\'s page', () => {
    expect(notificationLink(note('warning_escalated', null, ALERT))).toBe('/warnings/alerts/a1');
    expect(notificationLink(note('break_glass', { type: 'resident', id: 'r1', data: {} }))).toBe('/registry/residents/r1');
    expect(notificationLink(note('correction_request', { type: 'correction_request', id: 'c1', data: {} }))).toBe('/registry/corrections');
    expect(notificationLink(note('correction_resolved', { type: 'correction_request', id: 'c1', data: {} }))).toBe('/me/record');
    expect(notificationLink(note('deletion_request', { type: 'deletion_request', id: 'd1', data: {} }))).toBe('/registry/deletion-requests');
    expect(notificationLink(note('deletion_decided', { type: 'deletion_request', id: 'd1', data: {} }))).toBe('/me/record');
    expect(notificationLink(note('minor_access_request', { type: 'minor_access_request', id: 'm1', data: {} }))).toBe('/registry/minor-access');
    expect(notificationLink(note('minor_access_decided', { type: 'resident', id: 'r2', data: {} }))).toBe('/registry/residents/r2');
    expect(notificationLink(note('search_alert', { type: 'security_alert', id: 's1', data: {} }))).toBe('/admin/security');
    // Exports: the approver's request and the requester's decision or lapse all open 导出审批.
    expect(notificationLink(note('export_request', { type: 'export', id: 'e1', data: {} }))).toBe('/registry/exports');
    expect(notificationLink(note('export_decided', { type: 'export', id: 'e1', data: {} }))).toBe('/registry/exports');
    expect(notificationLink(note('export_lapsed', { type: 'export', id: 'e1', data: {} }))).toBe('/registry/exports');
    // 关爱点名: its page, whichever escalation.
    expect(notificationLink(note('roll_call_help', { type: 'roll_call', id: 'rc1', data: {} }))).toBe('/roll-calls/rc1');
    expect(notificationLink(note('roll_call_overdue', { type: 'roll_call', id: 'rc1', data: {} }))).toBe('/roll-calls/rc1');
    // 三无小区管控: the board, whichever escalation.
    expect(notificationLink(note('control_point_problem', { type: 'control_point', id: 'cp1', data: {} }))).toBe('/control-points');
    expect(notificationLink(note('control_point_due', { type: 'control_point', id: 'cp1', data: {} }))).toBe('/control-points');
    // 应急通道: the lanes page, whichever notice.
    expect(notificationLink(note('lane_report_new', { type: 'lane_report', id: 'lr1', data: {} }))).toBe('/lanes');
    expect(notificationLink(note('lane_report_overdue', { type: 'lane_report', id: 'lr1', data: {} }))).toBe('/lanes');
    // 物资保障: the round's page.
    expect(notificationLink(note('supply_round_open', { type: 'supply_round', id: 'sr1', data: {} }))).toBe('/supplies/rounds/sr1');
    // 核酸采样: the round's 复核 tab, from the payload's round (the subject may be the tube); else the sampling page.
    expect(notificationLink(note('sampling_recall', { type: 'sampling_tube', id: 'tb1', data: { roundId: 'rd1', tubeId: 'tb1', barcode: 'HS0001', people: '10', reason: 'positive_pool' } })))
      .toBe('/sampling/rounds/rd1?tab=retests');
    expect(notificationLink(note('sampling_recall', { type: 'sampling_round', id: 'rd2', data: {} }))).toBe('/sampling/rounds/rd2?tab=retests');
    expect(notificationLink(note('sampling_recall'))).toBe('/sampling');
    // 居家隔离: the order's page from the payload (or the order as the subject) for an approval, a fever and a door
    // opened; a new need opens 隔离需求.
    expect(notificationLink(note('quarantine_pending', { type: 'quarantine_order', id: 'qo1', data: { orderId: 'qo1' } }))).toBe('/quarantine/orders/qo1');
    expect(notificationLink(note('quarantine_fever', { type: 'quarantine_order', id: 'qo2', data: { orderId: 'qo2', temperature: '37.6' } }))).toBe('/quarantine/orders/qo2');
    expect(notificationLink(note('quarantine_door_open', { type: 'quarantine_order', id: 'qo3', data: {} }))).toBe('/quarantine/orders/qo3');
    expect(notificationLink(note('quarantine_door_open'))).toBe('/quarantine');
    expect(notificationLink(note('quarantine_need', { type: 'quarantine_need', id: 'qn1', data: { orderId: 'qo1', needId: 'qn1', kind: 'groceries' } }))).toBe('/quarantine/needs');
    // 健康码: a new appeal opens 申诉 for the district; a decided one the workbench, where the resident's card shows it.
    expect(notificationLink(note('health_appeal', { type: 'health_appeal', id: 'ha1', data: { appealId: 'ha1', colour: 'yellow' } }))).toBe('/health-codes?tab=appeals');
    expect(notificationLink(note('health_appeal_decided', { type: 'health_appeal', id: 'ha1', data: { appealId: 'ha1', decision: 'upheld' } }))).toBe('/');
    // 排查: entries reaching a grid open the worker's 我的排查任务; a list fully checked opens that list (its receipt).
    expect(notificationLink(note('screening_assigned', { type: 'screening_list', id: 'sl1', data: { listId: 'sl1', title: '第3批密接名单', count: '2' } }))).toBe('/screening/mine');
    expect(notificationLink(note('screening_done', { type: 'screening_list', id: 'sl1', data: { listId: 'sl1', title: '第3批密接名单' } }))).toBe('/screening/lists/sl1');
    expect(notificationLink(note('screening_done', { type: 'screening_list', id: 'sl2', data: {} }))).toBe('/screening/lists/sl2');
    expect(notificationLink(note('screening_done'))).toBe('/screening');
    // 卡口: the gate's passages of the day — to check for a 需核实, stopped for a 不放行.
    expect(notificationLink(note('gate_alert', { type: 'gate_event', id: 'ge1', data: { gateId: 'g1', gateName: '东门', decision: 'review', reasons: 'not_registered' } })))
      .toBe('/gates?tab=events&gate=g1&decision=open');
    expect(notificationLink(note('gate_alert', { type: 'gate_event', id: 'ge2', data: { gateId: 'g1', gateName: '东门', decision: 'deny', reasons: 'quarantine_out' } })))
      .toBe('/gates?tab=events&gate=g1&decision=deny');
    // Unknown kinds: the record they name, else nowhere.
    expect(notificationLink(note('something_new', { type: 'resident', id: 'r3', data: {} }))).toBe('/registry/residents/r3');
    expect(notificationLink(note('something_new'))).toBeNull();
  });

  it('words each kind through its feature, an unknown kind as its code', () => {
    expect(notificationText(note('warning_alert', null, ALERT), zh, 'zh-CN')).toBe('第一网格 发热自报预警');
    expect(notificationText(note('deletion_request', { type: 'deletion_request', id: 'd1', data: { residentName: '张*', scope: 'record', ground: 'moved_away' } }), zh, 'zh-CN'))
      .toBe('张* 申请删除整份居民档案');
    expect(notificationText(note('export_request', { type: 'export', id: 'e1', data: { area: 'A社区', rows: '2', level: 'community', purpose: 'epidemic.screening' } }), zh, 'zh-CN'))
      .toBe('A社区申请导出名单：2 人（疫情排查），待您审批');
    expect(notificationText(note('export_decided', { type: 'export', id: 'e1', data: { decision: 'reject', note: '请缩小范围', rows: '2', area: 'A社区' } }), zh, 'zh-CN'))
      .toBe('您的导出申请（2 人）未通过：请缩小范围');
    expect(notificationText(note('export_lapsed', { type: 'export', id: 'e1', data: { rows: '2', area: 'A社区', expiredAt: '2026-03-08T02:00:00.000Z' } }), zh, 'zh-CN'))
      .toMatch(/^您的导出申请（2 人）在 \d{2}-\d{2} \d{2}:\d{2} 前无人审批，已过期；如仍需要，请重新申请$/);
    // A roll call's escalations name the roll call, the grid and the counts, never a resident.
    expect(notificationText(note('roll_call_help', { type: 'roll_call', id: 'rc1', data: { title: '台风前关爱点名', grid: '第一网格', need: 'medicine' } }), zh, 'zh-CN'))
      .toBe('台风前关爱点名：第一网格有人需要帮助（买药）');
    expect(notificationText(note('roll_call_help', { type: 'roll_call', id: 'rc1', data: { title: 'Typhoon', grid: 'Grid 1', need: 'medical' } }), en, 'en'))
      .toBe('Typhoon: someone in Grid 1 needs help (Medical care)');
    expect(notificationText(note('roll_call_overdue', { type: 'roll_call', id: 'rc1', data: { title: '台风前关爱点名', pending: '3', unreachable: '1' } }), zh, 'zh-CN'))
      .toBe('台风前关爱点名已到截止时间：未点到 3 人，联系不上 1 人');
    // A control point's escalations name the compound and the checks, never a person.
    expect(notificationText(note('control_point_problem', { type: 'control_point', id: 'cp1', data: { compound: '老街散居楼', checks: 'sanitation,lane_clear' } }), zh, 'zh-CN'))
      .toBe('老街散居楼巡查发现问题：消防通道、环境卫生');
    expect(notificationText(note('control_point_problem', { type: 'control_point', id: 'cp1', data: { compound: 'Old Street', problems: 'lane_clear' } }), en, 'en'))
      .toBe('Patrol of Old Street found problems: Fire lane');
    // As the server writes it: the codes.
    expect(notificationText(note('control_point_problem', { type: 'control_point', id: 'cp1', data: { compound: '老街散居楼', problems: 'staffed,lane_clear' } }), zh, 'zh-CN'))
      .toBe('老街散居楼巡查发现问题：卡口值守、消防通道');
    expect(notificationText(note('control_point_due', { type: 'control_point', id: 'cp1', data: { compound: '港务新村' } }), zh, 'zh-CN'))
      .toBe('港务新村已到巡查时间，请尽快巡查');
    // A blocked lane names the reference and the place, never the reporter.
    expect(notificationText(note('lane_report_new', { type: 'lane_report', id: 'lr1', data: { ref: 'TD-20261204-003', place: '1号消防通道' } }), zh, 'zh-CN'))
      .toBe('通道占用举报 TD-20261204-003：1号消防通道，请尽快清理');
    expect(notificationText(note('lane_report_new', { type: 'lane_report', id: 'lr1', data: { ref: 'TD-20261204-003', place: 'Fire lane 1' } }), en, 'en'))
      .toBe('Blocked lane reported (TD-20261204-003): Fire lane 1; please clear it');
    expect(notificationText(note('lane_report_overdue', { type: 'lane_report', id: 'lr1', data: { ref: 'TD-20261204-001', place: '救护车通道', dueAt: '2026-12-04T04:00:00.000Z' } }), zh, 'zh-CN'))
      .toMatch(/^通道占用举报 TD-20261204-001（救护车通道）已超过 12-04 \d{2}:00 的清理时限，仍未处理$/);
    // A round opened names the round, the item and the number of households, never a resident.
    expect(notificationText(note('supply_round_open', { type: 'supply_round', id: 'sr1', data: { title: '12月爱心大米发放', item: '大米', households: '12' } }), zh, 'zh-CN'))
      .toBe('12月爱心大米发放：请给 12 户发放大米');
    expect(notificationText(note('supply_round_open', { type: 'supply_round', id: 'sr1', data: { title: 'Rice', item: 'rice', households: '12' } }), en, 'en'))
      .toBe('Rice: rice for 12 households');
    // A recall names the tube, how many people and why, never a person.
    expect(notificationText(note('sampling_recall', { type: 'sampling_tube', id: 'tb1', data: { roundId: 'rd1', tubeId: 'tb1', barcode: 'HS0001', people: '10', reason: 'positive_pool' } }), zh, 'zh-CN'))
      .toBe('混管阳性：试管 HS0001 的 10 人需单管复核，请尽快通知');
    expect(notificationText(note('sampling_recall', { type: 'sampling_tube', id: 'tb1', data: { roundId: 'rd1', barcode: 'HS0002', people: '5', reason: 'invalid' } }), zh, 'zh-CN'))
      .toBe('样本无效：试管 HS0002 的 5 人需重新采样');
    expect(notificationText(note('sampling_recall', { type: 'sampling_tube', id: 'tb1', data: { roundId: 'rd1', barcode: 'HS0003', people: '1', reason: 'positive_single' } }), zh, 'zh-CN'))
      .toBe('单管阳性：试管 HS0003，请立即处置');
    expect(notificationText(note('sampling_recall', { type: 'sampling_tube', id: 'tb1', data: { roundId: 'rd1', barcode: 'HS0001', people: '10', reason: 'positive_pool' } }), en, 'en'))
      .toBe('Positive pool: tube HS0001, 10 people need a single-tube retest; please tell them');
    // 居家隔离: never a name — an order to approve, the temperature (a fever, or symptoms at a normal one), the door's
    // time in the device's local time, the kind of need.
    const order = (data: Record<string, string>) => ({ type: 'quarantine_order', id: 'qo1', data });
    expect(notificationText(note('quarantine_pending', order({ orderId: 'qo1' })), zh, 'zh-CN')).toBe('有一条居家隔离等待您审批');
    expect(notificationText(note('quarantine_fever', order({ orderId: 'qo1', temperature: '37.6' })), zh, 'zh-CN')).toBe('居家隔离人员体温异常：37.6 °C，请尽快处置');
    expect(notificationText(note('quarantine_fever', order({ orderId: 'qo1', temperature: '36.8' })), zh, 'zh-CN')).toBe('居家隔离人员报告身体不适（体温 36.8 °C），请尽快处置');
    expect(notificationText(note('quarantine_fever', order({ orderId: 'qo1' })), zh, 'zh-CN')).toBe('居家隔离人员健康异常，请尽快处置');
    expect(notificationText(note('quarantine_fever', order({ orderId: 'qo1', temperature: '38' })), en, 'en')).toBe('A person in home quarantine has a fever: 38.0 °C; please act soon');
    const opened = '2026-12-04T07:40:00';
    expect(notificationText(note('quarantine_door_open', order({ orderId: 'qo1', at: new Date(opened).toISOString() })), zh, 'zh-CN')).toBe('居家隔离人员的门磁在 12-04 07:40 开启，请核实');
    expect(notificationText(note('quarantine_door_open', order({ orderId: 'qo1' })), zh, 'zh-CN')).toBe('居家隔离人员的门磁开启，请核实');
    const need = (kind: string) => note('quarantine_need', { type: 'quarantine_need', id: 'qn1', data: { orderId: 'qo1', needId: 'qn1', kind } });
    expect(notificationText(need('groceries'), zh, 'zh-CN')).toBe('居家隔离人员有新的需求：生活物资');
    expect(notificationText(need('counselling'), en, 'en')).toBe('New need from a person in home quarantine: Counselling');
    expect(notificationText(need('unknown'), zh, 'zh-CN')).toBe('居家隔离人员有新的需求');
    // 健康码: never a name — a new appeal; a decision, and which.
    const appeal = (data: Record<string, string>) => ({ type: 'health_appeal', id: 'ha1', data });
    expect(notificationText(note('health_appeal', appeal({ appealId: 'ha1', colour: 'yellow' })), zh, 'zh-CN')).toBe('有新的健康码申诉');
    expect(notificationText(note('health_appeal_decided', appeal({ appealId: 'ha1', decision: 'upheld' })), zh, 'zh-CN')).toBe('您的健康码申诉已处理：核实后已转为绿码');
    expect(notificationText(note('health_appeal_decided', appeal({ appealId: 'ha1', decision: 'rejected' })), zh, 'zh-CN')).toBe('您的健康码申诉已处理：未通过，请查看处理意见');
    expect(notificationText(note('health_appeal_decided', appeal({ appealId: 'ha1' })), zh, 'zh-CN')).toBe('您的健康码申诉已处理');
    expect(notificationText(note('health_appeal', appeal({ appealId: 'ha1' })), en, 'en')).toBe('A new health-code appeal');
    // 排查: the list and how many, never a name.
    const list = (data: Record<string, string>) => ({ type: 'screening_list', id: 'sl1', data });
    expect(notificationText(note('screening_assigned', list({ listId: 'sl1', title: '第3批密接名单', count: '2' })), zh, 'zh-CN')).toBe('第3批密接名单：有 2 人需要您上门核查');
    expect(notificationText(note('screening_assigned', list({ listId: 'sl1', count: '3' })), zh, 'zh-CN')).toBe('有 3 人需要您上门核查（排查名单）');
    expect(notificationText(note('screening_assigned', list({ listId: 'sl1' })), zh, 'zh-CN')).toBe('有新的排查任务，请上门核查');
    expect(notificationText(note('screening_done', list({ listId: 'sl1', title: '第3批密接名单' })), zh, 'zh-CN')).toBe('第3批密接名单：全部核查完毕，可以下载回执');
    expect(notificationText(note('screening_assigned', list({ listId: 'sl1', title: 'Batch 3', count: '2' })), en, 'en')).toBe('Batch 3: 2 people for you to visit');
    // 卡口: the gate, the decision and why, never a name.
    expect(notificationText(note('gate_alert', { type: 'gate_event', id: 'ge2', data: { gateId: 'g1', gateName: '东门', decision: 'deny', reasons: 'quarantine_out' } }), zh, 'zh-CN'))
      .toBe('东门：不放行（居家隔离中外出）');
    expect(notificationText(note('something_new'), zh, 'zh-CN')).toBe('something_new');
  });

  it('names an alert\'s place as community and grid, and says when the alert is no longer new', () => {
    const inA = { ...ALERT, communityName: 'A社区' };
    expect(notificationText(note('warning_alert', null, inA), zh, 'zh-CN')).toBe('A社区 第一网格 发热自报预警');
    expect(notificationText(note('warning_escalated', null, inA), zh, 'zh-CN')).toBe('A社区 第一网格 发热自报预警升级');
    expect(notificationText(note('warning_alert', null, { ...inA, status: 'acknowledged' }), zh, 'zh-CN')).toBe('A社区 第一网格 发热自报预警（已确认）');
    expect(notificationText(note('warning_escalated', null, { ...inA, status: 'resolved' }), zh, 'zh-CN')).toBe('A社区 第一网格 发热自报预警升级（已处置）');
    expect(notificationText(note('warning_alert', null, inA), en, 'en')).toBe('A社区 第一网格: Fever self-reports warning');
    expect(notificationText(note('warning_alert', null, { ...inA, status: 'acknowledged' }), en, 'en')).toBe('A社区 第一网格: Fever self-reports warning (acknowledged)');
    expect(notificationText(note('warning_escalated', null, { ...inA, status: 'resolved' }), en, 'en')).toBe('A社区 第一网格: Fever self-reports warning escalated (resolved)');
    // A grid without a community (no parent org): the grid alone, as before; a resolved one still says so.
    expect(notificationText(note('warning_alert', null, ALERT), en, 'en')).toBe('第一网格: Fever self-reports warning');
    expect(notificationText(note('warning_alert', null, { ...ALERT, status: 'resolved' }), zh, 'zh-CN')).toBe('第一网格 发热自报预警（已处置）');
  });
});
