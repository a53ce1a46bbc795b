import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { AppError, errors, zodIssueDetails } from '../../http/errors';
import { buildCsv, buildXlsx } from '../exports';
import { readUploadedSheet, staffReason, withoutIdOrMobile } from '../registry';
import { isScreeningHeaderRow, LIST_KINDS, MEASURES, OUTCOMES, type Screening, type ScreeningDeps } from './screening.service';

const id = z.string().min(1).max(64);
const MAX_BYTES = 5 * 1024 * 1024;
const MAX_ROWS = 20_000;
const note = withoutIdOrMobile(z.string().trim().max(200), {
  idNumber: '备注中请勿填写身份证号|do not type an ID number in the note', mobile: '备注中请勿填写手机号|do not type a mobile number in the note',
});

/** The list's description as multipart fields sent before the file (ADR 0083). */
const listMeta = z.strictObject({
  kind: z.enum(LIST_KINDS), title: z.string().trim().min(2).max(60), source: z.string().trim().min(2).max(60), dueAt: z.coerce.date(),
});

export function registerScreeningRoutes(app: FastifyInstance, deps: ScreeningDeps & { screening: Screening }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = deps.screening;

  r.get('/api/screening/kinds', {
    config: { access: 'screening:read' },
    schema: { tags: ['screening'], summary: 'List kinds, check outcomes and control measures with their names' },
  }, async () => s.meta());

  r.get('/api/screening/lists', {
    config: { access: 'screening:read' },
    schema: { tags: ['screening'], summary: 'Upper-level lists of the caller’s area (figures of the caller’s own entries; no personal data)' },
  }, async (req) => s.lists(principalOf(req)));

  r.post('/api/screening/lists', {
    config: { access: 'screening:import' },
    schema: {
      tags: ['screening'],
      summary: 'Import an upper-level list (multipart: kind, title, source, dueAt, then file "file": CSV UTF-8/GBK or XLSX with 姓名 and 身份证号 / 手机号 / 地址); rows matched against the registry',
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', '请以 multipart/form-data 上传文件', 'Upload the file as multipart/form-data');
    const file = await req.file({ limits: { fileSize: MAX_BYTES, files: 1 } });
    if (!file) throw new AppError(400, 'validation_failed', '缺少上传文件', 'No file uploaded', [{ path: 'file', code: 'required', message: '必填', messageEn: 'is required' }]);
    const raw: Record<string, string> = {};
    for (const [k, v] of Object.entries(file.fields)) {
      const part = Array.isArray(v) ? v[0] : v;
      if (part && part.type === 'field') raw[k] = String(part.value);
    }
    const meta = listMeta.safeParse(raw);
    if (!meta.success) {
      file.file.resume();
      throw errors.badRequest('validation_failed', '请求参数有误', 'Invalid request', zodIssueDetails(meta.error.issues, raw));
    }
    const sheet = await readUploadedSheet(deps.platform.config.dataDir, file.file, file.filename, { maxRows: MAX_ROWS, isHeaderRow: isScreeningHeaderRow });
    return reply.code(201).send(await s.create(principalOf(req), actorOf(req), meta.data, file.filename, sheet));
  });

  r.get('/api/screening/lists/:id', {
    config: { access: 'screening:read' },
    schema: { tags: ['screening'], summary: 'A list with its figures and row errors', params: z.strictObject({ id }) },
  }, async (req) => s.list(principalOf(req), req.params.id));

  r.get('/api/screening/lists/:id/entries', {
    config: { access: 'screening:read' },
    schema: {
      tags: ['screening'], summary: 'A list’s entries in the caller’s area with the match, its evidence and the check (masked; audited)',
      params: z.strictObject({ id }),
      querystring: z.strictObject({
        state: z.enum(['matched', 'uncertain', 'unmatched']).optional(), status: z.enum(['open', 'done', 'unrouted']).optional(), urgent: z.enum(['1', 'true']).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
  }, async (req) => {
    const q = req.query;
    return s.entries(principalOf(req), actorOf(req), req.params.id, { state: q.state, status: q.status, urgent: !!q.urgent, page: q.page, pageSize: q.pageSize });
  });

  r.get('/api/screening/mine', {
    config: { access: 'screening:check' },
    schema: { tags: ['screening'], summary: 'The caller’s open entries across open lists, urgent (seen at a gate) first — the door-to-door list (masked; audited)' },
  }, async (req) => s.mine(principalOf(req), actorOf(req)));

  r.post('/api/screening/entries/:id/route', {
    config: { access: 'screening:route' },
    schema: {
      tags: ['screening'], summary: 'Route an entry to a community (importers) or a grid (community admins)', params: z.strictObject({ id }),
      body: z.strictObject({ communityId: id.optional(), gridId: id.optional(), version: z.number().int().min(1) }),
    },
  }, async (req) => s.route(principalOf(req), actorOf(req), req.params.id, req.body));

  r.post('/api/screening/entries/:id/check', {
    config: { access: 'screening:check' },
    schema: {
      tags: ['screening'], summary: 'Record the door-to-door check’s outcome (controlled needs a measure; left needs a note)', params: z.strictObject({ id }),
      body: z.strictObject({ outcome: z.enum(OUTCOMES), measure: z.enum(MEASURES).optional(), note: note.optional(), residentId: id.optional(), version: z.number().int().min(1) }),
    },
  }, async (req) => s.check(principalOf(req), actorOf(req), req.params.id, req.body));

  r.get('/api/screening/lists/:id/receipt', {
    config: { access: 'screening:read' },
    schema: {
      tags: ['screening'], summary: 'The receipt (回执): figures and one row per entry, masked; ?format=xlsx|csv for the file (audited)',
      params: z.strictObject({ id }), querystring: z.strictObject({ format: z.enum(['json', 'xlsx', 'csv']).default('json') }),
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const rec = await s.receipt(p, actorOf(req), req.params.id);
    if (req.query.format === 'json') return { figures: rec.figures, rows: rec.rows };
    const headers = ['序号', '姓名', '证件号', '比对结果', '置信度', '社区', '核查结果', '管控措施', '核查时间', '备注'];
    const rows = rec.rows.map((x) => [String(x.row), x.nameMasked, x.idMasked ?? '', x.stateZh, String(x.confidence), x.communityName ?? '', x.outcomeZh, x.measureZh, x.checkedAt ?? '', x.note ?? '']);
    const table = {
      headers, rows,
      watermark: { exportId: `receipt-${rec.list.id}`, userId: p.id, username: p.username, generatedAt: deps.platform.clock.now().toISOString(), purpose: '排查名单回执', purposeCode: 'epidemic.screening', rowCount: rows.length },
    };
    const xlsx = req.query.format === 'xlsx';
    const body = xlsx ? await buildXlsx(table) : buildCsv(table);
    const name = `回执-${rec.list.title}.${xlsx ? 'xlsx' : 'csv'}`;
    return reply
      .header('content-type', xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="receipt.${xlsx ? 'xlsx' : 'csv'}"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(body);
  });

  r.post('/api/screening/lists/:id/close', {
    config: { access: 'screening:import' },
    schema: {
      tags: ['screening'], summary: 'Close a list (every entry checked, or forced with a reason)', params: z.strictObject({ id }),
      body: z.strictObject({ force: z.boolean().optional(), reason: staffReason(0, 200, { zh: '原因', en: 'reason' }).optional(), version: z.number().int().min(1) }),
    },
  }, async (req) => s.close(principalOf(req), actorOf(req), req.params.id, req.body));
}
