// Pure rules of 病例与密接 (ADR 0084), unit-tested: the pages' paths, the tab and filters kept in the address, the day in
// the server's calendar (Asia/Shanghai), a case's contacts as figures in words, the transmission chain as an echarts
// graph (a layered layout: each case one generation right of its source, a tree's cases side by side, lone cases in a
// block of their own; nodes coloured by classification and sized by contacts; arrows source → case) and as a list of
// edges for screen readers, which cases may be a case's source (not itself nor one infected through it), a contact's
// follow-up check in words, and the forms' bodies with what they refuse before sending — as the server does: a case
// needs a resident or a name with an ID number or mobile, no report date after today nor onset after the report; a
// contact needs an ID number, a mobile or an address, a secondary one the close contact it came through; free texts of
// at most 200 characters without ID or mobile numbers; a follow-up list's deadline in the future.
import { normalizeCnMobile, validateCnId } from '@renxing/shared';
import type { TFunction } from 'i18next';
import { textProblem, type TextProblem } from '../../lib/checks.logic';
import {
  ADDRESS_MAX, CLASSIFICATIONS, CODE_SEARCH_MAX, CONTACT_KINDS, NAME_MAX, NOTE_MAX, SETTINGS, STATUSES, type CaseFilters, type CaseStatus, type CaseView,
  type Chain, type Classification, type ContactBody, type ContactFigures, type ContactKind, type ContactView, type FollowUpBody, type GraphNode,
  type NewCaseBody, type Setting, type ToCaseBody, type UpdateBody,
} from './api';

export type { TextProblem };

// ----- paths -----------------------------------------------------------------------------------------------------------

export const CASES_PATH = '/cases';
export const casePath = (caseId: string): string => `${CASES_PATH}/${encodeURIComponent(caseId)}`;
/** A follow-up list's page: the screening list it became (ADR 0083). */
export const screeningListPath = (listId: string): string => `/screening/lists/${encodeURIComponent(listId)}`;

// ----- codes -----------------------------------------------------------------------------------------------------------

export const isClassification = (c: unknown): c is Classification => (CLASSIFICATIONS as readonly unknown[]).includes(c);
export const isStatus = (s: unknown): s is CaseStatus => (STATUSES as readonly unknown[]).includes(s);
export const isSetting = (s: unknown): s is Setting => (SETTINGS as readonly unknown[]).includes(s);
export const isContactKind = (k: unknown): k is ContactKind => (CONTACT_KINDS as readonly unknown[]).includes(k);

/** Tag colours (antd presets) and the chain's node colours, by classification; the words always say it too. */
export const CLASSIFICATION_TAG: Record<Classification, string> = { confirmed: 'red', asymptomatic: 'orange', suspected: 'purple' };
export const CLASSIFICATION_COLOR: Record<Classification, string> = { confirmed: '#cf1322', asymptomatic: '#d46b08', suspected: '#531dab' };
export const STATUS_TAG: Record<CaseStatus, string> = { active: 'processing', recovered: 'success', excluded: 'default' };

// ----- the address -----------------------------------------------------------------------------------------------------

export const PAGE_TABS = ['cases', 'chain'] as const;
export type PageTab = (typeof PAGE_TABS)[number];
/** The page's tab (?tab=chain; 病例 by default). */
export const pageTab = (p: URLSearchParams): PageTab => PAGE_TABS.find((x) => x === p.get('tab')) ?? 'cases';

/** The cases' filters (?status=&classification=&q=); anything malformed is left out, the code search trimmed to 20. */
export function caseFiltersFromParams(p: URLSearchParams): CaseFilters {
  const status = STATUSES.find((x) => x === p.get('status'));
  const classification = CLASSIFICATIONS.find((x) => x === p.get('classification'));
  const q = (p.get('q') ?? '').trim().slice(0, CODE_SEARCH_MAX);
  return { ...(status ? { status } : {}), ...(classification ? { classification } : {}), ...(q ? { q } : {}) };
}

export const isFiltered = (f: CaseFilters): boolean => !!(f.status || f.classification || f.q);

// ----- the calendar ----------------------------------------------------------------------------------------------------

export { shanghaiDay } from '../../lib/shanghai-time';
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

// ----- figures ---------------------------------------------------------------------------------------------------------

export type FigureKey = 'close' | 'secondary' | 'sent' | 'checked' | 'becameCases';
/** A case's contacts as figures in the order of the work: 密接, 次密接, sent on a list, checked at the door, then became cases (when any). */
export function figureParts(f: ContactFigures): Array<{ key: FigureKey; n: number }> {
  const parts: Array<{ key: FigureKey; n: number }> = [
    { key: 'close', n: f.close }, { key: 'secondary', n: f.secondary }, { key: 'sent', n: f.sent }, { key: 'checked', n: f.checked },
  ];
  if (f.becameCases > 0) parts.push({ key: 'becameCases', n: f.becameCases });
  return parts;
}

/** The figures in one line: 密接 3 · 次密接 1 · 已下发 3 · 已核查 2 (no contacts: 暂无密接). */
export function figuresText(f: ContactFigures, t: TFunction): string {
  if (f.close + f.secondary === 0) return t('cases.figures.none');
  return figureParts(f).map((x) => t(`cases.figures.${x.key}`, { n: x.n })).join(' · ');
}

/** The contacts of a kind not sent on a follow-up list yet. */
export const unsentCount = (contacts: readonly Pick<ContactView, 'kind' | 'listId'>[], kind: ContactKind): number =>
  contacts.filter((c) => c.kind === kind && !c.listId).length;

// ----- the chain ---------------------------------------------------------------------------------------------------------

export type Placed = { x: number; y: number; depth: number };
/** Spacing of the layout (echarts scales it to the chart, keeping the proportions). */
export const COLUMN = 180;
export const ROW = 70;

/**
 * Where each case sits: its generation (0 for a case with no source among the nodes) to the right, and down the rows a
 * tree at a time — a case's row the middle of its infected cases' rows (a leaf takes the next free row), so that a chain
 * reads left to right without crossings. Cases with no source and no one infected through them share a block below,
 * as wide as the trees. An edge to or from a node not given, a second source of a case and a cycle are ignored.
 */
export function layoutChain(chain: Chain): Map<string, Placed> {
  const ids = new Set(chain.nodes.map((n) => n.id));
  const order = new Map(chain.nodes.map((n, i) => [n.id, i]));
  const parent = new Map<string, string>();
  for (const e of chain.edges) if (ids.has(e.from) && ids.has(e.to) && e.from !== e.to && !parent.has(e.to)) parent.set(e.to, e.from);
  // A cycle (not possible by the server's rules; guarded all the same): its node with the lowest index loses its source.
  for (const id of ids) {
    const seen = new Set<string>();
    let cur: string | undefined = id;
    while (cur && !seen.has(cur)) {
      seen.add(cur);
      cur = parent.get(cur);
    }
    if (cur) {
      const loop: string[] = [];
      let x: string = cur;
      do {
        loop.push(x);
        x = parent.get(x)!;
      } while (x !== cur);
      parent.delete(loop.sort((a, b) => order.get(a)! - order.get(b)!)[0]!);
    }
  }
  const children = new Map<string, string[]>();
  for (const n of chain.nodes) {
    const p = parent.get(n.id);
    if (p) children.set(p, [...(children.get(p) ?? []), n.id]);
  }
  const codes = new Map(chain.nodes.map((n) => [n.id, n.code]));
  const byCode = (a: string, b: string) => (codes.get(a) ?? a).localeCompare(codes.get(b) ?? b);
  for (const list of children.values()) list.sort(byCode);
  const roots = chain.nodes.filter((n) => !parent.has(n.id)).map((n) => n.id).sort(byCode);
  const trees = roots.filter((r) => children.has(r));
  const alone = roots.filter((r) => !children.has(r));
  const placed = new Map<string, Placed>();
  let nextRow = 0;
  let maxDepth = 0;
  const place = (id: string, depth: number): number => {
    maxDepth = Math.max(maxDepth, depth);
    const kids = children.get(id) ?? [];
    const rows = kids.map((k) => place(k, depth + 1));
    const row = rows.length ? (rows[0]! + rows[rows.length - 1]!) / 2 : nextRow++;
    placed.set(id, { x: depth * COLUMN, y: row * ROW, depth });
    return row;
  };
  for (const r of trees) place(r, 0);
  const width = Math.max(maxDepth + 1, Math.ceil(Math.sqrt(alone.length)));
  const top = nextRow;
  alone.forEach((id, i) => placed.set(id, { x: (i % width) * COLUMN, y: (top + Math.floor(i / width)) * ROW, depth: 0 }));
  return placed;
}

/** The number of rows the layout takes (for the chart's height). */
export function chainRows(placed: ReadonlyMap<string, Placed>): number {
  let max = -1;
  for (const p of placed.values()) max = Math.max(max, p.y / ROW);
  return Math.floor(max) + 1;
}

/** A node's size by its contacts: 18 with none, growing with the square root, at most 56. */
export const nodeSize = (contacts: number): number => Math.min(56, Math.round(18 + 6 * Math.sqrt(Math.max(0, contacts))));

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export type ChainLabels = {
  classifications: Record<Classification, string>;
  statuses: Record<CaseStatus, string>;
  /** A node's tooltip line of its contacts and onset (已在 i18n: 密接 3 人 · 发病 2026-12-01). */
  detail: (n: GraphNode) => string;
};

/**
 * The echarts option of the chain: one `graph` series laid out by layoutChain (layout none, roam to zoom and pan), a
 * category per classification (the legend names them, colours them), each node labelled with its code and sized by
 * its contacts, each edge an arrow from the source to the case it infected. Node ids are the cases' ids (a click
 * opens the case).
 */
export function chainOption(chain: Chain, labels: ChainLabels, widthPx = 0) {
  const placed = layoutChain(chain);
  const ids = new Set(chain.nodes.map((n) => n.id));
  const m = CHAIN_MARGIN;
  const viewW = widthPx - m.left - m.right;
  const viewH = chainHeight(chain) - m.top - m.bottom;
  const pads = chainPads(placed, viewW > 0 && viewH > 0 ? viewW / viewH : 0);
  return {
    animation: false,
    legend: { top: 0, data: CLASSIFICATIONS.map((c) => labels.classifications[c]) },
    tooltip: { trigger: 'item', confine: true },
    series: [{
      type: 'graph',
      layout: 'none',
      roam: true,
      ...CHAIN_MARGIN,
      categories: CLASSIFICATIONS.map((c) => ({ name: labels.classifications[c], itemStyle: { color: CLASSIFICATION_COLOR[c] } })),
      label: { show: true, position: 'bottom', fontSize: 12, color: '#262626' },
      edgeSymbol: ['none', 'arrow'],
      edgeSymbolSize: [0, 10],
      lineStyle: { color: '#8c8c8c', width: 1.5, curveness: 0 },
      emphasis: { focus: 'adjacency', lineStyle: { width: 3 } },
      data: chain.nodes.map((n) => {
        const at = placed.get(n.id)!;
        return {
          id: n.id, name: n.code, x: at.x, y: at.y, value: n.contacts, symbolSize: nodeSize(n.contacts),
          category: Math.max(0, CLASSIFICATIONS.indexOf(n.classification)),
          itemStyle: n.status === 'excluded' ? { opacity: 0.45 } : undefined,
          tooltip: {
            formatter: `<strong>${escapeHtml(n.code)}</strong> ${escapeHtml(n.nameMasked)}<br/>${escapeHtml(labels.classifications[n.classification] ?? n.classification)} · ${escapeHtml(labels.statuses[n.status] ?? n.status)}<br/>${escapeHtml(labels.detail(n))}`,
          },
        };
      }).concat(pads.map((p, i) => ({
        // Invisible corners (see chainPads): no symbol, label, tooltip or hover; not a case, so a click on one opens nothing.
        id: `${PAD_PREFIX}${i}`, name: '', x: p.x, y: p.y, value: 0, symbolSize: 0, category: 0,
        itemStyle: { opacity: 0 }, label: { show: false }, emphasis: { disabled: true }, tooltip: { show: false },
      }) as never)),
      links: chain.edges.filter((e) => ids.has(e.from) && ids.has(e.to)).map((e) => ({ source: e.from, target: e.to })),
    }],
  };
}

/** The ids of chainPads' invisible nodes start with this (a case's id never does). */
export const PAD_PREFIX = 'pad:';

/** The graph's margins inside the chart (room for the legend above and the codes' labels around). */
export const CHAIN_MARGIN = { top: 48, bottom: 32, left: 80, right: 80 } as const;

/**
 * Two invisible corners around the laid-out cases, centred on them: the box at least two columns wide and two rows
 * high, and — given the drawing area's width : height (`aspect`) — widened or heightened to the same proportions.
 * echarts stretches a `layout: 'none'` graph's box to fill the area on each axis separately: a chain on one row (or a
 * single case) has a box of no height, which it would stretch without bound (the dots drawn as bars), and any other
 * box of other proportions than the area's squashes the dots into ellipses.
 */
export function chainPads(placed: ReadonlyMap<string, Placed>, aspect = 0): Array<{ x: number; y: number }> {
  if (placed.size === 0) return [];
  const xs = [...placed.values()].map((p) => p.x);
  const ys = [...placed.values()].map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let halfW = Math.max((x1 - x0) / 2, COLUMN);
  let halfH = Math.max((y1 - y0) / 2, ROW);
  if (aspect > 0 && Number.isFinite(aspect)) {
    if (halfW / halfH < aspect) halfW = halfH * aspect;
    else halfH = halfW / aspect;
  }
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  return [{ x: cx - halfW, y: cy - halfH }, { x: cx + halfW, y: cy + halfH }];
}

export type EdgeRow = { key: string; fromId: string; toId: string; from: string; to: string };
/** The chain's edges as rows of the fallback table (BL-… → BL-…), by the source's code, then the case's. */
export function edgeRows(chain: Chain): EdgeRow[] {
  const code = new Map(chain.nodes.map((n) => [n.id, n.code]));
  return chain.edges
    .filter((e) => code.has(e.from) && code.has(e.to))
    .map((e) => ({ key: `${e.from}>${e.to}`, fromId: e.from, toId: e.to, from: code.get(e.from)!, to: code.get(e.to)! }))
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}
export const edgeText = (r: Pick<EdgeRow, 'from' | 'to'>): string => `${r.from} → ${r.to}`;

/** The chart's height: a row's worth per row of the layout, 260–560 pixels. */
export const chainHeight = (chain: Chain): number => Math.max(260, Math.min(560, 80 + chainRows(layoutChain(chain)) * 56));

// ----- the source case --------------------------------------------------------------------------------------------------

/** A case and every case infected through it (by the cases' sources as known here). */
export function selfAndDescendants(caseId: string, cases: readonly Pick<CaseView, 'id' | 'sourceCaseId'>[]): Set<string> {
  const out = new Set([caseId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of cases) if (c.sourceCaseId && out.has(c.sourceCaseId) && !out.has(c.id)) (out.add(c.id), (grew = true));
  }
  return out;
}

/** The cases that may be the source of `caseId` (all for a new case): not itself nor one infected through it. */
export function sourceChoices<C extends Pick<CaseView, 'id' | 'sourceCaseId'>>(cases: readonly C[], caseId: string | null): C[] {
  if (!caseId) return [...cases];
  const out = selfAndDescendants(caseId, cases);
  return cases.filter((c) => !out.has(c.id));
}

// ----- a contact's follow-up -----------------------------------------------------------------------------------------------

export type FollowUpState = 'not_sent' | 'open' | 'done';
/** Where a contact's follow-up stands: not sent on a list yet, sent and waiting for the door-to-door check, checked. */
export function followUpState(c: Pick<ContactView, 'listId' | 'check'>): FollowUpState {
  if (!c.listId) return 'not_sent';
  return c.check?.status === 'done' ? 'done' : 'open';
}
/** Whether the list's matching found the person in the registry (比对成功); null before the list was sent. */
export const checkMatched = (c: Pick<ContactView, 'check'>): boolean | null => (c.check ? c.check.state === 'matched' : null);

export const OUTCOME_CODES = ['controlled', 'not_here', 'left', 'wrong_info', 'already_controlled'] as const;
export const isOutcome = (o: unknown): o is (typeof OUTCOME_CODES)[number] => (OUTCOME_CODES as readonly unknown[]).includes(o);

// ----- the forms ---------------------------------------------------------------------------------------------------------

export type DateProblem = 'empty' | 'future' | 'after_report';
export type PersonProblem = 'empty' | 'too_long' | 'id_invalid' | 'phone_invalid' | 'need_number' | 'need_contact_way';
/** A source case that is the case itself (or infected through it: the server's 400 names sourceCaseId). */
export type SourceProblem = 'self';
export type FormProblem = DateProblem | PersonProblem | TextProblem | SourceProblem;
type Problem<F extends string> = { field: F; problem: FormProblem };

const trim = (s: string | null | undefined) => (s ?? '').trim();

function dayProblem(day: string | null | undefined, today: string, required: boolean): DateProblem | null {
  const d = trim(day);
  if (!d || !ISO_DAY.test(d)) return required ? 'empty' : null;
  return d > today ? 'future' : null;
}

function nameProblem(name: string | null | undefined): PersonProblem | null {
  const s = trim(name);
  if (!s) return 'empty';
  return s.length > NAME_MAX ? 'too_long' : null;
}

const idValid = (id: string, now: Date) => validateCnId(id, now).ok;
const phoneValid = (phone: string) => normalizeCnMobile(phone) !== null;

export type NewCaseValues = {
  classification?: string; reportedOn?: string | null; onsetOn?: string | null; residentId?: string | null; name?: string; idNumber?: string; phone?: string;
  sourceCaseId?: string | null; exposureNote?: string;
};
export type NewCaseField = 'classification' | 'reportedOn' | 'onsetOn' | 'residentId' | 'name' | 'idNumber' | 'phone' | 'exposureNote';

/**
 * 登记病例's body — a resident chosen (then no name or numbers), or a name with a valid ID number or mobile (at least
 * one); the report date not after today, the onset not after the report; the note ≤ 200 without ID or mobile numbers —
 * or every problem, field by field.
 */
export function newCaseBody(v: NewCaseValues, today: string, now: Date, byResident: boolean):
  { ok: true; body: NewCaseBody } | { ok: false; problems: Array<Problem<NewCaseField>> } {
  const problems: Array<Problem<NewCaseField>> = [];
  const classification = isClassification(v.classification) ? v.classification : undefined;
  if (!classification) problems.push({ field: 'classification', problem: 'empty' });
  problems.push(...datesProblems(v.reportedOn, v.onsetOn, today));
  const person: Partial<NewCaseBody> = {};
  if (byResident) {
    if (!trim(v.residentId)) problems.push({ field: 'residentId', problem: 'empty' });
    else person.residentId = trim(v.residentId);
  } else {
    const np = nameProblem(v.name);
    if (np) problems.push({ field: 'name', problem: np });
    const id = trim(v.idNumber).toUpperCase();
    const phone = trim(v.phone);
    if (!id && !phone) problems.push({ field: 'idNumber', problem: 'need_number' });
    if (id && !idValid(id, now)) problems.push({ field: 'idNumber', problem: 'id_invalid' });
    if (phone && !phoneValid(phone)) problems.push({ field: 'phone', problem: 'phone_invalid' });
    Object.assign(person, { name: trim(v.name), ...(id ? { idNumber: id } : {}), ...(phone ? { phone } : {}) });
  }
  const noteProblem = textProblem(v.exposureNote, false, NOTE_MAX);
  if (noteProblem) problems.push({ field: 'exposureNote', problem: noteProblem });
  if (problems.length || !classification) return { ok: false, problems };
  const note = trim(v.exposureNote);
  const source = trim(v.sourceCaseId);
  return {
    ok: true,
    body: {
      classification, reportedOn: trim(v.reportedOn), ...(trim(v.onsetOn) ? { onsetOn: trim(v.onsetOn) } : {}), ...person,
      ...(note ? { exposureNote: note } : {}), ...(source ? { sourceCaseId: source } : {}),
    },
  };
}

/** The report date (required, not after today) and the onset (optional, not after today nor after the report). */
export function datesProblems(reportedOn: string | null | undefined, onsetOn: string | null | undefined, today: string): Array<Problem<'reportedOn' | 'onsetOn'>> {
  const out: Array<Problem<'reportedOn' | 'onsetOn'>> = [];
  const rp = dayProblem(reportedOn, today, true);
  if (rp) out.push({ field: 'reportedOn', problem: rp });
  const op = dayProblem(onsetOn, today, false);
  if (op) out.push({ field: 'onsetOn', problem: op });
  else if (!rp && trim(onsetOn) && trim(onsetOn) > trim(reportedOn)) out.push({ field: 'onsetOn', problem: 'after_report' });
  return out;
}

export type ToCaseValues = { classification?: string; reportedOn?: string | null; onsetOn?: string | null };
/** 转为病例's body: a classification and the dates, as for a new case. */
export function toCaseBody(v: ToCaseValues, today: string): { ok: true; body: ToCaseBody } | { ok: false; problems: Array<Problem<'classification' | 'reportedOn' | 'onsetOn'>> } {
  const problems: Array<Problem<'classification' | 'reportedOn' | 'onsetOn'>> = [];
  const classification = isClassification(v.classification) ? v.classification : undefined;
  if (!classification) problems.push({ field: 'classification', problem: 'empty' });
  problems.push(...datesProblems(v.reportedOn, v.onsetOn, today));
  if (problems.length || !classification) return { ok: false, problems };
  return { ok: true, body: { classification, reportedOn: trim(v.reportedOn), ...(trim(v.onsetOn) ? { onsetOn: trim(v.onsetOn) } : {}) } };
}

export type ContactValues = {
  kind?: string; name?: string; idNumber?: string; phone?: string; address?: string; exposureOn?: string | null; setting?: string; note?: string; viaContactId?: string | null;
};
export type ContactField = 'kind' | 'name' | 'idNumber' | 'phone' | 'address' | 'exposureOn' | 'setting' | 'note' | 'viaContactId';

/**
 * 添加密接's body — the kind, a name, at least one way to find the person (a valid ID number, a valid mobile or an
 * address; the address ≤ 200 without ID or mobile numbers), the exposure date (not after today) and setting, a note,
 * and for a secondary contact the close contact it came through (a close one comes through no one) — or every problem.
 */
export function contactBody(v: ContactValues, today: string, now: Date): { ok: true; body: ContactBody } | { ok: false; problems: Array<Problem<ContactField>> } {
  const problems: Array<Problem<ContactField>> = [];
  const kind = isContactKind(v.kind) ? v.kind : undefined;
  if (!kind) problems.push({ field: 'kind', problem: 'empty' });
  const np = nameProblem(v.name);
  if (np) problems.push({ field: 'name', problem: np });
  const id = trim(v.idNumber).toUpperCase();
  const phone = trim(v.phone);
  const address = trim(v.address);
  if (!id && !phone && !address) problems.push({ field: 'idNumber', problem: 'need_contact_way' });
  if (id && !idValid(id, now)) problems.push({ field: 'idNumber', problem: 'id_invalid' });
  if (phone && !phoneValid(phone)) problems.push({ field: 'phone', problem: 'phone_invalid' });
  const ap = textProblem(address, false, ADDRESS_MAX);
  if (ap) problems.push({ field: 'address', problem: ap });
  const ep = dayProblem(v.exposureOn, today, true);
  if (ep) problems.push({ field: 'exposureOn', problem: ep });
  const setting = isSetting(v.setting) ? v.setting : undefined;
  if (!setting) problems.push({ field: 'setting', problem: 'empty' });
  const notep = textProblem(v.note, false, NOTE_MAX);
  if (notep) problems.push({ field: 'note', problem: notep });
  const via = trim(v.viaContactId);
  if (kind === 'secondary' && !via) problems.push({ field: 'viaContactId', problem: 'empty' });
  if (problems.length || !kind || !setting) return { ok: false, problems };
  const note = trim(v.note);
  return {
    ok: true,
    body: {
      kind, name: trim(v.name), ...(id ? { idNumber: id } : {}), ...(phone ? { phone } : {}), ...(address ? { address } : {}), exposureOn: trim(v.exposureOn),
      setting, ...(note ? { note } : {}), ...(kind === 'secondary' ? { viaContactId: via } : {}),
    },
  };
}

/** The close contacts a secondary contact may come through. */
export const viaChoices = (contacts: readonly ContactView[]): ContactView[] => contacts.filter((c) => c.kind === 'close');

export type EditValues = { status?: string; classification?: string; sourceCaseId?: string | null; exposureNote?: string };
/**
 * 修改's body: only what changed (status, classification, the source — null to clear it —, the note), with the version
 * seen; `nothing` when nothing changed (the server would refuse it), a problem on the source (itself) or the note.
 */
export function updateBody(v: EditValues, c: Pick<CaseView, 'id' | 'status' | 'classification' | 'sourceCaseId' | 'exposureNote' | 'version'>):
  { ok: true; body: UpdateBody } | { ok: false; nothing: true } | { ok: false; problems: Array<Problem<'sourceCaseId' | 'exposureNote'>> } {
  const problems: Array<Problem<'sourceCaseId' | 'exposureNote'>> = [];
  const source = trim(v.sourceCaseId) || null;
  if (source && source === c.id) problems.push({ field: 'sourceCaseId', problem: 'self' });
  const np = textProblem(v.exposureNote, false, NOTE_MAX);
  if (np) problems.push({ field: 'exposureNote', problem: np });
  if (problems.length) return { ok: false, problems };
  const body: UpdateBody = { version: c.version };
  if (isStatus(v.status) && v.status !== c.status) body.status = v.status;
  if (isClassification(v.classification) && v.classification !== c.classification) body.classification = v.classification;
  if (source !== (c.sourceCaseId ?? null)) body.sourceCaseId = source;
  const note = trim(v.exposureNote);
  if (note !== trim(c.exposureNote)) body.exposureNote = note;
  return Object.keys(body).length > 1 ? { ok: true, body } : { ok: false, nothing: true };
}

/** The follow-up list's deadline: required and in the future. */
export function dueProblem(iso: string | null | undefined, now: Date): 'empty' | 'past' | null {
  if (!iso) return 'empty';
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return 'empty';
  return t <= now.getTime() ? 'past' : null;
}

export function followUpBody(kind: ContactKind, dueAt: string | null | undefined, now: Date): { ok: true; body: FollowUpBody } | { ok: false; problem: 'empty' | 'past' } {
  const p = dueProblem(dueAt, now);
  return p ? { ok: false, problem: p } : { ok: true, body: { kind, dueAt: new Date(dueAt!).toISOString() } };
}
