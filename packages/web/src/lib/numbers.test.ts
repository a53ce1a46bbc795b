import { describe, expect, it } from 'vitest';
import { formatCount, formatEstimate } from './numbers';

describe('formatCount', () => {
  it('groups thousands in both UI languages', () => {
    expect(formatCount(12345, 'zh-CN')).toBe('12,345');
    expect(formatCount(12345, 'en')).toBe('12,345');
    expect(formatCount(1234567, 'en')).toBe('1,234,567');
  });
  it('leaves small counts and zero as they are', () => {
    expect(formatCount(0, 'zh-CN')).toBe('0');
    expect(formatCount(7, 'en')).toBe('7');
    expect(formatCount(999, 'zh-CN')).toBe('999');
  });
  it('shows a dash for a missing or broken value', () => {
    expect(formatCount(null, 'zh-CN')).toBe('—');
    expect(formatCount(undefined, 'en')).toBe('—');
    expect(formatCount(Number.NaN, 'en')).toBe('—');
    expect(formatCount(Number.POSITIVE_INFINITY, 'en')).toBe('—');
  });
  it('falls back to zh-CN for a language tag Intl refuses', () => {
    expect(formatCount(12345, 'not a language!')).toBe('12,345');
  });
});

describe('formatEstimate', () => {
  it('drops a trailing .0 so an expected 3 reads like an observed 3', () => {
    expect(formatEstimate(3, 'zh-CN')).toBe('3');
    expect(formatEstimate(3.0, 'en')).toBe('3');
    expect(formatEstimate(3.04, 'zh-CN')).toBe('3');
    expect(formatEstimate(2.96, 'en')).toBe('3');
  });
  it('shows at most one decimal, rounded', () => {
    expect(formatEstimate(3.25, 'zh-CN')).toBe('3.3');
    expect(formatEstimate(3.14159, 'en')).toBe('3.1');
    expect(formatEstimate(0.5, 'en')).toBe('0.5');
  });
  it('groups thousands', () => {
    expect(formatEstimate(1234.5, 'zh-CN')).toBe('1,234.5');
    expect(formatEstimate(1234.5, 'en')).toBe('1,234.5');
    expect(formatEstimate(12000, 'en')).toBe('12,000');
  });
  it('takes another number of decimals (R_t: two)', () => {
    expect(formatEstimate(1.234, 'en', 2)).toBe('1.23');
    expect(formatEstimate(1.2, 'zh-CN', 2)).toBe('1.2');
    expect(formatEstimate(1, 'zh-CN', 2)).toBe('1');
  });
  it('never shows "-0"', () => {
    expect(formatEstimate(-0.04, 'zh-CN')).toBe('0');
    expect(formatEstimate(-0, 'en')).toBe('0');
    expect(formatEstimate(-0.004, 'en', 2)).toBe('0');
    expect(formatEstimate(-1.26, 'en')).toBe('-1.3');
  });
  it('shows a dash for a missing or broken value', () => {
    expect(formatEstimate(null, 'zh-CN')).toBe('—');
    expect(formatEstimate(undefined, 'en')).toBe('—');
    expect(formatEstimate(Number.NaN, 'en')).toBe('—');
  });
});
