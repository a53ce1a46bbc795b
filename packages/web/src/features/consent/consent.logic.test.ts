import { describe, expect, it } from 'vitest';
import { addedConsentTags, attestationOf, consentState, consentTags, guardianBlock, hasIdNumber, needsAttestation, recordBody, wardAction } from './consent.logic';

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

  it('a child under 14: the dialog refuses without an active guardian link and sends the guardian link as the consenting party (ADR 0039)', () => {
    const guardian = { id: 'g1', nameMasked: '张*', active: true };
    expect(guardianBlock({ guardianRequired: false, guardian: null })).toBe('ok');
    expect(guardianBlock({ guardianRequired: true, guardian: null })).toBe('no_guardian');
    expect(guardianBlock({ guardianRequired: true, guardian: { ...guardian, active: false } })).toBe('guardian_inactive');
    expect(guardianBlock({ guardianRequired: true, guardian })).toBe('ok');
    expect(recordBody({ guardianRequired: true, guardian }, { method: 'written', note: ' 父亲签字 ' })).toEqual({ method: 'written', note: '父亲签字', givenBy: 'guardian', guardianId: 'g1' });
    // 14 and over (or no status loaded): the resident's own consent, no guardian sent.
    expect(recordBody({ guardianRequired: false, guardian }, { method: 'oral_witnessed', note: '' })).toEqual({ method: 'oral_witnessed', note: null });
    expect(recordBody(undefined, { method: 'written' })).toEqual({ method: 'written', note: null });
  });

  it('a guardian on 我的信息 can give consent for a child without one, or replace one recorded as the child\'s own; otherwise only withdraw', () => {
    expect(wardAction({ valid: false, guardianConsentMissing: false })).toBe('give');
    expect(wardAction({ valid: true, guardianConsentMissing: true })).toBe('give');
    expect(wardAction({ valid: true, guardianConsentMissing: false })).toBe('withdraw');
  });
});
