// What the bell says of a complaint (ADR 0086), from the payload the server stored: the ticket and the category — never
// the reporter. Each opens 投诉与举报.
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';

export const COMPLAINT_NOTIFICATION_KINDS = ['complaint_new', 'complaint_assigned', 'complaint_privacy_leak', 'complaint_overdue'] as const;
export const COMPLAINTS_PATH = '/complaints';

export function complaintNotice(kind: string, d: Record<string, unknown>, t: TFunction): string {
  const ticket = String(d.ticket ?? '');
  const category = t(`publicInfo.complaintCategories.${String(d.category ?? 'other')}`, { defaultValue: String(d.category ?? '') });
  const due = typeof d.dueAt === 'string' && dayjs(d.dueAt).isValid() ? dayjs(d.dueAt).format('MM-DD HH:mm') : '';
  const o = { ticket, category, due };
  if (kind === 'complaint_assigned') return t('publicInfo.bell.assigned', o);
  if (kind === 'complaint_privacy_leak') return t('publicInfo.bell.privacy_leak', o);
  if (kind === 'complaint_overdue') return t('publicInfo.bell.overdue', o);
  return t('publicInfo.bell.new', o);
}
