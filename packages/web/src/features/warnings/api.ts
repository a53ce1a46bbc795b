// Warning API (packages/server/src/modules/warnings/warnings.routes.ts). Aggregate counts only: no personal data.
import { request } from '../../api/client';

export type Level = 'red' | 'yellow' | 'blue' | 'grey';
export type AlertLevel = 'red' | 'yellow';
export type AlertStatus = 'raised' | 'acknowledged' | 'resolved';
export type StatusFilter = 'open' | AlertStatus | 'all';

export type IndicatorRef = { code: string; nameZh: string; nameEn: string; unitZh: string; unitEn: string };
type Person = { id: string; displayName: string } | null;

export type Alert = {
  id: string;
  grid: { id: string; code: string; name: string };
  indicator: IndicatorRef;
  date: string;
  level: AlertLevel;
  cause: 'detector' | 'hard_rule';
  detector: string | null;
  rule: string | null;
  observed: number;
  expected: number | null;
  pValue: number | null;
  yellowLimit: number | null;
  redLimit: number | null;
  status: AlertStatus;
  raisedAt: string;
  escalatedAt: string | null;
  acknowledged: { at: string; by: Person; note: string | null } | null;
  resolved: { at: string; by: Person; note: string | null } | null;
  version: number;
};

export type AlertList = {
  items: Alert[];
  total: number;
  page: number;
  pageSize: number;
  open: { red: number; yellow: number; raised: number; acknowledged: number };
};

export type AlertQuery = {
  status?: Exclude<StatusFilter, 'all'>;
  level?: AlertLevel;
  indicator?: string;
  gridId?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
};

export type SeriesPoint = {
  date: string;
  observed: number;
  denominator: number | null;
  expected: number | null;
  pValue: number | null;
  yellowLimit: number | null;
  redLimit: number | null;
  level: Level;
  detectorLevel: Level;
  detector: string | null;
  cause: 'detector' | 'hard_rule' | null;
  rule: string | null;
};

export type AlertMark = { id: string; date: string; level: AlertLevel; status: AlertStatus };
export type AlertDetail = { alert: Alert; series: SeriesPoint[]; alerts: AlertMark[] };

export type Indicator = IndicatorRef & {
  source: string;
  sortOrder: number;
  config: {
    detector: { method: string; options: Record<string, unknown> };
    hardRules: { anyPositiveRed: boolean; redAtLeast: number | null; yellowAtLeast: number | null };
    raiseOn: AlertLevel[];
    enabled: boolean;
  };
  configOrg: { id: string; name: string; level: string } | null;
  version: number;
};

export type ScopeOrg = { id: string; code: string; name: string; level: string; parentId: string | null };

export type RtRow = {
  tStart: number;
  tEnd: number;
  dateStart: string;
  dateEnd: string;
  mean: number | null;
  std: number | null;
  q0025: number | null;
  median: number | null;
  q0975: number | null;
};

export type Projection =
  | {
      available: true;
      model: 'seir';
      params: {
        population: number;
        populationSource: 'registry' | 'request';
        latentDays: number;
        infectiousDays: number;
        rLow: number;
        rMedian: number;
        rHigh: number;
        basedOn: string;
      };
      initial: { E: number; I: number; R: number };
      days: Array<{ date: string; low: number; median: number; high: number }>;
    }
  | { available: false; reason: 'seir_unavailable' | 'population_unknown' | 'no_estimate' };

export type RtResult = {
  scope: { id: string; code: string; name: string; level: string };
  indicator: IndicatorRef;
  from: string;
  asOf: string;
  si: { mean: number; sd: number; discreteMean: number | null; discreteSd: number | null };
  window: number;
  incidence: Array<{ date: string; count: number }>;
  rows: RtRow[];
  latest: RtRow | null;
  tooEarly: boolean;
  warnings: string[];
  projection: Projection;
};

export type RtQuery = {
  scope?: string;
  indicator: string;
  siMean?: number;
  siSd?: number;
  window?: number;
  days?: number;
  horizon?: number;
  population?: number;
};

export type Notification = {
  id: string;
  kind: string;
  createdAt: string;
  read: boolean;
  readAt: string | null;
  alert: {
    id: string;
    level: AlertLevel;
    status: AlertStatus;
    date: string;
    observed: number;
    gridName: string;
    indicator: { code: string; nameZh: string; nameEn: string };
  } | null;
};
export type NotificationList = { items: Notification[]; total: number; unread: number; page: number; pageSize: number };

export const listAlerts = (q: AlertQuery, signal?: AbortSignal) => request<AlertList>('/api/warnings/alerts', { query: q, signal });
export const getAlert = (id: string, signal?: AbortSignal) => request<AlertDetail>(`/api/warnings/alerts/${encodeURIComponent(id)}`, { signal });
export const acknowledgeAlert = (id: string, body: { note?: string; version: number }) =>
  request<Alert>(`/api/warnings/alerts/${encodeURIComponent(id)}/acknowledge`, { method: 'POST', body });
export const resolveAlert = (id: string, body: { note: string; version: number }) =>
  request<Alert>(`/api/warnings/alerts/${encodeURIComponent(id)}/resolve`, { method: 'POST', body });
export const listIndicators = (signal?: AbortSignal) => request<{ items: Indicator[] }>('/api/warnings/indicators', { signal });
export const listScopes = (signal?: AbortSignal) => request<{ items: ScopeOrg[] }>('/api/warnings/scopes', { signal });
export const getRt = (q: RtQuery, signal?: AbortSignal) => request<RtResult>('/api/warnings/rt', { query: q, signal });
export const listNotifications = (q: { unread?: boolean; page?: number; pageSize?: number }, signal?: AbortSignal) =>
  request<NotificationList>('/api/notifications', { query: { unread: q.unread ? 'true' : undefined, page: q.page, pageSize: q.pageSize }, signal });
export const markNotificationRead = (id: string) => request<{ updated: number }>(`/api/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });
export const markAllNotificationsRead = () => request<{ updated: number }>('/api/notifications/read-all', { method: 'POST' });
