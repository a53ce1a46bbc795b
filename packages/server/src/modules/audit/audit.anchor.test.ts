// External anchors of the audit chain (ADR 0025): an insider who edits a row and recomputes every later hash passes the
// plain verify, but not an anchor taken before the edit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, TEST_DIALECT, type TestApp } from '../../../test/harness';
import { anchorJob, anchorLine, type AuditAnchor, parseAnchor } from './audit.anchor';
import { runAuditCommand } from './audit.cli';
import { auditRowFromDb, chainHash } from './audit.service';

/** Acts as the database owner / file owner would: triggers off, raw SQL, triggers back on (PostgreSQL). */
async function asSuperuser(t: TestApp, fn: () => Promise<void>) {
  const { db, dialect } = t.platform.database;
  if (dialect.name === 'sqlite') {
    await sql.raw('drop trigger if exists audit_log_no_update').execute(db);
    await sql.raw('drop trigger if exists audit_log_no_delete').execute(db);
    await fn();
  } else {
    await sql.raw('alter table audit_log disable trigger audit_log_no_change').execute(db);
    try {
      await fn();
    } finally {
      await sql.raw('alter table audit_log enable trigger audit_log_no_change').execute(db);
    }
  }
}

/** Edits row `target` and recomputes the hash of every later row and the head, so that the plain verify passes. */
async function tamperAndRecompute(t: TestApp, target: number) {
  const { db } = t.platform.database;
  await asSuperuser(t, async () => {
    const prevRow = await db.selectFrom('audit_log').select('hash').where('id', '=', target - 1).executeTakeFirstOrThrow();
    let prev: string = prevRow.hash;
    const rows = (await db.selectFrom('audit_log').selectAll().where('id', '>=', target).orderBy('id').execute()).map(auditRowFromDb);
    for (const r of rows) {
      const { hash: _old, ...rest } = r;
      const edited = { ...rest, prevHash: prev, objectId: r.id === target ? 'tampered' : r.objectId };
      const hash = chainHash(prev, edited);
      await sql`update audit_log set object_id = ${edited.objectId}, prev_hash = ${prev}, hash = ${hash} where id = ${r.id}`.execute(db);
      prev = hash;
    }
    await sql`update audit_head set last_hash = ${prev} where id = 1`.execute(db);
  });
}

describe(`audit chain anchors (${TEST_DIALECT})`, () => {
  let t: TestApp;
  let aud: Session;
  let admin: Session;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-anchor-'));
  const anchorNow = async (): Promise<AuditAnchor> => {
    const r = await as(t, aud).get('/api/audit/anchor');
    expect(r.statusCode).toBe(200);
    return r.json().anchor;
  };
  const check = async (anchor: unknown) => as(t, aud).post('/api/audit/anchor/check', { anchor });
  const addRows = async (n: number) => {
    for (let i = 0; i < n; i++) expect((await as(t, admin).post('/api/duty-logs', { category: 'other', content: `entry ${i}` })).statusCode).toBeLessThan(300);
  };
  const cli = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runAuditCommand(args, t.platform.database, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
    return { code, stdout, stderr };
  };
  const file = (name: string, a: AuditAnchor | string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, typeof a === 'string' ? a : JSON.stringify(a, null, 2));
    return f;
  };

  beforeAll(async () => {
    t = await createTestApp();
    aud = await t.login('auditor');
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives the auditor the current anchor — ids, hashes and times only — and audits the read', async () => {
    const r = await as(t, aud).get('/api/audit/anchor');
    expect(r.statusCode).toBe(200);
    const { anchor, line } = r.json() as { anchor: AuditAnchor; line: string };
    const { db } = t.platform.database;
    // The anchor is the head as it was; the audit row of this very read follows it.
    const head = await db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    const read = await db.selectFrom('audit_log').selectAll().where('id', '=', Number(head.last_id)).executeTakeFirstOrThrow();
    expect(read).toMatchObject({ action: 'audit_anchor', actor_id: aud.userId, object_id: String(anchor.id), outcome: 'success', prev_hash: anchor.hash });
    const last = await db.selectFrom('audit_log').selectAll().where('id', '=', anchor.id).executeTakeFirstOrThrow();
    const first = await db.selectFrom('audit_log').select('hash').where('id', '=', 1).executeTakeFirstOrThrow();
    expect(anchor).toEqual({
      format: 'renxing-audit-anchor-v1', id: Number(head.last_id) - 1, hash: last.hash, ts: last.ts, takenAt: t.clock.now().toISOString(),
      rows: Number(head.last_id) - 1, installation: first.hash.slice(0, 16),
    });
    expect(line).toBe(`RX-ANCHOR v1 ${anchor.installation} #${anchor.id} ${anchor.ts} ${anchor.hash.match(/.{8}/g)!.join(' ')}`);
    // No personal data: nothing of the anchored row but its id, time and hash; no actor, object or subject.
    const text = JSON.stringify(r.json());
    for (const v of [last.actor_id, last.actor_org, last.object_id, last.subject_id, last.ip, last.session_id, 'admin', 'auditor']) {
      if (v) expect(text).not.toContain(v);
    }
  });

  it('an anchor taken earlier checks ok after more rows, pasted as JSON, as JSON text or as the one-line form', async () => {
    const anchor = await anchorNow();
    await addRows(5);
    for (const pasted of [anchor, JSON.stringify(anchor), anchorLine(anchor)]) {
      const r = await check(pasted);
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ ok: true, check: null, rowId: null, anchor: { id: anchor.id, hash: anchor.hash } });
      expect(r.json().checked).toBeGreaterThanOrEqual(6); // the anchored row and the chain after it
    }
    const audited = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'audit_anchor_check').execute();
    expect(audited).toHaveLength(3);
    expect(audited[0]).toMatchObject({ actor_id: aud.userId, object_id: String(anchor.id), outcome: 'success' });
    // The function behind `renxing audit verify --anchor`, with a file holding the one-line form.
    const res = await cli(['verify', '--anchor', file('ok.txt', `# printed\n${anchorLine(anchor)}\n`)]);
    expect(res).toMatchObject({ code: 0, stderr: '' });
    expect(res.stdout).toContain('all 1 anchors ok');
  });

  it('answers 400 naming the field for a malformed anchor', async () => {
    const a = await anchorNow();
    const cases: Array<[unknown, string]> = [
      [{ ...a, hash: 'abc' }, 'anchor.hash'],
      [{ ...a, id: 0 }, 'anchor.id'],
      [{ ...a, format: 'other' }, 'anchor.format'],
      [(({ installation: _, ...rest }) => rest)(a), 'anchor.installation'],
      [{ ...a, name: '张三' }, 'anchor.name'],
      [anchorLine(a).replace(`#${a.id}`, '#x'), 'anchor.id'],
      [anchorLine(a).slice(0, -4), 'anchor.hash'],
      ['{ not json', 'anchor'],
      ['hello', 'anchor'],
    ];
    for (const [anchor, field] of cases) {
      const r = await check(anchor);
      expect(r.statusCode, JSON.stringify(anchor)).toBe(400);
      expect(r.json().error.details[0].path, JSON.stringify(anchor)).toBe(field);
      expect(r.json().error.details[0].messageEn).toBeTruthy();
    }
  });

  it('a value of the wrong type is reported as such, not as missing (the wording of the route validation)', async () => {
    const a = await anchorNow();
    const wrong = await check({ ...a, rows: String(a.rows) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0]).toEqual({ path: 'anchor.rows', code: 'invalid_type', message: 'rows：类型应为数字', messageEn: 'rows must be of type number' });
    expect(parseAnchor({ ...a, id: true })).toEqual({ ok: false, error: { field: 'id', code: 'invalid_type', message: 'id：类型应为数字', messageEn: 'id must be of type number' } });
    // Only a missing value is "required".
    const { rows: _, ...noRows } = a;
    expect(parseAnchor(noRows)).toEqual({ ok: false, error: { field: 'rows', code: 'invalid_type', message: 'rows：必填', messageEn: 'rows is required' } });
    // Bounds get their own wording rather than "is invalid".
    expect(parseAnchor({ ...a, id: 0 })).toMatchObject({ ok: false, error: { field: 'id', messageEn: 'id must be at least 1' } });
  });

  it('is for the auditor: a community admin gets 403 on both endpoints', async () => {
    const a = await anchorNow();
    expect((await as(t, admin).get('/api/audit/anchor')).statusCode).toBe(403);
    expect((await as(t, admin).post('/api/audit/anchor/check', { anchor: a })).statusCode).toBe(403);
  });

  it('fails an anchor from another installation', async () => {
    const a = await anchorNow();
    const r = await check({ ...a, installation: 'f'.repeat(16) });
    expect(r.json()).toMatchObject({ ok: false, check: 'installation', rowId: 1 });
  });

  it('the daily job writes a new anchor file each run and checks the previous one', async () => {
    const jobDir = path.join(dir, 'job');
    const logs: string[] = [];
    const logger = { info: () => undefined, error: (_: object, m: string) => void logs.push(m) };
    const { db } = t.platform.database;
    const first = await anchorJob(db, t.services.audit, jobDir, () => t.clock.now(), logger);
    expect(first.previous).toBeNull();
    t.clock.advance(24 * 3600_000);
    [aud, admin] = [await t.login('auditor'), await t.login('admin')]; // the sessions timed out over the day
    await addRows(2);
    const second = await anchorJob(db, t.services.audit, jobDir, () => t.clock.now(), logger);
    expect(second.previous?.check.ok).toBe(true);
    expect(fs.readdirSync(jobDir)).toHaveLength(2);
    expect(JSON.parse(fs.readFileSync(second.file!, 'utf8').split('\n')[0]!)).toEqual(second.anchor);
    expect(logs).toEqual([]);
    const res = await cli(['verify', '--anchor', jobDir]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('all 2 anchors ok');
  });

  it('catches a row edited with every later hash recomputed, which the plain verify passes, and names the row', async () => {
    const before = await anchorNow();
    await addRows(6);
    const target = before.id + 3;
    const after = await anchorNow(); // taken after the row that will be edited
    await addRows(3);
    const jobDir = path.join(dir, 'job2');
    const logs: string[] = [];
    const logger = { info: () => undefined, error: (_: object, m: string) => void logs.push(m) };
    await anchorJob(t.platform.database.db, t.services.audit, jobDir, () => t.clock.now(), logger);
    const lastBefore = await anchorNow();

    await tamperAndRecompute(t, target);
    expect(await t.services.audit.verify()).toMatchObject({ ok: true }); // the plain chain holds

    // The anchor taken after the edited row no longer matches; the one before it still does.
    const bad = await check(after);
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toMatchObject({ ok: false, check: 'hash', rowId: after.id, reason: 'hash_mismatch' });
    expect(bad.json().storedHash).not.toBe(after.hash);
    expect((await check(before)).json()).toMatchObject({ ok: true });
    expect((await check(anchorLine(lastBefore))).json()).toMatchObject({ ok: false, check: 'hash', rowId: lastBefore.id });
    const audited = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'audit_anchor_check')
      .where('object_id', '=', String(after.id)).executeTakeFirstOrThrow();
    expect(audited).toMatchObject({ outcome: 'error', severity: 'high', reason: `hash:hash_mismatch@${after.id}` });

    // The operator's verify: exit 1, names the anchor, the row and where the rewrite lies.
    const res = await cli(['verify', '--anchor', file('before.json', before), '--anchor', file('after.json', after)]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('audit chain ok'); // the chain alone would pass
    expect(res.stdout).toMatch(new RegExp(`after\\.json \\(row ${after.id}\\): FAILED: row ${after.id} has hash`));
    expect(res.stdout).toContain(`rows ${before.id + 1}–${after.id}`);
    const { chain, anchors } = await t.services.audit.verifyWithAnchors([before, after]);
    expect(chain.ok).toBe(true);
    expect(anchors.map((c) => [c.ok, c.check, c.rowId])).toEqual([[true, null, null], [false, 'hash', after.id]]);

    // The daily job finds it too: its previous anchor fails, logged and audited with high severity.
    await anchorJob(t.platform.database.db, t.services.audit, jobDir, () => t.clock.now(), logger);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('FAILED');
    const jobRow = await t.platform.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'audit_anchor_check')
      .where('actor_role', '=', 'system').executeTakeFirstOrThrow();
    expect(jobRow).toMatchObject({ outcome: 'error', severity: 'high' });
  });

  it('fails an anchor whose row is gone (truncated log), and one whose chain after it breaks', async () => {
    const { db } = t.platform.database;
    await addRows(4);
    const a = await anchorNow();
    await addRows(3);
    // Cut the log back to before the anchor and move the head there: the plain verify passes.
    const keep = a.id - 2;
    await asSuperuser(t, async () => {
      const row = await db.selectFrom('audit_log').select('hash').where('id', '=', keep).executeTakeFirstOrThrow();
      await sql`delete from audit_log where id > ${keep}`.execute(db);
      await sql`update audit_head set last_id = ${keep}, last_hash = ${row.hash} where id = 1`.execute(db);
    });
    expect(await t.services.audit.verify()).toMatchObject({ ok: true, checked: keep });
    expect((await check(a)).json()).toMatchObject({ ok: false, check: 'row', rowId: a.id, reason: 'missing_row' });
    const res = await cli(['verify', '--anchor', file('gone.json', a)]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`row ${a.id} does not exist`);

    // A row slipped in beyond the head (the head not moved) is not ignored by the walk that stops at the head.
    const head = Number((await db.selectFrom('audit_head').select('last_id').executeTakeFirstOrThrow()).last_id);
    const cols = 'ts, actor_id, actor_role, actor_org, session_id, ip, user_agent_hash, action, object_type, object_id, subject_id, fields, purpose, reason, outcome, severity, request_id, count, prev_hash, hash';
    await sql.raw(`insert into audit_log (id, ${cols}) select id + 1, ${cols} from audit_log where id = ${head}`).execute(db);
    expect(await t.services.audit.verify()).toMatchObject({ ok: false, reason: 'head_mismatch', firstBrokenId: head + 1 });
    await asSuperuser(t, async () => {
      await sql`delete from audit_log where id = ${head + 1}`.execute(db);
    });
    expect(await t.services.audit.verify()).toMatchObject({ ok: true });

    // An edit after the anchor without recomputing: the anchored row still matches, the chain after it does not.
    const b = await anchorNow();
    await addRows(3);
    await asSuperuser(t, async () => {
      await sql`update audit_log set object_id = 'tampered-2' where id = ${b.id + 2}`.execute(db);
    });
    expect((await check(b)).json()).toMatchObject({ ok: false, check: 'chain', rowId: b.id + 2, reason: 'hash_mismatch' });
  });
});
