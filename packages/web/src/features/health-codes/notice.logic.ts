// What the bell says of 健康码 (ADR 0082), from the payload the server stored — the appeal's id, the colour appealed, the
// decision; never a name — and where it leads: a new appeal (to the district staff who decide) opens 健康码's 申诉 tab; a
// decided appeal (to whoever filed it: the resident, or the grid worker who recorded a phoned-in appeal) opens the
// workbench, where the resident's 健康码 card shows the colour now and the decision.
import type { TFunction } from 'i18next';

export const HEALTH_NOTIFICATION_KINDS = ['health_appeal', 'health_appeal_decided'] as const;
export const HEALTH_CODES_PATH = '/health-codes';
export const APPEALS_PATH = `${HEALTH_CODES_PATH}?tab=appeals`;

/** 有新的健康码申诉 / 您的健康码申诉已处理 (with the decision when the payload has it). */
export function healthNotice(kind: string, d: Record<string, unknown>, t: TFunction): string {
  if (kind === 'health_appeal') return t('healthCodes.bell.appeal');
  if (kind === 'health_appeal_decided') {
    if (d.decision === 'upheld') return t('healthCodes.bell.upheld');
    if (d.decision === 'rejected') return t('healthCodes.bell.rejected');
    return t('healthCodes.bell.decided');
  }
  return kind;
}

/** A new appeal: 申诉; a decision: the workbench (the resident's card). */
export const healthNoticeLink = (kind: string): string => (kind === 'health_appeal' ? APPEALS_PATH : '/');
