import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import { importErrorSheetRow, importOutcome } from './import.logic';

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

describe('a finished import: 更新 counts only the records the file changed', () => {
  it('a re-imported file whose people all match says 更新 0 and names them in the note, not "更新 3, of which 3 unchanged"', () => {
    const again = { status: 'committed' as const, imported: 0, updated: 3, unchanged: 3, errorCount: 0 };
    expect(importOutcome(again, zh, 'zh-CN')).toEqual({ title: '导入完成：新登记 0 人，更新 0 人。', unchanged: '另有 3 人与系统中一致，没有改动' });
    expect(importOutcome(again, en, 'en')).toEqual({ title: 'Import finished: 0 new, 0 updated.', unchanged: '3 more matched the records and were left as they were' });
  });

  it('changed and unchanged together, a partial import, and a refused one (no note)', () => {
    expect(importOutcome({ status: 'committed', imported: 2, updated: 5, unchanged: 1, errorCount: 0 }, zh, 'zh-CN')).toEqual({
      title: '导入完成：新登记 2 人，更新 4 人。', unchanged: '另有 1 人与系统中一致，没有改动',
    });
    expect(importOutcome({ status: 'partial', imported: 2, updated: 0, unchanged: 0, errorCount: 1 }, zh, 'zh-CN')).toEqual({
      title: '已导入正确的行：新登记 2 人，更新 0 人；跳过 1 行有问题的数据。', unchanged: null,
    });
    expect(importOutcome({ status: 'rejected', imported: 0, updated: 0, unchanged: 0, errorCount: 4 }, zh, 'zh-CN').title).toBe('没有导入：文件中有 4 行有问题。请改正后重新导入。');
    expect(importOutcome({ status: 'rejected', imported: 0, updated: 2, unchanged: 2, errorCount: 4 }, zh, 'zh-CN').unchanged).toBeNull();
  });

  it('large counts with thousands separators in both languages', () => {
    const big = { status: 'partial' as const, imported: 12345, updated: 2500, unchanged: 1000, errorCount: 1200 };
    expect(importOutcome(big, zh, 'zh-CN')).toEqual({
      title: '已导入正确的行：新登记 12,345 人，更新 1,500 人；跳过 1,200 行有问题的数据。', unchanged: '另有 1,000 人与系统中一致，没有改动',
    });
    expect(importOutcome(big, en, 'en').unchanged).toBe('1,000 more matched the records and were left as they were');
  });
});
