import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import type { AuditRow, AuditService } from '../audit';
import { ROLE_LABELS, type Role } from '../auth';
import type { OrgsService } from '../orgs';
import type { SelfReportsService } from '../self-reports';

/**
 * "Who accessed my data" (PIPL art. 44–45; SECURITY D24): a resident sees every access by someone else to their own
 * record — when, which role, which organisation, for what purpose, which fields — never the staff member's name.
 */
export function registerMeRoutes(app: FastifyInstance, deps: { audit: AuditService; orgs: OrgsService; selfReports: SelfReportsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/me/access-log', {
    config: { access: 'self:read' },
    schema: {
      tags: ['me'], summary: 'Accesses by others to the caller’s resident record',
      querystring: z.strictObject({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(50) }),
    },
  }, async (req) => {
    const p = principalOf(req);
    const residentId = await deps.selfReports.residentIdOfAccount(p.id);
    if (!residentId) return { items: [], total: 0, page: req.query.page, pageSize: req.query.pageSize, linked: false };
    const { items: mine, total } = await othersPage(deps.audit, residentId, p.id, req.query.page, req.query.pageSize);
    const orgName = new Map<string, string>();
    for (const a of mine) if (a.actorOrg && !orgName.has(a.actorOrg)) orgName.set(a.actorOrg, (await deps.orgs.get(a.actorOrg))?.name ?? '');
    await deps.audit.record(actorOf(req), { action: 'access_log_view', objectType: 'resident', objectId: residentId, subjectId: residentId, outcome: 'success', count: mine.length });
    return {
      linked: true, total, page: req.query.page, pageSize: req.query.pageSize,
      items: mine.map((a) => ({
        at: a.ts, action: a.action, outcome: a.outcome, fields: a.fields, purpose: a.purpose,
        actorRole: a.actorRole, actorRoleLabel: ROLE_LABELS[a.actorRole as Role] ?? [a.actorRole ?? '系统', a.actorRole ?? 'system'],
        organisation: a.actorOrg ? orgName.get(a.actorOrg) ?? null : null,
      })),
    };
  });
}

const BATCH = 500;

/**
 * One page of the accesses by others to a resident's record, and how many there are. The resident's own rows (their
 * self-reports, their views of this page) are not counted: paging the whole log and filtering afterwards would let
 * them push others' accesses off the first page. The audit query has no "actor is not" filter, so the subject's rows
 * are walked newest first in batches (a single person's record has few rows).
 */
async function othersPage(audit: AuditService, subjectId: string, callerId: string, page: number, pageSize: number): Promise<{ items: AuditRow[]; total: number }> {
  const skip = (page - 1) * pageSize;
  const items: AuditRow[] = [];
  let total = 0;
  let below = Number.POSITIVE_INFINITY; // rows appended meanwhile shift the offsets down: never count a row twice
  for (let batch = 1; ; batch++) {
    const r = await audit.query({ subjectId, page: batch, pageSize: BATCH });
    for (const a of r.items) {
      if (a.id >= below) continue;
      below = a.id;
      if (a.actorId === callerId) continue;
      if (total >= skip && items.length < pageSize) items.push(a);
      total++;
    }
    if (r.items.length < BATCH) return { items, total };
  }
}
