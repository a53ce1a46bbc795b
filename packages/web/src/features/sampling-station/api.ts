// The API the 采样台 (collection station) and the resident's 核酸采样 card use (ADR 0079): the open rounds and the active
// sites of the collector's community (sampling:read), `check` — who a scanned ID number or personal sampling code is
// (masked), whether they were sampled in this round already and whether they are called back for a single-tube retest
// (sampling:collect, audited) — and one sealed tube sent whole with its members (sampling:collect, Idempotency-Key);
// and the resident's own side (self:sampling): the personal sampling code and their results.
// Full ID numbers live only in the station's memory (component state and the pending request); nothing is written to
// browser storage.
import { request } from '../../api/client';
import type { Page } from '../../api/types';

export const POOL_SIZES = [1, 5, 10, 20] as const;
export type PoolSize = (typeof POOL_SIZES)[number];

export type Round = {
  id: string; communityId: string; communityName: string; name: string; roundDate: string; poolSize: PoolSize;
  status: 'open' | 'closed'; note: string | null; createdAt: string; closedAt: string | null; version: number;
};

export type Site = { id: string; communityId: string; communityName: string; name: string; address: string; stations: number; active: boolean; version: number };

export type PersonRef = { idNumber: string } | { code: string };

export type CheckAnswer = {
  person: { residentId: string | null; nameMasked: string | null; idMasked: string; registered: boolean; gridName: string | null };
  /** Earlier samples of this person in the round (still allowed: marked `repeat`). */
  sampled: Array<{ at: string; barcode: string }>;
  /** A pending single-tube retest: this person may only go into a tube of pool size 1. */
  retest: { id: string; reason: 'positive_pool' | 'invalid' } | null;
};

export type TubeMemberBody = PersonRef & { name?: string; collectedAt: string };

export type TubeBody = {
  barcode: string;
  siteId?: string;
  station?: number;
  doorToDoor?: true;
  poolSize: PoolSize;
  members: TubeMemberBody[];
};

/** What the server answers for a sealed tube (TubeRow of the ADR; only the fields the station reads). */
export type SubmittedTube = { id: string; barcode: string; poolSize: number; members: number };

export type MySampleResult = 'pending' | 'negative' | 'recheck' | 'positive';
export type MySampling = {
  code: string;
  codeExpiresAt: string;
  results: Array<{ roundName: string; roundDate: string; collectedAt: string; siteName: string | null; result: MySampleResult }>;
};

export const STATION_KEY = ['sampling-station'] as const;
export const OPEN_ROUNDS_KEY = [...STATION_KEY, 'open-rounds'] as const;
export const SITES_KEY = [...STATION_KEY, 'sites'] as const;
export const MY_SAMPLING_KEY = ['sampling-station', 'mine'] as const;
/** The key of every tube submission (the station counts the paused ones: 待上传). */
export const TUBE_MUTATION_KEY = [...STATION_KEY, 'tube'] as const;

/** The open rounds of the caller's area, newest first (a community rarely has more than one open). */
export function listOpenRounds(signal?: AbortSignal): Promise<Page<Round>> {
  return request('/api/sampling/rounds', { signal, query: { status: 'open', page: 1, pageSize: 50 } });
}

export function listSites(signal?: AbortSignal): Promise<{ items: Site[] }> {
  return request('/api/sampling/sites', { signal });
}

/** Who this is (masked), sampled already in the round, called back for a retest. 400 naming `idNumber` or `code`. */
export function checkPerson(roundId: string, body: PersonRef, signal?: AbortSignal): Promise<CheckAnswer> {
  return request(`/api/sampling/rounds/${encodeURIComponent(roundId)}/check`, { method: 'POST', body, signal });
}

/**
 * One sealed tube, whole. The key is made once per tube and sent again on every retry of it (a lost answer, a network
 * that comes back): the server stores the first answer and gives it again.
 */
export function submitTube(roundId: string, body: TubeBody, idempotencyKey: string): Promise<SubmittedTube> {
  return request(`/api/sampling/rounds/${encodeURIComponent(roundId)}/tubes`, { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
}

/** The resident's personal sampling code and results; 404 `no_household` for an account not linked to a household. */
export function mySampling(signal?: AbortSignal): Promise<MySampling> {
  return request('/api/me/sampling', { signal });
}
