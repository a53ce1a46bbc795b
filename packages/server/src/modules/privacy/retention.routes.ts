import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RetentionService } from './retention';

/**
 * Deletion certificates of the retention job (ADR 0024), newest first: for the auditor and the security admin. Counts
 * per table and column only, so the read is not audited as a read of personal data.
 */
export function registerRetentionRoutes(app: FastifyInstance, deps: { retention: RetentionService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/admin/retention-runs', {
    config: { access: 'retention:read' },
    schema: {
      tags: ['privacy'], summary: 'Deletion certificates of the retention job (newest first)',
      querystring: z.strictObject({
        page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
  }, async (req) => deps.retention.list(req.query));
}
