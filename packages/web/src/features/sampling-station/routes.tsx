// The page of the 采样台 (ADR 0079), keyed by its menu row in app/menu.ts (sampling-station, /sampling/station): a
// working tool used for hours, for everyone who samples (sampling:collect: collectors, community admins, grid workers,
// doctors); the sampling pages' 去采样 leads there too.
import { lazy, type ComponentType } from 'react';
import './sampling-station.css';

const SamplingStationPage = lazy(() => import('./station.page').then((m) => ({ default: m.SamplingStationPage })));

export const samplingStationPages: Record<'sampling-station', ComponentType> = {
  'sampling-station': SamplingStationPage,
};
