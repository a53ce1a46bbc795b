import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import type { IdempotentWrite } from '../../http/idempotency';
import type { AuditService } from '../audit';
import { freeText as text } from '../registry';
import {
  LANE_KINDS, REPORT_STATUSES, SHELTER_CHECKS, SHELTER_FACILITIES, SHELTER_KINDS, SHELTER_STATUSES, type EmergencyInfra, type InfraDeps,
} from './emergency-infra.service';

const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });
/** Free text many read: no ID and no mobile numbers (the duty-log rule, ADR 0070); a car's plate is fine. */
const shelterBody = {
  name: z.string().trim().min(1).max(40), kind: z.enum(SHELTER_KINDS), address: text(1, 80, '地址', 'address'), capacity: z.number().int().min(1).max(100_000),
  areaM2: z.number().int().min(1).max(10_000_000).optional(), facilities: z.array(z.enum(SHELTER_FACILITIES)).max(SHELTER_FACILITIES.length),
  status: z.enum(SHELTER_STATUSES), intervalDays: z.number().int().min(7).max(365),
};
const reportBody = z.strictObject({
  laneId: id.optional(), location: text(1, 80, '位置', 'location').optional(), description: text(1, 200, '占用情况', 'description'),
});
const page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };

export function registerEmergencyInfraRoutes(app: FastifyInstance, deps: InfraDeps & { infra: EmergencyInfra; audit: AuditService; idempotentWrite: IdempotentWrite }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { infra } = deps;
  const writes = deps.platform.database.writes;

  r.get('/api/shelters', {
    config: { access: 'shelter:read' },
    schema: { tags: ['emergency-infra'], summary: '应急避难场所 of the area with the last inspection, and each community’s residents against the capacity (counts only)' },
  }, async (req) => infra.shelters(principalOf(req)));

  r.post('/api/shelters', {
    config: { access: 'shelter:manage' },
    schema: { tags: ['emergency-infra'], summary: 'Add a shelter of the caller’s community', body: z.strictObject(shelterBody) },
  }, async (req, reply) => {
    const p = principalOf(req);
    const s = await infra.addShelter(p, req.body);
    await writes.run(async (trx) => {
      await s.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'create', objectType: 'shelter', objectId: s.id, fields: ['name', 'capacity', 'status'], outcome: 'success' });
    });
    return reply.code(201).send(await infra.shelterView(p, s.id));
  });

  r.post('/api/shelters/:id/update', {
    config: { access: 'shelter:manage' },
    schema: { tags: ['emergency-infra'], summary: 'Change a shelter; version-checked', params: idParam, body: z.strictObject({ ...shelterBody, version: z.number().int().min(1) }) },
  }, async (req) => {
    const p = principalOf(req);
    const u = await infra.updateShelter(p, req.params.id, req.body);
    await writes.run(async (trx) => {
      await u.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'update', objectType: 'shelter', objectId: req.params.id, fields: ['name', 'capacity', 'status'], outcome: 'success' });
    });
    return infra.shelterView(p, req.params.id);
  });

  r.get('/api/shelters/:id/inspections', {
    config: { access: 'shelter:read' },
    schema: { tags: ['emergency-infra'], summary: 'A shelter’s inspections, newest first', params: idParam, querystring: z.strictObject(page) },
  }, async (req) => infra.inspections(principalOf(req), req.params.id, req.query));

  r.post('/api/shelters/:id/inspections', {
    config: { access: 'shelter:inspect', idempotency: 'optional' },
    schema: {
      tags: ['emergency-infra'], summary: 'Record an inspection: six checks, each ok or problem, all required; a note',
      params: idParam,
      body: z.strictObject({
        checks: z.strictObject(Object.fromEntries(SHELTER_CHECKS.map((k) => [k, z.enum(['ok', 'problem'])])) as Record<(typeof SHELTER_CHECKS)[number], z.ZodEnum<{ ok: 'ok'; problem: 'problem' }>>),
        note: text(0, 200, '检查记录', 'inspection note').optional(),
      }),
    },
  }, async (req, reply) => {
    const i = await infra.inspect(principalOf(req), req.params.id, req.body);
    await deps.idempotentWrite(req, reply, async (trx) => {
      await i.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'shelter_inspection', objectType: 'shelter', objectId: req.params.id, count: i.problems.length, outcome: 'success' });
      return { status: 201, body: i.view() };
    });
  });

  r.get('/api/lanes', {
    config: { access: 'lane:read' },
    schema: { tags: ['emergency-infra'], summary: '应急通道 of the area with their open reports, the clearance hours and the figures of the reports' },
  }, async (req) => infra.lanes(principalOf(req)));

  r.post('/api/lanes', {
    config: { access: 'lane:manage' },
    schema: {
      tags: ['emergency-infra'], summary: 'Add an emergency lane of the caller’s community',
      body: z.strictObject({ name: z.string().trim().min(1).max(40), kind: z.enum(LANE_KINDS), location: text(1, 80, '位置', 'location') }),
    },
  }, async (req, reply) => {
    const l = await infra.addLane(principalOf(req), req.body);
    await writes.run(async (trx) => {
      await l.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'create', objectType: 'emergency_lane', objectId: l.id, fields: ['name', 'kind', 'location'], outcome: 'success' });
    });
    return reply.code(201).send(l.view);
  });

  r.post('/api/lanes/settings', {
    config: { access: 'lane:manage' },
    schema: { tags: ['emergency-infra'], summary: 'The caller’s community’s clearance hours for occupation reports', body: z.strictObject({ clearanceHours: z.number().int().min(1).max(72) }) },
  }, async (req) => {
    const s = await infra.setClearanceHours(principalOf(req), req.body.clearanceHours);
    await writes.run(async (trx) => {
      await s.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'update', objectType: 'lane_settings', objectId: s.communityId, fields: ['clearanceHours'], outcome: 'success' });
    });
    return { communityId: s.communityId, hours: req.body.clearanceHours };
  });

  r.get('/api/lane-reports', {
    config: { access: 'lane:read' },
    schema: {
      tags: ['emergency-infra'], summary: 'Occupation reports of the area: open first by deadline; a resident reporter is not named',
      querystring: z.strictObject({ status: z.enum(REPORT_STATUSES).optional(), ...page }),
    },
  }, async (req) => infra.reports(principalOf(req), req.query));

  r.post('/api/lane-reports', {
    config: { access: 'lane:report', idempotency: 'optional' },
    schema: { tags: ['emergency-infra'], summary: '举报占用 (staff): a lane of the caller’s community or a location; a deadline from the clearance hours', body: reportBody },
  }, async (req, reply) => {
    const rep = await infra.staffReport(principalOf(req), req.body);
    await deps.idempotentWrite(req, reply, async (trx) => {
      await rep.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'lane_report', objectType: 'lane_report', objectId: rep.id, outcome: 'success' });
      return { status: 201, body: await rep.view() };
    });
  });

  r.post('/api/lane-reports/:id/handle', {
    config: { access: 'lane:manage' },
    schema: {
      tags: ['emergency-infra'], summary: '已清理 or 核实无占用, with what was done; version-checked',
      params: idParam,
      body: z.strictObject({ outcome: z.enum(['cleared', 'unfounded']), resolution: text(1, 200, '处理情况', 'resolution'), version: z.number().int().min(1) }),
    },
  }, async (req) => {
    const p = principalOf(req);
    const h = await infra.handle(p, req.params.id, req.body);
    await writes.run(async (trx) => {
      await h.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'lane_report_handle', objectType: 'lane_report', objectId: req.params.id, fields: ['status', 'resolution'], outcome: 'success' });
    });
    return infra.reportView(p, req.params.id);
  });

  r.get('/api/me/lanes', {
    config: { access: 'self:report' },
    schema: { tags: ['emergency-infra'], summary: 'The emergency lanes of the resident’s community (to report one)' },
  }, async (req) => ({ items: await infra.myLanes(principalOf(req)) }));

  r.post('/api/me/lane-reports', {
    config: { access: 'self:report', idempotency: 'optional' },
    schema: { tags: ['emergency-infra'], summary: '举报占用 (a resident): answers the reference and the deadline to follow', body: reportBody },
  }, async (req, reply) => {
    const rep = await infra.residentReport(principalOf(req), req.body);
    await deps.idempotentWrite(req, reply, async (trx) => {
      await rep.write(trx);
      await deps.audit.append(trx, actorOf(req), { action: 'lane_report', objectType: 'lane_report', objectId: rep.id, reason: 'own_report', outcome: 'success' });
      const row = rep.out.row!;
      return { status: 201, body: { id: rep.id, ref: String(row.ref), status: 'open', dueAt: deps.platform.database.codec.readTs(row.due_at)! } };
    });
  });

  r.get('/api/me/lane-reports', {
    config: { access: 'self:report' },
    schema: { tags: ['emergency-infra'], summary: 'The resident’s own reports: state, deadline, what was done' },
  }, async (req) => ({ items: await infra.myReports(principalOf(req)) }));
}
