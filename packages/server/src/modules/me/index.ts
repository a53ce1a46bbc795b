export { registerMeRoutes } from './me.routes';
export { registerMeConsentRoutes } from './me.consent.routes';
