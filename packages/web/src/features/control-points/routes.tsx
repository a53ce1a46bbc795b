// The page of the control-point feature (三无小区管控, ADR 0074), keyed by its menu row in app/menu.ts (controlPoints).
import { lazy, type ComponentType } from 'react';
import './control-points.css';

const ControlPointsPage = lazy(() => import('./control-points.page').then((m) => ({ default: m.ControlPointsPage })));

export const controlPointPages: Record<'controlPoints', ComponentType> = {
  controlPoints: ControlPointsPage,
};
