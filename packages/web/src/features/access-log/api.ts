// "Who accessed my data" (packages/server/src/modules/me/me.routes.ts, SECURITY D24). No staff names are sent.
import { request } from '../../api/client';

export type AccessEntry = {
  at: string;
  action: string;
  outcome: 'success' | 'denied' | 'error';
  fields: string[];
  purpose: string | null;
  actorRole: string | null;
  /** [zh-CN, English] from the server, for roles the web app does not know. */
  actorRoleLabel: [string, string];
  organisation: string | null;
  /**
   * Null: the entry is about the resident's record itself. Otherwise the resident was one of several people an answer
   * showed (ADR 0046): in search results, on their household's page, or in a list.
   */
  appearance?: 'search' | 'household' | 'list' | null;
  /** What the entry is about: the record itself (`resident`), or one of the resident's requests (`correction_request` …). */
  objectType?: string | null;
};

export type AccessLog = { linked: boolean; total: number; page: number; pageSize: number; items: AccessEntry[] };

export function myAccessLog(q: { page: number; pageSize: number }, signal?: AbortSignal): Promise<AccessLog> {
  return request('/api/me/access-log', { query: q, signal });
}
