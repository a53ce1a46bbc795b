import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import type { IdempotentWrite } from '../../http/idempotency';
import { MAX_SLOTS, RESERVATION_STATUSES, type OfferDeps, type Offers } from './supplies.offers';
import { MAX_QUANTITY } from './supplies.service';

const PURPOSE = 'service.assistance';
const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });
const instant = z.iso.datetime({ offset: true });
const version = z.strictObject({ version: z.number().int().min(1) });

/** 物资预约 (ADR 0076): offers with a quota per household and pickup slots; the desk; the resident's reservation. */
export function registerOfferRoutes(app: FastifyInstance, deps: OfferDeps & { offers: Offers; idempotentWrite: IdempotentWrite }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { offers } = deps;
  const writes = deps.platform.database.writes;

  r.post('/api/supplies/offers', {
    config: { access: 'supply:allocate', idempotency: 'optional' },
    schema: {
      tags: ['supplies'], summary: '预约发放: offer an item for reservation — a quota per household, pickup slots, vulnerable households first; the total leaves the shelf',
      body: z.strictObject({
        title: z.string().trim().min(1).max(60), warehouseId: id, itemId: id, quota: z.number().int().min(1).max(1000), total: z.number().int().min(1).max(MAX_QUANTITY),
        place: z.string().trim().min(1).max(60), opensAt: instant, closesAt: instant, priorityHours: z.number().int().min(0).max(72),
        slots: z.array(z.strictObject({ startsAt: instant, endsAt: instant })).min(1).max(MAX_SLOTS), slotCapacity: z.number().int().min(1).max(10_000),
      }),
    },
  }, async (req, reply) => {
    const o = await offers.create(principalOf(req), req.body);
    await deps.idempotentWrite(req, reply, async (trx) => {
      await o.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'create', objectType: 'supply_offer', objectId: o.id, fields: ['title', 'item', 'quota', 'total', 'slots'], outcome: 'success' });
      return { status: 201, body: o.view };
    });
  });

  r.get('/api/supplies/offers', {
    config: { access: 'supply:read' },
    schema: {
      tags: ['supplies'], summary: 'Offers of the caller’s area (below and above it), newest first, with what is reserved and picked up — no names',
      querystring: z.strictObject({
        status: z.enum(['open', 'closed']).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
  }, async (req) => offers.list(principalOf(req), req.query));

  r.get('/api/supplies/offers/:id', {
    config: { access: 'supply:read' },
    schema: { tags: ['supplies'], summary: 'One offer with its slots and how full they are — no names', params: idParam },
  }, async (req) => offers.get(principalOf(req), req.params.id));

  r.get('/api/supplies/offers/:id/reservations', {
    config: { access: 'supply:deliver' },
    schema: {
      tags: ['supplies'], summary: 'The pickup desk: an offer’s reservations by code or slot — masked head and address; audited',
      params: idParam,
      querystring: z.strictObject({
        code: z.string().trim().regex(/^[A-Za-z0-9]{6}$/, '取件码为 6 位字母或数字|a pickup code is 6 letters or digits').optional(),
        slotId: id.optional(), status: z.enum(RESERVATION_STATUSES).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
  }, async (req) => offers.reservations(principalOf(req), actorOf(req), req.params.id, req.query));

  r.post('/api/supplies/offers/:id/reservations/:rid/pickup', {
    config: { access: 'supply:deliver', idempotency: 'optional' },
    schema: { tags: ['supplies'], summary: '已领取: the desk hands over a reservation; version-checked', params: z.strictObject({ id, rid: id }), body: version },
  }, async (req, reply) => {
    const pk = await offers.pickup(principalOf(req), req.params.id, req.params.rid, req.body.version);
    await deps.idempotentWrite(req, reply, async (trx) => {
      await pk.write(trx);
      await deps.audit.append(trx, actorOf(req), {
        action: 'supply_pickup', objectType: 'supply_reservation', objectId: req.params.rid, outcome: 'success', purpose: PURPOSE,
        ...(pk.subjectId ? { subjectId: pk.subjectId } : {}), fields: ['reservationStatus'],
      });
      return { status: 200, body: await pk.view(trx) };
    });
  });

  r.post('/api/supplies/offers/:id/close', {
    config: { access: 'supply:allocate' },
    schema: { tags: ['supplies'], summary: 'End an offer: reservations not picked up expire, what was not picked up goes back to the shelf', params: idParam, body: version },
  }, async (req) => {
    const p = principalOf(req);
    const c = await offers.close(p, req.params.id, req.body.version);
    await writes.run(async (trx) => {
      await c.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'close', objectType: 'supply_offer', objectId: req.params.id, fields: ['status', 'returned'], outcome: 'success', count: c.result.returned });
    });
    return offers.view(p, req.params.id);
  });

  // ----- the resident ------------------------------------------------------------------------------------------

  r.get('/api/me/supply-offers', {
    config: { access: 'self:supply' },
    schema: { tags: ['supplies'], summary: '物资预约: the open offers of the caller’s community, what is left, from when the household may reserve, its reservation' },
  }, async (req) => ({ items: await offers.mine(principalOf(req)) }));

  r.post('/api/me/supply-offers/:id/reservations', {
    config: { access: 'self:supply', idempotency: 'optional' },
    schema: {
      tags: ['supplies'], summary: 'Reserve for one’s household: a quantity up to the quota and a pickup slot; answers the pickup code',
      params: idParam, body: z.strictObject({ quantity: z.number().int().min(1).max(1000), slotId: id }),
    },
  }, async (req, reply) => {
    const rs = await offers.reserve(principalOf(req), req.params.id, req.body);
    await deps.idempotentWrite(req, reply, async (trx) => {
      await rs.write(trx);
      await deps.audit.append(trx, actorOf(req), {
        action: 'supply_reservation', objectType: 'supply_reservation', objectId: rs.out.row!.id, subjectId: rs.residentId, reason: 'own_household', outcome: 'success',
        fields: ['quantity', 'slot'],
      });
      return { status: 201, body: rs.out.row! };
    });
  });

  r.post('/api/me/supply-offers/:id/reservations/:rid/cancel', {
    config: { access: 'self:supply', idempotency: 'optional' },
    schema: { tags: ['supplies'], summary: 'Cancel one’s household’s reservation before its slot starts; version-checked', params: z.strictObject({ id, rid: id }), body: version },
  }, async (req, reply) => {
    const c = await offers.cancel(principalOf(req), req.params.id, req.params.rid, req.body.version);
    await deps.idempotentWrite(req, reply, async (trx) => {
      await c.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'cancel', objectType: 'supply_reservation', objectId: req.params.rid, reason: 'own_household', outcome: 'success' });
      return { status: 200, body: await c.view(trx) };
    });
  });
}
