// SECURITY.md §7 test 22 "Retention floor for audit" (ADR 0030): audit rows are kept at least 180 days; older ones go
// only through the purge, which first writes a hash-chained checkpoint carrying the last purged hash; the database
// refuses every other change on the application's connection; verify and the anchor checks start at the checkpoint.
//
// The database judges the 180-day floor by its own clock, so these tests run the app clock at the real time and make old
// rows through the real append path with the clock set back (ids then grow with age, as in a real log).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, TEST_DATA_KEY, TEST_DIALECT, TEST_INDEX_KEY, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { loadConfig } from '../../config';
import { createRetentionService } from '../privacy';
import { anchorLine, type AuditAnchor, describeAnchorCheck } from './audit.anchor';
import { checkpointHash, type AuditCheckpoint } from './audit.checkpoints';
import { runAuditCommand } from './audit.cli';
import type { PurgeResult } from './audit.purge';
import { auditRowFromDb, systemActor } from './audit.service';

const DAY = 86400_000;
const BIN = path.resolve(import.meta.dirname, '../../../bin/renxing.mjs');

/** Acts as the database owner / file owner would: the audit triggers off for `fn` (and back on, on PostgreSQL). */
async function asSuperuser(t: TestApp, fn: () => Promise<void>) {
  const { db, dialect } = t.platform.database;
  if (dialect.name === 'sqlite') {
    for (const tr of ['audit_log_no_update', 'audit_checkpoints_no_update']) await sql.raw(`drop trigger if exists ${tr}`).execute(db);
    await fn();
  } else {
    await sql.raw('alter table audit_log disable trigger audit_log_no_change').execute(db);
    await sql.raw('alter table audit_checkpoints disable trigger audit_checkpoints_no_change').execute(db);
    try {
      await fn();
    } finally {
      await sql.raw('alter table audit_log enable trigger audit_log_no_change').execute(db);
      await sql.raw('alter table audit_checkpoints enable trigger audit_checkpoints_no_change').execute(db);
    }
  }
}

const count = async (t: TestApp, table: string) =>
  Number((await t.platform.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

const cli = async (t: TestApp, args: string[], retentionDays = 180) => {
  let stdout = '';
  let stderr = '';
  const code = await runAuditCommand(args, t.platform.database, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) }, () => t.clock.now(), { retentionDays });
  return { code, stdout, stderr };
};

/** Row values of a checkpoint that continues the chain through audit row `throughId` — valid but for what a test changes. */
async function checkpointFor(t: TestApp, throughId: number, at: Date) {
  const { db } = t.platform.database;
  const last = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq', 'desc').executeTakeFirst();
  const row = auditRowFromDb(await db.selectFrom('audit_log').selectAll().where('id', '=', throughId).executeTakeFirstOrThrow());
  const body = {
    seq: last ? Number(last.seq) + 1 : 1, throughId, throughHash: row.hash, rowsPurged: throughId - Number(last?.through_id ?? 0), oldestTs: row.ts, newestTs: row.ts,
    createdAt: at.toISOString(), actor: 'system:test', installation: last?.installation ?? (await db.selectFrom('audit_log').select('hash').where('id', '=', 1).executeTakeFirstOrThrow()).hash.slice(0, 16),
  };
  const prevHash = last?.hash ?? '0'.repeat(64);
  return {
    seq: body.seq, through_id: body.throughId, through_hash: body.throughHash, rows_purged: body.rowsPurged, oldest_ts: body.oldestTs, newest_ts: body.newestTs,
    created_at: body.createdAt, actor: body.actor, installation: body.installation, prev_hash: prevHash, hash: checkpointHash(prevHash, body),
  };
}

describe(`audit purge: SECURITY test 22, retention floor for audit (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let now: Date;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  /** Audit row ids by age in days. */
  const ids: Record<number, number> = {};
  /** Anchors taken when the 400- and 181-day-old rows were the newest. */
  const anchors: Record<number, AuditAnchor> = {};
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-purge-'));

  beforeAll(async () => {
    now = new Date();
    // The installation and the demo fixture are 401 days old; then rows 400, 181, 179 and 10 days old, each appended
    // through the real path at its time.
    t = await createTestApp({ clockStart: new Date(now.getTime() - 401 * DAY).toISOString(), config: { auditRetentionDays: 180 } });
    fx = await seedScopedFixture(t, 0);
    for (const d of [400, 181, 179, 10]) {
      t.clock.set(new Date(now.getTime() - d * DAY));
      ids[d] = (await t.services.audit.record(systemActor('system:test'), { action: 'aged_event', objectType: 'probe', objectId: `${d}d`, outcome: 'success' })).id;
      if (d === 400 || d === 181) anchors[d] = (await t.services.audit.anchor())!;
    }
    t.clock.set(now);
    // Resident PI past its own retention (a temperature self-report, 28 days): deleted in the same run.
    const { db, codec } = t.platform.database;
    const ago = (d: number) => codec.ts(new Date(now.getTime() - d * DAY));
    await db.insertInto('self_reports').values({
      id: 'sr-29', resident_id: fx.R1.id, household_id: fx.h1.id, grid_id: fx.g1.id, org_path: fx.g1.path, report_date: ago(29).slice(0, 10), temperature: 37.6,
      fever: codec.bool(true), symptoms: '[]', note: null, reported_by: fx.R1.id, channel: 'self', follow_up_status: 'open', created_at: ago(29),
    }).execute();
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the retention job keeps rows younger than 180 days, purges the older ones through a checkpoint, deletes expired resident PI and certifies both', async () => {
    const { db } = t.platform.database;
    const before = (await db.selectFrom('audit_log').selectAll().orderBy('id').execute()).map(auditRowFromDb);
    expect(before[0]!.id).toBe(1);
    const through = before.find((r) => r.id === ids[181])!;

    const cert = await t.services.retention.run(systemActor(null));

    // The audit log: every row up to the 181-day-old one is gone, the 179- and 10-day-old rows and everything after stay.
    const after = (await db.selectFrom('audit_log').selectAll().orderBy('id').execute()).map(auditRowFromDb);
    expect(after[0]!.id).toBe(ids[179]);
    expect(after.filter((r) => r.action === 'aged_event').map((r) => r.objectId)).toEqual(['179d', '10d']);
    expect(after.slice(0, before.length - ids[181]!)).toEqual(before.slice(ids[181]));

    // The checkpoint: the last purged row's id and hash (the chain's new genesis), counts and times, chained.
    const cps = await t.services.audit.checkpoints({ page: 1, pageSize: 10 });
    expect(cps.total).toBe(1);
    const cp = cps.items[0]!;
    expect(cp).toMatchObject({
      seq: 1, throughId: ids[181], throughHash: through.hash, rowsPurged: ids[181], oldestTs: before[0]!.ts, newestTs: through.ts, actor: null,
      installation: before[0]!.hash.slice(0, 16), prevHash: '0'.repeat(64),
    });
    const { hash, prevHash, ...body } = cp;
    expect(hash).toBe(checkpointHash(prevHash, body));
    expect(after[0]!.prevHash).toBe(cp.throughHash);

    // One ordinary audit row for the purge (counts only), and the certificate's own audit_log line next to the PI.
    const [purgeRow] = await auditRows(t, { action: 'audit_purge' });
    expect(purgeRow).toMatchObject({ object_type: 'audit_checkpoint', object_id: '1', outcome: 'success', actor_role: 'system', actor_id: null, subject_id: null });
    expect(Number(purgeRow!.count)).toBe(ids[181]);
    expect(purgeRow!.reason).toContain(`rows 1–${ids[181]}`);
    const line = cert.counts.find((c) => c.table === 'audit_log')!;
    expect(line).toEqual({
      table: 'audit_log', action: 'delete', from: 'created', days: 180, rows: ids[181], columns: {}, checkpoint: { seq: 1, throughId: ids[181], throughHash: through.hash },
    });
    expect(cert.counts.find((c) => c.table === 'self_reports')!.rows).toBe(1);
    expect(cert.total).toBe(ids[181]! + 1);
    expect(await count(t, 'self_reports')).toBe(0);
    const [retRow] = await auditRows(t, { action: 'retention' });
    expect(retRow!.reason).toContain(`audit_log (checkpoint #1) delete ${ids[181]}`);
    expect(retRow!.reason).toContain('self_reports delete 1');
    expect(Number(retRow!.count)).toBe(cert.total);
    expect((await t.services.retention.verify()).ok).toBe(true);
    // No personal data in what the purge wrote.
    const text = JSON.stringify([purgeRow, retRow, cps]);
    for (const pi of [fx.R1.id, '330902198001011233']) expect(text).not.toContain(pi);
  });

  it('verify starts at the checkpoint and passes; a second run purges nothing more', async () => {
    const v = await t.services.audit.verify();
    expect(v).toMatchObject({ ok: true, firstBrokenId: null, checkpoint: { seq: 1, throughId: ids[181] }, checkpoints: 1, brokenCheckpoint: null });
    expect(v.checked).toBe(await count(t, 'audit_log'));
    const aud = await t.login('auditor');
    expect((await as(t, aud).get('/api/audit/verify')).json()).toMatchObject({ ok: true, checkpoint: { seq: 1, throughId: ids[181] } });
    const second = await t.services.retention.run(systemActor(null));
    expect(second.counts.find((c) => c.table === 'audit_log')).toEqual({ table: 'audit_log', action: 'delete', from: 'created', days: 180, rows: 0, columns: {} });
    expect(await count(t, 'audit_checkpoints')).toBe(1);
    const dry = await t.services.retention.dryRun();
    expect(dry.counts.find((c) => c.table === 'audit_log')!.rows).toBe(0);
  });

  it('a direct DELETE through the application connection fails for a row younger than 180 days or above the checkpoint; UPDATE always fails', async () => {
    const { db } = t.platform.database;
    // Older than 180 days, but above the checkpoint: appended after the purge with the clock set back.
    t.clock.set(new Date(now.getTime() - 300 * DAY));
    const old = (await t.services.audit.record(systemActor('system:test'), { action: 'aged_event', objectId: '300d-late', outcome: 'success' })).id;
    t.clock.set(now);
    for (const id of [ids[179]!, ids[10]!, old]) {
      await expect(sql`delete from audit_log where id = ${id}`.execute(db), `delete ${id}`).rejects.toThrow(/append-only/);
      await expect(sql`update audit_log set object_id = 'x' where id = ${id}`.execute(db), `update ${id}`).rejects.toThrow(/append-only/);
    }
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set outcome = 'success'`.execute(db)).rejects.toThrow(/append-only/);
    if (TEST_DIALECT === 'postgres') await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    // The purge takes a prefix of the chain only: the old row behind the young ones stays.
    const p = await t.services.audit.purge(systemActor('system:test'), { retentionDays: 180 });
    expect(p).toMatchObject({ rows: 0, checkpoint: null, refused: null });
    expect(await db.selectFrom('audit_log').select('id').where('id', '=', old).executeTakeFirst()).toBeTruthy();
    expect((await t.services.audit.verify()).ok).toBe(true);
  });

  it('checkpoints are append-only, and the database refuses a checkpoint for rows younger than 180 days', async () => {
    const { db } = t.platform.database;
    await expect(sql`update audit_checkpoints set rows_purged = 0`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_checkpoints`.execute(db)).rejects.toThrow(/append-only/);
    if (TEST_DIALECT === 'postgres') await expect(sql`truncate audit_checkpoints`.execute(db)).rejects.toThrow(/append-only/);
    // Through the 179-day-old row: a checkpoint valid in every other respect (seq, link, hash, range, installation).
    const young = await checkpointFor(t, ids[179]!, now);
    await expect(db.insertInto('audit_checkpoints').values(young).execute()).rejects.toThrow(/younger than 180 days/);
    // Through a row older than 180 days, but with younger rows in the range it would purge.
    const newest = Number((await db.selectFrom('audit_head').select('last_id').executeTakeFirstOrThrow()).last_id);
    const over = await db.selectFrom('audit_log').select('id').where('object_id', '=', '300d-late').executeTakeFirstOrThrow();
    await expect(db.insertInto('audit_checkpoints').values(await checkpointFor(t, Number(over.id), now)).execute()).rejects.toThrow(/younger than 180 days/);
    // Claims about rows that are not stored as claimed.
    await expect(db.insertInto('audit_checkpoints').values({ ...young, through_hash: 'f'.repeat(64) }).execute()).rejects.toThrow(/stored audit row/);
    await expect(db.insertInto('audit_checkpoints').values({ ...young, prev_hash: 'e'.repeat(64) }).execute()).rejects.toThrow(/prev_hash/);
    await expect(db.insertInto('audit_checkpoints').values({ ...young, rows_purged: 2 }).execute()).rejects.toThrow(/rows_purged/);
    await expect(db.insertInto('audit_checkpoints').values({ ...young, through_id: newest + 5 }).execute()).rejects.toThrow(/checkpoint refused/);
    expect(await count(t, 'audit_checkpoints')).toBe(1);
  });

  it('an anchor taken before the purge whose row was purged predates the purge, not tampering — unless the checkpoint contradicts it', async () => {
    const audit = t.services.audit;
    const a400 = anchors[400]!;
    const a181 = anchors[181]!;
    const purged = await audit.checkAnchor(a400);
    expect(purged).toMatchObject({ ok: true, check: 'purged', rowId: a400.id, reason: 'predates_purge', checkpoint: { seq: 1, throughId: ids[181] } });
    expect(describeAnchorCheck(purged)).toContain('anchor predates the last purge (checkpoint 1)');
    // Anchored exactly at the checkpoint's through row: compared with through_hash, then the chain after it is checked.
    const atThrough = await audit.checkAnchor(a181);
    expect(atThrough).toMatchObject({ ok: true, check: null, checkpoint: { seq: 1 }, storedHash: a181.hash });
    expect(atThrough.checked).toBe(await count(t, 'audit_log'));
    const contradicted = await audit.checkAnchor({ ...a181, hash: 'a'.repeat(64) });
    expect(contradicted).toMatchObject({ ok: false, check: 'hash', rowId: a181.id, reason: 'checkpoint_mismatch', storedHash: a181.hash });
    // A purged row cannot be anchored younger than the floor: the checkpoint contradicts such an anchor.
    const tooYoung = await audit.checkAnchor({ ...a400, ts: new Date(now.getTime() - 5 * DAY).toISOString() });
    expect(tooYoung).toMatchObject({ ok: false, check: 'row', reason: 'purged_too_young' });
    // The installation now comes from the checkpoint (row 1 is gone): a new anchor keeps it, and checks.
    const fresh = (await audit.anchor())!;
    expect(fresh.installation).toBe(a400.installation);
    expect(await audit.checkAnchor(fresh)).toMatchObject({ ok: true, check: null });
    expect(await audit.checkAnchor({ ...fresh, installation: 'f'.repeat(16) })).toMatchObject({ ok: false, check: 'installation' });

    // On the audit page: 200, said plainly, audited as a success.
    const aud = await t.login('auditor');
    const r = await as(t, aud).post('/api/audit/anchor/check', { anchor: anchorLine(a400) });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ok: true, check: 'purged', checkpoint: { seq: 1 } });
    const [row] = (await auditRows(t, { action: 'audit_anchor_check' })).slice(-1);
    expect(row).toMatchObject({ outcome: 'success', severity: 'normal', reason: `purged:predates_purge@${a400.id}` });

    // The operator's verify: the chain from the checkpoint, the purged anchor reported as such, exit 0; a contradicted one exit 1.
    const f400 = path.join(dir, 'a400.json');
    const f181 = path.join(dir, 'a181.txt');
    fs.writeFileSync(f400, JSON.stringify(a400));
    fs.writeFileSync(f181, `${anchorLine(a181)}\n`);
    const ok = await cli(t, ['verify', '--anchor', f400, '--anchor', f181]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`audit chain ok: ${await count(t, 'audit_log')} rows after purge checkpoint #1`);
    expect(ok.stdout).toContain('anchor predates the last purge (checkpoint 1)');
    expect(ok.stdout).toContain('all 2 anchors ok (1 predate the last purge and could not be checked)');
    const fBad = path.join(dir, 'bad.json');
    fs.writeFileSync(fBad, JSON.stringify({ ...a181, hash: 'b'.repeat(64) }));
    const bad = await cli(t, ['verify', '--anchor', fBad]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`FAILED: checkpoint 1 says row ${a181.id} had hash`);
    const { anchors: checks } = await audit.verifyWithAnchors([a400, a181, { ...a181, hash: 'b'.repeat(64) }, fresh]);
    expect(checks.map((c) => [c.ok, c.check])).toEqual([[true, 'purged'], [true, null], [false, 'hash'], [true, null]]);
  });

  it('the checkpoints card: auditors read them (no personal data, not audited as a personal-data read); others get 403', async () => {
    const r = await as(t, await t.login('auditor')).get('/api/audit/checkpoints');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ total: 1, page: 1, items: [{ seq: 1, throughId: ids[181], rowsPurged: ids[181] }] });
    expect((await as(t, await t.login('admin')).get('/api/audit/checkpoints')).statusCode).toBe(403);
    expect((await as(t, await t.login('secadmin')).get('/api/audit/checkpoints')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/audit/checkpoints' })).statusCode).toBe(401);
    expect((await as(t, await t.login('auditor')).get('/api/audit/checkpoints?pageSize=500')).statusCode).toBe(400);
  });

  // Last: the tampering below switches triggers off (as a database owner could).
  it('after a purge, a tampered remaining row is still named, and so are a broken first link and a tampered checkpoint', async () => {
    const { db } = t.platform.database;
    const target = ids[10]!;
    await asSuperuser(t, async () => {
      await sql`update audit_log set object_id = 'tampered' where id = ${target}`.execute(db);
    });
    expect(await t.services.audit.verify()).toMatchObject({ ok: false, firstBrokenId: target, reason: 'hash_mismatch', checkpoint: { seq: 1 } });
    const res = await cli(t, ['verify']);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`BROKEN at row ${target} (hash_mismatch)`);
    await asSuperuser(t, async () => {
      await sql`update audit_log set object_id = '10d' where id = ${target}`.execute(db);
    });
    expect((await t.services.audit.verify()).ok).toBe(true);

    // The first remaining row no longer links to the checkpoint's through_hash.
    await asSuperuser(t, async () => {
      await sql`update audit_log set prev_hash = ${'c'.repeat(64)} where id = ${ids[179]}`.execute(db);
    });
    expect(await t.services.audit.verify()).toMatchObject({ ok: false, firstBrokenId: ids[179], reason: 'broken_link' });
    // A segment that does not verify is never purged (that would destroy the evidence): refused and audited loudly.
    t.clock.advance(10 * DAY); // the 179-day-old row is now due
    const refused = await t.services.audit.purge(systemActor('system:test'), { retentionDays: 180 });
    expect(refused).toMatchObject({ rows: 0, checkpoint: null, refused: { id: ids[179], reason: 'broken_link' } });
    expect(await auditRows(t, { action: 'audit_purge', outcome: 'error' })).toMatchObject([{ severity: 'high', object_id: String(ids[179]) }]);
    expect(await count(t, 'audit_checkpoints')).toBe(1);

    // A checkpoint edited (rows purged changed) no longer hashes: verify names the checkpoint.
    await asSuperuser(t, async () => {
      await sql`update audit_checkpoints set rows_purged = 1 where seq = 1`.execute(db);
    });
    expect(await t.services.audit.verify()).toMatchObject({ ok: false, brokenCheckpoint: 1, reason: 'checkpoint_hash_mismatch' });

    // Both conditions of the delete guard hold on their own: with a checkpoint forged past the young rows (its insert
    // check switched off, as an owner could), the application connection still cannot delete a row younger than 180
    // days; the row older than 180 days at or below that checkpoint it can.
    const old = Number((await db.selectFrom('audit_log').select('id').where('object_id', '=', '300d-late').executeTakeFirstOrThrow()).id);
    const forged = await checkpointFor(t, old, now);
    if (TEST_DIALECT === 'sqlite') {
      await sql.raw('drop trigger audit_checkpoints_check').execute(db);
      await db.insertInto('audit_checkpoints').values(forged).execute();
    } else {
      await sql.raw('alter table audit_checkpoints disable trigger audit_checkpoints_check').execute(db);
      await db.insertInto('audit_checkpoints').values(forged).execute();
      await sql.raw('alter table audit_checkpoints enable trigger audit_checkpoints_check').execute(db);
    }
    for (const id of [ids[179]!, ids[10]!]) await expect(sql`delete from audit_log where id = ${id}`.execute(db), `delete ${id}`).rejects.toThrow(/append-only/);
    const before = await count(t, 'audit_log');
    await sql`delete from audit_log where id = ${old}`.execute(db);
    expect(await count(t, 'audit_log')).toBe(before - 1);
  });
});

describe(`audit purge: the operator's command, chunks and an interrupted purge (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let now: Date;
  const ids: Record<number, number> = {};

  beforeAll(async () => {
    now = new Date();
    t = await createTestApp({ clockStart: new Date(now.getTime() - 300 * DAY).toISOString() });
    for (const d of [250, 240, 200, 100]) {
      t.clock.set(new Date(now.getTime() - d * DAY));
      for (let i = 0; i < 4; i++) ids[d] = (await t.services.audit.record(systemActor('system:test'), { action: 'aged_event', objectId: `${d}d-${i}`, outcome: 'success' })).id;
    }
    t.clock.set(now);
  });
  afterAll(async () => t.close());

  it('refuses a retention below the 180-day floor: at startup (the environment) and in the services', async () => {
    expect(() => loadConfig({ RENXING_AUDIT_RETENTION_DAYS: '179' } as NodeJS.ProcessEnv)).toThrow(/RENXING_AUDIT_RETENTION_DAYS.*at least 180/);
    expect(loadConfig({ RENXING_AUDIT_RETENTION_DAYS: '180' } as NodeJS.ProcessEnv).auditRetentionDays).toBe(180);
    expect(loadConfig({} as NodeJS.ProcessEnv).auditRetentionDays).toBe(1095);
    expect(() => createRetentionService(t.platform.database, t.services.audit, () => t.clock.now(), { auditRetentionDays: 90 })).toThrow(/at least 180 days/);
    await expect(t.services.audit.purge(systemActor('system:test'), { retentionDays: 179 })).rejects.toThrow(/at least 180 days/);
  });

  it('a checkpoint left without its deletions (an interrupted purge) is completed first; verify meanwhile starts after it', async () => {
    const { db } = t.platform.database;
    // Written as the purge would, through the application connection, but the rows not deleted.
    await db.insertInto('audit_checkpoints').values(await checkpointFor(t, ids[250]!, now)).execute();
    expect(await t.services.audit.verify()).toMatchObject({ ok: true, checkpoint: { seq: 1, throughId: ids[250] } });
    const dry = await cli(t, ['purge', '--dry-run', '--json'], 220);
    expect(dry.code).toBe(0);
    const d = JSON.parse(dry.stdout) as PurgeResult;
    expect(d).toMatchObject({ dryRun: true, completed: ids[250], rows: ids[240]! - ids[250]!, fromId: ids[250]! + 1, throughId: ids[240], checkpoint: null });
    expect(await count(t, 'audit_log')).toBe(Number((await db.selectFrom('audit_head').select('last_id').executeTakeFirstOrThrow()).last_id));

    const res = await cli(t, ['purge'], 220);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`checkpoint #2 written, ${ids[240]! - ids[250]!} rows ${ids[250]! + 1}–${ids[240]}`);
    expect(res.stdout).toContain(`also deleted ${ids[250]} rows of an earlier, interrupted purge`);
    const first = await db.selectFrom('audit_log').select(['id', 'prev_hash']).orderBy('id').executeTakeFirstOrThrow();
    expect(Number(first.id)).toBe(ids[240]! + 1);
    const [cp1, cp2] = (await t.services.audit.checkpoints({ page: 1, pageSize: 10 })).items.reverse() as [AuditCheckpoint, AuditCheckpoint];
    expect(cp2).toMatchObject({ seq: 2, prevHash: cp1.hash, throughId: ids[240], actor: 'system:cli', installation: cp1.installation });
    expect(first.prev_hash).toBe(cp2.throughHash);
    expect(await auditRows(t, { action: 'audit_purge' })).toMatchObject([{ actor_id: 'system:cli', object_id: '2', outcome: 'success' }]);
    expect(await t.services.audit.verify()).toMatchObject({ ok: true, checkpoints: 2, checkpoint: { seq: 2 } });
  });

  it('deletes in chunks, one transaction each; the usage is checked', async () => {
    const { writes } = t.platform.database;
    const batches = writes.stats.batches;
    const r = await t.services.audit.purge(systemActor('system:test'), { retentionDays: 180, chunk: 3 });
    expect(r).toMatchObject({ rows: 4, fromId: ids[240]! + 1, throughId: ids[200], checkpoint: { seq: 3 } });
    // The checkpoint with its audit row, then 4 rows in chunks of 3.
    expect(writes.stats.batches - batches).toBe(1 + 2);
    expect(await t.services.audit.verify()).toMatchObject({ ok: true, checkpoints: 3 });
    expect((await cli(t, ['purge', 'now'])).code).toBe(2);
    expect((await cli(t, ['verify', '--json'])).code).toBe(2);
    const none = await cli(t, ['purge']);
    expect(none).toMatchObject({ code: 0 });
    expect(none.stdout).toContain('nothing older than 180 days to purge');
  });
});

// One spawned command (SQLite): `renxing audit purge` reads RENXING_AUDIT_RETENTION_DAYS and refuses a value below 180.
describe.skipIf(TEST_DIALECT !== 'sqlite')('renxing audit purge (operator command line)', () => {
  it('purges with the configured retention and prints the result; refuses to start below the floor', async () => {
    const now = new Date();
    const t = await createTestApp({ clockStart: new Date(now.getTime() - 200 * DAY).toISOString() });
    try {
      for (let i = 0; i < 3; i++) await t.services.audit.record(systemActor('system:test'), { action: 'aged_event', objectId: `200d-${i}`, outcome: 'success' });
      t.clock.set(now);
      await t.services.audit.record(systemActor('system:test'), { action: 'aged_event', outcome: 'success' });
      const old = Number((await t.platform.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('m')).where('ts', '<', new Date(now.getTime() - 190 * DAY).toISOString()).executeTakeFirstOrThrow()).m);
      t.platform.database.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
      const env = { ...process.env, RENXING_DATA_DIR: t.config.dataDir, RENXING_DATA_KEY: TEST_DATA_KEY, RENXING_INDEX_KEY: TEST_INDEX_KEY, RENXING_LOG_LEVEL: 'silent' };
      const low = spawnSync(process.execPath, [BIN, 'audit', 'purge'], { env: { ...env, RENXING_AUDIT_RETENTION_DAYS: '179' }, encoding: 'utf8', timeout: 120_000 });
      expect(low.status).not.toBe(0);
      expect(low.stderr).toContain('RENXING_AUDIT_RETENTION_DAYS');
      expect(low.stderr).toContain('at least 180');
      const r = spawnSync(process.execPath, [BIN, 'audit', 'purge', '--json'], { env: { ...env, RENXING_AUDIT_RETENTION_DAYS: '180' }, encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      const res = JSON.parse(r.stdout) as PurgeResult;
      expect(old).toBeGreaterThanOrEqual(3);
      expect(res).toMatchObject({ dryRun: false, retentionDays: 180, rows: old, throughId: old, checkpoint: { seq: 1, actor: 'system:cli' } });
      expect(await count(t, 'audit_checkpoints')).toBe(1);
      expect(await t.services.audit.verify()).toMatchObject({ ok: true, checkpoint: { seq: 1, throughId: old } });
    } finally {
      await t.close();
    }
  });
});
