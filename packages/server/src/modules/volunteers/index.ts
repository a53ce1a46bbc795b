export {
  createVolunteers, eraseVolunteersOf, APPLICATION_STATUSES, BANDS, ROSTER_STATUSES, SHIFT_KINDS, SKILLS, VOLUNTEER_KINDS, WEEKDAYS,
  type Volunteers, type VolunteersDeps,
} from './volunteers.service';
export { registerVolunteersRoutes } from './volunteers.routes';
export { seedVolunteersDemo } from './volunteers.seed';
export { volunteerResilienceFigures } from './volunteers.resilience';
export { volunteerFigures } from './volunteers.figures';
