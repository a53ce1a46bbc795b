// The API of 健康码 (ADR 0082): the summary per colour (health:read; above the community a count under 5 comes as '<5'),
// the people with their mirrored colour beside the local signal and their history (community staff; the district the
// people it decides on — the street gets 403 `figures_only`), the closed list of epidemic-control reasons, a manual
// change of colour (health:assign), the district's upstream list (health:import), the appeals and their decision, and
// the resident's own side (self:health). Names come masked; every list and read is audited by the server. Personal data
// stays in react-query's memory cache, never in browser storage.
import { request } from '../../api/client';
import type { Page } from '../../api/types';

export const COLOURS = ['green', 'yellow', 'red'] as const;
export type Colour = (typeof COLOURS)[number];
export const APPEAL_STATUSES = ['open', 'upheld', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];
export type Source = 'upstream' | 'manual';

/** The closed list of reasons (ADR 0082, AUD-05); the server sends it with the colours each fits. */
export const REASON_CODES = [
  'close_contact', 'secondary_contact', 'risk_area', 'positive', 'fever', 'quarantine', 'sampling_overdue', 'inbound', 'cleared', 'appeal_upheld', 'upstream',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** The row problems of an upstream import. */
export const IMPORT_ERROR_CODES = ['format', 'not_found', 'colour', 'non_epidemic_reason', 'reason', 'reason_colour', 'duplicate_in_file'] as const;

/** As the server (ADR 0082): a note on a change, an appeal's reason, a rejection's note. */
export const NOTE_MAX = 200;
export const APPEAL_MIN = 5;
export const APPEAL_MAX = 200;
/** The upstream list's size limit (the server's). */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const PEOPLE_PAGE_SIZE = 20;

/** A count, or '<5' for a small cell shown to the street and the district (PRIV-01). */
export type Count = number | '<5';
export type Summary = {
  counts: { green: Count; yellow: Count; red: Count; unknown: Count };
  mismatches: Count; openAppeals: number; lastImportAt: string | null;
};

export type LocalReason = { code: string; zh: string; en: string };
export type LocalSignal = { colour: Colour; reasons: LocalReason[] };

export type Person = {
  residentId: string; nameMasked: string; idMasked: string; gridName: string;
  /** null: no row in the mirror (未知, not green). */
  colour: Colour | null;
  reasonCode: string | null; reasonZh: string | null; source: Source | null; since: string | null;
  local: LocalSignal; mismatch: boolean; version: number;
};

export type HistoryEntry = {
  colour: Colour; previous: Colour | null; reasonCode: string; reasonZh: string; source: Source | string; note: string | null;
  /** Who changed it; null for an import. */
  by: string | null;
  at: string;
};
export type PersonDetail = Person & { history: HistoryEntry[] };

export type Reason = { code: string; zh: string; en: string; colours: string[] };

export type ImportError = { row: number; column: string; code: string };
export type ImportResult = { id: string; fileName: string; rows: number; applied: number; unchanged: number; errors: ImportError[] };
/** A past import (the server also sends who and when). */
export type PastImport = ImportResult & { by?: string; at?: string };

export type Appeal = {
  id: string; residentId: string; nameMasked: string; gridName: string; colour: Colour; reason: string; status: AppealStatus;
  createdAt: string; decidedAt: string | null; decisionNote: string | null; local: LocalSignal; version: number;
};

export type MyAppeal = { id: string; status: AppealStatus; reason: string; createdAt: string; decisionNote: string | null };
export type MyHealthCode = {
  colour: Colour | null; reasonZh: string | null; since: string | null;
  history: Array<{ colour: Colour; reasonZh: string; at: string }>;
  appeal: MyAppeal | null;
};

export const HEALTH_KEY = ['health-codes'] as const;
export const SUMMARY_KEY = [...HEALTH_KEY, 'summary'] as const;
export const PEOPLE_KEY = [...HEALTH_KEY, 'people'] as const;
export const PERSON_KEY = [...HEALTH_KEY, 'person'] as const;
export const REASONS_KEY = [...HEALTH_KEY, 'reasons'] as const;
export const IMPORTS_KEY = [...HEALTH_KEY, 'imports'] as const;
export const APPEALS_KEY = [...HEALTH_KEY, 'appeals'] as const;
export const MY_HEALTH_KEY = [...HEALTH_KEY, 'mine'] as const;

const id = (s: string) => encodeURIComponent(s);

export function getSummary(signal?: AbortSignal): Promise<Summary> {
  return request('/api/health-codes/summary', { signal });
}

export type PeopleFilters = { colour?: Colour; mismatch?: boolean; q?: string; page: number };
/** Mismatches and non-green first (masked; an audited list); with 绿码 alone, the green people of the area by pages. */
export function listPeople(f: PeopleFilters, signal?: AbortSignal): Promise<Page<Person>> {
  return request('/api/health-codes', {
    signal, query: { colour: f.colour, mismatch: f.mismatch ? '1' : undefined, q: f.q, page: f.page, pageSize: PEOPLE_PAGE_SIZE },
  });
}

/** One person's colour, local signal and history (an audited read). */
export function getPerson(residentId: string, signal?: AbortSignal): Promise<PersonDetail> {
  return request(`/api/health-codes/${id(residentId)}`, { signal });
}

export function listReasons(signal?: AbortSignal): Promise<{ items: Reason[] }> {
  return request('/api/health-codes/reasons', { signal });
}

export type AssignBody = { colour: Colour; reasonCode: string; note?: string };
/** 赋码 / 转码 (400 `non_epidemic_reason` / `reason_colour` on reasonCode; 409 `unchanged`). */
export function assignColour(residentId: string, body: AssignBody): Promise<Person> {
  return request(`/api/health-codes/${id(residentId)}`, { method: 'POST', body });
}

/** The upstream list (CSV or XLSX) as the multipart field `file`. */
export function importList(file: File): Promise<ImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return request('/api/health-codes/imports', { method: 'POST', body: form });
}

export function listImports(signal?: AbortSignal): Promise<{ items: PastImport[] }> {
  return request('/api/health-codes/imports', { signal });
}

/** The appeals of the caller's area, newest first (masked; an audited list). */
export function listAppeals(status: AppealStatus | undefined, signal?: AbortSignal): Promise<{ items: Appeal[] }> {
  return request('/api/health-codes/appeals', { signal, query: { status } });
}

export type DecideBody = { decision: 'upheld' | 'rejected'; note?: string; version: number };
/** 核实转绿 / 驳回 (a rejection needs a note), against the version seen (409 `not_open`, `stale_version`). */
export function decideAppeal(appealId: string, body: DecideBody): Promise<Appeal> {
  return request(`/api/health-codes/appeals/${id(appealId)}/decide`, { method: 'POST', body });
}

/** The resident's own colour, its last changes and their latest appeal (404 `no_household`). */
export function myHealthCode(signal?: AbortSignal): Promise<MyHealthCode> {
  return request('/api/me/health-code', { signal });
}

/** The resident appeals their yellow or red colour (409 `already_appealed`, `nothing_to_appeal`). */
export function appealMine(reason: string): Promise<MyAppeal> {
  return request('/api/me/health-code/appeals', { method: 'POST', body: { reason } });
}
