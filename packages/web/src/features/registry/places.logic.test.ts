import { describe, expect, it } from 'vitest';
import type { BuildingView, CompoundView, UnitView } from './places.api';
import { buildingChanges, compoundPatch, filterCompounds, placeTotals, renameTo, roomState } from './places.logic';

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

  it('finds a building among many: by part of its name, its number written another way, or compound then building', () => {
    const many = (id: string, name: string): CompoundView => ({
      ...compound, id, name, buildings: Array.from({ length: 66 }, (_, i) => ({ ...building, id: `${id}-b${i + 1}`, compoundId: id, name: `${i + 1}幢`, gridId: i % 2 ? 'g2' : 'g1' })),
    });
    const all = [many('c1', '港务新村'), many('c2', '东山苑')];
    const shown = (term: string, grid?: string) => filterCompounds(all, term, grid).map((c) => [c.id, c.buildings.map((b) => b.name)]);
    expect(shown('47幢')).toEqual([['c1', ['47幢']], ['c2', ['47幢']]]);
    expect(shown('47号楼')).toEqual([['c1', ['47幢']], ['c2', ['47幢']]]);
    expect(shown('港务新村 3幢')).toEqual([['c1', ['3幢']]]);
    expect(shown('港务 3栋')).toEqual([['c1', ['3幢']]]);
    expect(shown('6')).toEqual([['c1', ['6幢', '16幢', '26幢', '36幢', '46幢', '56幢', '60幢', '61幢', '62幢', '63幢', '64幢', '65幢', '66幢']], ['c2', ['6幢', '16幢', '26幢', '36幢', '46幢', '56幢', '60幢', '61幢', '62幢', '63幢', '64幢', '65幢', '66幢']]]);
    // The grid filter still applies (47幢 lies in g1 here), and a whole compound name still shows every building.
    expect(shown('47幢', 'g2')).toEqual([]);
    expect(shown('东山苑')[0]![1]).toHaveLength(66);
    expect(shown('西湖 3幢')).toEqual([]);
    expect(shown('99幢')).toEqual([]);
  });
});

describe('building view and rename rules (ADR 0019)', () => {
  const room = (id: string, members: number, residents: number) => ({ id, room: id, householdType: 'family' as const, version: 1, members, residents });

  it('tells occupied rooms from vacated ones (people registered, all gone) and rooms nobody was registered in', () => {
    expect(roomState({ members: 2, residents: 3 })).toBe('occupied');
    expect(roomState({ members: 0, residents: 1 })).toBe('vacated');
    expect(roomState({ members: 0, residents: 0 })).toBe('unregistered');
  });

  it('totals a building’s units: rooms, active residents and rooms per state', () => {
    const units: UnitView[] = [
      { id: 'u1', name: '1单元', rooms: [room('101', 2, 2), room('102', 0, 0), room('103', 0, 1)] },
      { id: 'u2', name: '2单元', rooms: [room('201', 3, 4)] },
      { id: 'u3', name: '3单元', rooms: [] },
    ];
    expect(placeTotals(units)).toEqual({ units: 3, rooms: 4, members: 5, occupied: 2, vacated: 1, unregistered: 1 });
    expect(placeTotals([units[0]!])).toEqual({ units: 1, rooms: 3, members: 2, occupied: 1, vacated: 1, unregistered: 1 });
    expect(placeTotals([])).toEqual({ units: 0, rooms: 0, members: 0, occupied: 0, vacated: 0, unregistered: 0 });
  });

  it('sends a rename only when the trimmed name is new and not empty', () => {
    expect(renameTo('2元', ' 2单元 ')).toBe('2单元');
    expect(renameTo('2单元', '2单元 ')).toBeNull();
    expect(renameTo('2单元', '   ')).toBeNull();
  });
});
