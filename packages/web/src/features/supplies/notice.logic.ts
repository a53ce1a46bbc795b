// What the bell says of a round opened (ADR 0075), from the payload the server stored: the round, the item and the
// number of households — no one named. It opens the round's page.
import type { TFunction } from 'i18next';

export const SUPPLY_NOTIFICATION_KINDS = ['supply_round_open'] as const;
export const SUPPLIES_PATH = '/supplies';

/** 发放开始: the grid workers of the grids concerned are told what to carry to how many households. */
export function supplyNotice(_kind: string, d: Record<string, unknown>, t: TFunction): string {
  return t('supplies.bell.open', { title: String(d.title ?? ''), item: String(d.item ?? d.itemName ?? ''), households: String(d.households ?? '') });
}

/** The round's page, from the notification's subject (a round); else the distributions tab. */
export function supplyNoticeLink(subject: { type: string; id: string } | null): string {
  return subject && subject.id && /round/.test(subject.type) ? `${SUPPLIES_PATH}/rounds/${encodeURIComponent(subject.id)}` : `${SUPPLIES_PATH}?tab=rounds`;
}
