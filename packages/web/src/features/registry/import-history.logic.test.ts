import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import type { ImportRunStatus } from './import-history.api';
import { hasErrorReport, importRunColor, importRunFile, importRunKind, importRunOutcomeKey, importRunStored } from './import-history.logic';

describe('import history rows', () => {
  it('names a check as a check, whatever mode was selected, and an import by its mode', () => {
    expect(importRunKind({ dryRun: true, mode: 'all_or_nothing' })).toBe('dry_run');
    expect(importRunKind({ dryRun: true, mode: 'partial' })).toBe('dry_run');
    expect(importRunKind({ dryRun: false, mode: 'partial' })).toBe('partial');
    expect(importRunKind({ dryRun: false, mode: 'all_or_nothing' })).toBe('all_or_nothing');
  });

  it('shows nothing stored for a check: "—" under 新登记 and 更新, the counts of a real import as they are', () => {
    expect(importRunStored({ dryRun: true }, 20)).toBe('—');
    expect(importRunStored({ dryRun: false }, 20)).toBe(20);
    expect(importRunStored({ dryRun: false }, 0)).toBe(0);
  });

  it('describes the file by type and size only', () => {
    expect(importRunFile({ format: 'xlsx', fileBytes: 1_300_000 })).toBe('XLSX · 1.2 MB');
    expect(importRunFile({ format: 'csv', fileBytes: 300 })).toBe('CSV · 1 KB');
    expect(importRunFile({ format: null, fileBytes: 5120 })).toBe('5 KB');
    expect(importRunFile({ format: null, fileBytes: null })).toBe('—');
  });

  it('offers the problem list only when the server stored one', () => {
    expect(hasErrorReport({ errorCount: 3, errorReport: true })).toBe(true);
    expect(hasErrorReport({ errorCount: 3, errorReport: false })).toBe(false);
    expect(hasErrorReport({ errorCount: 0, errorReport: false })).toBe(false);
  });

  it('colours outcomes: stored green, in part orange, nothing stored red, a check blue', () => {
    const all: ImportRunStatus[] = ['running', 'dry_run', 'committed', 'partial', 'rejected', 'failed'];
    expect(all.map(importRunColor)).toEqual(['default', 'blue', 'green', 'orange', 'red', 'red']);
  });

  it('has a zh-CN and an English label for every outcome and kind', () => {
    for (const dict of [zhCN.registry.importHistory, en.registry.importHistory]) {
      for (const s of ['running', 'dry_run', 'committed', 'partial', 'rejected', 'failed'] as const) expect(dict.status[s]).toBeTruthy();
      for (const k of ['dry_run', 'partial', 'all_or_nothing'] as const) expect(dict.kinds[k]).toBeTruthy();
    }
    expect(en.registry.importHistory.title).toBe('Import history');
    expect(zhCN.registry.importHistory.title).toBe('导入记录');
  });
});

describe('import history: why a run failed', () => {
  it('labels a refused file by its reason (zh-CN and English), not "file could not be read" for every refusal', async () => {
    const { appTranslations } = await import('../../i18n/test-t');
    const { zh, en: english } = await appTranslations();
    const label = (fixed: typeof zh, failureCode: string | null, status: ImportRunStatus = 'failed') => {
      const tr = fixed as unknown as (key: string) => string;
      return tr(importRunOutcomeKey({ status, failureCode }, (k) => tr(k) !== k));
    };
    expect(label(zh, 'missing_headers')).toBe('文件被拒：缺少必填列');
    expect(label(english, 'missing_headers')).toBe('File refused: required columns missing');
    expect(label(zh, 'type_mismatch')).toBe('文件被拒：不是 Excel 或 CSV 文件');
    expect(label(english, 'type_mismatch')).toBe('File refused: not an Excel or CSV file');
    expect(label(zh, 'unreadable')).toBe('文件无法读取');
    // Older runs (no code) and unknown codes: a generic label that does not claim the file was unreadable.
    expect(label(zh, null)).toBe('未完成（文件被拒或导入中断）');
    expect(label(english, 'something_new')).toBe('Not completed (file refused or run stopped)');
    expect(label(zh, null, 'committed')).toBe('已导入');
    // Every file-level code the server stores has words in both languages.
    for (const code of ['missing_headers', 'type_mismatch', 'empty_file', 'too_large', 'encoding', 'archive_limits', 'too_many_rows', 'too_many_columns', 'privileged_columns', 'unreadable', 'stopped']) {
      expect(label(zh, code), code).toMatch(/[\u4e00-\u9fff]/);
      expect(label(english, code), code).not.toMatch(/registry\.|[\u4e00-\u9fff]/);
    }
  });
});
