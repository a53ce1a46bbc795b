// Page of the security-admin feature, keyed by its menu row in app/menu.ts (security).
import { lazy, type ComponentType } from 'react';

export const securityAdminPages: Record<'security', ComponentType> = {
  security: lazy(() => import('./security-admin.page').then((m) => ({ default: m.SecurityAdminPage }))),
};
