import { describe, expect, it } from 'vitest';
import { formatTemperature, parseTemperature, stepTemperature } from './temperature';

describe('temperature field', () => {
  it('reads dot, comma, full-width and unit-suffixed input', () => {
    expect(parseTemperature('36.5')).toBe(36.5);
    expect(parseTemperature('36,5')).toBe(36.5);
    expect(parseTemperature(' 37，8 ')).toBe(37.8);
    expect(parseTemperature('３６．５')).toBe(36.5);
    expect(parseTemperature('38.2℃')).toBe(38.2);
    expect(parseTemperature('37')).toBe(37);
    expect(parseTemperature('45')).toBe(45); // out of range is the server's call, not the parser's
  });

  it('refuses what is not a temperature', () => {
    for (const s of ['', ' ', 'abc', '36.5.1', '36,,5', '-36', '36.', '.5', '1e2']) expect(parseTemperature(s)).toBeNull();
  });

  it('steps by 0.1 without floating-point noise', () => {
    expect(stepTemperature('36.5', 1)).toBe('36.6');
    expect(stepTemperature('36.5', -1)).toBe('36.4');
    expect(stepTemperature('37,2', 1)).toBe('37.3');
    expect(stepTemperature('36.99', 1)).toBe('37.1');
    expect(stepTemperature('', 1)).toBe('36.6');
    expect(stepTemperature('abc', -1)).toBe('36.4');
    expect(formatTemperature(37)).toBe('37.0');
  });
});
