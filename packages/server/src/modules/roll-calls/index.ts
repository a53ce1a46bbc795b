export {
  createRollCalls, registerRollCallRoutes, eraseRollCallItemsOf, pathsUp, ROLL_CALL_KINDS, ROLL_CALL_METHODS, ROLL_CALL_NEEDS, ROLL_CALL_OUTCOMES,
  ROLL_CALL_STATUSES, ROLL_CALL_NOTE_MAX, type RollCalls, type RollCallStatus,
} from './roll-calls.routes';
export { seedRollCallDemo, type RollCallDemo } from './roll-calls.seed';
export { rollCallResilienceFigures } from './roll-calls.resilience';
