// Pages of the survey feature (问卷调查, ADR 0077): the list, keyed by its menu row in app/menu.ts (surveys); a survey's
// page, the editor (new and a draft) and a resident's answer page (not menu rows).
import { lazy, type ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/session';
import './surveys.css';

const SurveysPage = lazy(() => import('./surveys.page').then((m) => ({ default: m.SurveysPage })));
const SurveyPage = lazy(() => import('./survey.page').then((m) => ({ default: m.SurveyPage })));
const SurveyEditorPage = lazy(() => import('./editor.page').then((m) => ({ default: m.SurveyEditorPage })));
const MySurveyPage = lazy(() => import('./my-survey.page').then((m) => ({ default: m.MySurveyPage })));

export const surveyPages: Record<'surveys', ComponentType> = {
  surveys: SurveysPage,
};

export const surveyRoutes: RouteObject[] = [
  { path: 'surveys/new', element: <RequirePermission permission="survey:manage"><SurveyEditorPage /></RequirePermission> },
  { path: 'surveys/:id/edit', element: <RequirePermission permission="survey:manage"><SurveyEditorPage /></RequirePermission> },
  { path: 'surveys/:id', element: <RequirePermission permission="survey:read"><SurveyPage /></RequirePermission> },
  { path: 'me/surveys/:id', element: <RequirePermission permission="self:survey"><MySurveyPage /></RequirePermission> },
];
