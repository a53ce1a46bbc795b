// The API of 上级任务统一受理 and 日报 (ADR 0093): the inbox and the requests made in one's area (request:read), 新建 /
// 下发 (request:issue), 填报 and 报送 (request:answer), the daily report (report:read).
import { request } from '../../api/client';

export type Pair = { zh: string; en: string };
export type FigureMeta = { code: string; section: string; zh: string; en: string; unit: Pair; source: Pair };
export type Answer = { value: number; system: number; readAt: string; reason: string | null };
export type Req = {
  id: string; direction: 'received' | 'issued'; sourceDept: string; title: string; content: string | null; deadline: string; figures: FigureMeta[];
  org: { id: string; name: string }; duplicateOf: string | null; createdAt: string;
};
export type ItemStatus = 'todo' | 'filled' | 'submitted';
export type Item = {
  id: string; request: Req; community: { id: string; name: string }; status: ItemStatus; overdue: boolean;
  mergedInto: { itemId: string; requestId: string; title: string; sourceDept: string; status: string } | null;
  answers: Record<string, Answer> | null; filledAt: string | null; submittedAt: string | null; version: number;
};
export type ItemDetail = Item & {
  figures: Array<FigureMeta & { system: { value: number; readAt: string } | null; answer: Answer | null }>; canAnswer: boolean;
};
export type Progress = Req & { total: number; todo: number; filled: number; submitted: number; overdue: boolean };
export type Inbox = { items: Item[]; requests: Progress[] };
export type RequestTable = { request: Req; items: Item[] };
export type Meta = { figures: FigureMeta[]; sections: Array<{ code: string; zh: string; en: string }> };
export type Daily = {
  org: { id: string; name: string; level: string }; day: string; readAt: string;
  sections: Array<{ code: string; zh: string; en: string; figures: Array<FigureMeta & { value: number }> }>;
  communities: Array<{ id: string; name: string; values: Record<string, number> }>;
};
export type RequestInput = { direction: 'received' | 'issued'; sourceDept: string; title: string; content?: string; deadline: string; figures: string[]; communityIds?: string[] };

export const REQUESTS_KEY = ['requests'] as const;
const id = (s: string) => encodeURIComponent(s);

export const getMeta = (signal?: AbortSignal) => request<Meta>('/api/requests/meta', { signal });
export const getTargets = (signal?: AbortSignal) => request<{ communities: Array<{ id: string; name: string }> }>('/api/requests/targets', { signal });
export const getInbox = (signal?: AbortSignal) => request<Inbox>('/api/requests', { signal });
export const createRequest = (b: RequestInput) => request<RequestTable>('/api/requests', { method: 'POST', body: b });
export const getRequest = (rid: string, signal?: AbortSignal) => request<RequestTable>(`/api/requests/${id(rid)}`, { signal });
export const requestXlsxUrl = (rid: string) => `/api/requests/${id(rid)}/xlsx`;
export const getItem = (iid: string, signal?: AbortSignal) => request<ItemDetail>(`/api/requests/items/${id(iid)}`, { signal });
export const answerItem = (iid: string, b: { values: Array<{ code: string; value: number; reason?: string }>; version: number }) =>
  request<ItemDetail>(`/api/requests/items/${id(iid)}/answer`, { method: 'PUT', body: b });
export const submitItem = (iid: string, b: { version: number }) => request<ItemDetail>(`/api/requests/items/${id(iid)}/submit`, { method: 'POST', body: b });
export function getDaily(q: { day?: string; orgId?: string }, signal?: AbortSignal) {
  const p = new URLSearchParams();
  if (q.day) p.set('day', q.day);
  if (q.orgId) p.set('orgId', q.orgId);
  return request<Daily>(`/api/reports/daily?${p.toString()}`, { signal });
}
export function dailyXlsxUrl(q: { day?: string; orgId?: string }) {
  const p = new URLSearchParams();
  if (q.day) p.set('day', q.day);
  if (q.orgId) p.set('orgId', q.orgId);
  return `/api/reports/daily/xlsx?${p.toString()}`;
}
