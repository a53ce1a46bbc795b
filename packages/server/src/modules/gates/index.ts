export {
  createGates, CHECK_METHODS, DEVICE_METHODS, GATE_ALERT_KIND, GATE_KINDS, GATE_STATUSES, PLATE_RE, VEHICLE_KINDS, VISIT_REASONS, normalizePlate,
  type Gates, type GatesDeps,
} from './gates.service';
export { decide, DEFAULT_POLICY, REASON_CODES, REASON_TEXT, type GatePolicy, type Reason, type ReasonCode } from './gates.decide';
export { registerGatesRoutes } from './gates.routes';
export { seedGatesDemo } from './gates.seed';
export { eraseGatesOf } from './gates.erasure';
export { gateBrokerAccess, startGateIngest, INGEST_USER } from './gates.mqtt';
export { lastEntries } from './gates.seen';
export { gateFigures } from './gates.figures';
