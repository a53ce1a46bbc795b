import { describe, expect, it } from 'vitest';
import { addDays, byUrgency, figureParts, overdueListed, ownerName, pickCentre, weekStart } from './command.logic';

describe('指挥部 logic (ADR 0090)', () => {
  it('an agenda item shows its stored breakdown in a fixed order, numbers only', () => {
    expect(figureParts({ source: 'tasks', figures: { unassigned: 1, open: 5, overdue: 2 } })).toEqual([['overdue', 2], ['open', 5], ['unassigned', 1]]);
    expect(figureParts({ source: 'alerts', figures: { open: 3, red: 'x' } })).toEqual([['open', 3]]);
    expect(figureParts({ source: 'other', figures: null })).toEqual([]);
    expect(overdueListed({ source: 'decisions', figures: { overdue: 1, items: [{ id: 'd', title: '核查', dueDate: '2026-12-03', owner: '街道' }] } })).toHaveLength(1);
    expect(overdueListed({ source: 'tasks', figures: { items: [{}] } })).toEqual([]);
  });

  it('weeks start on Monday', () => {
    expect(weekStart('2026-12-04')).toBe('2026-11-30'); // a Friday
    expect(weekStart('2026-11-30')).toBe('2026-11-30');
    expect(weekStart('2026-12-06')).toBe('2026-11-30'); // Sunday belongs to the week before
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('decisions: overdue first, then by deadline; the owner is the person or the group', () => {
    const d = (id: string, status: 'open' | 'done', overdue: boolean, dueDate: string) => ({ id, status, overdue, dueDate });
    expect(byUrgency([d('a', 'open', false, '2026-12-05'), d('b', 'done', false, '2026-12-01'), d('c', 'open', true, '2026-12-03'), d('e', 'open', false, '2026-12-04')]).map((x) => x.id))
      .toEqual(['c', 'e', 'a', 'b']);
    expect(ownerName({ owner: { user: null, group: { id: 'g', name: '物资保障组' } } })).toBe('物资保障组');
    expect(ownerName({ owner: { user: { id: 'u', name: '街道防控办' }, group: null } })).toBe('街道防控办');
  });

  it('the page opens the command asked for when the caller may, else the first', () => {
    const c = [{ id: 'd', name: '定海区', level: 'district', canManage: true }, { id: 's', name: '昌国街道', level: 'street', canManage: false }];
    expect(pickCentre(c, 's')?.id).toBe('s');
    expect(pickCentre(c, 'x')?.id).toBe('d');
    expect(pickCentre([], null)).toBeNull();
  });
});
