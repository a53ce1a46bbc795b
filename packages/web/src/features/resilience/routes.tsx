// Pages of 韧性评估 (ADR 0092): the scorecard, keyed by its menu row in app/menu.ts (resilience); an assessment's page and
// its printable report (not menu rows).
import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/session';
import './resilience.css';

const ResiliencePage = lazy(() => import('./resilience.page').then((m) => ({ default: m.ResiliencePage })));
const AssessmentPage = lazy(() => import('./assessment.page').then((m) => ({ default: m.AssessmentPage })));
const ReportPage = lazy(() => import('./report.page').then((m) => ({ default: m.ReportPage })));

export const resiliencePages: Record<'resilience', ComponentType> = { resilience: ResiliencePage };

export const resilienceRoutes: RouteObject[] = [
  { path: 'resilience/assessments/:id', element: <RequirePermission permission="resilience:read"><AssessmentPage /></RequirePermission> },
  { path: 'resilience/assessments/:id/report', element: <RequirePermission permission="resilience:read"><ReportPage /></RequirePermission> },
];
