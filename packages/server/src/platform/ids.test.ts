import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256, uuidv7 } from './ids';

describe('ids', () => {
  it('sha256 gives the standard digest for strings (UTF-8) and buffers', () => {
    // FIPS 180-2 test vector "abc".
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256(Buffer.from('abc'))).toBe(sha256('abc'));
    const text = '居民 张三 330902199001011234';
    expect(sha256(text)).toBe(crypto.createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
  });

  it('uuidv7 is version 7, RFC 9562 variant, and carries the timestamp', () => {
    const at = Date.UTC(2026, 10, 30, 6, 0, 0);
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    expect(uuidv7(at)).not.toBe(id);
  });
});
