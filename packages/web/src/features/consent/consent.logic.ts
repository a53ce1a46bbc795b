// Pure rules of the consent UI (no React), unit-tested in consent.logic.test.ts.
import { containsIdNumber } from '@renxing/shared';
import { CONSENT_TAGS, type ConsentStatus, type ConsentTag, type StaffConsentMethod } from './api';

const isConsentTag = (t: string): t is ConsentTag => (CONSENT_TAGS as readonly string[]).includes(t);

/** The consent-based tags among `tags`. */
export const consentTags = (tags: readonly string[]): ConsentTag[] => CONSENT_TAGS.filter((t) => tags.includes(t));

/**
 * The consent-based tags a change adds to a record (`before` → `after`); they need a valid consent, or the worker's
 * attestation sent with the change. Tags already on the record may stay (the server says the same).
 */
export function addedConsentTags(before: readonly string[], after: readonly string[]): ConsentTag[] {
  return after.filter(isConsentTag).filter((t) => !before.includes(t));
}

/** Whether the form must ask for the attestation: consent-based tags are being added and no consent is valid. */
export function needsAttestation(consent: Pick<ConsentStatus, 'valid'> | null | undefined, before: readonly string[], after: readonly string[]): boolean {
  return !consent?.valid && addedConsentTags(before, after).length > 0;
}

/** The body's `consent` field from the form (undefined when the attestation is not asked for). */
export function attestationOf(asked: boolean, v: { consentMethod?: StaffConsentMethod; consentNote?: string }) {
  if (!asked || !v.consentMethod) return undefined;
  return { method: v.consentMethod, note: v.consentNote?.trim() || null };
}

/** Status key for the label and colour: given, none, to confirm (tags held without consent). */
export function consentState(c: Pick<ConsentStatus, 'valid' | 'toConfirm'>): 'given' | 'toConfirm' | 'none' {
  return c.valid ? 'given' : c.toConfirm ? 'toConfirm' : 'none';
}

/**
 * Whether the consent dialog can record a consent for this resident (PIPL Art. 31, ADR 0039): a child under 14 needs
 * an active guardian link — the guardian consents; otherwise `no_guardian` / `guardian_inactive` and the dialog refuses
 * (the server would answer 422 guardian_consent_required). `ok` for residents of 14 and over.
 */
export function guardianBlock(c: Pick<ConsentStatus, 'guardianRequired' | 'guardian'>): 'ok' | 'no_guardian' | 'guardian_inactive' {
  if (!c.guardianRequired) return 'ok';
  if (!c.guardian) return 'no_guardian';
  return c.guardian.active ? 'ok' : 'guardian_inactive';
}

/** The body of "登记同意": a child's consent names the guardian link (the server checks it is still the link). */
export function recordBody(c: Pick<ConsentStatus, 'guardianRequired' | 'guardian'> | undefined, v: { method: StaffConsentMethod; note?: string }) {
  const note = v.note?.trim() || null;
  return c?.guardianRequired && c.guardian ? { method: v.method, note, givenBy: 'guardian' as const, guardianId: c.guardian.id } : { method: v.method, note };
}

/**
 * What a guardian can do for their child on 我的信息 (ADR 0039): `give` without a valid consent or when the valid one
 * was recorded as the child's own (the guardian's supersedes it), otherwise `withdraw` only.
 */
export function wardAction(c: Pick<ConsentStatus, 'valid' | 'guardianConsentMissing'>): 'give' | 'withdraw' {
  return !c.valid || c.guardianConsentMissing ? 'give' : 'withdraw';
}

/** Looks like an ID number: the server refuses it in a note, so say so before sending. */
/** An ID number typed into a free-text field (the same rule as the server's, from @renxing/shared). */
export const hasIdNumber = containsIdNumber;

/** The `YYYY-MM-DD HH:mm` of an ISO instant in the browser's zone. */
export function when(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
