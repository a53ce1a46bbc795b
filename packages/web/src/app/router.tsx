import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, matchRoutes, type RouteObject } from 'react-router';
import { RequireAuth, RequirePermission } from '../auth/session';
import { ComingSoonPage } from '../pages/coming-soon.page';
import { ForbiddenPage } from '../pages/forbidden.page';
import { LoginPage } from '../pages/login.page';
import { NotFoundPage } from '../pages/not-found.page';
import { RouteErrorPage } from '../pages/route-error.page';
import { FullPageLoading } from '../pages/full-page';
import { appLayout, dashboard } from './shell-loader';
import { MENU } from './menu';
import { accessLogPages } from '../features/access-log/routes';
import { correctionsPages } from '../features/corrections/routes';
import { deletionsPages } from '../features/deletions/routes';
import { areasPages } from '../features/areas/routes';
import { emergencyPages } from '../features/emergencies/routes';
import { dutyLogPages } from '../features/duty-log/routes';
import { rollCallPages, rollCallRoutes } from '../features/roll-call/routes';
import { controlPointPages } from '../features/control-points/routes';
import { emergencyInfraPages } from '../features/emergency-infra/routes';
import { PublicAnnouncementPage, PublicAnnouncementsPage, PublicComplaintPage, publicInfoPages, publicInfoRoutes, TrackPage } from '../features/public-info/routes';
import { suppliesPages, suppliesRoutes } from '../features/supplies/routes';
import { samplingPages, samplingRoutes } from '../features/sampling/routes';
import { samplingStationPages } from '../features/sampling-station/routes';
import { quarantinePages, quarantineRoutes } from '../features/quarantine/routes';
import { healthCodePages } from '../features/health-codes/routes';
import { screeningPages, screeningRoutes } from '../features/screening/routes';
import { casesPages, casesRoutes } from '../features/cases/routes';
import { surveyPages, surveyRoutes } from '../features/surveys/routes';
import { gatesPages, VisitPage } from '../features/gates/routes';
import { impactPages } from '../features/impact/routes';
import { registryPages, registryRoutes } from '../features/registry/routes';
import { securityAdminPages } from '../features/security-admin/routes';
import { selfReportPages } from '../features/self-reports/routes';
import { warningsPages, warningsRoutes } from '../features/warnings/routes';
import { PublicVolunteerPage, volunteerPages } from '../features/volunteers/routes';
import { requestPages, requestRoutes } from '../features/requests/routes';
import { taskPages } from '../features/tasks/routes';
import { planPages, planRoutes } from '../features/plans/routes';
import { procedurePages, procedureRoutes } from '../features/procedures/routes';
import { partnerPages, partnerRoutes } from '../features/partners/routes';
import { commandPages, commandRoutes } from '../features/command/routes';
import { resiliencePages, resilienceRoutes } from '../features/resilience/routes';
import { useTranslation } from 'react-i18next';

// The signed-in shell is not part of the entry (ADR 0064): the login page draws without evaluating it.
const AppLayout = appLayout.Component;
const DashboardPage = dashboard.Component;
const AuditPage = lazy(() => import('../pages/audit/audit.page').then((m) => ({ default: m.AuditPage })));
const ChangePasswordPage = lazy(() =>
  import('../pages/account/change-password.page').then((m) => ({ default: m.ChangePasswordPage })),
);
const DevicesPage = lazy(() => import('../pages/account/devices.page').then((m) => ({ default: m.DevicesPage })));
const NoticePage = lazy(() => import('../features/notice/notice.page').then((m) => ({ default: m.NoticePage })));
const TransparencyPage = lazy(() => import('../features/transparency').then((m) => ({ default: m.TransparencyPage })));

// Page component for each menu key; a menu row without a page renders "coming soon".
const PAGES: Partial<Record<string, ComponentType>> = {
  dashboard: DashboardPage,
  audit: AuditPage,
  ...registryPages,
  ...selfReportPages,
  ...accessLogPages,
  ...correctionsPages,
  ...deletionsPages,
  ...warningsPages,
  ...securityAdminPages,
  ...areasPages,
  ...emergencyPages,
  ...dutyLogPages,
  ...rollCallPages,
  ...controlPointPages,
  ...emergencyInfraPages,
  ...publicInfoPages,
  ...suppliesPages,
  ...samplingPages,
  ...samplingStationPages,
  ...quarantinePages,
  ...healthCodePages,
  ...screeningPages,
  ...casesPages,
  ...gatesPages,
  ...surveyPages,
  ...impactPages,
  ...volunteerPages,
  ...taskPages,
  ...planPages,
  ...procedurePages,
  ...partnerPages,
  ...commandPages,
  ...resiliencePages,
  ...requestPages,
};

function ComingSoon({ labelKey }: { labelKey: (typeof MENU)[number]['labelKey'] }) {
  const { t } = useTranslation();
  return <ComingSoonPage name={t(labelKey)} />;
}

function menuRoute(entry: (typeof MENU)[number]): RouteObject {
  const Page = PAGES[entry.key];
  const element: ReactNode = (
    <RequirePermission permission={entry.permission}>
      {Page ? <Page /> : <ComingSoon labelKey={entry.labelKey} />}
    </RequirePermission>
  );
  return entry.path === '/' ? { index: true, element } : { path: entry.path.slice(1), element };
}

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage /> },
  // 个人信息处理规则 (PRIV-03, ADR 0029): public, readable before signing in.
  { path: '/privacy', element: <Suspense fallback={<FullPageLoading />}><NoticePage /></Suspense>, errorElement: <RouteErrorPage /> },
  // 公开透明报告 (SECURITY test 69, ADR 0032): public monthly counts, readable without signing in.
  { path: '/transparency', element: <Suspense fallback={<FullPageLoading />}><TransparencyPage /></Suspense>, errorElement: <RouteErrorPage /> },
  // 访客登记 (ADR 0081): a gate poster's QR code, filled in on a visitor's phone without an account.
  { path: '/visit/:gateId', element: <Suspense fallback={<FullPageLoading />}><VisitPage /></Suspense>, errorElement: <RouteErrorPage /> },
  // 政务公开与群众监督 (ADR 0086): an area's announcements, the complaint form and following a complaint, without signing in.
  { path: '/public/announcements', element: <Suspense fallback={<FullPageLoading />}><PublicAnnouncementsPage /></Suspense>, errorElement: <RouteErrorPage /> },
  { path: '/public/announcements/:id', element: <Suspense fallback={<FullPageLoading />}><PublicAnnouncementPage /></Suspense>, errorElement: <RouteErrorPage /> },
  { path: '/public/complaint', element: <Suspense fallback={<FullPageLoading />}><PublicComplaintPage /></Suspense>, errorElement: <RouteErrorPage /> },
  // 志愿者报名 (ADR 0085): the public application form of a community, from its WeChat group or poster.
  { path: '/public/volunteer', element: <Suspense fallback={<FullPageLoading />}><PublicVolunteerPage /></Suspense>, errorElement: <RouteErrorPage /> },
  { path: '/public/track', element: <Suspense fallback={<FullPageLoading />}><TrackPage /></Suspense>, errorElement: <RouteErrorPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <Suspense fallback={<FullPageLoading />}>
          <AppLayout />
        </Suspense>
      </RequireAuth>
    ),
    errorElement: <RouteErrorPage />,
    children: [
      ...MENU.map(menuRoute),
      ...registryRoutes,
      ...warningsRoutes,
      ...rollCallRoutes,
      ...suppliesRoutes,
      ...samplingRoutes,
      ...quarantineRoutes,
      ...screeningRoutes,
      ...casesRoutes,
      ...publicInfoRoutes,
      ...surveyRoutes,
      ...planRoutes,
      ...procedureRoutes,
      ...partnerRoutes,
      ...commandRoutes,
      ...resilienceRoutes,
      ...requestRoutes,
      { path: 'account/password', element: <ChangePasswordPage /> },
      { path: 'account/devices', element: <DevicesPage /> },
      { path: '403', element: <ForbiddenPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

/** Whether the route table draws this path inside the signed-in shell (every path but the public pages'). */
export function isShellPath(pathname: string): boolean {
  return matchRoutes(routes, pathname)?.[0]?.route.path === '/';
}

export function createRouter() {
  return createBrowserRouter(routes);
}
