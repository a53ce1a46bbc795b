export { createSelfReportsService, DEFAULT_TEMPERATURE_POLICY, SYMPTOMS, type CollectionGate, type FeverSink, type SelfReportsService, type Symptom, type TemperaturePolicy } from './self-reports.service';
export { registerSelfReportRoutes } from './self-reports.routes';
export { eraseSelfReportsOf, unlinkResidentAccounts } from './self-reports.erasure';
export { DEMO_SELF_REPORT_DAYS, seedSelfReportsDemo } from './self-reports.seed';
export { selfReportResilienceFigures } from './self-reports.resilience';
export { selfReportFigures } from './self-reports.figures';
