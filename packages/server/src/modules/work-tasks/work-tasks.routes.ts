import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { freeText as text } from '../registry';
import { TASK_FILTERS, TASK_KINDS, TASK_PRIORITIES, type WorkTasks } from './work-tasks.service';

const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });
const version = z.number().int().min(1);
/** Free text many read: no ID and no mobile numbers (the duty-log rule, ADR 0070). */
/** A photo as JSON: JPEG or PNG in base64, at most 2 MB (checked again by its first bytes). */
const photo = z.strictObject({ mime: z.enum(['image/jpeg', 'image/png']), data: z.string().min(4).max(Math.ceil((2 * 1024 * 1024) / 3) * 4) });
const TAG = ['work-tasks'];
/** The JSON body of a completion with a 2 MB photo in base64. */
const BODY_LIMIT = 3 * 1024 * 1024;

/** 工作任务 API (ADR 0087): dispatch and workload for the community, 我的任务 for the workers. */
export function registerWorkTasksRoutes(app: FastifyInstance, deps: { tasks: WorkTasks }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.tasks;

  r.get('/api/tasks/meta', {
    config: { access: ['task:read', 'task:work'] },
    schema: { tags: TAG, summary: 'Task kinds and priorities with their names; the kinds whose completion needs a photo' },
  }, async () => s.meta());

  r.get('/api/tasks/workload', {
    config: { access: 'task:read' },
    schema: {
      tags: TAG, summary: '工作量: each worker of the community with open, overdue, urgent tasks and those done in 7 days; its grids with their number of workers',
      querystring: z.strictObject({ communityId: id.optional() }),
    },
  }, async (req) => s.workload(principalOf(req), req.query));

  r.get('/api/tasks', {
    config: { access: 'task:read' },
    schema: {
      tags: TAG, summary: 'Tasks of the caller’s area, filtered; open ones by due time, closed ones newest first (audited)',
      querystring: z.strictObject({
        status: z.enum(TASK_FILTERS).optional(), kind: z.enum(TASK_KINDS).optional(), assignee: id.optional(), gridId: id.optional(), batchId: id.optional(),
        page: z.coerce.number().int().min(1).max(10_000).optional(), pageSize: z.coerce.number().int().min(1).max(100).optional(),
      }),
    },
  }, async (req) => s.list(principalOf(req), actorOf(req), req.query));

  r.post('/api/tasks', {
    config: { access: 'task:manage' },
    schema: {
      tags: TAG, summary: 'Dispatch: one task to a worker (assigneeId), to the least loaded of the community (autoAssign), one per grid to each grid’s least loaded (gridIds), or unassigned',
      body: z.strictObject({
        kind: z.enum(TASK_KINDS), title: text(2, 40, '任务名称', 'title'), detail: text(0, 500, '任务说明', 'detail').optional(), place: text(0, 60, '地点', 'place').optional(),
        priority: z.enum(TASK_PRIORITIES), dueAt: z.iso.datetime({ offset: true }),
        assigneeId: id.optional(), gridIds: z.array(id).min(1).max(100).optional(), autoAssign: z.boolean().optional(),
      }),
    },
  }, async (req, reply) => reply.code(201).send(await s.create(principalOf(req), actorOf(req), req.body)));

  r.get('/api/tasks/:id', {
    config: { access: ['task:read', 'task:work'] },
    schema: { tags: TAG, summary: 'A task (in the caller’s area, or assigned to the caller) with what the caller may do with it (audited)', params: idParam },
  }, async (req) => s.detail(principalOf(req), actorOf(req), req.params.id));

  r.get('/api/tasks/:id/photo', {
    config: { access: ['task:read', 'task:work'] },
    schema: { tags: TAG, summary: 'The photo a task was completed with (JPEG or PNG; audited)', params: idParam },
  }, async (req, reply) => {
    const ph = await s.photo(principalOf(req), actorOf(req), req.params.id);
    return reply.type(ph.mime).header('content-disposition', 'inline').header('cache-control', 'private, no-store').send(ph.bytes);
  });

  r.post('/api/tasks/:id/assign', {
    config: { access: 'task:manage' },
    schema: {
      tags: TAG, summary: '(Re)assign an open task to a worker of its community, or to the least loaded (auto); the worker is told', params: idParam,
      body: z.strictObject({ assigneeId: id.optional(), auto: z.boolean().optional(), version }),
    },
  }, async (req) => s.assign(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/tasks/:id/reopen', {
    config: { access: 'task:manage' },
    schema: { tags: TAG, summary: '退回: send a done task back to its worker with a reason; the worker is told', params: idParam, body: z.strictObject({ reason: text(2, 100, '退回原因', 'reason'), version }) },
  }, async (req) => s.reopen(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/tasks/:id/cancel', {
    config: { access: 'task:manage' },
    schema: { tags: TAG, summary: 'Cancel an open task with a reason', params: idParam, body: z.strictObject({ reason: text(2, 100, '取消原因', 'reason'), version }) },
  }, async (req) => s.cancel(principalOf(req), actorOf(req), req.params.id, req.body));

  r.get('/api/me/tasks', {
    config: { access: 'task:work' },
    schema: { tags: TAG, summary: '我的任务: the caller’s open tasks (urgent and overdue first) and those done in the last 7 days (audited)' },
  }, async (req) => s.mine(principalOf(req), actorOf(req)));

  r.post('/api/me/tasks/:id/complete', {
    config: { access: 'task:work' }, bodyLimit: BODY_LIMIT,
    schema: {
      tags: TAG, summary: '完成: the assignee closes the task with what was done and a photo (required for disinfection)', params: idParam,
      body: z.strictObject({ result: text(2, 500, '办理情况', 'result'), photo: photo.optional(), version }),
    },
  }, async (req) => s.complete(principalOf(req), actorOf(req), req.params.id, req.body));
}
