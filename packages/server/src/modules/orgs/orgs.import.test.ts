// `renxing orgs import`: the administrative hierarchy of a real installation from a CSV (编码,名称,层级,上级编码).
// All-or-nothing, idempotent, audited; on SQLite and (npm run test:pg) PostgreSQL, plus the CLI on SQLite.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY, TEST_DIALECT, TEST_INDEX_KEY, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR } from '../../../test/registry-fixture';
import { codeExtends, importOrgs, parseOrgCsv } from './orgs.import';

const BIN = path.resolve(import.meta.dirname, '../../../bin/renxing.mjs');

describe('org hierarchy CSV: rows on their own', () => {
  it('maps Chinese and English headers and level words; reports each bad cell once with its column', () => {
    const ok = parseOrgCsv('code,name,level,parent\n330903,普陀区,区,330900\n330903001,沈家门街道,街道,330903\n');
    expect(ok.errors).toEqual([]);
    expect(ok.rows).toEqual([
      { row: 1, code: '330903', name: '普陀区', level: 'district', parent: '330900' },
      { row: 2, code: '330903001', name: '沈家门街道', level: 'street', parent: '330903' },
    ]);
    const bad = parseOrgCsv([
      '编码,名称,层级,上级编码',
      '33090x,坏编码,区,330900', // 1 format
      '330903001,,街道,330903', // 2 name required
      '330903002,东港街道,居委,330903', // 3 unknown level word
      '3309030,区太长,区,330900', // 4 district code must have 6 digits
      '330000,浙江省,市,990000', // 5 a city has no parent
      '330903003,无上级,街道,', // 6 parent required
      '330903004,甲,街道,330903',
      '330903004,乙,街道,330903', // 8 duplicate in file
    ].join('\n'));
    expect(bad.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [1, '编码', 'format'], [2, '名称', 'required'], [3, '层级', 'value'], [4, '编码', 'format'], [5, '上级编码', 'value'], [6, '上级编码', 'required'],
      [8, '编码', 'duplicate_in_file'],
    ]);
    expect(bad.rows.map((r) => r.row)).toEqual([7]);
    expect(parseOrgCsv('名称,层级\n甲,区\n').errors).toMatchObject([{ row: 0, column: '编码', code: 'missing_column' }]);
  });

  it('codes typed with full-width digits (a Chinese input method) are folded, not refused as "digits only"', () => {
    const r = parseOrgCsv('编码,名称,层级,上级编码\n３３０９０３００１,沈家门街道,街道,３３０９０３\u200b\n');
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([{ row: 1, code: '330903001', name: '沈家门街道', level: 'street', parent: '330903' }]);
  });

  it('a child code extends its parent code; a district shares its city\'s first four digits', () => {
    expect(codeExtends({ code: '330900', level: 'city' }, { code: '330903', level: 'district' })).toBe(true);
    expect(codeExtends({ code: '330900', level: 'city' }, { code: '331003', level: 'district' })).toBe(false);
    expect(codeExtends({ code: '330903', level: 'district' }, { code: '330903001', level: 'street' })).toBe(true);
    expect(codeExtends({ code: '330903', level: 'district' }, { code: '330902001', level: 'street' })).toBe(false);
    expect(codeExtends({ code: '330903001001', level: 'community' }, { code: '33090300100101', level: 'grid' })).toBe(true);
  });
});

describe('org hierarchy import against the stored hierarchy', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-orgs-'));
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const run = (text: string, dryRun = false) => importOrgs(t.platform.database, t.services.audit, SYSTEM_ACTOR, text, { dryRun, now: t.clock.now() });
  const count = async () => Number((await t.platform.database.db.selectFrom('orgs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const PUTUO = [
    '编码,名称,层级,上级编码',
    '33090300100101,东河社区第一网格,网格,330903001001', // children before their parents: the file order does not matter
    '33090300100102,东河社区第二网格,网格,330903001001',
    '330903001001,东河社区,社区,330903001',
    '330903001,沈家门街道,街道,330903',
    '330903,普陀区,区,330900',
  ].join('\n');

  it('creates a new district down to its grids, parents first, in one audited transaction; a second run changes nothing', async () => {
    const before = await count();
    const dry = await run(PUTUO, true);
    expect(dry).toMatchObject({ rows: 5, created: 5, unchanged: 0, errors: [], dryRun: true });
    expect(await count()).toBe(before);

    const res = await run(PUTUO);
    expect(res).toMatchObject({ rows: 5, created: 5, unchanged: 0, errors: [] });
    expect(await count()).toBe(before + 5);
    const grid = await t.services.orgs.byCode('33090300100102');
    const city = await t.services.orgs.byCode('330900');
    expect(grid).toMatchObject({ level: 'grid', name: '东河社区第二网格', path: `${city!.path}330903/330903001/330903001001/33090300100102/` });
    const community = await t.services.orgs.byCode('330903001001');
    expect(grid!.parentId).toBe(community!.id);
    const audit = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'import').where('object_type', '=', 'org').execute();
    expect(audit).toHaveLength(1);
    expect(Number(audit[0]!.count)).toBe(5);

    const again = await run(PUTUO);
    expect(again).toMatchObject({ created: 0, unchanged: 5, errors: [] });
    expect(await count()).toBe(before + 5);
  });

  it('one bad row rejects the whole file: unknown parent, level gap, code not extending the parent, a code used by another org', async () => {
    const before = await count();
    const res = await run([
      '编码,名称,层级,上级编码',
      '330903002,东港街道,街道,330903', // fine on its own
      '330903009001,孤儿社区,社区,330903009', // unknown parent
      '330903001002,越级社区,社区,330903', // a community directly under a district
      '33090200100199,错前缀网格,网格,330903001001', // grid code not extending its community
      '330903001,另一个街道,街道,330903', // code taken by 沈家门街道
    ].join('\n'));
    expect(res.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '上级编码', 'unknown_parent'], [3, '层级', 'level_mismatch'], [4, '编码', 'code_prefix'], [5, '编码', 'conflict'],
    ]);
    expect(res.created).toBe(0);
    expect(await count()).toBe(before);
    expect(await t.services.orgs.byCode('330903002')).toBeNull();
  });

  it.skipIf(TEST_DIALECT !== 'sqlite')('the CLI imports (JSON summary), lists the hierarchy, and exits 1 with the errors of a bad file', async () => {
    const env = { ...process.env, RENXING_DATA_DIR: t.config.dataDir, RENXING_DATA_KEY: TEST_DATA_KEY, RENXING_INDEX_KEY: TEST_INDEX_KEY, RENXING_LOG_LEVEL: 'silent' };
    await t.platform.database.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    const good = path.join(dir, 'daishan.csv');
    fs.writeFileSync(good, '编码,名称,层级,上级编码\n330921,岱山县,县,330900\n330921001,高亭镇,镇,330921\n');
    const r = spawnSync(process.execPath, [BIN, 'orgs', 'import', good, '--json'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({ rows: 2, created: 2, unchanged: 0, dryRun: false, errors: [] });
    const list = spawnSync(process.execPath, [BIN, 'orgs', 'list', '--under', '330921'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/330921 {2}district {2}岱山县\n\s+330921001 {2}street {2}高亭镇\n/);
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, '编码,名称,层级,上级编码\n330921002,东沙镇,镇,330999\n');
    const b = spawnSync(process.execPath, [BIN, 'orgs', 'import', bad], { env, encoding: 'utf8', timeout: 120_000 });
    expect(b.status).toBe(1);
    expect(b.stdout).toContain('row 1 [上级编码] unknown_parent');
  });
});
