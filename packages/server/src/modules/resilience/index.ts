export { createResilience, quarterOf, type Resilience, type ResilienceDeps, type StoredItem } from './resilience.service';
export { CAPACITIES, DIMENSIONS, INDICATORS, levelOf, scoresOf } from './resilience.catalogue';
export { registerResilienceRoutes } from './resilience.routes';
export { seedResilienceDemo } from './resilience.seed';
