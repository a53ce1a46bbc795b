import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import type { IdempotentWrite } from '../../http/idempotency';
import type { AuditService } from '../audit';
import { freeText } from '../registry';
import { QUESTION_KINDS, TEXT_ANSWER_MAX, type SurveyDeps, type Surveys } from './surveys.service';

const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });
const version = z.strictObject({ version: z.number().int().min(1) });
/** Text on a page many read: no ID and no mobile numbers (the duty-log rule, ADR 0070). */
const text = (min: number, max: number) => freeText(min, max, '问卷', 'survey');
const question = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]{1,20}$/, '题目编号为 1–20 位小写字母、数字或下划线|a question id is 1–20 lowercase letters, digits or underscores'),
  kind: z.enum(QUESTION_KINDS), text: text(1, 200), required: z.boolean(),
  options: z.array(text(1, 60)).max(10).optional(), scaleLabels: z.tuple([text(1, 20), text(1, 20)]).optional(),
});
const surveyBody = {
  title: text(1, 60), description: text(0, 500).optional(), anonymous: z.boolean(), resultsPublic: z.boolean(),
  closesAt: z.iso.datetime({ offset: true }).optional(), questions: z.array(question).min(1).max(30),
};
const answers = z.record(z.string().max(20), z.union([z.string().max(TEXT_ANSWER_MAX + 100), z.array(z.string().max(60)).max(10), z.number()]));

export function registerSurveyRoutes(app: FastifyInstance, deps: SurveyDeps & { surveys: Surveys; audit: AuditService; idempotentWrite: IdempotentWrite }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { surveys } = deps;
  const writes = deps.platform.database.writes;

  r.post('/api/surveys', {
    config: { access: 'survey:manage' },
    schema: { tags: ['surveys'], summary: '问卷调查: a new survey (draft) of the caller’s org', body: z.strictObject(surveyBody) },
  }, async (req, reply) => {
    const p = principalOf(req);
    const c = await surveys.create(p, req.body);
    await writes.run(async (trx) => {
      await c.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'create', objectType: 'survey', objectId: c.id, fields: ['title', 'questions'], outcome: 'success' });
    });
    return reply.code(201).send(await surveys.view(p, c.id));
  });

  r.post('/api/surveys/:id/update', {
    config: { access: 'survey:manage' },
    schema: { tags: ['surveys'], summary: 'Change a draft; version-checked', params: idParam, body: z.strictObject({ ...surveyBody, version: z.number().int().min(1) }) },
  }, async (req) => {
    const p = principalOf(req);
    const u = await surveys.update(p, req.params.id, req.body);
    await writes.run(async (trx) => {
      await u.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'update', objectType: 'survey', objectId: req.params.id, fields: ['title', 'questions'], outcome: 'success' });
    });
    return surveys.view(p, req.params.id);
  });

  for (const [path, action, summary] of [
    ['open', 'open', 'Publish a draft: residents of the area may answer; its questions no longer change'],
    ['close', 'close', 'End an open survey'],
  ] as const) {
    r.post(`/api/surveys/:id/${path}`, {
      config: { access: 'survey:manage' },
      schema: { tags: ['surveys'], summary: `${summary}; version-checked`, params: idParam, body: version },
    }, async (req) => {
      const p = principalOf(req);
      const s = await surveys[action](p, req.params.id, req.body.version);
      await writes.run(async (trx) => {
        await s.write(trx);
        await deps.audit.append(trx, actorOf(req), { action, objectType: 'survey', objectId: req.params.id, fields: ['status'], outcome: 'success' });
      });
      return surveys.view(p, req.params.id);
    });
  }

  r.post('/api/surveys/:id/delete', {
    config: { access: 'survey:manage' },
    schema: { tags: ['surveys'], summary: 'Delete a draft; version-checked', params: idParam, body: version },
  }, async (req) => {
    const d = await surveys.remove(principalOf(req), req.params.id, req.body.version);
    await writes.run(async (trx) => {
      await d.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'delete', objectType: 'survey', objectId: req.params.id, outcome: 'success' });
    });
    return { deleted: true };
  });

  r.get('/api/surveys', {
    config: { access: 'survey:read' },
    schema: {
      tags: ['surveys'], summary: 'Surveys of the caller’s area (below and above it; drafts only the caller’s org’s), newest first',
      querystring: z.strictObject({
        status: z.enum(['draft', 'open', 'closed']).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
  }, async (req) => surveys.list(principalOf(req), req.query));

  r.get('/api/surveys/:id', {
    config: { access: 'survey:read' },
    schema: { tags: ['surveys'], summary: 'One survey with its questions and the number of answers', params: idParam },
  }, async (req) => surveys.get(principalOf(req), req.params.id));

  r.get('/api/surveys/:id/results', {
    config: { access: 'survey:read' },
    schema: { tags: ['surveys'], summary: 'Counts and percentages per option, scale distribution and mean, written answers — no one named', params: idParam },
  }, async (req) => surveys.results(principalOf(req), req.params.id));

  r.post('/api/surveys/:id/paper', {
    config: { access: 'survey:enter', idempotency: 'optional' },
    schema: { tags: ['surveys'], summary: '纸质问卷录入: type in one paper form (anonymous surveys keep no one)', params: idParam, body: z.strictObject({ answers }) },
  }, async (req, reply) => {
    const s = await surveys.paper(principalOf(req), req.params.id, req.body.answers);
    await deps.idempotentWrite(req, reply, async (trx) => {
      await s.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'survey_paper', objectType: 'survey', objectId: req.params.id, outcome: 'success' });
      return { status: 201, body: { id: s.id, paper: await s.count(trx) } };
    });
  });

  r.get('/api/me/surveys', {
    config: { access: 'self:survey' },
    schema: { tags: ['surveys'], summary: 'The open surveys of the areas above the resident’s household, and whether they answered' },
  }, async (req) => ({ items: await surveys.mine(principalOf(req)) }));

  r.post('/api/me/surveys/:id/responses', {
    config: { access: 'self:survey', idempotency: 'optional' },
    schema: { tags: ['surveys'], summary: 'Answer a survey once (an anonymous one keeps no link to the account)', params: idParam, body: z.strictObject({ answers }) },
  }, async (req, reply) => {
    const s = await surveys.respond(principalOf(req), req.params.id, req.body.answers);
    await deps.idempotentWrite(req, reply, async (trx) => {
      await s.write(trx);
      // The survey, not the answer: the log records that this account answered, as the participant row does.
      await deps.audit.append(trx, actorOf(req), { action: 'survey_response', objectType: 'survey', objectId: req.params.id, outcome: 'success' });
      return { status: 201, body: { answered: true } };
    });
  });

  r.get('/api/me/surveys/:id/results', {
    config: { access: 'self:survey' },
    schema: { tags: ['surveys'], summary: 'A survey’s results for a resident when public and answered (or closed)', params: idParam },
  }, async (req) => surveys.myResults(principalOf(req), req.params.id));
}
