// Pure rules of the places page (no React), unit-tested in places.logic.test.ts.
import { FLAG_KEYS, type BuildingView, type CompoundView, type PlaceFlags, type RoomView, type UnitView } from './places.api';

/**
 * What saving the compound form sends: only what changed (a rename, a flag), so that two people editing different
 * things of the same compound do not undo each other (there is no version on places; ADR 0014).
 */
export function compoundPatch(c: CompoundView, v: { name: string; flags: ReadonlyArray<keyof PlaceFlags> }): { name?: string } & Partial<PlaceFlags> {
  const patch: { name?: string } & Partial<PlaceFlags> = {};
  if (v.name.trim() !== c.name) patch.name = v.name.trim();
  for (const f of FLAG_KEYS) if (v.flags.includes(f) !== c.flags[f]) patch[f] = v.flags.includes(f);
  return patch;
}

/** Saving the building form: an update (name, lead; only what changed; null clears the lead) and/or a move to another grid. */
export function buildingChanges(
  b: BuildingView, v: { name: string; gridId: string; leadUserId?: string | null; reason?: string },
): { patch: { name?: string; leadUserId?: string | null } | null; move: { gridId: string; reason: string } | null } {
  const patch: { name?: string; leadUserId?: string | null } = {};
  if (v.name.trim() !== b.name) patch.name = v.name.trim();
  const lead = v.leadUserId ?? null;
  if (lead !== (b.lead?.id ?? null)) patch.leadUserId = lead;
  return {
    patch: Object.keys(patch).length ? patch : null,
    move: v.gridId !== b.gridId ? { gridId: v.gridId, reason: (v.reason ?? '').trim() } : null,
  };
}

/**
 * The compounds shown for a name filter (part of the name) and a grid filter: with a grid chosen, only the compounds
 * with a building in it, and only those buildings. Compounds without buildings show only without a grid filter. A term
 * that is not part of a compound's name finds its buildings instead: part of a building's name, a building number
 * written any common way ("3号楼" finds 3幢), or the compound and then the building ("港务新村 3幢").
 */
export function filterCompounds(items: readonly CompoundView[], name: string, gridId?: string): CompoundView[] {
  const term = name.trim();
  const words = term.split(/\s+/).filter(Boolean);
  return items
    .map((c) => (gridId ? { ...c, buildings: c.buildings.filter((b) => b.gridId === gridId) } : c))
    .filter((c) => !gridId || c.buildings.length > 0)
    .flatMap((c) => {
      if (!term || c.name.includes(term)) return [c];
      // A compound with 60+ buildings: "47幢", "47号楼" or "港务新村 3幢" finds the building (only it is shown).
      const rest = words.filter((w) => !c.name.includes(w));
      if (rest.length === words.length && words.length > 1) return [];
      const buildings = c.buildings.filter((b) => rest.every((w) => buildingMatches(b.name, w)));
      return buildings.length ? [{ ...c, buildings }] : [];
    });
}

/** The number of a building written "3", "3幢", "3栋", "3号楼", "03#" (null for a name that is not a number). */
function buildingNumber(name: string): number | null {
  const m = /^0*(\d+)\s*(?:号楼|#楼|幢|栋|号|楼|#)?$/.exec(name.normalize('NFKC').trim());
  return m ? Number(m[1]) : null;
}

/** A building shown for a typed word: part of its name, or the same number written another way ("3号楼" finds 3幢). */
function buildingMatches(building: string, word: string): boolean {
  const n = buildingNumber(word);
  return n !== null && /\D$/.test(word.normalize('NFKC')) ? buildingNumber(building) === n : building.includes(word);
}

/**
 * What a room looks like in the building view: `occupied` (active residents), `vacated` (people were registered, all
 * moved out or died) or `unregistered` (nobody was ever registered in it — an empty flat, or one still to visit).
 */
export type RoomState = 'occupied' | 'vacated' | 'unregistered';
export function roomState(r: Pick<RoomView, 'members' | 'residents'>): RoomState {
  if (r.members > 0) return 'occupied';
  return r.residents > 0 ? 'vacated' : 'unregistered';
}

export type PlaceTotals = { units: number; rooms: number; members: number; occupied: number; vacated: number; unregistered: number };

/** Totals of units (one unit, or a whole building) for the building view's summary lines. */
export function placeTotals(units: readonly UnitView[]): PlaceTotals {
  const t: PlaceTotals = { units: units.length, rooms: 0, members: 0, occupied: 0, vacated: 0, unregistered: 0 };
  for (const u of units) {
    for (const r of u.rooms) {
      t.rooms += 1;
      t.members += r.members;
      t[roomState(r)] += 1;
    }
  }
  return t;
}

/** A rename to send: the trimmed new name, or null when it is empty or unchanged (nothing to save). */
export function renameTo(current: string, input: string): string | null {
  const v = input.trim();
  return v && v !== current ? v : null;
}
