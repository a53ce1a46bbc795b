import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { freeText as text } from '../registry';
import { FIGURE_CODES } from './figures';
import { DIRECTIONS, ITEM_STATUSES, type UpperRequests } from './upper-requests.service';

const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });
const version = z.number().int().min(1);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const TAG = ['upper-requests'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 上级任务统一受理 and 日报 API (ADR 0093). */
export function registerUpperRequestsRoutes(app: FastifyInstance, deps: { requests: UpperRequests }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.requests;

  r.get('/api/requests/meta', {
    config: { access: ['request:read', 'report:read'] },
    schema: { tags: TAG, summary: 'The figure catalogue (name, unit, source, report section) requests and the daily report are made of' },
  }, async () => s.meta());

  r.get('/api/requests/targets', {
    config: { access: 'request:issue' },
    schema: { tags: TAG, summary: 'The communities a request made by the caller goes to' },
  }, async (req) => s.targets(principalOf(req)));

  r.get('/api/requests', {
    config: { access: 'request:read' },
    schema: {
      tags: TAG, summary: '上级任务: the caller’s communities’ items (deadlines, merged duplicates) and the requests made in the caller’s area with their progress',
      querystring: z.strictObject({ status: z.enum([...ITEM_STATUSES, 'overdue', 'open']).optional() }),
    },
  }, async (req) => s.list(principalOf(req), req.query));

  r.post('/api/requests', {
    config: { access: 'request:issue' },
    schema: {
      tags: TAG, summary: 'Record an upper department’s request or issue one down: one item per community (those chosen), duplicates of open ones linked (合并); admins told',
      body: z.strictObject({
        direction: z.enum(DIRECTIONS), sourceDept: text(2, 30, '来文单位', 'source department'), title: text(2, 60, '任务标题', 'title'),
        content: text(0, 1000, '任务内容', 'content').optional(), deadline: z.iso.datetime({ offset: true }),
        figures: z.array(z.enum(FIGURE_CODES)).min(1).max(FIGURE_CODES.length), communityIds: z.array(id).min(1).max(500).optional(),
      }),
    },
  }, async (req, reply) => reply.code(201).send(await s.create(principalOf(req), actorOf(req), req.body)));

  r.get('/api/requests/:id', {
    config: { access: 'request:read' },
    schema: { tags: TAG, summary: 'A request made in the caller’s area with every community’s item; figures shown once 报送', params: idParam },
  }, async (req) => s.request(principalOf(req), req.params.id));

  r.get('/api/requests/:id/xlsx', {
    config: { access: 'request:read' },
    schema: { tags: TAG, summary: 'The request’s answers as XLSX: one row per community, corrections noted (audited)', params: idParam },
  }, async (req, reply) => {
    const f = await s.requestXlsx(principalOf(req), actorOf(req), req.params.id);
    return reply.type(XLSX).header('content-disposition', `attachment; filename="${f.filename}"`).header('cache-control', 'private, no-store').send(f.bytes);
  });

  r.get('/api/requests/items/:id', {
    config: { access: 'request:read' },
    schema: { tags: TAG, summary: 'A community’s item: each figure read now from live data with its source and time, and the answer (audited)', params: idParam },
  }, async (req) => s.item(principalOf(req), actorOf(req), req.params.id));

  r.put('/api/requests/items/:id/answer', {
    config: { access: 'request:answer' },
    schema: {
      tags: TAG, summary: '填报: the figures; one that differs from the system’s needs a reason (kept). 409 submitted / merged', params: idParam,
      body: z.strictObject({
        values: z.array(z.strictObject({ code: z.enum(FIGURE_CODES), value: z.number().min(0).max(100_000_000), reason: text(0, 200, '更正原因', 'reason').optional() })).min(1).max(FIGURE_CODES.length),
        version,
      }),
    },
  }, async (req) => s.answer(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/requests/items/:id/submit', {
    config: { access: 'request:answer' },
    schema: { tags: TAG, summary: '报送: lock the answer (and the items merged into it). 409 not_filled / submitted / merged', params: idParam, body: z.strictObject({ version }) },
  }, async (req) => s.submit(principalOf(req), actorOf(req), req.params.id, req.body));

  r.get('/api/reports/daily', {
    config: { access: 'report:read' },
    schema: {
      tags: TAG, summary: '日报: every catalogue figure of the caller’s area (or one inside it) for a day, in sections; per community for a street or district',
      querystring: z.strictObject({ day: day.optional(), orgId: id.optional() }),
    },
  }, async (req) => s.daily(principalOf(req), req.query));

  r.get('/api/reports/daily/xlsx', {
    config: { access: 'report:read' },
    schema: { tags: TAG, summary: '日报 as XLSX (audited)', querystring: z.strictObject({ day: day.optional(), orgId: id.optional() }) },
  }, async (req, reply) => {
    const f = await s.dailyXlsx(principalOf(req), actorOf(req), req.query);
    return reply.type(XLSX).header('content-disposition', `attachment; filename="${f.filename}"`).header('cache-control', 'private, no-store').send(f.bytes);
  });
}
