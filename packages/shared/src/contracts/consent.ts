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
/**
 * PIPL Art. 31: for a child under this age the consent must come from the parent or guardian. Fixed by law — not the
 * `RENXING_MINOR_APPROVAL_AGE` setting (ADR 0039). Age from the birth date in the ID number on the day of the consent.
 */
export const GUARDIAN_CONSENT_AGE = 14;
/** Who gave a consent: the resident (`self`) or, for a child under 14, their guardian (ADR 0039). */
export const CONSENT_GIVERS = ['self', 'guardian'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];
/**
 * A staff member's statement that the resident consented (or withdrew), carried by a command. For a child under 14 the
 * consent is the guardian's: `givenBy` defaults to `guardian` and `guardianId` to the child's guardian link (ADR 0039).
 */
export type ConsentAttestation = { method: StaffConsentMethod; note?: string | null; givenBy?: ConsentGiver; guardianId?: string | null };
/** A resident as consent answers show them: id and masked name only. */
export type ConsentPerson = { id: string; nameMasked: string };

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
  /** Who consented: the resident, or their guardian (a child under 14, ADR 0039). */
  givenBy: ConsentGiver;
  /** The guardian who consented for the child (masked name from the registry), when `givenBy` is `guardian`. */
  guardian: ConsentPerson | null;
  withdrawnAt: string | null;
  withdrawnBy: 'staff' | 'resident' | 'system' | null;
  withdrawMethod: ConsentMethod | null;
  withdrawNote: string | null;
  /** The guardian who withdrew the child's consent online (ADR 0039). */
  withdrawnByGuardian: ConsentPerson | null;
  /** A child's consent recorded as their own, replaced by the guardian's consent (this record's id, ADR 0039). */
  supersededBy: string | null;
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
  /** The resident is under 14 today: only their guardian can consent (PIPL Art. 31, ADR 0039). */
  guardianRequired: boolean;
  /** The resident's current guardian link (masked), and whether that guardian is an active resident who can consent. */
  guardian: (ConsentPerson & { active: boolean }) | null;
  /** Under 14 with a valid consent that was not given by a guardian (recorded before ADR 0039): 待监护人同意. */
  guardianConsentMissing: boolean;
};
