import { describe, expect, it } from 'vitest';
import { normaliseCode } from './mfa.logic';

describe('normaliseCode', () => {
  it('accepts what people type or paste from an authenticator', () => {
    expect(normaliseCode('123456')).toBe('123456');
    expect(normaliseCode('123 456')).toBe('123456');
    expect(normaliseCode(' 123-456 ')).toBe('123456');
    expect(normaliseCode('１２３４５６')).toBe('123456'); // full-width digits from a Chinese IME
  });
  it('leaves anything else for the 6-digit check to refuse', () => {
    expect(normaliseCode('12a456')).toBe('12a456');
    expect(/^\d{6}$/.test(normaliseCode('12345'))).toBe(false);
  });
});
