// Public surface of the emergency-period feature (应急期): what other features and pages may use. Everything else in this
// folder is internal (docs/ARCHITECTURE.md, web app: features talk to each other only through index.ts).
export { EmergencyStateTag, useEmergencies } from './emergency.tag';
export type { EmergencyState } from './api';
