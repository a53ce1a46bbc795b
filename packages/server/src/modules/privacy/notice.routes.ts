import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import type { NoticeService } from './notice';

/**
 * The processing notice (个人信息处理规则, PRIV-03, ADR 0029): anyone reads it before signing in; a resident
 * acknowledges the current version once (asked again when the version changes).
 */
export function registerNoticeRoutes(app: FastifyInstance, deps: { notice: NoticeService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const Status = z.object({ version: z.string(), acknowledged: z.boolean(), acknowledgedAt: z.string().nullable() });

  r.get('/api/privacy/notice', {
    config: { access: 'public' },
    schema: { tags: ['privacy'], summary: 'The current processing notice (zh-CN and English), its version, and the emergency periods in force' },
  }, async () => deps.notice.current());

  r.get('/api/me/notice-ack', {
    config: { access: 'notice:ack' },
    schema: { tags: ['me'], summary: 'Whether I acknowledged the current version of the processing notice', response: { 200: Status } },
  }, async (req) => deps.notice.status(principalOf(req).id));

  r.post('/api/me/notice-ack', {
    config: { access: 'notice:ack' },
    schema: {
      tags: ['me'], summary: 'Acknowledge the current version of the processing notice (409 when it is not the current one)',
      body: z.strictObject({ version: z.string().trim().min(1).max(64) }),
      response: { 200: Status },
    },
  }, async (req) => deps.notice.acknowledge(principalOf(req), actorOf(req), req.body.version));
}
