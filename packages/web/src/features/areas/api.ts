// 行政区划 / Areas API (packages/server/src/modules/orgs/orgs.routes.ts, ADR 0022).
import { request } from '../../api/client';

export type AreaLevel = 'city' | 'district' | 'street' | 'community' | 'grid';
/** An org of the caller's area (down to communities; a community's grids are counted). `manageable`: may be renamed / deleted. */
export type AreaNode = { id: string; parentId: string | null; level: AreaLevel; code: string; name: string; grids: number; manageable: boolean };

export function listAreas(signal?: AbortSignal): Promise<{ root: AreaNode; items: AreaNode[] }> {
  return request('/api/orgs', { signal });
}

/** Adds a street under a district or a community under a street; 400 naming `code` / 409 duplicate_code or duplicate_name. */
export function createArea(body: { parentId: string; code: string; name: string }): Promise<AreaNode> {
  return request('/api/orgs', { method: 'POST', body });
}

export function renameArea(id: string, body: { name: string }): Promise<AreaNode> {
  return request(`/api/orgs/${encodeURIComponent(id)}/update`, { method: 'POST', body });
}

/** Deletes an area nothing refers to; 409 not_empty says what remains. */
export function deleteArea(id: string): Promise<{ id: string; deleted: true }> {
  return request(`/api/orgs/${encodeURIComponent(id)}/delete`, { method: 'POST' });
}
