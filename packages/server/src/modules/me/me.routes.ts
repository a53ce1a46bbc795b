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
 * record — when, which role, which organisation, for what purpose, which fields — never the staff member's name. Since
 * ADR 0046 also the times they appeared in someone's list, search result or household page (`appearance`), from the
 * audit rows' disclosures.
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
    const { items: mine, total } = await deps.audit.accessesTo({ residentId, excludeActorId: p.id, page: req.query.page, pageSize: req.query.pageSize });
    const orgName = new Map<string, string>();
    for (const a of mine) if (a.actorOrg && !orgName.has(a.actorOrg)) orgName.set(a.actorOrg, (await deps.orgs.get(a.actorOrg))?.name ?? '');
    await deps.audit.record(actorOf(req), { action: 'access_log_view', objectType: 'resident', objectId: residentId, subjectId: residentId, outcome: 'success', count: mine.length });
    return {
      linked: true, total, page: req.query.page, pageSize: req.query.pageSize,
      items: mine.map((a) => ({
        at: a.ts, action: a.action, outcome: a.outcome, fields: a.fields, purpose: a.purpose, appearance: appearanceOf(a, residentId),
        // What it is about: the record itself, or one of the resident's requests (a correction request read to decide it).
        objectType: a.objectType ?? null,
        actorRole: a.actorRole, actorRoleLabel: ROLE_LABELS[a.actorRole as Role] ?? [a.actorRole ?? '系统', a.actorRole ?? 'system'],
        organisation: a.actorOrg ? orgName.get(a.actorOrg) ?? null : null,
      })),
    };
  });
}

/**
 * How the resident's data was shown when the row does not name them but lists them among others (ADR 0046): in search
 * results, on their household's page (with its members), or in a list (the resident list, 数据质量, request lists, the
 * day's self-reports). Null: the row is about their record itself.
 */
export type Appearance = 'search' | 'household' | 'list';

function appearanceOf(a: AuditRow, residentId: string): Appearance | null {
  if (a.subjectId === residentId) return null;
  if (a.action === 'search') return 'search';
  if (a.objectType === 'household' && a.action !== 'list') return 'household';
  return 'list';
}
