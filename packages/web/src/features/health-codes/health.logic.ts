// Pure rules of the 健康码 pages (ADR 0082), unit-tested: who sees the lists (community staff, and the district that
// decides colours; the street sees the figures only), the tabs and filters kept in the address, the reasons a colour
// may be set for (the server's closed list, filtered to the colour chosen — AUD-05), the bodies of the forms with what
// they refuse before sending (as the server: an appeal of 5–200 characters, notes of at most 200, no ID or mobile
// numbers), the upstream list's file, and whether the resident may appeal.
import { textProblem, type TextProblem } from '../../lib/checks.logic';
import {
  APPEAL_MAX, APPEAL_MIN, APPEAL_STATUSES, COLOURS, IMPORT_MAX_BYTES, NOTE_MAX, REASON_CODES,
  type AppealStatus, type AssignBody, type Colour, type ImportError, type MyHealthCode, type PeopleFilters, type Reason, type ReasonCode,
} from './api';

export type { TextProblem };

// ----- who sees what -------------------------------------------------------------------------------------------------

type Viewer = { permissions: readonly string[]; org: { level: string } };

/**
 * Whether the lists (people, appeals) are this user's: community and grid staff see their area; the district staff who
 * decide colours (health:assign) see the people they decide on. The street office sees the figures only (the server
 * answers its lists with 403 `figures_only`).
 */
export function mayList(me: Viewer): boolean {
  if (!me.permissions.includes('health:read')) return false;
  return me.org.level === 'community' || me.org.level === 'grid' || me.permissions.includes('health:assign');
}

export const PAGE_TABS = ['people', 'appeals', 'imports'] as const;
export type PageTab = (typeof PAGE_TABS)[number];

/** The tabs a user has: 人员 and 申诉 with the lists, 上级导入 with health:import. */
export function tabsFor(me: Viewer): PageTab[] {
  const out: PageTab[] = [];
  if (mayList(me)) out.push('people', 'appeals');
  if (me.permissions.includes('health:import')) out.push('imports');
  return out;
}

/** The page's tab (?tab=appeals …): the one asked for when the user has it, else their first; null: none (the street). */
export function pageTabFromParams(p: URLSearchParams, tabs: readonly PageTab[]): PageTab | null {
  return tabs.find((x) => x === p.get('tab')) ?? tabs[0] ?? null;
}

// ----- the address -------------------------------------------------------------------------------------------------

export function pageOf(p: URLSearchParams): number {
  const n = Number(p.get('page'));
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** A name search as the server takes it: trimmed, at most 20 characters; empty is none. */
export const nameQuery = (s: string | null | undefined): string => (s ?? '').trim().slice(0, 20);

/** 人员's filters (?colour=&mismatch=1&q=&page=); anything malformed is left out. */
export function peopleFiltersFromParams(p: URLSearchParams): PeopleFilters {
  const colour = COLOURS.find((x) => x === p.get('colour'));
  const q = nameQuery(p.get('q'));
  const mismatch = p.get('mismatch') === '1';
  return { ...(colour ? { colour } : {}), ...(mismatch ? { mismatch } : {}), ...(q ? { q } : {}), page: pageOf(p) };
}

/** 申诉's filter (?status=open|upheld|rejected; 待处理 by default, `all` for every appeal). */
export function appealStatusFromParams(p: URLSearchParams): AppealStatus | undefined {
  const s = p.get('status');
  if (s === 'all') return undefined;
  return APPEAL_STATUSES.find((x) => x === s) ?? 'open';
}

// ----- reasons and colours -----------------------------------------------------------------------------------------

export const isColour = (c: unknown): c is Colour => (COLOURS as readonly unknown[]).includes(c);
export const isReasonCode = (c: unknown): c is ReasonCode => (REASON_CODES as readonly unknown[]).includes(c);

/** The reasons a colour may be set for, in the server's order (a change to green: 解除管控, 申诉核实, 上级推送). */
export function reasonsFor(colour: Colour | null | undefined, reasons: readonly Reason[]): Reason[] {
  if (!colour) return [];
  return reasons.filter((r) => r.colours.includes(colour));
}

/** Whether a reason fits a colour (a reason chosen before the colour changed may no longer). */
export const reasonFits = (code: string | null | undefined, colour: Colour | null | undefined, reasons: readonly Reason[]): boolean =>
  !!code && reasonsFor(colour, reasons).some((r) => r.code === code);

/** A local signal's reason in the language shown (the server sends both). */
export const localReasonText = (r: { zh: string; en: string }, lang: string): string => (lang.startsWith('zh') ? r.zh : r.en || r.zh);

// ----- forms -------------------------------------------------------------------------------------------------------

export type AssignValues = { colour?: Colour; reasonCode?: string; note?: string };
export type AssignProblem = { field: 'colour' } | { field: 'reasonCode'; problem: 'empty' | 'reason_colour' } | { field: 'note'; problem: TextProblem };

/** 赋码 / 转码's body — a colour, a reason that fits it (from the list), an optional note — or what stops it. */
export function assignBody(v: AssignValues, reasons: readonly Reason[]): { ok: true; body: AssignBody } | { ok: false; problem: AssignProblem } {
  if (!isColour(v.colour)) return { ok: false, problem: { field: 'colour' } };
  if (!v.reasonCode) return { ok: false, problem: { field: 'reasonCode', problem: 'empty' } };
  if (!reasonFits(v.reasonCode, v.colour, reasons)) return { ok: false, problem: { field: 'reasonCode', problem: 'reason_colour' } };
  const p = noteProblem(v.note);
  if (p) return { ok: false, problem: { field: 'note', problem: p } };
  const note = (v.note ?? '').trim();
  return { ok: true, body: { colour: v.colour, reasonCode: v.reasonCode, ...(note ? { note } : {}) } };
}

export type AppealProblem = TextProblem | 'too_short';

/** An appeal's reason: required, 5–200 characters, no ID or mobile numbers (as the server). */
export function appealProblem(text: string | null | undefined): AppealProblem | null {
  const p = textProblem(text, true, APPEAL_MAX);
  if (p) return p;
  return (text ?? '').trim().length < APPEAL_MIN ? 'too_short' : null;
}

/** A change's note: optional, at most 200, no ID or mobile numbers. */
export const noteProblem = (text: string | null | undefined): TextProblem | null => textProblem(text, false, NOTE_MAX);

/** A rejection's note: required, at most 200, no ID or mobile numbers. */
export const rejectProblem = (text: string | null | undefined): TextProblem | null => textProblem(text, true, NOTE_MAX);

export type FileProblem = 'type' | 'empty' | 'size';
/** The upstream list: CSV or XLSX, not empty, at most 5 MB (the server's limit). */
export function importFileProblem(f: { name: string; size: number }): FileProblem | null {
  if (!/\.(csv|xlsx)$/i.test(f.name)) return 'type';
  if (f.size <= 0) return 'empty';
  return f.size > IMPORT_MAX_BYTES ? 'size' : null;
}

/** The import's columns by the names the server gives them (its Chinese headers) → our keys for the texts. */
export function importColumnKey(column: string): 'idNumber' | 'colour' | 'reason' | null {
  if (column === '身份证号') return 'idNumber';
  if (column === '健康码') return 'colour';
  if (column === '原因') return 'reason';
  return null;
}

/** An import's refused rows in the file's order (by row, then the columns as the file reads: 身份证号, 健康码, 原因). */
export function sortedErrors(errors: readonly ImportError[]): ImportError[] {
  const col = (c: string) => {
    const i = ['idNumber', 'colour', 'reason'].indexOf(importColumnKey(c) ?? '');
    return i < 0 ? 3 : i;
  };
  return [...errors].sort((a, b) => a.row - b.row || col(a.column) - col(b.column));
}

// ----- the resident's side -----------------------------------------------------------------------------------------

/** Whether the resident may appeal now: a yellow or red colour, and no appeal of theirs being handled. */
export function mayAppeal(m: Pick<MyHealthCode, 'colour' | 'appeal'> | null | undefined): boolean {
  if (!m || (m.colour !== 'yellow' && m.colour !== 'red')) return false;
  return m.appeal?.status !== 'open';
}

/**
 * Which appeal the card shows: the one being handled; a decided one only while it is the story of the colour now (an
 * upheld appeal while green, a rejected one while still yellow or red) — an old decision under a later change is history.
 */
export function appealShown(m: Pick<MyHealthCode, 'colour' | 'appeal'> | null | undefined): MyHealthCode['appeal'] {
  const a = m?.appeal;
  if (!a) return null;
  if (a.status === 'open') return a;
  if (a.status === 'upheld') return m.colour === 'green' ? a : null;
  return m.colour === 'yellow' || m.colour === 'red' ? a : null;
}

export { APPEAL_MAX, APPEAL_MIN, NOTE_MAX };
