// What the export dialog says about the residents a request would export, before it is filed (ADR 0049).
import type { TFunction } from 'i18next';
import { formatCount } from '../../lib/numbers';
import type { ExportPreview } from './api';

export type ExportPreviewNotice = { type: 'info' | 'warning' | 'error'; title: string; description: string; blocked: boolean };

/**
 * The count, the approval it needs and the daily cap, in words. `blocked`: submitting would only be refused — nobody
 * matches, the filter alone selects more than the daily cap, or together with the last 24 hours' requests it would
 * pass the cap — so the dialog keeps the submit button off and says how to narrow the filter instead. Counts with
 * thousands separators in `language` (lib/numbers.ts).
 */
export function exportPreviewNotice(p: ExportPreview, t: TFunction, language: string): ExportPreviewNotice {
  const n = (v: number) => formatCount(v, language);
  const v = { rows: n(p.rows), cap: n(p.cap.perDay), used: n(p.cap.usedLast24h), remaining: n(p.cap.remaining) };
  const title = t('registry.exports.previewCount', v);
  const capLine = t('registry.exports.previewCap', v);
  switch (p.verdict) {
    case 'empty':
      return { type: 'warning', title, description: t('registry.exports.previewEmpty'), blocked: true };
    case 'too_large':
      return { type: 'error', title, description: t('registry.exports.previewTooLarge', v), blocked: true };
    case 'over_daily_cap':
      return { type: 'error', title, description: t('registry.exports.previewOverDaily', v), blocked: true };
    default:
      return { type: 'info', title, description: `${t(`registry.exports.previewApproval.${p.approvalLevel}`)} ${capLine}`, blocked: false };
  }
}

/**
 * Where an export is requested — the 居民档案 list, whose "导出名单" button exports the current filter — for users who
 * may request exports (and read that list); null for others (e.g. an approver without resident:export).
 */
export function exportRequestEntry(permissions: readonly string[]): { to: string } | null {
  return permissions.includes('resident:export') && permissions.includes('resident:read') ? { to: '/registry' } : null;
}
