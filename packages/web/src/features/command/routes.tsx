// Pages of 指挥部 (ADR 0090): 今日 and 我的督办事项, keyed by their menu rows in app/menu.ts (command, myDecisions); the
// meeting page, the roster's week and the working groups (not menu rows).
import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/session';
import './command.css';

const CommandPage = lazy(() => import('./command.page').then((m) => ({ default: m.CommandPage })));
const MeetingPage = lazy(() => import('./meeting.page').then((m) => ({ default: m.MeetingPage })));
const RosterPage = lazy(() => import('./roster.page').then((m) => ({ default: m.RosterPage })));
const GroupsPage = lazy(() => import('./groups.page').then((m) => ({ default: m.GroupsPage })));
const MyDecisionsPage = lazy(() => import('./mine.page').then((m) => ({ default: m.MyDecisionsPage })));

export const commandPages: Record<'command' | 'myDecisions', ComponentType> = { command: CommandPage, myDecisions: MyDecisionsPage };

export const commandRoutes: RouteObject[] = [
  { path: 'command/meetings/:id', element: <RequirePermission permission="command:read"><MeetingPage /></RequirePermission> },
  { path: 'command/roster', element: <RequirePermission permission="command:read"><RosterPage /></RequirePermission> },
  { path: 'command/groups', element: <RequirePermission permission="command:read"><GroupsPage /></RequirePermission> },
];
