import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { $ZodType, safeParse } from 'zod/v4/core';
import { WalSyncError } from '../platform/db/wal-sync';
import { RedisUnavailableError } from '../platform/redis-watch';
import { setSecurityHeaders } from './security';

/** One problem with one field of a request. */
export type ErrorDetail = { path: string; code: string; message: string; messageEn: string };

/** An error meant for the client: status, stable code, zh-CN and English messages, optional per-field details. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(messageEn);
  }
}

/** Factories for the common client errors. */
export const errors = {
  badRequest: (code: string, zh: string, en: string, details: ErrorDetail[] = []) => new AppError(400, code, zh, en, details),
  field: (path: string, code: string, zh: string, en: string) =>
    new AppError(400, 'validation_failed', `请求参数有误：${zh}`, `Invalid request: ${en}`, [{ path, code, message: zh, messageEn: en }]),
  unauthorized: () => new AppError(401, 'unauthenticated', '请先登录', 'Please log in'),
  forbidden: () => new AppError(403, 'forbidden', '无权执行此操作', 'You are not allowed to do this'),
  notFound: (what = '记录', whatEn = 'Record') => new AppError(404, 'not_found', `${what}不存在`, `${whatEn} not found`),
  conflict: (code: string, zh: string, en: string, details: ErrorDetail[] = []) => new AppError(409, code, zh, en, details),
  unavailable: (code: string, zh: string, en: string) => new AppError(503, code, zh, en),
  /**
   * 409 `stale_version` naming `version` (optimistic concurrency of a versioned row), with the current version when the
   * caller read it; without it (a write that lost the race inside its transaction) the detail says a newer one exists.
   * Every versioned change answers with this one wording, whatever the record.
   */
  stale: (current?: number) => new AppError(409, 'stale_version', '这条记录刚刚被别人改过，请刷新后再试', 'This has just been changed by someone else; reload and try again', [
    current === undefined
      ? { path: 'version', code: 'stale', message: '已有更新的版本', messageEn: 'a newer version exists' }
      : { path: 'version', code: 'stale', message: `当前版本为 ${current}`, messageEn: `current version is ${current}` }]),
};

const TYPE_ZH: Record<string, string> = { string: '文本', number: '数字', int: '整数', boolean: '布尔值（true/false）', array: '列表', object: '对象', date: '日期' };
const zhIssue: Record<string, (p: Record<string, unknown>, message?: string) => [string, string]> = {
  // Zod 4 issues carry no input; its message ends in "received undefined" only when the value is missing.
  invalid_type: (p, message) =>
    p.received === 'undefined' || (p.input === undefined && (message === undefined || /received undefined$/.test(message)))
      ? ['必填', 'is required']
      : [`类型应为${TYPE_ZH[String(p.expected)] ?? ` ${String(p.expected)}`}`, `must be of type ${String(p.expected)}`],
  too_small: (p) =>
    p.origin === 'string'
      ? [`长度不能少于 ${String(p.minimum)} 个字符`, `must have at least ${String(p.minimum)} characters`]
      : [`不能小于 ${String(p.minimum)}`, `must be at least ${String(p.minimum)}`],
  too_big: (p) =>
    p.origin === 'string'
      ? [`长度不能超过 ${String(p.maximum)} 个字符`, `must have at most ${String(p.maximum)} characters`]
      : [`不能大于 ${String(p.maximum)}`, `must be at most ${String(p.maximum)}`],
  unrecognized_keys: (p) => [
    `不允许的字段：${(p.keys as string[] | undefined)?.join('、') ?? ''}`,
    `unknown field(s) not allowed: ${(p.keys as string[] | undefined)?.join(', ') ?? ''}`,
  ],
  invalid_value: (p) => [`取值无效，可选：${(p.values as unknown[] | undefined)?.join('、') ?? ''}`, `invalid value; allowed: ${(p.values as unknown[] | undefined)?.join(', ') ?? ''}`],
  invalid_format: (p) => [`格式不正确（${String(p.format)}）`, `has an invalid format (${String(p.format)})`],
  custom: () => ['取值无效', 'is invalid'],
  // A union (e.g. text or a list) reports one issue per branch: say which types it takes, or, when the value had the
  // right outer type of one branch, what is wrong inside it.
  invalid_union: (p) => {
    type Sub = { code: string; path?: PropertyKey[]; expected?: unknown; message?: string };
    const branches = ((p.errors as Sub[][] | undefined) ?? []).filter((b) => b.length > 0);
    // Only one branch took the value's outer type (e.g. a list, where the other branch wants text): its first problem.
    const inner = branches.filter((b) => b.every((i) => (i.path?.length ?? 0) > 0));
    if (inner.length === 1) {
      const i = inner[0]![0]!;
      const [zh, en] = zodIssueText(i);
      const at = i.path!.map(String);
      const n = Number(at[0]);
      const [whereZh, whereEn] = at.length === 1 && Number.isInteger(n) ? [`第 ${n + 1} 项`, `item ${n + 1}`] : [`${at.join('.')}：`, at.join('.')];
      return [`${whereZh}${zh}`, `${whereEn} ${en}`];
    }
    const tops = branches.map((b) => b[0]!);
    if (tops.length > 0 && tops.every((i) => i.code === 'invalid_type' && !(i.path?.length))) {
      if (tops.every((i) => /received undefined$/.test(i.message ?? ''))) return ['必填', 'is required'];
      const expected = [...new Set(tops.map((i) => String(i.expected)))];
      return [`类型应为${expected.map((e) => TYPE_ZH[e] ?? e).join('或')}`, `must be of type ${expected.join(' or ')}`];
    }
    // A discriminated union whose discriminator has none of its values: which values it takes.
    if (Array.isArray(p.options) && p.options.length > 0) {
      return [`取值无效，可选：${(p.options as unknown[]).join('、')}`, `invalid value; allowed: ${(p.options as unknown[]).join(', ')}`];
    }
    return ['取值无效', 'is invalid'];
  },
};

/**
 * zh-CN and English text of one zod issue, as the route validation reports it (a wrong type is "类型应为…", only a
 * missing value is "必填"). For code that checks with zod outside a route schema (e.g. a pasted audit anchor).
 */
export function zodIssueText(issue: { code: string; message?: string }): [string, string] {
  const { code, message, ...params } = issue as { code: string; message?: string; path?: unknown } & Record<string, unknown>;
  delete params.path;
  const f = zhIssue[code];
  return f ? f(params, message) : ['取值无效', message ?? 'is invalid'];
}

/** Issue kinds that, for a value that is not there at all, mean only "this field is required". */
const MISSING_MEANS_REQUIRED = new Set(['invalid_type', 'invalid_value', 'invalid_union']);

/** The value at a validation path (`/members/0/relation`) inside one request part; undefined when it or a parent is absent. */
function valueAt(data: unknown, instancePath: string): unknown {
  let v = data;
  for (const k of instancePath.split('/').filter(Boolean)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/**
 * `part` is the request part the issue is about (the parsed body, params, …). Zod 4 issues carry no input, and a missing
 * choice (enum, literal, union of literals, discriminator) is reported as an invalid value, not as missing: the value is
 * looked up there so that any missing field says 必填 / "is required", whatever its schema.
 */
function detailFromValidation(v: { keyword: string; instancePath: string; message?: string; params: Record<string, unknown> }, ctx: string, part?: { data: unknown }): ErrorDetail[] {
  const base = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (part && MISSING_MEANS_REQUIRED.has(v.keyword) && valueAt(part.data, v.instancePath) === undefined) {
    return [{ path: [ctx, base].filter(Boolean).join('.'), code: v.keyword, message: '必填', messageEn: 'is required' }];
  }
  if (v.keyword === 'unrecognized_keys') {
    const keys = (v.params.keys as string[] | undefined) ?? [];
    return keys.map((k) => ({
      path: [ctx, base, k].filter(Boolean).join('.'),
      code: 'unknown_field',
      message: `不允许的字段 ${k}`,
      messageEn: `unknown field ${k} is not allowed`,
    }));
  }
  const f = zhIssue[v.keyword];
  const [zh, en] = f ? f(v.params, v.message) : ['取值无效', v.message ?? 'is invalid'];
  // Custom refinements carry their own bilingual message as "zh|en".
  if (v.keyword === 'custom' && v.message && v.message.includes('|')) {
    const [mz, me] = v.message.split('|');
    return [{ path: [ctx, base].filter(Boolean).join('.'), code: String((v.params.params as { code?: unknown } | undefined)?.code ?? v.params.code ?? 'invalid'), message: mz!, messageEn: me! }];
  }
  return [{ path: [ctx, base].filter(Boolean).join('.'), code: v.keyword, message: zh, messageEn: en }];
}

/** The request parts Fastify validates, in its order; it stops at the first that fails. */
const VALIDATED_PARTS = ['params', 'body', 'querystring'] as const;

/**
 * Fastify validates params, then body, then querystring, and reports only the first part that fails: a bad id with an
 * empty body named the id but not the missing fields. So the parts after the failed one are checked here against the
 * route's zod schemas too, and every problem is named at once.
 */
function laterPartDetails(req: FastifyRequest, failed: string): ErrorDetail[] {
  const at = VALIDATED_PARTS.indexOf(failed as (typeof VALIDATED_PARTS)[number]);
  if (at < 0) return [];
  const schema = (req.routeOptions?.schema ?? {}) as Record<string, unknown>;
  const data: Record<(typeof VALIDATED_PARTS)[number], unknown> = { params: req.params, body: req.body, querystring: req.query };
  const out: ErrorDetail[] = [];
  for (const part of VALIDATED_PARTS.slice(at + 1)) {
    const s = schema[part];
    if (!(s instanceof $ZodType)) continue;
    const r = safeParse(s, data[part]);
    if (r.success) continue;
    out.push(...zodIssueDetails(r.error.issues, data[part], part));
  }
  return out;
}

/**
 * The error details of zod issues about `data` — worded exactly as a route schema's failed validation is (必填 for a
 * missing value whatever its schema, the allowed choices, the lengths…), each path prefixed with `ctx` when given. For
 * values checked outside the route schema: a multipart upload's form fields, say.
 */
export function zodIssueDetails(issues: readonly object[], data: unknown, ctx = ''): ErrorDetail[] {
  return issues.flatMap((issue) => {
    const { code, path, message, ...params } = issue as { code: string; path: PropertyKey[]; message: string } & Record<string, unknown>;
    return detailFromValidation({ keyword: code, instancePath: `/${path.map(String).join('/')}`, message, params }, ctx, { data });
  });
}

/**
 * Errors the router raises before a route is found (Fastify's `frameworkErrors`): a path segment that is not valid
 * percent-encoding, or a path parameter longer than the router's limit (100 characters). Without this hook Fastify
 * writes its own body (which repeats the path) straight to the socket, past the error envelope and the security
 * headers; its reply skips the onSend hooks, so the security headers are set here. No route was matched, so access
 * control has not run: the answer says nothing about any record.
 */
export function frameworkErrorReply(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  setSecurityHeaders(req, reply);
  const [status, code, zh, en] = err.code === 'FST_ERR_MAX_PARAM_LENGTH'
    ? [414, 'uri_too_long', '网址中的参数过长', 'A parameter in the URL is too long']
    : [400, 'bad_url', '网址格式不正确（含无效的编码字符）', 'Malformed URL (invalid percent-encoding)'];
  return reply.status(status).send({ error: { code, message: zh, messageEn: en, details: [] }, requestId: req.id });
}

/** Installs the error envelope: `{error:{code,message,messageEn,details}, requestId}`; never a stack trace. */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    const requestId = req.id;
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      return reply.status(err.status).send({
        error: { code: err.code, message: err.messageZh, messageEn: err.messageEn, details: err.details },
        requestId,
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const ctx = (err as { validationContext?: string }).validationContext ?? 'body';
      const partData: Record<string, unknown> = { params: req.params, body: req.body, querystring: req.query, headers: req.headers };
      const part = { data: partData[ctx] };
      const details = [...err.validation.flatMap((v) => detailFromValidation(v as never, ctx, part)), ...laterPartDetails(req, ctx)];
      const summaryZh = details.map((d) => `${d.path}：${d.message}`).join('；');
      const summaryEn = details.map((d) => `${d.path}: ${d.messageEn}`).join('; ');
      return reply.status(400).send({
        error: { code: 'validation_failed', message: `请求参数有误：${summaryZh}`, messageEn: `Invalid request: ${summaryEn}`, details },
        requestId,
      });
    }
    if (err instanceof RedisUnavailableError) {
      // REDIS_URL went down after start: the client warning is logged once per outage (platform/redis-watch.ts).
      reply.header('retry-after', '5');
      return reply.status(503).send({
        error: {
          code: err.code, message: '会话服务暂不可用（无法连接 Redis），请稍后重试；如持续出现请联系系统管理员',
          messageEn: 'Session service unavailable (Redis cannot be reached); try again shortly, and tell the system administrator if it persists', details: [],
        },
        requestId,
      });
    }
    if (err instanceof WalSyncError) {
      // ADR 0042: the write may have been committed but could not be made durable; the client may retry with its key.
      req.log.error({ err: { type: err.name, message: err.message } }, 'storage sync failed');
      return reply.status(503).send({
        error: { code: err.code, message: '存储暂不可用，写入未确认，请稍后用同一请求重试', messageEn: 'Storage unavailable: the write was not acknowledged; retry the same request later', details: [] },
        requestId,
      });
    }
    const fe = err as FastifyError;
    const status = fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
    if (status === 415) {
      return reply.status(415).send({
        error: {
          code: 'unsupported_media_type', message: '不支持的内容类型：请用 application/json 发送；上传文件（如居民导入）请用 multipart/form-data',
          messageEn: 'Unsupported content type: send application/json, or multipart/form-data to upload a file (e.g. a resident import)', details: [],
        },
        requestId,
      });
    }
    if (status === 413) {
      return reply.status(413).send({
        error: { code: 'payload_too_large', message: '上传内容过大', messageEn: 'Payload too large', details: [] },
        requestId,
      });
    }
    if (status < 500) {
      return reply.status(status).send({
        error: { code: fe.code ? fe.code.toLowerCase() : 'bad_request', message: '请求无效', messageEn: 'Bad request', details: [] },
        requestId,
      });
    }
    req.log.error({ err: { type: err.name, message: err.message, stack: err.stack } }, 'unhandled error');
    return reply.status(500).send({
      error: { code: 'internal', message: '服务器内部错误，请稍后重试', messageEn: 'Internal server error', details: [] },
      requestId,
    });
  });
  app.setNotFoundHandler((req, reply) => {
    // Also the answer for a missing file of the web app (http/web-shell.ts): a built asset or a path with an extension
    // is a 404, not the HTML shell, which would make the browser fail on a "module script with MIME type text/html"
    // instead of reporting the missing file.
    return reply.status(404).send({ error: { code: 'not_found', message: '接口不存在', messageEn: 'Not found', details: [] }, requestId: req.id });
  });
}

/** A URL the web app routes on the client (not the API, not a built asset, not a file name with an extension). */
export function isClientRoute(url: string): boolean {
  const p = url.split('?')[0]!.split('#')[0]!;
  if (p.startsWith('/api/') || p === '/api' || p.startsWith('/assets/')) return false;
  const last = p.slice(p.lastIndexOf('/') + 1);
  return !/\.[A-Za-z0-9]{1,16}$/.test(last);
}
