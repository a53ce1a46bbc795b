// What the bell says of 上级任务 (ADR 0093), from the stored payload (title, department), and where it leads: the item.
import type { TFunction } from 'i18next';

export const REQUEST_NOTIFICATION_KINDS = ['upper_request'] as const;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function requestNotice(d: Record<string, unknown>, t: TFunction): string {
  if (!str(d.title)) return t('requests.bell.plain');
  // The housekeeping step's reminder once the deadline has passed (ADR 0093 addendum).
  if (d.overdue === 'yes') return t('requests.bell.overdue', { title: str(d.title), dept: str(d.sourceDept) });
  return t(d.merged === 'yes' ? 'requests.bell.merged' : 'requests.bell.new', { title: str(d.title), dept: str(d.sourceDept) });
}
export const requestNoticeLink = (d: Record<string, unknown> = {}): string => (str(d.itemId) ? `/requests/items/${encodeURIComponent(str(d.itemId))}` : '/requests');
