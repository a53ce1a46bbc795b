import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { makeCnId } from '@renxing/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, TEST_DATA_KEY, TEST_DIALECT, TEST_INDEX_KEY, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { DEMO_PASSWORD } from '../../seed/foundation';

const BIN = path.resolve(import.meta.dirname, '../../../bin/renxing.mjs');

/**
 * The deletion certificates of decided deletion requests (ADR 0037) for the auditor and the security admin
 * (`retention:read`): the list (counts only) and the chain check, which names the first tampered certificate.
 */
describe('deletion certificates: list and chain check (ADR 0037)', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  let seq = 0;
  const db = () => t.platform.database.db;
  const people = [
    { name: '冯秋菊', idNumber: makeCnId('330902', '1950-05-05', 201), phone: '13655550005' },
    { name: '吴思远', idNumber: makeCnId('330902', '1990-07-07', 151), phone: '13655550003' },
  ];

  /** A resident with their own account, who asks for a deletion; the id of the request. */
  async function requestFrom(p: (typeof people)[number], body: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const admin = await t.login('admin');
    const r = await as(t, admin).post('/api/residents', {
      householdId: fx.h1.id, name: p.name, idNumber: p.idNumber, phone: p.phone, relation: 'other', residenceType: 'registered', ...extra,
    }, { 'idempotency-key': `c-${++seq}` });
    if (r.statusCode !== 201) throw new Error(`create ${p.name}: ${r.statusCode} ${r.body}`);
    const username = `cert${seq}x`;
    const user = await t.services.auth.createUser({ username, displayName: p.name, role: 'resident', orgId: fx.g1.id, password: DEMO_PASSWORD });
    await t.services.selfReports.linkAccount(user.id, r.json().id);
    const req = await as(t, await t.login(username)).post('/api/me/deletion-requests', body);
    if (req.statusCode !== 201) throw new Error(`request ${p.name}: ${req.statusCode} ${req.body}`);
    return req.json().id as string;
  }

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-01T10:00:00+08:00' });
    fx = await seedScopedFixture(t);
    // Two decisions: the care tags erased (counts), then a rejection (total 0).
    const erase = await requestFrom(people[0]!, { ground: 'consent_withdrawn', scope: 'care_tags' }, { tags: ['living_alone', 'chronic'], consent: { method: 'written', note: '同意书' } });
    const reject = await requestFrom(people[1]!, { ground: 'other', scope: 'record' });
    t.clock.advance(30_000);
    const a = await t.loginMfa('admin');
    for (const [id, body] of [[erase, { decision: 'erase', version: 1 }], [reject, { decision: 'reject', reply: '户籍登记依法须保存', version: 1 }]] as const) {
      const res = await as(t, a).post(`/api/registry/deletion-requests/${id}/decide`, body);
      if (res.statusCode !== 200) throw new Error(`decide: ${res.statusCode} ${res.body}`);
    }
  });
  afterAll(async () => t.close());

  it('the auditor lists the certificates newest first, with counts and no name, number or note of the resident', async () => {
    const aud = await t.login('auditor');
    const res = await as(t, aud).get('/api/registry/deletion-certificates');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(body.items.map((c: { seq: number }) => c.seq)).toEqual([2, 1]);
    expect(body.items[0]).toMatchObject({ decision: 'reject', scope: 'record', total: 0, counts: {} });
    expect(body.items[1]).toMatchObject({ decision: 'erase', scope: 'care_tags', total: 3, counts: { resident_tags: 2, resident_consents: 1 } });
    expect(body.items[1].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.items[0].prevHash).toBe(body.items[1].hash);
    for (const p of people) for (const v of [p.name, p.idNumber, p.phone, p.idNumber.slice(-4)]) expect(res.body).not.toContain(v);
    expect(res.body).not.toContain('户籍登记依法须保存');
    expect(res.body).not.toContain('同意书');
    // Paged; the query is strict.
    const second = (await as(t, aud).get('/api/registry/deletion-certificates?page=2&pageSize=1')).json();
    expect(second).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(second.items.map((c: { seq: number }) => c.seq)).toEqual([1]);
    expect((await as(t, aud).get('/api/registry/deletion-certificates?pageSize=101')).statusCode).toBe(400);
    expect((await as(t, aud).get('/api/registry/deletion-certificates?residentId=x')).statusCode).toBe(400);
    // Counts only: not audited as a read of personal data (like the retention job's certificates).
    expect(await db().selectFrom('audit_log').selectAll().where('object_type', '=', 'deletion_certificate').execute()).toEqual([]);
  });

  it('the security admin reads them too; grid workers, residents and the deciding community admin get 403', async () => {
    const sec = await t.login('secadmin');
    expect((await as(t, sec).get('/api/registry/deletion-certificates')).json().total).toBe(2);
    for (const who of ['grid1', 'resident', 'admin', 'doctor', 'sysadmin']) {
      const s = await t.login(who);
      expect((await as(t, s).get('/api/registry/deletion-certificates')).statusCode, who).toBe(403);
      expect((await as(t, s).get('/api/registry/deletion-certificates/verify')).statusCode, who).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/registry/deletion-certificates' })).statusCode).toBe(401);
  });

  it('verify answers ok with the number checked, audited', async () => {
    const aud = await t.login('auditor');
    const res = await as(t, aud).get('/api/registry/deletion-certificates/verify');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, checked: 2, firstBrokenSeq: null });
    const [row] = (await auditRows(t, { action: 'certificate_verify' })).slice(-1);
    expect(row).toMatchObject({ object_type: 'deletion_certificate', outcome: 'success', severity: 'normal', count: 2, actor_id: aud.userId });
  });

  it('a tampered certificate breaks the chain: verify names it (API and renxing audit verify)', async () => {
    if (TEST_DIALECT === 'sqlite') {
      await sql.raw('drop trigger deletion_certificates_no_update').execute(db());
      await sql`update deletion_certificates set total = 1, counts = ${JSON.stringify({ resident_tags: 1 })} where seq = 1`.execute(db());
    } else {
      await sql.raw('alter table deletion_certificates disable trigger deletion_certificates_no_change').execute(db());
      await sql`update deletion_certificates set total = 1, counts = ${JSON.stringify({ resident_tags: 1 })} where seq = 1`.execute(db());
      await sql.raw('alter table deletion_certificates enable trigger deletion_certificates_no_change').execute(db());
    }
    const aud = await t.login('auditor');
    const res = await as(t, aud).get('/api/registry/deletion-certificates/verify');
    expect(res.json()).toEqual({ ok: false, checked: 1, firstBrokenSeq: 1 });
    const [row] = (await auditRows(t, { action: 'certificate_verify' })).slice(-1);
    expect(row).toMatchObject({ outcome: 'error', severity: 'high', object_id: '1', reason: 'broken at certificate #1' });
    // The list still answers (it shows what is stored).
    expect((await as(t, aud).get('/api/registry/deletion-certificates')).json().items[1]).toMatchObject({ seq: 1, total: 1 });
    if (TEST_DIALECT === 'sqlite') {
      // The command-line verifier checks the certificate chain after the audit chain: exits 1 and names the certificate.
      const r = spawnSync(process.execPath, [BIN, 'audit', 'verify'], {
        env: { ...process.env, RENXING_DATA_DIR: t.config.dataDir, RENXING_DATA_KEY: TEST_DATA_KEY, RENXING_INDEX_KEY: TEST_INDEX_KEY }, encoding: 'utf8', timeout: 60_000,
      });
      expect(r.stdout).toContain('audit chain ok');
      expect(r.stdout).toContain('deletion certificate chain BROKEN at certificate #1');
      // The retention job's chain is checked too, and is intact here: only the deletion certificates fail the command.
      expect(r.stdout).toMatch(/retention certificates ok: \d+ checked/);
      expect(r.status, r.stdout + r.stderr).toBe(1);
    }
  }, 90_000);
});
