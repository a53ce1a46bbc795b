// The harness's watch on every response (watch-personal-data.ts): a full ID or phone number fails the request, except
// on the routes that show one by design; masked personal data fails it when the request wrote no audit row; the masked
// forms, and numbers that are not ID or phone numbers, pass. XLSX and zip answers are unpacked and held to the same
// rules; one the watch cannot unpack fails.
import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import { cnIdCheckChar } from '@renxing/shared';
import ExcelJS from 'exceljs';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTemplateXlsx } from '../src/modules/registry/import/template';
import {
  FullPersonalDataInResponse, MAX_ARCHIVE_BYTES, UncheckableAnswer, UnauditedPersonalData, answerParts, fullPersonalData, maskedPersonalData, watchPersonalData,
} from './watch-personal-data';
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
    // In XML (a sheet's cell) a masked name is the whole text of an element; a star inside running text is not one.
    expect(['<t>张*</t>', '<t xml:space="preserve">欧***</t>'].map(maskedPersonalData)).toEqual([true, true]);
    expect(['<t>张*号楼</t>', '<t>备注：张*</t>', '<t>*</t>'].map(maskedPersonalData)).toEqual([false, false, false]);
  });

  it('reads the text entries of an archive, nested archives, escaped digits and values split over rich-text runs', async () => {
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    // A digit written as a character reference, and an ID number split over two runs of one shared string.
    const sheet = `<sst><si><t>&#x33;3090219800101123${ID[17]}</t></si><si><r><t>3309021980</t></r><r><t>0101123${ID[17]}</t></r></si></sst>`;
    const parts = await answerParts(XLSX, zip({ 'xl/sharedStrings.xml': sheet, 'xl/media/image1.png': ID }));
    expect(parts.map((p) => p.where)).toEqual(['xl/sharedStrings.xml']);
    expect(fullPersonalData(parts[0]!.text).map((f) => f.kind)).toEqual(['idNumber', 'idNumber']);
    // Markup characters stay escaped: `&#60;` does not close an element.
    expect((await answerParts(XLSX, zip({ 'a.xml': '<t>&#60;张*&#62;</t>' })))[0]!.text).toBe('<t>&#60;张*&#62;</t>');
    // A zip is known by its first bytes whatever its type says, and the archives inside it are read too.
    const nested = zip({ 'report/inner.xlsx': zip({ 'xl/sharedStrings.xml': `<si><t>${ID}</t></si>` }), 'readme.txt': 'x', 'photo.jpg': ID });
    expect((await answerParts('application/octet-stream', nested)).map((p) => p.where)).toEqual(['report/inner.xlsx!xl/sharedStrings.xml', 'readme.txt']);
    // Text answers as they are; other answers (an image, an empty body) have nothing to read.
    expect(await answerParts('application/json', Buffer.from('{}'))).toEqual([{ where: null, text: '{}' }]);
    expect(await answerParts('image/png', Buffer.from(ID))).toEqual([]);
    expect(await answerParts(XLSX, Buffer.alloc(0))).toEqual([]);
    // Too deep, damaged: refused with where it happened.
    let deep = zip({ 'a.json': '{}' });
    for (let i = 0; i < 3; i++) deep = zip({ [`level${i}.zip`]: deep });
    await expect(answerParts('application/zip', deep)).rejects.toThrow('level2.zip!level1.zip!level0.zip: archives nested more than 3 deep');
    await expect(answerParts(XLSX, Buffer.from('not a zip'))).rejects.toThrow('the archive: not a readable zip');
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

    describe('XLSX and zip answers', () => {
      const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

      it('fails an XLSX answer with a full ID or phone number in a shared string, an inline string or a number cell', async () => {
        const app = fakeApp();
        app.get('/api/sheet/shared', async (req, reply) => audited(t, req, reply.type(XLSX), await sheet([['姓名', '身份证号'], ['张*', ID]])));
        app.get('/api/sheet/inline', async (req, reply) => audited(t, req, reply.type(XLSX), await sheet([['张*', ID]], 'inline')));
        app.get('/api/sheet/number', async (req, reply) => audited(t, req, reply.type(XLSX), await sheet([['张*', 13812345678]])));
        app.get('/api/sheet/masked', async (req, reply) => audited(t, req, reply.type(XLSX), await sheet([['张*', '330902********1233', '138****5678']])));
        watchPersonalData(app, t.platform.database.db);
        await expect(app.inject('/api/sheet/shared')).rejects.toThrow(FullPersonalDataInResponse);
        await expect(app.inject('/api/sheet/shared')).rejects.toThrow('GET /api/sheet/shared answered 200 with personal data in full: an ID number 330902… (in xl/sharedStrings.xml)');
        await expect(app.inject('/api/sheet/inline')).rejects.toThrow('an ID number 330902… (in xl/worksheets/sheet1.xml)');
        await expect(app.inject('/api/sheet/number')).rejects.toThrow('a phone number 138… (in xl/worksheets/sheet1.xml)');
        expect((await app.inject('/api/sheet/masked')).statusCode).toBe(200);
        await app.close();
      });

      it('fails an XLSX answer with masked personal data and no audit row of its request', async () => {
        const app = fakeApp();
        app.get('/api/sheet/ids', async (_req, reply) => reply.type(XLSX).send(await sheet([['330902********1233', '138****5678']])));
        app.get('/api/sheet/names', async (_req, reply) => reply.type(XLSX).send(await sheet([['欧***'], ['第一网格']], 'inline')));
        app.get('/api/sheet/none', async (_req, reply) => reply.type(XLSX).send(await sheet([['第一网格', 12]])));
        watchPersonalData(app, t.platform.database.db);
        await expect(app.inject('/api/sheet/ids')).rejects.toThrow(UnauditedPersonalData);
        await expect(app.inject('/api/sheet/ids')).rejects.toThrow('GET /api/sheet/ids answered 200 with masked personal data (in xl/sharedStrings.xml) and wrote no audit row');
        await expect(app.inject('/api/sheet/names')).rejects.toThrow('with masked personal data (in xl/worksheets/sheet1.xml) and wrote no audit row');
        expect((await app.inject('/api/sheet/none')).statusCode).toBe(200);
        await app.close();
      });

      it('fails a zip answer with a full value in a JSON entry or in a sheet inside it, whatever its type says', async () => {
        const app = fakeApp();
        const people = zip({ 'manifest.txt': 'renxing', 'data/people.json': JSON.stringify([{ name: '张*', phone: '13912345678' }]) });
        app.get('/api/pack.zip', async (req, reply) => audited(t, req, reply.type('application/zip'), people));
        app.get('/api/pack.bin', async (req, reply) => audited(t, req, reply.type('application/octet-stream'), people));
        app.get('/api/pack-nested.zip', async (req, reply) => audited(t, req, reply.type('application/zip'), zip({ 'sheets/list.xlsx': await sheet([[ID]]) })));
        watchPersonalData(app, t.platform.database.db);
        await expect(app.inject('/api/pack.zip')).rejects.toThrow('GET /api/pack.zip answered 200 with personal data in full: a phone number 139… (in data/people.json)');
        await expect(app.inject('/api/pack.bin')).rejects.toThrow(FullPersonalDataInResponse);
        await expect(app.inject('/api/pack-nested.zip')).rejects.toThrow('an ID number 330902… (in sheets/list.xlsx!xl/sharedStrings.xml)');
        await app.close();
      });

      it('lets an XLSX export file through with the columns approved unmasked, and no other', async () => {
        const app = fakeApp();
        app.get('/api/exports/:id/file', async (req, reply) => {
          const phone = (req.query as { phone?: string }).phone ? '13912345678' : '139****5678';
          return audited(t, req, reply.type(XLSX), await sheet([['姓名', '手机号', '身份证号'], ['张*', phone, ID]]));
        });
        watchPersonalData(app, t.platform.database.db);
        await t.platform.database.db.insertInto('exports').values({ ...(await exportRow(t, 'x1', ['idNumber'])), file_format: 'xlsx' }).execute();
        expect((await app.inject({ method: 'GET', url: '/api/exports/x1/file' })).statusCode).toBe(200);
        await expect(app.inject({ method: 'GET', url: '/api/exports/x1/file?phone=1' })).rejects.toThrow('a phone number 139… (in xl/sharedStrings.xml)');
        await app.close();
      });

      it("lets the import template's own example row through, and no other value", async () => {
        const app = fakeApp();
        app.get('/api/registry/import-template', async (req, reply) => {
          const out = new PassThrough();
          const chunks: Buffer[] = [];
          out.on('data', (c: Buffer) => chunks.push(c));
          await writeTemplateXlsx(out);
          out.end();
          const template = Buffer.concat(chunks);
          // ?extra=1: the same template with a resident's phone number zipped beside it.
          if (!(req.query as { extra?: string }).extra) return reply.type(XLSX).send(template);
          return reply.type('application/zip').send(zip({ 'template.xlsx': template, 'note.txt': '13912345678' }));
        });
        watchPersonalData(app, t.platform.database.db);
        expect((await app.inject('/api/registry/import-template')).statusCode).toBe(200);
        await expect(app.inject('/api/registry/import-template?extra=1')).rejects.toThrow('with personal data in full: a phone number 139… (in note.txt)');
        await app.close();
      });

      it('fails an archive that unpacks to more than the limit, before unpacking it', async () => {
        const app = fakeApp();
        // 64 KB sent, 64 MiB + 1 byte declared: refused from the directory (the declared size is checked by yauzl too).
        const bomb = zip({ 'xl/worksheets/sheet1.xml': Buffer.alloc(MAX_ARCHIVE_BYTES + 1) });
        app.get('/api/bomb', async (_req, reply) => reply.type(XLSX).send(bomb));
        watchPersonalData(app, t.platform.database.db);
        await expect(app.inject('/api/bomb')).rejects.toThrow(UncheckableAnswer);
        await expect(app.inject('/api/bomb')).rejects.toThrow('GET /api/bomb answered 200 with an archive the watch cannot look into: the archive: unpacks to more than 64 MiB (at xl/worksheets/sheet1.xml)');
        // The limit is on the whole answer, not each entry.
        const small = fakeApp();
        small.get('/api/two', async (_req, reply) => reply.type('application/zip').send(zip({ 'a.json': Buffer.alloc(600), 'b.json': Buffer.alloc(600) })));
        watchPersonalData(small, t.platform.database.db, { maxArchiveBytes: 1000 });
        await expect(small.inject('/api/two')).rejects.toThrow('unpacks to more than 1000 bytes (at b.json)');
        await app.close();
        await small.close();
      });
    });
  });
});

/** An XLSX workbook of `rows` by exceljs: strings shared (its Workbook, as the export writes) or inline (its streaming writer, as the import error report writes). */
async function sheet(rows: Array<Array<string | number>>, strings: 'shared' | 'inline' = 'shared'): Promise<Buffer> {
  if (strings === 'shared') {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const ws = wb.addWorksheet('s');
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

/** A zip of `entries`, deflated, written here byte by byte: the watch must read any zip, not only exceljs's. */
function zip(entries: Record<string, Buffer | string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = Buffer.from(content);
    const packed = zlib.deflateRawSync(data);
    const crc = zlib.crc32(data);
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, packed);
    centrals.push(central, n);
    offset += local.length + n.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

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
