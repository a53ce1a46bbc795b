// Pages of 应急预案与演练 (ADR 0089): the list, keyed by its menu row in app/menu.ts (plans); a plan's page and a drill's
// run page (not menu rows).
import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/session';
import './plans.css';

const PlansPage = lazy(() => import('./plans.page').then((m) => ({ default: m.PlansPage })));
const PlanPage = lazy(() => import('./plan.page').then((m) => ({ default: m.PlanPage })));
const DrillPage = lazy(() => import('./drill.page').then((m) => ({ default: m.DrillPage })));

export const planPages: Record<'plans', ComponentType> = { plans: PlansPage };

export const planRoutes: RouteObject[] = [
  { path: 'plans/:id', element: <RequirePermission permission="plan:read"><PlanPage /></RequirePermission> },
  { path: 'drills/:id', element: <RequirePermission permission="plan:read"><DrillPage /></RequirePermission> },
];
