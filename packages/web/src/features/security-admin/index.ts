// Public surface of the security-admin feature (账号与安全): what other features and pages may use. Everything else in
// this folder is internal (docs/ARCHITECTURE.md, web app: features talk to each other only through index.ts).
export { SECURITY_ALERT_NOTIFICATION_KINDS, securityAlertNotice } from './security-alerts.logic';
