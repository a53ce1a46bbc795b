// Public surface of the population-overview feature (the workbench card): what pages may use. Everything else in this
// folder is internal (docs/ARCHITECTURE.md, web app: features talk to each other only through index.ts).
export { OverviewCard } from './overview.card';
