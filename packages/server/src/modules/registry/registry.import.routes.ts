import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { ImportRunList } from '@renxing/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, principalOf } from '../../http/auth-context';
import { AppError } from '../../http/errors';
import { writeErrorReportCsv, writeErrorReportXlsx, writeTemplateXlsx } from './import';
import type { ImportService } from './registry.import-service';

const MAX_UPLOAD = 20 * 1024 * 1024;

/** Import endpoints: template download, upload (dry run / partial / all-or-nothing), history, job status, error report. */
export function registerImportRoutes(app: FastifyInstance, deps: { imports: ImportService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/registry/import-template', {
    config: { access: 'resident:import' },
    schema: { tags: ['registry'], summary: 'Download the XLSX import template (Chinese headers, notes sheet)' },
  }, async (_req, reply) => {
    const chunks: Buffer[] = [];
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeTemplateXlsx(out);
    out.end();
    reply.header('content-disposition', `attachment; filename="residents-template.xlsx"; filename*=UTF-8''${encodeURIComponent('居民导入模板.xlsx')}`);
    reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return reply.send(Buffer.concat(chunks));
  });

  r.post('/api/registry/imports', {
    config: { access: 'resident:import' },
    schema: {
      tags: ['registry'], summary: 'Upload residents (multipart field "file": XLSX, or CSV in UTF-8/GBK). dryRun previews; partial stores good rows; all_or_nothing stores none if any row fails. careConsent=written: the care tags were collected with written separate consent (consent records are written; without it they are skipped with a warning).',
      querystring: z.strictObject({
        communityId: z.string().min(1).max(64), mode: z.enum(['all_or_nothing', 'partial']).default('all_or_nothing'),
        dryRun: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
        // The file's care tags were collected with each resident's separate written consent (ADR 0033).
        careConsent: z.enum(['written']).optional(),
      }),
    },
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', '请以 multipart/form-data 上传文件', 'Upload the file as multipart/form-data');
    const file = await req.file({ limits: { fileSize: MAX_UPLOAD, files: 1 } });
    if (!file) throw new AppError(400, 'validation_failed', '缺少上传文件', 'No file uploaded', [{ path: 'file', code: 'required', message: '必填', messageEn: 'is required' }]);
    const tmp = deps.imports.uploadPath();
    try {
      await pipeline(file.file, fs.createWriteStream(tmp, { mode: 0o600 }));
      if (file.file.truncated) throw new AppError(413, 'too_large', '文件超过 20 MB 上限', 'File exceeds the 20 MB limit');
      const res = await deps.imports.run({
        communityId: req.query.communityId, filePath: tmp, fileName: file.filename, mode: req.query.mode, dryRun: req.query.dryRun, careConsent: req.query.careConsent ?? null,
        principal: principalOf(req), actor: actorOf(req), maxErrors: 10_000,
      });
      const status = res.status === 'rejected' ? 422 : res.status === 'dry_run' ? 200 : 201;
      return reply.status(status).send({ ...res, errors: res.errors.slice(0, 500), errorsTruncated: res.errors.length > 500 });
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  });

  r.get('/api/registry/imports', {
    config: { access: 'resident:import' },
    schema: {
      tags: ['registry'], summary: 'Import history (导入记录): runs in the caller\'s scope (or in orgId inside it; 404 outside), newest first. Counts and outcomes only, no file names or row content.',
      querystring: z.strictObject({
        page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20),
        orgId: z.string().min(1).max(64).optional(),
      }),
    },
  }, async (req): Promise<ImportRunList> => deps.imports.history(principalOf(req), req.query));

  r.get('/api/registry/imports/:id', {
    config: { access: 'resident:import' },
    schema: { tags: ['registry'], summary: 'An import job with its row errors', params: z.strictObject({ id: z.string().min(1).max(64) }) },
  }, async (req) => deps.imports.job(principalOf(req), req.params.id, actorOf(req)));

  r.get('/api/registry/imports/:id/errors', {
    config: { access: 'resident:import' },
    schema: {
      tags: ['registry'], summary: 'Download the row errors as XLSX or CSV (no full ID numbers in messages)',
      params: z.strictObject({ id: z.string().min(1).max(64) }), querystring: z.strictObject({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
    },
  }, async (req, reply) => {
    const job = await deps.imports.job(principalOf(req), req.params.id, actorOf(req));
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    if (req.query.format === 'csv') await writeErrorReportCsv(job.errors, out);
    else await writeErrorReportXlsx(job.errors, out);
    out.end();
    const ext = req.query.format;
    reply.header('content-disposition', `attachment; filename="import-errors-${job.id}.${ext}"`);
    reply.type(ext === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return reply.send(Buffer.concat(chunks));
  });
}
