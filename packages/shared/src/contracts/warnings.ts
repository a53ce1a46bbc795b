// Response shapes of the risk early warning API (packages/server/src/modules/warnings/warnings.routes.ts), in one
// place for the server and the web app. The server's route handlers are typed against them and a server test parses
// live responses with them (strict: a field added or dropped on either side fails). They are not attached to the
// routes as response schemas, so serialisation and the OpenAPI document stay as they are. The web app imports the
// inferred types only (`import type`), so no zod code reaches its bundle.
import { z } from 'zod';

export const WARNING_LEVELS = ['red', 'yellow', 'blue', 'grey'] as const;
export const WARNING_ALERT_LEVELS = ['red', 'yellow'] as const;
export const WARNING_ALERT_STATUSES = ['raised', 'acknowledged', 'resolved'] as const;

const Level = z.enum(WARNING_LEVELS);
const AlertLevel = z.enum(WARNING_ALERT_LEVELS);
const AlertStatus = z.enum(WARNING_ALERT_STATUSES);
const Cause = z.enum(['detector', 'hard_rule']);
const num = z.number();
const numOrNull = z.number().nullable();

export const WarningIndicatorRefSchema = z.strictObject({ code: z.string(), nameZh: z.string(), nameEn: z.string(), unitZh: z.string(), unitEn: z.string() });

const Person = z.strictObject({ id: z.string(), displayName: z.string() }).nullable();
const Step = z.strictObject({ at: z.string(), by: Person, note: z.string().nullable() }).nullable();

export const WarningAlertSchema = z.strictObject({
  id: z.string(),
  // communityName: the grid's community, so that a grid can be named without loading the area tree (ADR 0048).
  grid: z.strictObject({ id: z.string(), code: z.string(), name: z.string(), communityName: z.string().nullable() }),
  indicator: WarningIndicatorRefSchema,
  date: z.string(),
  level: AlertLevel,
  cause: Cause,
  detector: z.string().nullable(),
  rule: z.string().nullable(),
  observed: num,
  expected: numOrNull,
  pValue: numOrNull,
  yellowLimit: numOrNull,
  redLimit: numOrNull,
  status: AlertStatus,
  raisedAt: z.string(),
  escalatedAt: z.string().nullable(),
  acknowledged: Step,
  resolved: Step,
  version: z.number().int(),
});

/** GET /api/warnings/alerts */
export const WarningAlertListSchema = z.strictObject({
  items: z.array(WarningAlertSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  open: z.strictObject({ red: z.number().int(), yellow: z.number().int(), raised: z.number().int(), acknowledged: z.number().int() }),
});

export const WarningSeriesPointSchema = z.strictObject({
  date: z.string(),
  observed: num,
  denominator: numOrNull,
  expected: numOrNull,
  pValue: numOrNull,
  yellowLimit: numOrNull,
  redLimit: numOrNull,
  level: Level,
  detectorLevel: Level,
  detector: z.string().nullable(),
  cause: Cause.nullable(),
  rule: z.string().nullable(),
});

export const WarningAlertMarkSchema = z.strictObject({ id: z.string(), date: z.string(), level: AlertLevel, status: AlertStatus });

/** GET /api/warnings/alerts/:id */
export const WarningAlertDetailSchema = z.strictObject({
  alert: WarningAlertSchema,
  series: z.array(WarningSeriesPointSchema),
  alerts: z.array(WarningAlertMarkSchema),
});

/** GET /api/warnings/series */
export const WarningSeriesSchema = z.strictObject({
  grid: z.strictObject({ id: z.string(), code: z.string(), name: z.string() }),
  indicator: WarningIndicatorRefSchema,
  from: z.string(),
  to: z.string(),
  points: z.array(WarningSeriesPointSchema),
  alerts: z.array(WarningAlertMarkSchema),
});

const IndicatorConfig = z.strictObject({
  detector: z.strictObject({ method: z.string(), options: z.record(z.string(), z.unknown()) }),
  hardRules: z.strictObject({ anyPositiveRed: z.boolean(), redAtLeast: numOrNull, yellowAtLeast: numOrNull }),
  raiseOn: z.array(AlertLevel),
  enabled: z.boolean(),
});

/** One row of GET /api/warnings/indicators, and the answer of POST /api/warnings/indicators/:code/update. */
export const WarningIndicatorSchema = WarningIndicatorRefSchema.extend({
  source: z.string(),
  sortOrder: z.number(),
  /** effective configuration at the caller's org */
  config: IndicatorConfig,
  /** where it comes from: null = platform defaults, else the org whose setting applies */
  configOrg: z.strictObject({ id: z.string(), name: z.string(), level: z.string() }).nullable(),
  /** version of the caller's own org setting (0 = none yet); send it back when updating */
  version: z.number().int(),
  defaults: IndicatorConfig,
});
export const WarningIndicatorListSchema = z.strictObject({ items: z.array(WarningIndicatorSchema) });

export const WarningScopeOrgSchema = z.strictObject({
  id: z.string(), code: z.string(), name: z.string(), level: z.string(), parentId: z.string().nullable(),
  /** whether the org has orgs below it (the picker offers to open it; ADR 0052) */
  hasChildren: z.boolean(),
});
/**
 * GET /api/warnings/scopes: the caller's own org first, then its direct children; with `?parentId=` only the direct
 * children of that org (one level at a time, ADR 0052).
 */
export const WarningScopeListSchema = z.strictObject({ items: z.array(WarningScopeOrgSchema) });

export const WarningRtRowSchema = z.strictObject({
  tStart: num,
  tEnd: num,
  dateStart: z.string(),
  dateEnd: z.string(),
  mean: numOrNull,
  std: numOrNull,
  q0025: numOrNull,
  median: numOrNull,
  q0975: numOrNull,
});

export const WarningProjectionSchema = z.discriminatedUnion('available', [
  z.strictObject({
    available: z.literal(true),
    model: z.literal('seir'),
    params: z.strictObject({
      population: num,
      populationSource: z.enum(['registry', 'request']),
      latentDays: num,
      infectiousDays: num,
      rLow: num,
      rMedian: num,
      rHigh: num,
      basedOn: z.string(),
    }),
    initial: z.strictObject({ E: num, I: num, R: num }),
    days: z.array(z.strictObject({ date: z.string(), low: num, median: num, high: num })),
  }),
  z.strictObject({ available: z.literal(false), reason: z.enum(['seir_unavailable', 'population_unknown', 'no_estimate']) }),
]);

/** GET /api/warnings/rt */
export const WarningRtResultSchema = z.strictObject({
  scope: z.strictObject({ id: z.string(), code: z.string(), name: z.string(), level: z.string() }),
  indicator: WarningIndicatorRefSchema,
  from: z.string(),
  asOf: z.string(),
  si: z.strictObject({ mean: num, sd: num, discreteMean: numOrNull, discreteSd: numOrNull }),
  window: num,
  incidence: z.array(z.strictObject({ date: z.string(), count: num })),
  rows: z.array(WarningRtRowSchema),
  latest: WarningRtRowSchema.nullable(),
  tooEarly: z.boolean(),
  warnings: z.array(z.string()),
  projection: WarningProjectionSchema,
});

export const WarningNotificationSchema = z.strictObject({
  id: z.string(),
  /** warning_raised, warning_escalated, break_glass, … */
  kind: z.string(),
  createdAt: z.string(),
  read: z.boolean(),
  readAt: z.string().nullable(),
  alert: z
    .strictObject({
      id: z.string(),
      level: AlertLevel,
      status: AlertStatus,
      date: z.string(),
      observed: num,
      gridName: z.string(),
      /** The grid's community (its parent org), so that an officer over many communities can tell same-named grids apart; null without a parent. */
      communityName: z.string().nullable(),
      indicator: z.strictObject({ code: z.string(), nameZh: z.string(), nameEn: z.string() }),
    })
    .nullable(),
  /** What a notification that is not about an alert points at, with the texts written when it was created. */
  subject: z.strictObject({ type: z.string(), id: z.string(), data: z.record(z.string(), z.string()) }).nullable(),
});

/** GET /api/notifications */
export const WarningNotificationListSchema = z.strictObject({
  items: z.array(WarningNotificationSchema),
  total: z.number().int(),
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** GET /api/notifications/unread: the bell's badge, polled — no notification's content (ADR 0061, session 20). */
export const WarningNotificationsUnreadSchema = z.strictObject({ unread: z.number().int() });

/** POST /api/notifications/:id/read and /api/notifications/read-all */
export const WarningNotificationsUpdatedSchema = z.strictObject({ updated: z.number().int() });

export type WarningLevel = z.infer<typeof Level>;
export type WarningAlertLevel = z.infer<typeof AlertLevel>;
export type WarningAlertStatus = z.infer<typeof AlertStatus>;
export type WarningIndicatorRef = z.infer<typeof WarningIndicatorRefSchema>;
export type WarningAlert = z.infer<typeof WarningAlertSchema>;
export type WarningAlertList = z.infer<typeof WarningAlertListSchema>;
export type WarningSeriesPoint = z.infer<typeof WarningSeriesPointSchema>;
export type WarningAlertMark = z.infer<typeof WarningAlertMarkSchema>;
export type WarningAlertDetail = z.infer<typeof WarningAlertDetailSchema>;
export type WarningSeries = z.infer<typeof WarningSeriesSchema>;
export type WarningIndicator = z.infer<typeof WarningIndicatorSchema>;
export type WarningIndicatorList = z.infer<typeof WarningIndicatorListSchema>;
export type WarningScopeOrg = z.infer<typeof WarningScopeOrgSchema>;
export type WarningScopeList = z.infer<typeof WarningScopeListSchema>;
export type WarningRtRow = z.infer<typeof WarningRtRowSchema>;
export type WarningProjection = z.infer<typeof WarningProjectionSchema>;
export type WarningRtResult = z.infer<typeof WarningRtResultSchema>;
export type WarningNotification = z.infer<typeof WarningNotificationSchema>;
export type WarningNotificationList = z.infer<typeof WarningNotificationListSchema>;
export type WarningNotificationsUpdated = z.infer<typeof WarningNotificationsUpdatedSchema>;
export type WarningNotificationsUnread = z.infer<typeof WarningNotificationsUnreadSchema>;
