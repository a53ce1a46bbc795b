export { createImpactService, type ImpactService, type ImpactAnswer, type ImpactQuery, type ImpactSubject } from './impact.service';
export { registerImpactRoutes, MAX_WINDOW_DAYS } from './impact.routes';
export { IMPACT_CLASSES, IMPACT_ACTIONS, classOfColumn, classifyField, type ImpactClass, type ImpactAction } from './impact.classes';
