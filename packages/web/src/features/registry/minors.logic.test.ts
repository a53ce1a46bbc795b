import { describe, expect, it } from 'vitest';
import type { MinorAccessState } from './minors.api';
import { decisionNote, minorNotice, minorRevealMode, requestReason } from './minors.logic';

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

  it('words the bell without the reason text', () => {
    const t = ((k: string, o?: Record<string, string>) => `${k}|${JSON.stringify(o ?? {})}`) as never;
    expect(minorNotice('minor_access_request', { actorRole: 'grid_worker', actorName: '李网格', residentName: '张**', field: 'idNumber' }, t, (r) => `R:${r}`))
      .toBe('minors.bell.request|{"role":"R:grid_worker","actor":"李网格","resident":"张**","field":"minors.fields.idNumber|{\\"defaultValue\\":\\"idNumber\\"}"}');
    expect(minorNotice('minor_access_decided', { decision: 'reject', residentName: '张**', field: 'phone' }, t, (r) => r)).toMatch(/^minors\.bell\.rejected\|/);
    expect(minorNotice('minor_access_decided', { decision: 'approve', residentName: '张**', field: 'phone' }, t, (r) => r)).toMatch(/^minors\.bell\.approved\|/);
  });
});
