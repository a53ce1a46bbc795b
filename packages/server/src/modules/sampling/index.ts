export {
  createSampling, BARCODE_RE, POOL_SIZES, RETEST_STATUSES, SAMPLING_RECALL_KIND, TUBE_RESULTS, type Sampling, type SamplingDeps, type RetestStatus, type TubeResult,
} from './sampling.service';
export { registerSamplingRoutes } from './sampling.routes';
export { makeSamplingCode, parseSamplingCode, codeDay } from './sampling.code';
export { eraseSamplingOf } from './sampling.erasure';
export { seedSamplingDemo } from './sampling.seed';
export { samplingGapFigures } from './sampling.figures';
export { samplingFigures } from './sampling.figures';
