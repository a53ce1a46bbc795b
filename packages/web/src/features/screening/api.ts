// The API of 大数据+网格排查 (ADR 0083): the lists an upper level sends (close contacts, returnees from risk areas, inbound
// travellers) imported by district or street staff (screening:import) and matched against the registry on the server,
// each entry with a confidence and its evidence; routing an entry to a community or a grid (screening:route); the
// door-to-door check (screening:check); the worker's own open entries; the receipt (回执) and closing a list. Names and
// numbers come masked; every read of entries is audited by the server. Personal data stays in react-query's memory
// cache, never in browser storage.
import { request } from '../../api/client';

export const KINDS = ['close_contact', 'secondary_contact', 'risk_area', 'inbound', 'other'] as const;
export type Kind = (typeof KINDS)[number];
export const STATES = ['matched', 'uncertain', 'unmatched'] as const;
export type MatchState = (typeof STATES)[number];
/** The entries' filter by status: 待核查, 已完成, 待分派 (kept at the list's area, routed to nobody yet). */
export const STATUS_FILTERS = ['open', 'done', 'unrouted'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
/** What a worker may record (already_controlled is set by the server's order filter, never chosen). */
export const OUTCOMES = ['controlled', 'not_here', 'left', 'wrong_info'] as const;
export type Outcome = (typeof OUTCOMES)[number] | 'already_controlled';
export const MEASURES = ['home_quarantine', 'health_monitoring', 'centralised'] as const;
export type Measure = (typeof MEASURES)[number];

/** As the server (ADR 0083): a title and a source of 2–60 characters, a note of at most 200, a forced close's reason ≥ 4. */
export const TITLE_MIN = 2;
export const TITLE_MAX = 60;
export const NOTE_MAX = 200;
export const CLOSE_REASON_MIN = 4;
export const CLOSE_REASON_MAX = 200;
/** The list file's size limit (the imports' usual 5 MB). */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const ENTRIES_PAGE_SIZE = 20;

export type ByOutcome = { controlled: number; not_here: number; left: number; wrong_info: number; already_controlled: number };
export type Figures = {
  entries: number; matched: number; uncertain: number; unmatched: number; filtered: number; gateSeen: number; unrouted: number;
  open: number; done: number; byOutcome: ByOutcome;
};

export type ListView = {
  id: string; kind: Kind | string; title: string; source: string; dueAt: string; status: 'open' | 'closed'; createdAt: string;
  createdByName: string; fileName: string; rowsTotal: number; rowErrors: number; figures: Figures; overdue: boolean; canManage: boolean;
  /** Why a list was closed with entries open (the server sends it; not in the ADR's contract). */
  closeReason?: string | null;
  version: number;
};

/** A refused row of the file: the upstream row number, the column, why (both languages). */
export type RowError = { row: number; field: string; message: string; messageEn: string };

/** One reason for (or against) a match, with its points: 身份证号一致 +70, 姓名不一致 −15 … */
export type Evidence = { code: string; zh: string; en: string; points: number };

/** `address`: the household's, for community and grid users (who go to the door); null above them and for a restricted record. */
export type MatchedResident = { id: string; nameMasked: string; idMasked: string; gridName: string; address: string | null };

export type EntryView = {
  id: string; listId: string; row: number; nameMasked: string; idMasked: string | null; phoneMasked: string | null;
  /** The list's address: masked for all; in full (`address`) for community and grid users only. */
  addressMasked: string | null; address: string | null; arrivedOn: string | null; origin: string | null;
  state: MatchState; confidence: number; evidence: Evidence[]; resident: MatchedResident | null;
  communityName: string | null; gridName: string | null; routed: boolean; gateSeenAt: string | null; urgent: boolean;
  status: 'open' | 'done'; outcome: Outcome | null; measure: Measure | null; note: string | null; checkedAt: string | null;
  checkedByName: string | null; version: number;
};

export type CodeName = { code: string; zh: string; en: string };
export type Kinds = { kinds: CodeName[]; outcomes: CodeName[]; measures: CodeName[] };

export const SCREENING_KEY = ['screening'] as const;
export const KINDS_KEY = [...SCREENING_KEY, 'kinds'] as const;
export const LISTS_KEY = [...SCREENING_KEY, 'lists'] as const;
export const LIST_KEY = [...SCREENING_KEY, 'list'] as const;
export const ENTRIES_KEY = [...SCREENING_KEY, 'entries'] as const;
export const MINE_KEY = [...SCREENING_KEY, 'mine'] as const;
export const AREAS_KEY = [...SCREENING_KEY, 'areas'] as const;

const id = (s: string) => encodeURIComponent(s);

export function getKinds(signal?: AbortSignal): Promise<Kinds> {
  return request('/api/screening/kinds', { signal });
}

/** The lists whose area contains or lies in the caller's, newest first (a community or grid user: figures of their entries). */
export function listLists(signal?: AbortSignal): Promise<{ items: ListView[] }> {
  return request('/api/screening/lists', { signal });
}

export type ImportFields = { kind: Kind; title: string; source: string; dueAt: string };
/**
 * A list file (CSV or XLSX) with its kind, title, source and deadline, as multipart — the fields ahead of the file, so
 * that the server has them when it reads the file. 201 with the rows refused; 400 `no_valid_rows` when every row fails.
 */
export function importList(fields: ImportFields, file: File): Promise<{ list: ListView; errors: RowError[] }> {
  const form = new FormData();
  form.append('kind', fields.kind);
  form.append('title', fields.title);
  form.append('source', fields.source);
  form.append('dueAt', fields.dueAt);
  form.append('file', file, file.name);
  return request('/api/screening/lists', { method: 'POST', body: form });
}

export function getList(listId: string, signal?: AbortSignal): Promise<{ list: ListView; errors: RowError[] }> {
  return request(`/api/screening/lists/${id(listId)}`, { signal });
}

export type EntryFilters = { state?: MatchState; status?: StatusFilter; urgent?: boolean; page: number };
/** A list's entries (masked; an audited read), urgent (seen at a gate) and uncertain first. */
export function listEntries(listId: string, f: EntryFilters, signal?: AbortSignal): Promise<{ items: EntryView[]; total: number }> {
  return request(`/api/screening/lists/${id(listId)}/entries`, {
    signal, query: { state: f.state, status: f.status, urgent: f.urgent ? '1' : undefined, page: f.page, pageSize: ENTRIES_PAGE_SIZE },
  });
}

export type RouteBody = { communityId?: string; gridId?: string; version: number };
/** 分派: the importer to a community of their area, a community admin to a grid of their community. */
export function routeEntry(entryId: string, body: RouteBody): Promise<EntryView> {
  return request(`/api/screening/entries/${id(entryId)}/route`, { method: 'POST', body });
}

export type CheckBody = { outcome: (typeof OUTCOMES)[number]; measure?: Measure; note?: string; residentId?: string; version: number };
/** 核查 (400 naming `measure` or `note`; 409 stale or already done). */
export function checkEntry(entryId: string, body: CheckBody): Promise<EntryView> {
  return request(`/api/screening/entries/${id(entryId)}/check`, { method: 'POST', body });
}

/** The caller's open entries across the open lists (their grid or community), urgent first: the door-to-door list. */
export function listMine(signal?: AbortSignal): Promise<{ items: EntryView[] }> {
  return request('/api/screening/mine', { signal });
}

export type CloseBody = { force?: boolean; reason?: string; version: number };
/** 结束名单 (409 `open_entries` when entries are open and not forced). */
export function closeList(listId: string, body: CloseBody): Promise<ListView> {
  return request(`/api/screening/lists/${id(listId)}/close`, { method: 'POST', body });
}

/** The receipt file's address (an audited download: the browser fetches it with the session's cookie). */
export const receiptUrl = (listId: string, format: 'xlsx' | 'csv'): string => `/api/screening/lists/${id(listId)}/receipt?format=${format}`;

/** One level of the caller's area for the routing picker: their org and its children, or one org's children. */
export async function areaLevel(parentId: string | undefined, signal?: AbortSignal) {
  const res = await request<{ items: Array<{ id: string; name: string; level: string; parentId: string | null; hasChildren: boolean }> }>('/api/orgs/levels', {
    signal, query: { parentId },
  });
  return res.items.map((n) => ({ id: n.id, name: n.name, level: n.level, parentId: n.parentId, hasChildren: n.hasChildren }));
}
