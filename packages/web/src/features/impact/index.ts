// Public surface of the breach-impact feature (影响评估, ADR 0031): a link to the page with a question filled in (e.g.
// from the audit log). Everything else in this folder is internal (features talk to each other only through index.ts).
export { searchFromParams as impactSearch } from './impact.logic';
export type { ImpactParams } from './api';
