// Page of the breach-impact feature (影响评估, ADR 0031), keyed by its menu row in app/menu.ts (impact).
import { lazy, type ComponentType } from 'react';

export const impactPages: Record<'impact', ComponentType> = {
  impact: lazy(() => import('./impact.page').then((m) => ({ default: m.ImpactPage }))),
};
