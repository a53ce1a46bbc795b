export {
  createEmergencyPlans, DRILL_DUE_DAYS, DRILL_KINDS, DRILL_STATUSES, FINDING_SEVERITIES, PLAN_HAZARDS, PLAN_NOTIFY, PLAN_STATUSES, type EmergencyPlans, type EmergencyPlansDeps,
} from './emergency-plans.service';
export { registerEmergencyPlansRoutes } from './emergency-plans.routes';
export { seedEmergencyPlansDemo } from './emergency-plans.seed';
export { planResilienceFigures } from './emergency-plans.resilience';
