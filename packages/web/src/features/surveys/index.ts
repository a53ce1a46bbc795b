// Public surface of the survey feature (问卷调查, ADR 0077): the resident's workbench card. The pages are reached through
// routes.tsx; everything else in this folder is internal (docs/ARCHITECTURE.md, web app).
export { MySurveysCard, useMySurveysOpen } from './mine.card';
