// The API of 核酸采样 (ADR 0079), the management side: the sampling sites of the caller's community (sampling:read;
// adding and changing one sampling:manage), the rounds with their figures, opening and closing one (sampling:manage),
// a round's tubes and one tube's people (an audited read), the lab's result sheets (importing one sampling:results),
// the coverage per grid and building, who is missing (audited) and the retests a positive pool or an invalid tube
// called for (audited). The station's side (check, tubes) is features/sampling-station's.
import { request } from '../../api/client';
import type { Page } from '../../api/types';

export const POOL_SIZES = [1, 5, 10, 20] as const;
export type PoolSize = (typeof POOL_SIZES)[number];
export const DEFAULT_POOL_SIZE: PoolSize = 10;

export type RoundStatus = 'open' | 'closed';
export const TUBE_RESULTS = ['pending', 'negative', 'positive', 'invalid'] as const;
export type TubeResult = (typeof TUBE_RESULTS)[number];
export const RETEST_STATUSES = ['pending', 'sampled', 'negative', 'positive'] as const;
export type RetestStatus = (typeof RETEST_STATUSES)[number];
export const RETEST_REASONS = ['positive_pool', 'invalid'] as const;
export type RetestReason = (typeof RETEST_REASONS)[number];
/** The codes of a result sheet's refused rows (ADR 0079). */
export const RESULT_ERROR_CODES = ['required', 'format', 'unknown_tube', 'conflict', 'duplicate_in_file'] as const;

/** As the server (ADR 0079): the limits of the forms' fields. */
export const SITE_NAME_MAX = 40;
export const ADDRESS_MAX = 80;
export const STATIONS_MIN = 1;
export const STATIONS_MAX = 50;
export const ROUND_NAME_MAX = 40;
export const NOTE_MAX = 200;
/** The biggest result sheet the page sends (the server refuses bigger ones too). */
export const RESULT_FILE_MAX_BYTES = 10 * 1024 * 1024;

export const ROUNDS_PAGE_SIZE = 20;
export const TUBES_PAGE_SIZE = 20;
export const MISSING_PAGE_SIZE = 20;
export const RETESTS_PAGE_SIZE = 20;

export type Site = {
  id: string; communityId: string; communityName: string; name: string; address: string; stations: number; active: boolean; version: number;
};

export type RoundFigures = {
  expected: number; sampled: number;
  /** sampled / expected, 0–1 (4 decimals). */
  coverage: number;
  tubes: number;
  /** Samples taken (人次): a repeat counts again here, once in coverage. */
  people: number;
  /** Tubes by result. */
  pending: number; negative: number; positive: number; invalid: number;
  retestsOpen: number;
};

export type Round = {
  id: string; communityId: string; communityName: string; name: string;
  /** YYYY-MM-DD. */
  roundDate: string;
  poolSize: number; status: RoundStatus; note: string | null; createdAt: string; closedAt: string | null;
  figures: RoundFigures; version: number;
};

/** Who did something, whether the server sends a name or a person. */
export type Actor = string | { id?: string; name: string } | null;

export type TubeRow = {
  id: string; barcode: string; poolSize: number; members: number; siteName: string | null; station: number | null; doorToDoor: boolean;
  collectedBy: Actor; sealedAt: string; result: TubeResult; resultAt: string | null;
};

export type TubePerson = {
  sampleId: string; residentId: string | null; nameMasked: string; idMasked: string; gridName: string | null;
  /** 外来人员: not registered in this community. */
  walkIn: boolean;
  /** 重复采样: sampled earlier in the round already. */
  repeat: boolean;
  collectedAt: string;
};
export type TubeDetail = TubeRow & { roundId: string; people: TubePerson[] };

export type ResultError = { row: number; column: string | null; code: string; message: string; messageEn?: string };
export type ResultImport = {
  id: string; fileName: string; rows: number; applied: number; unchanged: number; positives: number; invalids: number;
  errors: ResultError[]; importedAt: string; importedBy: Actor;
};

export type GridCoverage = { gridId: string; name: string; expected: number; sampled: number; away: number; coverage: number };
export type BuildingCoverage = { buildingId: string; name: string; expected: number; sampled: number; coverage: number };
export type Coverage = { grids: GridCoverage[]; buildings: BuildingCoverage[] | null };

export type Missing = {
  residentId: string; nameMasked: string;
  /** null for a restricted record (受保护). */
  address: string | null;
  gridName: string | null; age: number | null; tags: string[];
  /** 建议上门: 80 or older, or tagged disabled / chronic. */
  suggestDoorToDoor: boolean;
};

export type Retest = {
  id: string; residentId: string | null; nameMasked: string; idMasked: string; gridName: string | null; address: string | null;
  reason: RetestReason; sourceBarcode: string; status: RetestStatus; retestBarcode: string | null; createdAt: string; updatedAt: string;
};

export const SAMPLING_KEY = ['sampling'] as const;
export const SITES_KEY = [...SAMPLING_KEY, 'sites'] as const;
export const ROUNDS_KEY = [...SAMPLING_KEY, 'rounds'] as const;
export const ROUND_KEY = [...SAMPLING_KEY, 'round'] as const;
export const TUBES_KEY = [...SAMPLING_KEY, 'tubes'] as const;
export const TUBE_KEY = [...SAMPLING_KEY, 'tube'] as const;
export const RESULTS_KEY = [...SAMPLING_KEY, 'results'] as const;
export const COVERAGE_KEY = [...SAMPLING_KEY, 'coverage'] as const;
export const MISSING_KEY = [...SAMPLING_KEY, 'missing'] as const;
export const RETESTS_KEY = [...SAMPLING_KEY, 'retests'] as const;

const id = (s: string) => encodeURIComponent(s);

// ----- sites -------------------------------------------------------------------------------------------------------

export function listSites(signal?: AbortSignal): Promise<{ items: Site[] }> {
  return request('/api/sampling/sites', { signal });
}

export type SiteBody = { name: string; address: string; stations: number };

/** 新增采样点; the key makes a retry of the same submission land once. */
export function createSite(body: SiteBody, idempotencyKey: string): Promise<Site> {
  return request('/api/sampling/sites', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

/** A change, against the version the admin saw (409 `stale_version` when someone changed it meanwhile). */
export function updateSite(siteId: string, body: Partial<SiteBody> & { active?: boolean; version: number }): Promise<Site> {
  return request(`/api/sampling/sites/${id(siteId)}/update`, { method: 'POST', body });
}

// ----- rounds ------------------------------------------------------------------------------------------------------

export type RoundFilters = { status?: RoundStatus; page: number };
export function listRounds(f: RoundFilters, signal?: AbortSignal): Promise<Page<Round>> {
  return request('/api/sampling/rounds', { signal, query: { status: f.status, page: f.page, pageSize: ROUNDS_PAGE_SIZE } });
}

export type RoundBody = { name: string; roundDate: string; poolSize: PoolSize; note?: string };

/** 新建轮次; the key makes a retry of the same submission land once. */
export function createRound(body: RoundBody, idempotencyKey: string): Promise<Round> {
  return request('/api/sampling/rounds', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

export function getRound(roundId: string, signal?: AbortSignal): Promise<Round> {
  return request(`/api/sampling/rounds/${id(roundId)}`, { signal });
}

/** 结束采样, against the version seen (409 `not_open`, `stale_version`). */
export function closeRound(roundId: string, version: number): Promise<Round> {
  return request(`/api/sampling/rounds/${id(roundId)}/close`, { method: 'POST', body: { version } });
}

// ----- tubes -------------------------------------------------------------------------------------------------------

export type TubeFilters = { q?: string; result?: TubeResult; page: number };
/** A round's tubes, newest first (`q`: a barcode's beginning); no personal data. */
export function listTubes(roundId: string, f: TubeFilters, signal?: AbortSignal): Promise<Page<TubeRow>> {
  return request(`/api/sampling/rounds/${id(roundId)}/tubes`, {
    signal, query: { q: f.q, result: f.result, page: f.page, pageSize: TUBES_PAGE_SIZE },
  });
}

/** One tube and the people in it (masked; an audited read). */
export function getTube(tubeId: string, signal?: AbortSignal): Promise<TubeDetail> {
  return request(`/api/sampling/tubes/${id(tubeId)}`, { signal });
}

// ----- lab results -------------------------------------------------------------------------------------------------

/** The lab's result sheet (CSV or XLSX) as the multipart field `file`. */
export function importResults(roundId: string, file: File): Promise<ResultImport> {
  const form = new FormData();
  form.append('file', file, file.name);
  return request(`/api/sampling/rounds/${id(roundId)}/results`, { method: 'POST', body: form });
}

export function listResultImports(roundId: string, signal?: AbortSignal): Promise<{ items: ResultImport[] }> {
  return request(`/api/sampling/rounds/${id(roundId)}/results`, { signal });
}

// ----- coverage, who is missing, retests ---------------------------------------------------------------------------

/** Coverage per grid; with a grid, its buildings too (counts, no names). */
export function getCoverage(roundId: string, gridId: string | undefined, signal?: AbortSignal): Promise<Coverage> {
  return request(`/api/sampling/rounds/${id(roundId)}/coverage`, { signal, query: { gridId } });
}

export type MissingFilters = { gridId?: string; buildingId?: string; page: number };
/** 未采样名单: the expected residents without a sample (masked; an audited read). */
export function listMissing(roundId: string, f: MissingFilters, signal?: AbortSignal): Promise<Page<Missing>> {
  return request(`/api/sampling/rounds/${id(roundId)}/missing`, {
    signal, query: { gridId: f.gridId, buildingId: f.buildingId, page: f.page, pageSize: MISSING_PAGE_SIZE },
  });
}

export type RetestFilters = { status?: RetestStatus; page: number };
/** 复核 tasks, pending first (masked; an audited read). */
export function listRetests(roundId: string, f: RetestFilters, signal?: AbortSignal): Promise<Page<Retest>> {
  return request(`/api/sampling/rounds/${id(roundId)}/retests`, {
    signal, query: { status: f.status, page: f.page, pageSize: RETESTS_PAGE_SIZE },
  });
}
