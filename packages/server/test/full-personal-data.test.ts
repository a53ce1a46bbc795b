// The harness's watch on every response (full-personal-data.ts): a full ID or phone number fails the request, except
// on the routes that show one by design; the masked forms, and numbers that are not ID or phone numbers, pass.
import { cnIdCheckChar } from '@renxing/shared';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FullPersonalDataInResponse, fullPersonalData, watchForFullPersonalData } from './full-personal-data';
import { createTestApp, type TestApp } from './harness';

const ID = `33090219800101123${cnIdCheckChar('33090219800101123')}`;
const WRONG_CHECK = `33090219800101123${cnIdCheckChar('33090219800101123') === '0' ? '1' : '0'}`;

describe('full personal data in a response', () => {
  it('finds full ID numbers (valid check character) and mobile numbers, not masked ones or other numbers', () => {
    expect(fullPersonalData(`{"id":"${ID}","phone":"13812345678"}`).map((f) => f.kind)).toEqual(['idNumber', 'phone']);
    expect(fullPersonalData(`{"idMasked":"330902********1233","phoneMasked":"138****5678","ref":"${WRONG_CHECK}"}`)).toEqual([]);
    // A longer run of digits (an export hash, a number with decimals) is not an ID or phone number.
    expect(fullPersonalData(`{"n":"${ID}7","t":1.13812345678,"u":"x13812345678"}`)).toEqual([]);
    // What it reports names the value by its first digits only.
    expect(fullPersonalData(ID)[0]!.text).toBe('an ID number 330902…');
  });

  describe('on an app', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(async () => t?.close());

    it('fails a request whose answer carries one, except the reveal call, a correction request and approved export columns', async () => {
      const app = Fastify();
      app.get('/api/residents/:id', async () => ({ idNumber: ID }));
      app.post('/api/residents/:id/reveal', async () => ({ idNumber: ID }));
      app.get('/api/registry/corrections/:id', async () => ({ proposed: '13912345678' }));
      app.get('/api/exports/:id/file', async (req) => {
        return `姓名,手机号,身份证号\n张*,13912345678,${(req.query as { id?: string }).id ? ID : '330902********1233'}\n`;
      });
      app.get('/api/residents', async () => ({ items: [{ idMasked: '330902********1233' }] }));
      watchForFullPersonalData(app, t.platform.database.db);
      await expect(app.inject({ method: 'GET', url: '/api/residents/r1' })).rejects.toThrow(FullPersonalDataInResponse);
      await expect(app.inject({ method: 'GET', url: '/api/residents/r1' })).rejects.toThrow('GET /api/residents/r1 answered 200 with personal data in full: an ID number 330902…');
      expect((await app.inject({ method: 'POST', url: '/api/residents/r1/reveal' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/registry/corrections/c1' })).statusCode).toBe(200);
      expect((await app.inject('/api/residents')).statusCode).toBe(200);
      // An export whose approval lists the phone column unmasked: its phone numbers pass, an ID number does not.
      await t.platform.database.db.insertInto('exports').values(await exportRow(t, 'e1', ['phone'])).execute();
      expect((await app.inject({ method: 'GET', url: '/api/exports/e1/file' })).statusCode).toBe(200);
      await expect(app.inject({ method: 'GET', url: '/api/exports/e1/file?id=1' })).rejects.toThrow('an ID number 330902…');
      await expect(app.inject({ method: 'GET', url: '/api/exports/unknown/file' })).rejects.toThrow('a phone number 139…');
      await app.close();
    });
  });
});

/** A ready export row (the columns the migration requires), approved with `unmasked` in the clear. */
async function exportRow(t: TestApp, id: string, unmasked: string[]) {
  const admin = await t.platform.database.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  const now = t.clock.now().toISOString();
  return {
    id, kind: 'residents', requester_id: admin.id, requester_role: 'community_admin', org_id: t.orgs.community.id, scope_path: t.orgs.community.path,
    column_list: JSON.stringify(['name', 'phone', 'idNumber']), unmasked: JSON.stringify(unmasked), purpose: 'registry.report', reason: '测试',
    file_format: 'csv', row_count: 1, data_class: 'other', approval_level: 'community', status: 'ready', approved_unmasked: JSON.stringify(unmasked),
    expires_at: now, created_at: now, updated_at: now,
  };
}
