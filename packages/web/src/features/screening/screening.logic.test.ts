import type { TFunction } from 'i18next';
import { makeCnId } from '@renxing/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import type { EntryView, Evidence, Figures, ListView } from './api';
import { screeningEn, screeningZh } from './i18n';
import { SCREENING_NOTIFICATION_KINDS, screeningNotice, screeningNoticeLink } from './notice.logic';
import {
  checkBody, closeBody, closeReasonProblem, confidenceOf, dueProblem, entryFiltersFromParams, explanationText, figureTiles, importFileProblem, isDueSoon,
  isOverdue, mayCheck, refusedRows, mayConfirm, mayRoute, mineOrder, needsRouting, openCountOf, pointsText, pointsTone, progressPercent, routeTarget, rowFieldKey,
  sortedEvidence, stateOfConfidence, titleProblem, whyText,
} from './screening.logic';

let zh: TFunction;
let en: TFunction;
beforeAll(async () => {
  ({ zh, en } = await appTranslations());
});

const FIGURES: Figures = {
  entries: 10, matched: 5, uncertain: 2, unmatched: 3, filtered: 1, gateSeen: 2, unrouted: 0, open: 6, done: 4,
  byOutcome: { controlled: 1, not_here: 1, left: 0, wrong_info: 1, already_controlled: 1 },
};
const list = (over: Partial<ListView> = {}): ListView => ({
  id: 'l1', kind: 'close_contact', title: '第3批密接名单', source: '市指挥部流调组', dueAt: '2026-12-04T10:00:00.000Z', status: 'open',
  createdAt: '2026-12-04T02:00:00.000Z', createdByName: '区指挥部值班员', fileName: 'a.csv', rowsTotal: 11, rowErrors: 1, figures: FIGURES,
  overdue: false, canManage: true, version: 1, ...over,
});
const ev = (code: string, zhText: string, points: number, enText = code): Evidence => ({ code, zh: zhText, en: enText, points });
const resident = { id: 'r1', nameMasked: '王*', idMasked: '330902********1233', gridName: '第一网格', address: 'A社区1幢101' };
const entry = (over: Partial<EntryView> = {}): EntryView => ({
  id: 'e1', listId: 'l1', row: 1, nameMasked: '王*', idMasked: '330902********1233', phoneMasked: null, addressMasked: 'A社区1幢', address: null, arrivedOn: '2026-12-01',
  origin: '上海', state: 'uncertain', confidence: 75, evidence: [], resident, communityName: 'A社区', gridName: '第一网格', routed: true, gateSeenAt: null,
  urgent: false, status: 'open', outcome: null, measure: null, note: null, checkedAt: null, checkedByName: null, version: 3, ...over,
});
const staff = (level: string, permissions: string[]) => ({ org: { level }, permissions });
const IMPORTER = staff('district', ['screening:read', 'screening:import', 'screening:route']);
const COMMUNITY = staff('community', ['screening:read', 'screening:route', 'screening:check']);
const WORKER = staff('grid', ['screening:read', 'screening:check']);

describe('a list\'s figures as tiles', () => {
  it('in the order of the work, each with its value; 待分派 only while some entry waits for a community', () => {
    const tiles = figureTiles(FIGURES);
    expect(tiles.map((x) => [x.key, x.value])).toEqual([
      ['matched', 5], ['uncertain', 2], ['unmatched', 3], ['gateSeen', 2], ['controlled', 1], ['open', 6], ['done', 4],
    ]);
    expect(figureTiles({ ...FIGURES, unrouted: 3 }).map((x) => x.key)).toEqual(['matched', 'uncertain', 'unmatched', 'gateSeen', 'controlled', 'unrouted', 'open', 'done']);
    expect(figureTiles({ ...FIGURES, unrouted: 3 }).find((x) => x.key === 'unrouted')).toEqual({ key: 'unrouted', value: 3, tone: 'red' });
  });

  it('a tile with something to do stands out; with nothing, it is plain', () => {
    const tone = (f: Figures, k: string) => figureTiles(f).find((x) => x.key === k)!.tone;
    expect(tone(FIGURES, 'gateSeen')).toBe('orange');
    expect(tone({ ...FIGURES, gateSeen: 0 }, 'gateSeen')).toBe('plain');
    expect(tone(FIGURES, 'uncertain')).toBe('gold');
    expect(tone({ ...FIGURES, uncertain: 0 }, 'uncertain')).toBe('plain');
    expect(tone({ ...FIGURES, open: 0 }, 'open')).toBe('plain');
  });

  it('every tile has its word in both languages', () => {
    for (const x of figureTiles({ ...FIGURES, unrouted: 1 })) {
      expect(zh(`screening.tiles.${x.key}`)).toBe(screeningZh.tiles[x.key]);
      expect(en(`screening.tiles.${x.key}`)).toBe(screeningEn.tiles[x.key]);
    }
    expect(zh('screening.tiles.gateSeen')).toBe('卡口已见');
    expect(zh('screening.tiles.controlled')).toBe('已在管控');
  });

  it('the progress: done of the entries, never 100 % before the last one', () => {
    expect(progressPercent({ done: 4, entries: 10 })).toBe(40);
    expect(progressPercent({ done: 199, entries: 200 })).toBe(99);
    expect(progressPercent({ done: 3, entries: 3 })).toBe(100);
    expect(progressPercent({ done: 0, entries: 0 })).toBe(0);
  });
});

describe('overdue', () => {
  const before = new Date('2026-12-04T09:00:00.000Z');
  const after = new Date('2026-12-04T10:30:00.000Z');
  it('the server\'s flag, or the deadline passed while the page is open with work left', () => {
    expect(isOverdue(list(), before)).toBe(false);
    expect(isOverdue(list(), after)).toBe(true);
    expect(isOverdue(list({ overdue: true }), before)).toBe(true);
    // Every entry done, or the list closed: not overdue.
    expect(isOverdue(list({ figures: { ...FIGURES, open: 0, done: 10 } }), after)).toBe(false);
    expect(isOverdue(list({ status: 'closed', overdue: true }), after)).toBe(false);
  });

  it('due soon: within 2 hours, still open with work left', () => {
    expect(isDueSoon(list(), before)).toBe(true);
    expect(isDueSoon(list(), new Date('2026-12-04T07:00:00.000Z'))).toBe(false);
    expect(isDueSoon(list(), after)).toBe(false); // overdue instead
    expect(isDueSoon(list({ figures: { ...FIGURES, open: 0 } }), before)).toBe(false);
  });
});

describe('the evidence as its explanation (为什么这样判断)', () => {
  const items = [
    ev('name_differs', '姓名不一致', -15, 'Name differs'),
    ev('id_full', '身份证号一致', 70, 'ID number equal'),
    ev('moved_out', '已迁出', 0, 'Moved out'),
    ev('name_trad', '繁体转简体后一致', 30, 'Same after traditional → simplified'),
  ];
  it('the points for first (largest first), then the notes, then the points against, with their signs', () => {
    expect(sortedEvidence(items).map((e) => e.code)).toEqual(['id_full', 'name_trad', 'moved_out', 'name_differs']);
    expect(explanationText(items, 'zh-CN')).toBe('身份证号一致 +70；繁体转简体后一致 +30；已迁出；姓名不一致 −15');
    expect(explanationText(items, 'en')).toBe('ID number equal +70; Same after traditional → simplified +30; Moved out; Name differs −15');
    expect(explanationText([], 'zh-CN')).toBe('');
  });

  it('points read with a real minus and colour by direction', () => {
    expect([pointsText(45), pointsText(-50), pointsText(0)]).toEqual(['+45', '−50', '0']);
    expect([pointsTone(45), pointsTone(-10), pointsTone(0)]).toEqual(['green', 'red', 'default']);
  });

  it('the confidence is the sum clamped to 0–100, banded as the ADR: ≥ 90 matched, 50–89 uncertain, below unmatched', () => {
    expect(confidenceOf([ev('id_full', '', 70), ev('name', '', 30), ev('addr', '', 20)])).toBe(100);
    expect(confidenceOf([ev('id_full', '', -50), ev('name', '', 30)])).toBe(0);
    expect(confidenceOf([ev('id_mask', '', 45), ev('name', '', 30)])).toBe(75);
    expect([stateOfConfidence(90), stateOfConfidence(89), stateOfConfidence(50), stateOfConfidence(49)]).toEqual(['matched', 'uncertain', 'uncertain', 'unmatched']);
  });
});

describe('the check form', () => {
  const e = entry();
  it('an outcome is required; the measure only with 已落实管控; a note where to with 已离开本辖区', () => {
    expect(checkBody({}, e)).toEqual({ ok: false, problems: [{ field: 'outcome', problem: 'empty' }] });
    expect(checkBody({ outcome: 'already_controlled' }, e)).toEqual({ ok: false, problems: [{ field: 'outcome', problem: 'empty' }] });
    expect(checkBody({ outcome: 'controlled' }, e)).toEqual({ ok: false, problems: [{ field: 'measure', problem: 'empty' }] });
    expect(checkBody({ outcome: 'controlled', measure: 'home_quarantine' }, e)).toEqual({ ok: true, body: { outcome: 'controlled', measure: 'home_quarantine', version: 3 } });
    // A measure left from an earlier choice is not sent with another outcome.
    expect(checkBody({ outcome: 'not_here', measure: 'centralised' }, e)).toEqual({ ok: true, body: { outcome: 'not_here', version: 3 } });
    expect(checkBody({ outcome: 'left', note: '  ' }, e)).toEqual({ ok: false, problems: [{ field: 'note', problem: 'empty' }] });
    expect(checkBody({ outcome: 'left', note: ' 12月3日已返回杭州 ' }, e)).toEqual({ ok: true, body: { outcome: 'left', note: '12月3日已返回杭州', version: 3 } });
  });

  it('a note of at most 200 characters, without ID or mobile numbers', () => {
    expect(checkBody({ outcome: 'wrong_info', note: 'x'.repeat(201) }, e)).toEqual({ ok: false, problems: [{ field: 'note', problem: 'too_long' }] });
    expect(checkBody({ outcome: 'wrong_info', note: `证件号 ${makeCnId('330902', '1986-06-16', 612)}` }, e)).toEqual({ ok: false, problems: [{ field: 'note', problem: 'id_number' }] });
    expect(checkBody({ outcome: 'wrong_info', note: '家属电话 13912345678' }, e)).toEqual({ ok: false, problems: [{ field: 'note', problem: 'phone' }] });
    expect(checkBody({ outcome: 'controlled', note: '电话 13912345678' }, e)).toEqual({
      ok: false, problems: [{ field: 'measure', problem: 'empty' }, { field: 'note', problem: 'phone' }],
    });
  });

  it('确认是此人: the candidate of an uncertain or unmatched entry, never of a matched one, and only when ticked', () => {
    expect(mayConfirm(e)).toBe(true);
    expect(mayConfirm(entry({ state: 'matched' }))).toBe(false);
    expect(mayConfirm(entry({ state: 'unmatched', resident: null }))).toBe(false);
    expect(checkBody({ outcome: 'controlled', measure: 'health_monitoring', confirm: true }, e)).toEqual({
      ok: true, body: { outcome: 'controlled', measure: 'health_monitoring', residentId: 'r1', version: 3 },
    });
    expect(checkBody({ outcome: 'not_here', confirm: false }, e)).toEqual({ ok: true, body: { outcome: 'not_here', version: 3 } });
    expect(checkBody({ outcome: 'not_here', confirm: true }, entry({ state: 'matched' }))).toEqual({ ok: true, body: { outcome: 'not_here', version: 3 } });
  });
});

describe('who routes and checks, and why an entry reached a worker', () => {
  it('the importer routes to a community, a community admin to a grid, a grid worker not at all', () => {
    expect(routeTarget(IMPORTER)).toBe('community');
    expect(routeTarget(staff('street', ['screening:route']))).toBe('community');
    expect(routeTarget(COMMUNITY)).toBe('grid');
    expect(routeTarget(WORKER)).toBeNull();
  });

  it('分派 on open entries of an open list where nothing is chosen yet at the user\'s level', () => {
    const unrouted = entry({ routed: false, communityName: null, gridName: null });
    const inCommunity = entry({ gridName: null });
    expect(mayRoute(IMPORTER, unrouted, true)).toBe(true);
    expect(mayRoute(IMPORTER, unrouted, false)).toBe(false);
    expect(mayRoute(IMPORTER, entry({ status: 'done', routed: false, communityName: null, gridName: null }), true)).toBe(false);
    expect(mayRoute(IMPORTER, inCommunity, true)).toBe(false);
    expect(mayRoute(COMMUNITY, inCommunity, true)).toBe(true);
    expect(mayRoute(COMMUNITY, entry(), true)).toBe(false);
    expect(mayRoute(WORKER, unrouted, true)).toBe(false);
    expect(needsRouting(IMPORTER, unrouted)).toBe(true);
    expect(needsRouting(IMPORTER, inCommunity)).toBe(false);
    expect(needsRouting(COMMUNITY, inCommunity)).toBe(true);
    expect(needsRouting(COMMUNITY, entry())).toBe(false);
  });

  it('核查 for workers and community admins, on open entries of open lists', () => {
    expect(mayCheck(WORKER, entry())).toBe(true);
    expect(mayCheck(COMMUNITY, entry())).toBe(true);
    expect(mayCheck(IMPORTER, entry())).toBe(false);
    expect(mayCheck(WORKER, entry({ status: 'done' }))).toBe(false);
    expect(mayCheck(WORKER, entry(), false)).toBe(false);
  });

  it('why it came: the resident matched, the candidate to confirm, the address in the community, or nothing', () => {
    expect(whyText(entry({ state: 'matched' }))).toEqual({ key: 'matched', name: '王*' });
    expect(whyText(entry())).toEqual({ key: 'uncertain', name: '王*' });
    expect(whyText(entry({ state: 'unmatched', resident: null }))).toEqual({ key: 'unmatchedAddress', name: 'A社区' });
    expect(whyText(entry({ state: 'unmatched', resident: null, communityName: null }))).toEqual({ key: 'unmatched' });
    expect(zh('screening.why.uncertain', { name: '王*' })).toBe('可能是本辖区居民 王*，请上门确认是不是此人');
  });

  it('the door-to-door order: seen at a gate first, then to confirm, otherwise as sent', () => {
    const items = [entry({ id: 'a', state: 'matched' }), entry({ id: 'b' }), entry({ id: 'c', state: 'matched', urgent: true }), entry({ id: 'd', state: 'unmatched' })];
    expect(mineOrder(items).map((e) => e.id)).toEqual(['c', 'b', 'a', 'd']);
  });
});

describe('closing a list', () => {
  it('none open: a plain close; some open: only forced, with a reason of 4–200 characters', () => {
    expect(closeBody(0, {}, 2)).toEqual({ ok: true, body: { version: 2 } });
    expect(closeBody(3, { reason: '上级已收回' }, 2)).toEqual({ ok: false, problem: 'not_forced' });
    expect(closeBody(3, { force: true }, 2)).toEqual({ ok: false, problem: 'empty' });
    expect(closeBody(3, { force: true, reason: '收回' }, 2)).toEqual({ ok: false, problem: 'too_short' });
    expect(closeBody(3, { force: true, reason: ' 上级已收回名单 ' }, 2)).toEqual({ ok: true, body: { force: true, reason: '上级已收回名单', version: 2 } });
    expect(closeReasonProblem('联系 13912345678')).toBe('phone');
  });

  it('reads the open count of a 409 open_entries from a detail or the message, else keeps what the page knew', () => {
    expect(openCountOf([{ path: 'force', code: 'open_entries', message: '3 条未核查' }], '还有 3 条未核查，确需结束请勾选“强制结束”并写明原因', 1)).toBe(3);
    expect(openCountOf([{ path: 'open', message: '4' }], '', 1)).toBe(4);
    expect(openCountOf([], '还有 5 人未核查', 1)).toBe(5);
    expect(openCountOf(undefined, '名单还有未核查的人', 2)).toBe(2);
  });
});

describe('the import dialog', () => {
  it('the file: CSV or XLSX, not empty, at most 5 MB', () => {
    expect(importFileProblem({ name: 'a.CSV', size: 10 })).toBeNull();
    expect(importFileProblem({ name: 'a.xlsx', size: 10 })).toBeNull();
    expect(importFileProblem({ name: 'a.xls', size: 10 })).toBe('type');
    expect(importFileProblem({ name: 'a.csv', size: 0 })).toBe('empty');
    expect(importFileProblem({ name: 'a.csv', size: 6 * 1024 * 1024 })).toBe('size');
  });

  it('a title and a source of 2–60 characters; a deadline in the future', () => {
    expect(titleProblem('')).toBe('empty');
    expect(titleProblem('密')).toBe('too_short');
    expect(titleProblem('密接')).toBeNull();
    expect(titleProblem('密'.repeat(61))).toBe('too_long');
    const now = new Date('2026-12-04T02:00:00.000Z');
    expect(dueProblem(null, now)).toBe('empty');
    expect(dueProblem('2026-12-04T01:59:00.000Z', now)).toBe('past');
    expect(dueProblem('2026-12-04T06:00:00.000Z', now)).toBeNull();
  });

  it('names a refused row\'s column in our words, by its header or field name', () => {
    expect(rowFieldKey('身份证号')).toBe('idNumber');
    expect(rowFieldKey('idNumber')).toBe('idNumber');
    expect(rowFieldKey('返回日期')).toBe('arrivedOn');
    expect(rowFieldKey('现住址')).toBe('address');
    expect(rowFieldKey('其他')).toBeNull();
  });

  it('reads the refused rows of a 400 no_valid_rows from its details', () => {
    expect(refusedRows([
      { path: 'rows.3.身份证号', message: '身份证号不正确', messageEn: 'the ID number is not valid' },
      { path: 'rows.12.抵达日期', message: '日期格式应为 2022-03-14', messageEn: 'the date should read like 2022-03-14' },
    ])).toEqual([
      { row: 3, field: '身份证号', message: '身份证号不正确', messageEn: 'the ID number is not valid' },
      { row: 12, field: '抵达日期', message: '日期格式应为 2022-03-14', messageEn: 'the date should read like 2022-03-14' },
    ]);
  });

  it('reads the entries\' filters from the address, leaving out anything malformed', () => {
    expect(entryFiltersFromParams(new URLSearchParams(''))).toEqual({ page: 1 });
    expect(entryFiltersFromParams(new URLSearchParams('state=uncertain&status=unrouted&urgent=1&page=3'))).toEqual({ state: 'uncertain', status: 'unrouted', urgent: true, page: 3 });
    expect(entryFiltersFromParams(new URLSearchParams('state=maybe&status=x&urgent=yes&page=-1'))).toEqual({ page: 1 });
  });
});

describe('the bell', () => {
  it('names the list and the count, never a person; opens 我的排查任务 or the list', () => {
    expect(SCREENING_NOTIFICATION_KINDS).toEqual(['screening_assigned', 'screening_done']);
    expect(screeningNotice('screening_assigned', { title: '第3批密接名单', count: '2' }, zh)).toBe('第3批密接名单：有 2 人需要您上门核查');
    expect(screeningNotice('screening_assigned', {}, en)).toBe('New screening visits for you');
    // As the server sends it: the list's id and the count.
    expect(screeningNotice('screening_assigned', { listId: 'l1', count: '3' }, zh)).toBe('有 3 人需要您上门核查（排查名单）');
    expect(screeningNotice('screening_done', { title: '第3批密接名单' }, zh)).toBe('第3批密接名单：全部核查完毕，可以下载回执');
    expect(screeningNoticeLink('screening_assigned', { listId: 'l1' })).toBe('/screening/mine');
    expect(screeningNoticeLink('screening_done', { listId: 'l 1' })).toBe('/screening/lists/l%201');
    expect(screeningNoticeLink('screening_done', {}, { type: 'screening_list', id: 'l2' })).toBe('/screening/lists/l2');
    expect(screeningNoticeLink('screening_done', {})).toBe('/screening');
  });
});
