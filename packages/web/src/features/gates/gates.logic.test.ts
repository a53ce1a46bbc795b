import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import type { Passage } from './api';
import {
  busiestHour, byWeight, cleanScan, deviceIdValid, eventsQuery, gateBody, hourlyOption, keepRecent, keptPass, needsReview, pageTab, pageTabs, policyText, reasonTexts,
  shanghaiDay, stationGate, typedByHand, visitPassKey, visitUrl, weekOption, whoText,
} from './gates.logic';
import { gateNotice, gateNoticeLink } from './notice.logic';

let zh: TFunction;
let en: TFunction;
beforeAll(async () => {
  ({ zh, en } = await appTranslations());
});

const passage = (over: Partial<Passage> = {}): Passage => ({
  id: 'e1', gateId: 'g1', gateName: '东门', at: '2026-12-04T01:00:00.000Z', direction: 'in', method: 'idcard', subject: 'unknown',
  person: null, visit: null, vehicle: null, claimedColour: null, decision: 'review',
  reasons: [{ code: 'not_registered', effect: 'review', zh: '未登记人员，请核实身份并登记', en: 'Not registered: check who they are and register them' }],
  review: null, byDevice: false, ...over,
});

describe('卡口: a policy, who passed and why, in words', () => {
  it('says a gate’s policy in one line, in both languages', () => {
    expect(policyText({ samplingHours: 72, samplingAction: 'review', unknown: 'deny' }, zh)).toBe('核酸 72 小时内阴性，否则需核实；未登记人员不放行');
    expect(policyText({ samplingHours: 0, samplingAction: 'deny', unknown: 'review' }, zh)).toBe('不查核酸；未登记人员需核实');
    expect(policyText({ samplingHours: 48, samplingAction: 'deny', unknown: 'review' }, en)).toBe('a negative test within 48 h, else stop; people not registered: check');
  });

  it('words who passed, masked as the server sent it', () => {
    expect(whoText(passage({ subject: 'resident', person: { nameMasked: '张*', idMasked: '330902********1234', address: '3幢', communityName: 'A社区' } }), zh)).toBe('张* · 330902********1234');
    expect(whoText(passage({ subject: 'visitor', visit: { nameMasked: '周**', host: '3幢1单元201室', reason: 'delivery', date: '2026-12-04' } }), zh)).toBe('访客 周** · 拜访 3幢1单元201室 · 送货');
    expect(whoText(passage({ subject: 'vehicle', vehicle: { plateMasked: '浙L·***72', kind: 'supply' } }), zh)).toBe('车辆 浙L·***72 · 保供车辆');
    expect(whoText(passage({ subject: 'vehicle' }), zh)).toBe('未登记车辆');
    expect(whoText(passage(), zh)).toBe('未登记人员');
    expect(whoText(passage(), en)).toBe('Not registered');
  });

  it('gives the reasons in the UI language, the other when one is missing', () => {
    const p = passage({ reasons: [{ code: 'quarantine_out', effect: 'deny', zh: '居家隔离中，不得外出', en: '' }, { code: 'sampling_ok', effect: 'allow', zh: '72 小时内核酸阴性', en: 'Negative test result within 72 hours' }] });
    expect(reasonTexts(p.reasons, 'zh-CN')).toEqual(['居家隔离中，不得外出', '72 小时内核酸阴性']);
    expect(reasonTexts(p.reasons, 'en')).toEqual(['居家隔离中，不得外出', 'Negative test result within 72 hours']);
    // What stops first, then what asks for a check, then what lets through.
    const mixed = [
      { code: 'resident', effect: 'allow' as const, zh: '本小区居民', en: '' }, { code: 'code_yellow', effect: 'review' as const, zh: '健康码黄码，请核实', en: '' },
      { code: 'quarantine_out', effect: 'deny' as const, zh: '居家隔离中，不得外出', en: '' }, { code: 'sampling_ok', effect: 'allow' as const, zh: '72 小时内核酸阴性', en: '' },
    ];
    expect(byWeight(mixed).map((r) => r.code)).toEqual(['quarantine_out', 'code_yellow', 'resident', 'sampling_ok']);
    expect(reasonTexts(mixed, 'zh-CN')[0]).toBe('居家隔离中，不得外出');
  });

  it('a passage to check is open until it is let in or turned away', () => {
    expect(needsReview(passage())).toBe(true);
    expect(needsReview(passage({ review: { outcome: 'let_in', by: '志愿者', at: '2026-12-04T01:02:00.000Z', note: null } }))).toBe(false);
    expect(needsReview(passage({ decision: 'deny' }))).toBe(false);
  });
});

describe('卡口管理: tabs and the filters of 通行记录 in the address', () => {
  it('shows gate duty every tab, the street and district the gates and the flow only', () => {
    expect(pageTabs(true)).toEqual(['gates', 'flow', 'events', 'visits', 'vehicles']);
    expect(pageTabs(false)).toEqual(['gates', 'flow']);
    expect(pageTab(new URLSearchParams('tab=events'), true)).toBe('events');
    expect(pageTab(new URLSearchParams('tab=events'), false)).toBe('gates');
    expect(pageTab(new URLSearchParams('tab=nonsense'), true)).toBe('gates');
  });

  it('reads gate, decision, 待核实, day and page; anything else falls back', () => {
    expect(eventsQuery(new URLSearchParams('tab=events&gate=g2&decision=open&date=2026-12-01&page=3')))
      .toEqual({ filter: 'open', gateId: 'g2', decision: undefined, open: true, date: '2026-12-01', page: 3 });
    expect(eventsQuery(new URLSearchParams('decision=deny'))).toEqual({ filter: 'deny', gateId: undefined, decision: 'deny', open: false, date: undefined, page: 1 });
    expect(eventsQuery(new URLSearchParams('decision=maybe&date=yesterday&page=-2'))).toEqual({ filter: 'all', gateId: undefined, decision: undefined, open: false, date: undefined, page: 1 });
  });
});

describe('新建卡口 / 编辑: what is sent', () => {
  it('trims, leaves an empty location out, clears an empty terminal id and date, sends the policy whole', () => {
    expect(gateBody({ name: ' 北门 ', kind: 'mixed', gridId: 'grid-2', location: '  ', deviceId: '', signageOn: null, samplingHours: 0, unknown: 'deny' })).toEqual({
      name: '北门', kind: 'mixed', gridId: 'grid-2', deviceId: null, signageOn: null, policy: { samplingHours: 0, samplingAction: 'review', unknown: 'deny' },
    });
    expect(gateBody({ name: '北门', kind: 'pedestrian', gridId: 'g', location: '北门岗亭', deviceId: ' GATE-A-NORTH ', signageOn: '2026-12-01', samplingHours: 48, samplingAction: 'deny', unknown: 'review' }))
      .toMatchObject({ location: '北门岗亭', deviceId: 'GATE-A-NORTH', signageOn: '2026-12-01', policy: { samplingHours: 48, samplingAction: 'deny', unknown: 'review' } });
  });

  it('takes a terminal id of 4–40 letters, digits, - or _, or none', () => {
    expect(deviceIdValid(undefined)).toBe(true);
    expect(deviceIdValid('  ')).toBe(true);
    expect(deviceIdValid('GATE-A_01')).toBe(true);
    expect(deviceIdValid('AB1')).toBe(false);
    expect(deviceIdValid('东门闸机')).toBe(false);
    expect(deviceIdValid('A'.repeat(41))).toBe(false);
  });
});

describe('卡口值守: the gate, the scan, the session’s checks', () => {
  it('works at the gate chosen on this device while it is in use, else the only one', () => {
    const a = { id: 'a' };
    const b = { id: 'b' };
    expect(stationGate([a, b], 'b')).toBe(b);
    expect(stationGate([a, b], 'gone')).toBeUndefined();
    expect(stationGate([a], 'gone')).toBe(a);
    expect(stationGate([], null)).toBeUndefined();
  });

  it('drops the line end a scanner sends and the spaces around', () => {
    expect(cleanScan(' RXV-ABCDEFGHJK\r\n')).toBe('RXV-ABCDEFGHJK');
    expect(cleanScan('\t浙L 3F872 ')).toBe('浙L 3F872');
  });

  it('tells a reader (milliseconds a character) from a person typing', () => {
    expect(typedByHand(18, 18 * 8)).toBe(false); // a USB reader
    expect(typedByHand(14, 0)).toBe(false); // pasted, or filled at once
    expect(typedByHand(18, 17 * 180)).toBe(true); // a person
    expect(typedByHand(1, 0)).toBe(true);
  });

  it('keeps the last ten checks, newest first, a resolved one in its place', () => {
    let list: Passage[] = [];
    for (let i = 1; i <= 12; i++) list = keepRecent(list, passage({ id: `e${i}` }));
    expect(list.map((p) => p.id)).toEqual(['e12', 'e11', 'e10', 'e9', 'e8', 'e7', 'e6', 'e5', 'e4', 'e3']);
    const resolved = passage({ id: 'e3', review: { outcome: 'turned_away', by: 'x', at: '', note: null } });
    expect(keepRecent(list, resolved)[0]).toBe(resolved);
    expect(keepRecent(list, resolved)).toHaveLength(10);
  });
});

describe('客流: the busiest hour and the charts', () => {
  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, in: hour === 8 ? 9 : hour === 18 ? 5 : 0, out: hour === 8 ? 3 : hour === 18 ? 7 : 0 }));
  it('finds the busiest hour (the first of equals), none on a quiet day', () => {
    expect(busiestHour(hours)).toEqual({ hour: 8, n: 12 });
    expect(busiestHour(hours.map((h) => ({ ...h, in: 0, out: 0 })))).toBeNull();
  });
  it('draws in and out per hour and per day as bars', () => {
    const o = hourlyOption(hours, { in: '进', out: '出' }) as { xAxis: { data: string[] }; series: Array<{ name: string; data: number[] }> };
    expect(o.xAxis.data).toHaveLength(24);
    expect(o.series.map((s) => s.name)).toEqual(['进', '出']);
    expect(o.series[0]!.data[8]).toBe(9);
    expect(o.series[1]!.data[18]).toBe(7);
    const w = weekOption([{ date: '2026-11-28', in: 1, out: 2, deny: 0, review: 0 }, { date: '2026-12-04', in: 3, out: 4, deny: 1, review: 1 }], { in: 'In', out: 'Out' }) as typeof o;
    expect(w.xAxis.data).toEqual(['11-28', '12-04']);
    expect(w.series[1]!.data).toEqual([2, 4]);
  });
  it('counts the day in Shanghai', () => {
    expect(shanghaiDay(new Date('2026-12-03T16:30:00Z'))).toBe('2026-12-04');
    expect(shanghaiDay(new Date('2026-12-04T15:59:00Z'))).toBe('2026-12-04');
  });
});

describe('访客登记: the poster’s address and the code kept for the day', () => {
  const pass = { code: 'RXV-ABCDEFGHJK', date: '2026-12-04', gateName: '东门', communityName: 'A社区', nameMasked: '周**' };
  it('opens the visitor page of the gate', () => {
    expect(visitUrl('https://rx.example', 'a b')).toBe('https://rx.example/visit/a%20b');
    expect(visitPassKey('g1')).toBe('rx.gates.visit.g1');
  });
  it('shows a kept code on its day only; anything broken is not shown', () => {
    expect(keptPass(JSON.stringify(pass), '2026-12-04')).toEqual(pass);
    expect(keptPass(JSON.stringify(pass), '2026-12-05')).toBeNull();
    expect(keptPass(JSON.stringify({ ...pass, code: '<script>' }), '2026-12-04')).toBeNull();
    expect(keptPass('{not json', '2026-12-04')).toBeNull();
    expect(keptPass(null, '2026-12-04')).toBeNull();
  });
});

describe('the bell: gate_alert', () => {
  it('names the gate, the decision and the reasons (no person), and opens that gate’s passages', () => {
    const d = { gateId: 'g1', gateName: '东门', decision: 'deny', reasons: 'quarantine_out,code_red' };
    expect(gateNotice(d, zh)).toBe('东门：不放行（居家隔离中外出、红码）');
    expect(gateNotice({ ...d, decision: 'review', reasons: 'not_registered' }, en)).toBe('东门: Check (not registered)');
    expect(gateNotice({ ...d, reasons: '' }, zh)).toBe('东门：不放行');
    expect(gateNotice({ ...d, reasons: 'something_new' }, zh)).toBe('东门：不放行（something_new）');
    expect(gateNotice({}, zh)).toBe('卡口有需要处理的通行记录');
    expect(gateNoticeLink(d)).toBe('/gates?tab=events&gate=g1&decision=deny');
    expect(gateNoticeLink({ ...d, decision: 'review' })).toBe('/gates?tab=events&gate=g1&decision=open');
    expect(gateNoticeLink({})).toBe('/gates?tab=events&decision=open');
  });
});
