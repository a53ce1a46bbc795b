// Pages of 卡口 (ADR 0081), keyed by their menu rows in app/menu.ts — gates (/gates, 卡口管理) and gateStation
// (/gates/station, 卡口值守) —, and the public visitor page (/visit/:gateId, no sign-in: app/router.tsx places it outside
// the signed-in shell, like the transparency report).
import { lazy, type ComponentType } from 'react';

const GatesPage = lazy(() => import('./gates.page').then((m) => ({ default: m.GatesPage })));
const StationPage = lazy(() => import('./station.page').then((m) => ({ default: m.StationPage })));
export const VisitPage = lazy(() => import('./visit.page').then((m) => ({ default: m.VisitPage })));

export const gatesPages: Record<'gates' | 'gateStation', ComponentType> = { gates: GatesPage, gateStation: StationPage };
