// The duty log's API (值班日志, ADR 0070): entries of the caller's area and below, newest first; writing one in the caller's area.
import { request } from '../../api/client';
import type { AreaLoader } from '../../lib/area-picker';

export const DUTY_CATEGORIES = ['shift', 'incident', 'dispatch', 'meeting', 'other'] as const;
export type DutyCategory = (typeof DUTY_CATEGORIES)[number];
/** As the server (duty-logs.routes.ts DUTY_CONTENT_MAX). */
export const DUTY_CONTENT_MAX = 4000;

export type DutyEntry = {
  id: string; orgId: string; orgName: string; authorId: string; authorName: string; authorRole: string;
  category: DutyCategory; content: string; occurredAt: string; createdAt: string;
  /** 待跟进 asked for (ADR 0071); `settledBy`: the later entry that settled it (办结), if any. */
  followUp: boolean; settledBy: { id: string; authorName: string; occurredAt: string } | null;
  /** This entry settles that item. */
  closesId: string | null; closes: { id: string; category: DutyCategory; occurredAt: string } | null;
  /** The warning alert it is about (ADR 0072); named only for a reader who may see warnings. */
  warningAlertId: string | null; warningAlert: AlertRef | null;
};
/** An alert as the log names it. */
export type AlertRef = {
  id: string; date: string; level: 'red' | 'yellow'; status: string;
  indicator: { code: string; nameZh: string; nameEn: string }; grid: { id: string; name: string; communityName: string | null };
};
/** `followUp: 'open'`: only the follow-up items not yet settled. */
export type DutyFilters = { category?: DutyCategory; orgId?: string; from?: string; to?: string; q?: string; followUp?: 'open'; warningAlertId?: string; page: number };
export const DUTY_PAGE_SIZE = 30;
export const DUTY_LOG_KEY = ['duty-log'] as const;

export type DutyList = { items: DutyEntry[]; total: number; page: number; pageSize: number };

/** One page of the log; `since` (ISO) and a larger `pageSize` (at most 100) for the handover sheet. */
export function listDutyLog(f: DutyFilters & { since?: string; pageSize?: number }, signal?: AbortSignal): Promise<DutyList> {
  return request('/api/duty-logs', {
    signal,
    query: {
      category: f.category, orgId: f.orgId, from: f.from, to: f.to, q: f.q, followUp: f.followUp, warningAlertId: f.warningAlertId, since: f.since, page: String(f.page), pageSize: String(f.pageSize ?? DUTY_PAGE_SIZE),
    },
  });
}

/** The alert an entry is to be about, in the short form pages name alerts by (no series is evaluated for it). */
export function fetchAlertRef(id: string, signal?: AbortSignal): Promise<AlertRef> {
  return request<AlertRef>(`/api/warnings/alerts/${encodeURIComponent(id)}/ref`, { signal });
}

/** How many follow-up items of the caller's area (or the chosen one) are still open: a count, no text. */
export function dutyOpenCount(orgId: string | undefined, signal?: AbortSignal): Promise<{ open: number }> {
  return request('/api/duty-logs/open-count', { signal, query: { orgId } });
}

/** Writes one entry; the key makes a retry of the same submission (a dropped answer) land once. */
export function writeDutyEntry(body: { category: DutyCategory; content: string; occurredAt?: string; followUp?: boolean; closesId?: string; warningAlertId?: string }, idempotencyKey: string): Promise<DutyEntry> {
  return request('/api/duty-logs', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

/** The area filter's loader (ADR 0052): the caller's org and its children, then one org's children when opened. */
export const areaLoader: AreaLoader = async (parentId, signal) => {
  const res = await request<{ items: Array<{ id: string; name: string; level: string; parentId: string | null; hasChildren: boolean }> }>('/api/orgs/levels', {
    signal, query: { parentId },
  });
  return res.items.map((n) => ({ id: n.id, name: n.name, level: n.level, parentId: n.parentId, hasChildren: n.hasChildren }));
};
