// The collection station's rules, without React (unit-tested in sampling-station.logic.test.ts): what a scan is (a tube
// barcode, an ID number from the card reader, a personal sampling code), the tube being filled (add, remove, full, the
// same person twice), the request a sealed tube becomes, and what a refused tube means for its members.
import { containsIdNumber, maskCnId, maskName, normalizeTypedCode, validateCnId, type CnIdFailureReason } from '@renxing/shared';
import { isApiError } from '../../api/client';
import { POOL_SIZES, type CheckAnswer, type PersonRef, type PoolSize, type Site, type TubeBody } from './api';

/** As the server (ADR 0079). */
export const BARCODE_PATTERN = /^[A-Za-z0-9-]{6,32}$/;
export const CODE_PREFIX = 'RXS-';
export const NAME_MAX = 20;
/** How many settled tubes the station keeps listed (tubes still waiting or refused are always kept). */
export const RECENT_SHOWN = 6;

/**
 * What the scanner or reader typed, cleaned the way a person means it: invisible characters dropped, full-width letters
 * and digits half-width (NFKC), spaces at either end gone.
 */
export const cleanScan = (raw: string): string => normalizeTypedCode(raw);

const isCode = (s: string) => s.toUpperCase().startsWith(CODE_PREFIX);

/** A personal sampling code as sent: its prefix in capitals, the rest as scanned. */
const codeOf = (s: string) => CODE_PREFIX + s.slice(CODE_PREFIX.length);

export type BarcodeScan = { ok: true; barcode: string } | { ok: false; problem: 'empty' | 'format' | 'looks_like_id' | 'looks_like_code' };

/**
 * Step 1: a tube barcode (6–32 of A–Z a–z 0–9 and -). An ID number or a sampling code scanned by mistake is said to be
 * one (an ID number would also pass as a barcode, and must never be stored as one).
 */
export function readBarcode(raw: string, now: Date): BarcodeScan {
  const s = cleanScan(raw);
  if (!s) return { ok: false, problem: 'empty' };
  if (isCode(s)) return { ok: false, problem: 'looks_like_code' };
  // Only a valid ID number: a numeric tube barcode of 18 digits is possible, and rarely passes the check character.
  if (validateCnId(s, now).ok) return { ok: false, problem: 'looks_like_id' };
  if (!BARCODE_PATTERN.test(s)) return { ok: false, problem: 'format' };
  return { ok: true, barcode: s };
}

/** 18 characters of digits (the last maybe X) or 15 digits: what a card reader or a person typing an ID number gives. */
function looksLikeIdNumber(s: string): boolean {
  const id = s.replace(/\s+/g, '').toUpperCase();
  return /^\d{17}[\dX]$/.test(id) || /^\d{15}$/.test(id);
}

export type PersonScan =
  | { kind: 'empty' }
  | { kind: 'id'; ref: { idNumber: string } }
  | { kind: 'code'; ref: { code: string } }
  /** Looks like an ID number but is not a valid one (wrong check character, impossible birth date, the old 15 digits). */
  | { kind: 'bad_id'; reason: CnIdFailureReason }
  /** Looks like a tube barcode (letters and digits): the tube was scanned already. */
  | { kind: 'barcode' }
  | { kind: 'unknown' };

/**
 * Step 2: an ID number (the reader types 18 characters and Enter; lower-case x, full-width digits and spaces are
 * normalised, GB 11643 checked) or a personal sampling code (starts with RXS-).
 */
export function readPerson(raw: string, now: Date): PersonScan {
  const s = cleanScan(raw);
  if (!s) return { kind: 'empty' };
  if (isCode(s)) return { kind: 'code', ref: { code: codeOf(s) } };
  const v = validateCnId(s, now);
  if (v.ok) return { kind: 'id', ref: { idNumber: v.id } };
  if (looksLikeIdNumber(s) || /^[\d\sXx]{15,}$/.test(s)) return { kind: 'bad_id', reason: v.reason };
  if (BARCODE_PATTERN.test(s)) return { kind: 'barcode' };
  return { kind: 'unknown' };
}

/** The ways the station knows a person on the client: the ID number, the code, and the resident record once checked. */
export function identitiesOf(ref: PersonRef, residentId?: string | null): string[] {
  const out = 'idNumber' in ref ? [`id:${ref.idNumber}`] : [`code:${ref.code}`];
  if (residentId) out.push(`resident:${residentId}`);
  return out;
}

/** The masked ID number shown for a member the server has not answered for (offline): 110101********1234. */
export const localIdMasked = (ref: PersonRef): string | null => ('idNumber' in ref ? maskCnId(ref.idNumber) : null);

export type TubeMember = {
  /** Local id for the list (never sent). */
  uid: string;
  ref: PersonRef;
  identities: string[];
  /** From `check` (a walk-in: the typed name, masked); null when unknown. */
  nameMasked: string | null;
  idMasked: string | null;
  gridName: string | null;
  /** false: 外来人员 (walk-in); null: not checked (no network). */
  registered: boolean | null;
  /** The walk-in's name as typed (sent with the tube; shown masked). */
  name?: string;
  /** Earlier samples in this round (本轮已采样). */
  sampledBefore: Array<{ at: string; barcode: string }>;
  /** Called back for a single-tube retest (only in a tube of pool size 1). */
  retest: boolean;
  collectedAt: string;
};

export type Tube = { barcode: string | null; members: TubeMember[] };
export const EMPTY_TUBE: Tube = { barcode: null, members: [] };

export type AddProblem = { kind: 'no_barcode' } | { kind: 'full' } | { kind: 'duplicate'; position: number } | { kind: 'retest_pooled' };

/** Why this person cannot go into the tube now, or null. `position` is 1-based, as the list shows it. */
export function addProblem(tube: Tube, identities: readonly string[], poolSize: number, retest = false): AddProblem | null {
  if (!tube.barcode) return { kind: 'no_barcode' };
  const i = tube.members.findIndex((m) => m.identities.some((x) => identities.includes(x)));
  if (i >= 0) return { kind: 'duplicate', position: i + 1 };
  if (retest && poolSize > 1) return { kind: 'retest_pooled' };
  if (tube.members.length >= poolSize) return { kind: 'full' };
  return null;
}

export const isFull = (tube: Tube, poolSize: number): boolean => tube.members.length >= poolSize;

export type TubeAction =
  | { type: 'barcode'; barcode: string }
  | { type: 'add'; member: TubeMember; poolSize: number }
  | { type: 'remove'; uid: string }
  /** Sealed and sent: the next tube starts empty. */
  | { type: 'clear' }
  /** A refused tube's members back into the (empty) tube; the barcode kept when it can be used again. */
  | { type: 'restore'; members: TubeMember[]; barcode: string | null };

/** The tube being filled. An add that addProblem refuses changes nothing (the page says why). */
export function tubeReducer(tube: Tube, action: TubeAction): Tube {
  switch (action.type) {
    case 'barcode':
      return { ...tube, barcode: action.barcode };
    case 'add':
      if (addProblem(tube, action.member.identities, action.poolSize, action.member.retest)) return tube;
      return { ...tube, members: [...tube.members, action.member] };
    case 'remove':
      return { ...tube, members: tube.members.filter((m) => m.uid !== action.uid) };
    case 'clear':
      return EMPTY_TUBE;
    case 'restore':
      return tube.members.length > 0 ? tube : { barcode: action.barcode, members: action.members };
  }
}

/** The pool sizes the tube can still take: none smaller than the people already in it. */
export const poolSizeChoices = (members: number): Array<{ size: PoolSize; disabled: boolean }> =>
  POOL_SIZES.map((size) => ({ size, disabled: size < members }));

/** The member the station adds after a `check` answer (the walk-in's name, when asked for, given separately). */
export function memberFromCheck(uid: string, ref: PersonRef, answer: CheckAnswer, collectedAt: string, name?: string): TubeMember {
  const p = answer.person;
  return {
    uid,
    ref,
    identities: identitiesOf(ref, p.residentId),
    nameMasked: p.nameMasked ?? (name ? maskName(name) : null),
    idMasked: p.idMasked,
    gridName: p.gridName,
    registered: p.registered,
    name: p.registered ? undefined : name,
    sampledBefore: answer.sampled,
    retest: answer.retest !== null,
    collectedAt,
  };
}

/** A member added without an answer (no network): the ID number masked here, the name as typed (masked). */
export function memberOffline(uid: string, ref: PersonRef, collectedAt: string, name?: string): TubeMember {
  return {
    uid,
    ref,
    identities: identitiesOf(ref),
    nameMasked: name ? maskName(name) : null,
    idMasked: localIdMasked(ref),
    gridName: null,
    registered: null,
    name: name || undefined,
    sampledBefore: [],
    retest: false,
    collectedAt,
  };
}

/** What the check answer means at the station, given the tube's pool size. */
export type CheckView = 'walk_in' | 'retest_pooled' | 'retest_single' | 'repeat' | 'ok';
export function checkView(answer: CheckAnswer, poolSize: number): CheckView {
  if (answer.retest) return poolSize > 1 ? 'retest_pooled' : 'retest_single';
  if (!answer.person.registered) return 'walk_in';
  return answer.sampled.length > 0 ? 'repeat' : 'ok';
}

export type NameProblem = 'empty' | 'too_long' | 'id_number';
/** A walk-in's name: 1–20 characters, not an ID number (the reader typing into the wrong field). */
export function nameProblem(raw: string): NameProblem | null {
  const name = raw.trim();
  if (!name) return 'empty';
  if (containsIdNumber(name) || /\d{6,}/.test(name)) return 'id_number';
  if ([...name].length > NAME_MAX) return 'too_long';
  return null;
}

export type Setup = { roundId: string | null; siteId: string | null; station: number | null; doorToDoor: boolean; poolSize: PoolSize };

export type SetupProblem = 'round' | 'site' | 'station';
/** What the setup bar still lacks before the first tube: a round, and a site and station unless 上门采样. */
export function setupProblems(s: Setup, sites: readonly Site[]): SetupProblem[] {
  const out: SetupProblem[] = [];
  if (!s.roundId) out.push('round');
  if (!s.doorToDoor) {
    const site = sites.find((x) => x.id === s.siteId);
    if (!site) out.push('site');
    else if (!s.station || s.station < 1 || s.station > site.stations) out.push('station');
  }
  return out;
}

/** The stations of a site to choose from: 1 … stations. */
export const stationNumbers = (site: Site | undefined): number[] => (site ? Array.from({ length: site.stations }, (_, i) => i + 1) : []);

/** The sites a collector chooses from: the active ones of the round's community. */
export const siteChoices = (sites: readonly Site[], communityId: string | undefined): Site[] =>
  sites.filter((s) => s.active && (!communityId || s.communityId === communityId));

/** One sealed tube as ONE request: its members in order, each by ID number or code, the walk-ins with their names. */
export function tubeBody(tube: Tube, setup: Setup): TubeBody {
  if (!tube.barcode) throw new Error('a tube without a barcode cannot be sealed');
  return {
    barcode: tube.barcode,
    ...(setup.doorToDoor ? { doorToDoor: true as const } : { siteId: setup.siteId ?? undefined, station: setup.station ?? undefined }),
    poolSize: setup.poolSize,
    members: tube.members.map((m) => ({ ...m.ref, ...(m.name ? { name: m.name } : {}), collectedAt: m.collectedAt })),
  };
}

/** The 0-based member a refusal names (`members.3`, `body.members.3.idNumber`), or null. */
export function refusedMember(error: unknown): number | null {
  if (!isApiError(error)) return null;
  for (const d of error.details) {
    const m = /(?:^|\.)members\.(\d+)(?:\.|$)/.exec(d.path);
    if (m) return Number(m[1]);
  }
  return null;
}

/**
 * What a refused tube means: `tube_exists` — the barcode was used, the members go into a new tube; `member` — one member
 * cannot be in it (a retest in a pooled tube, the same person twice, a bad field of theirs), the tube may be sealed again
 * without them; `round_closed` — nothing more goes into this round; `retry` — the network or the server failed after the
 * automatic retries; `other`.
 */
export type TubeRefusal = 'tube_exists' | 'member' | 'round_closed' | 'retry' | 'other';
export function tubeRefusal(error: unknown): TubeRefusal {
  if (!isApiError(error)) return 'other';
  if (error.code === 'tube_exists') return 'tube_exists';
  if (error.code === 'round_closed') return 'round_closed';
  if (error.status === 0 || error.status >= 500 || error.code === 'idempotency_in_flight') return 'retry';
  if (refusedMember(error) !== null) return 'member';
  return 'other';
}

/**
 * The members of a refused tube go back into the station's tube (to scan another tube, or to take one member out); not
 * when the round is closed (nothing more goes into it), nor after a network or server failure (the same tube is sent
 * again, with its key: 再试一次).
 */
export const restorable = (r: TubeRefusal): boolean => r !== 'round_closed' && r !== 'retry';

/** Whether a failed submission is tried again by itself (the same key): the network, the server, a request still running. */
export function retryableSubmission(count: number, error: unknown): boolean {
  return count < 3 && isApiError(error) && (error.status === 0 || error.status >= 500 || error.code === 'idempotency_in_flight');
}

export type RecentTube = {
  key: string;
  barcode: string;
  people: number;
  place: { doorToDoor: true } | { siteName: string; station: number };
  sealedAt: string;
  /** Unset while the request waits or runs (the page asks the mutation cache which). */
  outcome?: { ok: true } | {
    ok: false; refusal: TubeRefusal; error: unknown; restored: boolean;
    /** The member a refusal names (1-based, as listed), masked. */
    named: { position: number; name: string } | null;
  };
  /** A refused tube's members, in memory only, until they are put back into the tube. */
  members?: TubeMember[];
};

/** The station's list of sent tubes, newest first: every one still waiting or refused, and the last few that went through. */
export function keepRecent(list: readonly RecentTube[], shown = RECENT_SHOWN): RecentTube[] {
  let ok = 0;
  return list.filter((r) => !(r.outcome?.ok === true) || ++ok <= shown);
}

/** An Idempotency-Key for one tube (random; made without crypto.randomUUID, which needs HTTPS). */
export function newTubeKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The colour of a result on the resident's card: the word says it, the colour helps scanning. */
export const RESULT_COLORS = { pending: 'processing', negative: 'green', recheck: 'orange', positive: 'red' } as const;
