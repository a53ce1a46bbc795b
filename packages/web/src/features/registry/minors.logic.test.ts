import { describe, expect, it } from 'vitest';
import type { MinorAccessState } from './minors.api';
import { decisionNote, minorNotice, minorRevealMode, reasonRule, rejectionHint, requestReason } from './minors.logic';
import type { TFunction } from 'i18next';
import { appTranslations } from '../../i18n/test-t';

const state = (over: Partial<MinorAccessState> = {}, id: Partial<MinorAccessState['fields']['idNumber']> = {}): MinorAccessState => ({
  minor: true, approvalNeeded: true, minorAge: 14,
  fields: { idNumber: { status: 'none', requestId: null, expiresAt: null, usesLeft: 0, ...id }, phone: { status: 'none', requestId: null, expiresAt: null, usesLeft: 0 } },
  ...over,
});

describe('minors’ data requests (web rules)', () => {
  it('chooses the reveal control per field from the server’s answer', () => {
    expect(minorRevealMode(40, true, undefined, 'idNumber')).toBe('plain'); // an adult: nothing to ask
    expect(minorRevealMode(10, false, undefined, 'idNumber')).toBe('plain'); // no reveal right: the usual masked value
    expect(minorRevealMode(10, true, undefined, 'idNumber')).toBe('loading');
    expect(minorRevealMode(15, true, state({ minor: false, approvalNeeded: false }), 'idNumber')).toBe('plain');
    expect(minorRevealMode(10, true, state({ approvalNeeded: false }), 'idNumber')).toBe('plain'); // the responsible person
    expect(minorRevealMode(10, true, state(), 'idNumber')).toBe('ask');
    expect(minorRevealMode(10, true, state({}, { status: 'pending', requestId: 'r1' }), 'idNumber')).toBe('pending');
    expect(minorRevealMode(10, true, state({}, { status: 'approved', requestId: 'r1', usesLeft: 2 }), 'idNumber')).toBe('approved');
    expect(minorRevealMode(10, true, state({}, { status: 'approved', requestId: 'r1', usesLeft: 0 }), 'idNumber')).toBe('ask');
    expect(minorRevealMode(10, true, state({}, { status: 'approved', requestId: 'r1', usesLeft: 2 }), 'phone')).toBe('ask');
  });

  it('mirrors the server’s checks: a reason of 4+ characters, a note when rejecting', () => {
    expect(requestReason(' 核对 ')).toBeNull();
    expect(requestReason(' 核对接种 ')).toBe('核对接种');
    expect(decisionNote('reject', ' ')).toBeNull();
    expect(decisionNote('reject', ' 不需要 ')).toBe('不需要');
    expect(decisionNote('approve', undefined)).toBe('');
  });

  it('the request form counts the trimmed reason: "  核对 " (and full-width spaces) is refused with the form’s own message', async () => {
    const rule = reasonRule('too short');
    const check = (v: string | undefined) => rule.validator({}, v).then(() => 'ok', (e: Error) => e.message);
    expect(rule.required).toBe(true);
    expect(await check('  核对 ')).toBe('too short');
    expect(await check('\u3000核对\u3000\u3000')).toBe('too short');
    expect(await check(undefined)).toBe('too short');
    expect(await check(' 核对接种 ')).toBe('ok');
    expect(requestReason('\u3000核对\u3000\u3000')).toBeNull();
  });

  it('words the bell without the reason text', () => {
    const t = ((k: string, o?: Record<string, string>) => `${k}|${JSON.stringify(o ?? {})}`) as never;
    expect(minorNotice('minor_access_request', { actorRole: 'grid_worker', actorName: '李网格', residentName: '张**', field: 'idNumber' }, t, (r) => `R:${r}`))
      .toBe('minors.bell.request|{"role":"R:grid_worker","actor":"李网格","resident":"张**","field":"minors.fields.idNumber|{\\"defaultValue\\":\\"idNumber\\"}"}');
    expect(minorNotice('minor_access_decided', { decision: 'reject', residentName: '张**', field: 'phone' }, t, (r) => r)).toMatch(/^minors\.bell\.rejected\|/);
    expect(minorNotice('minor_access_decided', { decision: 'approve', residentName: '张**', field: 'phone' }, t, (r) => r)).toMatch(/^minors\.bell\.approved\|/);
  });

  it('tells the requester their last request was refused, with the note, in both languages', async () => {
    const { zh, en } = (await appTranslations()) as { zh: TFunction; en: TFunction };
    const time = (iso: string) => iso.slice(5, 10);
    const refused = { status: 'none' as const, requestId: 'r1', expiresAt: null, usesLeft: 0, rejected: { at: '2026-11-30T08:54:00Z', note: '请直接联系监护人本人' } };
    expect(rejectionHint(refused, zh, time)).toBe('负责人未批准您上次的申请（11-30）：请直接联系监护人本人');
    expect(rejectionHint(refused, en, time)).toBe('Your last request was refused (11-30): 请直接联系监护人本人');
    expect(rejectionHint({ ...refused, rejected: { at: '2026-11-30T08:54:00Z', note: null } }, en, time)).toBe('Your last request was refused (11-30)');
    // Nothing refused, or a new request open: nothing to say.
    expect(rejectionHint(state().fields.idNumber, zh, time)).toBeNull();
    expect(rejectionHint({ ...refused, status: 'pending' }, zh, time)).toBeNull();
    expect(rejectionHint(undefined, zh, time)).toBeNull();
    // The profile still offers to ask again.
    expect(minorRevealMode(10, true, state({}, refused), 'idNumber')).toBe('ask');
  });
});
