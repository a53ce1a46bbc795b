import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import type { ExportPreview } from './api';
import { exportPreviewNotice, exportRequestEntry } from './export-request.logic';

let zh: TFunction;
let en: TFunction;
beforeAll(async () => {
  ({ zh, en } = await appTranslations());
});

const preview = (over: Partial<ExportPreview>): ExportPreview => ({
  rows: 120, approvalLevel: 'none', approvalReasons: [], cap: { perDay: 1000, usedLast24h: 0, remaining: 1000 }, verdict: 'ok', ...over,
});

describe('export dialog: the count before submitting (ADR 0049)', () => {
  it('shows how many residents the filters export, the approval and the cap', () => {
    const n = exportPreviewNotice(preview({ approvalLevel: 'community', cap: { perDay: 1000, usedLast24h: 200, remaining: 800 } }), zh, 'zh-CN');
    expect(n).toMatchObject({ type: 'info', blocked: false });
    expect(n.title).toBe('按当前条件将导出 120 人');
    expect(n.description).toContain('另一位领导审批');
    expect(n.description).toContain('1,000');
    expect(n.description).toContain('200');
    expect(exportPreviewNotice(preview({}), en, 'en').title).toBe('These filters export 120 residents');
  });

  it('a filter that alone passes the daily cap (all 6,004 residents of a community) is blocked with the cap and how to narrow', () => {
    const p = preview({ rows: 6004, verdict: 'too_large', approvalLevel: 'district' });
    const z = exportPreviewNotice(p, zh, 'zh-CN');
    expect(z).toMatchObject({ type: 'error', blocked: true });
    // Counts with thousands separators, as everywhere (lib/numbers.ts).
    expect(z.title).toBe('按当前条件将导出 6,004 人');
    expect(z.description).toContain('上限 1,000 条');
    expect(z.description).toMatch(/网格.*人员类型.*标签/);
    const e = exportPreviewNotice(p, en, 'en');
    expect(e.title).toBe('These filters export 6,004 residents');
    expect(e.description).toContain('daily export cap of 1,000 rows');
    expect(e.description).toMatch(/narrow the filter by grid, residence type or care tag/);
  });

  it('over the cap with earlier requests, or nobody matching: blocked too, never a raw key', () => {
    const over = exportPreviewNotice(preview({ rows: 300, verdict: 'over_daily_cap', cap: { perDay: 1000, usedLast24h: 900, remaining: 100 } }), zh, 'zh-CN');
    expect(over).toMatchObject({ type: 'error', blocked: true });
    expect(over.description).toContain('还可导出 100 条');
    const empty = exportPreviewNotice(preview({ rows: 0, verdict: 'empty' }), en, 'en');
    expect(empty).toMatchObject({ blocked: true });
    for (const x of [over, empty]) expect(`${x.title} ${x.description}`).not.toMatch(/registry\.exports\./);
  });
});

describe('导出审批: where an export is requested', () => {
  it('links requesters to the 居民档案 list (its "导出名单" button), in words in both languages', () => {
    expect(exportRequestEntry(['resident:read', 'resident:export', 'export:approve'])).toEqual({ to: '/registry' });
    expect(exportRequestEntry(['resident:read', 'export:approve', 'export:approve-district'])).toBeNull();
    expect(exportRequestEntry(['resident:read'])).toBeNull();
    expect(zh('registry.exports.requestHint')).toContain('“导出名单”');
    expect(zh('registry.exports.requestHint')).toContain('居民档案');
    expect(en('registry.exports.requestHint')).toContain('"Export list"');
    expect(en('registry.exports.requestLink')).toMatch(/Residents list/);
  });
});
