// Pages of 病例与密接 (ADR 0084), keyed by their menu row in app/menu.ts — cases (/cases: 病例 and 传播链, 登记病例 for the
// district) — and a case's page (/cases/:id: not a menu row; opened from the table, the chain or a contact).
import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/session';
import './cases.css';

const CasesPage = lazy(() => import('./cases.page').then((m) => ({ default: m.CasesPage })));
const CasePage = lazy(() => import('./case.page').then((m) => ({ default: m.CasePage })));

export const casesPages: Record<'cases', ComponentType> = {
  cases: CasesPage,
};

export const casesRoutes: RouteObject[] = [
  {
    path: 'cases/:id',
    element: (
      <RequirePermission permission="case:read">
        <CasePage />
      </RequirePermission>
    ),
  },
];
