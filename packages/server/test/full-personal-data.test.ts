// The harness's watch on every response (full-personal-data.ts): a full ID or phone number fails the request, except
// on the routes that show one by design; the masked forms, and numbers that are not ID or phone numbers, pass.
import crypto from 'node:crypto';
import { cnIdCheckChar } from '@renxing/shared';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FullPersonalDataInResponse, UnauditedPersonalData, fullPersonalData, maskedPersonalData, watchPersonalData } from './full-personal-data';
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
    expect(['"张*"', '"欧***"', '"阿*******"', '330902********1233', '138****5678'].map(maskedPersonalData)).toEqual([true, true, true, true, true]);
    expect(['"第一网格"', '"*"', '"张三"', '3309021980', '138****'].map(maskedPersonalData)).toEqual([false, false, false, false, false]);
  });

  describe('on an app', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(async () => t?.close());

    it('fails a request whose answer carries a full value, except the reveal call, a correction request and approved export columns', async () => {
      const app = fakeApp();
      app.get('/api/residents/:id', async (req, reply) => audited(t, req, reply, { idNumber: ID }));
      app.post('/api/residents/:id/reveal', async (req, reply) => audited(t, req, reply, { idNumber: ID }));
      app.get('/api/registry/corrections/:id', async (req, reply) => audited(t, req, reply, { proposed: '13912345678' }));
      app.get('/api/exports/:id/file', async (req, reply) => {
        reply.type('text/csv');
        return audited(t, req, reply, `姓名,手机号,身份证号\n张*,13912345678,${(req.query as { id?: string }).id ? ID : '330902********1233'}\n`);
      });
      watchPersonalData(app, t.platform.database.db);
      await expect(app.inject({ method: 'GET', url: '/api/residents/r1' })).rejects.toThrow(FullPersonalDataInResponse);
      await expect(app.inject({ method: 'GET', url: '/api/residents/r1' })).rejects.toThrow('GET /api/residents/r1 answered 200 with personal data in full: an ID number 330902…');
      expect((await app.inject({ method: 'POST', url: '/api/residents/r1/reveal' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/registry/corrections/c1' })).statusCode).toBe(200);
      // An export whose approval lists the phone column unmasked: its phone numbers pass, an ID number does not.
      await t.platform.database.db.insertInto('exports').values(await exportRow(t, 'e1', ['phone'])).execute();
      expect((await app.inject({ method: 'GET', url: '/api/exports/e1/file' })).statusCode).toBe(200);
      await expect(app.inject({ method: 'GET', url: '/api/exports/e1/file?id=1' })).rejects.toThrow('an ID number 330902…');
      await expect(app.inject({ method: 'GET', url: '/api/exports/unknown/file' })).rejects.toThrow('a phone number 139…');
      await app.close();
    });

    it('fails a successful answer with masked personal data and no audit row of its request', async () => {
      const app = fakeApp();
      const page = { items: [{ nameMasked: '张*', idMasked: '330902********1233', phoneMasked: '138****5678' }] };
      app.get('/api/audited', async (req, reply) => audited(t, req, reply, page));
      app.get('/api/unaudited', async () => page);
      app.get('/api/unaudited-name', async () => ({ items: [{ nameMasked: '欧***' }] }));
      app.get('/api/refused', async (_req, reply) => reply.code(403).send(page));
      app.get('/api/nothing-personal', async () => ({ items: [{ name: '第一网格', count: 12 }] }));
      watchPersonalData(app, t.platform.database.db);
      expect((await app.inject('/api/audited')).statusCode).toBe(200);
      await expect(app.inject('/api/unaudited')).rejects.toThrow(UnauditedPersonalData);
      await expect(app.inject('/api/unaudited')).rejects.toThrow('GET /api/unaudited answered 200 with masked personal data and wrote no audit row');
      await expect(app.inject('/api/unaudited-name')).rejects.toThrow(UnauditedPersonalData);
      // Only successful answers: a refusal shows nothing that was read.
      expect((await app.inject('/api/refused')).statusCode).toBe(403);
      expect((await app.inject('/api/nothing-personal')).statusCode).toBe(200);
      await app.close();
    });
  });
});

/** A bare Fastify app that sets x-request-id like the real one (the watch looks audit rows up by it). */
function fakeApp() {
  // Ids unique across apps (Fastify's default, req-1, req-2 …, starts again in every app and would find another's rows).
  const app = Fastify({ genReqId: () => crypto.randomUUID() });
  app.addHook('onRequest', async (req, reply) => void reply.header('x-request-id', req.id));
  return app;
}

/** Answers `body` after an audit row of this request (as the real routes do when they show personal data). */
async function audited<T>(t: TestApp, req: FastifyRequest, _reply: FastifyReply, body: T): Promise<T> {
  await t.services.audit.record(
    { actorId: null, actorRole: 'system', actorOrg: null, sessionId: null, ip: null, userAgentHash: null, requestId: req.id },
    { action: 'read', objectType: 'resident', outcome: 'success' },
  );
  return body;
}

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
