import { TransparencyAreaListSchema, TransparencyReportSchema } from '@renxing/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AREA_CODE_PATTERN, MONTH_PATTERN, type TransparencyService } from './transparency.service';

const Month = z.string().refine((v) => MONTH_PATTERN.test(v), { message: '月份格式应为 YYYY-MM（如 2025-05），且不早于 2000-01|month must be YYYY-MM (e.g. 2025-05), from 2000-01 on', params: { code: 'invalid_month' } });
const AreaCode = z.string().refine((v) => AREA_CODE_PATTERN.test(v), {
  message: '区域代码应为市、区、街道或社区的代码（6、9 或 12 位数字）|area must be the code of a city, district, street or community (6, 9 or 12 digits)', params: { code: 'invalid_area' },
});

/**
 * The public transparency report (ADR 0032): no sign-in, declared `public` in the route table. Nothing personal is
 * read, so the read is not audited as a personal-data read; the request log records it like any request. The response
 * schemas are the shared contracts, so only their (strict) fields can leave the server.
 */
export function registerTransparencyRoutes(app: FastifyInstance, deps: { transparency: TransparencyService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/transparency/areas', {
    config: { access: 'public' },
    schema: {
      tags: ['transparency'], summary: 'Districts, streets and communities a transparency report can be asked for (public)',
      response: { 200: TransparencyAreaListSchema },
    },
  }, async () => deps.transparency.areas());

  r.get('/api/transparency/:month', {
    config: { access: 'public' },
    schema: {
      tags: ['transparency'],
      summary: 'Monthly transparency report (public): exports, reveals, break-the-glass, restrictions, status changes, corrections, deletions, emergency periods, lock-outs; counts of 1–4 shown as "<5", a total that would reveal one by subtraction as "withheld" (ADR 0044); 404 for a month not begun',
      params: z.strictObject({ month: Month }),
      querystring: z.strictObject({ area: AreaCode.optional() }),
      response: { 200: TransparencyReportSchema },
    },
  }, async (req) => deps.transparency.report(req.params.month, req.query.area));
}
