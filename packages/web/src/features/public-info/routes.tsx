// The pages of 政务公开与群众监督 (ADR 0086): the staff pages keyed by their menu rows in app/menu.ts (announcements,
// complaints), a resident's own complaints (me/complaints), and the public pages (no sign-in) the router mounts outside
// the shell.
import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/session';
import './public-info.css';

const AnnouncementsPage = lazy(() => import('./announcements.page').then((m) => ({ default: m.AnnouncementsPage })));
const ComplaintsPage = lazy(() => import('./complaints.page').then((m) => ({ default: m.ComplaintsPage })));
export const PublicAnnouncementsPage = lazy(() => import('./public.pages').then((m) => ({ default: m.PublicAnnouncementsPage })));
export const PublicAnnouncementPage = lazy(() => import('./public.pages').then((m) => ({ default: m.PublicAnnouncementPage })));
export const PublicComplaintPage = lazy(() => import('./public.pages').then((m) => ({ default: m.PublicComplaintPage })));
const MyComplaintsPage = lazy(() => import('./my-complaints.page').then((m) => ({ default: m.MyComplaintsPage })));
export const TrackPage = lazy(() => import('./public.pages').then((m) => ({ default: m.TrackPage })));

export const publicInfoPages: Record<'announcements' | 'complaints', ComponentType> = {
  announcements: AnnouncementsPage,
  complaints: ComplaintsPage,
};

/** A resident's own complaints (not a menu row: opened from the workbench's 社区公告 card). */
export const publicInfoRoutes: RouteObject[] = [
  { path: 'me/complaints', element: <RequirePermission permission="self:report"><MyComplaintsPage /></RequirePermission> },
];
