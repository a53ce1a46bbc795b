import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/auth-context';
import type { AuditService } from './audit.service';

/** Audit viewer API (auditor role only). Reading the audit log is itself audited. */
export function registerAuditRoutes(app: FastifyInstance, deps: { audit: AuditService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/audit', {
    config: { access: 'audit:read' },
    schema: {
      tags: ['audit'], summary: 'Search the audit log',
      querystring: z.strictObject({
        from: z.iso.datetime().optional(), to: z.iso.datetime().optional(), actorId: z.string().max(80).optional(),
        action: z.string().max(64).optional(), objectType: z.string().max(64).optional(), subjectId: z.string().max(80).optional(),
        outcome: z.enum(['success', 'denied', 'error']).optional(),
        page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
  }, async (req) => {
    const q = req.query;
    const { items, total } = await deps.audit.query(q);
    await deps.audit.record(actorOf(req), { action: 'audit_search', objectType: 'audit_log', outcome: 'success', count: items.length });
    return { items, total, page: q.page, pageSize: q.pageSize };
  });
  r.get('/api/audit/verify', {
    config: { access: 'audit:read' },
    schema: { tags: ['audit'], summary: 'Verify the hash chain' },
  }, async (req) => {
    const res = await deps.audit.verify();
    await deps.audit.record(actorOf(req), { action: 'audit_verify', objectType: 'audit_log', outcome: res.ok ? 'success' : 'error', count: res.checked });
    return { ok: res.ok, checked: res.checked, firstBrokenId: res.firstBrokenId, reason: res.reason, lastHash: res.lastHash };
  });
}
