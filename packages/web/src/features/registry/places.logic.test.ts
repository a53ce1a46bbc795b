import { describe, expect, it } from 'vitest';
import type { BuildingView, CompoundView } from './places.api';
import { buildingChanges, compoundPatch, filterCompounds } from './places.logic';

const compound: CompoundView = {
  id: 'c1', name: '港务新村', communityId: 'A', threeNo: false, buildings: [],
  flags: { noPropertyManagement: true, noCompetentAuthority: false, notEnclosed: false },
};
const building: BuildingView = {
  id: 'b1', name: '1幢', compoundId: 'c1', gridId: 'g1', gridName: '第一网格', units: 1, households: 2, residents: 3,
  lead: { id: 'u1', displayName: '志愿者', role: 'volunteer', status: 'active' },
};

describe('places form rules', () => {
  it('sends only the compound fields that changed (trimmed name, flags set and cleared)', () => {
    expect(compoundPatch(compound, { name: ' 港务新村 ', flags: ['noPropertyManagement'] })).toEqual({});
    expect(compoundPatch(compound, { name: '港务新苑', flags: ['noPropertyManagement'] })).toEqual({ name: '港务新苑' });
    expect(compoundPatch(compound, { name: '港务新村', flags: ['notEnclosed'] })).toEqual({ noPropertyManagement: false, notEnclosed: true });
  });

  it('splits a building save into an update (only changes; clearing the lead sends null) and a grid move with its reason', () => {
    expect(buildingChanges(building, { name: '1幢', gridId: 'g1', leadUserId: 'u1' })).toEqual({ patch: null, move: null });
    expect(buildingChanges(building, { name: '1幢', gridId: 'g1', leadUserId: undefined })).toEqual({ patch: { leadUserId: null }, move: null });
    expect(buildingChanges({ ...building, lead: null }, { name: '2幢', gridId: 'g1', leadUserId: 'u2' })).toEqual({ patch: { name: '2幢', leadUserId: 'u2' }, move: null });
    expect(buildingChanges(building, { name: '1幢', gridId: 'g2', leadUserId: 'u1', reason: ' 网格调整 ' })).toEqual({ patch: null, move: { gridId: 'g2', reason: '网格调整' } });
  });

  it('filters compounds by part of the name and by grid (keeping only that grid’s buildings)', () => {
    const other: CompoundView = { ...compound, id: 'c2', name: '东山苑', buildings: [{ ...building, id: 'b2', compoundId: 'c2', gridId: 'g2' }, { ...building, id: 'b3', compoundId: 'c2' }] };
    const empty: CompoundView = { ...compound, id: 'c3', name: '新村二期', buildings: [] };
    const all = [{ ...compound, buildings: [building] }, other, empty];
    expect(filterCompounds(all, '', undefined).map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
    expect(filterCompounds(all, ' 新村 ', undefined).map((c) => c.id)).toEqual(['c1', 'c3']);
    expect(filterCompounds(all, '', 'g2').map((c) => [c.id, c.buildings.map((b) => b.id)])).toEqual([['c2', ['b2']]]);
    expect(filterCompounds(all, '港务', 'g2')).toEqual([]);
  });
});
