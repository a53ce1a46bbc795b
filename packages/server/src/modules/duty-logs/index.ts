export { registerDutyLogRoutes, DUTY_CATEGORIES } from './duty-logs.routes';
