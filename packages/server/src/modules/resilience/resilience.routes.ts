import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { freeText as text } from '../registry';
import type { Resilience } from './resilience.service';

const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });
const version = z.number().int().min(1);
const TAG = ['resilience'];

/** 韧性评估 API (ADR 0092): the indicator catalogue, an area's scorecard and trend, assessments computed, scored and finalised. */
export function registerResilienceRoutes(app: FastifyInstance, deps: { resilience: Resilience }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.resilience;

  r.get('/api/resilience/catalogue', {
    config: { access: 'resilience:read' },
    schema: { tags: TAG, summary: 'The dimensions, the eight capacities, the 0–5 levels and the indicators with how each is measured, its thresholds and suggestion' },
  }, async () => s.catalogue());

  r.get('/api/resilience', {
    config: { access: 'resilience:read' },
    schema: { tags: TAG, summary: 'An area’s scorecard (the caller’s org, or orgId below it): latest finalised assessment, draft, trend, and the orgs below with their latest score', querystring: z.strictObject({ orgId: id.optional() }) },
  }, async (req) => s.overview(principalOf(req), req.query.orgId));

  r.post('/api/resilience/assessments', {
    config: { access: 'resilience:assess' },
    schema: { tags: TAG, summary: '发起评估: a new draft assessment of the caller’s org for the current quarter, its automatic indicators computed from live data' },
  }, async (req, reply) => reply.code(201).send(await s.create(principalOf(req), actorOf(req))));

  r.get('/api/resilience/assessments/:id', {
    config: { access: 'resilience:read' },
    schema: { tags: TAG, summary: 'An assessment: every indicator with its value, level and explanation (or score and evidence), the scores and the weakest indicators', params: idParam },
  }, async (req) => s.get(principalOf(req), req.params.id));

  r.post('/api/resilience/assessments/:id/recompute', {
    config: { access: 'resilience:assess' },
    schema: { tags: TAG, summary: '重新计算: compute the draft’s automatic indicators again as of now (manual scores kept)', params: idParam, body: z.strictObject({ version }) },
  }, async (req) => s.recompute(principalOf(req), actorOf(req), req.params.id, req.body));

  r.put('/api/resilience/assessments/:id/manual/:code', {
    config: { access: 'resilience:assess' },
    schema: {
      tags: TAG, summary: '评分: a manual indicator’s level 0–5 with its evidence', params: z.strictObject({ id, code: z.string().min(1).max(40) }),
      body: z.strictObject({ version, level: z.number().int().min(0).max(5), evidence: text(2, 500, '评分依据', 'evidence') }),
    },
  }, async (req) => s.score(principalOf(req), actorOf(req), req.params.id, req.params.code, req.body));

  r.post('/api/resilience/assessments/:id/finalise', {
    config: { access: 'resilience:assess' },
    schema: { tags: TAG, summary: '定稿: finalise the assessment (every manual indicator scored); it never changes afterwards', params: idParam, body: z.strictObject({ version }) },
  }, async (req) => s.finalise(principalOf(req), actorOf(req), req.params.id, req.body));
}
