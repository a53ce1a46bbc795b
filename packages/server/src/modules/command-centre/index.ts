export {
  createCommandCentre, AGENDA_SOURCES, COMMAND_LEVELS, COMMAND_NOTIFY, DECISION_FILTERS, DECISION_STATUSES, DEFAULT_GROUPS, DUTY_ROLES, MEETING_TIME,
  type CommandCentre, type CommandCentreDeps,
} from './command-centre.service';
export { registerCommandCentreRoutes } from './command-centre.routes';
export { seedCommandCentreDemo } from './command-centre.seed';
