import { describe, expect, it } from 'vitest';
import { isValidCreditCode, leadOf, matrixRows, shanghaiClock, slotsByDay, unitInput } from './partners.logic';

describe('partners logic (ADR 0091)', () => {
  it('checks the unified social credit code like the server (GB 32100-2015)', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode(' 91350100m000100y43 ')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100I43')).toBe(false);
    expect(isValidCreditCode('9135010')).toBe(false);
  });

  it('reads the matrix as rows of task types with one lead each', () => {
    const cells = [
      { taskKind: 'door_check', unitId: 'a', role: 'lead' as const },
      { taskKind: 'door_check', unitId: 'b', role: 'support' as const },
      { taskKind: 'gate_duty', unitId: 'b', role: 'inform' as const },
    ];
    const rows = matrixRows(cells);
    expect(rows.get('door_check')!.get('b')).toBe('support');
    expect(rows.get('gate_duty')!.get('a')).toBeUndefined();
    expect(leadOf(cells, 'door_check')).toBe('a');
    expect(leadOf(cells, 'gate_duty')).toBeNull();
  });

  it('builds the registry body: status and code only for a social organisation, the code only when registered', () => {
    expect(unitInput({ kind: 'property', name: ' 安居物业 ', regStatus: 'filed', contactPhone: ' ' })).toEqual({ kind: 'property', name: '安居物业' });
    expect(unitInput({ kind: 'social_org', name: '暖心社', regStatus: 'filed', creditCode: 'x' })).toEqual({ kind: 'social_org', name: '暖心社', regStatus: 'filed' });
    expect(unitInput({ kind: 'social_org', name: '暖心社', regStatus: 'registered', creditCode: '91350100m000100y43' }))
      .toEqual({ kind: 'social_org', name: '暖心社', regStatus: 'registered', creditCode: '91350100M000100Y43' });
  });

  it('groups slots by their Shanghai day in time order', () => {
    const s = (iso: string) => ({ startsAt: iso });
    const g = slotsByDay([s('2026-12-05T16:30:00Z'), s('2026-12-05T11:00:00Z'), s('2026-12-04T17:00:00Z'), s('2026-12-05T01:00:00Z')]);
    expect(g.map((d) => [d.day, d.slots.length])).toEqual([['2026-12-05', 3], ['2026-12-06', 1]]);
    expect(g[0]!.slots[0]!.startsAt).toBe('2026-12-04T17:00:00Z');
    expect(shanghaiClock('2026-12-05T06:00:00Z')).toBe('14:00');
  });
});
