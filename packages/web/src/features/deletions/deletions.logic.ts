// Rules of the deletion request pages (ADR 0037), kept apart from the components so they are unit-tested.
import { containsIdNumber } from '@renxing/shared';
import type { TFunction } from 'i18next';
import type { DeletionDecision, DeletionGround, DeletionScope, DeletionStatus } from './api';
import type { deletionsZh } from './i18n';

/** A line of the confirmation (deletions.effects.*). */
export type EffectKey = keyof typeof deletionsZh.effects;

export const DELETION_GROUNDS: readonly DeletionGround[] = ['moved_away', 'no_longer_necessary', 'consent_withdrawn', 'retention_expired', 'unlawful', 'other'];
export const DELETION_SCOPES: readonly DeletionScope[] = ['care_tags', 'record'];
export const NOTE_MAX = 500;
export const REPLY_MAX = 500;
export const DELETION_NOTIFICATION_KINDS = ['deletion_request', 'deletion_decided'] as const;
export const STATUS_COLOR: Record<DeletionStatus, string> = { open: 'processing', erased: 'success', restricted: 'warning', rejected: 'default', withdrawn: 'default' };
/** The staff queue's status tabs, in order, before 全部. */
export const QUEUE_STATUSES: readonly DeletionStatus[] = ['open', 'erased', 'restricted', 'rejected', 'withdrawn'];

/** Only an open request can be withdrawn by the resident (the server answers 409 otherwise). */
export const canWithdraw = (d: { status: DeletionStatus }) => d.status === 'open';
/** The label of the request's second date: when it was withdrawn, or when it was decided. */
export const decidedAtKey = (status: DeletionStatus) => (status === 'withdrawn' ? 'deletions.card.withdrawnAt' : 'deletions.card.decidedAt');

/** Something that looks like an ID number (18 or 15 digits): the server refuses it in free text, so the form does too. */

export type DeletionForm = { ground?: DeletionGround; scope?: DeletionScope; note?: string };

/**
 * The fields whose error messages go when the user changes them (antd Form `onValuesChange`). The form has no rules,
 * so an error put on a field by `form.setFields` (请选择申请理由, 请勿填写身份证号, or the server's answer) stayed after
 * the field was fixed.
 */
export function staleErrors(changed: Partial<DeletionForm>): Array<{ name: keyof DeletionForm; errors: string[] }> {
  return (Object.keys(changed) as Array<keyof DeletionForm>).map((name) => ({ name, errors: [] }));
}

/** The request body, or the first field that is wrong (the form shows the message under it). */
export function deletionBody(f: DeletionForm):
  | { ok: true; body: { ground: DeletionGround; scope: DeletionScope; note: string | null } }
  | { ok: false; path: 'ground' | 'scope' | 'note'; error: 'groundRequired' | 'scopeRequired' | 'noteTooLong' | 'idNumber' } {
  if (!f.ground) return { ok: false, path: 'ground', error: 'groundRequired' };
  if (!f.scope) return { ok: false, path: 'scope', error: 'scopeRequired' };
  const note = f.note?.trim() ?? '';
  if (note.length > NOTE_MAX) return { ok: false, path: 'note', error: 'noteTooLong' };
  if (containsIdNumber(note)) return { ok: false, path: 'note', error: 'idNumber' };
  return { ok: true, body: { ground: f.ground, scope: f.scope, note: note || null } };
}

/** A reply is required (at least 2 characters) to restrict or reject: the resident sees why. */
export function replyProblem(decision: DeletionDecision, reply: string): 'replyRequired' | 'replyTooLong' | 'idNumber' | null {
  const r = reply.trim();
  if (decision !== 'erase' && r.length < 2) return 'replyRequired';
  if (r.length > REPLY_MAX) return 'replyTooLong';
  if (containsIdNumber(r)) return 'idNumber';
  return null;
}

/**
 * What a decision will do, spelled out for the confirmation (i18n keys under deletions.effects): erasing the whole record
 * lists every kind of data that goes and that the account is closed; the care tags only them and the consent records.
 */
export function effectKeys(decision: DeletionDecision, scope: DeletionScope): EffectKey[] {
  if (decision === 'reject') return ['reject'];
  if (decision === 'restrict') return ['restrict', 'restrictAccess'];
  if (scope === 'care_tags') return ['careTags', 'consents', 'ageTagsStay'];
  return ['record', 'history', 'reports', 'requests', 'household', 'wards', 'account', 'irreversible'];
}

/** The notification bell's line for a deletion request (admins) or a decision (the resident). */
export function deletionNotice(kind: string, d: Record<string, string>, t: TFunction): string {
  const scope = t(`deletions.scopes.${d.scope as DeletionScope}`, { defaultValue: d.scope ?? '' });
  if (kind === 'deletion_request') return t('deletions.bell.request', { resident: d.residentName ?? '', scope });
  return t('deletions.bell.decided', { scope, decision: t(`deletions.decisions.${d.decision as DeletionDecision}`, { defaultValue: d.decision ?? '' }) });
}

/** A certificate's counts for display: the tables with rows deleted or changed, by name (zeros left out). */
export function certificateCounts(counts: Record<string, number>): Array<[string, number]> {
  return Object.entries(counts).filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
