import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { scanPi } from '../../../test/pi-scan';
import { FIXTURE_IDS, seedScopedFixture } from '../../../test/registry-fixture';
import { sha256 } from '../../platform/ids';
import { systemActor } from '../audit';
import { lastFullQuarter, packMonths } from './audit-pack.service';

/**
 * The compliance audit pack (AUD-10, ADR 0038) through the real app (SQLite, or PostgreSQL with
 * RENXING_TEST_DIALECT=postgres): a May of activity — a doctor's reads and a reveal, a downloaded export, a
 * break-the-glass grant, a retention run, a security alert, an account created — then the auditor's pack for May,
 * re-parsed with exceljs: the sheets, the counts, no formula-looking cell, no resident anywhere, the audit row with the
 * file's hash. Who may ask (auditor only, second factor) and bad input (field named).
 */

const HOSTILE = '=HYPERLINK("http://x","a")';
const BG_REASON = '入户核查发热，住户张三';
const SHEETS = ['概要', '访问统计', '导出', '紧急访问', '删除', '安全提醒', '账户与权限'];

type Book = { wb: ExcelJS.Workbook; sheet: (name: string) => string[][]; all: string[] };

async function parse(body: Buffer): Promise<Book> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as never);
  const rowsOf = (ws: ExcelJS.Worksheet) => {
    const out: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (c, col) => {
        cells[col - 1] = c.value == null ? '' : typeof c.value === 'string' ? c.value : JSON.stringify(c.value);
      });
      out.push(Array.from(cells, (x) => x ?? ''));
    });
    return out;
  };
  const all: string[] = [];
  wb.eachSheet((ws) => {
    ws.eachRow((row) => row.eachCell((c) => {
      // Every cell is a text cell: a number, date or formula would come back as another type.
      expect(typeof c.value, `${ws.name}!${c.address}`).toBe('string');
      all.push(String(c.value));
    }));
  });
  return { wb, sheet: (name) => rowsOf(wb.getWorksheet(name)!), all };
}

/** The data rows of a list sheet: after the English title row, the watermark row and the column headers. */
const dataRows = (rows: string[][]) => rows.slice(3).filter((r) => r.some((c) => c !== '') && !r[0]!.startsWith('（仅列出'));

describe('compliance audit pack (AUD-10, ADR 0038)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let auditor: Session;
  let exportId: string;
  let exportHash: string;
  let certHash: string;
  let book: Book;
  let res: Awaited<ReturnType<TestApp['app']['inject']>>;
  const residentNames: string[] = [];
  const residentIds: string[] = [];
  const pack = (s: Session, qs: string) => as(t, s).get(`/api/audit/pack?${qs}`);

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2025-05-03T09:00:00+08:00' });
    fx = await seedScopedFixture(t, 2);
    for (const r of [fx.R1, fx.R2, fx.R3, ...fx.extras]) residentIds.push(r.id);
    for (const r of await t.platform.database.db.selectFrom('residents').select('name').execute()) residentNames.push(String(r.name));
    expect(residentNames).toContain('张三');

    // The community doctor reads R2 three times and reveals R2's phone once.
    const doctor = await t.login('doctor');
    for (let i = 0; i < 3; i++) expect((await as(t, doctor).get(`/api/residents/${fx.R2.id}`)).statusCode).toBe(200);
    expect((await as(t, doctor).post(`/api/residents/${fx.R2.id}/reveal`, { field: 'phone', reason: '电话回访核实身份' })).statusCode).toBe(200);

    // The community admin exports grid 1's names (masked, no approval needed) and downloads the file.
    const admin = await t.loginMfa('admin');
    const e = await as(t, admin).post('/api/exports', {
      kind: 'residents', filters: { gridId: fx.g1.id }, purpose: 'epidemic.screening', reason: '核酸筛查名单核对', format: 'csv', columns: ['name'],
    });
    expect(e.statusCode, e.body).toBeLessThan(300);
    exportId = e.json().id;
    const f = await as(t, admin).get(`/api/exports/${exportId}/file`);
    expect(f.statusCode, f.body).toBe(200);
    exportHash = String(f.headers['x-export-sha256']);

    // R1 restricted; the grid worker opens it with break-the-glass (the reason names the resident: only its length may leave).
    expect((await as(t, admin).post(`/api/residents/${fx.R1.id}/restriction`, { restricted: true, reason: '家暴庇护对象', version: fx.R1.version })).statusCode).toBe(200);
    const grid1 = await t.login('grid1');
    expect((await as(t, grid1).post(`/api/residents/${fx.R1.id}/break-glass`, { reason: BG_REASON })).statusCode).toBe(200);

    // A community whose name looks like a formula, and a grant recorded there (as the registry stores it).
    const hostile = await t.services.orgs.create({ parentId: t.orgs.street.id, level: 'community', code: `${t.orgs.street.code}077`, name: HOSTILE });
    const { db, codec } = t.platform.database;
    const grid1Id = (await t.services.auth.findByUsername('grid1'))!.id;
    await db.insertInto('break_glass_grants').values({
      id: 'bg-hostile', resident_id: fx.R3.id, user_id: grid1Id, org_path: hostile.path, reason: '核查', granted_at: codec.ts(new Date('2025-05-04T10:00:00+08:00')),
      expires_at: codec.ts(new Date('2025-05-04T13:00:00+08:00')),
    }).execute();

    // A security alert about grid1's account.
    await db.insertInto('security_alerts').values({
      id: 'sa-pack', created_at: codec.ts(new Date('2025-05-06T10:00:00+08:00')), kind: 'browsing', severity: 'high', actor_id: grid1Id, org_path: fx.g1.path,
      object_type: 'user', object_id: grid1Id, count: 31, details: '{}', status: 'open',
    }).execute();

    // The security admin creates an account.
    const sec = await t.loginMfa('secadmin');
    const u = await as(t, sec).post('/api/admin/users', { username: 'grid.new', displayName: '新网格员', role: 'grid_worker', orgId: fx.g1.id });
    expect(u.statusCode, u.body).toBe(201);
    // …who replaces the one-time password at the first login (one wrong try first).
    const otp = u.json().oneTimePassword as string;
    const first = await t.login('grid.new', otp);
    expect((await as(t, first).post('/api/auth/password', { currentPassword: 'not-the-otp', newPassword: '新网格员自己的密码 2025' })).statusCode).toBe(401);
    expect((await as(t, first).post('/api/auth/password', { currentPassword: otp, newPassword: '新网格员自己的密码 2025' })).statusCode).toBe(204);

    // R2's deletion request (ADR 0037) from the resident portal, decided "restrict" by the community admin.
    await t.services.selfReports.linkAccount((await t.services.auth.findByUsername('resident'))!.id, fx.R2.id);
    const me = await t.login('resident');
    const del = await as(t, me).post('/api/me/deletion-requests', { ground: 'moved_away', scope: 'record', note: null });
    expect(del.statusCode, del.body).toBe(201);
    const decided = await as(t, admin).post(`/api/registry/deletion-requests/${del.json().id}/decide`, { decision: 'restrict', reply: '户籍登记依法须保留，已限制处理', version: 1 });
    expect(decided.statusCode, decided.body).toBe(200);

    // A retention run deleting seven idempotency records older than their 30 days.
    const old = new Date(t.clock.now().getTime() - 40 * 86400_000).toISOString();
    await db.insertInto('idempotency_keys').values(Array.from({ length: 7 }, (_, i) => ({
      actor_id: grid1Id, key: `old-${i}`, request_hash: 'x', status_code: 200, response_body: '{}', created_at: old,
    }))).execute();
    const cert = await t.services.retention.run(systemActor(null));
    certHash = cert.hash;

    // June: the auditor asks for May.
    t.clock.set('2025-06-02T10:00:00+08:00');
    auditor = await t.loginMfa('auditor');
    res = await pack(auditor, 'from=2025-05-01&to=2025-05-31');
    expect(res.statusCode, res.body).toBe(200);
    book = await parse(res.rawPayload);
  });
  afterAll(async () => t.close());

  it('is an XLSX with the seven sheets, each with its English name in the first row, watermarked in the summary and the properties', async () => {
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const names: string[] = [];
    book.wb.eachSheet((ws) => names.push(ws.name));
    expect(names).toEqual(SHEETS);
    expect(book.sheet('访问统计')[0]![0]).toBe('Access statistics');
    expect(book.sheet('紧急访问')[0]![0]).toBe('Break-the-glass');
    const packId = String(res.headers['x-pack-id']);
    expect(packId).toMatch(/^AUDITPACK-/);
    const summary = Object.fromEntries(dataRows(book.sheet('概要')).map((r) => [r[0], r[1]]));
    expect(summary['审计包编号']).toBe(packId);
    expect(summary['生成人']).toContain('auditor');
    expect(summary['期间（上海时间，含首尾）']).toBe('2025-05-01 – 2025-05-31');
    expect(summary['审计链校验（本期间）']).toBe('通过');
    // In words, not as the code `not_configured`.
    expect(summary['最新外部链锚']).toBe('未配置每日链锚目录（RENXING_AUDIT_ANCHOR_DIR）');
    expect(book.wb.keywords).toContain(packId);
    expect(book.wb.keywords).toContain('username=auditor');
    expect(book.wb.category).toBe('renxing-audit-pack');
  });

  it('counts what happened: the doctor’s reads and reveal, the export, the grants, the retention run, the alert, the new account', async () => {
    const access = dataRows(book.sheet('访问统计'));
    const doctorRow = access.find((r) => r[1]!.endsWith(' doctor'))!;
    expect(doctorRow.slice(0, 3)).toEqual(['2025-05', '社区医生 doctor', (await t.services.orgs.get(t.orgs.community.id))!.name]);
    expect({ reads: doctorRow[3], reveals: doctorRow[7], exports: doctorRow[8], breakGlass: doctorRow[9] }).toEqual({ reads: '3', reveals: '1', exports: '0', breakGlass: '0' });
    const gridRow = access.find((r) => r[1]!.endsWith(' grid_worker'))!;
    expect(gridRow[9]).toBe('1');
    const adminRow = access.find((r) => r[1]!.endsWith(' community_admin'))!;
    expect(adminRow[8]).toBe('1');

    const exps = dataRows(book.sheet('导出'));
    expect(exps).toHaveLength(1);
    expect(exps[0]![0]).toBe(exportId);
    expect(exps[0]![3]).toBe('admin');
    expect(exps[0]![10]).toBe('name');
    expect(exps[0]![11]).toBe('是');
    expect(exps[0]![13]).toBe('epidemic.screening');
    expect(exps[0]![15]).toBe(exportHash);
    expect(exps[0]![16]).toBe('downloaded');

    const grants = dataRows(book.sheet('紧急访问'));
    expect(grants.map((g) => g[3])).toEqual(['grid1', 'grid1']);
    const real = grants.find((g) => g[0] !== 'bg-hostile')!;
    expect(real[5]).toBe(String(BG_REASON.length));
    expect(real[6]).toBe((await t.services.orgs.get(t.orgs.community.id))!.name);

    const dels = dataRows(book.sheet('删除'));
    const idem = dels.find((r) => r[5] === 'idempotency_keys')!;
    expect(idem[9]).toBe('7');
    expect(idem[11]).toBe(certHash);
    const requests = dels.find((r) => r[0]!.startsWith('删除申请'))!;
    expect(requests.slice(1, 9)).toEqual(['提出', '1', '已删除', '0', '限制处理', '1', '未删除', '0']);

    const alerts = dataRows(book.sheet('安全提醒'));
    expect(alerts.map((a) => [a[0], a[2], a[5]])).toEqual([['sa-pack', 'browsing', 'grid1']]);

    const accounts = dataRows(book.sheet('账户与权限'));
    const created = accounts.filter((a) => a[3] === 'user_create');
    expect(created.map((a) => [a[5], a[7]])).toEqual([['secadmin', 'grid.new']]);
    expect(accounts.filter((a) => a[3] === 'mfa_enable').map((a) => a[5]).sort()).toEqual(['admin', 'secadmin']); // the auditor enrolled in June
    // The new colleague's own password change (the one-time password replaced), and the wrong try before it.
    expect(accounts.filter((a) => a[3] === 'password_change').map((a) => [a[2], a[4], a[5], a[7]])).toEqual([
      ['本人修改密码', 'denied', 'grid.new', 'grid.new'], ['本人修改密码', 'success', 'grid.new', 'grid.new'],
    ]);
  });

  it('neutralises formula-looking text and names no resident anywhere (name, ID number, phone or record id)', async () => {
    for (const c of book.all) expect(c, c).not.toMatch(/^[=+\-@\t\r]/);
    expect(book.all).toContain(`'${HOSTILE}`);
    const text = book.all.join('\n');
    expect(scanPi(text)).toEqual([]);
    for (const n of residentNames) expect(text).not.toContain(n);
    for (const id of [...residentIds, ...Object.values(FIXTURE_IDS)]) expect(text).not.toContain(id);
    expect(text).not.toContain(BG_REASON);
  });

  it('is audited with the SHA-256 of the file and counts only', async () => {
    const rows = await auditRows(t, { action: 'audit_pack', outcome: 'success' });
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.object_id).toBe(res.headers['x-pack-id']);
    expect(res.headers['x-pack-sha256']).toBe(sha256(res.rawPayload));
    expect(row.reason).toContain(`sha256=${sha256(res.rawPayload)}`);
    expect(row.subject_id).toBeNull();
    expect(scanPi(String(row.reason))).toEqual([]);
  });

  it('narrows to an area: community B saw none of it', async () => {
    const r = await pack(auditor, `from=2025-05-01&to=2025-05-31&area=${t.orgs.other.id}`);
    expect(r.statusCode, r.body).toBe(200);
    const b = await parse(r.rawPayload);
    expect(dataRows(b.sheet('导出'))).toHaveLength(0);
    expect(dataRows(b.sheet('紧急访问'))).toHaveLength(0);
    expect(dataRows(b.sheet('访问统计')).filter((x) => x[1]!.endsWith(' doctor'))).toHaveLength(0);
    // By code (the web form's area list): community A's pack has the export.
    const a = await pack(auditor, `from=2025-05-01&to=2025-05-31&area=${t.orgs.community.code}`);
    expect(a.statusCode, a.body).toBe(200);
    expect(dataRows((await parse(a.rawPayload)).sheet('导出')).map((x) => x[0])).toEqual([exportId]);
  });

  it('only the auditor, after the second factor; bad input is refused naming the field', async () => {
    for (const u of ['secadmin', 'grid1', 'district']) {
      const s = await t.login(u);
      expect((await pack(s, 'from=2025-05-01&to=2025-05-31')).statusCode, u).toBe(403);
    }
    const noMfa = await pack(await t.login('auditor'), 'from=2025-05-01&to=2025-05-31');
    expect(noMfa.statusCode).toBe(401);
    expect(noMfa.json().error.code).toBe('mfa_required');

    const bad = async (qs: string, path: string, code?: string) => {
      const r = await pack(auditor, qs);
      expect(r.statusCode, r.body).toBe(400);
      const d = r.json().error.details as Array<{ path: string; code: string; message: string; messageEn: string }>;
      const hit = d.find((x) => x.path === `querystring.${path}`);
      expect(hit, r.body).toBeDefined();
      if (code) expect(hit!.code).toBe(code);
      expect(hit!.message.length).toBeGreaterThan(0);
      expect(hit!.messageEn.length).toBeGreaterThan(0);
    };
    await bad('from=2025-05-31&to=2025-05-01', 'to', 'before_from');
    await bad('from=2024-01-01&to=2025-01-01', 'to', 'period_too_long');
    await bad('from=2025-02-30&to=2025-05-01', 'from');
    await bad('to=2025-05-01', 'from');
    expect((await pack(auditor, 'from=2025-05-01&to=2025-05-31&x=1')).statusCode).toBe(400);
    // 366 days (a leap year) is allowed.
    expect((await pack(auditor, 'from=2024-01-01&to=2024-12-31')).statusCode).toBe(200);

    const unknown = await pack(auditor, 'from=2025-05-01&to=2025-05-31&area=no-such-org');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.details[0].path).toBe('area');
    expect(await auditRows(t, { action: 'audit_pack', outcome: 'denied', object_id: 'no-such-org' })).toHaveLength(1);
  });

  it('months and the default period follow the Shanghai calendar', () => {
    const m = packMonths(new Date('2025-04-30T16:00:00Z'), new Date('2025-06-30T16:00:00Z'));
    expect(m.map((x) => x.month)).toEqual(['2025-05', '2025-06']);
    expect(m[0]!.to).toBe('2025-05-31T16:00:00.000Z');
    expect(lastFullQuarter(new Date('2025-06-02T02:00:00Z'))).toEqual({ from: '2025-01-01', to: '2025-03-31' });
    expect(lastFullQuarter(new Date('2025-01-10T02:00:00Z'))).toEqual({ from: '2024-10-01', to: '2024-12-31' });
  });
});
