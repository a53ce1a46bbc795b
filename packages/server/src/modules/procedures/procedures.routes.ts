import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { freeText as text } from '../registry';
import { PROCEDURE_CATEGORIES, type Procedures } from './procedures.service';

const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });
const version = z.number().int().min(1);
const TAG = ['procedures'];
/** One step: title 2–60, detail ≤ 300 (free text many read: no ID, no mobile numbers), required or not. */
const step = z.strictObject({ title: text(2, 60, '步骤名称', 'step title'), detail: text(0, 300, '步骤说明', 'step detail').optional(), required: z.boolean() });
const steps = z.array(step).max(30);

/** 工作规程 API (ADR 0088): procedures and their versions for the community; 我的清单 (checklists) for the frontline. */
export function registerProceduresRoutes(app: FastifyInstance, deps: { procedures: Procedures }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.procedures;
  const readers = ['procedure:read', 'procedure:manage', 'procedure:run'] as const;
  const overseers = ['procedure:read', 'procedure:manage'] as const;

  r.get('/api/procedures/meta', { config: { access: [...readers] }, schema: { tags: TAG, summary: 'Procedure categories with their names' } }, async () => s.meta());

  r.get('/api/procedures', {
    config: { access: [...readers] },
    schema: { tags: TAG, summary: 'Procedures applying to the caller (set at or above their org) or set in their area, with the current version', querystring: z.strictObject({ category: z.enum(PROCEDURE_CATEGORIES).optional() }) },
  }, async (req) => s.list(principalOf(req), req.query));

  r.post('/api/procedures', {
    config: { access: 'procedure:manage' },
    schema: {
      tags: TAG, summary: 'A new procedure at the caller’s org, with its first draft',
      body: z.strictObject({ title: text(2, 40, '规程名称', 'title'), category: z.enum(PROCEDURE_CATEGORIES), purpose: text(0, 200, '目的', 'purpose').optional(), steps: steps.optional() }),
    },
  }, async (req, reply) => reply.code(201).send(await s.create(principalOf(req), actorOf(req), req.body)));

  r.get('/api/procedures/:id', {
    config: { access: [...readers] },
    schema: { tags: TAG, summary: 'A procedure with every version (draft, published, superseded) and the runs per version in the caller’s area', params: idParam },
  }, async (req) => s.detail(principalOf(req), req.params.id));

  r.patch('/api/procedures/:id', {
    config: { access: 'procedure:manage' },
    schema: {
      tags: TAG, summary: 'Rename, recategorise or restate the purpose of a procedure (version-checked)', params: idParam,
      body: z.strictObject({ title: text(2, 40, '规程名称', 'title').optional(), category: z.enum(PROCEDURE_CATEGORIES).optional(), purpose: text(0, 200, '目的', 'purpose').optional(), version }),
    },
  }, async (req) => s.update(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/procedures/:id/draft', {
    config: { access: 'procedure:manage' },
    schema: { tags: TAG, summary: 'Start a new draft from the published version’s steps (409 draft_exists)', params: idParam },
  }, async (req, reply) => reply.code(201).send(await s.newDraft(principalOf(req), actorOf(req), req.params.id)));

  r.put('/api/procedures/:id/draft', {
    config: { access: 'procedure:manage' },
    schema: { tags: TAG, summary: 'Save the draft’s steps (version-checked; a published version is never changed)', params: idParam, body: z.strictObject({ steps, version }) },
  }, async (req) => s.saveDraft(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/procedures/:id/draft/publish', {
    config: { access: 'procedure:manage' },
    schema: { tags: TAG, summary: '发布: the draft becomes the published version with a change note; the previous one is superseded', params: idParam, body: z.strictObject({ changeNote: text(2, 200, '修订说明', 'change note'), version }) },
  }, async (req) => s.publish(principalOf(req), actorOf(req), req.params.id, req.body));

  r.get('/api/procedures/:id/runs', {
    config: { access: [...overseers] },
    schema: {
      tags: TAG, summary: 'The runs of a procedure in the caller’s area: who, when, subject, progress; filtered (audited)', params: idParam,
      querystring: z.strictObject({
        versionId: id.optional(), status: z.enum(['open', 'done']).optional(), startedBy: id.optional(),
        page: z.coerce.number().int().min(1).max(10_000).optional(), pageSize: z.coerce.number().int().min(1).max(100).optional(),
      }),
    },
  }, async (req) => s.runs(principalOf(req), actorOf(req), req.params.id, req.query));

  r.get('/api/me/checklists', {
    config: { access: 'procedure:run' },
    schema: { tags: TAG, summary: '我的清单: the caller’s open checklists and those completed in 7 days (audited)' },
  }, async (req) => s.mine(principalOf(req), actorOf(req)));

  r.post('/api/me/checklists', {
    config: { access: 'procedure:run' },
    schema: {
      tags: TAG, summary: 'Start a checklist of a procedure’s current published version for a place or subject (free text), optionally for a work task',
      body: z.strictObject({ procedureId: id, subject: text(2, 60, '对象或地点', 'subject'), taskId: id.optional() }),
    },
  }, async (req, reply) => reply.code(201).send(await s.start(principalOf(req), actorOf(req), req.body)));

  r.get('/api/checklists/:id', {
    config: { access: [...readers] },
    schema: { tags: TAG, summary: 'A checklist with its version’s steps and what is ticked (the caller’s own, or in their area; audited)', params: idParam },
  }, async (req) => s.run(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/checklists/:id/steps/:no', {
    config: { access: 'procedure:run' },
    schema: {
      tags: TAG, summary: 'Tick or untick one step of one’s open checklist, with an optional note',
      params: z.strictObject({ id, no: z.coerce.number().int().min(1).max(30) }),
      body: z.strictObject({ done: z.boolean(), note: text(0, 200, '备注', 'note').optional() }),
    },
  }, async (req) => s.tick(principalOf(req), actorOf(req), req.params.id, req.params.no, req.body));

  r.post('/api/checklists/:id/complete', {
    config: { access: 'procedure:run' },
    schema: { tags: TAG, summary: '完成: refused (409 steps_missing, naming them) while a required step is open', params: idParam, body: z.strictObject({ version }) },
  }, async (req) => s.complete(principalOf(req), actorOf(req), req.params.id, req.body));
}
