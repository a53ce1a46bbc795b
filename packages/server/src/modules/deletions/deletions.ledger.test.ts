// The erasure ledger (ADR 0043): an erase decision leaves a line outside the database; after a restore brought the
// erased data back, the erasure is applied again (new certificate, audited), and a second run finds nothing to do.
// The service part runs on both dialects (the restore is played by putting the person's rows back); the real
// `backupSqlite` → erase → `restoreSqlite` → `renxing erasures reapply` / `renxing restore` path on SQLite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, dataDirSessions, TEST_DIALECT, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { backupSqlite, restoreSqlite } from '../../platform/backup';
import type { Platform } from '../../platform/context';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { listSchemaColumns } from '../privacy';

const LEDGER_KEYS = ['certificateHash', 'certificateSeq', 'decidedAt', 'requestId', 'residentId', 'scope'];

type Fx = Awaited<ReturnType<typeof seedScopedFixture>>;
type Person = { id: string; userId: string; username: string; session: Session; name: string; idNumber: string; phone: string };

/** The ledger's lines, parsed (none while the file does not exist). */
function ledgerLines(file: string): Array<Record<string, unknown>> {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** Every table but the audit log, as text, searched for each needle; `table: needle` for every hit. */
async function scanFor(platform: Platform, needles: Array<string | null | undefined>): Promise<string[]> {
  const db = platform.database.db;
  const tables = [...new Set((await listSchemaColumns(platform.database)).map((c) => c.table))].filter((x) => x !== 'audit_log');
  const found: string[] = [];
  for (const table of tables) {
    const text = JSON.stringify(await db.selectFrom(table).selectAll().execute(), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    for (const n of needles) if (n && text.includes(n)) found.push(`${table}: ${n.slice(0, 12)}`);
  }
  return found;
}

/** Helpers over one test app: residents with their own account, requests, decisions (as deletions.test.ts). */
function people(t: TestApp, fx: () => Fx) {
  let seq = 0;
  return {
    async resident(name: string, idNumber: string, phone: string, extra: Record<string, unknown> = {}): Promise<Person> {
      const admin = await t.login('admin');
      const r = await as(t, admin).post('/api/residents', { householdId: fx().h1.id, name, idNumber, phone, relation: 'other', residenceType: 'registered', ...extra }, { 'idempotency-key': `lk-${++seq}` });
      if (r.statusCode !== 201) throw new Error(`create ${name}: ${r.statusCode} ${r.body}`);
      const username = `led${seq}x`;
      const user = await t.services.auth.createUser({ username, displayName: name, role: 'resident', orgId: fx().g1.id, password: DEMO_PASSWORD });
      await t.services.selfReports.linkAccount(user.id, r.json().id);
      return { id: r.json().id as string, userId: user.id, username, session: await t.login(username), name, idNumber, phone };
    },
    async request(p: Person, scope: 'record' | 'care_tags'): Promise<string> {
      const r = await as(t, p.session).post('/api/me/deletion-requests', { ground: 'moved_away', scope, note: '请删除我的信息' });
      if (r.statusCode !== 201) throw new Error(`request: ${r.statusCode} ${r.body}`);
      return r.json().id as string;
    },
    async erase(id: string, version = 1) {
      t.clock.advance(30_000);
      const a = await t.loginMfa('admin');
      return as(t, a).post(`/api/registry/deletion-requests/${id}/decide`, { decision: 'erase', version });
    },
  };
}

describe('erasure ledger (ADR 0043): erasures re-applied after a restore (service)', () => {
  let t: TestApp;
  let fx: Fx;
  let h: ReturnType<typeof people>;
  const db = () => t.platform.database.db;
  const codec = () => t.platform.database.codec;
  const file = () => t.config.erasureLedgerFile;
  /** The resident whose care tags were erased in the second test. */
  let dId = '';

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-01T10:00:00+08:00' });
    fx = await seedScopedFixture(t);
    h = people(t, () => fx);
  });
  afterAll(async () => t.close());

  it('writes no line for a decision whose transaction failed; a line that cannot be written is logged, counted and alerted, and the erasure stands', async () => {
    expect(file()).toBe(path.join(t.config.dataDir, 'erasure-ledger.jsonl'));
    const p = await h.resident('韩雪梅', makeCnId('330902', '1984-02-02', 601), '13655551001', { tags: ['chronic'], consent: { method: 'written', note: '同意书' } });
    const id = await h.request(p, 'care_tags');
    // A stale version fails inside the decision's transaction: rolled back, no line.
    const stale = await h.erase(id, 7);
    expect(stale.statusCode).toBe(409);
    expect(ledgerLines(file())).toEqual([]);

    // The ledger path is a directory: the append fails after the commit.
    fs.mkdirSync(file());
    try {
      const res = await h.erase(id);
      expect(res.statusCode).toBe(200);
      expect(await db().selectFrom('resident_consents').selectAll().where('resident_id', '=', p.id).execute()).toEqual([]);
      const logged = t.logs.map((l) => JSON.parse(l)).filter((l) => l.level === 50 && String(l.msg).startsWith('ERASURE LEDGER NOT WRITTEN'));
      expect(logged).toHaveLength(1);
      expect(JSON.parse(logged[0].line)).toMatchObject({ requestId: id, residentId: p.id, scope: 'care_tags', certificateSeq: res.json().certificate.seq });
      const alerts = await db().selectFrom('security_alerts').selectAll().where('kind', '=', 'erasure_ledger_failed').execute();
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ severity: 'high', object_id: id, status: 'open' });
      expect(t.platform.metrics.render()).toMatch(/erasure_ledger_append_failures_total 1/);
    } finally {
      fs.rmSync(file(), { recursive: true, force: true });
    }
    // The next check (at start, or on demand) adds the missing line from the database's certificate.
    expect(await t.services.deletions.reapplyErasures('startup')).toMatchObject({ checked: 1, reapplied: 0, backfilled: 1, invalidLines: [] });
    const [line] = ledgerLines(file());
    expect(line).toMatchObject({ requestId: id, residentId: p.id, scope: 'care_tags', certificateSeq: (await t.services.deletions.certificates({ page: 1, pageSize: 1 })).items[0]!.seq });
  });

  it('re-applies a record and a care-tags erasure whose data came back, with new certificates; a second run does nothing', async () => {
    const c = await h.resident('司马青云', makeCnId('330902', '1986-06-16', 613), '13655551002', { tags: ['disabled'], consent: { method: 'written', note: '同意书' } });
    const d = await h.resident('上官明月', makeCnId('330902', '1987-07-17', 625), '13655551003', { tags: ['living_alone', 'chronic'], consent: { method: 'written', note: '同意书' } });
    // A trace in another module, erased through its eraser: a correction request.
    expect((await as(t, c.session).post('/api/me/corrections', { field: 'name', proposed: '司马青', note: '名字写错了' })).statusCode).toBe(201);
    const cReq = await h.request(c, 'record');
    const dReq = await h.request(d, 'care_tags');
    dId = d.id;

    // What a backup taken now holds about them.
    const snap = async (table: string, col: string, v: string) => db().selectFrom(table).selectAll().where(col, '=', v).execute();
    const backup = {
      residents: [...(await snap('residents', 'id', c.id))], cTags: await snap('resident_tags', 'resident_id', c.id), cConsents: await snap('resident_consents', 'resident_id', c.id),
      accounts: await snap('resident_accounts', 'resident_id', c.id), corrections: await snap('correction_requests', 'resident_id', c.id),
      user: (await snap('users', 'id', c.userId))[0]!, request: (await snap('deletion_requests', 'id', cReq))[0]!,
      d: (await snap('residents', 'id', d.id))[0]!, dTags: await snap('resident_tags', 'resident_id', d.id), dConsents: await snap('resident_consents', 'resident_id', d.id),
    };
    const secrets = await db().selectFrom('residents').select(['id_bidx', 'phone_bidx', 'id_number_enc', 'phone_enc', 'name_pinyin']).where('id', '=', c.id).executeTakeFirstOrThrow();

    const cRes = await h.erase(cReq);
    const dRes = await h.erase(dReq);
    expect([cRes.statusCode, dRes.statusCode]).toEqual([200, 200]);

    // One line per erasure, ids and the certificate only: no name, number or phone of anybody.
    const lines = ledgerLines(file()).slice(1);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(Object.keys(l).sort()).toEqual(LEDGER_KEYS);
    expect(lines).toEqual([
      { requestId: cReq, residentId: c.id, scope: 'record', certificateSeq: cRes.json().certificate.seq, certificateHash: cRes.json().certificate.hash, decidedAt: cRes.json().certificate.decidedAt },
      { requestId: dReq, residentId: d.id, scope: 'care_tags', certificateSeq: dRes.json().certificate.seq, certificateHash: dRes.json().certificate.hash, decidedAt: dRes.json().certificate.decidedAt },
    ]);
    const text = fs.readFileSync(file(), 'utf8');
    for (const n of [c.name, c.idNumber, c.phone, d.name, d.idNumber, d.phone, c.phone.slice(-4) + '"', secrets.id_bidx, secrets.name_pinyin, c.username]) expect(text).not.toContain(n);
    expect((fs.statSync(file()).mode & 0o777).toString(8)).toBe('600');

    // The restore: the backup's rows are back (the certificate chain goes on from where it is; a real restore would roll it back too).
    const plain = (row: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v]));
    const putBack = async (table: string, rows: Array<Record<string, unknown>>) => {
      for (const r of rows) await db().insertInto(table).values(plain(r)).execute();
    };
    await putBack('residents', backup.residents);
    await putBack('resident_tags', backup.cTags);
    await putBack('resident_consents', backup.cConsents);
    await putBack('resident_accounts', backup.accounts);
    await putBack('correction_requests', backup.corrections);
    const { id: _u, ...user } = backup.user;
    await db().updateTable('users').set(plain(user)).where('id', '=', c.userId).execute();
    const { id: _r, ...request } = backup.request;
    await db().updateTable('deletion_requests').set(plain(request)).where('id', '=', cReq).execute();
    await db().updateTable('residents').set({ tags: backup.d.tags, version: backup.d.version }).where('id', '=', d.id).execute();
    await db().deleteFrom('resident_tags').where('resident_id', '=', d.id).execute();
    await putBack('resident_tags', backup.dTags);
    await putBack('resident_consents', backup.dConsents);
    expect(await scanFor(t.platform, [c.name, secrets.id_bidx])).not.toEqual([]);
    const certsBefore = (await t.services.deletions.certificates({ page: 1, pageSize: 100 })).total;

    const run = await t.services.deletions.reapplyErasures('cli');
    expect(run).toMatchObject({ checked: 3, reapplied: 2, backfilled: 0, invalidLines: [] });

    // C is gone again: no name, number, ciphertext, blind index or note anywhere but the audit log; the account anonymised.
    expect(await scanFor(t.platform, [c.name, c.idNumber, c.phone, secrets.id_bidx, secrets.phone_bidx, secrets.id_number_enc, secrets.phone_enc, secrets.name_pinyin, '名字写错了'])).toEqual([]);
    expect(await db().selectFrom('users').selectAll().where('id', '=', c.userId).executeTakeFirstOrThrow()).toMatchObject({ status: 'disabled', display_name: '已注销' });
    // D keeps the record without the consent-based tags and without consent records.
    const dRow = await db().selectFrom('residents').select('tags').where('id', '=', d.id).executeTakeFirstOrThrow();
    expect(codec().readJson<string[]>(dRow.tags)).toEqual([]);
    expect(await db().selectFrom('resident_tags').selectAll().where('resident_id', '=', d.id).execute()).toEqual([]);
    expect(await db().selectFrom('resident_consents').selectAll().where('resident_id', '=', d.id).execute()).toEqual([]);

    // Two new certificates (decision erase, the ledger's system actor), the chain verifies; audited with the old certificate.
    const certs = await t.services.deletions.certificates({ page: 1, pageSize: 100 });
    expect(certs.total).toBe(certsBefore + 2);
    expect(certs.items.slice(0, 2).map((x) => [x.requestId, x.decision, x.scope, x.actor])).toEqual([
      [dReq, 'erase', 'care_tags', 'system:erasure-ledger'], [cReq, 'erase', 'record', 'system:erasure-ledger'],
    ]);
    expect(certs.items[1]!.counts).toMatchObject({ residents: 1, resident_accounts: 1, correction_requests: 1, 'users (resident accounts disabled)': 1, resident_consents: 1 });
    expect(certs.items[0]!.counts).toEqual({ resident_tags: 2, resident_consents: 1 });
    expect(run.items.map((x) => x.certificateSeq)).toEqual([certs.items[1]!.seq, certs.items[0]!.seq]);
    expect(await t.services.deletions.verifyCertificates()).toMatchObject({ ok: true });
    const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'deletion_reapply').orderBy('id').execute();
    expect(audit.map((a) => [a.object_id, a.subject_id, a.actor_id, a.severity])).toEqual([[cReq, c.id, 'system:erasure-ledger', 'high'], [dReq, d.id, 'system:erasure-ledger', 'normal']]);
    expect(audit[0]!.reason).toContain(`re-applied after a restore (cli): erase record of certificate #${cRes.json().certificate.seq} ${cRes.json().certificate.hash}`);
    expect(JSON.stringify(audit)).not.toContain(c.name);
    // The request the backup held as open is erased again, with the new certificate and no note.
    expect(await db().selectFrom('deletion_requests').selectAll().where('id', '=', cReq).executeTakeFirstOrThrow())
      .toMatchObject({ status: 'erased', note_enc: null, certificate_id: certs.items[1]!.id });

    // Idempotent: nothing left to do, nothing written (no certificate, no ledger line).
    expect(await t.services.deletions.reapplyErasures('startup')).toMatchObject({ checked: 3, reapplied: 0, backfilled: 0 });
    expect((await t.services.deletions.certificates({ page: 1, pageSize: 1 })).total).toBe(certsBefore + 2);
    expect(ledgerLines(file())).toHaveLength(3);
  });

  it('leaves alone care tags given with a new consent after the erasure; honours a pruning mark; reports unreadable lines', async () => {
    const d = dId;
    const admin = await t.login('admin');
    t.clock.advance(60_000);
    const version = Number((await db().selectFrom('residents').select('version').where('id', '=', d).executeTakeFirstOrThrow()).version);
    const upd = await as(t, admin).post(`/api/residents/${d}/update`, { version, tags: ['living_alone'], consent: { method: 'written', note: '重新同意' } });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(await t.services.deletions.reapplyErasures('cli')).toMatchObject({ checked: 3, reapplied: 0, backfilled: 0 });
    // Pruned by hand (ADR 0043): the oldest line removed, a mark at the next one's time; its certificate is not added back.
    const [, ...kept] = ledgerLines(file());
    fs.writeFileSync(file(), `${[...kept, { prunedBefore: kept[0]!.decidedAt }].map((l) => JSON.stringify(l)).join('\n')}\n`);
    expect(await t.services.deletions.reapplyErasures('cli')).toMatchObject({ checked: 2, reapplied: 0, backfilled: 0, invalidLines: [] });
    expect(ledgerLines(file())).toHaveLength(3);
    fs.appendFileSync(file(), 'not json\n{"requestId":"x"}\n');
    const run = await t.services.deletions.reapplyErasures('cli');
    expect(run).toMatchObject({ checked: 2, reapplied: 0, backfilled: 0, invalidLines: [4, 5] });
    expect(codec().readJson<string[]>((await db().selectFrom('residents').select('tags').where('id', '=', d).executeTakeFirstOrThrow()).tags)).toEqual(['living_alone']);
  });
});

describe.skipIf(TEST_DIALECT !== 'sqlite')('erasure ledger (ADR 0043): backup, erase, restore, re-apply (SQLite, the CLI path)', () => {
  let t: TestApp;
  let fx: Fx;
  let h: ReturnType<typeof people>;
  let outDir: string;
  /** The app on the data directory right now (the test's own until the first restore), and the command line on it. */
  const dd = dataDirSessions();

  beforeAll(async () => {
    t = await createTestApp({ clockStart: new Date().toISOString() });
    dd.adopt(t);
    fx = await seedScopedFixture(t);
    h = people(t, () => fx);
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-ledger-bk-'));
  });
  afterAll(async () => {
    await dd.close();
    fs.rmSync(t.config.dataDir, { recursive: true, force: true });
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('brings the erased back with the backup, and erases them again: `renxing erasures reapply`, then `renxing restore` by itself', async () => {
    const a = await h.resident('慕容秋水', makeCnId('330902', '1983-03-13', 638), '13655552001', { tags: ['pregnant'], consent: { method: 'written', note: '同意书' } });
    const b = await h.resident('欧阳春晓', makeCnId('330902', '1989-09-19', 649), '13655552002', { tags: ['chronic'], consent: { method: 'written', note: '同意书' } });
    const secrets = await t.platform.database.db.selectFrom('residents').select(['id_bidx', 'id_number_enc', 'name_pinyin']).where('id', '=', a.id).executeTakeFirstOrThrow();
    const needles = [a.name, a.idNumber, a.phone, secrets.id_bidx, secrets.id_number_enc, secrets.name_pinyin];
    const aReq = await h.request(a, 'record');
    const backupFile = path.join(outDir, 'before-erasure.rxbak');
    backupSqlite(t.config.sqlitePath, backupFile, t.platform.keys.dataKey);
    // B asks after the backup: the restored database will not know the request at all.
    const bReq = await h.request(b, 'care_tags');
    expect((await h.erase(aReq)).statusCode).toBe(200);
    expect((await h.erase(bReq)).statusCode).toBe(200);
    expect(ledgerLines(t.config.erasureLedgerFile).map((l) => [l.requestId, l.scope])).toEqual([[aReq, 'record'], [bReq, 'care_tags']]);
    expect(await scanFor(t.platform, needles)).toEqual([]);

    // The restore the CLI runs: the server is stopped, the backup replaces the database. A is back, B's consent too.
    await dd.close();
    restoreSqlite(backupFile, t.config.sqlitePath, t.platform.keys.dataKey);
    let { platform } = await dd.open();
    expect(await platform.database.db.selectFrom('residents').select('id').where('id', '=', a.id).executeTakeFirst()).toBeTruthy();
    expect(await platform.database.db.selectFrom('resident_consents').select('id').where('resident_id', '=', b.id).execute()).toHaveLength(1);
    expect(await platform.database.db.selectFrom('deletion_requests').select('id').where('id', '=', bReq).executeTakeFirst()).toBeUndefined();
    await dd.close();

    const reapply = dd.cli('erasures', 'reapply', '--json');
    expect(reapply.status, reapply.stderr).toBe(0);
    expect(JSON.parse(reapply.stdout.trim())).toEqual({ checked: 2, reapplied: 2 });

    ({ platform } = await dd.open());
    const { deletions } = dd.current!.app.services;
    expect(await scanFor(platform, needles)).toEqual([]);
    expect(await platform.database.db.selectFrom('resident_consents').select('id').where('resident_id', '=', b.id).execute()).toEqual([]);
    const certs = await deletions.certificates({ page: 1, pageSize: 2 });
    expect(certs.items.map((x) => [x.requestId, x.scope, x.actor])).toEqual([[bReq, 'care_tags', 'system:erasure-ledger'], [aReq, 'record', 'system:erasure-ledger']]);
    expect(await deletions.verifyCertificates()).toMatchObject({ ok: true });
    expect(await deletions.reapplyErasures('cli')).toMatchObject({ checked: 2, reapplied: 0 });
    await dd.close();

    // `renxing restore` re-applies on its own and says so.
    const restore = dd.cli('restore', backupFile);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('erasure ledger: 2 erasures checked, 2 re-applied');
    ({ platform } = await dd.open());
    expect(await scanFor(platform, needles)).toEqual([]);
    expect(await dd.current!.app.services.deletions.verifyCertificates()).toMatchObject({ ok: true });
    const reasons = await platform.database.db.selectFrom('audit_log').select('reason').where('action', '=', 'deletion_reapply').execute();
    expect(reasons.map((r) => String(r.reason).slice(0, 36))).toEqual(['re-applied after a restore (restore)', 're-applied after a restore (restore)']);
  }, 120_000);
});
