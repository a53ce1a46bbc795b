// Bad input is named precisely (zh-CN and English): a value of the wrong type where a union takes text or a list says
// which types it takes, and a request that is wrong in several parts (params and body) names every part — Fastify
// itself stops at the first part that fails (http/errors.ts laterPartDetails).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../test/harness';

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
      ['params.id', '长度不能超过 64 个字符'], ['body.method', '取值无效，可选：written、oral_witnessed'],
    ]);
    // A good body leaves only the id.
    const only = await as(t, admin).post(`/api/residents/${'x'.repeat(65)}/consent`, { method: 'written' });
    expect((only.json().error.details as Detail[]).map((x) => x.path)).toEqual(['params.id']);
  });
});
