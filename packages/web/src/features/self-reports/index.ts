// Public surface of the self-report feature for the app shell (the pages are wired by app/router.tsx through routes.ts).
export { ReportingTodayCard } from './today.card';
export { ReportingAreasCard } from './reporting-areas.card';
// The symptom list (with its labels under selfReports.symptoms) and the resident search's hit, for 居家隔离's health
// checks and its 新建隔离 search (features/quarantine).
export { SYMPTOMS, type ResidentHit, type Symptom } from './api';
