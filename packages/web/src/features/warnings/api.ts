// Warning API (packages/server/src/modules/warnings/warnings.routes.ts). Aggregate counts only: no personal data.
import { request } from '../../api/client';

// Answers: the shared contracts (packages/shared/src/contracts/warnings.ts; the server's handlers are typed against
// them and a server test parses live answers with them). Type-only import: no zod code in the bundle.
import type {
  WarningAlert, WarningAlertDetail, WarningAlertLevel, WarningAlertList, WarningAlertMark, WarningAlertStatus, WarningIndicator, WarningIndicatorRef,
  WarningLevel, WarningNotification, WarningNotificationList, WarningNotificationsUpdated, WarningProjection, WarningRtResult, WarningRtRow,
  WarningScopeOrg, WarningSeriesPoint,
} from '@renxing/shared';

export type Level = WarningLevel;
export type AlertLevel = WarningAlertLevel;
export type AlertStatus = WarningAlertStatus;
export type StatusFilter = 'open' | AlertStatus | 'all';

export type IndicatorRef = WarningIndicatorRef;
export type Alert = WarningAlert;
export type AlertList = WarningAlertList;
export type SeriesPoint = WarningSeriesPoint;
export type AlertMark = WarningAlertMark;
export type AlertDetail = WarningAlertDetail;
export type Indicator = WarningIndicator;
export type ScopeOrg = WarningScopeOrg;
export type RtRow = WarningRtRow;
export type Projection = WarningProjection;
export type RtResult = WarningRtResult;
export type Notification = WarningNotification;
export type NotificationList = WarningNotificationList;

// Requests (query strings as the routes accept them).
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

export const listAlerts = (q: AlertQuery, signal?: AbortSignal) => request<AlertList>('/api/warnings/alerts', { query: q, signal });
export const getAlert = (id: string, signal?: AbortSignal) => request<AlertDetail>(`/api/warnings/alerts/${encodeURIComponent(id)}`, { signal });
export const acknowledgeAlert = (id: string, body: { note?: string; version: number }) =>
  request<Alert>(`/api/warnings/alerts/${encodeURIComponent(id)}/acknowledge`, { method: 'POST', body });
export const resolveAlert = (id: string, body: { note: string; version: number }) =>
  request<Alert>(`/api/warnings/alerts/${encodeURIComponent(id)}/resolve`, { method: 'POST', body });
export const listIndicators = (signal?: AbortSignal) => request<{ items: Indicator[] }>('/api/warnings/indicators', { signal });
/** One level of the area tree: without parentId the user's org and its direct children (ADR 0052). */
export const listScopes = (parentId?: string, signal?: AbortSignal) => request<{ items: ScopeOrg[] }>('/api/warnings/scopes', { query: { parentId }, signal });
/** The area pickers' loader over listScopes. */
export const scopeLoader = async (parentId: string | undefined, signal?: AbortSignal) => (await listScopes(parentId, signal)).items;
export const getRt = (q: RtQuery, signal?: AbortSignal) => request<RtResult>('/api/warnings/rt', { query: q, signal });
export const listNotifications = (q: { unread?: boolean; page?: number; pageSize?: number }, signal?: AbortSignal) =>
  request<NotificationList>('/api/notifications', { query: { unread: q.unread ? 'true' : undefined, page: q.page, pageSize: q.pageSize }, signal });
/** The bell's badge (polled): how many are unread, without their content. */
export const unreadNotifications = (signal?: AbortSignal) => request<{ unread: number }>('/api/notifications/unread', { signal });
export const markNotificationRead = (id: string) => request<WarningNotificationsUpdated>(`/api/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });
export const markAllNotificationsRead = () => request<WarningNotificationsUpdated>('/api/notifications/read-all', { method: 'POST' });
