import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import type { AuditService } from '../audit';
import type { OrgsService } from '../orgs';
import { CARE_TAGS, RESIDENCE_TYPES, staffReason } from '../registry';
import { EXPORT_COLUMNS, EXPORT_FORMATS, EXPORT_PURPOSES, type ExportPolicy, loadExportPolicy, UNMASKABLE_COLUMNS } from './exports.policy';
import { createExportsService, type ExportsDeps, type ExportsService } from './exports.service';

const Id = z.string().min(1).max(64);

/** Export HTTP API (dual control, SECURITY.md §5 T1). Builds its service unless one is passed in. */
export function registerExportRoutes(
  app: FastifyInstance,
  deps: { platform: Platform; audit: AuditService; orgs: OrgsService; policy?: ExportPolicy; exports?: ExportsService } & ExportsDeps,
): ExportsService {
  const { alerts, accounts, notifications } = deps;
  const svc = deps.exports ?? createExportsService(deps.platform, deps.audit, deps.orgs, { alerts, accounts, notifications }, deps.policy ?? loadExportPolicy());
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/api/exports', {
    config: { access: 'resident:export' },
    schema: {
      tags: ['exports'],
      summary: 'Request a resident export: 201 ready (small, masked) or 202 pending_approval / pending_district_approval; 422 export_too_large (alone over the daily cap, no alert); 429 daily_export_cap',
      body: z.strictObject({
        kind: z.literal('residents'),
        filters: z.strictObject({ gridId: Id.optional(), tag: z.enum(CARE_TAGS).optional(), residenceType: z.enum(RESIDENCE_TYPES).optional() }).default({}),
        columns: z.array(z.enum(EXPORT_COLUMNS)).min(1).max(EXPORT_COLUMNS.length),
        unmasked: z.array(z.enum(UNMASKABLE_COLUMNS)).max(UNMASKABLE_COLUMNS.length).default([]),
        purpose: z.enum(EXPORT_PURPOSES),
        reason: staffReason(),
        format: z.enum(EXPORT_FORMATS),
      }),
    },
  }, async (req, reply) => {
    const v = await svc.request(principalOf(req), actorOf(req), req.body);
    return reply.status(v.status === 'ready' ? 201 : 202).send(v);
  });

  r.post('/api/exports/preview', {
    config: { access: 'resident:export' },
    schema: {
      tags: ['exports'],
      summary: 'Dry run of an export request (ADR 0049): how many residents the filters select in your scope, the approval it needs and your daily cap; audited, writes nothing else',
      body: z.strictObject({
        kind: z.literal('residents'),
        filters: z.strictObject({ gridId: Id.optional(), tag: z.enum(CARE_TAGS).optional(), residenceType: z.enum(RESIDENCE_TYPES).optional() }).default({}),
        columns: z.array(z.enum(EXPORT_COLUMNS)).min(1).max(EXPORT_COLUMNS.length),
        unmasked: z.array(z.enum(UNMASKABLE_COLUMNS)).max(UNMASKABLE_COLUMNS.length).default([]),
        purpose: z.enum(EXPORT_PURPOSES).optional(),
      }),
    },
  }, async (req) => svc.preview(principalOf(req), actorOf(req), req.body));

  r.get('/api/exports', {
    config: { access: 'authenticated' },
    schema: { tags: ['exports'], summary: 'My export requests, those awaiting my approval, and those I decided (newest first, at most 200)' },
  }, async (req) => svc.list(principalOf(req)));

  r.get('/api/exports/pending-count', {
    config: { access: ['export:approve', 'export:approve-district'] },
    schema: { tags: ['exports'], summary: 'How many export requests await the caller’s decision (the menu badge; a count only)' },
  }, async (req) => svc.pendingCount(principalOf(req)));

  r.get('/api/exports/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['exports'], summary: 'One export (requester, or an approver whose scope holds it; otherwise 404)', params: z.strictObject({ id: Id }) },
  }, async (req) => svc.get(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/exports/:id/approve', {
    config: { access: 'export:approve', mfa: true },
    schema: {
      tags: ['exports'],
      summary: 'Approve or reject (a different person with a different role; district-level exports need export:approve-district)',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({
        decision: z.enum(['approve', 'reject']),
        note: staffReason(2, 200, { zh: '说明', en: 'note' }),
        unmasked: z.array(z.enum(UNMASKABLE_COLUMNS)).max(UNMASKABLE_COLUMNS.length).optional(),
      }),
    },
  }, async (req) => svc.decide(principalOf(req), actorOf(req), req.params.id, req.body));

  r.get('/api/exports/:id/file', {
    config: { access: 'resident:export' },
    schema: { tags: ['exports'], summary: 'Download the file once (requester only, after approval, inside the download window)', params: z.strictObject({ id: Id }) },
  }, async (req, reply) => {
    const f = await svc.download(principalOf(req), actorOf(req), req.params.id);
    return reply
      .header('content-type', f.contentType)
      .header('content-disposition', `attachment; filename="${f.filename}"`)
      .header('x-export-sha256', f.sha256)
      .header('x-export-rows', String(f.rows))
      .send(f.body);
  });

  return svc;
}
