// Pages of 上级任务 and 日报 (ADR 0093): the list and the daily report keyed by their menu rows in app/menu.ts (requests,
// dailyReport); an item's 填报 page and a request's 汇总 table.
import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/session';
import './requests.css';

const RequestsPage = lazy(() => import('./requests.page').then((m) => ({ default: m.RequestsPage })));
const DailyReportPage = lazy(() => import('./daily.page').then((m) => ({ default: m.DailyReportPage })));
const RequestItemPage = lazy(() => import('./item.page').then((m) => ({ default: m.RequestItemPage })));
const RequestTablePage = lazy(() => import('./table.page').then((m) => ({ default: m.RequestTablePage })));

export const requestPages: Record<'requests' | 'dailyReport', ComponentType> = { requests: RequestsPage, dailyReport: DailyReportPage };
export const requestRoutes: RouteObject[] = [
  { path: 'requests/items/:id', element: <RequirePermission permission="request:read"><RequestItemPage /></RequirePermission> },
  { path: 'requests/:id', element: <RequirePermission permission="request:read"><RequestTablePage /></RequirePermission> },
];
