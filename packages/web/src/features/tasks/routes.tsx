// The pages of 工作任务 (ADR 0087), keyed by their menu rows in app/menu.ts (tasks, myTasks).
import { lazy, type ComponentType } from 'react';
import './tasks.css';

const TasksPage = lazy(() => import('./tasks.page').then((m) => ({ default: m.TasksPage })));
const MyTasksPage = lazy(() => import('./mine.page').then((m) => ({ default: m.MyTasksPage })));

export const taskPages: Record<'tasks' | 'myTasks', ComponentType> = { tasks: TasksPage, myTasks: MyTasksPage };
