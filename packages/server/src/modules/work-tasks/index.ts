export {
  createWorkTasks, PHOTO_REQUIRED, TASK_FILTERS, TASK_KINDS, TASK_NOTIFY, TASK_PRIORITIES, TASK_STATUSES, type WorkTasks, type WorkTasksDeps,
} from './work-tasks.service';
export { registerWorkTasksRoutes } from './work-tasks.routes';
export { seedWorkTasksDemo } from './work-tasks.seed';
export { taskFigures } from './work-tasks.figures';
