export { registerDutyLogRoutes, seedDutyLogDemo, DUTY_CATEGORIES, DUTY_CONTENT_MAX, type DutyDemoEntry } from './duty-logs.routes';
