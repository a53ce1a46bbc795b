// The pages of 志愿者 (ADR 0085): the staff page and 我的志愿服务 keyed by their menu rows in app/menu.ts (volunteers,
// myVolunteering), and the public application form (no sign-in) the router mounts outside the shell.
import { lazy, type ComponentType } from 'react';
import './volunteers.css';

const VolunteersPage = lazy(() => import('./volunteers.page').then((m) => ({ default: m.VolunteersPage })));
const MyVolunteeringPage = lazy(() => import('./mine.page').then((m) => ({ default: m.MyVolunteeringPage })));
export const PublicVolunteerPage = lazy(() => import('./public.page').then((m) => ({ default: m.PublicVolunteerPage })));

export const volunteerPages: Record<'volunteers' | 'myVolunteering', ComponentType> = {
  volunteers: VolunteersPage,
  myVolunteering: MyVolunteeringPage,
};
