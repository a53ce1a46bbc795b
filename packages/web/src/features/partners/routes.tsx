// Pages of 多方协同与社会组织服务 (ADR 0091), keyed by their menu rows in app/menu.ts (partners, serviceBooking, myPartners); an
// organisation's page (not a menu row).
import { lazy, type ComponentType, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { hasPermission, useMe } from '../../auth/session';
import { ForbiddenPage } from '../../pages/forbidden.page';
import './partners.css';

const PartnersPage = lazy(() => import('./partners.page').then((m) => ({ default: m.PartnersPage })));
const UnitPage = lazy(() => import('./unit.page').then((m) => ({ default: m.UnitPage })));
const MyPartnersPage = lazy(() => import('./mine.page').then((m) => ({ default: m.MyPartnersPage })));
const BookPage = lazy(() => import('./book.page').then((m) => ({ default: m.BookPage })));

export const partnerPages: Record<'partners' | 'serviceBooking' | 'myPartners', ComponentType> = { partners: PartnersPage, serviceBooking: BookPage, myPartners: MyPartnersPage };

/** An organisation's page: the registry's readers, and the organisation's own people (a volunteer who records its services). */
function ReadsOrRecords({ children }: { children: ReactNode }) {
  const me = useMe();
  return hasPermission(me, 'partner:read') || hasPermission(me, 'service:record') ? <>{children}</> : <ForbiddenPage />;
}

export const partnerRoutes: RouteObject[] = [
  { path: 'partners/:id', element: <ReadsOrRecords><UnitPage /></ReadsOrRecords> },
];
