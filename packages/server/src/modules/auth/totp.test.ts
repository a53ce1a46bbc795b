// TOTP against the RFC 4226 appendix D and RFC 6238 appendix B test vectors, plus base32 and replay rules.
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, otpauthUri, stepAt, totpAt, verifyTotp } from './totp';

const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');

describe('TOTP (RFC 4226 / RFC 6238)', () => {
  it('HOTP matches RFC 4226 appendix D', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(RFC_SECRET, i))).toEqual(expected);
  });

  it('TOTP (SHA-1, 8 digits) matches RFC 6238 appendix B', () => {
    const cases: Array<[number, string]> = [[59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'], [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130']];
    for (const [t, code] of cases) expect(hotp(RFC_SECRET, stepAt(t * 1000), 8)).toBe(code);
  });

  it('base32 round-trips and matches RFC 4648 vectors', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('mzxw6ytboi======').toString()).toBe('foobar');
    expect(base32Decode('MZXW 6YTB OI').toString()).toBe('foobar');
    expect(() => base32Decode('MZXW1')).toThrow();
    const r = Buffer.from(Array.from({ length: 20 }, (_, i) => (i * 37 + 11) & 255));
    expect(base32Decode(base32Encode(r))).toEqual(r);
  });

  it('accepts the current and adjacent steps once each, and nothing else', () => {
    const now = 1_764_380_000_000;
    const code = totpAt(RFC_SECRET, now);
    const step = verifyTotp(RFC_SECRET, code, now, null);
    expect(step).toBe(stepAt(now));
    expect(verifyTotp(RFC_SECRET, code, now, step)).toBeNull(); // replay
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, now - 30_000), now, null)).toBe(stepAt(now) - 1); // drift
    expect(verifyTotp(RFC_SECRET, totpAt(RFC_SECRET, now - 90_000), now, null)).toBeNull(); // too old
    expect(verifyTotp(RFC_SECRET, '12345', now, null)).toBeNull();
    expect(verifyTotp(RFC_SECRET, 'abcdef', now, null)).toBeNull();
  });

  it('builds an otpauth URI authenticator apps read', () => {
    const uri = otpauthUri('Renxing 韧性', 'admin', Buffer.from('foobar'));
    expect(uri.startsWith('otpauth://totp/Renxing%20%E9%9F%A7%E6%80%A7%3Aadmin?')).toBe(true);
    const q = new URL(uri).searchParams;
    expect(q.get('secret')).toBe('MZXW6YTBOI');
    expect(q.get('digits')).toBe('6');
    expect(q.get('period')).toBe('30');
  });
});
