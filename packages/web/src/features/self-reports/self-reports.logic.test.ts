import { describe, expect, it } from 'vitest';
import { DOOR_SEARCH_MAX, doorSearchText } from './self-reports.logic';

describe('上门代报 search', () => {
  it('searches the trimmed text and says nothing (null) for nothing, spaces or full-width spaces', () => {
    expect(doorSearchText(' 张三 ')).toBe('张三');
    expect(doorSearchText('')).toBeNull();
    expect(doorSearchText('   ')).toBeNull();
    expect(doorSearchText('\u3000\u3000')).toBeNull();
  });
  it('never sends more than the server takes (40 characters)', () => {
    expect(DOOR_SEARCH_MAX).toBe(40);
    expect(doorSearchText('a'.repeat(41))).toHaveLength(40);
  });
});
