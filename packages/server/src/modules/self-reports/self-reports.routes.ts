import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import type { IdempotentWrite } from '../../http/idempotency';
import { COVERAGE_COUNTS } from './self-reports.coverage';
import { type SelfReportsService, SYMPTOMS } from './self-reports.service';

const Count = z.number().int().min(0);
const Figure = Count.nullable();
const CoverageAreaSchema = z.object({
  id: z.string(), name: z.string(), level: z.string(), code: z.string(), collection: z.enum(['open', 'partly', 'closed']),
  figures: z.object(Object.fromEntries(COVERAGE_COUNTS.map((k) => [k, Figure])) as Record<(typeof COVERAGE_COUNTS)[number], typeof Figure>),
});
const CoverageSchema = z.object({
  date: z.string(), area: CoverageAreaSchema, children: z.array(CoverageAreaSchema), suppressed: z.boolean(),
  grids: z.array(z.object({ gridId: z.string(), name: z.string(), residents: Count, reported: Count, fevers: Count, openFollowUps: Count, coverage: z.number() })).optional(),
});

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

  // Either permission: staff who follow the reports up (self-report:read) get every grid with exact counts; street
  // offices and district command (self-report:coverage) the same counts per area, those of 1–4 as null.
  r.get('/api/self-reports/coverage', {
    config: { access: ['self-report:read', 'self-report:coverage'] },
    schema: {
      tags: ['self-reports'],
      summary: "Coverage of the caller's area (or a sub-area) for a day: residents and households expected, reported, fevers, open fever follow-ups of every day — for the area and each child area; every grid for callers who may read the reports. Counts only; 1–4 suppressed for count-only callers.",
      querystring: z.strictObject({ date: z.iso.date().optional(), orgId: z.string().min(1).max(64).optional() }),
      // Only these keys leave the server, whatever the service returns: counts and area names, nothing about a person.
      response: { 200: CoverageSchema },
    },
  }, async (req) => s.coverage(principalOf(req), req.query));

  r.post('/api/self-reports/:id/follow-up', {
    config: { access: 'self-report:read' },
    schema: {
      tags: ['self-reports'], summary: 'Close the follow-up of a fever report',
      params: z.strictObject({ id: z.string().min(1).max(64) }), body: z.strictObject({ version: z.number().int().min(1), note: z.string().trim().min(2).max(500) }),
    },
  }, async (req) => s.followUp(principalOf(req), actorOf(req), req.params.id, req.body));
}
