// Page of the duty-log feature (值班日志), keyed by its menu row in app/menu.ts (dutyLog).
import { lazy, type ComponentType } from 'react';

export const dutyLogPages: Record<'dutyLog', ComponentType> = {
  dutyLog: lazy(() => import('./duty-log.page').then((m) => ({ default: m.DutyLogPage }))),
};
