import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { IsoDay } from '../../http/iso-day';
import { freeText as text } from '../registry';
import {
  CHECK_METHODS, DEVICE_METHODS, DEVICE_RE, GATE_KINDS, GATE_STATUSES, VEHICLE_KINDS, VISIT_REASONS, type Gates, type GatesDeps,
} from './gates.service';

const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });
const policy = z.strictObject({
  samplingHours: z.union([z.literal(0), z.literal(24), z.literal(48), z.literal(72)]),
  samplingAction: z.enum(['review', 'deny']),
  unknown: z.enum(['review', 'deny']),
});
const gateFields = {
  name: text(1, 40, '卡口名称', 'name'),
  kind: z.enum(GATE_KINDS),
  gridId: id,
  location: text(0, 100, '位置', 'location').optional(),
  purpose: text(0, 200, '用途', 'purpose').optional(),
  signageOn: IsoDay.nullable().optional(),
  deviceId: z.string().trim().regex(DEVICE_RE, '4–40 位字母、数字、- 或 _|4–40 of letters, digits, - or _').nullable().optional(),
  policy: policy.optional(),
};
const direction = z.enum(['in', 'out']);
const decision = z.enum(['allow', 'deny', 'review']);
const colour = z.enum(['green', 'yellow', 'red']);

/** A terminal's passage event, over HTTP or MQTT (`gate/<deviceId>/events`). */
export const deviceEventBody = z.strictObject({
  deviceId: z.string().trim().regex(DEVICE_RE, '4–40 位字母、数字、- 或 _|4–40 of letters, digits, - or _'),
  eventId: z.string().min(1).max(64),
  direction,
  method: z.enum(DEVICE_METHODS),
  residentId: id.optional(), idNumber: z.string().max(40).optional(), code: z.string().max(120).optional(), plate: z.string().max(12).optional(),
  claimedColour: colour.optional(),
  matchScore: z.number().min(0).max(1).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
});

export function registerGatesRoutes(app: FastifyInstance, deps: GatesDeps & { gates: Gates }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const g = deps.gates;

  r.get('/api/gates', {
    config: { access: ['gate:read', 'gate:operate'] },
    schema: { tags: ['gates'], summary: 'The gates of the caller’s area with today’s in/out, denied and to-check counts' },
  }, async (req) => g.list(principalOf(req)));

  r.post('/api/gates', {
    config: { access: 'gate:manage' },
    schema: { tags: ['gates'], summary: 'A new gate of the caller’s community (on one of its grids), with its terminal’s id and policy', body: z.strictObject(gateFields) },
  }, async (req, reply) => reply.code(201).send(await g.create(principalOf(req), actorOf(req), req.body)));

  r.put('/api/gates/:id', {
    config: { access: 'gate:manage' },
    schema: {
      tags: ['gates'], summary: 'Changes a gate (409 stale_version, device_taken)', params: idParam,
      body: z.strictObject({ ...gateFields, status: z.enum(GATE_STATUSES), releaseDevice: z.boolean().optional(), version: z.number().int().min(1) }),
    },
  }, async (req) => g.update(principalOf(req), actorOf(req), req.params.id, req.body));

  // No Idempotency-Key: a check answers who stands at the gate now; a repeated scan is another passage.
  r.post('/api/gates/:id/check', {
    config: { access: 'gate:operate' },
    schema: {
      tags: ['gates'], summary: 'The gate station: an ID number, personal code, visitor code or plate → allow / review / deny with reasons (masked; audited)',
      params: idParam, body: z.strictObject({ direction, scan: z.string().trim().min(1).max(120), method: z.enum(CHECK_METHODS).optional() }),
    },
  }, async (req, reply) => reply.code(201).send(await g.check(principalOf(req), actorOf(req), req.params.id, req.body)));

  r.get('/api/gates/events', {
    config: { access: 'gate:operate' },
    schema: {
      tags: ['gates'], summary: 'Passages of a day at the community’s gates, newest first (masked; audited)',
      querystring: z.strictObject({
        gateId: id.optional(), decision: decision.optional(), open: z.enum(['1', 'true']).optional(), date: IsoDay.optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
  }, async (req) => {
    const q = req.query;
    return g.events(principalOf(req), actorOf(req), { gateId: q.gateId, decision: q.decision, open: !!q.open, date: q.date, page: q.page, pageSize: q.pageSize });
  });

  r.post('/api/gates/events/:id/review', {
    config: { access: 'gate:operate' },
    schema: {
      tags: ['gates'], summary: 'Resolves a passage to check: let in or turned away (409 not_for_review, already_reviewed)', params: idParam,
      body: z.strictObject({ outcome: z.enum(['let_in', 'turned_away']), note: text(0, 100, '备注', 'note').optional() }),
    },
  }, async (req) => g.review(principalOf(req), actorOf(req), req.params.id, req.body));

  r.get('/api/gates/flow', {
    config: { access: ['gate:read', 'gate:operate'] },
    schema: { tags: ['gates'], summary: 'In/out per gate and hour of a day, and the last 7 days (aggregates only)', querystring: z.strictObject({ date: IsoDay.optional() }) },
  }, async (req) => g.flow(principalOf(req), req.query.date));

  r.get('/api/gates/visits', {
    config: { access: 'gate:operate' },
    schema: { tags: ['gates'], summary: 'Visitors registered for a day at the community’s gates (masked; audited)', querystring: z.strictObject({ date: IsoDay.optional() }) },
  }, async (req) => g.visits(principalOf(req), actorOf(req), req.query.date));

  r.get('/api/gates/vehicles', {
    config: { access: 'gate:operate' },
    schema: { tags: ['gates'], summary: 'The community’s registered vehicles (plates masked; audited)' },
  }, async (req) => g.vehicles(principalOf(req), actorOf(req)));

  r.post('/api/gates/vehicles', {
    config: { access: 'gate:manage' },
    schema: {
      tags: ['gates'], summary: 'Registers a vehicle (409 plate_taken)',
      body: z.strictObject({ plate: z.string().trim().min(1).max(12), kind: z.enum(VEHICLE_KINDS), residentId: id.optional(), note: text(0, 100, '备注', 'note').optional() }),
    },
  }, async (req, reply) => reply.code(201).send(await g.addVehicle(principalOf(req), actorOf(req), req.body)));

  r.delete('/api/gates/vehicles/:id', {
    config: { access: 'gate:manage' },
    schema: { tags: ['gates'], summary: 'Removes a registered vehicle', params: idParam, querystring: z.strictObject({ version: z.coerce.number().int().min(1) }) },
  }, async (req, reply) => {
    await g.removeVehicle(principalOf(req), actorOf(req), req.params.id, req.query.version);
    return reply.code(204).send();
  });

  r.get('/api/public/gates/:id', {
    config: { access: 'public' },
    schema: { tags: ['gates'], summary: 'A gate’s poster page: its name and community (no login)', params: idParam },
  }, async (req) => g.publicGate(req.params.id));

  r.post('/api/public/gates/:id/visits', {
    config: { access: 'public' },
    schema: {
      tags: ['gates'], summary: 'A visitor registers at a gate’s poster and gets a code for today (no login; rate-limited)', params: idParam,
      body: z.strictObject({
        name: z.string().trim().min(2).max(20).regex(/^[\p{Script=Han}A-Za-z·•\s]+$/u, '请填写真实姓名（汉字或字母）|a name of letters or Chinese characters'),
        phone: z.string().trim().min(1).max(20),
        host: text(1, 60, '拜访楼栋/房号', 'whom you visit'),
        reason: z.enum(VISIT_REASONS),
      }),
    },
  }, async (req, reply) => reply.code(201).send(await g.register(actorOf(req), req.params.id, req.body)));

  r.post('/api/devices/gate-events', {
    config: { access: 'device:event' },
    schema: {
      tags: ['gates'], summary: 'A gate terminal’s passage event → its decision; a repeated (deviceId, eventId) returns the stored decision',
      body: deviceEventBody,
    },
  }, async (req) => g.deviceEvent(principalOf(req), req.body));
}
