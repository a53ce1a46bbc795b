// The pages of 工作规程 (ADR 0088), keyed by their menu rows in app/menu.ts (procedures, myChecklists); a procedure's
// page is not a menu row.
import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/session';
import './procedures.css';

const ProceduresPage = lazy(() => import('./procedures.page').then((m) => ({ default: m.ProceduresPage })));
const ProcedurePage = lazy(() => import('./procedure.page').then((m) => ({ default: m.ProcedurePage })));
const ChecklistsPage = lazy(() => import('./checklists.page').then((m) => ({ default: m.ChecklistsPage })));

export const procedurePages: Record<'procedures' | 'myChecklists', ComponentType> = { procedures: ProceduresPage, myChecklists: ChecklistsPage };

export const procedureRoutes: RouteObject[] = [
  { path: 'procedures/:id', element: <RequirePermission permission="procedure:read"><ProcedurePage /></RequirePermission> },
];
