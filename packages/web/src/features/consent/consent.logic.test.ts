import { describe, expect, it } from 'vitest';
import { addedConsentTags, attestationOf, consentState, consentTags, hasIdNumber, needsAttestation } from './consent.logic';

describe('consent rules of the forms', () => {
  it('only consent-based tags that the record does not hold yet need a consent', () => {
    expect(consentTags(['elderly60', 'chronic', 'living_alone', 'infant'])).toEqual(['living_alone', 'chronic']);
    expect(addedConsentTags(['elderly60'], ['elderly60', 'chronic'])).toEqual(['chronic']);
    expect(addedConsentTags(['chronic'], ['chronic'])).toEqual([]);
    expect(addedConsentTags([], ['elderly80', 'minor', 'infant'])).toEqual([]);
  });

  it('asks for the attestation only without a valid consent', () => {
    expect(needsAttestation({ valid: false }, [], ['disabled'])).toBe(true);
    expect(needsAttestation({ valid: true }, [], ['disabled'])).toBe(false);
    expect(needsAttestation(undefined, [], ['pregnant'])).toBe(true);
    expect(needsAttestation({ valid: false }, ['disabled'], ['disabled'])).toBe(false);
  });

  it('builds the attestation body, and names the states', () => {
    expect(attestationOf(true, { consentMethod: 'written', consentNote: '  同意书存档 ' })).toEqual({ method: 'written', note: '同意书存档' });
    expect(attestationOf(true, { consentMethod: 'oral_witnessed', consentNote: ' ' })).toEqual({ method: 'oral_witnessed', note: null });
    expect(attestationOf(false, { consentMethod: 'written' })).toBeUndefined();
    expect(consentState({ valid: true, toConfirm: false })).toBe('given');
    expect(consentState({ valid: false, toConfirm: true })).toBe('toConfirm');
    expect(consentState({ valid: false, toConfirm: false })).toBe('none');
    expect(hasIdNumber('身份证 330902197003030012')).toBe(true);
    expect(hasIdNumber('同意书编号 2025-017')).toBe(false);
  });
});
