import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import type { EmergencyService } from './emergencies';

/** Emergency periods (LAW-02, ADR 0027): everyone signed in reads their area's state; district staff declare and end. */
export function registerEmergencyRoutes(app: FastifyInstance, deps: { emergencies: EmergencyService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.emergencies;

  r.get('/api/emergencies', {
    config: { access: 'authenticated' },
    schema: { tags: ['privacy'], summary: "Emergency periods of the caller's area and above (and below, for those who manage them); today's collection state" },
  }, async (req) => s.list(principalOf(req)));

  r.post('/api/emergencies', {
    config: { access: 'emergency:manage' },
    schema: {
      tags: ['privacy'], summary: 'Declare a public-health emergency for an area (PIPL 13(4) collection opens there and below)',
      body: z.strictObject({
        orgId: z.string().min(1).max(64),
        startDate: z.iso.date(),
        legalRef: z.string().trim().min(2).max(200),
        note: z.string().trim().max(500).nullable().optional(),
      }),
    },
  }, async (req, reply) => reply.code(201).send(await s.declare(principalOf(req), actorOf(req), req.body)));

  r.post('/api/emergencies/:id/end', {
    config: { access: 'emergency:manage' },
    schema: {
      tags: ['privacy'], summary: 'End an emergency period (endDate = its last day); collection closes, the retention countdown starts',
      params: z.strictObject({ id: z.string().min(1).max(64) }),
      body: z.strictObject({ endDate: z.iso.date(), reason: z.string().trim().min(2).max(500) }),
    },
  }, async (req) => s.end(principalOf(req), actorOf(req), req.params.id, req.body));
}
