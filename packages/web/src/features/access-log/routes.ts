// Page of the access-log feature, keyed by its menu row in app/menu.ts (accessLog).
import { lazy, type ComponentType } from 'react';

export const accessLogPages: Record<'accessLog', ComponentType> = {
  accessLog: lazy(() => import('./access-log.page').then((m) => ({ default: m.AccessLogPage }))),
};
