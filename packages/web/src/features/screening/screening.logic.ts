// Pure rules of the 排查 pages (ADR 0083), unit-tested: a list's figures as the tiles shown (比对成功, 待确认, 未比中,
// 卡口已见, 已在管控, 待核查, 已完成, and 待分派 while any), its progress and whether it is overdue; the evidence of a match
// as its explanation (为什么这样判断) with each item's points; the filters kept in the address; who may route and check
// an entry and where to; why an entry reached a worker; the forms' bodies with what they refuse before sending (as the
// server: a measure when controlled, a note where the person went when left, notes of at most 200 without ID or mobile
// numbers, a forced close's reason of at least 4 characters); the list file.
import { textProblem, type TextProblem } from '../../lib/checks.logic';
import {
  CLOSE_REASON_MAX, CLOSE_REASON_MIN, IMPORT_MAX_BYTES, KINDS, MEASURES, NOTE_MAX, OUTCOMES, STATES, STATUS_FILTERS, TITLE_MAX, TITLE_MIN,
  type CheckBody, type CloseBody, type EntryFilters, type EntryView, type Evidence, type Figures, type Kind, type ListView, type Measure,
  type MatchState, type Outcome, type RowError,
} from './api';

export type { TextProblem };

// ----- figures -----------------------------------------------------------------------------------------------------

export type TileKey = 'matched' | 'uncertain' | 'unmatched' | 'gateSeen' | 'controlled' | 'unrouted' | 'open' | 'done';
export type Tone = 'green' | 'gold' | 'grey' | 'orange' | 'blue' | 'red' | 'plain';
export type Tile = { key: TileKey; value: number; tone: Tone };

/**
 * A list's figures as its tiles, in the order of the work: what the machine settled (比对成功 / 待确认 / 未比中), what the
 * gates and the orders told (卡口已见: the person is here; 已在管控: no visit needed), then the visits — 待分派 only while
 * some entry waits for a community (the importer's task), 待核查 and 已完成. A tile with nothing to do is plain.
 */
export function figureTiles(f: Figures): Tile[] {
  const tiles: Tile[] = [
    { key: 'matched', value: f.matched, tone: 'green' },
    { key: 'uncertain', value: f.uncertain, tone: f.uncertain > 0 ? 'gold' : 'plain' },
    { key: 'unmatched', value: f.unmatched, tone: f.unmatched > 0 ? 'grey' : 'plain' },
    { key: 'gateSeen', value: f.gateSeen, tone: f.gateSeen > 0 ? 'orange' : 'plain' },
    { key: 'controlled', value: f.byOutcome?.already_controlled ?? 0, tone: 'blue' },
  ];
  if (f.unrouted > 0) tiles.push({ key: 'unrouted', value: f.unrouted, tone: 'red' });
  tiles.push({ key: 'open', value: f.open, tone: f.open > 0 ? 'orange' : 'plain' }, { key: 'done', value: f.done, tone: 'green' });
  return tiles;
}

/** 已完成 of all the entries, as a whole percentage (0 for an empty list; 99 until every entry is done). */
export function progressPercent(f: Pick<Figures, 'done' | 'entries'>): number {
  if (f.entries <= 0) return 0;
  const p = Math.floor((f.done / f.entries) * 100);
  return f.done < f.entries ? Math.min(p, 99) : 100;
}

/** Whether a list is past its deadline with work left: the server's flag, or the deadline passed while the page is open. */
export function isOverdue(list: Pick<ListView, 'overdue' | 'status' | 'dueAt' | 'figures'>, now: Date): boolean {
  if (list.status !== 'open') return false;
  if (list.overdue) return true;
  const due = Date.parse(list.dueAt);
  return Number.isFinite(due) && due < now.getTime() && list.figures.open > 0;
}

/** Within 2 hours of the deadline, still open with work left (shown in orange). */
export function isDueSoon(list: Pick<ListView, 'overdue' | 'status' | 'dueAt' | 'figures'>, now: Date): boolean {
  if (list.status !== 'open' || list.figures.open === 0 || isOverdue(list, now)) return false;
  const due = Date.parse(list.dueAt);
  return Number.isFinite(due) && due - now.getTime() <= 2 * 3_600_000;
}

// ----- evidence ------------------------------------------------------------------------------------------------------

/** An item's points with its sign: +70, −50 (a real minus), 0. */
export const pointsText = (p: number): string => (p > 0 ? `+${p}` : p < 0 ? `−${Math.abs(p)}` : '0');

/** The tag colour of an item: for (green), against (red), neither (grey). */
export const pointsTone = (p: number): 'green' | 'red' | 'default' => (p > 0 ? 'green' : p < 0 ? 'red' : 'default');

/** An evidence item in the language shown (the server sends both). */
export const evidenceLabel = (e: Pick<Evidence, 'zh' | 'en'>, lang: string): string => (lang.startsWith('zh') ? e.zh || e.en : e.en || e.zh);

/** The evidence in the order it weighs: the points for first (largest first), then the notes (0), then the points against. */
export function sortedEvidence(items: readonly Evidence[]): Evidence[] {
  const rank = (e: Evidence) => (e.points > 0 ? 0 : e.points === 0 ? 1 : 2);
  return [...items].sort((a, b) => rank(a) - rank(b) || Math.abs(b.points) - Math.abs(a.points));
}

/** 为什么这样判断 in one line: 身份证号一致 +70；姓名一致 +30 (Chinese), ID number equal +70; name equal +30 (English). */
export function explanationText(items: readonly Evidence[], lang: string): string {
  const zh = lang.startsWith('zh');
  return sortedEvidence(items)
    .map((e) => (e.points === 0 ? evidenceLabel(e, lang) : `${evidenceLabel(e, lang)} ${pointsText(e.points)}`))
    .join(zh ? '；' : '; ');
}

/** The sum of the points, clamped to 0–100 as the server computes the confidence (for a check of what is shown). */
export const confidenceOf = (items: readonly Evidence[]): number => Math.max(0, Math.min(100, items.reduce((s, e) => s + e.points, 0)));

/** The match's band, by the thresholds of ADR 0083: ≥ 90 matched, 50–89 uncertain, below unmatched. */
export const stateOfConfidence = (c: number): MatchState => (c >= 90 ? 'matched' : c >= 50 ? 'uncertain' : 'unmatched');

export const STATE_TAG: Record<MatchState, string> = { matched: 'green', uncertain: 'gold', unmatched: 'default' };

// ----- the address ---------------------------------------------------------------------------------------------------

export const isKind = (k: unknown): k is Kind => (KINDS as readonly unknown[]).includes(k);
export const isOutcome = (o: unknown): o is Outcome => o === 'already_controlled' || (OUTCOMES as readonly unknown[]).includes(o);
export const isMeasure = (m: unknown): m is Measure => (MEASURES as readonly unknown[]).includes(m);

export function pageOf(p: URLSearchParams): number {
  const n = Number(p.get('page'));
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The entries' filters (?state=&status=&urgent=1&page=); anything malformed is left out. */
export function entryFiltersFromParams(p: URLSearchParams): EntryFilters {
  const state = STATES.find((x) => x === p.get('state'));
  const status = STATUS_FILTERS.find((x) => x === p.get('status'));
  const urgent = p.get('urgent') === '1';
  return { ...(state ? { state } : {}), ...(status ? { status } : {}), ...(urgent ? { urgent } : {}), page: pageOf(p) };
}

export const isFiltered = (f: EntryFilters): boolean => !!(f.state || f.status || f.urgent);

// ----- who does what ---------------------------------------------------------------------------------------------------

type Viewer = { permissions: readonly string[]; org: { level: string } };

/** Where this user routes an entry: a community (the importer's side: district, street), a grid (a community admin), or nowhere. */
export function routeTarget(me: Viewer): 'community' | 'grid' | null {
  if (!me.permissions.includes('screening:route')) return null;
  if (me.org.level === 'community') return 'grid';
  if (me.org.level === 'grid') return null;
  return 'community';
}

/**
 * Whether 分派 is offered on an entry: an open entry of an open list that waits for this user's choice — the importer
 * routes what is kept at the list's area to a community; a community admin chooses the grid of what reached the
 * community without one. Entries already placed show no button (few choices on a busy list).
 */
export function mayRoute(me: Viewer, entry: Pick<EntryView, 'status' | 'routed' | 'communityName' | 'gridName'>, listOpen: boolean): boolean {
  return listOpen && needsRouting(me, entry);
}

/** Whether nothing is chosen yet at this user's level (the importer: no community; a community admin: no grid). */
export function needsRouting(me: Viewer, entry: Pick<EntryView, 'routed' | 'communityName' | 'gridName' | 'status'>): boolean {
  const target = routeTarget(me);
  if (!target || entry.status !== 'open') return false;
  return target === 'community' ? !entry.routed || !entry.communityName : !entry.gridName;
}

/** Whether 核查 is offered: screening:check, an open entry of an open list. */
export const mayCheck = (me: Viewer, entry: Pick<EntryView, 'status'>, listOpen = true): boolean =>
  me.permissions.includes('screening:check') && listOpen && entry.status === 'open';

/** Why an entry reached the worker, as a key of the texts and its values. */
export type Why = { key: 'matched' | 'uncertain' | 'unmatchedAddress' | 'unmatched'; name?: string };
export function whyText(e: Pick<EntryView, 'state' | 'resident' | 'communityName'>): Why {
  if (e.state === 'matched' && e.resident) return { key: 'matched', name: e.resident.nameMasked };
  if (e.state === 'uncertain' && e.resident) return { key: 'uncertain', name: e.resident.nameMasked };
  if (e.communityName) return { key: 'unmatchedAddress', name: e.communityName };
  return { key: 'unmatched' };
}

/** The door-to-door order: 卡口已见 (the person is here) first, then 待确认, then the rest; otherwise as the server sent them. */
export function mineOrder(items: readonly EntryView[]): EntryView[] {
  const rank = (e: EntryView) => (e.urgent ? 0 : e.state === 'uncertain' ? 1 : 2);
  return items.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i).map((x) => x.e);
}

// ----- the check ------------------------------------------------------------------------------------------------------

export type CheckValues = { outcome?: string; measure?: string; note?: string; confirm?: boolean };
export type CheckProblem =
  | { field: 'outcome'; problem: 'empty' }
  | { field: 'measure'; problem: 'empty' }
  | { field: 'note'; problem: TextProblem };

/** Whether 确认是此人 is offered: an uncertain or unmatched entry with a candidate (a matched one is settled). */
export const mayConfirm = (e: Pick<EntryView, 'state' | 'resident'>): boolean => e.state !== 'matched' && !!e.resident;

/** Whether the note is required (已离开本辖区: where to). */
export const noteRequired = (outcome: string | undefined): boolean => outcome === 'left';

/**
 * 核查's body — an outcome of the four, the measure when controlled (left out otherwise), the note (required when left;
 * ≤ 200, no ID or mobile numbers), the candidate confirmed, the version seen — or every problem, field by field.
 */
export function checkBody(v: CheckValues, e: Pick<EntryView, 'state' | 'resident' | 'version'>): { ok: true; body: CheckBody } | { ok: false; problems: CheckProblem[] } {
  const problems: CheckProblem[] = [];
  const outcome = (OUTCOMES as readonly string[]).includes(v.outcome ?? '') ? (v.outcome as CheckBody['outcome']) : undefined;
  if (!outcome) problems.push({ field: 'outcome', problem: 'empty' });
  const measure = outcome === 'controlled' ? (isMeasure(v.measure) ? v.measure : undefined) : undefined;
  if (outcome === 'controlled' && !measure) problems.push({ field: 'measure', problem: 'empty' });
  const noteProblem = textProblem(v.note, noteRequired(outcome), NOTE_MAX);
  if (noteProblem) problems.push({ field: 'note', problem: noteProblem });
  if (problems.length || !outcome) return { ok: false, problems };
  const note = (v.note ?? '').trim();
  const residentId = v.confirm && mayConfirm(e) ? e.resident!.id : undefined;
  return {
    ok: true,
    body: { outcome, ...(measure ? { measure } : {}), ...(note ? { note } : {}), ...(residentId ? { residentId } : {}), version: e.version },
  };
}

// ----- closing ------------------------------------------------------------------------------------------------------

export type CloseProblem = 'empty' | 'too_short' | 'too_long' | 'id_number' | 'phone';

/** A forced close's reason: required, 4–200 characters, no ID or mobile numbers. */
export function closeReasonProblem(text: string | null | undefined): CloseProblem | null {
  const p = textProblem(text, true, CLOSE_REASON_MAX);
  if (p) return p;
  return (text ?? '').trim().length < CLOSE_REASON_MIN ? 'too_short' : null;
}

/** 结束名单's body: with entries open, only forced and with a reason; none open, a plain close. */
export function closeBody(open: number, v: { force?: boolean; reason?: string }, version: number): { ok: true; body: CloseBody } | { ok: false; problem: CloseProblem | 'not_forced' } {
  if (open <= 0) return { ok: true, body: { version } };
  if (!v.force) return { ok: false, problem: 'not_forced' };
  const p = closeReasonProblem(v.reason);
  if (p) return { ok: false, problem: p };
  return { ok: true, body: { force: true, reason: (v.reason ?? '').trim(), version } };
}

/**
 * How many entries are open, from a 409 `open_entries`: the number in its detail (code open_entries — the server's
 * `{ path: 'force', message: '3 条未核查' }`), else the first number of its message, else what the page knew.
 */
export function openCountOf(details: ReadonlyArray<{ path?: string; code?: string; message?: string }> | undefined, message: string | undefined, known: number): number {
  for (const d of details ?? []) {
    const m = /(\d+)/.exec(d.message ?? '');
    if ((d.code === 'open_entries' || d.path === 'open' || d.path === 'count') && m) return Number(m[1]);
  }
  const m = /(\d+)/.exec(message ?? '');
  return m ? Number(m[1]) : known;
}

// ----- the import -----------------------------------------------------------------------------------------------------

export type FileProblem = 'type' | 'empty' | 'size';
/** The list file: CSV or XLSX, not empty, at most 5 MB. */
export function importFileProblem(f: { name: string; size: number }): FileProblem | null {
  if (!/\.(csv|xlsx)$/i.test(f.name)) return 'type';
  if (f.size <= 0) return 'empty';
  return f.size > IMPORT_MAX_BYTES ? 'size' : null;
}

export type TitleProblem = 'empty' | 'too_short' | 'too_long';
/** A title or an issuing department: 2–60 characters. */
export function titleProblem(text: string | null | undefined): TitleProblem | null {
  const s = (text ?? '').trim();
  if (!s) return 'empty';
  if (s.length < TITLE_MIN) return 'too_short';
  return s.length > TITLE_MAX ? 'too_long' : null;
}

/** The deadline: required and in the future. */
export function dueProblem(iso: string | null | undefined, now: Date): 'empty' | 'past' | null {
  if (!iso) return 'empty';
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return 'empty';
  return t <= now.getTime() ? 'past' : null;
}

/** A refused row's column in our words, by the names the server may give it (its Chinese header or a field name). */
export function rowFieldKey(field: string): 'name' | 'idNumber' | 'phone' | 'address' | 'arrivedOn' | 'origin' | 'note' | null {
  const f = field.trim();
  if (f === '姓名' || f === 'name') return 'name';
  if (f === '身份证号' || f === 'idNumber' || f === 'id') return 'idNumber';
  if (f === '手机号' || f === 'phone') return 'phone';
  if (f === '地址' || f === '现住址' || f === 'address') return 'address';
  if (f === '抵达日期' || f === '返回日期' || f === 'arrivedOn' || f === 'arrival') return 'arrivedOn';
  if (f === '来源地' || f === '途经地' || f === 'origin') return 'origin';
  if (f === '备注' || f === 'note') return 'note';
  return null;
}

/** The refused rows of a 400 no_valid_rows, from its details (`rows.<row>.<column>`, as the server names them). */
export function refusedRows(details: ReadonlyArray<{ path?: string; message?: string; messageEn?: string }>): RowError[] {
  return details.map((d) => {
    const m = /^rows\.(\d+)\.(.*)$/.exec(d.path ?? '');
    return { row: m ? Number(m[1]) : 0, field: m ? m[2]! : d.path ?? '', message: d.message ?? '', messageEn: d.messageEn ?? '' };
  });
}

/** The refused rows in the file's order. */
export const sortedRowErrors = (errors: readonly RowError[]): RowError[] => [...errors].sort((a, b) => a.row - b.row);

export { NOTE_MAX };
