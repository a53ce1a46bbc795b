import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { freeText as text } from '../registry';
import { DUTY_ROLES, MATRIX_TASK_KINDS, REG_STATUSES, SERVICE_CATEGORIES, SLOT_MODES, UNIT_KINDS, type Partners } from './partners.service';

const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });
const version = z.number().int().min(1);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const TAG = ['partners'];

/** 多方协同与社会组织服务 API (ADR 0091). */
export function registerPartnersRoutes(app: FastifyInstance, deps: { partners: Partners }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.partners;

  r.get('/api/partners/meta', {
    config: { access: ['partner:read', 'service:record', 'service:book', 'self:book'] },
    schema: { tags: TAG, summary: 'Unit kinds, registration statuses, matrix roles and task kinds, service categories and slot modes with their names' },
  }, async () => s.meta());

  r.get('/api/partners', {
    config: { access: 'partner:read' },
    schema: {
      tags: TAG, summary: '协同单位 of a community or street (and the street’s, seen from a community), contacts masked, with the social organisations’ counts (audited)',
      querystring: z.strictObject({ orgId: id.optional(), kind: z.enum(UNIT_KINDS).optional(), includeEnded: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }),
    },
  }, async (req) => s.list(principalOf(req), actorOf(req), req.query));

  r.post('/api/partners', {
    config: { access: 'partner:manage' },
    schema: {
      tags: TAG, summary: 'Register a unit; a social organisation is registered (with a valid unified social credit code, GB 32100-2015) or filed',
      body: z.strictObject({
        orgId: id.optional(), kind: z.enum(UNIT_KINDS), name: text(2, 60, '单位名称', 'name'), regStatus: z.enum(REG_STATUSES).optional(),
        creditCode: z.string().trim().max(18).optional(), contactName: text(0, 20, '联系人', 'contact person').optional(), contactPhone: z.string().trim().max(20).optional(),
        servicesNote: text(0, 200, '提供的服务', 'services offered').optional(),
      }),
    },
  }, async (req, reply) => reply.code(201).send(await s.create(principalOf(req), actorOf(req), req.body)));

  r.get('/api/partners/matrix', {
    config: { access: 'partner:read' },
    schema: { tags: TAG, summary: '责任矩阵: task types × the org’s active units with 牵头 / 配合 / 知会', querystring: z.strictObject({ orgId: id.optional() }) },
  }, async (req) => s.matrix(principalOf(req), req.query));

  r.put('/api/partners/matrix', {
    config: { access: 'partner:manage' },
    schema: {
      tags: TAG, summary: 'Set or clear (role null) one cell of the matrix; a second lead for a task type is 409 lead_taken',
      body: z.strictObject({ unitId: id, taskKind: z.enum(MATRIX_TASK_KINDS), role: z.enum(DUTY_ROLES).nullable() }),
    },
  }, async (req) => s.setDuty(principalOf(req), actorOf(req), req.body));

  r.get('/api/partners/totals', {
    config: { access: 'partner:read' },
    schema: { tags: TAG, summary: '服务统计: records and residents served per service category and per unit of a community or street', querystring: z.strictObject({ orgId: id.optional() }) },
  }, async (req) => s.totals(principalOf(req), req.query));

  r.get('/api/partners/:id', {
    config: { access: ['partner:read', 'service:record'] },
    schema: { tags: TAG, summary: 'A unit: its people, services with totals, recent records (contacts masked; audited)', params: idParam },
  }, async (req) => s.detail(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/partners/:id/active', {
    config: { access: 'partner:manage' },
    schema: { tags: TAG, summary: '结束合作 (active false; its matrix cells go) or take it back', params: idParam, body: z.strictObject({ active: z.boolean(), version }) },
  }, async (req) => s.setActive(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/partners/:id/reveal', {
    config: { access: 'partner:manage' },
    schema: { tags: TAG, summary: 'The contact person and mobile in full (audited)', params: idParam },
  }, async (req) => s.reveal(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/partners/:id/members', {
    config: { access: 'partner:manage' },
    schema: { tags: TAG, summary: 'Add an account of the area who acts for the unit (offers slots, sees and confirms bookings, records services)', params: idParam, body: z.strictObject({ userId: id }) },
  }, async (req, reply) => reply.code(201).send(await s.addMember(principalOf(req), actorOf(req), req.params.id, req.body)));

  r.post('/api/partners/:id/services', {
    config: { access: 'partner:manage' },
    schema: {
      tags: TAG, summary: 'Add a service the unit offers (bookable: residents book its slots)', params: idParam,
      body: z.strictObject({ category: z.enum(SERVICE_CATEGORIES), name: text(2, 40, '服务名称', 'service name'), description: text(0, 200, '服务说明', 'description').optional(), bookable: z.boolean() }),
    },
  }, async (req, reply) => reply.code(201).send(await s.addService(principalOf(req), actorOf(req), req.params.id, req.body)));

  r.post('/api/services/:id/records', {
    config: { access: 'service:record' },
    schema: {
      tags: TAG, summary: '服务记录: a day’s service with the place and how many were served, optionally which residents (audited)', params: idParam,
      body: z.strictObject({
        day, place: text(2, 60, '服务地点', 'place'), servedCount: z.number().int().min(1).max(10_000), note: text(0, 200, '备注', 'note').optional(),
        residentIds: z.array(id).max(200).optional(),
      }),
    },
  }, async (req, reply) => reply.code(201).send(await s.record(principalOf(req), actorOf(req), req.params.id, req.body)));

  r.get('/api/services/:id/slots', {
    config: { access: ['partner:read', 'service:record'] },
    schema: { tags: TAG, summary: 'A service’s coming slots; who booked only for the organisation’s people (audited)', params: idParam },
  }, async (req) => s.slots(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/services/:id/slots', {
    config: { access: 'service:record' },
    schema: {
      tags: TAG, summary: 'The organisation’s people offer a slot of a bookable service', params: idParam,
      body: z.strictObject({ startsAt: z.iso.datetime({ offset: true }), minutes: z.number().int().min(10).max(240), mode: z.enum(SLOT_MODES) }),
    },
  }, async (req, reply) => reply.code(201).send(await s.addSlot(principalOf(req), actorOf(req), req.params.id, req.body)));

  r.post('/api/service-bookings/:id/confirm', {
    config: { access: 'service:record' },
    schema: { tags: TAG, summary: 'The organisation confirms a booking; the resident is told', params: idParam, body: z.strictObject({ version }) },
  }, async (req) => s.confirm(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/service-bookings/:id/cancel', {
    config: { access: ['service:record', 'service:book', 'self:book'] },
    schema: {
      tags: TAG, summary: 'Cancel a booking (the resident, whoever booked it, or the organisation; the resident is told when it is not theirs)', params: idParam,
      body: z.strictObject({ version, reason: text(2, 100, '取消原因', 'reason').optional() }),
    },
  }, async (req) => s.cancel(principalOf(req), actorOf(req), req.params.id, req.body));

  r.get('/api/service-bookings/bookable', {
    config: { access: 'service:book' },
    schema: { tags: TAG, summary: 'Bookable services of the caller’s area with their free coming slots (booking for a resident in home quarantine)' },
  }, async (req) => s.bookableFor(principalOf(req)));

  r.post('/api/service-bookings', {
    config: { access: 'service:book' },
    schema: {
      tags: TAG, summary: '代为预约: book a free slot for a resident of the area in home quarantine (409 slot_taken)',
      body: z.strictObject({ slotId: id, residentId: id, note: text(0, 200, '预约说明', 'note').optional() }),
    },
  }, async (req, reply) => reply.code(201).send(await s.bookFor(principalOf(req), actorOf(req), req.body)));

  r.get('/api/me/partner-units', {
    config: { access: 'service:record' },
    schema: { tags: TAG, summary: '我的服务组织: the units the caller acts for, with their bookings waiting for confirmation' },
  }, async (req) => s.myUnits(principalOf(req), actorOf(req)));

  r.get('/api/me/services', {
    config: { access: 'self:book' },
    schema: { tags: TAG, summary: 'Bookable services where the resident lives with their free coming slots' },
  }, async (req) => s.myBookable(principalOf(req)));

  r.get('/api/me/service-bookings', {
    config: { access: 'self:book' },
    schema: { tags: TAG, summary: 'The resident’s own bookings (audited)' },
  }, async (req) => s.mine(principalOf(req), actorOf(req)));

  r.post('/api/me/service-bookings', {
    config: { access: 'self:book' },
    schema: {
      tags: TAG, summary: '远程预约: the resident books a free slot (409 slot_taken); the organisation confirms',
      body: z.strictObject({ slotId: id, note: text(0, 200, '预约说明', 'note').optional() }),
    },
  }, async (req, reply) => reply.code(201).send(await s.bookSelf(principalOf(req), actorOf(req), req.body)));
}
