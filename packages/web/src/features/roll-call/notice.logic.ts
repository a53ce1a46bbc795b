// What the bell says of a roll call's escalations (ADR 0073), from the payload the server stored: the roll call, the
// grid and the counts — never a resident. Both open the roll call's page.
import type { TFunction } from 'i18next';
import { ROLL_CALL_NEEDS } from './api';

export const ROLL_CALL_NOTIFICATION_KINDS = ['roll_call_help', 'roll_call_overdue'] as const;

/** 需要帮助 (at once, to the community admins) or 已到截止时间 with people not reached (once, to the starter and them). */
export function rollCallNotice(kind: string, d: Record<string, string>, t: TFunction): string {
  if (kind === 'roll_call_help') {
    const need = (ROLL_CALL_NEEDS as readonly string[]).includes(d.need ?? '') ? t(`rollCall.needs.${d.need as 'other'}`) : t('rollCall.needs.other');
    return t('rollCall.bell.help', { title: d.title ?? '', grid: d.grid ?? '', need });
  }
  return t('rollCall.bell.overdue', { title: d.title ?? '', pending: d.pending ?? '0', unreachable: d.unreachable ?? '0' });
}

/** The roll call's page, from the notification's subject. */
export const rollCallNoticeLink = (subject: { type: string; id: string } | null): string | null =>
  subject?.type === 'roll_call' ? `/roll-calls/${encodeURIComponent(subject.id)}` : null;
