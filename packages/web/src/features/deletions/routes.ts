// Pages of the deletions feature, keyed by their menu row in app/menu.ts (registryDeletions). The resident's card lives
// on 我的信息 (features/corrections imports it through index.ts).
import { lazy, type ComponentType } from 'react';

export const deletionsPages: Record<'registryDeletions', ComponentType> = {
  registryDeletions: lazy(() => import('./deletions.page').then((m) => ({ default: m.DeletionsPage }))),
};
