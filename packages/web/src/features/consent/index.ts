// Public surface of the consent feature (separate consent to care services, ADR 0033) for the rest of the app: the
// profile panel, the attestation in the registry's forms, the resident's card on 我的信息, and their rules and types.
export { ConsentSummary } from './consent-panel';
export { AttestationFields } from './attestation-fields';
export { MyConsentCard } from './my-consent.card';
export { MyWardsConsentCard } from './my-wards.card';
export { attestationOf, needsAttestation } from './consent.logic';
export type { ConsentAttestation, ConsentStatus, StaffConsentMethod } from './api';
