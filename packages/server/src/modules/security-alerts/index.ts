export {
  createSecurityAlertsService, SECURITY_ALERT_CLOSE_NOTE_MIN, SECURITY_ALERT_KINDS, SECURITY_ALERT_STATUSES, type SecurityAlertInput, type SecurityAlertStatus,
  type SecurityAlertView, type SecurityAlertsService,
} from './security-alerts.service';
export { registerSecurityAlertRoutes } from './security-alerts.routes';
export { countSecurityAlerts, securityAlertsBetween, type AlertEntry, type AlertRange } from './security-alerts.figures';
