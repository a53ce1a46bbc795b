// `renxing erasures prune` (ADR 0043, addendum): erasure-ledger lines decided before the cutoff (the oldest backup still
// kept) are removed — but never one whose erasure is not in force, nor one of the last 24 hours; a pruning mark keeps
// their certificates from being added back; audited with counts only. Service part on both dialects; real backups,
// restore, re-apply and the CLI on SQLite.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, dataDirSessions, TEST_DIALECT, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { oldestBackupTime, parsePruneCutoff } from '../../cli';
import { backupSqlite, restoreSqlite } from '../../platform/backup';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { systemActor } from '../audit';

const DAY = 24 * 3600_000;
const ACTOR = systemActor('system:cli');
type Fx = Awaited<ReturnType<typeof seedScopedFixture>>;

/** The ledger's JSON lines (unreadable ones left out). */
const lines = (file: string): Array<Record<string, unknown>> => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)) : []);

/** A resident with a record-deletion request (made by staff on the resident's behalf is not possible: the resident's own account). */
function helpers(t: () => TestApp, fx: () => Fx) {
  let seq = 0;
  return {
    async resident(name: string, birth: string): Promise<{ id: string; req: string }> {
      const admin = await t().login('admin');
      const n = ++seq;
      const r = await as(t(), admin).post('/api/residents', {
        householdId: fx().h1.id, name, idNumber: makeCnId('330902', birth, 600 + n), phone: `1365555${String(3000 + n)}`, relation: 'other', residenceType: 'registered',
      }, { 'idempotency-key': `pr-${n}` });
      if (r.statusCode !== 201) throw new Error(`create ${name}: ${r.statusCode} ${r.body}`);
      const user = await t().services.auth.createUser({ username: `prn${n}x`, displayName: name, role: 'resident', orgId: fx().g1.id, password: DEMO_PASSWORD });
      await t().services.selfReports.linkAccount(user.id, r.json().id);
      const session = await t().login(`prn${n}x`);
      const q = await as(t(), session).post('/api/me/deletion-requests', { ground: 'moved_away', scope: 'record', note: '请删除' });
      if (q.statusCode !== 201) throw new Error(`request: ${q.statusCode} ${q.body}`);
      return { id: r.json().id as string, req: q.json().id as string };
    },
    async erase(req: string) {
      t().clock.advance(30_000);
      const a = await t().loginMfa('admin');
      const r = await as(t(), a).post(`/api/registry/deletion-requests/${req}/decide`, { decision: 'erase', version: 1 });
      if (r.statusCode !== 200) throw new Error(`erase: ${r.statusCode} ${r.body}`);
    },
  };
}

describe('erasure ledger prune (service)', () => {
  let t: TestApp;
  let fx: Fx;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-01T10:00:00+08:00' });
    fx = await seedScopedFixture(t);
  });
  afterAll(async () => t.close());

  it('removes lines decided before the cutoff, keeps newer ones and one not in force; dry run changes nothing; refuses a future or too recent cutoff; audited', async () => {
    const h = helpers(() => t, () => fx);
    const { deletions } = t.services;
    const file = t.config.erasureLedgerFile;
    const a = await h.resident('司马青岚', '1980-01-11');
    const b = await h.resident('上官明月', '1981-02-12');
    const c = await h.resident('东方晓云', '1982-03-13');
    await h.erase(a.req);
    t.clock.advance(3 * DAY);
    const cutoff = t.clock.now();
    t.clock.advance(3 * DAY);
    await h.erase(b.req);
    // A line whose erasure is not in force here: C's record exists (as after a restore the re-application has not seen yet).
    fs.appendFileSync(file, `${JSON.stringify({ requestId: c.req, residentId: c.id, scope: 'record', certificateSeq: 99, certificateHash: 'a'.repeat(64), decidedAt: '2026-02-01T00:00:00.000Z' })}\nnot json\n`);
    t.clock.advance(2 * DAY);

    for (const [at, code] of [[new Date(t.clock.now().getTime() + 3600_000), 'cutoff_in_future'], [new Date(t.clock.now().getTime() - DAY + 60_000), 'cutoff_too_recent']] as const) {
      await expect(deletions.pruneLedger({ cutoff: at, dryRun: false, actor: ACTOR, field: '--before' })).rejects.toMatchObject({
        status: 400, details: [{ path: '--before', code }],
      });
    }
    const before = fs.readFileSync(file, 'utf8');
    expect(await deletions.pruneLedger({ cutoff, dryRun: true, actor: ACTOR })).toEqual({
      cutoff: cutoff.toISOString(), kept: 2, removed: 1, notInForce: 1, dryRun: true, invalidLines: [4], carried: 0,
    });
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    const audit = () => t.platform.database.db.selectFrom('audit_log').select(['actor_id', 'count', 'reason', 'object_type']).where('action', '=', 'erasure_ledger_prune').execute();
    expect(await audit()).toEqual([]);

    expect(await deletions.pruneLedger({ cutoff, dryRun: false, actor: ACTOR })).toMatchObject({ kept: 2, removed: 1, notInForce: 1, dryRun: false, invalidLines: [4] });
    const after = fs.readFileSync(file, 'utf8').split('\n');
    expect(after[2]).toBe('not json');
    expect(lines(file).filter((l) => l.requestId).map((l) => l.requestId)).toEqual([b.req, c.req]);
    expect(lines(file).at(-1)).toEqual({ prunedBefore: cutoff.toISOString() });
    const rows = await audit();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: 'system:cli', count: 1, object_type: 'erasure_ledger' });
    expect(rows[0]!.reason).toContain(cutoff.toISOString());
    for (const id of [a.id, a.req, b.id, b.req, c.id, c.req]) expect(rows[0]!.reason).not.toContain(id);
    expect(fs.readdirSync(path.dirname(file)).filter((n) => n.includes('erasure-ledger'))).toEqual(['erasure-ledger.jsonl']);
  });
});

describe.skipIf(TEST_DIALECT !== 'sqlite')('erasure ledger prune: backups, restore, re-apply, the CLI (SQLite)', () => {
  let t: TestApp;
  let fx: Fx;
  let bkDir: string;
  /** The app on the data directory right now (the test's own until the first restore), and the command line on it. */
  const dd = dataDirSessions();
  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-01T10:00:00+08:00' });
    dd.adopt(t);
    fx = await seedScopedFixture(t);
    bkDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-prune-bk-'));
  });
  afterAll(async () => {
    await dd.close();
    fs.rmSync(t.config.dataDir, { recursive: true, force: true });
    fs.rmSync(bkDir, { recursive: true, force: true });
  });

  it('takes the cutoff from the oldest backup manifest; after a restore keeps what is not in force, and the re-application still finds it', async () => {
    const h = helpers(() => t, () => fx);
    const file = t.config.erasureLedgerFile;
    const a = await h.resident('诸葛云帆', '1983-04-14');
    const b = await h.resident('皇甫思远', '1984-05-15');
    const c = await h.resident('令狐雪晴', '1985-06-16');
    await h.erase(a.req);
    t.clock.advance(2 * DAY);
    const older = path.join(bkDir, `older-${crypto.randomBytes(2).toString('hex')}.rxbak`);
    const t1 = backupSqlite(t.config.sqlitePath, older, t.platform.keys.dataKey, t.clock.now()).createdAt;
    t.clock.advance(DAY);
    await h.erase(b.req);
    t.clock.advance(DAY);
    const t3 = backupSqlite(t.config.sqlitePath, path.join(bkDir, 'newer.rxbak'), t.platform.keys.dataKey, t.clock.now()).createdAt;
    t.clock.advance(DAY);
    await h.erase(c.req);
    t.clock.advance(2 * DAY);
    expect(oldestBackupTime(bkDir)).toMatchObject({ at: new Date(t1), count: 2 });
    expect(parsePruneCutoff('2026-05-01')?.toISOString()).toBe('2026-04-30T16:00:00.000Z');
    expect(parsePruneCutoff('2026-05-01T02:00:00+08:00')?.toISOString()).toBe('2026-04-30T18:00:00.000Z');
    for (const bad of ['2026-02-30', '2026-05-01T02:00:00', 'yesterday']) expect(parsePruneCutoff(bad)).toBeNull();

    // The CLI: usage errors exit 2 and name the options; --backups reads the oldest manifest; --json.
    await dd.close();
    const ledger = fs.readFileSync(file, 'utf8');
    const both = dd.cli('erasures', 'prune', '--before', '2026-03-01', '--backups', bkDir);
    expect([both.status, both.stderr]).toEqual([2, expect.stringContaining('须且只能给出 --before 或 --backups 之一 / give exactly one of --before or --backups')]);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-prune-empty-'));
    const none = dd.cli('erasures', 'prune', '--backups', empty);
    fs.rmSync(empty, { recursive: true, force: true });
    expect([none.status, none.stderr]).toEqual([2, expect.stringContaining('holds no backup manifest')]);
    const future = dd.cli('erasures', 'prune', '--before', '2099-01-01');
    expect([future.status, future.stderr]).toEqual([2, expect.stringMatching(/--before 在未来.*--before is in the future/)]);
    const dry = dd.cli('erasures', 'prune', '--backups', bkDir, '--dry-run', '--json');
    expect(dry.status, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({ cutoff: t1, kept: 2, removed: 1, notInForce: 0, dryRun: true });
    expect(fs.readFileSync(file, 'utf8')).toBe(ledger);

    // The older backup restored: B and C are back (their erasures are not in force), A was erased before it.
    restoreSqlite(older, t.config.sqlitePath, t.platform.keys.dataKey);
    let { app, platform } = await dd.open();
    const residentIds = async () => (await platform.database.db.selectFrom('residents').select('id').where('id', 'in', [a.id, b.id, c.id]).execute()).map((r) => r.id).sort();
    expect(await residentIds()).toEqual([b.id, c.id].sort());
    // Pruned as if only the newer backup were kept: A goes, B is kept (not in force), C is newer.
    expect(await app.services.deletions.pruneLedger({ cutoff: new Date(t3), dryRun: false, actor: ACTOR })).toMatchObject({ kept: 2, removed: 1, notInForce: 1 });
    expect(lines(file).map((l) => l.requestId ?? l.prunedBefore)).toEqual([b.req, c.req, t3]);
    const audit = await platform.database.db.selectFrom('audit_log').select(['count', 'reason']).where('action', '=', 'erasure_ledger_prune').execute();
    expect(audit).toEqual([{ count: 1, reason: `lines of erasures decided before ${t3} removed: 1; kept 2 (not in force 1)` }]);
    // Re-applied after pruning: B and C erased again; A's certificate (in this database) is not added back.
    expect(await app.services.deletions.reapplyErasures('cli')).toMatchObject({ checked: 2, reapplied: 2, backfilled: 0 });
    expect(await residentIds()).toEqual([]);
    expect(lines(file).map((l) => l.requestId ?? l.prunedBefore)).toEqual([b.req, c.req, t3]);
    // Now B is in force: the next prune removes it; one mark.
    expect(await app.services.deletions.pruneLedger({ cutoff: new Date(t3), dryRun: false, actor: ACTOR })).toMatchObject({ kept: 1, removed: 1, notInForce: 0 });
    expect(lines(file).map((l) => l.requestId ?? l.prunedBefore)).toEqual([c.req, t3]);
    // B's erasure is in force only since its re-application (after the cutoff): the re-application's certificate brings
    // the line back, with that time — a backup taken between the restore and the re-application would need it.
    ({ app, platform } = await dd.open());
    expect(await app.services.deletions.reapplyErasures('cli')).toMatchObject({ checked: 2, reapplied: 0, backfilled: 1 });
    expect(lines(file).map((l) => l.requestId ?? l.prunedBefore)).toEqual([c.req, t3, b.req]);
  }, 120_000);
});
