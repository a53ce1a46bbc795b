// Pages of the corrections feature, keyed by their menu rows in app/menu.ts (myRecord, registryCorrections).
import { lazy, type ComponentType } from 'react';

export const correctionsPages: Record<'myRecord' | 'registryCorrections', ComponentType> = {
  myRecord: lazy(() => import('./my-record.page').then((m) => ({ default: m.MyRecordPage }))),
  registryCorrections: lazy(() => import('./corrections.page').then((m) => ({ default: m.CorrectionsPage }))),
};
