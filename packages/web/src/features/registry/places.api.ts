// Places API (packages/server/src/modules/registry/places.routes.ts, ADR 0014).
import { request } from '../../api/client';

export type PlaceFlags = { noPropertyManagement: boolean; noCompetentAuthority: boolean; notEnclosed: boolean };
export const FLAG_KEYS = ['noPropertyManagement', 'noCompetentAuthority', 'notEnclosed'] as const satisfies ReadonlyArray<keyof PlaceFlags>;
export const HOUSEHOLD_TYPES = ['family', 'collective', 'rental'] as const;
export type HouseholdType = (typeof HOUSEHOLD_TYPES)[number];

export type PlacePerson = { id: string; displayName: string; role: string; status: 'active' | 'disabled' };
export type GridView = { id: string; name: string; code: string; workers: PlacePerson[]; compounds: number; buildings: number; residents: number };
export type BuildingView = {
  id: string; name: string; compoundId: string; gridId: string; gridName: string; lead: PlacePerson | null; units: number; households: number; residents: number;
};
export type CompoundView = { id: string; name: string; communityId: string; flags: PlaceFlags; threeNo: boolean; buildings: BuildingView[] };
export type CommunityRef = { id: string; name: string; code: string };
/** A room (a household row): `members` are its active residents, `residents` all it ever had still registered there (any status). */
export type RoomView = { id: string; room: string; householdType: HouseholdType; version: number; members: number; residents: number };
export type UnitView = { id: string; name: string; rooms: RoomView[] };
export type LeadCandidate = PlacePerson & { orgName: string };

export function placeGrids(communityId: string, signal?: AbortSignal): Promise<{ community: CommunityRef; items: GridView[] }> {
  return request('/api/places/grids', { query: { communityId }, signal });
}

export function placeCompounds(communityId: string, signal?: AbortSignal): Promise<{ community: CommunityRef; items: CompoundView[] }> {
  return request('/api/places/compounds', { query: { communityId }, signal });
}

export function createCompound(body: { communityId: string; name: string } & Partial<PlaceFlags>): Promise<CompoundView> {
  return request('/api/places/compounds', { method: 'POST', body });
}

/** Only the fields sent change (a rename, a flag). */
export function updateCompound(id: string, body: { name?: string } & Partial<PlaceFlags>): Promise<CompoundView> {
  return request(`/api/places/compounds/${encodeURIComponent(id)}/update`, { method: 'POST', body });
}

export function createBuilding(body: { compoundId: string; gridId: string; name: string }): Promise<BuildingView> {
  return request('/api/places/buildings', { method: 'POST', body });
}

/** Rename, or set / clear (null) the building lead. */
export function updateBuilding(id: string, body: { name?: string; leadUserId?: string | null }): Promise<BuildingView> {
  return request(`/api/places/buildings/${encodeURIComponent(id)}/update`, { method: 'POST', body });
}

/** Moves a building to another grid of its community (its households and residents follow). */
export function moveBuilding(id: string, body: { gridId: string; reason: string }): Promise<BuildingView> {
  return request(`/api/places/buildings/${encodeURIComponent(id)}/move`, { method: 'POST', body });
}

export function buildingUnits(id: string, signal?: AbortSignal): Promise<{ building: { id: string; name: string; compoundId: string; compoundName: string; gridId: string }; units: UnitView[] }> {
  return request(`/api/places/buildings/${encodeURIComponent(id)}/units`, { signal });
}

export function createUnit(body: { buildingId: string; name: string }): Promise<UnitView> {
  return request('/api/places/units', { method: 'POST', body });
}

export function createRoom(body: { unitId: string; room: string; householdType?: HouseholdType }): Promise<RoomView & { address: string }> {
  return request('/api/places/households', { method: 'POST', body });
}

/** Renames a unit (household addresses follow); 409 duplicate_name naming `name`. */
export function updateUnit(id: string, body: { name: string }): Promise<{ id: string; name: string; buildingId: string }> {
  return request(`/api/places/units/${encodeURIComponent(id)}/update`, { method: 'POST', body });
}

/** Changes a room number; the household's version is checked (409 stale_version), 409 duplicate_room naming `room`. */
export function updateRoom(id: string, body: { room: string; version: number }): Promise<RoomView & { address: string; unitId: string }> {
  return request(`/api/places/households/${encodeURIComponent(id)}/update`, { method: 'POST', body });
}

export type PlaceKind = 'compounds' | 'buildings' | 'units' | 'households' | 'grids';

/** Adds a grid to the community; the server gives it the next free code (ADR 0022). 409 duplicate_name naming `name`. */
export function createGrid(body: { communityId: string; name: string }): Promise<GridView> {
  return request('/api/places/grids', { method: 'POST', body });
}

/** Renames a grid (its code stays). 409 duplicate_name naming `name`. */
export function updateGrid(id: string, body: { name: string }): Promise<{ id: string; name: string; code: string }> {
  return request(`/api/places/grids/${encodeURIComponent(id)}/update`, { method: 'POST', body });
}

/** Deletes an empty place; anything still inside answers 409 not_empty with a message saying what (ADR 0019). */
export function deletePlace(kind: PlaceKind, id: string): Promise<{ id: string; deleted: true }> {
  return request(`/api/places/${kind}/${encodeURIComponent(id)}/delete`, { method: 'POST' });
}

export function leadCandidates(communityId: string, q: string, signal?: AbortSignal): Promise<{ items: LeadCandidate[] }> {
  return request('/api/places/lead-candidates', { query: { communityId, q: q || undefined }, signal });
}
