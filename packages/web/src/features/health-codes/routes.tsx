// Pages of 健康码 (ADR 0082), keyed by their menu row in app/menu.ts — healthCodes (/health-codes: the summary, then 人员,
// 申诉 and 上级导入 as the user may). The resident's side is a card on the workbench (index.ts), not a page.
import { lazy, type ComponentType } from 'react';
import './health.css';

const HealthCodesPage = lazy(() => import('./health.page').then((m) => ({ default: m.HealthCodesPage })));

export const healthCodePages: Record<'healthCodes', ComponentType> = {
  healthCodes: HealthCodesPage,
};
