import { describe, expect, it } from 'vitest';
import type { Household, Relation, ResidentRow } from './api';
import { headCandidates, headConflict } from './household-head.logic';

const member = (id: string, relation: Relation, age = 40): ResidentRow => ({
  id, nameMasked: `*${id}`, sex: 'M', age, idMasked: '330902********0011', phoneMasked: null, address: 'A社区 1幢 1单元 202', householdId: 'h', gridId: 'g',
  relation, residenceType: 'registered', tags: [], status: 'active', version: 1, restricted: false, access: 'full',
});
const household = (headResidentId: string | null, members: ResidentRow[]): Household => ({
  id: 'h', address: 'A社区 1幢 1单元 202', room: '202', householdType: 'family', headResidentId, gridId: 'g', version: 3, members,
});

describe('指定户主 / 更换户主', () => {
  it('a consistent household: no conflict, the current head is not offered', () => {
    const h = household('a', [member('a', 'head'), member('b', 'spouse'), member('c', 'child', 9)]);
    expect(headConflict(h)).toBe(false);
    expect(headCandidates(h).map((c) => c.id)).toEqual(['b']);
  });

  it('two members recorded as 户主: a conflict, and the current head may be chosen again to repair it', () => {
    const h = household('a', [member('a', 'head'), member('b', 'head')]);
    expect(headConflict(h)).toBe(true);
    expect(headCandidates(h).map((c) => c.id)).toEqual(['a', 'b']);
  });

  it("the head's relation is not 户主: a conflict; nobody named and nobody recorded as head is not one", () => {
    expect(headConflict(household('a', [member('a', 'spouse'), member('b', 'child')]))).toBe(true);
    expect(headCandidates(household('a', [member('a', 'spouse'), member('b', 'child')])).map((c) => c.id)).toEqual(['a', 'b']);
    expect(headConflict(household(null, [member('a', 'spouse')]))).toBe(false);
  });
});
