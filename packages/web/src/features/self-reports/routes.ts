// Pages of the self-report feature, keyed by their menu row in app/menu.ts (selfReport, selfReports).
import { lazy, type ComponentType } from 'react';

export const selfReportPages: Record<'selfReport' | 'selfReports', ComponentType> = {
  selfReport: lazy(() => import('./report.page').then((m) => ({ default: m.SelfReportPage }))),
  selfReports: lazy(() => import('./self-reports.page').then((m) => ({ default: m.SelfReportsPage }))),
};
