import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, TEST_DATA_KEY, TEST_DIALECT, TEST_INDEX_KEY, type TestApp, type Session } from '../../../test/harness';
import { FIXTURE_IDS, SYSTEM_ACTOR, seedScopedFixture } from '../../../test/registry-fixture';
import { buildingKey, unitKey } from './registry.bulk';

const FIX = path.resolve(import.meta.dirname, '../../../test/fixtures/registry');
const BIN = path.resolve(import.meta.dirname, '../../../bin/renxing.mjs');
const HEAD = '姓名,身份证号,手机号,小区,楼栋,单元,房号,与户主关系,人员类型,标签,编号';

/** 100 rows: 94 good + one bad checksum, one Feb-30 birth date, one bad phone, one in-file duplicate, one stored elsewhere, one unknown compound. */
function buildCsv(): { text: string; bad: Record<string, { row: number; column: string; code: string }> } {
  const lines = [HEAD];
  const ids: string[] = [];
  for (let i = 0; i < 94; i++) ids.push(makeCnId('330902', `19${50 + (i % 40)}-0${1 + (i % 9)}-2${i % 8}`, 100 + i * 3));
  const cn = (i: number) => [...String(i)].map((d) => '零一二三四五六七八九'[Number(d)]).join('');
  ids.forEach((id, i) => lines.push(`居民${cn(i)},${id},1371234${String(i).padStart(4, '0')},东港小区,${1 + (i % 2)}幢,1单元,${101 + Math.floor(i / 2)},户主,户籍,,X-${i}`));
  const bad = {
    checksum: { row: 95, column: '身份证号', code: 'checksum' },
    birthdate: { row: 96, column: '身份证号', code: 'birthdate' },
    phone: { row: 97, column: '手机号', code: 'phone' },
    duplicate: { row: 98, column: '身份证号', code: 'duplicate_in_file' },
    stored: { row: 99, column: '身份证号', code: 'conflict' },
    place: { row: 100, column: '小区', code: 'unknown_place' },
  };
  lines.push(`坏校验,11010519491231003X,,东港小区,1幢,1单元,901,户主,户籍,,`);
  lines.push(`二月三十,110105194902300020,,东港小区,1幢,1单元,902,户主,户籍,,`);
  lines.push(`坏手机,${makeCnId('330902', '1970-01-01', 901)},12345,东港小区,1幢,1单元,903,户主,户籍,,`);
  lines.push(`重复人,${ids[0]},,东港小区,1幢,1单元,904,户主,户籍,,`);
  lines.push(`已登记,${FIXTURE_IDS.R1},,东港小区,1幢,1单元,905,户主,户籍,,`);
  lines.push(`无小区,${makeCnId('330902', '1971-01-01', 903)},,不存在小区,1幢,1单元,906,户主,户籍,,`);
  return { text: `${lines.join('\n')}\n`, bad };
}

describe('resident import (issue 3 §3; SECURITY I43, I44)', () => {
  let t: TestApp;
  let admin: Session;
  let dir: string;
  let csvPath: string;
  let bad: ReturnType<typeof buildCsv>['bad'];
  const count = async () => Number((await t.platform.database.db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const upload = (file: string, q: string, name = path.basename(file), s = admin) => {
    const boundary = '----rxtest';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      fs.readFileSync(file),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return t.app.inject({ method: 'POST', url: `/api/registry/imports?${q}`, payload: body, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  };

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-29T10:00:00+08:00' });
    await seedScopedFixture(t);
    const reg = t.services.registry;
    const c = await reg.createCompound(SYSTEM_ACTOR, { communityId: t.orgs.community.id, name: '东港小区' });
    await reg.createBuilding(SYSTEM_ACTOR, { compoundId: c.id, gridId: t.orgs.grids[0]!.id, name: '1幢' });
    await reg.createBuilding(SYSTEM_ACTOR, { compoundId: c.id, gridId: t.orgs.grids[0]!.id, name: '2幢' });
    await reg.createBuilding(SYSTEM_ACTOR, { compoundId: c.id, gridId: t.orgs.grids[0]!.id, name: '3幢' });
    await reg.createBuilding(SYSTEM_ACTOR, { compoundId: c.id, gridId: t.orgs.grids[0]!.id, name: '5幢' });
    const x = await reg.createCompound(SYSTEM_ACTOR, { communityId: t.orgs.community.id, name: '西岙小区' });
    await reg.createBuilding(SYSTEM_ACTOR, { compoundId: x.id, gridId: t.orgs.grids[1]!.id, name: '2幢' });
    const q = await reg.createCompound(SYSTEM_ACTOR, { communityId: t.orgs.community.id, name: '东港"新"小区' });
    await reg.createBuilding(SYSTEM_ACTOR, { compoundId: q.id, gridId: t.orgs.grids[0]!.id, name: '5幢' });
    admin = await t.login('admin');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-import-'));
    const built = buildCsv();
    bad = built.bad;
    csvPath = path.join(dir, 'residents.csv');
    fs.writeFileSync(csvPath, built.text);
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const expectOneErrorEach = (errors: Array<{ row: number; column: string; code: string; message: string }>) => {
    expect(errors).toHaveLength(Object.keys(bad).length);
    for (const b of Object.values(bad)) {
      const mine = errors.filter((e) => e.row === b.row);
      expect(mine, `row ${b.row}`).toHaveLength(1);
      expect(mine[0]).toMatchObject({ column: b.column, code: b.code });
    }
    for (const e of errors) expect(e.message).not.toMatch(/\d{17}[\dX]/);
  };

  it('dry run previews counts and errors and stores nothing', async () => {
    const before = await count();
    const r = await upload(csvPath, `communityId=${t.orgs.community.id}&dryRun=true`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'dry_run', rows: 100, imported: 94, updated: 0 });
    expectOneErrorEach(r.json().errors);
    expect(r.json().preview[0].idMasked).toMatch(/^\d{6}\*{8}/);
    expect(await count()).toBe(before);
  });

  it('errorCount counts rows with problems (有问题的行), not problems: a row with a bad ID and a bad phone counts once', async () => {
    const file = path.join(dir, 'two-errors-one-row.csv');
    fs.writeFileSync(file, `${HEAD}\n两处错,11010519491231003X,12345,东港小区,1幢,1单元,911,户主,户籍,,\n好人,${makeCnId('330902', '1972-02-02', 905)},,东港小区,1幢,1单元,912,户主,户籍,,\n坏手机,${makeCnId('330902', '1973-03-03', 907)},999,东港小区,1幢,1单元,913,户主,户籍,,\n`);
    const r = await upload(file, `communityId=${t.orgs.community.id}&dryRun=true`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ rows: 3, imported: 1, errorCount: 2 });
    expect(r.json().errors.map((e: { row: number; code: string }) => `${e.row}:${e.code}`).sort()).toEqual(['1:checksum', '1:phone', '3:phone']);
    // A phone error says what is wrong with the number (here: how many digits it has), in both languages.
    const phone = r.json().errors.find((e: { row: number; code: string }) => e.row === 3 && e.code === 'phone');
    expect(phone).toMatchObject({ message: '手机号应为11位数字，现在是3位', messageEn: 'mobile phone: must have 11 digits; this one has 3' });
  });

  it('all-or-nothing with bad rows answers 422 and stores none', async () => {
    const before = await count();
    const r = await upload(csvPath, `communityId=${t.orgs.community.id}&mode=all_or_nothing&dryRun=false`);
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ status: 'rejected', imported: 0 });
    expectOneErrorEach(r.json().errors);
    expect(await count()).toBe(before);
    // The error report downloads as a spreadsheet with the same rows.
    const rep = await as(t, admin).get(`/api/registry/imports/${r.json().jobId}/errors?format=xlsx`);
    expect(rep.statusCode).toBe(200);
    expect(rep.headers['content-disposition']).toMatch(/^attachment/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(rep.rawPayload as never);
    expect(wb.worksheets[0]!.rowCount).toBe(1 + Object.keys(bad).length);
  });

  it('partial mode stores exactly the good rows; re-import is idempotent (updates, no duplicates)', async () => {
    const before = await count();
    const r = await upload(csvPath, `communityId=${t.orgs.community.id}&mode=partial&dryRun=false`);
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ status: 'partial', imported: 94, updated: 0 });
    expectOneErrorEach(r.json().errors);
    expect(await count()).toBe(before + 94);
    const again = await upload(csvPath, `communityId=${t.orgs.community.id}&mode=partial&dryRun=false`);
    expect(again.json()).toMatchObject({ imported: 0, updated: 94 });
    expect(await count()).toBe(before + 94);
    const audit = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'import').where('outcome', '=', 'success').execute();
    expect(audit.map((a) => Number(a.count))).toEqual(expect.arrayContaining([94]));
  });

  it('a re-import never clears stored values with blank cells, and an unchanged row writes nothing', async () => {
    const id = makeCnId('330902', '1966-06-16', 77);
    const full = path.join(dir, 'full.csv');
    fs.writeFileSync(full, `${HEAD}\n钱慢病,${id},13912340077,东港小区,2幢,1单元,901,配偶,流动,慢病,Q-1\n`);
    const first = await upload(full, `communityId=${t.orgs.community.id}&mode=partial&dryRun=false&careConsent=written`, 'full.csv');
    expect(first.json()).toMatchObject({ status: 'committed', imported: 1, updated: 0, unchanged: 0 });
    const stored = () => t.platform.database.db.selectFrom('residents').select(['id', 'version', 'phone_masked', 'relation', 'residence_type', 'tags', 'external_ref'])
      .where('name', '=', '钱慢病').executeTakeFirstOrThrow();
    const before = await stored();
    const tagRows = async () => (await t.platform.database.db.selectFrom('resident_tags').select('tag').where('resident_id', '=', before.id).execute()).map((r) => r.tag).sort();
    expect(await tagRows()).toEqual(['chronic', 'elderly60']);

    // The same file again: counted as already registered, nothing written (no version bump for a colleague's open form).
    const same = await upload(full, `communityId=${t.orgs.community.id}&mode=partial&dryRun=false`, 'full.csv');
    expect(same.json()).toMatchObject({ status: 'committed', imported: 0, updated: 1, unchanged: 1 });
    expect(await stored()).toEqual(before);

    // A shorter list (only the required columns) and a row with blank optional cells keep phone, relation, type, tags.
    const short = path.join(dir, 'short.csv');
    fs.writeFileSync(short, `姓名,身份证号,小区,楼栋,单元,房号\n钱慢病,${id},东港小区,2幢,1单元,901\n`);
    expect((await upload(short, `communityId=${t.orgs.community.id}&mode=all_or_nothing&dryRun=false`, 'short.csv')).json()).toMatchObject({ status: 'committed', updated: 1, unchanged: 1 });
    const blanks = path.join(dir, 'blanks.csv');
    fs.writeFileSync(blanks, `${HEAD}\n钱慢病,${id},,东港小区,2幢,1单元,901,,,,\n`);
    expect((await upload(blanks, `communityId=${t.orgs.community.id}&mode=partial&dryRun=false`, 'blanks.csv')).json()).toMatchObject({ updated: 1, unchanged: 1 });
    expect(await stored()).toEqual(before);
    expect(await tagRows()).toEqual(['chronic', 'elderly60']);

    // A filled cell still updates (the new phone), and only that: the rest stays as stored.
    const phone = path.join(dir, 'phone.csv');
    fs.writeFileSync(phone, `姓名,身份证号,手机号,小区,楼栋,单元,房号\n钱慢病,${id},13912349999,东港小区,2幢,1单元,901\n`);
    expect((await upload(phone, `communityId=${t.orgs.community.id}&mode=partial&dryRun=false`, 'phone.csv')).json()).toMatchObject({ updated: 1, unchanged: 0 });
    expect(await stored()).toEqual({ ...before, version: before.version + 1, phone_masked: '139****9999' });
    expect(await tagRows()).toEqual(['chronic', 'elderly60']);
  });

  it('a unit written "1", "一单元" or "01单元" is the building\'s existing 1单元 (and "１ 幢" its 1幢), not a new look-alike', async () => {
    expect(['1', '1单元', '01单元', '一单元', '１单元', ' 1 单元'].map(unitKey)).toEqual(['1', '1', '1', '1', '1', '1']);
    expect(['十二单元', '二十单元', '二十一', '一〇'].map(unitKey)).toEqual(['12', '20', '21', '10']);
    expect(unitKey('A座')).toBe('a座');
    const file = path.join(dir, 'units.csv');
    const ids = [1, 2, 3, 4].map((i) => makeCnId('330902', '1975-05-05', 500 + i));
    fs.writeFileSync(file, `姓名,身份证号,小区,楼栋,单元,房号,与户主关系\n赵单元,${ids[0]},东港小区,1幢,1,701,户主\n钱单元,${ids[1]},东港小区,1幢,一单元,701,配偶\n孙单元,${ids[2]},东港小区,1幢,01单元,701,子女\n李单元,${ids[3]},东港 小区,１ 幢,１单元,701,子女\n`);
    const r = await upload(file, `communityId=${t.orgs.community.id}&mode=all_or_nothing&dryRun=false`, 'units.csv');
    expect(r.json()).toMatchObject({ status: 'committed', imported: 4, errorCount: 0 });
    const db = t.platform.database.db;
    const rows = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').innerJoin('units as u', 'u.id', 'h.unit_id')
      .select(['r.household_id', 'u.name as unit', 'h.address']).where('r.name', 'in', ['赵单元', '钱单元', '孙单元', '李单元']).execute();
    expect(new Set(rows.map((x) => x.household_id)).size).toBe(1);
    expect(rows.map((x) => x.unit)).toEqual(['1单元', '1单元', '1单元', '1单元']);
    expect(rows[0]!.address).toMatch(/东港小区 1幢 1单元 701$/);
    // A new room reached through differently written names gets the stored names in its address.
    fs.writeFileSync(file, `姓名,身份证号,小区,楼栋,单元,房号\n周单元,${makeCnId('330902', '1975-05-05', 509)},东港 小区,１ 幢,一单元,702\n`);
    expect((await upload(file, `communityId=${t.orgs.community.id}&mode=partial&dryRun=false`, 'units.csv')).json()).toMatchObject({ imported: 1, errorCount: 0 });
    const zhou = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').select('h.address').where('r.name', '=', '周单元').executeTakeFirstOrThrow();
    expect(zhou.address).toMatch(/ 东港小区 1幢 1单元 702$/);
  });

  it('a building written "1号楼", "1栋", "一幢", "01栋" or "1" is the compound\'s stored 1幢, under its stored name', async () => {
    expect(['1', '1幢', '1栋', '1号楼', '一幢', '01栋', '１ 号楼', '1#楼', '1#', '1号'].map(buildingKey)).toEqual(Array(10).fill('#1'));
    expect(['十二幢', '12栋', '二十一号楼'].map(buildingKey)).toEqual(['#12', '#12', '#21']);
    expect(buildingKey('综合楼')).toBe('综合楼');
    expect(buildingKey('A座')).toBe('a座');
    const file = path.join(dir, 'buildings.csv');
    const ids = [1, 2, 3, 4, 5].map((i) => makeCnId('330902', '1976-06-06', 520 + i));
    fs.writeFileSync(file, `姓名,身份证号,小区,楼栋,单元,房号,与户主关系\n赵楼栋,${ids[0]},东港小区,1号楼,1单元,703,户主\n钱楼栋,${ids[1]},东港小区,1栋,1单元,703,配偶\n孙楼栋,${ids[2]},东港小区,一幢,1单元,703,子女\n李楼栋,${ids[3]},东港小区,01栋,1单元,703,子女\n周楼栋,${ids[4]},东港小区,1,1单元,703,子女\n`);
    const r = await upload(file, `communityId=${t.orgs.community.id}&mode=all_or_nothing&dryRun=false`, 'buildings.csv');
    expect(r.json()).toMatchObject({ status: 'committed', imported: 5, errorCount: 0 });
    const db = t.platform.database.db;
    const rows = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').innerJoin('units as u', 'u.id', 'h.unit_id')
      .innerJoin('buildings as b', 'b.id', 'u.building_id').select(['r.household_id', 'b.name as building', 'h.address'])
      .where('r.name', 'in', ['赵楼栋', '钱楼栋', '孙楼栋', '李楼栋', '周楼栋']).execute();
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((x) => x.household_id)).size).toBe(1);
    expect(rows.map((x) => x.building)).toEqual(Array(5).fill('1幢'));
    expect(rows[0]!.address).toMatch(/ 东港小区 1幢 1单元 703$/);
    // A building number the compound does not have is still "building not found".
    fs.writeFileSync(file, `姓名,身份证号,小区,楼栋,单元,房号\n吴楼栋,${makeCnId('330902', '1976-06-06', 529)},东港小区,99号楼,1单元,101\n`);
    const missing = await upload(file, `communityId=${t.orgs.community.id}&mode=partial&dryRun=true`, 'buildings.csv');
    expect(missing.json().errors).toEqual([expect.objectContaining({ column: '楼栋', code: 'unknown_place' })]);
  });

  it('imports a GBK CSV and an XLSX written by LibreOffice; privileged columns are ignored with a warning (I44)', async () => {
    const gbk = await upload(path.join(FIX, 'residents-gbk.csv'), `communityId=${t.orgs.community.id}&mode=partial&dryRun=true`);
    expect(gbk.statusCode).toBe(200);
    expect(gbk.json().rows).toBeGreaterThanOrEqual(5);
    // GBK decoded: 孙秀英 and 欧阳娜娜 come through; 王小明 carries R1's ID, stored at another address → conflict.
    const names = gbk.json().preview.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['孙**']));
    expect(names.some((n: string) => n.startsWith('欧'))).toBe(true);
    expect(gbk.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ row: 1, column: '身份证号', code: 'conflict' })]));
    const lo = await upload(path.join(FIX, 'residents-libreoffice.xlsx'), `communityId=${t.orgs.community.id}&mode=partial&dryRun=true`);
    expect(lo.statusCode).toBe(200);
    expect(lo.json().warnings.map((w: { code: string }) => w.code)).toContain('privileged_column');
    expect(lo.json().rows).toBeGreaterThan(0);
  });

  it('reads the data sheet behind a notes sheet, accepts an ID written in groups, and a raw CSV body is told to use multipart', async () => {
    const id = makeCnId('330902', '1966-05-05', 771);
    const grouped = `${id.slice(0, 6)} ${id.slice(6, 14)}\u200b ${id.slice(14)}`; // "330902 19660505 7717", copied with a zero-width space
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('填写说明').addRow(['本表由社区填报，数据在“居民信息”表']);
    const ws = wb.addWorksheet('居民信息');
    ws.addRow(HEAD.split(','));
    ws.addRow(['分组号', grouped, '', '东港小区', '1幢', '1单元', '777', '户主', '户籍', '', '']);
    const file = path.join(dir, 'second-sheet.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await upload(file, `communityId=${t.orgs.community.id}&mode=all_or_nothing&dryRun=true`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ rows: 1, imported: 1, errorCount: 0 });
    expect(r.json().preview[0]).toMatchObject({ idMasked: `${id.slice(0, 6)}********${id.slice(14)}` });
    const raw = await t.app.inject({
      method: 'POST', url: `/api/registry/imports?communityId=${t.orgs.community.id}`, payload: `${HEAD}\n`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' },
    });
    expect(raw.statusCode).toBe(415);
    expect(raw.json().error).toMatchObject({ code: 'unsupported_media_type', message: expect.stringContaining('multipart/form-data'), messageEn: expect.stringContaining('multipart/form-data') });
  });

  it('each error and preview row carries the spreadsheet row (表格中的行号) besides the data row: CSV title and blank lines, XLSX title rows; in the report too', async () => {
    const ok = makeCnId('330902', '1967-03-03', 611);
    // Line 1 title, line 2 blank, line 3 header, line 4 good, line 5 blank, line 6 bad checksum (data row 3).
    const csv = path.join(dir, 'titled.csv');
    fs.writeFileSync(csv, `2026年居民名册,,,,,,,,,,\n\n${HEAD}\n行号甲,${ok},,东港小区,1幢,1单元,611,户主,户籍,,\n\n坏校验乙,11010519491231003X,,东港小区,1幢,1单元,612,户主,户籍,,\n`);
    const r = await upload(csv, `communityId=${t.orgs.community.id}&dryRun=true`);
    expect(r.statusCode).toBe(200);
    expect(r.json().errors).toEqual([expect.objectContaining({ row: 3, sheetRow: 6, column: '身份证号', code: 'checksum' })]);
    // The preview of the good rows carries it too (line 4: data row 1).
    expect(r.json().preview).toEqual([expect.objectContaining({ row: 1, sheetRow: 4, name: '行**' })]);
    const rep = await as(t, admin).get(`/api/registry/imports/${r.json().jobId}/errors?format=csv`);
    const lines = rep.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 2)).toEqual(['表格中的行号', '行号（表头下第几行）']);
    expect(lines[1]!.split(',').slice(0, 3)).toEqual(['6', '3', '身份证号']);

    // XLSX: header on worksheet row 3 (two title rows), the bad row on worksheet row 5 (data row 2).
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民信息');
    ws.addRow(['2026年居民名册']);
    ws.addRow(['填报单位：A社区']);
    ws.addRow(HEAD.split(','));
    ws.addRow(['行号丙', makeCnId('330902', '1968-04-04', 613), '', '东港小区', '1幢', '1单元', '613', '户主', '户籍', '', '']);
    ws.addRow(['坏手机丁', makeCnId('330902', '1969-05-05', 615), '12345', '东港小区', '1幢', '1单元', '614', '户主', '户籍', '', '']);
    const xlsx = path.join(dir, 'titled.xlsx');
    await wb.xlsx.writeFile(xlsx);
    const x = await upload(xlsx, `communityId=${t.orgs.community.id}&dryRun=true`);
    expect(x.statusCode).toBe(200);
    expect(x.json().errors).toEqual([expect.objectContaining({ row: 2, sheetRow: 5, column: '手机号', code: 'phone' })]);
    expect(x.json().preview).toEqual([expect.objectContaining({ row: 1, sheetRow: 4 })]);
    const xr = await as(t, admin).get(`/api/registry/imports/${x.json().jobId}/errors?format=xlsx`);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(xr.rawPayload as never);
    expect(back.worksheets[0]!.getRow(2).values).toEqual([undefined, 5, 2, '手机号', 'phone', expect.any(String)]);
  });

  it('refuses a renamed binary (400) and an oversized upload (413)', async () => {
    const fake = path.join(dir, 'people.xlsx');
    fs.copyFileSync('/bin/ls', fake);
    const r = await upload(fake, `communityId=${t.orgs.community.id}`);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('type_mismatch');
    const big = path.join(dir, 'big.csv');
    fs.writeFileSync(big, `${HEAD}\n${'张三,1,2,3,4,5,6,7,8,9,10\n'.repeat(11 * 1024 * 1024 / 30)}`);
    const r2 = await upload(big, `communityId=${t.orgs.community.id}`);
    expect(r2.statusCode).toBe(413);
  });

  it('a grid worker cannot import into another grid (unknown_place) and other roles cannot import at all', async () => {
    const w = await t.login('grid1');
    const other = path.join(dir, 'other.csv');
    fs.writeFileSync(other, `${HEAD}\n孙秀英,330903195511020087,,西岙小区,2幢,1单元,201,户主,户籍,独居老人,A-006\n`);
    const r = await upload(other, `communityId=${t.orgs.community.id}&mode=partial&dryRun=false`, 'other.csv', w);
    expect(r.json().errors[0]).toMatchObject({ code: 'unknown_place', column: '楼栋' });
    const vol = await t.login('volunteer');
    expect((await upload(other, `communityId=${t.orgs.community.id}`, 'other.csv', vol)).statusCode).toBe(403);
  });

  it('links a minor without a guardian column to the adult head of the same household imported earlier in the file', async () => {
    const file = path.join(dir, 'family.csv');
    const head = makeCnId('330902', '1980-03-03', 41);
    const child = makeCnId('330902', '2016-06-06', 42);
    fs.writeFileSync(file, `${HEAD}\n父亲,${head},,东港小区,5幢,1单元,501,户主,户籍,,\n孩子,${child},,东港小区,5幢,1单元,501,子女,户籍,,\n`);
    const r = await upload(file, `communityId=${t.orgs.community.id}&mode=partial&dryRun=false`, 'family.csv');
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ status: 'committed', imported: 2, errorCount: 0 });
    const rows = await t.platform.database.db.selectFrom('residents').select(['id', 'name', 'guardian_id', 'household_id']).where('name', 'in', ['父亲', '孩子']).execute();
    const father = rows.find((x) => x.name === '父亲')!;
    expect(rows.find((x) => x.name === '孩子')!.guardian_id).toBe(father.id);
    // The household was created by this import; its head is the adult head of the file.
    const hh = await t.platform.database.db.selectFrom('households').select('head_resident_id').where('id', '=', father.household_id).executeTakeFirstOrThrow();
    expect(hh.head_resident_id).toBe(father.id);
  });

  it.skipIf(TEST_DIALECT !== 'sqlite')('the CLI prints the documented JSON', async () => {
    const file = path.join(dir, 'cli.csv');
    fs.writeFileSync(file, `${HEAD}\n甲,${makeCnId('330902', '1960-05-05', 11)},13800001111,东港小区,3幢,1单元,301,户主,户籍,,\n乙,11010519491231003X,,东港小区,3幢,1单元,302,户主,户籍,,\n`);
    await t.platform.database.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    const cli = (...extra: string[]) => spawnSync(process.execPath, [BIN, 'import', 'residents', file, '--community', '330902001001', '--partial', ...extra], {
      env: { ...process.env, RENXING_DATA_DIR: t.config.dataDir, RENXING_DATA_KEY: TEST_DATA_KEY, RENXING_INDEX_KEY: TEST_INDEX_KEY, RENXING_LOG_LEVEL: 'silent' },
      encoding: 'utf8', timeout: 120_000,
    });
    const r = cli('--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    const checksum = { row: 2, column: '身份证号', code: 'checksum', message: expect.any(String) };
    expect(out).toEqual({ rows: 2, imported: 1, updated: 0, unchanged: 0, errors: [checksum] });
    // The same file again: the registered row is an update that changes nothing, counted as `unchanged` (ADR 0007).
    const again = cli('--json');
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout.trim().split('\n').pop()!)).toEqual({ rows: 2, imported: 0, updated: 1, unchanged: 1, errors: [checksum] });
    const human = cli();
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^partial: 2 rows, 0 imported, 1 updated \(1 unchanged\), 1 rows with errors\n/);
    // A changed phone number is an update that is written: not unchanged.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('13800001111', '13800001112'));
    const changed = cli('--json');
    expect(JSON.parse(changed.stdout.trim().split('\n').pop()!)).toEqual({ rows: 2, imported: 0, updated: 1, unchanged: 0, errors: [checksum] });
  });
});
