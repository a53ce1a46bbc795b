import { z } from 'zod';

/** Statistical detectors the warning service can run on a daily grid series (all produce a p-value → NSSP colour). */
export const DETECTOR_METHODS = ['auto', 'essence_switch', 'essence_ewma', 'essence_regression', 'ears_c1', 'ears_c2'] as const;
export type DetectorMethod = (typeof DETECTOR_METHODS)[number];

export const LEVELS = ['red', 'yellow', 'blue', 'grey'] as const;
export type Level = (typeof LEVELS)[number];
export const ALERT_LEVELS = ['red', 'yellow'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** "zh|en" custom messages are split into message/messageEn by http/errors.ts. */
const msg = (zh: string, en: string) => `${zh}|${en}`;

const EssenceOptions = z.strictObject({
  /** baseline length B (Rnssp default 28); regression and switch need a multiple of 7 */
  B: z.number().int().min(7).max(56).optional(),
  /** guard band g (default 2) */
  g: z.number().int().min(0).max(7).optional(),
  /** EWMA smoothing weights (defaults 0.4 gradual, 0.9 sudden) */
  w1: z.number().gt(0).lt(1).optional(),
  w2: z.number().gt(0).lt(1).optional(),
  /** switch: adjusted R² at or above which the regression result is used (default 0.60) */
  r2Threshold: z.number().min(0).max(1).optional(),
});
const EarsOptions = z.strictObject({
  /** reference values B (default 7, R minimum 3) */
  baseline: z.number().int().min(3).max(28).optional(),
  /** lower bound of the standard deviation (platform default 0.5 for sparse grid counts; ANALYTICS.md §1.1) */
  minSigma: z.number().min(0).max(100).optional(),
});

export const DetectorConfigSchema = z
  .discriminatedUnion('method', [
    z.strictObject({ method: z.literal('auto'), options: z.strictObject({ essence: EssenceOptions.optional(), ears: EarsOptions.optional() }) }),
    z.strictObject({ method: z.literal('essence_switch'), options: EssenceOptions }),
    z.strictObject({ method: z.literal('essence_ewma'), options: EssenceOptions.omit({ r2Threshold: true }) }),
    z.strictObject({ method: z.literal('essence_regression'), options: EssenceOptions.omit({ w1: true, w2: true, r2Threshold: true }) }),
    z.strictObject({ method: z.literal('ears_c1'), options: EarsOptions }),
    z.strictObject({ method: z.literal('ears_c2'), options: EarsOptions }),
  ])
  .superRefine((v, ctx) => {
    const ess = v.method === 'auto' ? v.options.essence : v.method.startsWith('essence_') ? (v.options as z.infer<typeof EssenceOptions>) : undefined;
    const path = v.method === 'auto' ? ['options', 'essence', 'B'] : ['options', 'B'];
    if (ess?.B !== undefined && v.method !== 'essence_ewma' && ess.B % 7 !== 0) {
      ctx.addIssue({ code: 'custom', path, message: msg('回归基线长度须为 7 的倍数', 'must be a multiple of 7 for the regression detector'), params: { code: 'multiple_of_7' } });
    }
  });
export type DetectorConfig = z.infer<typeof DetectorConfigSchema>;

export const HardRulesSchema = z
  .strictObject({
    /** any count > 0 is red (positive pooled samples: CIDARS-style single-case trigger) */
    anyPositiveRed: z.boolean(),
    /** fixed thresholds on the day's count (CIDARS fixed-threshold method) */
    redAtLeast: z.number().int().min(1).max(1_000_000).nullable(),
    yellowAtLeast: z.number().int().min(1).max(1_000_000).nullable(),
  })
  .superRefine((v, ctx) => {
    if (v.redAtLeast !== null && v.yellowAtLeast !== null && v.yellowAtLeast >= v.redAtLeast) {
      ctx.addIssue({
        code: 'custom', path: ['yellowAtLeast'], params: { code: 'not_below_red' },
        message: msg('黄色阈值须小于红色阈值', 'must be lower than redAtLeast'),
      });
    }
  });
export type HardRules = z.infer<typeof HardRulesSchema>;

export const RaiseOnSchema = z.array(z.enum(ALERT_LEVELS)).min(1).max(2)
  .refine((a) => new Set(a).size === a.length, { message: msg('不能重复', 'must not repeat a level'), params: { code: 'duplicate' } });

/** The part of an indicator's configuration that can be changed per org (community and above). */
export type IndicatorConfig = { detector: DetectorConfig; hardRules: HardRules; raiseOn: AlertLevel[]; enabled: boolean };

export const IndicatorConfigPatchSchema = z.strictObject({
  detector: DetectorConfigSchema.optional(),
  hardRules: HardRulesSchema.optional(),
  raiseOn: RaiseOnSchema.optional(),
  enabled: z.boolean().optional(),
  /** optimistic concurrency: the version the client read (0 = no override at this org yet) */
  version: z.number().int().min(0),
});
export type IndicatorConfigPatch = z.infer<typeof IndicatorConfigPatchSchema>;

/** Severity order for comparing levels. */
export const LEVEL_RANK: Record<Level, number> = { grey: 0, blue: 1, yellow: 2, red: 3 };
