import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { fieldErrors, fieldStatus, isRetryable } from './errors.logic';

// The audit viewer's answer to `to` before `from` (server: modules/audit/audit.routes.ts).
const toBeforeFrom = new ApiError({
  status: 400,
  code: 'validation_failed',
  messageZh: '请求参数有误：to 结束时间不能早于开始时间',
  messageEn: 'Invalid request: to must not be before from',
  details: [{ path: 'querystring.to', code: 'before_from', message: '结束时间不能早于开始时间', messageEn: 'must not be before from' }],
});
const unknownUser = new ApiError({
  status: 400,
  code: 'validation_failed',
  details: [{ path: 'querystring.actorId', code: 'unknown_username', message: '操作人：没有用户名为「nobody」的账号', messageEn: 'actor: no account has the username "nobody"' }],
});

describe('which failed requests get a retry button', () => {
  it('bad input and other refusals answer the same every time: no retry', () => {
    expect(isRetryable(toBeforeFrom)).toBe(false);
    expect(isRetryable(unknownUser)).toBe(false);
    for (const status of [403, 404, 409, 410, 422]) expect(isRetryable(new ApiError({ status, code: 'x' }))).toBe(false);
  });
  it('network and server failures, time-outs and "wait" answers keep the retry; so does a crash in the page', () => {
    expect(isRetryable(new ApiError({ status: 0, code: 'network_error' }))).toBe(true);
    for (const status of [500, 502, 503, 408, 429]) expect(isRetryable(new ApiError({ status, code: 'x' }))).toBe(true);
    expect(isRetryable(new Error('boom'))).toBe(true);
  });
});

describe('the field errors of a refused request', () => {
  it('are keyed by the field name, in the UI language', () => {
    expect(fieldErrors(toBeforeFrom, 'zh-CN')).toEqual({ to: '结束时间不能早于开始时间' });
    expect(fieldErrors(toBeforeFrom, 'en')).toEqual({ to: 'must not be before from' });
    expect(fieldErrors(unknownUser, 'en')).toEqual({ actorId: 'actor: no account has the username "nobody"' });
    expect(fieldStatus(fieldErrors(unknownUser, 'zh-CN'), 'actorId')).toEqual({ validateStatus: 'error', help: '操作人：没有用户名为「nobody」的账号' });
    expect(fieldStatus(fieldErrors(unknownUser, 'zh-CN'), 'to')).toEqual({});
  });
  it('are empty for a server or network failure', () => {
    expect(fieldErrors(new ApiError({ status: 503, code: 'audit_unavailable' }), 'en')).toEqual({});
    expect(fieldErrors(new Error('x'), 'en')).toEqual({});
  });
});

describe('every retry button in the app asks isRetryable first', () => {
  // The shared ErrorAlert and every page that draws its own retry button: a retry offered on bad input cannot help.
  // The start-up page (full-page.tsx: the app could not load at all) and the crash page (route-error.page.tsx) are not
  // answers to a request the user made, so they always offer it.
  const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const exempt = new Set(['pages/full-page.tsx', 'pages/route-error.page.tsx']);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.tsx')) files.push(p);
    }
  };
  walk(src);
  it('finds the retry buttons', () => {
    expect(files.filter((f) => fs.readFileSync(f, 'utf8').includes("t('app.retry')")).length).toBeGreaterThan(5);
  });
  it.each(files.filter((f) => fs.readFileSync(f, 'utf8').includes("t('app.retry')")).map((f) => path.relative(src, f).split(path.sep).join('/')))(
    '%s',
    (rel) => {
      if (exempt.has(rel)) return;
      expect(fs.readFileSync(path.join(src, rel), 'utf8')).toMatch(/isRetryable\(/);
    },
  );
});
