// Page of the emergency-period feature (应急期), keyed by its menu row in app/menu.ts (emergencies).
import { lazy, type ComponentType } from 'react';

export const emergencyPages: Record<'emergencies', ComponentType> = {
  emergencies: lazy(() => import('./emergencies.page').then((m) => ({ default: m.EmergenciesPage }))),
};
