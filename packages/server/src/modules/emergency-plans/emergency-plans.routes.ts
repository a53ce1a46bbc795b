import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { freeText as text } from '../registry';
import { DRILL_KINDS, FINDING_SEVERITIES, PLAN_HAZARDS, type EmergencyPlans } from './emergency-plans.service';

const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });
const version = z.number().int().min(1);
const TAG = ['emergency-plans'];
const planBody = {
  title: text(2, 40, '预案名称', 'title'),
  hazard: z.enum(PLAN_HAZARDS),
  roles: z.array(z.strictObject({ name: text(2, 20, '角色名称', 'role name'), duties: text(0, 200, '职责', 'duties').optional(), staffIds: z.array(id).max(50).optional() })).max(30),
  steps: z.array(z.strictObject({ title: text(2, 60, '步骤名称', 'step title'), role: z.string().trim().min(2).max(20), targetMinutes: z.number().int().min(0).max(1440) })).max(40),
};

/** 应急预案与演练 API (ADR 0089): plans with roles and steps, revisions, drills run against the steps' target minutes, findings. */
export function registerEmergencyPlansRoutes(app: FastifyInstance, deps: { plans: EmergencyPlans }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.plans;

  r.get('/api/plans/meta', {
    config: { access: 'plan:read' },
    schema: { tags: TAG, summary: 'Hazards, drill kinds and finding severities with their names; the days after which a plan without a drill is flagged' },
  }, async () => s.meta());

  r.get('/api/plans/staff', {
    config: { access: 'plan:manage' },
    schema: { tags: TAG, summary: 'The community’s staff accounts who may hold a role in a plan or attend a drill' },
  }, async (req) => s.staffOf(principalOf(req)));

  r.get('/api/plans', {
    config: { access: 'plan:read' },
    schema: { tags: TAG, summary: 'Plans of the caller’s area (readers: active ones) with the last drill, days since, its late steps, open revision actions and 超期未演练' },
  }, async (req) => s.list(principalOf(req)));

  r.post('/api/plans', {
    config: { access: 'plan:manage' },
    schema: { tags: TAG, summary: 'A new plan of the caller’s org (revision 1, draft) with its roles and ordered steps', body: z.strictObject(planBody) },
  }, async (req, reply) => reply.code(201).send(await s.create(principalOf(req), actorOf(req), req.body)));

  r.get('/api/plans/:id', {
    config: { access: 'plan:read' },
    schema: { tags: TAG, summary: 'A plan revision with its roles, steps, revisions, drills and revision actions', params: idParam },
  }, async (req) => s.detail(principalOf(req), req.params.id));

  r.put('/api/plans/:id', {
    config: { access: 'plan:manage' },
    schema: { tags: TAG, summary: 'Edit a draft revision (version-checked)', params: idParam, body: z.strictObject({ ...planBody, version }) },
  }, async (req) => s.update(principalOf(req), actorOf(req), req.params.id, req.body));

  r.put('/api/plans/:id/staff', {
    config: { access: 'plan:manage' },
    schema: {
      tags: TAG, summary: '安排人员: who holds each named role of a draft or active revision (version-checked, no new revision); those newly given a role are told', params: idParam,
      body: z.strictObject({ roles: z.array(z.strictObject({ name: text(2, 20, '角色名称', 'role name'), staffIds: z.array(id).max(50) })).min(1).max(30), version }),
    },
  }, async (req) => s.staffing(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/plans/:id/revise', {
    config: { access: 'plan:manage' },
    schema: { tags: TAG, summary: '修订: a new draft revision of an active plan (the active one stays in force until it is published)', params: idParam, body: z.strictObject({ version }) },
  }, async (req, reply) => reply.code(201).send(await s.revise(principalOf(req), actorOf(req), req.params.id, req.body)));

  r.post('/api/plans/:id/publish', {
    config: { access: 'plan:manage' },
    schema: {
      tags: TAG, summary: '发布: the draft becomes the active revision (the previous one retired, kept); the revision actions it addresses are closed', params: idParam,
      body: z.strictObject({ version, note: text(0, 200, '修订说明', 'revision note').optional(), addresses: z.array(id).max(50).optional() }),
    },
  }, async (req) => s.publish(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/plans/:id/retire', {
    config: { access: 'plan:manage' },
    schema: { tags: TAG, summary: '废止: retire an active plan (kept readable)', params: idParam, body: z.strictObject({ version }) },
  }, async (req) => s.retire(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/plans/:id/drills', {
    config: { access: 'plan:manage' },
    schema: {
      tags: TAG, summary: '安排演练: a drill of the active plan in the future; the staff holding a role are told', params: idParam,
      body: z.strictObject({ scheduledAt: z.iso.datetime({ offset: true }), kind: z.enum(DRILL_KINDS), place: text(0, 60, '演练地点', 'place').optional() }),
    },
  }, async (req, reply) => reply.code(201).send(await s.schedule(principalOf(req), actorOf(req), req.params.id, req.body)));

  r.get('/api/drills/:id', {
    config: { access: 'plan:read' },
    schema: { tags: TAG, summary: 'A drill: its steps with elapsed vs target minutes, attendance and findings', params: idParam },
  }, async (req) => s.drill(principalOf(req), req.params.id));

  r.post('/api/drills/:id/start', {
    config: { access: 'plan:manage' },
    schema: { tags: TAG, summary: '开始: start the drill (the clock of the steps starts)', params: idParam, body: z.strictObject({ version }) },
  }, async (req) => s.start(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/drills/:id/steps/:no', {
    config: { access: 'plan:manage' },
    schema: {
      tags: TAG, summary: '完成 a step now (done: false undoes it)', params: z.strictObject({ id, no: z.coerce.number().int().min(1).max(40) }),
      body: z.strictObject({ version, done: z.boolean() }),
    },
  }, async (req) => s.step(principalOf(req), actorOf(req), req.params.id, req.params.no, req.body));

  r.post('/api/drills/:id/attendance', {
    config: { access: 'plan:manage' },
    schema: {
      tags: TAG, summary: '签到: the staff present and the number of residents taking part', params: idParam,
      body: z.strictObject({ version, present: z.array(id).max(200), residents: z.number().int().min(0).max(10_000) }),
    },
  }, async (req) => s.attendance(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/drills/:id/finish', {
    config: { access: 'plan:manage' },
    schema: { tags: TAG, summary: '结束: finish the drill', params: idParam, body: z.strictObject({ version }) },
  }, async (req) => s.finish(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/drills/:id/findings', {
    config: { access: 'plan:manage' },
    schema: {
      tags: TAG, summary: '复盘: a finding of a finished drill; with an action it is an open revision action on the plan (修订预案)', params: idParam,
      body: z.strictObject({ text: text(2, 200, '问题描述', 'finding'), severity: z.enum(FINDING_SEVERITIES), action: text(0, 200, '修订事项', 'revision action').optional() }),
    },
  }, async (req, reply) => reply.code(201).send(await s.addFinding(principalOf(req), actorOf(req), req.params.id, req.body)));
}
