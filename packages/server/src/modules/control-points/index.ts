export {
  createControlPoints, registerControlPointRoutes, CONTROL_POINT_KINDS, CONTROL_POINT_LEAD_ROLES, CONTROL_POINT_STATUSES, CONTROL_POINT_TEXT_MAX, PATROL_CHECKS,
  type ControlPoints, type ControlPointStatus, type PatrolCheck,
} from './control-points.routes';
export { seedControlPointDemo, type ControlPointDemo } from './control-points.seed';
