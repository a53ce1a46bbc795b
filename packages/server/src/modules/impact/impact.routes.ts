import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import type { ImpactQuery, ImpactService } from './impact.service';

/** The longest window an actor query may span (a year and a day: a leap year's worth of activity). */
export const MAX_WINDOW_DAYS = 366;
const DAY = 86_400_000;

/** `token:` followed by an API token id (a UUID). */
const TOKEN_ACTOR = /^token:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const msg = (zh: string, en: string) => `${zh}|${en}`;

/** ISO-8601 date-time with `Z` or an offset (zod checks the calendar too: no 30 February). */
const Instant = z.iso.datetime({ offset: true });

const Base = {
  exportId: z.string().trim().min(1).max(64).optional(),
  actor: z.string().trim().min(1).max(80).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
};

type BaseQuery = { exportId?: string; actor?: string; from?: string; to?: string };

/** Cross-field rules, each naming its field: one of exportId / actor; a window for actors only, ordered, ≤ 366 days. */
function checkQuery(q: BaseQuery, ctx: z.RefinementCtx) {
  const issue = (path: string, code: string, zh: string, en: string) => ctx.addIssue({ code: 'custom', path: [path], message: msg(zh, en), params: { code } });
  if (q.exportId === undefined && q.actor === undefined) {
    issue('exportId', 'required', '请填写导出编号（exportId）或用户（actor）', 'give an export id (exportId) or a user (actor)');
    issue('actor', 'required', '请填写用户（actor）或导出编号（exportId）', 'give a user (actor) or an export id (exportId)');
    return;
  }
  if (q.exportId !== undefined && q.actor !== undefined) {
    issue('actor', 'exclusive', '导出编号和用户只能填写一个', 'give either exportId or actor, not both');
    return;
  }
  // An API token is asked for as `token:<id>` (its audit rows' actor id); its name is not unique, so only the id form.
  if (q.actor !== undefined && /^token:/i.test(q.actor) && !TOKEN_ACTOR.test(q.actor)) {
    issue('actor', 'invalid_token_id', '接入密钥请按 token:<编号> 填写（编号见“设备与系统接入密钥”列表）', 'give an access key as token:<id> (the id from the API token list)');
  }
  if (q.exportId !== undefined) {
    if (q.from !== undefined) issue('from', 'not_allowed', '按导出查询时不需要时间范围', 'a time window applies to actor queries only');
    if (q.to !== undefined) issue('to', 'not_allowed', '按导出查询时不需要时间范围', 'a time window applies to actor queries only');
    return;
  }
  if (q.from === undefined) issue('from', 'required', '按用户查询须填写开始时间', 'is required for an actor query');
  if (q.to === undefined) issue('to', 'required', '按用户查询须填写结束时间', 'is required for an actor query');
  if (q.from === undefined || q.to === undefined) return;
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  if (from > to) issue('to', 'before_from', '结束时间不能早于开始时间', 'must not be before from');
  else if (to - from > MAX_WINDOW_DAYS * DAY) issue('to', 'window_too_long', `时间范围不能超过 ${MAX_WINDOW_DAYS} 天`, `the window must not exceed ${MAX_WINDOW_DAYS} days`);
}

const toQuery = (q: BaseQuery): ImpactQuery =>
  q.exportId !== undefined ? { kind: 'export', exportId: q.exportId } : { kind: 'actor', actor: q.actor!, from: q.from!, to: q.to! };

/**
 * Breach impact query (PIPL Art. 57, ADR 0031): security admin and auditor (`impact:query`), after the second factor.
 * GET /api/admin/impact?exportId=… | ?actor=…&from=…&to=… (paged JSON) and GET /api/admin/impact/csv (the whole list).
 */
export function registerImpactRoutes(app: FastifyInstance, deps: { impact: ImpactService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/admin/impact', {
    config: { access: 'impact:query', mfa: true },
    schema: {
      tags: ['security'],
      summary: 'Breach impact (PIPL Art. 57): residents an export covered, or whose data an account or an API token (token:<id>) read, revealed, looked up, changed or exported in a window; masked, with counts per data class and action',
      querystring: z.strictObject({
        ...Base,
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(500).default(50),
      }).superRefine(checkQuery),
    },
  }, async (req) => {
    const q = req.query;
    return deps.impact.query(principalOf(req), actorOf(req), toQuery(q), { page: q.page, pageSize: q.pageSize });
  });

  r.get('/api/admin/impact/csv', {
    config: { access: 'impact:query', mfa: true },
    schema: {
      tags: ['security'],
      summary: 'The whole list of affected residents as CSV for the notification letters (masked, formula-neutralised, watermarked; audited)',
      querystring: z.strictObject({ ...Base, lang: z.enum(['zh-CN', 'en']).default('zh-CN') }).superRefine(checkQuery),
    },
  }, async (req, reply) => {
    const f = await deps.impact.csv(principalOf(req), actorOf(req), toQuery(req.query), req.query.lang);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${f.filename}"`)
      .header('x-impact-rows', String(f.rows))
      .send(f.body);
  });
}
