// The signed-in shell's code (ADR 0064): the app layout and the dashboard, which bring most of the component library
// with them. Not part of the entry, so that the login page evaluates only what it draws; loaded ahead while the user
// types on the login page (lib/warm-up.ts), and at once when the app opens on a signed-in page (main.tsx).
import { preloadedLazy } from '../lib/preloaded-lazy';

export const appLayout = preloadedLazy(() => import('./app-layout'), (m) => m.AppLayout);
export const dashboard = preloadedLazy(() => import('../pages/dashboard.page'), (m) => m.DashboardPage);

/** In the order the workbench draws them: each is one long task on a slow phone, so they run one at a time. */
export const SHELL_LOADERS: ReadonlyArray<() => Promise<unknown>> = [appLayout.preload, dashboard.preload];
