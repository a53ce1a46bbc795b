import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import type { IdempotentWrite } from '../../http/idempotency';
import { type SelfReportsService, SYMPTOMS } from './self-reports.service';

/** Self-report API: residents' mobile page and the grid workers' follow-up list. */
export function registerSelfReportRoutes(app: FastifyInstance, deps: { selfReports: SelfReportsService; idempotentWrite: IdempotentWrite }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.selfReports;

  r.post('/api/self-reports', {
    config: { access: 'self-report:submit', idempotency: 'optional' },
    schema: {
      tags: ['self-reports'], summary: 'Submit a temperature self-report (≥ fever threshold opens a follow-up)',
      body: z.strictObject({
        residentId: z.string().min(1).max(64).optional(),
        temperature: z.number().finite(),
        symptoms: z.array(z.enum(SYMPTOMS)).max(SYMPTOMS.length).default([]),
        note: z.string().trim().max(200).nullable().optional(),
      }),
    },
  }, async (req, reply) => {
    const prepared = await s.prepare(principalOf(req), req.body);
    // A retried submission with the same Idempotency-Key replays the first answer instead of recording twice.
    await deps.idempotentWrite(req, reply, async (trx) => {
      await s.persist(trx, actorOf(req), prepared);
      return { status: 201, body: prepared.view };
    });
    if (reply.getHeader('idempotent-replayed') !== 'true') await s.afterCommit(prepared);
  });

  r.get('/api/self-reports/mine', {
    config: { access: 'self-report:submit' },
    schema: { tags: ['self-reports'], summary: "The caller's household reports (resident accounts)" },
  }, async (req) => s.mine(principalOf(req), actorOf(req)));

  r.get('/api/self-reports', {
    config: { access: 'self-report:read' },
    schema: {
      tags: ['self-reports'],
      summary: 'Reports of a day in scope (names masked), fevers first; followUp=open without a date: every open follow-up, oldest first',
      querystring: z.strictObject({
        date: z.iso.date().optional(), gridId: z.string().max(64).optional(), fever: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
        followUp: z.enum(['none', 'open', 'done']).optional(),
        page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(50),
      }),
    },
  }, async (req) => s.list(principalOf(req), actorOf(req), req.query));

  r.get('/api/self-reports/unreported', {
    config: { access: 'self-report:read' },
    schema: {
      tags: ['self-reports'], summary: 'Who has not reported on a day: households in scope with the members missing (names masked), address order',
      querystring: z.strictObject({
        date: z.iso.date().optional(), gridId: z.string().max(64).optional(),
        page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(50),
      }),
    },
  }, async (req) => s.unreported(principalOf(req), actorOf(req), req.query));

  r.get('/api/self-reports/coverage', {
    config: { access: 'self-report:read' },
    schema: { tags: ['self-reports'], summary: 'Coverage per grid for a day, with the open fever follow-ups of every day', querystring: z.strictObject({ date: z.iso.date().optional() }) },
  }, async (req) => s.coverage(principalOf(req), req.query.date));

  r.post('/api/self-reports/:id/follow-up', {
    config: { access: 'self-report:read' },
    schema: {
      tags: ['self-reports'], summary: 'Close the follow-up of a fever report',
      params: z.strictObject({ id: z.string().min(1).max(64) }), body: z.strictObject({ version: z.number().int().min(1), note: z.string().trim().min(2).max(500) }),
    },
  }, async (req) => s.followUp(principalOf(req), actorOf(req), req.params.id, req.body));
}
