import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import { auditTotalKey } from './total.logic';

describe('audit list count line (ADR 0059)', () => {
  it('says "at least" when the server stopped counting, the plain count otherwise', () => {
    expect(auditTotalKey(false)).toBe('audit.totalAtLeast');
    expect(auditTotalKey(true)).toBe('audit.total');
    // Before the answer arrives (no data yet) the plain form: nothing claims a lower bound it was not told.
    expect(auditTotalKey(undefined)).toBe('audit.total');
    expect(zhCN.audit.totalAtLeast).toContain('至少 {{total}}');
    expect(en.audit.totalAtLeast).toContain('at least {{total}}');
  });
});
