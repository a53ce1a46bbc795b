// What the bell says of a recall (召回, ADR 0079), from the payload the server stored: the tube's barcode, how many
// people and why — never a name. It opens the round's 复核 tab.
import type { TFunction } from 'i18next';

export const SAMPLING_NOTIFICATION_KINDS = ['sampling_recall'] as const;
export const SAMPLING_PATH = '/sampling';

const REASONS = ['positive_pool', 'invalid', 'positive_single'] as const;

/** 混管阳性 (its members to single tubes), 样本无效 (to be sampled again) or 单管阳性 (a positive person). */
export function samplingNotice(_kind: string, d: Record<string, unknown>, t: TFunction): string {
  const reason = REASONS.find((r) => r === d.reason) ?? 'positive_pool';
  const people = Number(d.people);
  const values = { barcode: String(d.barcode ?? ''), people: Number.isFinite(people) ? people : String(d.people ?? '') };
  return t(`sampling.bell.${reason}`, values);
}

/** The round's 复核 tab, from the payload's round (or a round as the subject); else the sampling page. */
export function samplingNoticeLink(d: Record<string, unknown>, subject: { type: string; id: string } | null): string {
  const roundId = typeof d.roundId === 'string' && d.roundId ? d.roundId : subject && subject.id && /round/.test(subject.type) ? subject.id : '';
  return roundId ? `${SAMPLING_PATH}/rounds/${encodeURIComponent(roundId)}?tab=retests` : SAMPLING_PATH;
}
