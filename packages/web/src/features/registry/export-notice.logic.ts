// The notification bell's lines about resident exports (导出审批): a request waiting for the reader's approval, and the
// decision on the reader's own request. The server writes only the area, the count, the level, the purpose, and for a
// decision its outcome, the download deadline or the approver's note — never a resident or the request's reason.
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { formatCount } from '../../lib/numbers';

/** The notification kinds of exports (server: exports.service.ts EXPORT_NOTIFICATION_KINDS). */
export const EXPORT_NOTIFICATION_KINDS = ['export_request', 'export_decided'] as const;
/** Where both lead: 导出审批, the approver's queue and the requester's own requests with the download. */
export const EXPORTS_PATH = '/registry/exports';

/** The bell's line for an export request (to the approvers) or a decision (to the requester). */
export function exportNotice(kind: string, d: Record<string, string>, t: TFunction, language: string): string {
  const rows = formatCount(Number(d.rows), language);
  const what = d.grid ? t('registry.exports.bell.whatGrid', { rows, grid: d.grid }) : t('registry.exports.bell.what', { rows });
  if (kind === 'export_request') {
    const purpose = t(`registry.exports.purposes.${d.purpose}` as 'registry.exports.purposes.registry.report', { defaultValue: d.purpose ?? '' });
    return t(d.level === 'district' ? 'registry.exports.bell.requestDistrict' : 'registry.exports.bell.request', { area: d.area ?? '', what, purpose });
  }
  if (d.decision === 'approve') return t('registry.exports.bell.approved', { what, until: d.until ? dayjs(d.until).format('MM-DD HH:mm') : '' });
  return t('registry.exports.bell.rejected', { what, note: d.note ?? '' });
}
