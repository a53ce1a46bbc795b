import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { type AuditPackService, MAX_PACK_DAYS } from './audit-pack.service';

const msg = (zh: string, en: string) => `${zh}|${en}`;
const DAY = 86_400_000;

/** A calendar date (zod checks the calendar: no 30 February). */
const Day = z.iso.date({ message: msg('日期格式应为 YYYY-MM-DD', 'must be a date YYYY-MM-DD') });

type PackQuery = { from: string; to: string; area?: string };

/** Cross-field rules, each naming its field: from ≤ to, at most MAX_PACK_DAYS days (both ends counted). */
function checkPeriod(q: PackQuery, ctx: z.RefinementCtx) {
  const issue = (path: string, code: string, zh: string, en: string) => ctx.addIssue({ code: 'custom', path: [path], message: msg(zh, en), params: { code } });
  const from = Date.parse(`${q.from}T00:00:00Z`);
  const to = Date.parse(`${q.to}T00:00:00Z`);
  if (Number.isNaN(from) || Number.isNaN(to)) return;
  if (from > to) issue('to', 'before_from', '结束日期不能早于开始日期', 'must not be before from');
  else if ((to - from) / DAY + 1 > MAX_PACK_DAYS) issue('to', 'period_too_long', `期间不能超过 ${MAX_PACK_DAYS} 天`, `the period must not exceed ${MAX_PACK_DAYS} days`);
}

/**
 * The compliance audit pack (AUD-10, ADR 0038): GET /api/audit/pack?from=&to=[&area=<org id>] → an XLSX workbook for the
 * auditor (`audit:pack`), after the second factor. Audited (`audit_pack`, counts and the file's SHA-256).
 */
export function registerAuditPackRoutes(app: FastifyInstance, deps: { pack: AuditPackService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/audit/pack', {
    config: { access: 'audit:pack', mfa: true },
    schema: {
      tags: ['audit'],
      summary: 'Compliance audit pack (AUD-10): XLSX with access statistics, exports, break-the-glass, deletions, security alerts, account changes and the audit chain check for a period (≤ 366 days) and area; counts and staff usernames only; audited with the file hash',
      querystring: z.strictObject({
        from: Day, to: Day, area: z.string().trim().min(1).max(64).optional(), lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
      }).superRefine(checkPeriod),
    },
  }, async (req, reply) => {
    const q = req.query;
    const f = await deps.pack.build(principalOf(req), actorOf(req), { from: q.from, to: q.to, areaId: q.area }, q.lang);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${f.filename}"`)
      .header('x-pack-id', f.packId)
      .header('x-pack-sha256', f.sha256)
      .send(f.body);
  });
}
