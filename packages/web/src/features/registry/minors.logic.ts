// Pure rules of minors' data requests on the web side (PRIV-08, ADR 0035): which reveal control a field shows, the
// client-side checks that mirror the server's, and the notification-bell text.
import type { TFunction } from 'i18next';
import type { MinorAccessState, MinorField, MinorRequestStatus } from './minors.api';

/** Reasons shorter than this are refused by the server (400 body.reason). */
export const MIN_REASON = 4;
/** Rejections need a note of at least this length (400 body.note). */
export const MIN_REJECT_NOTE = 2;
/** The highest minor age the server can be configured with (RENXING_MINOR_APPROVAL_AGE ≤ 18): older residents need no check. */
export const MAX_MINOR_AGE = 18;

/** The notification kinds of this feature. */
export const MINOR_NOTIFICATION_KINDS = ['minor_access_request', 'minor_access_decided'] as const;

/** The approval queue's status tabs, in order, before 全部. */
export const MINOR_QUEUE_STATUSES: readonly MinorRequestStatus[] = ['pending', 'approved', 'rejected', 'expired'];
export const MINOR_STATUS_COLOR: Record<MinorRequestStatus, string> = { pending: 'gold', approved: 'green', rejected: 'red', expired: 'default' };

/**
 * What the profile shows for one protected field:
 * - `plain`: the usual reveal (an adult, or the caller is the responsible person);
 * - `loading`: masked, no button yet (so nobody clicks into a refusal);
 * - `ask`: masked, with "需负责人批准" opening the request dialog;
 * - `pending`: masked, "waiting for approval";
 * - `approved`: the usual reveal, with how many looks are left until when.
 */
export type MinorRevealMode = 'plain' | 'loading' | 'ask' | 'pending' | 'approved';

export function minorRevealMode(age: number, canReveal: boolean, state: MinorAccessState | undefined, field: MinorField): MinorRevealMode {
  if (!canReveal || age >= MAX_MINOR_AGE) return 'plain';
  if (!state) return 'loading';
  if (!state.approvalNeeded) return 'plain';
  const f = state.fields[field];
  if (f.status === 'approved' && f.usesLeft > 0) return 'approved';
  if (f.status === 'pending') return 'pending';
  return 'ask';
}

/**
 * What the requester reads under "需负责人批准" after their newest request for the field was refused: when and the
 * responsible person's note (the bell says only "rejected"). Null when there is nothing to say. `time` is formatted by
 * the caller (local time).
 */
export function rejectionHint(f: MinorAccessState['fields'][MinorField] | undefined, t: TFunction, time: (iso: string) => string): string | null {
  if (!f || f.status !== 'none' || !f.rejected) return null;
  const note = f.rejected.note?.trim();
  return note
    ? t('minors.rejectedHint', { time: time(f.rejected.at), note })
    : t('minors.rejectedHintNoNote', { time: time(f.rejected.at) });
}

/** The reason the request dialog sends, or null when it is too short (the server says the same with 400). */
export function requestReason(text: string | undefined): string | null {
  const s = (text ?? '').trim();
  return s.length >= MIN_REASON ? s : null;
}

/**
 * The reason field's rule (antd Form): counts the trimmed text like `requestReason` and the server. antd's own `min`
 * counted the spaces, so "  核对 " passed the form and the dialog then sent nothing, silently.
 */
export function reasonRule(message: string) {
  return {
    required: true,
    validator: (_: unknown, value: string | undefined): Promise<void> =>
      requestReason(value) === null ? Promise.reject(new Error(message)) : Promise.resolve(),
  };
}

/** The body of a decision, or null when a rejection has no note. */
export function decisionNote(decision: 'approve' | 'reject', text: string | undefined): string | null {
  const s = (text ?? '').trim();
  if (decision === 'reject' && s.length < MIN_REJECT_NOTE) return null;
  return s;
}

/** The bell's line for a request (to the admins) or a decision (to the requester); never the reason text. */
export function minorNotice(kind: string, d: Record<string, string>, t: TFunction, role: (r: string) => string): string {
  const field = d.field ? t(`minors.fields.${d.field as MinorField}`, { defaultValue: d.field }) : '';
  const resident = d.residentName ?? '';
  if (kind === 'minor_access_request') return t('minors.bell.request', { role: role(d.actorRole ?? ''), actor: d.actorName ?? '', resident, field });
  return t(d.decision === 'approve' ? 'minors.bell.approved' : 'minors.bell.rejected', { resident, field });
}
