import { describe, expect, it } from 'vitest';
import { dropInvisible, normalizeTypedCode } from './text';

describe('typed text', () => {
  it('drops zero-width characters, the BOM and soft hyphens, nothing visible', () => {
    expect(dropInvisible('\uFEFF金岸\u200B名苑\u00AD')).toBe('金岸名苑');
    expect(dropInvisible('A社区（筹） 1幢')).toBe('A社区（筹） 1幢');
  });
  it('folds full-width digits of a code', () => {
    expect(normalizeTypedCode(' ３３０９０２００１\u200B ')).toBe('330902001');
  });
});
