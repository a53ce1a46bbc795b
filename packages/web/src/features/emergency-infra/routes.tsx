// The pages of 应急避难场所与应急通道 (ADR 0078), keyed by their menu rows in app/menu.ts (shelters, lanes).
import { lazy, type ComponentType } from 'react';
import './emergency-infra.css';

const SheltersPage = lazy(() => import('./shelters.page').then((m) => ({ default: m.SheltersPage })));
const LanesPage = lazy(() => import('./lanes.page').then((m) => ({ default: m.LanesPage })));

export const emergencyInfraPages: Record<'shelters' | 'lanes', ComponentType> = {
  shelters: SheltersPage,
  lanes: LanesPage,
};
