export {
  createEmergencyInfra, DEFAULT_CLEARANCE_HOURS, LANE_KINDS, LANE_KINDS_NOTIFY, REPORT_STATUSES, SHELTER_CHECKS, SHELTER_FACILITIES, SHELTER_KINDS, SHELTER_STATUSES,
  type EmergencyInfra, type InfraDeps,
} from './emergency-infra.service';
export { registerEmergencyInfraRoutes } from './emergency-infra.routes';
export { seedEmergencyInfraDemo } from './emergency-infra.seed';
export { shelterResilienceFigures } from './emergency-infra.resilience';
