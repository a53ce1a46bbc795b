// Page of the areas feature (行政区划), keyed by its menu row in app/menu.ts (areas).
import { lazy, type ComponentType } from 'react';

export const areasPages: Record<'areas', ComponentType> = {
  areas: lazy(() => import('./areas.page').then((m) => ({ default: m.AreasPage }))),
};
