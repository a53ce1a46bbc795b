export { createHealthCodes, eraseHealthCodesOf, APPEAL_STATUSES, HEALTH_KINDS, type HealthCodes, type HealthDeps } from './health.service';
export { HEALTH_REASONS, COLOURS, localSignal, readColour, readReason, isNonEpidemicWord, type Colour, type ReasonCode } from './health.rules';
export { registerHealthCodeRoutes } from './health.routes';
export { seedHealthCodesDemo } from './health.seed';
