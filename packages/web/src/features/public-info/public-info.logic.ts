// Pure helpers of 政务公开与群众监督 (ADR 0086): the SLA badge of a complaint, a photo read for upload, the ticket's shape.
import { COMPLAINT_CATEGORIES, type AnnouncementVersion, type ComplaintCategory, type ComplaintStatus } from './api';

export type SlaState = 'closed' | 'overdue' | 'soon' | 'ok';
const HOUR = 3_600_000;

/** 已办结 when closed; 已超时 past the due time; 即将到期 within 4 hours of it; else 正常. */
export function slaState(c: { status: string; dueAt: string }, now: Date): SlaState {
  if (c.status === 'resolved' || c.status === 'rejected') return 'closed';
  const left = Date.parse(c.dueAt) - now.getTime();
  return left <= 0 ? 'overdue' : left <= 4 * HOUR ? 'soon' : 'ok';
}

/** Hours (rounded up) left until the due time, or past it (negative). */
export const hoursLeft = (dueAt: string, now: Date) => Math.ceil((Date.parse(dueAt) - now.getTime()) / HOUR);

/** TS-YYYYMMDD-NNNN, case and spaces forgiven. */
export function normalTicket(v: string): string | null {
  const s = v.trim().toUpperCase().replace(/\s+/g, '');
  return /^TS-\d{8}-\d{4}$/.test(s) ? s : null;
}

// A photo read for upload: one helper for complaints and work tasks (lib/photo.logic.ts).
export { photoOf, type PhotoProblem } from '../../lib/photo.logic';

/** Plain text with blank-line paragraphs and "- " list lines, as the editor writes it (no HTML is ever rendered). */
export function blocksOf(body: string): Array<{ kind: 'p'; text: string } | { kind: 'ul'; items: string[] } | { kind: 'h'; text: string }> {
  const out: Array<{ kind: 'p'; text: string } | { kind: 'ul'; items: string[] } | { kind: 'h'; text: string }> = [];
  for (const para of body.replace(/\r\n/g, '\n').split(/\n{2,}/)) {
    const lines = para.split('\n').map((l) => l.trim()).filter(Boolean);
    if (!lines.length) continue;
    if (lines.every((l) => /^[-*] /.test(l))) out.push({ kind: 'ul', items: lines.map((l) => l.slice(2)) });
    else if (lines.length === 1 && /^#{1,3} /.test(lines[0]!)) out.push({ kind: 'h', text: lines[0]!.replace(/^#{1,3} /, '') });
    else out.push({ kind: 'p', text: lines.join('\n') });
  }
  return out;
}

/** The queue's filters as the address keeps them (状态, 类别, 提交日期 from–to, page); anything unknown is dropped. */
export type QueueFilter = 'all' | 'open' | 'accepted' | 'overdue' | 'closed' | 'rejected';
export const QUEUE_FILTERS: readonly QueueFilter[] = ['all', 'open', 'accepted', 'overdue', 'closed', 'rejected'];
export type QueueFilters = { filter: QueueFilter; category?: ComplaintCategory; from?: string; to?: string; page: number };
const YMD = /^\d{4}-\d{2}-\d{2}$/;

export function queueFiltersOf(params: URLSearchParams): QueueFilters {
  const filter = params.get('filter') as QueueFilter | null;
  const category = params.get('category') as ComplaintCategory | null;
  const from = params.get('from');
  const to = params.get('to');
  const page = Number(params.get('page'));
  return {
    filter: filter && QUEUE_FILTERS.includes(filter) ? filter : 'all',
    ...(category && COMPLAINT_CATEGORIES.includes(category) ? { category } : {}),
    ...(from && YMD.test(from) ? { from } : {}),
    ...(to && YMD.test(to) ? { to } : {}),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The API's query of the filters: 待受理 = new, 办理中 = accepted, 已超时 = open past due, 已办结 = resolved, 不予受理 = rejected. */
export function queueQueryOf(f: QueueFilters): { status?: ComplaintStatus; overdue?: boolean; category?: ComplaintCategory; from?: string; to?: string; page: number } {
  const status: Partial<Record<QueueFilter, ComplaintStatus>> = { open: 'new', accepted: 'accepted', closed: 'resolved', rejected: 'rejected' };
  return {
    ...(status[f.filter] ? { status: status[f.filter] } : {}), ...(f.filter === 'overdue' ? { overdue: true } : {}),
    ...(f.category ? { category: f.category } : {}), ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}), page: f.page,
  };
}

export type VersionPart = 'title' | 'category' | 'body';
/**
 * What each saved version changed against the one before it (the versions newest first, as the API gives them); the
 * first version changed nothing (it is the original).
 */
export function versionChanges(items: readonly AnnouncementVersion[]): Array<{ version: AnnouncementVersion; changed: VersionPart[]; original: boolean }> {
  const byNumber = [...items].sort((a, b) => a.version - b.version);
  const changes = new Map<number, VersionPart[]>();
  byNumber.forEach((v, i) => {
    const prev = byNumber[i - 1];
    changes.set(v.version, prev ? (['title', 'category', 'body'] as const).filter((k) => v[k] !== prev[k]) : []);
  });
  const first = byNumber[0]?.version;
  return items.map((v) => ({ version: v, changed: changes.get(v.version) ?? [], original: v.version === first }));
}
