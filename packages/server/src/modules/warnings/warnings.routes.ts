import type {
  WarningAlert, WarningAlertDetail, WarningAlertList, WarningIndicator, WarningIndicatorList, WarningRtResult, WarningScopeList, WarningSeries,
} from '@renxing/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { errors } from '../../http/errors';
import type { OrgsService } from '../orgs';
import { ALERT_LEVELS, IndicatorConfigPatchSchema } from './warnings.config';
import { isIsoDay } from './warnings.dates';
import type { ObservationInput, WarningsService } from './warnings.service';

const Id = z.string().min(1).max(64);
const Code = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/);
const Day = z.string().refine(isIsoDay, { message: '日期格式应为 YYYY-MM-DD|must be a date YYYY-MM-DD', params: { code: 'invalid_date' } });
const Page = { page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };
const Note = z.string().trim().min(2).max(500);

const Observation = z.strictObject({
  gridId: Id.optional(),
  gridCode: z.string().min(1).max(40).optional(),
  indicator: Code,
  date: Day,
  count: z.number().int().min(0).max(1_000_000),
  denominator: z.number().int().min(0).max(100_000_000).nullable().optional(),
}).refine((o) => (o.gridId === undefined) !== (o.gridCode === undefined), {
  message: '须且只能填写 gridId 或 gridCode 之一|give exactly one of gridId and gridCode', path: ['gridId'], params: { code: 'grid_required' },
});

/**
 * Risk early warning HTTP API (SYSTEM.md 22). Everything is scoped to the caller's org subtree. Answers are typed against the
 * response contracts in @renxing/shared (contracts/warnings.ts), which the web app uses too.
 */
export function registerWarningsRoutes(app: FastifyInstance, deps: { warnings: WarningsService; orgs: OrgsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const w = deps.warnings;

  r.post('/api/warnings/observations', {
    config: { access: 'warning:ingest' },
    schema: {
      tags: ['warnings'],
      summary: 'Ingest daily counts per grid × indicator × date (batch, idempotent upsert of absolute values; all or nothing)',
      body: z.strictObject({ items: z.array(Observation).min(1).max(5000), source: z.string().trim().min(1).max(40).optional() }),
    },
  }, async (req) => {
    const p = principalOf(req);
    const items: ObservationInput[] = [];
    for (const it of req.body.items) {
      let gridId = it.gridId;
      if (it.gridCode !== undefined) gridId = (await deps.orgs.byCode(it.gridCode))?.id ?? `code:${it.gridCode}`;
      items.push({ gridId: gridId!, indicator: it.indicator, date: it.date, count: it.count, denominator: it.denominator ?? null });
    }
    const source = `${p.kind}:${p.username}${req.body.source ? `/${req.body.source}` : ''}`.slice(0, 120);
    return w.observe(items, { source, scopePath: p.orgPath, actor: actorOf(req) });
  });

  r.post('/api/warnings/evaluate', {
    config: { access: 'warning:manage' },
    schema: {
      tags: ['warnings'], summary: 'Run the detectors now for the caller’s scope (the scheduler does this hourly for today and yesterday)',
      body: z.strictObject({ asOf: Day.optional(), days: z.number().int().min(1).max(60).default(1), indicator: Code.optional(), gridId: Id.optional() }),
    },
  }, async (req) => {
    const p = principalOf(req);
    if (req.body.asOf && req.body.asOf > w.today()) throw errors.field('asOf', 'future_date', '日期不能晚于今天', 'must not be in the future');
    return w.evaluate({ scopePath: p.orgPath, asOf: req.body.asOf, days: req.body.days, indicator: req.body.indicator, gridId: req.body.gridId, actor: actorOf(req) });
  });

  r.get('/api/warnings/alerts', {
    config: { access: 'warning:read' },
    schema: {
      tags: ['warnings'], summary: 'Alerts in scope (open first, newest first, red before yellow) with open counts by colour',
      querystring: z.strictObject({
        status: z.enum(['open', 'raised', 'acknowledged', 'resolved']).optional(), level: z.enum(ALERT_LEVELS).optional(), indicator: Code.optional(),
        gridId: Id.optional(), from: Day.optional(), to: Day.optional(), ...Page,
      }),
    },
  }, async (req): Promise<WarningAlertList> => w.listAlerts(principalOf(req), req.query));

  r.get('/api/warnings/alerts/:id', {
    config: { access: 'warning:read' },
    schema: { tags: ['warnings'], summary: 'One alert with its grid × indicator series, threshold band and alarm days (for charts)', params: z.strictObject({ id: Id }) },
  }, async (req): Promise<WarningAlertDetail> => w.getAlert(principalOf(req), actorOf(req), req.params.id));

  // The short form another page names an alert by (the duty log's form, ADR 0072): no series to evaluate, as alertRefs.
  r.get('/api/warnings/alerts/:id/ref', {
    config: { access: 'warning:read' },
    schema: { tags: ['warnings'], summary: 'An alert as other pages name it: grid, community, indicator, day, level, status (no series; not audited, as the list)', params: z.strictObject({ id: Id }) },
  }, async (req) => {
    const ref = (await w.alertRefs(principalOf(req), [req.params.id])).get(req.params.id);
    if (!ref) throw errors.notFound('预警', 'Alert');
    return ref;
  });

  r.post('/api/warnings/alerts/:id/acknowledge', {
    config: { access: 'warning:manage' },
    schema: {
      tags: ['warnings'], summary: 'Acknowledge a raised alert (audited)',
      params: z.strictObject({ id: Id }), body: z.strictObject({ note: Note.optional(), version: z.number().int().min(1).optional() }),
    },
  }, async (req): Promise<WarningAlert> => w.acknowledge(principalOf(req), actorOf(req), req.params.id, req.body.note ?? null, req.body.version));

  r.post('/api/warnings/alerts/:id/resolve', {
    config: { access: 'warning:manage' },
    schema: {
      tags: ['warnings'], summary: 'Resolve an alert with a note on what was done (audited)',
      params: z.strictObject({ id: Id }), body: z.strictObject({ note: Note, version: z.number().int().min(1).optional() }),
    },
  }, async (req): Promise<WarningAlert> => w.resolve(principalOf(req), actorOf(req), req.params.id, req.body.note, req.body.version));

  r.get('/api/warnings/indicators', {
    config: { access: 'warning:read' },
    schema: { tags: ['warnings'], summary: 'Indicators with the detector configuration in effect at the caller’s org' },
  }, async (req): Promise<WarningIndicatorList> => ({ items: await w.listIndicators(principalOf(req)) }));

  r.post('/api/warnings/indicators/:code/update', {
    config: { access: 'warning:manage' },
    schema: {
      tags: ['warnings'], summary: 'Set the detector / hard rules / alert levels for the caller’s org (community level and above; audited)',
      params: z.strictObject({ code: Code }), body: IndicatorConfigPatchSchema,
    },
  }, async (req): Promise<WarningIndicator> => w.updateIndicator(principalOf(req), actorOf(req), req.params.code, req.body));

  r.get('/api/warnings/series', {
    config: { access: 'warning:read' },
    schema: {
      tags: ['warnings'], summary: 'Daily series of one grid × indicator with expected value, yellow/red limits and colours',
      querystring: z.strictObject({ gridId: Id, indicator: Code, from: Day.optional(), to: Day.optional() }),
    },
  }, async (req): Promise<WarningSeries> => w.getSeries(principalOf(req), actorOf(req), req.query));

  r.get('/api/warnings/rt', {
    config: { access: 'warning:read' },
    schema: {
      tags: ['warnings'],
      summary: 'EpiEstim R_t (parametric SI) of the daily series aggregated over a scope, and an SEIR projection at Q0.025/Median/Q0.975',
      querystring: z.strictObject({
        scope: Id.optional(), indicator: Code.default('fever_reports'),
        siMean: z.coerce.number().gt(1).max(30).optional(), siSd: z.coerce.number().gt(0).max(30).optional(),
        window: z.coerce.number().int().min(2).max(28).optional(), days: z.coerce.number().int().min(14).max(730).optional(), asOf: Day.optional(),
        horizon: z.coerce.number().int().min(1).max(90).optional(), population: z.coerce.number().int().min(1).max(100_000_000).optional(),
        latentDays: z.coerce.number().gt(0).max(30).optional(), infectiousDays: z.coerce.number().gt(0).max(60).optional(),
      }),
    },
  }, async (req): Promise<WarningRtResult> => w.rt(principalOf(req), actorOf(req), req.query));

  r.get('/api/warnings/scopes', {
    config: { access: 'warning:read' },
    schema: {
      tags: ['warnings'],
      summary: 'One level of the area tree for the scope and grid pickers: the caller’s org and its direct children, or (parentId) the direct children of an org in the caller’s area; each says whether it has children',
      querystring: z.strictObject({ parentId: Id.optional() }),
    },
  }, async (req): Promise<WarningScopeList> => w.scopes(principalOf(req), actorOf(req), req.query.parentId));
}
