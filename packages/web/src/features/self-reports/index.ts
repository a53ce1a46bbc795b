// Public surface of the self-report feature for the app shell (the pages are wired by app/router.tsx through routes.ts).
export { ReportingTodayCard } from './today.card';
export { ReportingAreasCard } from './reporting-areas.card';
