// Pages of 核酸采样 (ADR 0079), the management side: the rounds and sites, keyed by its menu row in app/menu.ts
// (sampling), and one round's page (not a menu row; opened from a round's card or the bell's recall). The collection
// station (/sampling/station) is features/sampling-station's.
import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/session';
import './sampling.css';

const SamplingPage = lazy(() => import('./sampling.page').then((m) => ({ default: m.SamplingPage })));
const RoundPage = lazy(() => import('./round.page').then((m) => ({ default: m.RoundPage })));

export const samplingPages: Record<'sampling', ComponentType> = {
  sampling: SamplingPage,
};

export const samplingRoutes: RouteObject[] = [
  {
    path: 'sampling/rounds/:id',
    element: (
      <RequirePermission permission="sampling:read">
        <RoundPage />
      </RequirePermission>
    ),
  },
];
