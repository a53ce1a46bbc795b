import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import {
  SECURITY_ALERT_CLOSE_NOTE_MIN, SECURITY_ALERT_KINDS, SECURITY_ALERT_STATUSES, type SecurityAlertsService, type SecurityAlertStatus,
} from './security-alerts.service';

const Id = z.string().min(1).max(64);

/**
 * The security admin's alert list and its handling (user:manage: the one who can disable the account or end its
 * sessions). ADR 0034 and its addendum.
 */
export function registerSecurityAlertRoutes(app: FastifyInstance, deps: { alerts: SecurityAlertsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/admin/security-alerts', {
    config: { access: 'user:manage' },
    schema: {
      tags: ['admin'],
      summary: "Security alerts of the caller's area, newest first: daily export cap exceeded, many residents' records opened in a short time (ADR 0034). Default: open and acknowledged; status=closed or status=all for the others",
      querystring: z.strictObject({
        kind: z.enum(SECURITY_ALERT_KINDS).optional(), status: z.enum([...SECURITY_ALERT_STATUSES, 'all']).optional(),
        page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
  }, async (req) => {
    const { status, ...q } = req.query;
    const statuses: SecurityAlertStatus[] | undefined = status === 'all' ? [...SECURITY_ALERT_STATUSES] : status ? [status] : undefined;
    return deps.alerts.list(principalOf(req), actorOf(req), { ...q, status: statuses });
  });

  r.post('/api/admin/security-alerts/:id/acknowledge', {
    config: { access: 'user:manage' },
    schema: {
      tags: ['admin'],
      summary: 'Acknowledge an open security alert ("seen, looking into it"), with an optional note; 409 alert_status_conflict with the current status otherwise',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ note: z.string().trim().max(500).optional() }).default({}),
    },
  }, async (req) => deps.alerts.acknowledge(principalOf(req), actorOf(req), req.params.id, req.body.note || null));

  r.post('/api/admin/security-alerts/:id/close', {
    config: { access: 'user:manage' },
    schema: {
      tags: ['admin'],
      summary: 'Close an open or acknowledged security alert with a note saying what was done (e.g. 已核实为正常入户走访); 409 alert_status_conflict with the current status otherwise',
      params: z.strictObject({ id: Id }),
      body: z.strictObject({ note: z.string().trim().min(SECURITY_ALERT_CLOSE_NOTE_MIN).max(500) }),
    },
  }, async (req) => deps.alerts.close(principalOf(req), actorOf(req), req.params.id, req.body.note));
}
