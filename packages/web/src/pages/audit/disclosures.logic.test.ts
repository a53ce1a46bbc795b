import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import { disclosedText, idsForClipboard } from './disclosures.logic';

let zh: TFunction;
let english: TFunction;
beforeAll(async () => {
  ({ zh, en: english } = await appTranslations());
});

describe('audit page: residents an entry showed (ADR 0046)', () => {
  it('says how many residents the answer showed, in both languages; nothing for rows that showed nobody', () => {
    expect(disclosedText(12, zh)).toBe('显示了 12 位居民');
    expect(disclosedText(12, english)).toBe('showed 12 residents');
    expect(disclosedText(1, zh)).toBe('显示了 1 位居民');
    expect(disclosedText(1, english)).toBe('showed 1 resident');
    expect(disclosedText(0, zh)).toBeNull();
    expect(disclosedText(undefined, english)).toBeNull();
  });

  it('copies the ids one per line, in the order shown', () => {
    expect(idsForClipboard(['b-2', 'a-1'])).toBe('b-2\na-1');
    expect(idsForClipboard([])).toBe('');
  });

  it('labels the auditor’s own read of such a list', () => {
    expect(zh('audit.actions.audit_disclosures')).toBe('查看记录显示的居民');
    expect(english('audit.actions.audit_disclosures')).toBe('Residents of an audit entry viewed');
  });
});
