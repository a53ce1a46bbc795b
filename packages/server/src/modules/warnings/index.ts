export { createWarningsService, HISTORY_DAYS, type AlertRef, type AlertView, type AlertStatus, type EvaluationResult, type IndicatorView, type ObservationInput, type SeriesPoint, type WarningsService } from './warnings.service';
export { registerWarningsRoutes } from './warnings.routes';
export { seedWarningsDemo, DEMO_FEVER_CLUSTER } from './warnings.seed';
export { detect, evaluateSeries, hardRuleLevel, EARS_DEFAULTS, ESSENCE_DEFAULTS, type DetectorDay, type EvaluatedDay } from './warnings.detect';
export { DETECTOR_METHODS, DetectorConfigSchema, HardRulesSchema, type AlertLevel, type DetectorConfig, type HardRules, type IndicatorConfig, type Level } from './warnings.config';
export { RT_DEFAULTS } from './warnings.rt';
export { openAlertFigures } from './warnings.figures';
export { warningResilienceFigures } from './warnings.resilience';
