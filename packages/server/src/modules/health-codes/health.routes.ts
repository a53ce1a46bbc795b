import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { AppError } from '../../http/errors';
import { readUploadedSheet, freeText as text } from '../registry';
import { COLOURS } from './health.rules';
import { APPEAL_STATUSES, isHealthHeaderRow, type HealthCodes, type HealthDeps } from './health.service';

const id = z.string().min(1).max(64);
const MAX_BYTES = 5 * 1024 * 1024;
const MAX_ROWS = 20_000;

export function registerHealthCodeRoutes(app: FastifyInstance, deps: HealthDeps & { health: HealthCodes }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const h = deps.health;

  r.get('/api/health-codes/reasons', {
    config: { access: 'health:read' },
    schema: { tags: ['health-codes'], summary: 'The epidemic-control reasons a colour may change for, with the colours each fits' },
  }, async () => h.reasons());

  r.get('/api/health-codes/summary', {
    config: { access: 'health:read' },
    schema: { tags: ['health-codes'], summary: 'Counts per colour in the caller’s area, mismatches with the local facts, open appeals (cells under 5 as <5 above the community)' },
  }, async (req) => h.summary(principalOf(req)));

  r.get('/api/health-codes', {
    config: { access: 'health:read' },
    schema: {
      tags: ['health-codes'], summary: 'People with their mirrored colour beside the local signal, mismatches and non-green first (masked; audited)',
      querystring: z.strictObject({
        colour: z.enum(COLOURS).optional(), mismatch: z.enum(['1', 'true']).optional(), q: z.string().trim().min(1).max(20).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
  }, async (req) => {
    const q = req.query;
    return h.list(principalOf(req), actorOf(req), { colour: q.colour, mismatch: !!q.mismatch, q: q.q, page: q.page, pageSize: q.pageSize });
  });

  r.get('/api/health-codes/imports', {
    config: { access: 'health:import' },
    schema: { tags: ['health-codes'], summary: 'The last 20 upstream imports (counts and row errors; no personal data)' },
  }, async (req) => h.imports(principalOf(req)));

  r.post('/api/health-codes/imports', {
    config: { access: 'health:import' },
    schema: { tags: ['health-codes'], summary: 'Import the upstream list (multipart field "file": CSV UTF-8/GBK or XLSX; columns 身份证号, 健康码, 原因)' },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', '请以 multipart/form-data 上传文件', 'Upload the file as multipart/form-data');
    const file = await req.file({ limits: { fileSize: MAX_BYTES, files: 1 } });
    if (!file) throw new AppError(400, 'validation_failed', '缺少上传文件', 'No file uploaded', [{ path: 'file', code: 'required', message: '必填', messageEn: 'is required' }]);
    const sheet = await readUploadedSheet(deps.platform.config.dataDir, file.file, file.filename, { maxRows: MAX_ROWS, isHeaderRow: isHealthHeaderRow });
    return reply.code(201).send(await h.importSheet(principalOf(req), actorOf(req), file.filename, sheet));
  });

  r.get('/api/health-codes/appeals', {
    config: { access: 'health:read' },
    schema: { tags: ['health-codes'], summary: 'Residents’ appeals with the local signal (masked; audited)', querystring: z.strictObject({ status: z.enum(APPEAL_STATUSES).optional() }) },
  }, async (req) => h.appeals(principalOf(req), actorOf(req), req.query.status));

  r.post('/api/health-codes/appeals/:id/decide', {
    config: { access: 'health:assign' },
    schema: {
      tags: ['health-codes'], summary: 'Upholds an appeal (the colour becomes green: appeal_upheld) or rejects it with a note',
      params: z.strictObject({ id }), body: z.strictObject({ decision: z.enum(['upheld', 'rejected']), note: text(0, 200, '处理意见', 'note').optional(), version: z.number().int().min(1) }),
    },
  }, async (req) => h.decideAppeal(principalOf(req), actorOf(req), req.params.id, req.body));

  r.get('/api/health-codes/:residentId', {
    config: { access: 'health:read' },
    schema: { tags: ['health-codes'], summary: 'A resident’s colour, local signal and history (masked; audited)', params: z.strictObject({ residentId: id }) },
  }, async (req) => h.detail(principalOf(req), actorOf(req), req.params.residentId));

  r.post('/api/health-codes/:residentId', {
    config: { access: 'health:assign' },
    schema: {
      tags: ['health-codes'], summary: 'Sets a colour with an epidemic-control reason (400 non_epidemic_reason / reason_colour on reasonCode)',
      params: z.strictObject({ residentId: id }),
      body: z.strictObject({ colour: z.enum(COLOURS), reasonCode: z.string().trim().min(1).max(60), note: text(0, 200, '说明', 'note').optional() }),
    },
  }, async (req) => h.assign(principalOf(req), actorOf(req), req.params.residentId, req.body));

  r.get('/api/me/health-code', {
    config: { access: 'self:health' },
    schema: { tags: ['health-codes'], summary: 'The resident’s own colour, why, its last changes and their appeal' },
  }, async (req) => h.mine(principalOf(req), actorOf(req)));

  r.post('/api/me/health-code/appeals', {
    config: { access: 'self:health' },
    schema: { tags: ['health-codes'], summary: 'The resident appeals their yellow or red colour', body: z.strictObject({ reason: text(5, 200, '申诉理由', 'reason') }) },
  }, async (req, reply) => reply.code(201).send(await h.appeal(principalOf(req), actorOf(req), req.body.reason)));
}
