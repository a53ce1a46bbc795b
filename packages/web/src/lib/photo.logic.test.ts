import { describe, expect, it } from 'vitest';
import { photoBytes, photoOf, type Photo } from './photo.logic';

describe('a chosen photo', () => {
  it('its size in bytes, read back from the base64 the API takes', () => {
    for (const n of [1, 2, 3, 4, 5, 1000, 4097]) {
      const bytes = new Uint8Array(n);
      bytes.set([0xff, 0xd8, 0xff].slice(0, n));
      const p = photoOf(bytes);
      if (n < 3) expect(p).toBe('type');
      else expect(photoBytes(p as Photo)).toBe(n);
    }
  });
});
