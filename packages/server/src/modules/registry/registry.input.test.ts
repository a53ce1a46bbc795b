import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';

type Fx = Awaited<ReturnType<typeof seedScopedFixture>>;

/** Bad input typed or sent to the registry API: a 4xx naming the field in zh-CN and English, and nothing stored. */
describe('registry input checks', () => {
  let t: TestApp;
  let fx: Fx;
  let w1: Session;
  beforeAll(async () => {
    t = await createTestApp();
    fx = await seedScopedFixture(t);
    w1 = await t.login('grid1');
  });
  afterAll(async () => t.close());

  const stored = async (idNumber: string) => {
    const r = await as(t, w1).post('/api/residents/lookup', { idNumber });
    return r.json().found as { id: string } | null;
  };
  const base = (idNumber: string) => ({ householdId: fx.h1.id, idNumber, relation: 'other', residenceType: 'registered' });

  it('a name with a digit, an invisible control character or an emoji is refused on body.name; nothing is stored', async () => {
    const cases: Array<[string, string]> = [
      ['王小明123', 'must not contain digits'], ['王\u0007明', 'contains control characters'], ['测试😀', 'must not contain emoji'],
    ];
    for (const [i, [name, en]] of cases.entries()) {
      const idNumber = makeCnId('330902', '1985-05-05', 100 + i);
      const r = await as(t, w1).post('/api/residents', { ...base(idNumber), name });
      expect(r.statusCode, name).toBe(400);
      const detail = r.json().error.details[0];
      expect(detail.path).toBe('body.name');
      expect(detail.message).toMatch(/^姓名/);
      expect(detail.messageEn).toContain(en);
      expect(await stored(idNumber)).toBeNull();
    }
  });

  it('a name is stored NFKC-normalised with single spaces (a foreign name keeps its space)', async () => {
    const idNumber = makeCnId('330902', '1985-05-05', 200);
    const r = await as(t, w1).post('/api/residents', { ...base(idNumber), name: ' Ｊｏｈｎ   Ｓｍｉｔｈ ' });
    expect(r.statusCode).toBe(201);
    const p = await as(t, w1).get(`/api/residents/${r.json().id}`);
    expect(p.json().name).toBe('John Smith');
  });

  it('an ID number typed into the external reference (编号) is refused on create and update; the record is unchanged', async () => {
    const idNumber = makeCnId('330902', '1985-05-05', 300);
    const other = makeCnId('330902', '1986-06-06', 301);
    const c = await as(t, w1).post('/api/residents', { ...base(idNumber), name: '钱编号', externalRef: other });
    expect(c.statusCode).toBe(400);
    expect(c.json().error.details[0]).toMatchObject({ path: 'externalRef', code: 'id_number_not_allowed' });
    expect(c.json().error.details[0].messageEn).toContain('external reference');
    expect(c.body).not.toContain(other);
    expect(await stored(idNumber)).toBeNull();

    const ok = await as(t, w1).post('/api/residents', { ...base(idNumber), name: '钱编号', externalRef: ' A-17 ' });
    expect(ok.statusCode).toBe(201);
    const id = ok.json().id as string;
    expect((await as(t, w1).get(`/api/residents/${id}`)).json().externalRef).toBe('A-17');
    const u = await as(t, w1).post(`/api/residents/${id}/update`, { version: 1, externalRef: `编号${other}`, phone: '13812340000' });
    expect(u.statusCode).toBe(400);
    expect(u.json().error.details[0].path).toBe('externalRef');
    const after = (await as(t, w1).get(`/api/residents/${id}`)).json();
    expect(after).toMatchObject({ externalRef: 'A-17', version: 1, phoneMasked: null });
    // An emptied field is cleared, not stored as an empty string.
    const cleared = await as(t, w1).post(`/api/residents/${id}/update`, { version: 1, externalRef: '  ' });
    expect(cleared.statusCode).toBe(200);
    expect((await as(t, w1).get(`/api/residents/${id}`)).json().externalRef).toBeNull();

    // An emoji or markup in it is refused, naming the field in both languages; the record keeps what it had.
    for (const [bad, zh, en] of [['A-17🙂', '表情符号', 'emoji'], ['<i>A-17</i>', '尖括号', 'angle brackets']] as const) {
      const r = await as(t, w1).post(`/api/residents/${id}/update`, { version: 2, externalRef: bad });
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().error.details[0]).toMatchObject({ path: 'externalRef', message: expect.stringContaining(zh), messageEn: expect.stringContaining(en) });
    }
    expect((await as(t, w1).get(`/api/residents/${id}`)).json()).toMatchObject({ externalRef: null, version: 2 });
  });

  it('孕妇 on a man or a girl of 8 is refused on tags (zh-CN and English) on create and update; a woman of 30 keeps it', async () => {
    const consent = { method: 'written' };
    const man = makeCnId('330902', '1990-04-04', 411); // odd: male
    const c = await as(t, w1).post('/api/residents', { ...base(man), name: '孙丈夫', tags: ['pregnant'], consent });
    expect(c.statusCode).toBe(400);
    expect(c.json().error.details[0]).toMatchObject({ path: 'tags', code: 'pregnant_misfit' });
    expect(c.json().error.details[0].message).toContain('女性');
    expect(c.json().error.details[0].messageEn).toContain('women aged 12–59');
    expect(await stored(man)).toBeNull();

    const woman = makeCnId('330902', '1996-04-04', 412);
    const ok = await as(t, w1).post('/api/residents', { ...base(woman), name: '孙妻子', tags: ['pregnant'], consent });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().tags).toEqual(['pregnant']);

    const made = await as(t, w1).post('/api/residents', { ...base(man), name: '孙丈夫', tags: ['chronic'], consent });
    expect(made.statusCode, made.body).toBe(201);
    const u = await as(t, w1).post(`/api/residents/${made.json().id}/update`, { version: 1, tags: ['chronic', 'pregnant'], phone: '13812340001' });
    expect(u.statusCode).toBe(400);
    expect(u.json().error.details[0]).toMatchObject({ path: 'tags', code: 'pregnant_misfit' });
    expect((await as(t, w1).get(`/api/residents/${made.json().id}`)).json()).toMatchObject({ version: 1, tags: ['chronic'], phoneMasked: null });

    const girl = makeCnId('330902', `${new Date().getFullYear() - 8}-01-01`, 414);
    const g = await as(t, w1).post('/api/residents', { ...base(girl), name: '孙小妹', guardianId: made.json().id, tags: ['pregnant'], consent });
    expect(g.statusCode).toBe(400);
    expect(g.json().error.details[0]).toMatchObject({ path: 'tags', code: 'pregnant_misfit' });
  });

  it('an ID number typed into a reason (reveal, move, export request) is refused before anything is written or audited', async () => {
    const typed = makeCnId('330902', '1979-09-09', 401);
    const reason = `核对 ${typed} 的号码`;
    const noId = (r: { statusCode: number; json: () => { error: { details: Array<{ path: string; code: string; message: string; messageEn: string }> } } }, path: string) => {
      expect(r.statusCode).toBe(400);
      expect(r.json().error.details[0]).toMatchObject({ path, code: 'id_number_not_allowed' });
      expect(r.json().error.details[0].message).toContain('请勿填写身份证号');
      expect(r.json().error.details[0].messageEn).toContain('do not type an ID number');
    };
    noId(await as(t, w1).post(`/api/residents/${fx.R1.id}/reveal`, { field: 'phone', reason }), 'body.reason');
    const before = (await as(t, w1).get(`/api/residents/${fx.R1.id}`)).json();
    noId(await as(t, w1).post(`/api/residents/${fx.R1.id}/move`, { version: before.version, toHouseholdId: fx.h1.id, reason }), 'body.reason');
    expect((await as(t, w1).get(`/api/residents/${fx.R1.id}`)).json()).toMatchObject({ version: before.version, householdId: before.householdId });
    const admin = await t.login('admin');
    noId(await as(t, admin).post('/api/exports', { kind: 'residents', columns: ['name'], purpose: 'registry.report', reason, format: 'csv' }), 'body.reason');
    const leaked = await t.platform.database.db.selectFrom('audit_log').select('id').where('reason', 'like', `%${typed}%`).execute();
    expect(leaked).toEqual([]);
    // A reason without an ID number works as before.
    expect((await as(t, w1).post(`/api/residents/${fx.R1.id}/reveal`, { field: 'phone', reason: '核对号码' })).statusCode).toBe(200);
  });

  it('a value of the wrong type is reported as such, not as missing', async () => {
    const q = await as(t, w1).post('/api/residents/search', { q: 123 });
    expect(q.statusCode).toBe(400);
    expect(q.json().error.details[0]).toMatchObject({ path: 'body.q', code: 'invalid_type', message: '类型应为文本', messageEn: 'must be of type string' });
    const v = await as(t, w1).post(`/api/residents/${fx.R1.id}/update`, { version: '1', phone: '13812340001' });
    expect(v.json().error.details[0]).toMatchObject({ path: 'body.version', message: '类型应为数字', messageEn: 'must be of type number' });
    const p = await as(t, w1).get('/api/residents?pageSize=abc');
    expect(p.json().error.details[0]).toMatchObject({ path: 'querystring.pageSize', messageEn: 'must be of type number' });
    const missing = await as(t, w1).post('/api/residents/search', {});
    expect(missing.json().error.details[0]).toMatchObject({ path: 'body.q', message: '必填', messageEn: 'is required' });
  });
});
