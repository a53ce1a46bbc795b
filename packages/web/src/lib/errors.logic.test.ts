import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { appTranslations } from '../i18n/test-t';
import { errorText } from './errors';
import { sourceFiles, srcRelative, WEB_SRC } from '../source-files.test-util';
import { fieldErrors, fieldPathLabel, fieldStatus, formFieldErrors, isRetryable, sentenceStart, withFieldLabels, withoutGenericLead } from './errors.logic';

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
    expect(fieldErrors(toBeforeFrom, 'en')).toEqual({ to: 'Must not be before from' });
    expect(fieldErrors(unknownUser, 'en')).toEqual({ actorId: 'Actor: no account has the username "nobody"' });
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
  const exempt = new Set(['pages/full-page.tsx', 'pages/route-error.page.tsx']);
  const files = sourceFiles(WEB_SRC, (name) => name.endsWith('.tsx'));
  it('finds the retry buttons', () => {
    // Most pages now show a failed read with ErrorAlert, so few files draw the button; the check must still see the shared one.
    const found = files.filter((f) => fs.readFileSync(f, 'utf8').includes("t('app.retry')")).map(srcRelative);
    expect(found).toContain('lib/error-alert.tsx');
    expect(found.length).toBeGreaterThan(2);
  });
  it.each(files.filter((f) => fs.readFileSync(f, 'utf8').includes("t('app.retry')")).map(srcRelative))(
    '%s',
    (rel) => {
      if (exempt.has(rel)) return;
      expect(fs.readFileSync(path.join(WEB_SRC, rel), 'utf8')).toMatch(/isRetryable\(/);
    },
  );
});

// The 400 banner showed the server's raw field paths (`body.members.0.relation：必填`). They read as the page's field
// labels, else through the shared field names (i18n errors.fields), a list index as a row: 第1行 · 与户主关系.
describe('field paths in an error read as the form names its fields', () => {
  // A request with a list of members (the shape of a household form) refused for two fields, as the server words it.
  const members = new ApiError({
    status: 400,
    code: 'validation_failed',
    messageZh: '请求参数有误：body.members.0.relation：必填；body.note：长度不能超过 500 个字符',
    messageEn: 'Invalid request: body.members.0.relation: is required; body.note: must have at most 500 characters',
    details: [
      { path: 'body.members.0.relation', code: 'invalid_value', message: '必填', messageEn: 'is required' },
      { path: 'body.note', code: 'too_big', message: '长度不能超过 500 个字符', messageEn: 'must have at most 500 characters' },
    ],
  });
  const words = { row: (n: number) => `第${n}行`, item: (n: number) => `第${n}项` };

  it('maps a path through the page labels, by name, by path or exactly; list indexes become rows or items', () => {
    expect(fieldPathLabel('body.members.0.relation', { relation: '与户主关系' }, words)).toBe('第1行 · 与户主关系');
    expect(fieldPathLabel('body.members.2.relation', { members: '家庭成员', 'members.relation': '关系' }, words)).toBe('家庭成员 · 第3行 · 关系');
    expect(fieldPathLabel('body.members.0.relation', { 'members.0.relation': '户主本人的关系' }, words)).toBe('户主本人的关系');
    expect(fieldPathLabel('body.tags.1', { tags: '关爱标签' }, words)).toBe('关爱标签 · 第2项');
    expect(fieldPathLabel('querystring.actorId', { actorId: '操作人' }, words)).toBe('操作人');
    // Nothing known: the name as it is, without the request part; shared names come next after the page's.
    expect(fieldPathLabel('body.noticeVersion', {}, words)).toBe('noticeVersion');
    expect(fieldPathLabel('body.phone', {}, { ...words, lookup: (n) => (n === 'phone' ? '手机号' : undefined) })).toBe('手机号');
    expect(fieldPathLabel('body.phone', { phone: '联系电话' }, { ...words, lookup: () => '手机号' })).toBe('联系电话');
  });

  it('rewrites only the paths in the server message, in both languages, keeping the rest of its text', () => {
    const label = (p: string) => fieldPathLabel(p, { relation: '与户主关系', note: '备注' }, words);
    expect(withFieldLabels(members.messageZh, members, label)).toBe('请求参数有误：第1行 · 与户主关系：必填；备注：长度不能超过 500 个字符');
    const labelEn = (p: string) => fieldPathLabel(p, { relation: 'Relation to head', note: 'Note' }, { row: (n) => `row ${n}`, item: (n) => `item ${n}` });
    expect(withFieldLabels(members.messageEn, members, labelEn)).toBe('Invalid request: row 1 · Relation to head: is required; Note: must have at most 500 characters');
    // A path inside other text, or a message without details, is left alone.
    const inText = new ApiError({ status: 409, code: 'x', messageZh: '见 body.note字段', details: [{ path: 'body.note', code: 'x', message: 'm', messageEn: 'm' }] });
    expect(withFieldLabels(inText.messageZh, inText, label)).toBe('见 body.note字段');
    expect(withFieldLabels('服务器内部错误', new ApiError({ status: 500, code: 'internal' }), label)).toBe('服务器内部错误');
  });

  it('the shared banner text (errorText) uses the page labels, then the shared field names, in the UI language', async () => {
    const { zh, en } = await appTranslations();
    expect(errorText(members, zh, 'zh-CN')).toBe('请求参数有误：第1行 · 与户主关系：必填；备注：长度不能超过 500 个字符');
    expect(errorText(members, en, 'en')).toBe('Invalid request: row 1 · Relation to head: is required; Note: must have at most 500 characters');
    expect(errorText(members, zh, 'zh-CN', { note: '说明' })).toBe('请求参数有误：第1行 · 与户主关系：必填；说明：长度不能超过 500 个字符');
    expect(errorText(members, zh, 'zh-CN')).not.toContain('body.');
  });

  it('a one-field refusal behind the generic lead reads as the field\'s own message; fuller summaries stay', async () => {
    // The second-factor dialog's wrong code (server: errors.field in auth.service.ts).
    const wrongCode = new ApiError({
      status: 400, code: 'validation_failed', messageZh: '请求参数有误：验证码不正确或已使用过', messageEn: 'Invalid request: wrong or already used code',
      details: [{ path: 'code', code: 'mfa_code_invalid', message: '验证码不正确或已使用过', messageEn: 'wrong or already used code' }],
    });
    const { zh, en } = await appTranslations();
    expect(errorText(wrongCode, zh, 'zh-CN')).toBe('验证码不正确或已使用过');
    expect(errorText(wrongCode, en, 'en')).toBe('Wrong or already used code');
    // More than the field's message (a path, several fields) or another code: unchanged.
    expect(withoutGenericLead(toBeforeFrom.messageZh, toBeforeFrom, 'zh-CN')).toBe(toBeforeFrom.messageZh);
    expect(withoutGenericLead(members.messageZh, members, 'zh-CN')).toBe(members.messageZh);
    const conflict = new ApiError({ status: 409, code: 'conflict', messageZh: '冲突：已被修改', details: [{ path: 'version', code: 'x', message: '已被修改', messageEn: 'changed' }] });
    expect(withoutGenericLead('冲突：已被修改', conflict, 'zh-CN')).toBe('冲突：已被修改');
  });

  it('puts each message on the form field of the same path, when the form has that field', () => {
    const registered = [['members', 0, 'name'], ['members', 0, 'relation'], ['reason']];
    expect(formFieldErrors(members, 'zh-CN', registered)).toEqual([{ name: ['members', 0, 'relation'], errors: ['必填'] }]);
    expect(formFieldErrors(members, 'en', registered)).toEqual([{ name: ['members', 0, 'relation'], errors: ['is required'] }]);
    expect(formFieldErrors(members, 'zh-CN', [['note']])).toEqual([{ name: ['note'], errors: ['长度不能超过 500 个字符'] }]);
    expect(formFieldErrors(members, 'zh-CN', [['reason']])).toEqual([]);
    expect(formFieldErrors(new ApiError({ status: 503, code: 'x', details: members.details }), 'zh-CN', registered)).toEqual([]);
  });
});

describe('sentenceStart: an English field message alone under its field', () => {
  it('starts with a capital letter; other starts (Chinese, digits, a capital already) are left as they are', () => {
    expect(sentenceStart('mobile number must have 11 digits; this one has 10')).toBe('Mobile number must have 11 digits; this one has 10');
    expect(sentenceStart('Already capital')).toBe('Already capital');
    expect(sentenceStart('手机号应为11位数字')).toBe('手机号应为11位数字');
    expect(sentenceStart('11 digits')).toBe('11 digits');
    expect(sentenceStart('')).toBe('');
  });
});

describe('every page takes a server message pair through detailText', () => {
  it('no component picks message / messageEn itself (so English ones all start with a capital, and an empty one falls back)', () => {
    // The step-up dialog shows the top-level message of its own 401 answer, a sentence the server starts with a capital.
    const allowed = new Set(['app/step-up-modal.tsx']);
    const own = sourceFiles(WEB_SRC, (n) => n.endsWith('.tsx'))
      .filter((f) => !allowed.has(srcRelative(f)) && /\.messageEn\b/.test(fs.readFileSync(f, 'utf8')))
      .map(srcRelative);
    expect(own).toEqual([]);
  });
});
