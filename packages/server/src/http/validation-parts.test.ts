// Bad input is named precisely (zh-CN and English): a value of the wrong type where a union takes text or a list says
// which types it takes, and a request that is wrong in several parts (params and body) names every part — Fastify
// itself stops at the first part that fails (http/errors.ts laterPartDetails).
import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { as, createTestApp, type Session, type TestApp } from '../../test/harness';
import { installErrorHandler } from './errors';

type Detail = { path: string; code: string; message: string; messageEn: string };

describe('validation errors name what is wrong, in every part of the request', () => {
  let t: TestApp;
  let resident: Session;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    resident = await t.login('resident');
    admin = await t.login('admin');
  });
  afterAll(async () => t.close());

  it('a correction whose proposed value is neither text nor a list: "类型应为文本或列表" / "must be of type string or array"', async () => {
    const r = await as(t, resident).post('/api/me/corrections', { field: 'phone', proposed: 13812345678 });
    expect(r.statusCode).toBe(400);
    const e = r.json().error;
    expect(e.details).toEqual([{ path: 'body.proposed', code: 'invalid_union', message: '类型应为文本或列表', messageEn: 'must be of type string or array' }]);
    expect(e.message).toContain('body.proposed：类型应为文本或列表');
    expect(e.messageEn).toContain('body.proposed: must be of type string or array');

    const missing = (await as(t, resident).post('/api/me/corrections', { field: 'phone' })).json().error.details as Detail[];
    expect(missing).toEqual([expect.objectContaining({ path: 'body.proposed', message: '必填', messageEn: 'is required' })]);
    // A list with a number in it: which item, and what it should be.
    const item = (await as(t, resident).post('/api/me/corrections', { field: 'tags', proposed: ['chronic', 7] })).json().error.details as Detail[];
    expect(item).toEqual([expect.objectContaining({ path: 'body.proposed', message: '第 2 项类型应为文本', messageEn: 'item 2 must be of type string' })]);
  });

  it('a malformed ward id with an empty body names params.id and body.noticeVersion together', async () => {
    const r = await as(t, resident).post('/api/me/wards/abc/consent', {});
    expect(r.statusCode).toBe(400);
    const d = r.json().error.details as Detail[];
    expect(d.map((x) => x.path)).toEqual(['params.id', 'body.noticeVersion']);
    expect(d[0]).toMatchObject({ message: expect.stringContaining('格式不正确'), messageEn: expect.stringContaining('invalid format') });
    expect(d[1]).toMatchObject({ message: '必填', messageEn: 'is required' });
    expect(r.json().error.message).toContain('params.id');
    expect(r.json().error.messageEn).toContain('body.noticeVersion');
    const withdraw = await as(t, resident).post('/api/me/wards/abc/consent/withdraw', { extra: 1 });
    expect((withdraw.json().error.details as Detail[]).map((x) => x.path)).toEqual(['params.id', 'body.extra']);
  });

  it('any route: an over-long id and a body without its required field are both named (params first, then body)', async () => {
    const r = await as(t, admin).post(`/api/residents/${'x'.repeat(65)}/consent`, {});
    expect(r.statusCode).toBe(400);
    expect((r.json().error.details as Detail[]).map((x) => [x.path, x.message])).toEqual([
      ['params.id', '长度不能超过 64 个字符'], ['body.method', '必填'],
    ]);
    // A good body leaves only the id.
    const only = await as(t, admin).post(`/api/residents/${'x'.repeat(65)}/consent`, { method: 'written' });
    expect((only.json().error.details as Detail[]).map((x) => x.path)).toEqual(['params.id']);
  });
  it('registering a resident without a relation or residence type: both 必填, not 取值无效', async () => {
    const r = await as(t, admin).post('/api/residents', { householdId: 'h1', name: '张三', idNumber: '330902199001011234' });
    expect(r.statusCode).toBe(400);
    expect((r.json().error.details as Detail[]).map((x) => [x.path, x.message, x.messageEn])).toEqual([
      ['body.relation', '必填', 'is required'], ['body.residenceType', '必填', 'is required'],
    ]);
    const wrong = await as(t, admin).post('/api/residents', { householdId: 'h1', name: '张三', idNumber: '330902199001011234', relation: 'x', residenceType: 'x' });
    expect((wrong.json().error.details as Detail[]).map((x) => x.message)).toEqual([expect.stringMatching(/^取值无效，可选：/), expect.stringMatching(/^取值无效，可选：/)]);
  });
});

// Zod 4 reports a missing enum, literal or union of literals as an invalid value ("取值无效，可选：…"): a user who left
// a choice empty was told the value was wrong. Any missing field says 必填 / "is required", whatever its schema.
describe('a missing field is "required" for every kind of schema', () => {
  let app: FastifyInstance;
  const body = z.object({
    kind: z.enum(['a', 'b']),
    fixed: z.literal('x'),
    either: z.union([z.literal('p'), z.literal('q')]),
    text: z.union([z.string(), z.array(z.string())]),
    inner: z.object({ a: z.string() }),
    shape: z.discriminatedUnion('type', [z.object({ type: z.literal('circle'), r: z.number() }), z.object({ type: z.literal('dot') })]),
    members: z.array(z.object({ name: z.string(), relation: z.enum(['head', 'spouse']) })),
  });
  const full = { kind: 'a', fixed: 'x', either: 'p', text: 't', inner: { a: 's' }, shape: { type: 'dot' }, members: [{ name: 'n', relation: 'head' }] };

  beforeAll(async () => {
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    installErrorHandler(app);
    app.post('/t/:id', { schema: { params: z.object({ id: z.string().max(3) }), body, querystring: z.object({ mode: z.enum(['m', 'n']) }) } }, async () => ({ ok: true }));
    await app.ready();
  });
  afterAll(async () => app.close());

  const post = async (payload: unknown, url = '/t/1?mode=m') => {
    const r = await app.inject({ method: 'POST', url, payload: payload as object });
    return { status: r.statusCode, error: r.json().error as { message: string; messageEn: string; details: Detail[] } };
  };

  it('enum, literal, union, object, discriminated union and a nested list item: each missing one is 必填 at its own path', async () => {
    const r = await post({ shape: {}, members: [{ name: 'n' }] });
    expect(r.status).toBe(400);
    expect(r.error.details.map((d) => [d.path, d.message, d.messageEn])).toEqual([
      ['body.kind', '必填', 'is required'],
      ['body.fixed', '必填', 'is required'],
      ['body.either', '必填', 'is required'],
      ['body.text', '必填', 'is required'],
      ['body.inner', '必填', 'is required'],
      ['body.shape.type', '必填', 'is required'],
      ['body.members.0.relation', '必填', 'is required'],
    ]);
    expect(r.error.message).toContain('body.members.0.relation：必填');
    expect(r.error.messageEn).toContain('body.members.0.relation: is required');
    expect(r.error.message).not.toContain('取值无效');
  });

  it('a value that is there but wrong still says what is allowed (null is a value, not a missing field)', async () => {
    const r = await post({ ...full, kind: 'z', fixed: null, either: 'r', shape: { type: 'square' }, members: [{ name: 'n', relation: 'cousin' }] });
    expect(r.error.details.map((d) => [d.path, d.message, d.messageEn])).toEqual([
      ['body.kind', '取值无效，可选：a、b', 'invalid value; allowed: a, b'],
      ['body.fixed', '取值无效，可选：x', 'invalid value; allowed: x'],
      ['body.either', '取值无效', 'is invalid'],
      ['body.shape.type', '取值无效，可选：circle、dot', 'invalid value; allowed: circle, dot'],
      ['body.members.0.relation', '取值无效，可选：head、spouse', 'invalid value; allowed: head, spouse'],
    ]);
    expect((await post(full)).status).toBe(200);
  });

  it('a missing choice in a later part (querystring after a bad id) is required too, and a bad one is not', async () => {
    const missing = await post(full, '/t/abcd');
    expect(missing.error.details.map((d) => [d.path, d.message])).toEqual([['params.id', '长度不能超过 3 个字符'], ['querystring.mode', '必填']]);
    const wrong = await post(full, '/t/abcd?mode=z');
    expect(wrong.error.details.map((d) => [d.path, d.message])).toEqual([['params.id', '长度不能超过 3 个字符'], ['querystring.mode', '取值无效，可选：m、n']]);
    const first = await post(full, '/t/1');
    expect(first.error.details.map((d) => [d.path, d.message, d.messageEn])).toEqual([['querystring.mode', '必填', 'is required']]);
  });
});
