import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import {
  DELETION_DECIDE, DELETION_DECISIONS, DELETION_GROUNDS, DELETION_NOTE_MAX, DELETION_REPLY_MAX, DELETION_SCOPES, DELETION_STATUSES, type DeletionsService,
} from './deletions.service';

const Id = z.string().min(1).max(64);
/** Who reads the deletion certificates: the permission of the retention job's certificates (auditor, security admin). */
const CERTIFICATES_READ = 'retention:read' as const;

/**
 * Deletion requests (PIPL Art. 47, ADR 0037): the resident's side under /api/me (`self:read` to list, `self:delete_request`
 * to ask), the deciders' side under /api/registry (`deletion:decide`: community admins; deciding needs the second factor),
 * and the deletion certificates with their chain check for the auditor and the security admin (`retention:read`).
 */
export function registerDeletionRoutes(app: FastifyInstance, deps: { deletions: DeletionsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = deps.deletions;

  r.get('/api/me/deletion-requests', {
    config: { access: 'self:read' },
    schema: { tags: ['me'], summary: 'The caller’s deletion requests with the decision and reply', querystring: z.strictObject({}) },
  }, async (req) => svc.myRequests(principalOf(req), actorOf(req)));

  r.post('/api/me/deletion-requests', {
    config: { access: 'self:delete_request' },
    schema: {
      tags: ['me'], summary: 'Ask for the caller’s care tags or whole record to be deleted (PIPL Art. 47; notifies the community admins)',
      body: z.strictObject({
        ground: z.enum(DELETION_GROUNDS),
        scope: z.enum(DELETION_SCOPES),
        note: z.string().max(DELETION_NOTE_MAX).nullish(),
      }),
    },
  }, async (req, reply) => reply.code(201).send(await svc.submit(principalOf(req), actorOf(req), req.body)));

  r.post('/api/me/deletion-requests/:id/withdraw', {
    config: { access: 'self:delete_request' },
    schema: {
      tags: ['me'], summary: 'Withdraw one of the caller’s own open deletion requests (404 for anyone else’s, 409 once decided; no certificate)',
      params: z.strictObject({ id: Id }), body: z.strictObject({}).optional(),
    },
  }, async (req) => svc.withdraw(principalOf(req), actorOf(req), req.params.id));

  r.get('/api/registry/deletion-requests', {
    config: { access: DELETION_DECIDE },
    schema: {
      tags: ['registry'], summary: 'Deletion requests of residents in scope (masked), audited',
      querystring: z.strictObject({ status: z.enum([...DELETION_STATUSES, 'all']).default('open') }),
    },
  }, async (req) => svc.list(principalOf(req), actorOf(req), req.query));

  r.get('/api/registry/deletion-requests/:id', {
    config: { access: DELETION_DECIDE },
    schema: { tags: ['registry'], summary: 'One deletion request with the resident’s note (audited)', params: z.strictObject({ id: Id }) },
  }, async (req) => svc.get(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/registry/deletion-requests/:id/decide', {
    config: { access: DELETION_DECIDE, mfa: true },
    schema: {
      tags: ['registry'], summary: 'Erase, restrict (Art. 47 para 2) or reject a deletion request (second factor; a reply is required to restrict or reject)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({
        decision: z.enum(DELETION_DECISIONS), reply: z.string().max(DELETION_REPLY_MAX).nullish(), version: z.number().int().min(1),
      }),
    },
  }, async (req) => svc.decide(principalOf(req), actorOf(req), req.params.id, req.body));

  // The deletion certificates (counts per table, never values) are read like the retention job's (ADR 0024):
  // `retention:read` — the auditor and the security admin. Not the deciders: certificates carry no area (the community
  // admin sees each request's certificate on the request), and the chain and its check are the whole installation's.
  r.get('/api/registry/deletion-certificates', {
    config: { access: CERTIFICATES_READ },
    schema: {
      tags: ['registry'], summary: 'Deletion certificates of the decisions on deletion requests, newest first (counts only, not audited as a personal-data read)',
      querystring: z.strictObject({
        page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
  }, async (req) => svc.certificates(req.query));

  r.get('/api/registry/deletion-certificates/verify', {
    config: { access: CERTIFICATES_READ },
    schema: { tags: ['registry'], summary: 'Verify the deletion certificate chain (audited like the audit chain check)', querystring: z.strictObject({}) },
  }, async (req) => svc.checkCertificates(actorOf(req)));
}
