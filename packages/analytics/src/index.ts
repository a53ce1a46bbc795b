/**
 * @renxing/analytics — pure TypeScript outbreak detection (R `surveillance`, CDC NSSP-ESSENCE), R_t (EpiEstim),
 * SEIR projection, supply allocation and multi-criteria weights. No I/O: runs in the server and the browser.
 */
export * from './dist';
export * from './ears';
export * from './cusum';
export * from './glr';
export * from './epiestim';
export * from './glm';
export * from './farrington';
export * from './essence';
export * from './allocation';
export * from './mcda';
export * from './seir';
export * from './rstats';
