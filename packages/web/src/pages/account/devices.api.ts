// 登录设备 (packages/server/src/modules/auth/auth.routes.ts, any logged-in user; ADR 0026).
import { request } from '../../api/client';

/** One of my signed-in devices. `id` is an opaque handle (not the session token); labels are null for old sessions. */
export type MySession = {
  id: string;
  deviceLabel: string | null;
  ipNetwork: string | null;
  signedInAt: string;
  lastActiveAt: string;
  current: boolean;
};

export function listMySessions(signal?: AbortSignal): Promise<{ items: MySession[] }> {
  return request('/api/auth/sessions', { signal });
}

/** Signs out one of my other devices at once. */
export function endMySession(id: string): Promise<void> {
  return request(`/api/auth/sessions/${encodeURIComponent(id)}/end`, { method: 'POST' });
}

/** Signs out every device but this one; answers how many. */
export function endMyOtherSessions(): Promise<{ ended: number }> {
  return request('/api/auth/sessions/end-others', { method: 'POST' });
}
