import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import { importErrorSheetRow } from './import.logic';

let zh: TFunction;
let en: TFunction;
beforeAll(async () => {
  ({ zh, en } = await appTranslations());
});

describe('import errors: the spreadsheet row next to the data row', () => {
  it('shows the sheet row the worker finds in Excel (header on row 1 → data row 2 is sheet row 3), "—" for older runs', () => {
    expect(importErrorSheetRow({ row: 2, sheetRow: 3 })).toBe('3');
    expect(importErrorSheetRow({ row: 2 })).toBe('—');
    expect(zh('registry.import.errSheetRow')).toBe('表格中的行号');
    expect(en('registry.import.errSheetRow')).toBe('Sheet row');
    expect(zh('registry.import.errSheetRowHint')).toContain('Excel');
  });
});
