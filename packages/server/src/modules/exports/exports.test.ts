import crypto from 'node:crypto';
import { makeCnId } from '@renxing/shared';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { FIXTURE_IDS, SYSTEM_ACTOR, seedScopedFixture } from '../../../test/registry-fixture';
import { scanPi } from '../../../test/pi-scan';
import { DEMO_PASSWORD } from '../../seed/foundation';

/**
 * SECURITY.md §7 C14–C17 through the real app (SQLite, or PostgreSQL with RENXING_TEST_DIALECT=postgres).
 * Data in community A: grid G1 = R1 + 250 floating + 249 tenants (500); grid G2 = R2 + 250 tenants + 8 "away"
 * residents with hostile names (one of them restricted). The requester is the community admin; the street office
 * approves at community level, the district at the criminal thresholds. Tests run in order; each starts a new
 * "day" (clock + 25 h) so the rolling daily cap of one test does not leak into the next.
 */

const HOSTILE = ['=HYPERLINK("http://x","a")', '+1+1', '-2', '@SUM(A1)', '\t=1', '\r=1', '普通姓名'];
const RESTRICTED_NAME = '保密人员';

/** All parts of an XLSX (zip) as text. */
async function zipTexts(buf: Buffer): Promise<Map<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) => yauzl.fromBuffer(buf, { lazyEntries: true }, (e, z) => (e || !z ? rej(e) : res(z))));
  const out = new Map<string, string>();
  await new Promise<void>((res, rej) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, s) => {
        if (err || !s) return rej(err);
        const parts: Buffer[] = [];
        s.on('data', (c: Buffer) => parts.push(c));
        s.on('end', () => {
          out.set(entry.fileName, Buffer.concat(parts).toString('utf8'));
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => res());
    zip.on('error', rej);
    zip.readEntry();
  });
  return out;
}

/** Splits a parsed sheet (array of rows) into watermark label→value, header and data rows. */
function splitSheet(rows: string[][]) {
  const headerAt = rows.findIndex((r) => r[0] === '姓名' || r[0] === '身份证号');
  const meta = new Map(rows.slice(0, headerAt).filter((r) => r.length >= 2 && r[0]).map((r) => [r[0]!, r[1]!]));
  return { meta, header: rows[headerAt]!, data: rows.slice(headerAt + 1).filter((r) => r.some((c) => c !== '')) };
}

async function xlsxRows(buf: Buffer): Promise<{ rows: string[][]; types: number[]; wb: ExcelJS.Workbook }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  const types: number[] = [];
  for (let i = 1; i <= ws.rowCount; i++) {
    const row = ws.getRow(i);
    const cells: string[] = [];
    for (let j = 1; j <= row.cellCount; j++) {
      const c = row.getCell(j);
      if (c.value !== null && c.value !== undefined) types.push(c.type);
      cells.push(c.value == null ? '' : (c.value as string));
    }
    rows.push(cells);
  }
  return { rows, types, wb };
}

describe('resident exports: dual control, thresholds, file hygiene, daily cap (SECURITY.md §7 C14–C17)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let s: Record<'admin' | 'admin2' | 'adminb' | 'street' | 'district' | 'grid1', Session>;
  const hostileIds: string[] = [];

  /** Starts a new day (+25 h, past the rolling cap window and the session lifetime) and logs everybody in again. */
  async function newDay() {
    t.clock.advance(25 * 3600_000);
    const names = ['admin', 'admin2', 'adminb', 'street', 'district', 'grid1'] as const;
    s = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await t.loginMfa(n)] as const))) as typeof s;
  }

  const request = (who: Session, body: Record<string, unknown>) =>
    as(t, who).post('/api/exports', { kind: 'residents', purpose: 'epidemic.screening', reason: '核酸筛查名单核对', format: 'xlsx', ...body });
  const decide = (who: Session, id: string, decision: 'approve' | 'reject', extra: Record<string, unknown> = {}) =>
    as(t, who).post(`/api/exports/${id}/approve`, { decision, note: decision === 'approve' ? '同意，限本次筛查使用' : '范围过大，请缩小', ...extra });
  const download = (who: Session, id: string) => as(t, who).get(`/api/exports/${id}/file`);
  const auditOf = (id: string) => t.platform.database.db.selectFrom('audit_log').selectAll().where('object_id', '=', id).orderBy('id').execute();
  const exportRow = (id: string) => t.platform.database.db.selectFrom('exports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestApp();
    fx = await seedScopedFixture(t, 0);
    const { auth } = t.services;
    await auth.createUser({ username: 'admin2', displayName: '社区主任', role: 'community_admin', orgId: t.orgs.community.id, password: DEMO_PASSWORD });
    await auth.createUser({ username: 'adminb', displayName: 'B社区书记', role: 'community_admin', orgId: t.orgs.other.id, password: DEMO_PASSWORD });
    const admin = (await auth.findByUsername('admin'))!;
    const principal = {
      kind: 'user' as const, id: admin.id, username: 'admin', displayName: 'x', role: 'community_admin', orgId: t.orgs.street.id, orgPath: t.orgs.street.path,
      orgLevel: 'street', orgName: 's', orgCode: 's', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
    };
    // 758 synthetic residents with valid IDs (region 330903, distinct sequence numbers), created in parallel batches.
    const plan: Array<{ householdId: string; residenceType: 'floating' | 'tenant' | 'away'; name: string }> = [
      ...Array.from({ length: 250 }, (_, i) => ({ householdId: fx.h1.id, residenceType: 'floating' as const, name: `钱流动${i}` })),
      ...Array.from({ length: 249 }, (_, i) => ({ householdId: fx.h1.id, residenceType: 'tenant' as const, name: `孙租户${i}` })),
      ...Array.from({ length: 250 }, (_, i) => ({ householdId: fx.h2.id, residenceType: 'tenant' as const, name: `李租户${i}` })),
      ...[...HOSTILE, RESTRICTED_NAME].map((name) => ({ householdId: fx.h2.id, residenceType: 'away' as const, name })),
    ];
    const created: string[] = [];
    for (let i = 0; i < plan.length; i += 50) {
      const batch = plan.slice(i, i + 50).map((p, k) => {
        const n = i + k;
        const id = makeCnId('330903', `${1950 + (n % 50)}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`, n);
        return t.services.registry.createResident(principal, SYSTEM_ACTOR, {
          householdId: p.householdId, name: p.name, idNumber: id, phone: `135${String(n).padStart(8, '0')}`, relation: 'other', residenceType: p.residenceType,
          tags: n % 3 === 0 ? ['chronic'] : [], consent: n % 3 === 0 ? { method: 'written' } : undefined,
        });
      });
      created.push(...(await Promise.all(batch)).map((r) => r.id));
    }
    hostileIds.push(...created.slice(-8));
    const { db, codec } = t.platform.database;
    // The registry trims names; a leading TAB or CR can still arrive from older data, so it is written directly here.
    for (const [k, name] of HOSTILE.entries()) if (/^[\t\r]/.test(name)) await db.updateTable('residents').set({ name }).where('id', '=', hostileIds[k]!).execute();
    await db.updateTable('residents').set({ restricted: codec.bool(true) }).where('id', '=', hostileIds[7]!).execute();
    await newDay();
  });
  afterAll(async () => t.close());

  it('C14: a 250-row export waits for a different person with a different role; download 403 before and 200 after; self-approval 403; all audited', async () => {
    const r = await request(s.admin, { filters: { gridId: fx.g2.id, residenceType: 'tenant' }, columns: ['name', 'idNumber', 'phone', 'address'] });
    expect(r.statusCode).toBe(202);
    const e = r.json();
    expect(e).toMatchObject({ status: 'pending_approval', rowCount: 250, approvalLevel: 'community', approvalReasons: ['row_limit'], dataClass: 'other', canDownload: false });

    const early = await download(s.admin, e.id);
    expect(early.statusCode).toBe(403);
    expect(early.json().error.code).toBe('export_not_approved');

    const self = await decide(s.admin, e.id, 'approve');
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('self_approval');
    const sameRole = await decide(s.admin2, e.id, 'approve');
    expect(sameRole.statusCode).toBe(403);
    expect(sameRole.json().error.code).toBe('same_role_approval');
    expect((await decide(s.adminb, e.id, 'approve')).statusCode).toBe(404); // another community: not in scope
    expect((await decide(s.grid1, e.id, 'approve')).statusCode).toBe(403); // no export:approve

    const awaiting = (await as(t, s.street).get('/api/exports')).json().items;
    expect(awaiting.find((x: { id: string }) => x.id === e.id)).toMatchObject({ canDecide: true, status: 'pending_approval' });
    // The grid of the filter is named in the export's own answer (the page needs no place tree for it; ADR 0048).
    expect(awaiting.find((x: { id: string }) => x.id === e.id)).toMatchObject({ filters: { gridId: fx.g2.id }, gridName: fx.g2.name });
    expect(e.gridName).toBe(fx.g2.name);
    expect((await download(s.street, e.id)).statusCode).toBe(403); // approvers do not hold resident:export
    expect((await download(s.admin2, e.id)).json().error.code).toBe('not_requester'); // sees it (approver in scope), may not fetch it

    const ok = await decide(s.street, e.id, 'approve');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'ready', canDecide: false, decision: { decision: 'approve', by: { username: 'street', role: 'street_staff' } } });
    expect((await decide(s.district, e.id, 'approve')).json().error.code).toBe('export_not_pending');

    const file = await download(s.admin, e.id);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="residents-\d{8}-[0-9a-f-]+\.xlsx"$/);
    const { data } = splitSheet((await xlsxRows(file.rawPayload)).rows);
    expect(data).toHaveLength(250);
    // Masked by default: ID and phone masked, names masked, the room hidden.
    expect(data.every((row) => /^\d{6}\*{8}[\dX]{4}$/.test(row[1]!) && /^1\d{2}\*{4}\d{4}$/.test(row[2]!) && /^李\*+$/.test(row[0]!) && row[3]!.endsWith('***室'))).toBe(true);
    expect(scanPi([...(await zipTexts(file.rawPayload)).values()].join('\n'))).toEqual([]);
    const again = await download(s.admin, e.id);
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe('export_consumed');

    const rows = await auditOf(e.id);
    const byAction = (a: string, o = 'success') => rows.filter((x) => x.action === a && x.outcome === o);
    expect(byAction('export_request')).toHaveLength(1);
    expect(byAction('export_request')[0]).toMatchObject({ actor_id: s.admin.userId, purpose: 'epidemic.screening', reason: '核酸筛查名单核对' });
    expect(Number(byAction('export_request')[0]!.count)).toBe(250);
    expect(JSON.parse(byAction('export_request')[0]!.fields)).toEqual(['name', 'idNumber', 'phone', 'address']);
    expect(byAction('export_approve')).toHaveLength(1);
    expect(byAction('export_approve')[0]!.actor_id).toBe(s.street.userId);
    expect(byAction('export_download')).toHaveLength(1);
    expect(Number(byAction('export_download')[0]!.count)).toBe(250);
    expect(byAction('export_approve', 'denied').map((x) => x.reason).sort()).toEqual(['export_not_pending', 'not_found', 'same_role_approval', 'self_approval']);
    expect(byAction('export_approve', 'denied').find((x) => x.reason === 'self_approval')!.severity).toBe('high');
    expect(byAction('export_download', 'denied').map((x) => x.reason)).toEqual(['export_not_approved', 'not_requester', 'export_consumed']);
    expect(scanPi(JSON.stringify(rows))).toEqual([]);
  });

  it('C15: health data (care tags) at 500 rows needs district approval; 499 rows pass with community-level approval', async () => {
    await newDay();
    const big = await request(s.admin, { filters: { gridId: fx.g1.id }, columns: ['name', 'tags'] });
    expect(big.statusCode).toBe(202);
    const b = big.json();
    expect(b).toMatchObject({ status: 'pending_district_approval', rowCount: 500, dataClass: 'health', approvalLevel: 'district' });
    expect(b.approvalReasons).toEqual(expect.arrayContaining(['row_limit', 'sensitive_columns', 'district_threshold']));
    const street = await decide(s.street, b.id, 'approve');
    expect(street.statusCode).toBe(403);
    expect(street.json().error.code).toBe('requires_district_approval');
    expect((await as(t, s.street).get('/api/exports')).json().items.map((x: { id: string }) => x.id)).not.toContain(b.id);
    expect((await download(s.admin, b.id)).statusCode).toBe(403);
    const district = await decide(s.district, b.id, 'approve');
    expect(district.statusCode).toBe(200);
    expect(district.json()).toMatchObject({ status: 'ready', decision: { by: { role: 'district_staff' } } });
    const f1 = await download(s.admin, b.id);
    expect(f1.statusCode).toBe(200);
    const sheet1 = splitSheet((await xlsxRows(f1.rawPayload)).rows);
    expect(sheet1.data).toHaveLength(500);
    expect(sheet1.header).toEqual(['姓名', '标签']);
    expect(sheet1.data.some((r) => r[1]!.includes('慢病'))).toBe(true);
    const dl = (await auditOf(b.id)).find((x) => x.action === 'export_download' && x.outcome === 'success')!;
    expect(dl.severity).toBe('high');

    await newDay();
    const below = await request(s.admin, { filters: { residenceType: 'tenant' }, columns: ['name', 'tags'], format: 'csv' });
    expect(below.statusCode).toBe(202);
    expect(below.json()).toMatchObject({ status: 'pending_approval', rowCount: 499, dataClass: 'health', approvalLevel: 'community' });
    expect(below.json().approvalReasons).not.toContain('district_threshold');
    expect((await decide(s.street, below.json().id, 'approve')).statusCode).toBe(200);
    const f2 = await download(s.admin, below.json().id);
    expect(f2.statusCode).toBe(200);
    expect(splitSheet(Papa.parse<string[]>(f2.rawPayload.toString('utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: false }).data).data).toHaveLength(499);
  });

  it('C16: hostile names are neutralised in CSV and XLSX, ID/phone masked unless the approval lists them, watermark and export_log hash', async () => {
    await newDay();
    const expected = (name: string) => (/^[=+\-@\t\r]/.test(name) ? `'${name}` : name);
    for (const format of ['csv', 'xlsx'] as const) {
      const r = await request(s.admin, { filters: { residenceType: 'away' }, columns: ['name', 'idNumber', 'phone', 'gridName'], unmasked: ['name', 'phone'], format, purpose: 'service.assistance' });
      expect(r.statusCode).toBe(202);
      expect(r.json()).toMatchObject({ rowCount: 8, approvalReasons: ['unmasked_columns'] });
      // The approver narrows the plaintext columns to the name only; asking for more than requested is refused.
      expect((await decide(s.street, r.json().id, 'approve', { unmasked: ['idNumber'] })).statusCode).toBe(400);
      const ok = await decide(s.street, r.json().id, 'approve', { unmasked: ['name'] });
      expect(ok.json().decision.unmasked).toEqual(['name']);
      const file = await download(s.admin, r.json().id);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="residents-\\d{8}-${r.json().id}\\.${format}"$`));
      const bytes = file.rawPayload;

      let rows: string[][];
      if (format === 'csv') {
        expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        rows = Papa.parse<string[]>(bytes.toString('utf8').slice(1), { skipEmptyLines: false }).data;
      } else {
        const x = await xlsxRows(bytes);
        rows = x.rows;
        expect(new Set(x.types)).toEqual(new Set([ExcelJS.ValueType.String]));
        const parts = await zipTexts(bytes);
        const sheetXml = [...parts].filter(([k]) => k.startsWith('xl/worksheets/sheet')).map(([, v]) => v).join('');
        expect(sheetXml).not.toMatch(/<f[ >]/);
        const cells = [...sheetXml.matchAll(/<c\b([^>]*?)(\/?)>/g)].filter((m) => m[2] !== '/');
        expect(cells.length).toBeGreaterThan(8 * 4);
        for (const m of cells) expect(m[1]).toMatch(/ t="(s|inlineStr|str)"/);
        // Watermark in the document properties as well.
        expect(x.wb.keywords).toBe(`exportId=${r.json().id}; userId=${s.admin.userId}; generatedAt=${t.clock.now().toISOString()}`);
        expect(x.wb.creator).toContain(s.admin.userId);
        expect(parts.get('docProps/core.xml')).toContain(r.json().id);
        expect(x.wb.description).toContain('purposeCode=service.assistance');
      }
      const { meta, header, data } = splitSheet(rows);
      expect(meta.get('导出编号 Export ID')).toBe(r.json().id);
      expect(meta.get('导出人 User ID')).toContain(s.admin.userId);
      expect(meta.get('导出时间 Exported at (UTC)')).toBe(t.clock.now().toISOString());
      // The purpose in words, not its code (the code stays in the XLSX document properties).
      expect(meta.get('用途 Purpose')).toBe('帮扶服务');
      expect(header).toEqual(['姓名', '身份证号', '手机号', '网格']);
      expect(data).toHaveLength(8);
      const names = data.map((d) => d[0]);
      for (const h of HOSTILE) {
        // XML turns a literal CR into LF when the XLSX is read back; the CSV keeps it (quoted).
        const want = format === 'xlsx' ? expected(h).replace(/\r/g, '\n') : expected(h);
        expect(names, JSON.stringify(h)).toContain(want);
      }
      expect(names).toContain('普通姓名');
      expect(names).toContain('保***'); // restricted record: masked whatever the approval says
      expect(names).not.toContain(RESTRICTED_NAME);
      for (const d of data) {
        expect(d[1]).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
        expect(d[2]).toMatch(/^1\d{2}\*{4}\d{4}$/); // phone was requested in plaintext but the approval did not list it
        expect(d[3]).toBe('第二网格');
      }
      expect(scanPi(format === 'csv' ? bytes.toString('utf8') : [...(await zipTexts(bytes)).values()].join('\n'))).toEqual([]);

      const log = await exportRow(r.json().id);
      expect(log.file_sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
      expect(file.headers['x-export-sha256']).toBe(log.file_sha256);
      expect(Number(log.file_rows)).toBe(8);
      expect(Number(log.file_bytes)).toBe(bytes.length);
      expect(Number(log.row_count)).toBe(8);
      expect(JSON.parse(log.column_list)).toEqual(['name', 'idNumber', 'phone', 'gridName']);
      expect(log.purpose).toBe('service.assistance');
      expect(log.status).toBe('downloaded');
      const dl = (await auditOf(r.json().id)).find((x) => x.action === 'export_download' && x.outcome === 'success')!;
      expect(JSON.parse(dl.fields)).toEqual(['name:unmasked', 'idNumber', 'phone', 'gridName']);
      const subjects = await t.platform.database.db.selectFrom('export_subjects').select('resident_id').where('export_id', '=', r.json().id).execute();
      expect(subjects.map((x) => x.resident_id).sort()).toEqual([...hostileIds].sort());
    }
  });

  it('C16: with the approval listing idNumber and phone the file carries them in plaintext; masked ID + birth date needs approval', async () => {
    await newDay();
    const r = await request(s.admin, { filters: { gridId: fx.g1.id, residenceType: 'registered' }, columns: ['name', 'idNumber', 'phone'], unmasked: ['idNumber', 'phone'], format: 'csv' });
    expect(r.json()).toMatchObject({ status: 'pending_approval', rowCount: 1 });
    await decide(s.street, r.json().id, 'approve');
    const f = await download(s.admin, r.json().id);
    const { data } = splitSheet(Papa.parse<string[]>(f.rawPayload.toString('utf8').slice(1)).data);
    expect(data).toEqual([['张*', FIXTURE_IDS.R1, '13812345678']]);
    // The audit trail never carries the plaintext that the file did.
    expect(scanPi(JSON.stringify(await auditOf(r.json().id)))).toEqual([]);

    const dob = await request(s.admin, { filters: { gridId: fx.g1.id, residenceType: 'registered' }, columns: ['idNumber', 'birthDate'] });
    expect(dob.statusCode).toBe(202);
    expect(dob.json().approvalReasons).toEqual(['id_reconstructable']);
    const tag = await request(s.admin, { filters: { tag: 'chronic', residenceType: 'floating' }, columns: ['name'] });
    expect(tag.json()).toMatchObject({ status: 'pending_approval', dataClass: 'health' });
    expect(tag.json().approvalReasons).toEqual(['sensitive_filter']);
  });

  it('C17: approved exports past the daily cap → 429 daily_export_cap with a high-severity alert; rejected requests do not count', async () => {
    await newDay();
    const approveAndFetch = async (body: Record<string, unknown>, rows: number) => {
      const r = await request(s.admin, body);
      expect(r.json().rowCount).toBe(rows);
      if (r.statusCode === 202) expect((await decide(s.street, r.json().id, 'approve')).statusCode).toBe(200);
      else expect(r.statusCode).toBe(201);
      expect((await download(s.admin, r.json().id)).statusCode).toBe(200);
    };
    await approveAndFetch({ filters: { gridId: fx.g1.id }, columns: ['name'] }, 500);
    await approveAndFetch({ filters: { residenceType: 'tenant' }, columns: ['name'] }, 499);
    await approveAndFetch({ filters: { gridId: fx.g1.id, residenceType: 'registered' }, columns: ['name', 'sex'] }, 1); // 1,000: exactly the cap
    const before = await t.platform.database.db.selectFrom('security_alerts').selectAll().execute();
    const over = await request(s.admin, { filters: { residenceType: 'away' }, columns: ['name'] });
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('daily_export_cap');
    const alerts = await t.platform.database.db.selectFrom('security_alerts').selectAll().execute();
    expect(alerts.length).toBe(before.length + 1);
    const alert = alerts.find((a) => !before.some((b) => b.id === a.id))!;
    expect(alert).toMatchObject({ kind: 'daily_export_cap', severity: 'high', actor_id: s.admin.userId, status: 'open' });
    expect(Number(alert.count)).toBe(1008);
    const capAudit = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'export_cap_exceeded').execute();
    expect(capAudit).toHaveLength(1);
    expect(capAudit[0]).toMatchObject({ actor_id: s.admin.userId, outcome: 'denied', severity: 'high' });
    expect(await t.platform.database.db.selectFrom('exports').select('id').where('row_count', '=', 8).where('created_at', '>=', t.clock.now().toISOString()).execute()).toEqual([]);

    await newDay();
    const first = await request(s.admin, { filters: { gridId: fx.g1.id }, columns: ['name'] });
    expect((await decide(s.street, first.json().id, 'reject')).json()).toMatchObject({ status: 'rejected', decision: { decision: 'reject' } });
    expect((await download(s.admin, first.json().id)).json().error.code).toBe('export_rejected');
    // 500 rejected + 500 + 499 would pass the cap; without the rejected one it is 999.
    expect((await request(s.admin, { filters: { gridId: fx.g1.id }, columns: ['name'] })).statusCode).toBe(202);
    expect((await request(s.admin, { filters: { residenceType: 'tenant' }, columns: ['name'] })).statusCode).toBe(202);
    const fourth = await request(s.admin, { filters: { residenceType: 'away' }, columns: ['name'] });
    expect(fourth.statusCode).toBe(429); // pending requests count: 999 + 8 > 1,000
  });

  it('small masked exports are ready at once, lapse after the download window, and are visible only to requester and approvers in scope', async () => {
    await newDay();
    const r = await request(s.admin, { filters: { residenceType: 'away' }, columns: ['name', 'idNumber'], format: 'csv' });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ status: 'ready', approvalLevel: 'none', approvalReasons: [], canDownload: true, rowCount: 8 });
    expect((await as(t, s.admin).get(`/api/exports/${r.json().id}`)).statusCode).toBe(200);
    expect((await as(t, s.street).get(`/api/exports/${r.json().id}`)).statusCode).toBe(200);
    expect((await as(t, s.district).get(`/api/exports/${r.json().id}`)).statusCode).toBe(200);
    expect((await as(t, s.adminb).get(`/api/exports/${r.json().id}`)).statusCode).toBe(404);
    expect((await as(t, s.grid1).get(`/api/exports/${r.json().id}`)).statusCode).toBe(404);
    expect((await as(t, s.adminb).get('/api/exports')).json().items).toEqual([]);
    const mine = (await as(t, s.admin).get('/api/exports')).json().items;
    expect(mine[0].id).toBe(r.json().id);
    t.clock.advance(24 * 3600_000 + 1000);
    const late = await t.login('admin');
    const gone = await download(late, r.json().id);
    expect(gone.statusCode).toBe(410);
    expect(gone.json().error.code).toBe('export_expired');
    expect((await as(t, late).get(`/api/exports/${r.json().id}`)).json().status).toBe('expired');
  });

  it('requests are validated and scoped: no grid-worker exports, unmasked ⊆ columns, filters never widen the scope', async () => {
    await newDay();
    expect((await request(s.grid1, { columns: ['name'] })).statusCode).toBe(403);
    const stray = await request(s.admin, { columns: ['name'], unmasked: ['idNumber'] });
    expect(stray.statusCode).toBe(400);
    expect(stray.json().error.details[0]).toMatchObject({ path: 'unmasked', code: 'not_in_columns' });
    const bad = await request(s.admin, { columns: ['name', 'healthCode'] });
    expect(bad.statusCode).toBe(400);
    expect((await request(s.admin, { columns: ['name'], extra: 1 })).statusCode).toBe(400);
    const outside = await request(s.admin, { filters: { gridId: fx.gB.id }, columns: ['name'] });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.code).toBe('export_empty');
    expect((await as(t, s.admin).post('/api/exports/nope/approve', { decision: 'approve', note: '同意导出' })).statusCode).toBe(404);
  });
});
