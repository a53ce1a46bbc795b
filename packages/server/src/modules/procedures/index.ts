export { createProcedures, PROCEDURE_CATEGORIES, type Procedures, type ProceduresDeps, type Step } from './procedures.service';
export { registerProceduresRoutes } from './procedures.routes';
export { seedProceduresDemo } from './procedures.seed';
export { procedureResilienceFigures } from './procedures.resilience';
