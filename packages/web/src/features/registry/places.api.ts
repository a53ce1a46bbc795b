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
export type RoomView = { id: string; room: string; householdType: HouseholdType; members: number };
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

export function leadCandidates(communityId: string, q: string, signal?: AbortSignal): Promise<{ items: LeadCandidate[] }> {
  return request('/api/places/lead-candidates', { query: { communityId, q: q || undefined }, signal });
}
