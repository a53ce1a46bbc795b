import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { errors } from '../../http/errors';
import type { IdempotentWrite } from '../../http/idempotency';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditService } from '../audit';

export const DUTY_CATEGORIES = ['shift', 'incident', 'dispatch', 'meeting', 'other'] as const;
const FUTURE_SKEW_MS = 5 * 60_000;

const DutyLog = z.object({
  id: z.string(), orgId: z.string(), authorId: z.string(), category: z.enum(DUTY_CATEGORIES), content: z.string(), occurredAt: z.string(), createdAt: z.string(),
});

/** 值班日志: the command centre's duty log — the simplest audited, idempotent, scoped write of the platform. */
export function registerDutyLogRoutes(app: FastifyInstance, deps: { platform: Platform; audit: AuditService; idempotentWrite: IdempotentWrite }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = deps.platform;
  const { db, codec } = database;
  const insert = database.statement('insert into duty_logs (id, org_id, org_path, author_id, category, content, occurred_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)');

  r.post('/api/duty-logs', {
    config: { access: 'duty-log:write', idempotency: 'optional' },
    schema: {
      tags: ['command'], summary: 'Write a duty-log entry (Idempotency-Key supported)',
      body: z.strictObject({
        category: z.enum(DUTY_CATEGORIES),
        content: z.string().trim().min(1).max(4000),
        occurredAt: z.iso.datetime({ offset: true }).optional(),
      }),
      response: { 201: DutyLog },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const now = clock.now();
    // An entry dated in the future would head the log (newest first) for good; a few minutes of clock skew are allowed.
    if (req.body.occurredAt && new Date(req.body.occurredAt).getTime() > now.getTime() + FUTURE_SKEW_MS) {
      throw errors.field('occurredAt', 'future_date', '发生时间不能晚于现在', 'must not be in the future');
    }
    const entry = {
      id: uuidv7(now.getTime()), orgId: p.orgId, authorId: p.id, category: req.body.category, content: req.body.content,
      occurredAt: req.body.occurredAt ? new Date(req.body.occurredAt).toISOString() : now.toISOString(), createdAt: now.toISOString(),
    };
    await deps.idempotentWrite(req, reply, async (trx) => {
      await insert.run(trx, [entry.id, entry.orgId, p.orgPath, entry.authorId, entry.category, entry.content, codec.ts(entry.occurredAt), codec.ts(entry.createdAt)]);
      await deps.audit.append(trx, actorOf(req), { action: 'create', objectType: 'duty_log', objectId: entry.id, fields: ['category', 'content'], outcome: 'success' });
      return { status: 201, body: entry };
    });
  });

  r.get('/api/duty-logs', {
    config: { access: 'duty-log:read' },
    schema: {
      tags: ['command'], summary: 'Duty-log entries within the caller\'s org scope',
      querystring: z.strictObject({
        category: z.enum(DUTY_CATEGORIES).optional(),
        page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(50),
      }),
    },
  }, async (req) => {
    const p = principalOf(req);
    let q = db.selectFrom('duty_logs').where('org_path', 'like', `${p.orgPath}%`);
    if (req.query.category) q = q.where('category', '=', req.query.category);
    const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await q.selectAll().orderBy('occurred_at', 'desc').limit(req.query.pageSize).offset((req.query.page - 1) * req.query.pageSize).execute();
    return {
      items: rows.map((x) => ({
        id: x.id, orgId: x.org_id, authorId: x.author_id, category: x.category, content: x.content, occurredAt: codec.readTs(x.occurred_at), createdAt: codec.readTs(x.created_at),
      })),
      total, page: req.query.page, pageSize: req.query.pageSize,
    };
  });
}
