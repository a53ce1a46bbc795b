// Pages of the roll-call feature (关爱点名, ADR 0073): the list, keyed by its menu row in app/menu.ts (rollCalls), and one
// roll call's page (not a menu row).
import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/session';
import './roll-call.css';

const RollCallsPage = lazy(() => import('./roll-calls.page').then((m) => ({ default: m.RollCallsPage })));
const RollCallPage = lazy(() => import('./roll-call.page').then((m) => ({ default: m.RollCallPage })));

export const rollCallPages: Record<'rollCalls', ComponentType> = {
  rollCalls: RollCallsPage,
};

export const rollCallRoutes: RouteObject[] = [
  {
    path: 'roll-calls/:id',
    element: (
      <RequirePermission permission="roll-call:read">
        <RollCallPage />
      </RequirePermission>
    ),
  },
];
