import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { staffReason } from './registry.free-text';
import { actorOf, principalOf } from '../../http/auth-context';
import { MINOR_ACCESS_FIELDS, MINOR_ACCESS_STATUSES, MINOR_DECIDE, type MinorAccessService } from './registry.minors';
import { resolvePurpose } from './registry.service';

const Id = z.string().min(1).max(64);

/**
 * Requests to see a child's full ID or phone number and their approval by the community's responsible person
 * (PRIV-08, ADR 0035). Asking and listing one's own need `resident:reveal` (whoever may reveal may ask); deciding needs
 * `minor_access:decide` (community admins) and the second factor.
 */
export function registerMinorAccessRoutes(app: FastifyInstance, deps: { minors: MinorAccessService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = deps.minors;

  r.get('/api/residents/:id/minor-access', {
    config: { access: 'resident:reveal' },
    schema: {
      tags: ['registry'], summary: 'Whether the caller needs an approval to reveal this resident’s ID or phone number (a minor), and their own open requests',
      params: z.strictObject({ id: Id }),
    },
  }, async (req) => svc.state(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/residents/:id/minor-access', {
    config: { access: 'resident:reveal' },
    schema: {
      tags: ['registry'], summary: 'Ask the community admin to approve revealing a minor’s ID or phone number (reason required; the admins are notified)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ field: z.enum(MINOR_ACCESS_FIELDS), reason: staffReason(4) }),
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const purpose = resolvePurpose(p, req.headers['x-purpose'] as string | undefined);
    return reply.code(201).send(await svc.request(p, actorOf(req), req.params.id, req.body, purpose));
  });

  r.get('/api/minor-access', {
    config: { access: 'resident:reveal' },
    schema: {
      tags: ['registry'], summary: 'Requests to see minors’ data: those the caller may decide (community admins) and their own; newest first, masked, audited',
      querystring: z.strictObject({ status: z.enum([...MINOR_ACCESS_STATUSES, 'all']).default('pending') }),
    },
  }, async (req) => svc.list(principalOf(req), actorOf(req), req.query));

  r.get('/api/minor-access/pending-count', {
    config: { access: MINOR_DECIDE },
    schema: { tags: ['registry'], summary: 'How many requests to see minors’ data await the caller’s decision (a count only)' },
  }, async (req) => svc.pendingCount(principalOf(req)));

  r.post('/api/minor-access/:id/approve', {
    config: { access: MINOR_DECIDE, mfa: true },
    schema: {
      tags: ['registry'], summary: 'Approve a request (community admin of the record’s area, not the requester; second factor): a grant for a limited time and number of reveals',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ note: staffReason(0, 200, { zh: '说明', en: 'note' }).optional() }),
    },
  }, async (req) => svc.decide(principalOf(req), actorOf(req), req.params.id, { decision: 'approve', note: req.body.note || null }));

  r.post('/api/minor-access/:id/reject', {
    config: { access: MINOR_DECIDE, mfa: true },
    schema: {
      tags: ['registry'], summary: 'Reject a request (community admin of the record’s area, not the requester; second factor; a note for the requester is required)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ note: staffReason(2, 200, { zh: '说明', en: 'note' }) }),
    },
  }, async (req) => svc.decide(principalOf(req), actorOf(req), req.params.id, { decision: 'reject', note: req.body.note }));
}
