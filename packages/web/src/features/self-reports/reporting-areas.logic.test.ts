import { describe, expect, it } from 'vitest';
import { areaPercent, canOpen, childrenKey, collectionNote, figureText, needsAttention, noResidents } from './reporting-areas.logic';
import { reportedPercent } from './today.logic';

describe('the street and district card of today’s reporting (counts per area)', () => {
  it('shows a count with separators, and a hidden one (1 to 4) as "<5" — zero stays zero', () => {
    expect(figureText(12345, '<5', 'zh-CN')).toBe('12,345');
    expect(figureText(null, '<5', 'zh-CN')).toBe('<5');
    expect(figureText(0, '<5', 'en')).toBe('0');
  });

  it('gives the reported share only when both counts are shown: a percentage would give a hidden count away', () => {
    expect(areaPercent({ reported: 9, residents: 10 })).toBe(90);
    expect(areaPercent({ reported: 11, residents: 708 })).toBe(reportedPercent(11, 708)); // rounded down, as the community's card
    expect(areaPercent({ reported: null, residents: 40 })).toBeNull();
    expect(areaPercent({ reported: 7, residents: null })).toBeNull();
    expect(areaPercent({ reported: 0, residents: 0 })).toBeNull();
    expect(areaPercent({ reported: 12, residents: 10 })).toBe(100); // people who moved out since reported: never over 100 %
  });

  it('marks fevers and open follow-ups that need attention, hidden ones included (1 to 4 is not none)', () => {
    expect(needsAttention(0)).toBe(false);
    expect(needsAttention(3)).toBe(true);
    expect(needsAttention(null)).toBe(true);
  });

  it('opens streets and communities, not grids; names the rows by the level shown', () => {
    expect(canOpen({ level: 'street' })).toBe(true);
    expect(canOpen({ level: 'community' })).toBe(true);
    expect(canOpen({ level: 'grid' })).toBe(false);
    expect(childrenKey('district')).toBe('district');
    expect(childrenKey('street')).toBe('street');
    expect(childrenKey('community')).toBe('community');
    expect(childrenKey('city')).toBe('other');
  });

  it('says when nothing is collected (no emergency period) or only in some communities', () => {
    expect(collectionNote('open')).toBeNull();
    expect(collectionNote('partly')).toBe('partly');
    expect(collectionNote('closed')).toBe('notCollecting');
    expect(noResidents({ residents: 0 })).toBe(true);
    expect(noResidents({ residents: null })).toBe(false); // 1 to 4 residents are residents
  });
});
