// What the bell says of an occupation report (ADR 0078), from the payload the server stored: the reference and the
// lane or location — never the reporter. Both open the lanes page.
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';

export const LANE_NOTIFICATION_KINDS = ['lane_report_new', 'lane_report_overdue'] as const;
export const LANES_PATH = '/lanes';

/** 新的通道占用举报 (at once, to the community admins) or 已超时未清理 (once, when the deadline passes uncleared). */
export function laneNotice(kind: string, d: Record<string, unknown>, t: TFunction): string {
  const ref = String(d.ref ?? '');
  const place = String(d.place ?? '').trim() || t('emergencyInfra.bell.somewhere');
  if (kind === 'lane_report_overdue') {
    const due = typeof d.dueAt === 'string' && dayjs(d.dueAt).isValid() ? dayjs(d.dueAt).format('MM-DD HH:mm') : '';
    return due ? t('emergencyInfra.bell.overdue', { ref, place, due }) : t('emergencyInfra.bell.overdueNoTime', { ref, place });
  }
  return t('emergencyInfra.bell.new', { ref, place });
}
