import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/session';
import './registry.css';

// Loaded on first use so that the login page and the workbench stay small on slow phone networks.
const RegistryPage = lazy(() => import('./registry.page').then((m) => ({ default: m.RegistryPage })));
const ImportPage = lazy(() => import('./import.page').then((m) => ({ default: m.ImportPage })));
const ExportsPage = lazy(() => import('./exports.page').then((m) => ({ default: m.ExportsPage })));
const PlacesPage = lazy(() => import('./places.page').then((m) => ({ default: m.PlacesPage })));
const QualityPage = lazy(() => import('./quality.page').then((m) => ({ default: m.QualityPage })));
const MinorsPage = lazy(() => import('./minors.page').then((m) => ({ default: m.MinorsPage })));
const ResidentPage = lazy(() => import('./resident.page').then((m) => ({ default: m.ResidentPage })));
const HouseholdPage = lazy(() => import('./household.page').then((m) => ({ default: m.HouseholdPage })));

/** Pages of the registry menu rows (menu.ts keys). */
export const registryPages: Record<string, ComponentType> = {
  registry: RegistryPage,
  registryImport: ImportPage,
  registryExports: ExportsPage,
  registryPlaces: PlacesPage,
  registryQuality: QualityPage,
  registryMinors: MinorsPage,
};

/** Registry pages that are not menu rows (children of the app layout). */
export const registryRoutes: RouteObject[] = [
  {
    path: 'registry/residents/:id',
    element: (
      <RequirePermission permission="resident:read">
        <ResidentPage />
      </RequirePermission>
    ),
  },
  {
    path: 'registry/households/:id',
    element: (
      <RequirePermission permission="resident:read">
        <HouseholdPage />
      </RequirePermission>
    ),
  },
];
