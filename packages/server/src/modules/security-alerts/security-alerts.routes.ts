import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { SECURITY_ALERT_KINDS, SECURITY_ALERT_STATUSES, type SecurityAlertsService } from './security-alerts.service';

/** The security admin's alert list (user:manage: the one who can disable the account or end its sessions). */
export function registerSecurityAlertRoutes(app: FastifyInstance, deps: { alerts: SecurityAlertsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/admin/security-alerts', {
    config: { access: 'user:manage' },
    schema: {
      tags: ['admin'],
      summary: "Security alerts of the caller's area, newest first: daily export cap exceeded, many residents' records opened in a short time (ADR 0034)",
      querystring: z.strictObject({
        kind: z.enum(SECURITY_ALERT_KINDS).optional(), status: z.enum(SECURITY_ALERT_STATUSES).optional(),
        page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
  }, async (req) => deps.alerts.list(principalOf(req), actorOf(req), req.query));
}
