// Pure rules of the 核酸采样 management pages (ADR 0079), unit-tested: the tabs and filters kept in the address, the
// coverage as the pages show it (已采 / 应采 and a percentage that reaches 100 only when everyone is sampled), the pool
// size in words, the bodies of the round and site forms and what they refuse before sending (as the server, no ID or
// mobile numbers in free text), the result sheet a page accepts, and who did something whether the server sends a name
// or a person.
import { textProblem, type TextProblem } from '../../lib/checks.logic';
import {
  ADDRESS_MAX, NOTE_MAX, POOL_SIZES, RESULT_FILE_MAX_BYTES, RETEST_STATUSES, ROUND_NAME_MAX, SITE_NAME_MAX, STATIONS_MAX, STATIONS_MIN, TUBE_RESULTS,
  type Actor, type MissingFilters, type PoolSize, type RetestFilters, type RoundBody, type RoundFilters, type RoundFigures, type SiteBody, type TubeFilters,
} from './api';

export type { TextProblem };
export { textProblem };

// ----- the address -------------------------------------------------------------------------------------------------

export const PAGE_TABS = ['rounds', 'sites'] as const;
export type PageTab = (typeof PAGE_TABS)[number];
/** The page's tab (?tab=sites; 采样轮次 by default). */
export const pageTabFromParams = (p: URLSearchParams): PageTab => (p.get('tab') === 'sites' ? 'sites' : 'rounds');

export const ROUND_TABS = ['coverage', 'tubes', 'results', 'retests'] as const;
export type RoundTab = (typeof ROUND_TABS)[number];
/** The round page's tab (?tab=tubes …; 覆盖情况 by default). */
export const roundTabFromParams = (p: URLSearchParams): RoundTab => ROUND_TABS.find((x) => x === p.get('tab')) ?? 'coverage';

export function pageOf(p: URLSearchParams): number {
  const n = Number(p.get('page'));
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The round list's filter (?status=open|closed; all by default) and page. */
export function roundFiltersFromParams(p: URLSearchParams): RoundFilters {
  const s = p.get('status');
  return { ...(s === 'open' || s === 'closed' ? { status: s } : {}), page: pageOf(p) };
}

/** The tube list's filters (?q=barcode prefix&result=&page=); anything malformed is left out. */
export function tubeFiltersFromParams(p: URLSearchParams): TubeFilters {
  const q = (p.get('q') ?? '').trim();
  const result = TUBE_RESULTS.find((x) => x === p.get('result'));
  return { ...(q ? { q } : {}), ...(result ? { result } : {}), page: pageOf(p) };
}

/** The retest list's filter (?status=) and page. */
export function retestFiltersFromParams(p: URLSearchParams): RetestFilters {
  const status = RETEST_STATUSES.find((x) => x === p.get('status'));
  return { ...(status ? { status } : {}), page: pageOf(p) };
}

/** The grid and building chosen on 覆盖情况 (?grid=&building=) and the page of who is missing; a building only with its grid. */
export function missingFiltersFromParams(p: URLSearchParams): MissingFilters {
  const gridId = p.get('grid') || undefined;
  const buildingId = gridId ? p.get('building') || undefined : undefined;
  return { ...(gridId ? { gridId } : {}), ...(buildingId ? { buildingId } : {}), page: pageOf(p) };
}

/** A barcode prefix as the search box sends it: trimmed, only the characters a barcode has (A–Z a–z 0–9 -). */
export const barcodeQuery = (s: string): string => s.trim().replace(/[^A-Za-z0-9-]/g, '');

// ----- coverage ----------------------------------------------------------------------------------------------------

/**
 * A coverage in per cent with one decimal, rounded down (99.96 % is "99.9", 100 only when everyone is sampled); null
 * when nobody is expected. From the counts, not the server's rounding.
 */
export function coveragePercent(sampled: number, expected: number): number | null {
  if (!(expected > 0)) return null;
  if (sampled >= expected) return 100;
  return Math.max(0, Math.floor((sampled * 1000) / expected) / 10);
}

/** The percentage as written: "83.4%", "100%", "—" without anyone expected. */
export const percentText = (p: number | null): string => (p === null ? '—' : `${p}%`);

/** A bar's colour: done, most, or far from it (the number says it; the colour helps scanning). */
export const coverageTone = (p: number | null): 'done' | 'most' | 'low' | 'none' => (p === null ? 'none' : p >= 100 ? 'done' : p >= 80 ? 'most' : 'low');

const CN_DIGITS: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** A Chinese numeral up to 九十九 as a number (十二 → 12, 二十 → 20, 五 → 5), else null. */
export function cnNumeral(s: string): number | null {
  if (!/^[零〇一二两三四五六七八九十]+$/.test(s)) return null;
  const at = s.indexOf('十');
  if (at < 0) return Number([...s].map((c) => CN_DIGITS[c]).join(''));
  if (s.indexOf('十', at + 1) >= 0 || at > 1 || s.length - at > 2) return null;
  const tens = at === 0 ? 1 : CN_DIGITS[s[0]!]!;
  const ones = at === s.length - 1 ? 0 : CN_DIGITS[s[at + 1]!]!;
  return tens * 10 + ones;
}

const byNumber = new Intl.Collator('zh-CN', { numeric: true });
/** Grids and buildings in the order people count them: 第一网格, 第二网格 … 第十网格 (the collator alone put 第八 first). */
export const byAreaName = (a: string, b: string): number => byNumber.compare(numeralsAsDigits(a), numeralsAsDigits(b));
const numeralsAsDigits = (s: string): string => s.replace(/[零〇一二两三四五六七八九十]+/g, (m) => {
  const n = cnNumeral(m);
  return n === null ? m : String(n);
});

/** The tubes by result, in the order the pages list them (待出结果, 阴性, 阳性, 无效). */
export const resultCounts = (f: Pick<RoundFigures, 'pending' | 'negative' | 'positive' | 'invalid'>): Array<{ result: (typeof TUBE_RESULTS)[number]; n: number }> =>
  TUBE_RESULTS.map((result) => ({ result, n: f[result] }));

/**
 * Whether the caller may see a round's people (who is missing, a tube's people, the retests): staff of the round's
 * community and its grids; the levels above (street, district) see the figures only (the server answers 403).
 */
export const seesPeople = (orgLevel: string): boolean => orgLevel === 'community' || orgLevel === 'grid';

// ----- words -------------------------------------------------------------------------------------------------------

/** 单采 for one person a tube, else 混采 N 合 1. */
export const poolKind = (n: number): { single: true } | { single: false; n: number } => (n <= 1 ? { single: true } : { single: false, n });

/** Who did something: a name, or the person as the server sends it; '' for nobody. */
export const actorName = (a: Actor | undefined): string => (typeof a === 'string' ? a : a?.name ?? '');

/** Where a tube was taken: 上门采样, or the site and its station (社区服务中心采样点 · 2 号台). */
export function placeOf(t: { doorToDoor: boolean; siteName: string | null; station: number | null }, words: { door: string; station: (n: number) => string }): string {
  if (t.doorToDoor) return words.door;
  const parts = [t.siteName ?? '', t.station !== null && t.station !== undefined ? words.station(t.station) : ''].filter(Boolean);
  return parts.join(' · ');
}

// ----- forms -------------------------------------------------------------------------------------------------------

/** The device's today as YYYY-MM-DD (a round's default date). */
export function localDate(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

const isPool = (n: unknown): n is PoolSize => (POOL_SIZES as readonly unknown[]).includes(n);
const isDate = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`))
  && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

export type RoundValues = { name?: string | null; roundDate?: string | null; poolSize?: number | null; note?: string | null };
export type RoundProblem = { field: 'name'; problem: TextProblem } | { field: 'roundDate' | 'poolSize'; problem: 'empty' } | { field: 'note'; problem: TextProblem };

/** 新建轮次: the body (name and note trimmed, an empty note left out), or the first field that stops it. */
export function roundBody(v: RoundValues): { ok: true; body: RoundBody } | ({ ok: false } & RoundProblem) {
  const name = textProblem(v.name, true, ROUND_NAME_MAX);
  if (name) return { ok: false, field: 'name', problem: name };
  if (!isDate(v.roundDate)) return { ok: false, field: 'roundDate', problem: 'empty' };
  if (!isPool(v.poolSize)) return { ok: false, field: 'poolSize', problem: 'empty' };
  const note = textProblem(v.note, false, NOTE_MAX);
  if (note) return { ok: false, field: 'note', problem: note };
  const text = (v.note ?? '').trim();
  return { ok: true, body: { name: (v.name ?? '').trim(), roundDate: v.roundDate, poolSize: v.poolSize, ...(text ? { note: text } : {}) } };
}

/** 采样台 count: a whole number 1–50. */
export const stationsValid = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= STATIONS_MIN && n <= STATIONS_MAX;

export type SiteValues = { name?: string | null; address?: string | null; stations?: number | null };
export type SiteProblem = { field: 'name' | 'address'; problem: TextProblem } | { field: 'stations'; problem: 'range' };

/** 新增采样点 / 编辑: the body (trimmed), or the first field that stops it. */
export function siteBody(v: SiteValues): { ok: true; body: SiteBody } | ({ ok: false } & SiteProblem) {
  const name = textProblem(v.name, true, SITE_NAME_MAX);
  if (name) return { ok: false, field: 'name', problem: name };
  const address = textProblem(v.address, true, ADDRESS_MAX);
  if (address) return { ok: false, field: 'address', problem: address };
  if (!stationsValid(v.stations)) return { ok: false, field: 'stations', problem: 'range' };
  return { ok: true, body: { name: (v.name ?? '').trim(), address: (v.address ?? '').trim(), stations: v.stations } };
}

/** A change: only what differs from the site as the admin saw it, with its version (null: nothing changed). */
export function siteChanges(
  before: SiteBody & { active: boolean; version: number },
  after: SiteBody & { active: boolean },
): (Partial<SiteBody> & { active?: boolean; version: number }) | null {
  const out: Partial<SiteBody> & { active?: boolean } = {};
  if (after.name !== before.name) out.name = after.name;
  if (after.address !== before.address) out.address = after.address;
  if (after.stations !== before.stations) out.stations = after.stations;
  if (after.active !== before.active) out.active = after.active;
  return Object.keys(out).length ? { ...out, version: before.version } : null;
}

/** A result sheet the page sends: .csv or .xlsx, not empty, at most 10 MB (the server sniffs the content too). */
export function resultFileProblem(f: { name: string; size: number }): 'type' | 'empty' | 'size' | null {
  if (!/\.(csv|xlsx)$/i.test(f.name)) return 'type';
  if (f.size <= 0) return 'empty';
  return f.size > RESULT_FILE_MAX_BYTES ? 'size' : null;
}

export { SubmissionKeys } from '../../lib/submission-keys';
