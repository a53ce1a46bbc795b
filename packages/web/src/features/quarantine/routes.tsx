// Pages of 居家隔离 (ADR 0080), keyed by their menu rows in app/menu.ts — quarantine (/quarantine: 今日, 待审批, 全部,
// 隔离需求) and quarantineNeeds (/quarantine/needs, the volunteers' page) —, an order's page and its 解除隔离证明 (not
// menu rows; opened from the lists, the board and the bell), and the resident's own certificate (from their card).
import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/session';
import './quarantine.css';

const QuarantinePage = lazy(() => import('./quarantine.page').then((m) => ({ default: m.QuarantinePage })));
const NeedsPage = lazy(() => import('./needs.page').then((m) => ({ default: m.NeedsPage })));
const OrderPage = lazy(() => import('./order.page').then((m) => ({ default: m.OrderPage })));
const CertificatePage = lazy(() => import('./certificate.page').then((m) => ({ default: m.CertificatePage })));
const MyCertificatePage = lazy(() => import('./certificate.page').then((m) => ({ default: m.MyCertificatePage })));

export const quarantinePages: Record<'quarantine' | 'quarantineNeeds', ComponentType> = {
  quarantine: QuarantinePage,
  quarantineNeeds: NeedsPage,
};

export const quarantineRoutes: RouteObject[] = [
  {
    path: 'quarantine/orders/:id',
    element: (
      <RequirePermission permission="quarantine:read">
        <OrderPage />
      </RequirePermission>
    ),
  },
  {
    path: 'quarantine/orders/:id/certificate',
    element: (
      <RequirePermission permission="quarantine:read">
        <CertificatePage />
      </RequirePermission>
    ),
  },
  {
    path: 'me/quarantine/certificate',
    element: (
      <RequirePermission permission="self:quarantine">
        <MyCertificatePage />
      </RequirePermission>
    ),
  },
];
