import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { CORRECTION_DECISIONS, CORRECTION_FIELDS, CORRECTION_STATUSES, type CorrectionsService } from './corrections.service';

const Id = z.string().min(1).max(64);

/** 我的信息 and correction requests (PRIV-09, ADR 0028): the resident's side under /api/me, the staff side under /api/registry. */
export function registerCorrectionsRoutes(app: FastifyInstance, deps: { corrections: CorrectionsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = deps.corrections;

  r.get('/api/me/record', {
    config: { access: 'self:read' },
    schema: { tags: ['me'], summary: 'The caller’s own resident record (masked), audited', querystring: z.strictObject({}) },
  }, async (req) => svc.myRecord(principalOf(req), actorOf(req)));

  r.get('/api/me/corrections', {
    config: { access: 'self:read' },
    schema: { tags: ['me'], summary: 'The caller’s correction requests with status and reply', querystring: z.strictObject({}) },
  }, async (req) => svc.myRequests(principalOf(req), actorOf(req)));

  r.post('/api/me/corrections', {
    config: { access: 'self:correct' },
    schema: {
      tags: ['me'], summary: 'Ask for a correction of the caller’s own record (notifies the community admins)',
      body: z.strictObject({
        field: z.enum(CORRECTION_FIELDS),
        proposed: z.union([z.string().max(200), z.array(z.string().max(32)).max(8)]),
        note: z.string().max(200).nullish(),
      }),
    },
  }, async (req, reply) => {
    const out = await svc.submit(principalOf(req), actorOf(req), req.body);
    return reply.code(201).send(out);
  });

  r.post('/api/me/corrections/:id/withdraw', {
    config: { access: 'self:correct' },
    schema: {
      tags: ['me'], summary: 'Withdraw one of the caller’s own open correction requests (404 for anyone else’s, 409 once decided)',
      params: z.strictObject({ id: Id }), body: z.strictObject({}).optional(),
    },
  }, async (req) => svc.withdraw(principalOf(req), actorOf(req), req.params.id));

  r.get('/api/registry/corrections', {
    config: { access: 'resident:write' },
    schema: {
      tags: ['registry'], summary: 'Correction requests of residents in scope (masked)',
      querystring: z.strictObject({ status: z.enum([...CORRECTION_STATUSES, 'all']).default('open') }),
    },
  }, async (req) => svc.list(principalOf(req), actorOf(req), req.query));

  r.get('/api/registry/corrections/:id', {
    config: { access: 'resident:write' },
    schema: { tags: ['registry'], summary: 'One correction request with the proposed value and note (audited)', params: z.strictObject({ id: Id }) },
  }, async (req) => svc.get(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/registry/corrections/:id/resolve', {
    config: { access: 'resident:write' },
    schema: {
      tags: ['registry'], summary: 'Record the decision (applied: the record now holds what was asked, else 409 not_applied; partly: changed in part or otherwise, the reply says how; rejected) and the reply the resident sees',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ decision: z.enum(CORRECTION_DECISIONS), reply: z.string().trim().min(1).max(200), version: z.number().int().min(1) }),
    },
  }, async (req) => svc.resolve(principalOf(req), actorOf(req), req.params.id, req.body));
}
