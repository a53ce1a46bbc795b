export { registerMeRoutes } from './me.routes';
