// The notification bell's lines about resident exports (导出审批): a request waiting for the reader's approval, the
// decision on the reader's own request, and the reader's request that nobody decided in time. The server writes only
// the area, the count, the level, the purpose, and for a decision its outcome, the download deadline or the approver's
// note, for a lapsed request when it lapsed — never a resident or the request's reason.
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { formatCount } from '../../lib/numbers';

/** The notification kinds of exports (server: exports.service.ts EXPORT_NOTIFICATION_KINDS). */
export const EXPORT_NOTIFICATION_KINDS = ['export_request', 'export_decided', 'export_lapsed'] as const;
/** Where they all lead: 导出审批, the approver's queue and the requester's own requests with the download. */
export const EXPORTS_PATH = '/registry/exports';

/** The bell's line for an export request (to the approvers), a decision or a lapse (to the requester). */
export function exportNotice(kind: string, d: Record<string, string>, t: TFunction, language: string): string {
  const rows = formatCount(Number(d.rows), language);
  const what = d.grid ? t('registry.exports.bell.whatGrid', { rows, grid: d.grid }) : t('registry.exports.bell.what', { rows });
  if (kind === 'export_request') {
    const purpose = t(`registry.exports.purposes.${d.purpose}` as 'registry.exports.purposes.registry.report', { defaultValue: d.purpose ?? '' });
    return t(d.level === 'district' ? 'registry.exports.bell.requestDistrict' : 'registry.exports.bell.request', { area: d.area ?? '', what, purpose });
  }
  const time = (iso: string | undefined) => (iso ? dayjs(iso).format('MM-DD HH:mm') : '');
  if (kind === 'export_lapsed') return t('registry.exports.bell.lapsed', { what, at: time(d.expiredAt) });
  if (d.decision === 'approve') return t('registry.exports.bell.approved', { what, until: time(d.until) });
  return t('registry.exports.bell.rejected', { what, note: d.note ?? '' });
}
