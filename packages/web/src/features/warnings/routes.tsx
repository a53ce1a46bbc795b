import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/session';
import './warnings.css';

// Loaded on first use: the chart library stays out of the login page and the workbench.
const WarningsPage = lazy(() => import('./warnings.page').then((m) => ({ default: m.WarningsPage })));
const RtPage = lazy(() => import('./rt.page').then((m) => ({ default: m.RtPage })));
const AlertPage = lazy(() => import('./alert.page').then((m) => ({ default: m.AlertPage })));

/** Pages of the warning menu rows (menu.ts keys warnings, warningsRt). */
export const warningsPages: Record<'warnings' | 'warningsRt', ComponentType> = {
  warnings: WarningsPage,
  warningsRt: RtPage,
};

/** Warning pages that are not menu rows. */
export const warningsRoutes: RouteObject[] = [
  {
    path: 'warnings/alerts/:id',
    element: (
      <RequirePermission permission="warning:read">
        <AlertPage />
      </RequirePermission>
    ),
  },
];
