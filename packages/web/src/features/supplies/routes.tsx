// Pages of the supplies feature (物资保障, ADR 0075): stock and distributions, keyed by its menu row in app/menu.ts
// (supplies), one distribution round's page (not a menu row; a grid worker opens it from the bell), and one
// reservation offer's page with the pickup desk (ADR 0076; opened from the 预约领取 tab).
import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/session';
import './supplies.css';

const SuppliesPage = lazy(() => import('./supplies.page').then((m) => ({ default: m.SuppliesPage })));
const RoundPage = lazy(() => import('./round.page').then((m) => ({ default: m.RoundPage })));
const OfferPage = lazy(() => import('./offer.page').then((m) => ({ default: m.OfferPage })));

export const suppliesPages: Record<'supplies', ComponentType> = {
  supplies: SuppliesPage,
};

export const suppliesRoutes: RouteObject[] = [
  {
    path: 'supplies/rounds/:id',
    element: (
      <RequirePermission permission="supply:read">
        <RoundPage />
      </RequirePermission>
    ),
  },
  {
    path: 'supplies/offers/:id',
    element: (
      <RequirePermission permission="supply:read">
        <OfferPage />
      </RequirePermission>
    ),
  },
];
