import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { CARE_TAGS, freeText } from '../registry';
import { ALLOCATION_RULES } from './supplies.allocation';
import { DELIVERY_METHODS, MAX_QUANTITY, MOVEMENT_KINDS, SUPPLY_CATEGORIES, type SupplyDeps, type Supplies } from './supplies.service';

const PURPOSE = 'service.assistance';
const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });

/** Free text many read: no ID and no mobile numbers (the duty-log rule, ADR 0070). */
const text = (max: number, what: string, whatEn: string) => freeText(0, max, what, whatEn);

const weights = z.strictObject(Object.fromEntries(CARE_TAGS.map((t) => [t, z.number().min(1).max(10).optional()])) as Record<(typeof CARE_TAGS)[number], z.ZodOptional<z.ZodNumber>>);
const planFields = {
  warehouseId: id, itemId: id, gridId: id.optional(),
  tags: z.array(z.enum(CARE_TAGS)).max(CARE_TAGS.length).optional(),
  perHousehold: z.number().int().min(0).max(1000), perPerson: z.number().int().min(0).max(1000),
  supply: z.number().int().min(1).max(MAX_QUANTITY), weights: weights.optional(),
};

export function registerSupplyRoutes(app: FastifyInstance, deps: SupplyDeps & { supplies: Supplies }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { supplies } = deps;
  const writes = deps.platform.database.writes;

  r.get('/api/supplies/items', {
    config: { access: 'supply:read' },
    schema: { tags: ['supplies'], summary: '物资品类: the catalogue, by category then name' },
  }, async () => ({ items: await supplies.items() }));

  r.post('/api/supplies/items', {
    config: { access: 'supply:manage' },
    schema: {
      tags: ['supplies'], summary: 'Add an item to the catalogue (name and unit unique together)',
      body: z.strictObject({ name: z.string().trim().min(1).max(30), unit: z.string().trim().min(1).max(10), category: z.enum(SUPPLY_CATEGORIES) }),
    },
  }, async (req, reply) => {
    const s = await supplies.addItem(principalOf(req), req.body);
    await writes.run(async (trx) => {
      await s.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'create', objectType: 'supply_item', objectId: s.item.id, fields: ['name', 'unit', 'category'], outcome: 'success' });
    });
    return reply.code(201).send(s.item);
  });

  r.get('/api/supplies/warehouses', {
    config: { access: 'supply:read' },
    schema: { tags: ['supplies'], summary: '物资储备点 the caller sees (their area, below it and above it) with their stock; names no resident' },
  }, async (req) => ({ items: await supplies.warehouses(principalOf(req)) }));

  r.post('/api/supplies/warehouses', {
    config: { access: 'supply:manage' },
    schema: {
      tags: ['supplies'], summary: 'Add a warehouse of the caller’s street or a community below it',
      body: z.strictObject({
        name: z.string().trim().min(1).max(40), address: text(80, '储备点地址', 'warehouse address').pipe(z.string().min(1)),
        orgId: id.optional(), keeperId: id.optional(),
      }),
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const s = await supplies.addWarehouse(p, req.body);
    await writes.run(async (trx) => {
      await s.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'create', objectType: 'supply_warehouse', objectId: s.id, fields: ['name', 'address', 'keeper'], outcome: 'success' });
    });
    return reply.code(201).send(await supplies.warehouse(p, s.id));
  });

  r.post('/api/supplies/warehouses/:id/movements', {
    config: { access: 'supply:manage', idempotency: 'optional' },
    schema: {
      tags: ['supplies'], summary: '入库 / 捐赠 / 出库 / 盘点: one stock movement (adjust: the counted quantity); stock never below zero (409 insufficient_stock)',
      params: idParam,
      body: z.strictObject({
        itemId: id, kind: z.enum(MOVEMENT_KINDS), quantity: z.number().int().min(0).max(MAX_QUANTITY),
        party: text(60, '来源/去向', 'party').optional(), note: text(200, '备注', 'note').optional(),
      }),
    },
  }, async (req, reply) => {
    const m = await supplies.move(principalOf(req), req.params.id, req.body);
    await deps.idempotentWrite(req, reply, async (trx) => {
      await m.write(trx);
      await deps.audit.append(trx, actorOf(req), {
        action: 'supply_movement', objectType: 'supply_warehouse', objectId: req.params.id, outcome: 'success', count: Math.abs(m.movement.quantity),
        fields: ['stock', ...(req.body.party ? ['party'] : []), ...(req.body.note ? ['note'] : [])],
      });
      return { status: 201, body: { movement: m.view(), quantity: m.movement.balance } };
    });
  });

  r.get('/api/supplies/warehouses/:id/movements', {
    config: { access: 'supply:read' },
    schema: {
      tags: ['supplies'], summary: 'A warehouse’s movements, newest first',
      params: idParam,
      querystring: z.strictObject({
        itemId: id.optional(), kind: z.enum([...MOVEMENT_KINDS, 'allocation', 'return']).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
  }, async (req) => supplies.movements(principalOf(req), req.params.id, req.query));

  r.post('/api/supplies/rounds/preview', {
    config: { access: 'supply:allocate' },
    schema: {
      tags: ['supplies'], summary: 'What each of the four rules would give: figures only (no one named, not audited, nothing written)',
      body: z.strictObject(planFields),
    },
  }, async (req) => supplies.preview(principalOf(req), req.body));

  r.post('/api/supplies/rounds', {
    config: { access: 'supply:allocate', idempotency: 'optional' },
    schema: {
      tags: ['supplies'], summary: '发放批次: share a supply among the households of the caller’s community (or a grid) by a rule; the allocation leaves the shelf',
      body: z.strictObject({ ...planFields, title: z.string().trim().min(1).max(60), rule: z.enum(ALLOCATION_RULES) }),
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const o = await supplies.open(p, req.body);
    await deps.idempotentWrite(req, reply, async (trx) => {
      await o.write(trx);
      await deps.audit.append(trx, actorOf(req), {
        action: 'create', objectType: 'supply_round', objectId: o.id, fields: ['title', 'item', 'rule', 'allocated'], outcome: 'success', count: o.households, purpose: PURPOSE,
      });
      return { status: 201, body: o.view };
    });
  });

  r.get('/api/supplies/rounds', {
    config: { access: 'supply:read' },
    schema: {
      tags: ['supplies'], summary: 'Distribution rounds of the caller’s area (below and above it), newest first — no names (not audited)',
      querystring: z.strictObject({
        status: z.enum(['open', 'closed']).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
  }, async (req) => supplies.rounds(principalOf(req), req.query));

  r.get('/api/supplies/rounds/:id', {
    config: { access: 'supply:read' },
    schema: { tags: ['supplies'], summary: 'One round with its progress per grid — no names (not audited)', params: idParam },
  }, async (req) => supplies.round(principalOf(req), req.params.id));

  r.get('/api/supplies/rounds/:id/lines', {
    config: { access: 'supply:deliver' },
    schema: {
      tags: ['supplies'], summary: 'The households of a round inside the caller’s area: masked head, address, members, care tags, quantity, delivery; pending first. Audited',
      params: idParam,
      querystring: z.strictObject({
        gridId: id.optional(), status: z.enum(['pending', 'delivered', 'none']).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
  }, async (req) => supplies.lines(principalOf(req), actorOf(req), req.params.id, req.query));

  r.post('/api/supplies/rounds/:id/lines/:lineId/deliver', {
    config: { access: 'supply:deliver', idempotency: 'optional' },
    schema: {
      tags: ['supplies'], summary: '已送达 (how) or back to 待发放; version-checked',
      params: z.strictObject({ id, lineId: id }),
      body: z.strictObject({
        status: z.enum(['delivered', 'pending']), method: z.enum(DELIVERY_METHODS).optional(), note: text(200, '发放备注', 'delivery note').optional(),
        version: z.number().int().min(1),
      }),
    },
  }, async (req, reply) => {
    const d = await supplies.deliver(principalOf(req), req.params.id, req.params.lineId, req.body);
    await deps.idempotentWrite(req, reply, async (trx) => {
      await d.write(trx);
      await deps.audit.append(trx, actorOf(req), {
        action: 'supply_delivery', objectType: 'supply_line', objectId: req.params.lineId, outcome: 'success', purpose: PURPOSE,
        ...(d.line.head_resident_id ? { subjectId: String(d.line.head_resident_id) } : {}), fields: ['deliveryStatus', ...(req.body.note ? ['note'] : [])],
      });
      return { status: 200, body: await d.view(trx) };
    });
  });

  r.post('/api/supplies/rounds/:id/close', {
    config: { access: 'supply:allocate' },
    schema: {
      tags: ['supplies'], summary: 'End a round: what was not delivered goes back to the shelf; version-checked',
      params: idParam, body: z.strictObject({ version: z.number().int().min(1) }),
    },
  }, async (req) => {
    const p = principalOf(req);
    const c = await supplies.close(p, req.params.id, req.body.version);
    await writes.run(async (trx) => {
      await c.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'close', objectType: 'supply_round', objectId: req.params.id, fields: ['status', 'returned'], outcome: 'success', count: c.result.returned });
    });
    return supplies.roundView(p, req.params.id);
  });
}
