export { registerDutyLogRoutes, seedDutyLogDemo, openFollowUpsUnder, DUTY_CATEGORIES, DUTY_CONTENT_MAX, type DutyDemoEntry } from './duty-logs.routes';
