import { describe, expect, it } from 'vitest';
import { countText, dropInvisible, normalizeTypedCode, referenceCharacterProblem } from './text';

describe('typed text', () => {
  it('drops zero-width characters, the BOM and soft hyphens, nothing visible', () => {
    expect(dropInvisible('\uFEFF金岸\u200B名苑\u00AD')).toBe('金岸名苑');
    expect(dropInvisible('A社区（筹） 1幢')).toBe('A社区（筹） 1幢');
  });
  it('folds full-width digits of a code', () => {
    expect(normalizeTypedCode(' ３３０９０２００１\u200B ')).toBe('330902001');
  });
  it('takes a reference number in letters, digits and punctuation of any script; refuses emoji and angle brackets', () => {
    for (const ok of ['A-0012', '第3册-15号', 'ZH/2022/0815', '（旧）12#3', 'Nº 7']) expect(referenceCharacterProblem(ok), ok).toBeNull();
    expect(referenceCharacterProblem('A12😀')?.en).toBe('must not contain emoji');
    expect(referenceCharacterProblem('12❤')?.zh).toBe('不应包含表情符号');
    expect(referenceCharacterProblem('<b>12</b>')?.en).toBe('must not contain the angle brackets < >');
  });
});

describe('countText (counts in server messages)', () => {
  it('groups thousands and leaves small counts alone', () => {
    expect(countText(7)).toBe('7');
    expect(countText(1234)).toBe('1,234');
    expect(countText(1234567)).toBe('1,234,567');
    expect(countText(0)).toBe('0');
  });
});
