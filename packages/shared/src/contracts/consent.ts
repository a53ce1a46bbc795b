// Separate consent to care services (单独同意, PIPL Art. 29, PRIV-07, ADR 0033): the vocabulary and the answer shapes
// that the server (modules/registry/registry.consent.ts, modules/me/me.consent.routes.ts) and the web app
// (features/consent) share. Plain types and constants: nothing here reaches the web bundle but a few strings.

/** The purpose the consent is given for. */
export const CONSENT_PURPOSE = 'care_services';
/** Care tags that need the resident's separate consent (the age-derived tags do not). */
export const CONSENT_TAGS = ['living_alone', 'disabled', 'chronic', 'pregnant'] as const;
export type ConsentTag = (typeof CONSENT_TAGS)[number];
/** written: 纸质同意书; oral_witnessed: 口头同意、工作人员见证; portal: the resident online (我的信息). */
export const CONSENT_METHODS = ['written', 'oral_witnessed', 'portal'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
/** What staff can attest; `portal` is only ever the resident's own act. */
export const STAFF_CONSENT_METHODS = ['written', 'oral_witnessed'] as const;
export type StaffConsentMethod = (typeof STAFF_CONSENT_METHODS)[number];
/** A staff member's statement that the resident consented (or withdrew), carried by a command. */
export type ConsentAttestation = { method: StaffConsentMethod; note?: string | null };

/** One consent as staff and the resident see it (no account ids or names). */
export type ConsentView = {
  id: string;
  purpose: string;
  method: ConsentMethod;
  noticeVersion: string;
  note: string | null;
  /** `staff`: recorded by a worker (written / oral); `resident`: given online; `import`: attested for an import file; `system`: seed or CLI. */
  recordedBy: 'staff' | 'resident' | 'import' | 'system';
  recordedAt: string;
  withdrawnAt: string | null;
  withdrawnBy: 'staff' | 'resident' | 'system' | null;
  withdrawMethod: ConsentMethod | null;
  withdrawNote: string | null;
  version: number;
};

/** The consent status shown next to the care tags. */
export type ConsentStatus = {
  purpose: typeof CONSENT_PURPOSE;
  basis: 'separate_consent';
  /** A consent is in force now. */
  valid: boolean;
  current: ConsentView | null;
  /** Every consent given, newest first (withdrawn ones until the retention job deletes them, 3 years after). */
  history: ConsentView[];
  /** Consent-based tags on the record now. */
  tags: ConsentTag[];
  /** The record holds consent-based tags but no consent (from before consent was recorded): to be confirmed. */
  toConfirm: boolean;
};
