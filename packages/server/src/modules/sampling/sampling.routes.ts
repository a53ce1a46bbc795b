import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { IsoDay } from '../../http/iso-day';
import { AppError } from '../../http/errors';
import type { IdempotentWrite } from '../../http/idempotency';
import { readUploadedSheet, freeText as text } from '../registry';
import { isResultHeaderRow, parseResultSheet } from './sampling.results';
import { BARCODE_RE, POOL_SIZES, RETEST_STATUSES, TUBE_RESULTS, type Sampling, type SamplingDeps } from './sampling.service';

const id = z.string().min(1).max(64);
const idParam = z.strictObject({ id });
const page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };
const poolSize = z.union(POOL_SIZES.map((n) => z.literal(n)) as unknown as [z.ZodLiteral<1>, z.ZodLiteral<5>, z.ZodLiteral<10>, z.ZodLiteral<20>]);
const idNumber = z.string().trim().min(1).max(24);
const code = z.string().trim().min(1).max(80);
const member = z.strictObject({
  idNumber: idNumber.optional(), code: code.optional(), name: z.string().trim().min(1).max(20).optional(), collectedAt: z.iso.datetime({ offset: true }).optional(),
});
/** Result sheets are small: a round's tubes (a 20,000-resident community in 10-in-1 tubes is 2,000 rows). */
const MAX_RESULT_ROWS = 50_000;
const MAX_RESULT_BYTES = 10 * 1024 * 1024;

export function registerSamplingRoutes(app: FastifyInstance, deps: SamplingDeps & { sampling: Sampling; idempotentWrite: IdempotentWrite }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { sampling } = deps;

  r.get('/api/sampling/sites', {
    config: { access: 'sampling:read' },
    schema: { tags: ['sampling'], summary: '采样点 of the caller’s area and the areas above it' },
  }, async (req) => sampling.sites(principalOf(req)));

  const siteFields = { name: z.string().trim().min(1).max(40), address: text(1, 80, '地址', 'address'), stations: z.number().int().min(1).max(50) };
  r.post('/api/sampling/sites', {
    config: { access: 'sampling:manage' },
    schema: { tags: ['sampling'], summary: 'Add a sampling site of the caller’s community', body: z.strictObject(siteFields) },
  }, async (req, reply) => reply.code(201).send(await sampling.createSite(principalOf(req), actorOf(req), req.body)));

  r.post('/api/sampling/sites/:id/update', {
    config: { access: 'sampling:manage' },
    schema: {
      tags: ['sampling'], summary: 'Change a sampling site (name, address, stations, active); version-checked', params: idParam,
      body: z.strictObject({ name: siteFields.name.optional(), address: siteFields.address.optional(), stations: siteFields.stations.optional(), active: z.boolean().optional(), version: z.number().int().min(1) }),
    },
  }, async (req) => sampling.updateSite(principalOf(req), actorOf(req), req.params.id, req.body));

  r.get('/api/sampling/rounds', {
    config: { access: 'sampling:read' },
    schema: {
      tags: ['sampling'], summary: '采样轮次 newest first, with coverage (expected residents against those sampled) and tube results; counts only',
      querystring: z.strictObject({ status: z.enum(['open', 'closed']).optional(), ...page }),
    },
  }, async (req) => sampling.rounds(principalOf(req), req.query));

  r.post('/api/sampling/rounds', {
    config: { access: 'sampling:manage' },
    schema: {
      tags: ['sampling'], summary: 'Open a sampling round of the caller’s community',
      body: z.strictObject({ name: z.string().trim().min(1).max(40), roundDate: IsoDay, poolSize, note: text(0, 200, '备注', 'note').optional() }),
    },
  }, async (req, reply) => reply.code(201).send(await sampling.createRound(principalOf(req), actorOf(req), req.body)));

  r.get('/api/sampling/rounds/:id', {
    config: { access: 'sampling:read' },
    schema: { tags: ['sampling'], summary: 'One sampling round with its figures', params: idParam },
  }, async (req) => sampling.round(principalOf(req), req.params.id));

  r.post('/api/sampling/rounds/:id/close', {
    config: { access: 'sampling:manage' },
    schema: { tags: ['sampling'], summary: 'End a round’s collection (results can still be imported; single-tube retests can still be taken)', params: idParam, body: z.strictObject({ version: z.number().int().min(1) }) },
  }, async (req) => sampling.closeRound(principalOf(req), actorOf(req), req.params.id, req.body.version));

  r.post('/api/sampling/rounds/:id/check', {
    config: { access: 'sampling:collect' },
    schema: {
      tags: ['sampling'], summary: 'Who an ID card or a personal sampling code is (masked), whether sampled in this round already, whether called back; audited lookup',
      params: idParam, body: z.strictObject({ idNumber: idNumber.optional(), code: code.optional() }),
    },
  }, async (req) => sampling.check(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/sampling/rounds/:id/tubes', {
    config: { access: 'sampling:collect', idempotency: 'optional' },
    schema: {
      tags: ['sampling'], summary: 'A sealed tube and its members in one request (send it with an Idempotency-Key: a station offline sends it later)',
      params: idParam,
      body: z.strictObject({
        barcode: z.string().trim().regex(BARCODE_RE, '应为 6–32 位字母、数字或 -|6–32 of letters, digits or -'), siteId: id.optional(), station: z.number().int().min(1).max(50).optional(),
        doorToDoor: z.boolean().optional(), poolSize, members: z.array(member).min(1).max(20),
      }),
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const t = await sampling.prepareTube(p, req.params.id, req.body);
    await deps.idempotentWrite(req, reply, async (trx) => {
      const w = await t.write(trx);
      await deps.audit.append(trx, actorOf(req), {
        action: 'create', objectType: 'sampling_tube', objectId: t.id, outcome: 'success', purpose: 'epidemic.sampling', count: req.body.members.length,
        fields: ['barcode', 'members'], subjectIds: w.subjectIds,
      });
      return { status: 201, body: w.view() };
    });
  });

  r.get('/api/sampling/rounds/:id/tubes', {
    config: { access: 'sampling:read' },
    schema: {
      tags: ['sampling'], summary: 'The tubes of a round newest first (barcode prefix, result); no personal data', params: idParam,
      querystring: z.strictObject({ q: z.string().trim().max(32).optional(), result: z.enum(TUBE_RESULTS).optional(), ...page }),
    },
  }, async (req) => sampling.tubes(principalOf(req), req.params.id, req.query));

  r.get('/api/sampling/tubes/:id', {
    config: { access: 'sampling:read' },
    schema: { tags: ['sampling'], summary: 'A tube with the people in it (masked); audited', params: idParam },
  }, async (req) => sampling.tube(principalOf(req), actorOf(req), req.params.id));

  r.post('/api/sampling/rounds/:id/results', {
    config: { access: 'sampling:results' },
    schema: {
      tags: ['sampling'], summary: 'Import the lab’s results (multipart field "file": CSV in UTF-8/GBK or XLSX; columns 试管编码 and 检测结果): valid rows applied, others listed; a positive pool or an invalid tube calls its members back',
      params: idParam,
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', '请以 multipart/form-data 上传文件', 'Upload the file as multipart/form-data');
    const p = principalOf(req);
    await sampling.round(p, req.params.id);
    const file = await req.file({ limits: { fileSize: MAX_RESULT_BYTES, files: 1 } });
    if (!file) throw new AppError(400, 'validation_failed', '缺少上传文件', 'No file uploaded', [{ path: 'file', code: 'required', message: '必填', messageEn: 'is required' }]);
    const sheet = await readUploadedSheet(deps.platform.config.dataDir, file.file, file.filename, { maxRows: MAX_RESULT_ROWS, isHeaderRow: isResultHeaderRow });
    const parsed = parseResultSheet(sheet);
    if ('missing' in parsed) {
      throw new AppError(400, 'missing_headers', `结果表缺少列：${parsed.missing.join('、')}`, `The result sheet lacks the columns: ${parsed.missing.join(', ')}`,
        parsed.missing.map((m) => ({ path: `file.${m}`, code: 'required', message: `缺少“${m}”列`, messageEn: `no “${m}” column` })));
    }
    return reply.code(201).send(await sampling.applyResults(p, actorOf(req), req.params.id, file.filename, parsed));
  });

  r.get('/api/sampling/rounds/:id/results', {
    config: { access: 'sampling:read' },
    schema: { tags: ['sampling'], summary: 'The lab result imports of a round, newest first (counts and row errors; no personal data)', params: idParam },
  }, async (req) => sampling.imports(principalOf(req), req.params.id));

  r.get('/api/sampling/rounds/:id/coverage', {
    config: { access: 'sampling:read' },
    schema: {
      tags: ['sampling'], summary: 'Coverage per grid (and per building of one grid): expected residents (not away), sampled, away; counts only', params: idParam,
      querystring: z.strictObject({ gridId: id.optional() }),
    },
  }, async (req) => sampling.coverage(principalOf(req), req.params.id, req.query.gridId));

  r.get('/api/sampling/rounds/:id/missing', {
    config: { access: 'sampling:read' },
    schema: {
      tags: ['sampling'], summary: '未采样名单: expected residents without a sample in the round, by address, masked, with a door-to-door suggestion; audited', params: idParam,
      querystring: z.strictObject({ gridId: id.optional(), buildingId: id.optional(), ...page }),
    },
  }, async (req) => sampling.missing(principalOf(req), actorOf(req), req.params.id, req.query));

  r.get('/api/sampling/rounds/:id/retests', {
    config: { access: 'sampling:read' },
    schema: {
      tags: ['sampling'], summary: '复核: the single-tube retests a positive pool or an invalid tube called for, pending first; audited', params: idParam,
      querystring: z.strictObject({ status: z.enum(RETEST_STATUSES).optional(), ...page }),
    },
  }, async (req) => sampling.retests(principalOf(req), actorOf(req), req.params.id, req.query));

  r.get('/api/me/sampling', {
    config: { access: 'self:sampling' },
    schema: { tags: ['sampling'], summary: 'The resident’s personal sampling code (valid today and tomorrow) and their own results' },
  }, async (req) => sampling.mine(principalOf(req), actorOf(req)));
}
