export {
  createQuarantine, eraseQuarantineOf, activeUnderOn, dayOf, slotAt, slotsDue, NEED_KINDS, ORDER_STATUSES, QUARANTINE_KINDS, QUARANTINE_POLICIES, QUARANTINE_REASONS,
  type ActiveOrder, type Quarantine, type QuarantineDeps,
} from './quarantine.service';
export { registerQuarantineRoutes } from './quarantine.routes';
export { seedQuarantineDemo } from './quarantine.seed';
export { quarantineFigures } from './quarantine.figures';
