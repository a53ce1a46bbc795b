// 卡口 (ADR 0081): what several pages say and draw, kept pure for the unit tests — a policy in words, who passed, the
// reasons in the UI language, the filters of 通行记录 in the address, how the station reads a scan, the flow's charts,
// and the visitor's code kept on their phone for the day.
import type { TFunction } from 'i18next';
import {
  DECISIONS, DEFAULT_POLICY, DEVICE_RE, type Decision, type Effect, type EventQuery, type FlowDay, type FlowGate, type GateBody, type GateKind, type GatePolicy, type Passage,
  type Reason, type SamplingHours, type VisitPass,
} from './api';

/** The colour of a decision's big block at the station (white text on it, contrast above 4.5:1). */
export const DECISION_COLOUR: Record<Decision, string> = { allow: '#237804', review: '#ad4e00', deny: '#a8071a' };

export { shanghaiDay } from '../../lib/shanghai-time';

/** A gate's policy in one line, e.g. 核酸：72 小时内阴性，否则需核实；未登记人员：需核实. */
export function policyText(p: GatePolicy, t: TFunction): string {
  const sampling = p.samplingHours === 0
    ? t('gates.policy.noSampling')
    : t('gates.policy.sampling', { h: p.samplingHours, action: t(`gates.policy.action.${p.samplingAction}`) });
  return t('gates.policy.line', { sampling, unknown: t('gates.policy.unknown', { action: t(`gates.policy.action.${p.unknown}`) }) });
}

const WEIGHT: Record<Decision, number> = { deny: 0, review: 1, allow: 2 };

/** The reasons, what stops first, then what asks for a check, then what lets through (the server's order within each). */
export function byWeight<R extends Pick<Reason, 'effect'>>(reasons: readonly R[]): R[] {
  return reasons.map((r, i) => ({ r, i })).sort((a, b) => WEIGHT[a.r.effect] - WEIGHT[b.r.effect] || a.i - b.i).map((x) => x.r);
}

/** A reason in the UI language (the server words each in zh-CN and English; the other when one is missing). */
export const reasonText = (r: Pick<Reason, 'zh' | 'en'>, lang: string): string => (lang.startsWith('zh') ? r.zh || r.en : r.en || r.zh);

/** The reasons of a decision in the UI language, weightiest first (byWeight). */
export function reasonTexts(reasons: readonly Reason[], lang: string): string[] {
  return byWeight(reasons).map((r) => reasonText(r, lang));
}

/** Who passed, masked as the server sent it: a person, a visitor, a vehicle, or nobody the system knows. */
export function whoText(p: Pick<Passage, 'person' | 'visit' | 'vehicle' | 'subject'>, t: TFunction): string {
  if (p.person) return t('gates.who.person', { name: p.person.nameMasked, id: p.person.idMasked });
  if (p.visit) return t('gates.who.visitor', { name: p.visit.nameMasked, host: p.visit.host, reason: t(`gates.visitReasons.${p.visit.reason}`, { defaultValue: p.visit.reason }) });
  if (p.vehicle) return t('gates.who.vehicle', { plate: p.vehicle.plateMasked, kind: t(`gates.vehicleKinds.${p.vehicle.kind}`, { defaultValue: p.vehicle.kind }) });
  return t(p.subject === 'vehicle' ? 'gates.who.unknownVehicle' : 'gates.who.unknown');
}

// ----- 新建卡口 / 编辑 -----------------------------------------------------------------------------------------------

/** The gate dialog's fields as the form holds them (the date as YYYY-MM-DD or empty). */
export type GateValues = {
  name?: string; kind?: GateKind; gridId?: string; location?: string; deviceId?: string; signageOn?: string | null;
  samplingHours?: SamplingHours; samplingAction?: Effect; unknown?: Effect;
};

/** What is sent: trimmed; an empty location left out, an empty terminal id and date as null (cleared); the policy whole. */
export function gateBody(v: GateValues): GateBody {
  const location = v.location?.trim();
  const deviceId = v.deviceId?.trim();
  return {
    name: (v.name ?? '').trim(), kind: v.kind ?? 'pedestrian', gridId: v.gridId ?? '',
    ...(location ? { location } : {}),
    deviceId: deviceId || null,
    signageOn: v.signageOn || null,
    policy: {
      samplingHours: v.samplingHours ?? DEFAULT_POLICY.samplingHours,
      samplingAction: v.samplingAction ?? DEFAULT_POLICY.samplingAction,
      unknown: v.unknown ?? DEFAULT_POLICY.unknown,
    },
  };
}

/** The terminal id as typed: empty is fine (a staffed gate); otherwise 4–40 of A–Z a–z 0–9 - _. */
export const deviceIdValid = (raw: string | undefined): boolean => !raw?.trim() || DEVICE_RE.test(raw.trim());

// ----- 卡口管理's tabs ------------------------------------------------------------------------------------------------

export type PageTab = 'gates' | 'flow' | 'events' | 'visits' | 'vehicles';
/** The tabs one sees: the street and district (gate:read only) the gates and the flow; gate duty everything. */
export const pageTabs = (operate: boolean): PageTab[] => (operate ? ['gates', 'flow', 'events', 'visits', 'vehicles'] : ['gates', 'flow']);
/** The tab in the address (?tab=…), when it is one of `pageTabs`; else 卡口. */
export function pageTab(params: URLSearchParams, operate: boolean): PageTab {
  return pageTabs(operate).find((k) => k === params.get('tab')) ?? 'gates';
}

// ----- 通行记录: the filters in the address ------------------------------------------------------------------------

export type EventsFilter = 'all' | 'open' | Decision;
export const EVENTS_FILTERS: readonly EventsFilter[] = ['all', 'open', ...DECISIONS];

/** The list's request from the address: ?gate=…&decision=open|allow|review|deny&date=YYYY-MM-DD&page=N. */
export function eventsQuery(params: URLSearchParams): EventQuery & { filter: EventsFilter } {
  const raw = params.get('decision');
  const filter = EVENTS_FILTERS.find((f) => f === raw) ?? 'all';
  const date = params.get('date');
  const page = Number(params.get('page'));
  return {
    filter,
    gateId: params.get('gate') || undefined,
    decision: filter === 'all' || filter === 'open' ? undefined : filter,
    open: filter === 'open',
    date: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined,
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

// ----- the station ---------------------------------------------------------------------------------------------------

/** The station keeps the chosen gate on this device (an id, not personal data). */
export const STATION_GATE_KEY = 'rx.gates.station.gate';

/** What a scanner or a person typed, without the line end or tab a scanner may send, and the spaces around it. */
export const cleanScan = (raw: string): string => raw.replace(/[\r\n\t]/g, '').trim();

/** The gate the station works at: the one chosen on this device if it is still in use, else the only one there is. */
export function stationGate<G extends { id: string }>(active: readonly G[], stored: string | null): G | undefined {
  return active.find((g) => g.id === stored) ?? (active.length === 1 ? active[0] : undefined);
}

/**
 * Whether a scan was typed by hand: a USB card reader or scanner "types" a whole value in a few milliseconds per
 * character; a person takes well over 40 ms a key. (A value pasted in at once counts as a device's.)
 */
export function typedByHand(chars: number, elapsedMs: number): boolean {
  if (chars < 2) return true;
  return elapsedMs / (chars - 1) > 40;
}

/** The last checks of this session, newest first, at most `max`; a check resolved later replaces its earlier self. */
export function keepRecent(list: readonly Passage[], p: Passage, max = 10): Passage[] {
  return [p, ...list.filter((x) => x.id !== p.id)].slice(0, max);
}

/** A passage the worker still has to resolve here and now: to check, and not yet let in or turned away. */
export const needsReview = (p: Pick<Passage, 'decision' | 'review'>): boolean => p.decision === 'review' && !p.review;

// ----- 客流 ----------------------------------------------------------------------------------------------------------

/** A gate's busiest hour of the day (the first of equals), or null on a day without passages. */
export function busiestHour(hours: FlowGate['hours']): { hour: number; n: number } | null {
  let best: { hour: number; n: number } | null = null;
  for (const h of hours) if (h.in + h.out > (best?.n ?? 0)) best = { hour: h.hour, n: h.in + h.out };
  return best;
}

const IN_COLOUR = '#1677ff';
const OUT_COLOUR = '#d46b08';

/** The hours of a day as bars, in and out side by side (echarts option; 0–23 on the axis, every third labelled). */
export function hourlyOption(hours: FlowGate['hours'], labels: { in: string; out: string }): object {
  return {
    animation: false,
    grid: { left: 36, right: 8, top: 32, bottom: 24 },
    legend: { data: [labels.in, labels.out], top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: hours.map((h) => String(h.hour)), axisLabel: { interval: 2 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: labels.in, type: 'bar', data: hours.map((h) => h.in), itemStyle: { color: IN_COLOUR } },
      { name: labels.out, type: 'bar', data: hours.map((h) => h.out), itemStyle: { color: OUT_COLOUR } },
    ],
  };
}

/** The last 7 days, in and out as bars, labelled MM-DD (oldest first, as the server sends them). */
export function weekOption(days: readonly FlowDay[], labels: { in: string; out: string }): object {
  return {
    animation: false,
    grid: { left: 44, right: 8, top: 32, bottom: 24 },
    legend: { data: [labels.in, labels.out], top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: labels.in, type: 'bar', data: days.map((d) => d.in), itemStyle: { color: IN_COLOUR } },
      { name: labels.out, type: 'bar', data: days.map((d) => d.out), itemStyle: { color: OUT_COLOUR } },
    ],
  };
}

// ----- the visitor's page ------------------------------------------------------------------------------------------

/** The visitor's code is kept on their phone for the day, per gate (reopening the poster's link shows it again). */
export const visitPassKey = (gateId: string): string => `rx.gates.visit.${gateId}`;

/** A kept code, if it is one and for `today`; anything else (another day, a broken value) is not shown. */
export function keptPass(raw: string | null, today: string): VisitPass | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<VisitPass>;
    const ok = typeof v.code === 'string' && /^RXV-[A-Z0-9]{10}$/.test(v.code) && v.date === today
      && typeof v.gateName === 'string' && typeof v.communityName === 'string' && typeof v.nameMasked === 'string';
    return ok ? (v as VisitPass) : null;
  } catch {
    return null;
  }
}

/** The poster's address of a gate (its QR code). */
export const visitUrl = (origin: string, gateId: string): string => `${origin}/visit/${encodeURIComponent(gateId)}`;
