import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { IsoDay } from '../../http/iso-day';
import type { IdempotentWrite } from '../../http/idempotency';
import { freeText as text } from '../registry';
import { SYMPTOMS } from '../self-reports';
import {
  NEED_KINDS, NEED_STATUSES, ORDER_STATUSES, POLICY_CODES, QUARANTINE_REASONS, SENSOR_RE, type Quarantine, type QuarantineDeps,
} from './quarantine.service';

const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });
const page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };
const version = z.number().int().min(1);
const checkBody = {
  temperature: z.number().min(35).max(42).refine((t) => Math.abs(t * 10 - Math.round(t * 10)) < 1e-9, '保留一位小数|one decimal'),
  symptoms: z.array(z.enum(SYMPTOMS)).max(SYMPTOMS.length).refine((a) => new Set(a).size === a.length, '不能重复|must not repeat'),
  note: text(0, 200, '备注', 'note').optional(),
};
const needBody = z.strictObject({ kind: z.enum(NEED_KINDS), detail: text(1, 200, '需求说明', 'detail') });
const sensor = z.string().trim().regex(SENSOR_RE, '4–40 位字母、数字、- 或 _|4–40 of letters, digits, - or _');

export function registerQuarantineRoutes(app: FastifyInstance, deps: QuarantineDeps & { quarantine: Quarantine; idempotentWrite: IdempotentWrite }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const q = deps.quarantine;

  r.get('/api/quarantine/policies', {
    config: { access: 'quarantine:read' },
    schema: { tags: ['quarantine'], summary: 'The policy templates: days, sampling days, checks a day' },
  }, async () => q.policies());

  r.get('/api/quarantine/orders', {
    config: { access: 'quarantine:read' },
    schema: {
      tags: ['quarantine'], summary: 'Quarantine orders of the caller’s area, newest first (masked; audited)',
      querystring: z.strictObject({ status: z.enum(ORDER_STATUSES).optional(), q: z.string().trim().min(1).max(20).optional(), ...page }),
    },
  }, async (req) => q.orders(principalOf(req), actorOf(req), req.query));

  r.get('/api/quarantine/orders/:id', {
    config: { access: 'quarantine:read' },
    schema: { tags: ['quarantine'], summary: 'One order with its checks, needs and door events (audited)', params: idParam },
  }, async (req) => q.order(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/quarantine/orders', {
    config: { access: 'quarantine:propose' },
    schema: {
      tags: ['quarantine'], summary: 'Put a resident of the caller’s community under a policy; pending until the street or district approves',
      body: z.strictObject({
        residentId: id, policyCode: z.enum(POLICY_CODES), reason: z.enum(QUARANTINE_REASONS), note: text(0, 200, '备注', 'note').optional(), startDate: IsoDay, sensorId: sensor.optional(),
      }),
    },
  }, async (req, reply) => reply.code(201).send(await q.propose(principalOf(req), actorOf(req), req.body)));

  r.post('/api/quarantine/orders/:id/decide', {
    config: { access: 'quarantine:approve' },
    schema: {
      tags: ['quarantine'], summary: 'Approve or reject a pending order (street or district staff); a rejection needs a reason', params: idParam,
      body: z.strictObject({ decision: z.enum(['approve', 'reject']), note: text(0, 200, '审批意见', 'note').optional(), version }),
    },
  }, async (req) => q.decide(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/quarantine/orders/:id/release', {
    config: { access: 'quarantine:propose' },
    schema: { tags: ['quarantine'], summary: 'Release an active order on or after its end date; issues the certificate number', params: idParam, body: z.strictObject({ version }) },
  }, async (req) => q.release(principalOf(req), actorOf(req), req.params.id, req.body.version));

  r.post('/api/quarantine/orders/:id/cancel', {
    config: { access: 'quarantine:propose' },
    schema: { tags: ['quarantine'], summary: 'Withdraw a pending or active order, with the reason', params: idParam, body: z.strictObject({ reason: text(1, 200, '撤销原因', 'reason'), version }) },
  }, async (req) => q.cancel(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/quarantine/orders/:id/sensor', {
    config: { access: 'quarantine:propose' },
    schema: { tags: ['quarantine'], summary: 'Set or remove the door sensor (门磁) of an order', params: idParam, body: z.strictObject({ sensorId: sensor.nullable(), version }) },
  }, async (req) => q.setSensor(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/quarantine/orders/:id/checks', {
    config: { access: 'quarantine:check', idempotency: 'optional' },
    schema: {
      tags: ['quarantine'], summary: 'Record a health check (temperature, symptoms) of the current or given slot; a fever tells the doctors', params: idParam,
      body: z.strictObject({ ...checkBody, slot: z.enum(['am', 'pm']).optional() }),
    },
  }, async (req, reply) => {
    const c = await q.staffCheck(principalOf(req), req.params.id, req.body);
    await deps.idempotentWrite(req, reply, async (trx) => {
      const view = await c.write(trx);
      await deps.audit.append(trx, actorOf(req), {
        action: 'create', objectType: 'quarantine_check', objectId: c.id, subjectId: c.residentId, outcome: 'success', purpose: 'epidemic.followup', fields: ['temperature', 'symptoms'],
      });
      return { status: 201, body: view };
    });
  });

  r.post('/api/quarantine/orders/:id/needs', {
    config: { access: 'quarantine:check' },
    schema: { tags: ['quarantine'], summary: 'Record a need of a person in quarantine (supplies, medicine, counselling …); volunteers are told', params: idParam, body: needBody },
  }, async (req, reply) => reply.code(201).send(await q.staffNeed(principalOf(req), actorOf(req), req.params.id, req.body)));

  r.get('/api/quarantine/board', {
    config: { access: 'quarantine:read' },
    schema: { tags: ['quarantine'], summary: 'Today: active orders with day N of M, checks due and done, sampling due, open needs, door openings; counts (audited)' },
  }, async (req) => q.board(principalOf(req), actorOf(req)));

  r.get('/api/quarantine/needs', {
    config: { access: ['quarantine:serve', 'quarantine:read'] },
    schema: {
      tags: ['quarantine'], summary: 'Needs of people in quarantine, open first, with the address to deliver to (masked name; audited)',
      querystring: z.strictObject({ status: z.enum(NEED_STATUSES).optional(), ...page }),
    },
  }, async (req) => q.needs(principalOf(req), actorOf(req), req.query));

  r.post('/api/quarantine/needs/:id/take', {
    config: { access: 'quarantine:serve' },
    schema: { tags: ['quarantine'], summary: 'Take an open need (我来办)', params: idParam, body: z.strictObject({ version }) },
  }, async (req) => q.moveNeed(principalOf(req), actorOf(req), req.params.id, 'taken', req.body));

  r.post('/api/quarantine/needs/:id/done', {
    config: { access: 'quarantine:serve' },
    schema: { tags: ['quarantine'], summary: 'Record a need as done, with what was done', params: idParam, body: z.strictObject({ note: text(1, 200, '办理情况', 'note'), version }) },
  }, async (req) => q.moveNeed(principalOf(req), actorOf(req), req.params.id, 'done', req.body));

  r.get('/api/quarantine/orders/:id/certificate', {
    config: { access: 'quarantine:read' },
    schema: { tags: ['quarantine'], summary: '解除隔离证明 of a released order (masked; audited)', params: idParam },
  }, async (req) => q.certificate(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/devices/door-events', {
    config: { access: 'device:event' },
    schema: {
      tags: ['quarantine'], summary: 'A door sensor (门磁) event from a device in the area: stored on the active order holding the sensor; an opening tells the grid worker',
      body: z.strictObject({ sensorId: sensor, event: z.enum(['open', 'close']), at: z.iso.datetime({ offset: true }).optional() }),
    },
  }, async (req, reply) => reply.code(202).send(await q.doorEvent(principalOf(req), req.body)));

  r.get('/api/me/quarantine', {
    config: { access: 'self:quarantine' },
    schema: { tags: ['quarantine'], summary: 'The resident’s own current order (checks, needs, the slot now) or the last certificate' },
  }, async (req) => q.mine(principalOf(req), actorOf(req)));

  r.post('/api/me/quarantine/checks', {
    config: { access: 'self:quarantine', idempotency: 'optional' },
    schema: { tags: ['quarantine'], summary: 'The resident records their own check of the current slot', body: z.strictObject(checkBody) },
  }, async (req, reply) => {
    const c = await q.selfCheck(principalOf(req), req.body);
    await deps.idempotentWrite(req, reply, async (trx) => {
      const view = await c.write(trx);
      await deps.audit.append(trx, actorOf(req), {
        action: 'create', objectType: 'quarantine_check', objectId: c.id, subjectId: c.residentId, outcome: 'success', reason: 'own_record', fields: ['temperature', 'symptoms'],
      });
      return { status: 201, body: view };
    });
  });

  r.post('/api/me/quarantine/needs', {
    config: { access: 'self:quarantine' },
    schema: { tags: ['quarantine'], summary: 'The resident asks for something (groceries, medicine, counselling …)', body: needBody },
  }, async (req, reply) => reply.code(201).send(await q.selfNeed(principalOf(req), actorOf(req), req.body)));
}
