import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import { IMPORT_ERROR_CODES, REASON_CODES, type Reason } from './api';
import {
  appealProblem, appealShown, appealStatusFromParams, assignBody, importColumnKey, importFileProblem, mayAppeal, mayList, noteProblem, pageTabFromParams,
  peopleFiltersFromParams, reasonFits, reasonsFor, rejectProblem, sortedErrors, tabsFor,
} from './health.logic';
import { healthCodesEn, healthCodesZh } from './i18n';
import { HEALTH_NOTIFICATION_KINDS, healthNotice, healthNoticeLink } from './notice.logic';

// The server's closed list (GET /api/health-codes/reasons), as it sends it.
const REASONS: Reason[] = [
  { code: 'close_contact', zh: '密切接触者', en: 'Close contact', colours: ['red', 'yellow'] },
  { code: 'secondary_contact', zh: '密接的密接', en: 'Contact of a close contact', colours: ['yellow', 'red'] },
  { code: 'risk_area', zh: '中高风险地区旅居', en: 'Stay in a medium- or high-risk area', colours: ['yellow', 'red'] },
  { code: 'positive', zh: '核酸或抗原阳性', en: 'Positive test', colours: ['red'] },
  { code: 'fever', zh: '发热未排除', en: 'Fever not yet ruled out', colours: ['yellow'] },
  { code: 'quarantine', zh: '居家隔离或健康监测中', en: 'In home quarantine or health monitoring', colours: ['yellow', 'red'] },
  { code: 'sampling_overdue', zh: '未按要求完成核酸', en: 'Required test not taken', colours: ['yellow'] },
  { code: 'inbound', zh: '入境人员', en: 'Inbound traveller', colours: ['yellow', 'red'] },
  { code: 'cleared', zh: '解除管控', en: 'Control lifted', colours: ['green'] },
  { code: 'appeal_upheld', zh: '申诉核实后转绿', en: 'Appeal upheld', colours: ['green'] },
  { code: 'upstream', zh: '上级推送（未注明原因）', en: 'Sent from above (no reason given)', colours: ['green', 'yellow', 'red'] },
];

const params = (q: string) => new URLSearchParams(q);
const staff = (level: string, permissions: string[]) => ({ org: { level }, permissions });

describe('who sees what on 健康码', () => {
  it('community and grid staff, and the district that decides, see the lists; the street office the figures only', () => {
    expect(mayList(staff('community', ['health:read']))).toBe(true);
    expect(mayList(staff('grid', ['health:read']))).toBe(true);
    expect(mayList(staff('district', ['health:read', 'health:import', 'health:assign']))).toBe(true);
    expect(mayList(staff('street', ['health:read']))).toBe(false);
    expect(mayList(staff('community', []))).toBe(false);
  });

  it('offers the tabs each may use, and reads the tab from the address (else the first; none for the street)', () => {
    expect(tabsFor(staff('community', ['health:read']))).toEqual(['people', 'appeals']);
    expect(tabsFor(staff('district', ['health:read', 'health:import', 'health:assign']))).toEqual(['people', 'appeals', 'imports']);
    expect(tabsFor(staff('street', ['health:read']))).toEqual([]);
    const district = tabsFor(staff('district', ['health:read', 'health:import', 'health:assign']));
    expect(pageTabFromParams(params('tab=imports'), district)).toBe('imports');
    expect(pageTabFromParams(params('tab=appeals'), district)).toBe('appeals');
    expect(pageTabFromParams(params(''), district)).toBe('people');
    // The community has no import tab: an old link lands on 人员.
    expect(pageTabFromParams(params('tab=imports'), ['people', 'appeals'])).toBe('people');
    expect(pageTabFromParams(params('tab=people'), [])).toBeNull();
  });
});

describe('filters in the address', () => {
  it('reads colour, mismatch, a trimmed name and the page; leaves out what is malformed', () => {
    expect(peopleFiltersFromParams(params('colour=yellow&mismatch=1&q=%20王%20&page=3'))).toEqual({ colour: 'yellow', mismatch: true, q: '王', page: 3 });
    expect(peopleFiltersFromParams(params('colour=purple&mismatch=yes&page=-2&q='))).toEqual({ page: 1 });
    expect(peopleFiltersFromParams(params(`q=${'张'.repeat(30)}`)).q).toHaveLength(20);
  });

  it('shows the open appeals by default, every appeal with status=all', () => {
    expect(appealStatusFromParams(params(''))).toBe('open');
    expect(appealStatusFromParams(params('status=upheld'))).toBe('upheld');
    expect(appealStatusFromParams(params('status=rejected'))).toBe('rejected');
    expect(appealStatusFromParams(params('status=all'))).toBeUndefined();
    expect(appealStatusFromParams(params('status=lost'))).toBe('open');
  });
});

describe('赋码 / 转码: only the epidemic-control reasons that fit the colour (AUD-05)', () => {
  it('offers, for each colour, the reasons of the closed list that fit it', () => {
    expect(reasonsFor('green', REASONS).map((r) => r.code)).toEqual(['cleared', 'appeal_upheld', 'upstream']);
    expect(reasonsFor('red', REASONS).map((r) => r.code)).toEqual(['close_contact', 'secondary_contact', 'risk_area', 'positive', 'quarantine', 'inbound', 'upstream']);
    expect(reasonsFor('yellow', REASONS).map((r) => r.code)).not.toContain('positive');
    expect(reasonsFor('yellow', REASONS).map((r) => r.code)).not.toContain('cleared');
    expect(reasonsFor(undefined, REASONS)).toEqual([]);
    expect(reasonFits('fever', 'yellow', REASONS)).toBe(true);
    expect(reasonFits('fever', 'red', REASONS)).toBe(false);
    expect(reasonFits('', 'red', REASONS)).toBe(false);
  });

  it('builds the body, or names what stops it: a colour, a reason that fits it, a note without ID or mobile numbers', () => {
    expect(assignBody({ colour: 'red', reasonCode: 'close_contact', note: '  区流调通知  ' }, REASONS)).toEqual({ ok: true, body: { colour: 'red', reasonCode: 'close_contact', note: '区流调通知' } });
    expect(assignBody({ colour: 'green', reasonCode: 'cleared', note: '  ' }, REASONS)).toEqual({ ok: true, body: { colour: 'green', reasonCode: 'cleared' } });
    expect(assignBody({ reasonCode: 'cleared' }, REASONS)).toEqual({ ok: false, problem: { field: 'colour' } });
    expect(assignBody({ colour: 'red' }, REASONS)).toEqual({ ok: false, problem: { field: 'reasonCode', problem: 'empty' } });
    // A reason of another colour, and anything outside the list (上访, 讨薪 …): never sent.
    expect(assignBody({ colour: 'green', reasonCode: 'positive' }, REASONS)).toEqual({ ok: false, problem: { field: 'reasonCode', problem: 'reason_colour' } });
    expect(assignBody({ colour: 'red', reasonCode: 'petition' }, REASONS)).toEqual({ ok: false, problem: { field: 'reasonCode', problem: 'reason_colour' } });
    expect(assignBody({ colour: 'red', reasonCode: 'positive', note: '联系 13912345678' }, REASONS)).toEqual({ ok: false, problem: { field: 'note', problem: 'phone' } });
    expect(assignBody({ colour: 'red', reasonCode: 'positive', note: 'x'.repeat(201) }, REASONS)).toEqual({ ok: false, problem: { field: 'note', problem: 'too_long' } });
    expect(noteProblem(undefined)).toBeNull();
  });
});

describe('the texts that go out', () => {
  it('an appeal: 5–200 characters, no ID or mobile numbers', () => {
    expect(appealProblem('')).toBe('empty');
    expect(appealProblem('   ')).toBe('empty');
    expect(appealProblem('隔离满了')).toBe('too_short');
    expect(appealProblem('隔离已期满')).toBeNull();
    expect(appealProblem('x'.repeat(201))).toBe('too_long');
    expect(appealProblem('我的身份证号是 110101199003077777，隔离已满')).toBe('id_number');
    expect(appealProblem('请打我电话 13812345678，隔离已满')).toBe('phone');
  });

  it('a rejection needs its reason', () => {
    expect(rejectProblem('')).toBe('empty');
    expect(rejectProblem('仍在密接管理期内')).toBeNull();
  });
});

describe('the upstream list', () => {
  it('takes CSV or XLSX up to 5 MB', () => {
    expect(importFileProblem({ name: '名单.csv', size: 10 })).toBeNull();
    expect(importFileProblem({ name: '名单.XLSX', size: 10 })).toBeNull();
    expect(importFileProblem({ name: '名单.xls', size: 10 })).toBe('type');
    expect(importFileProblem({ name: '名单.csv', size: 0 })).toBe('empty');
    expect(importFileProblem({ name: '名单.csv', size: 5 * 1024 * 1024 + 1 })).toBe('size');
  });

  it('lists the refused rows in the file\'s order, the columns as the file reads', () => {
    const errors = [
      { row: 4, column: '原因', code: 'non_epidemic_reason' },
      { row: 2, column: '身份证号', code: 'not_found' },
      { row: 4, column: '身份证号', code: 'duplicate_in_file' },
      { row: 3, column: '健康码', code: 'colour' },
    ];
    expect(sortedErrors(errors).map((e) => `${e.row}:${e.column}`)).toEqual(['2:身份证号', '3:健康码', '4:身份证号', '4:原因']);
    expect(errors[0]!.row).toBe(4); // not sorted in place
    expect(['身份证号', '健康码', '原因', 'other'].map(importColumnKey)).toEqual(['idNumber', 'colour', 'reason', null]);
  });
});

describe('the resident\'s appeal', () => {
  const appeal = (status: 'open' | 'upheld' | 'rejected') => ({ id: 'a1', status, reason: '隔离已期满解除', createdAt: '2026-12-01T02:00:00Z', decisionNote: null });
  it('may appeal a yellow or red code when no appeal is being handled', () => {
    expect(mayAppeal({ colour: 'yellow', appeal: null })).toBe(true);
    expect(mayAppeal({ colour: 'red', appeal: appeal('rejected') })).toBe(true);
    expect(mayAppeal({ colour: 'yellow', appeal: appeal('open') })).toBe(false);
    expect(mayAppeal({ colour: 'green', appeal: null })).toBe(false);
    expect(mayAppeal({ colour: null, appeal: null })).toBe(false);
    expect(mayAppeal(undefined)).toBe(false);
  });

  it('shows the appeal being handled, an upheld one while green, a rejected one while still yellow or red', () => {
    expect(appealShown({ colour: 'yellow', appeal: appeal('open') })?.status).toBe('open');
    expect(appealShown({ colour: 'green', appeal: appeal('upheld') })?.status).toBe('upheld');
    expect(appealShown({ colour: 'red', appeal: appeal('upheld') })).toBeNull();
    expect(appealShown({ colour: 'yellow', appeal: appeal('rejected') })?.status).toBe('rejected');
    expect(appealShown({ colour: 'green', appeal: appeal('rejected') })).toBeNull();
    expect(appealShown({ colour: 'yellow', appeal: null })).toBeNull();
  });
});

describe('words', () => {
  let zh: TFunction;
  let en: TFunction;
  beforeAll(async () => {
    ({ zh, en } = await appTranslations());
  });

  it('has words for every reason of the closed list and every row problem of an import, in both languages', () => {
    for (const code of REASON_CODES) {
      expect(healthCodesZh.reasons[code]).toBeTruthy();
      expect(healthCodesEn.reasons[code]).toBeTruthy();
    }
    // Ours are the server's Chinese names.
    for (const r of REASONS) expect(healthCodesZh.reasons[r.code as (typeof REASON_CODES)[number]]).toBe(r.zh);
    for (const code of IMPORT_ERROR_CODES) {
      expect(healthCodesZh.import.codes[code]).toBeTruthy();
      expect(healthCodesEn.import.codes[code]).toBeTruthy();
    }
  });

  it('the bell: a new appeal opens 申诉, a decision the workbench; never a name', () => {
    expect(HEALTH_NOTIFICATION_KINDS).toEqual(['health_appeal', 'health_appeal_decided']);
    expect(healthNotice('health_appeal', { appealId: 'a1', colour: 'yellow' }, zh)).toBe('有新的健康码申诉');
    expect(healthNotice('health_appeal_decided', { appealId: 'a1', decision: 'upheld' }, zh)).toBe('您的健康码申诉已处理：核实后已转为绿码');
    expect(healthNotice('health_appeal_decided', { appealId: 'a1', decision: 'rejected' }, en)).toBe('Your health-code appeal has been decided: not upheld; see the decision');
    expect(healthNotice('health_appeal_decided', {}, zh)).toBe('您的健康码申诉已处理');
    expect(healthNoticeLink('health_appeal')).toBe('/health-codes?tab=appeals');
    expect(healthNoticeLink('health_appeal_decided')).toBe('/');
  });
});
