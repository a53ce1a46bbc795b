export {
  createScreening, eraseScreeningOf, LIST_KINDS, MEASURES, OUTCOMES, SCREENING_KINDS, type Figures, type ListKind, type Outcome, type Screening, type ScreeningDeps,
} from './screening.service';
export { bestMatch, MATCHED, UNCERTAIN, type Evidence, type MatchState } from './screening.match';
export { registerScreeningRoutes } from './screening.routes';
export { seedScreeningDemo } from './screening.seed';
