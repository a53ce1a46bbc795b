// Pure rules of the consent UI (no React), unit-tested in consent.logic.test.ts.
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

/** Looks like an ID number: the server refuses it in a note, so say so before sending. */
export const hasIdNumber = (s: string | undefined | null) => /\d{17}[\dXx]|\d{15}/.test(s ?? '');

/** The `YYYY-MM-DD HH:mm` of an ISO instant in the browser's zone. */
export function when(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
