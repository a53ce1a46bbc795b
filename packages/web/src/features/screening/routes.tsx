// Pages of 排查 (ADR 0083), keyed by their menu rows in app/menu.ts — screening (/screening: the lists, 导入名单 for the
// importers) and screeningMine (/screening/mine: the worker's door-to-door list) — and one list's page (not a menu row;
// opened from the lists or the bell).
import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/session';
import './screening.css';

const ListsPage = lazy(() => import('./lists.page').then((m) => ({ default: m.ScreeningListsPage })));
const ListPage = lazy(() => import('./list.page').then((m) => ({ default: m.ScreeningListPage })));
const MinePage = lazy(() => import('./mine.page').then((m) => ({ default: m.ScreeningMinePage })));

export const screeningPages: Record<'screening' | 'screeningMine', ComponentType> = {
  screening: ListsPage,
  screeningMine: MinePage,
};

export const screeningRoutes: RouteObject[] = [
  {
    path: 'screening/lists/:id',
    element: (
      <RequirePermission permission="screening:read">
        <ListPage />
      </RequirePermission>
    ),
  },
];
