// SECURITY.md §7 M64 (PostgreSQL PITR), docs/operations.md §3.2: a throwaway PostgreSQL cluster (initdb on a free port,
// never the suite's 127.0.0.1:5432) archives its WAL through the documented pg-archive-wal script; the app (production
// profile: keys from the environment, no demo accounts) is migrated onto it, a base backup is taken, then a duty-log
// entry M1 is written through the API, the database's clock is read as T, and M2 is written. The base backup is
// restored into the data directory with restore_command + recovery_target_time = T + recovery.signal, exactly as the
// operations page says. Expected: M1 present, M2 absent, the cluster promoted and writable, `renxing audit verify` and
// `renxing erasures reapply --json` (ADR 0043) answer, and `renxing serve` boots on the restored cluster and serves M1.
//
// PostgreSQL suite only (`npm run test:pg`); skipped in the SQLite run. Needs the PostgreSQL server binaries (initdb,
// pg_ctl, pg_basebackup, postgres: RENXING_TEST_PG_BINDIR, `pg_config --bindir` or /usr/lib/postgresql/<n>/bin) and to
// run as root (commands of the cluster run through `runuser -u postgres`) or as the postgres OS user; otherwise it
// skips and its title names what is missing.
import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../harness';
import {
  RELIABILITY_KEYS, RENXING_BIN, type ServerProcess, freePort, killHard, login, request, runRenxing, serverEnv, startServer, stopGracefully,
} from './server-process';

type PgTools = {
  bin: string;
  /** Runs a command as the postgres OS user (through runuser when this process is root). */
  asPostgres(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string>;
  /** Owner of the cluster's directories (null: this process already is postgres). */
  owner: { uid: number; gid: number } | null;
};

const PG_PROGRAMS = ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres'];

/** Finds the PostgreSQL server binaries and a way to run them as postgres; or says what is missing. */
function probePgTools(): PgTools | { missing: string } {
  const candidates: string[] = [];
  if (process.env.RENXING_TEST_PG_BINDIR) candidates.push(process.env.RENXING_TEST_PG_BINDIR);
  const cfg = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (cfg.status === 0) candidates.push(cfg.stdout.trim());
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    for (const v of fs.readdirSync(debian).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, v, 'bin'));
  }
  const bin = candidates.find((d) => PG_PROGRAMS.every((p) => fs.existsSync(path.join(d, p))));
  if (!bin) {
    return { missing: `the PostgreSQL server binaries (${PG_PROGRAMS.join(', ')}; looked in ${candidates.join(', ') || 'RENXING_TEST_PG_BINDIR, pg_config --bindir, /usr/lib/postgresql/<n>/bin'})` };
  }
  if (os.userInfo().username === 'postgres') {
    return { bin, owner: null, asPostgres: (cmd, args, cwd) => spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000 }) };
  }
  if (process.getuid?.() !== 0) return { missing: `root or the postgres OS user (running as ${os.userInfo().username}): initdb and pg_ctl refuse root and the cluster must belong to postgres` };
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return { missing: 'an OS user named postgres to own the throwaway cluster' };
  if (spawnSync('runuser', ['--help'], { encoding: 'utf8' }).status !== 0) return { missing: 'runuser (util-linux), to run initdb and pg_ctl as postgres' };
  return {
    bin,
    owner: { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) },
    asPostgres: (cmd, args, cwd) => spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { cwd, encoding: 'utf8', timeout: 120_000 }),
  };
}

const probe = TEST_DIALECT === 'postgres' ? probePgTools() : null;
const missing = probe && 'missing' in probe ? probe.missing : null;

/** The WAL archive script of docs/operations.md §3.2, with the archive directory of this run. */
const archiveScript = (archive: string) => `#!/bin/sh
# pg-archive-wal <path> <file>: copy one WAL segment into the archive durably.
set -eu
archive=${archive}
test ! -f "$archive/$2"                 # never overwrite an archived segment
cp "$1" "$archive/$2.part"
sync "$archive/$2.part"                 # fsync the copy (coreutils >= 8.24)
mv "$archive/$2.part" "$archive/$2"
sync "$archive"                         # fsync the directory entry
`;

/** Runs a `renxing` command without blocking the event loop (so two can run side by side). */
function runAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RENXING_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

/** One query on a fresh connection (TCP, trust authentication). */
async function sql<R extends pg.QueryResultRow>(port: number, database: string, text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Polls `fn` (every 50 ms) until it returns a value other than undefined/false; fails naming `what` after `timeoutMs`. */
async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(50);
  }
}

const ORGS_CSV = '编码,名称,层级,上级编码\n330900,舟山市,市,\n330903,普陀区,区,330900\n';
const USERNAME = 'pitr.duty';
const NEW_PASSWORD = 'Recovery drill at the county office 7';

describe.skipIf(TEST_DIALECT !== 'postgres' || missing !== null)(
  `PostgreSQL point-in-time recovery: base backup + WAL archive, restore to T (M64)${missing ? ` — skipped, missing: ${missing}` : ''}`,
  () => {
    // Created in beforeAll: a skipped describe runs its body but not its hooks.
    let tools: PgTools;
    let root: string;
    let pgdata: string;
    let archive: string;
    let baseDir: string;
    let appDir: string;
    let pgPort: number;
    const servers: ServerProcess[] = [];

    const pgOk = (r: SpawnSyncReturns<string>, what: string) => {
      expect(r.status, `${what}: ${r.error?.message ?? ''}\n${r.stdout}\n${r.stderr}`).toBe(0);
      return r;
    };
    const asPg = (program: string, args: string[]) => tools.asPostgres(PG_PROGRAMS.includes(program) || program.startsWith('pg_') ? path.join(tools.bin, program) : program, args, root);
    const pgCtl = (dataDir: string, ...args: string[]) => asPg('pg_ctl', ['-D', dataDir, ...args]);

    beforeAll(async () => {
      tools = probe as PgTools;
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-pitr-'));
      if (tools.owner) fs.chownSync(root, tools.owner.uid, tools.owner.gid);
      pgdata = path.join(root, 'main');
      archive = path.join(root, 'wal-archive');
      baseDir = path.join(root, 'pg-base');
      appDir = path.join(root, 'app');
      fs.mkdirSync(appDir, { mode: 0o700 });
      pgPort = await freePort();
    });

    afterAll(async () => {
      for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) await killHard(s);
      if (!root) return;
      for (const d of [pgdata, `${pgdata}.broken`]) {
        if (fs.existsSync(path.join(d, 'postmaster.pid'))) pgCtl(d, 'stop', '-m', 'immediate', '-w');
      }
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('restores to recovery_target_time = T: M1 present, M2 absent; the app boots on the restored cluster', async () => {
      // --- A throwaway cluster that archives its WAL with the documented script.
      for (const d of [archive, baseDir, path.join(root, 'sock')]) pgOk(asPg('mkdir', ['-m', '700', d]), `mkdir ${d}`);
      const script = path.join(root, 'pg-archive-wal');
      fs.writeFileSync(script, archiveScript(archive), { mode: 0o755 });
      pgOk(asPg('initdb', ['-D', pgdata, '--auth=trust', '--username=postgres', '--encoding=UTF8', '--locale=C']), 'initdb');
      fs.appendFileSync(path.join(pgdata, 'postgresql.conf'), [
        '', '# rx-pitr test cluster',
        "listen_addresses = '127.0.0.1'", `port = ${pgPort}`, `unix_socket_directories = '${path.join(root, 'sock')}'`,
        'wal_level = replica', 'archive_mode = on', `archive_command = '${script} %p %f'`,
        'synchronous_commit = on', 'fsync = on', 'full_page_writes = on', '',
      ].join('\n'));
      pgOk(pgCtl(pgdata, '-l', path.join(root, 'primary.log'), '-w', '-t', '60', 'start'), 'pg_ctl start');
      await sql(pgPort, 'postgres', 'create database renxing');
      const env = serverEnv(appDir, { ...RELIABILITY_KEYS, RENXING_MODE: 'production', DATABASE_URL: `postgres://postgres@127.0.0.1:${pgPort}/renxing` });

      // --- A first org hierarchy and account, as on a new production installation (no demo data there); the first
      // command's bootstrap applies the migrations to the empty database.
      const orgsCsv = path.join(appDir, 'orgs.csv');
      fs.writeFileSync(orgsCsv, ORGS_CSV);
      const orgs = runRenxing(['orgs', 'import', orgsCsv, '--json'], env);
      expect(orgs.status, orgs.stdout + orgs.stderr).toBe(0);
      expect(JSON.parse(orgs.stdout)).toMatchObject({ created: 2, errors: [] });
      const created = runRenxing(['user', 'create', USERNAME, '--role', 'district_staff', '--org', '330903', '--name', '值班员'], env);
      expect(created.status, created.stdout + created.stderr).toBe(0);
      const oneTimePassword = /one-time password: (\S+)/.exec(created.stdout)?.[1];
      expect(oneTimePassword).toBeTruthy();

      // --- Base backup (before the markers), as the nightly job takes it.
      const backupDir = path.join(baseDir, 'nightly');
      pgOk(asPg('pg_basebackup', ['-h', path.join(root, 'sock'), '-p', String(pgPort), '-U', 'postgres', '-D', backupDir, '-Ft', '-z', '-Xs', '--checkpoint=fast']), 'pg_basebackup');
      expect(fs.existsSync(path.join(backupDir, 'base.tar.gz'))).toBe(true);

      // --- M1 through the API, T from the database's clock, M2 strictly later.
      const port = await freePort();
      const live = await startServer(env, port);
      servers.push(live);
      const first = await login(port, USERNAME, oneTimePassword!);
      const changed = await request(port, {
        method: 'POST', path: '/api/auth/password', headers: { cookie: first.cookie, 'x-csrf-token': first.csrf },
        body: { currentPassword: oneTimePassword, newPassword: NEW_PASSWORD },
      });
      expect(changed.status, changed.body).toBe(204);
      const session = await login(port, USERNAME, NEW_PASSWORD);
      const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf };
      const tag = crypto.randomBytes(4).toString('hex');
      const m1 = `pitr-M1-${tag}`;
      const m2 = `pitr-M2-${tag}`;
      const w1 = await request(port, { method: 'POST', path: '/api/duty-logs', headers, body: { category: 'shift', content: m1 } });
      expect(w1.status, w1.body).toBe(201);
      // 201 is sent after COMMIT: every clock reading from here on is later than M1's commit record.
      const [{ t }] = await sql<{ t: string }>(pgPort, 'renxing', 'select clock_timestamp()::text as t');
      await until('the database clock to pass T', async () => (await sql<{ later: boolean }>(pgPort, 'renxing', 'select clock_timestamp() > $1::timestamptz as later', [t]))[0]!.later);
      const w2 = await request(port, { method: 'POST', path: '/api/duty-logs', headers, body: { category: 'shift', content: m2 } });
      expect(w2.status, w2.body).toBe(201);
      await stopGracefully(live);
      const markers = async () => (await sql<{ content: string }>(pgPort, 'renxing', "select content from duty_logs where content like 'pitr-%' order by content")).map((r) => r.content);
      expect(await markers()).toEqual([m1, m2]);

      // Close the segment holding M2 and wait until the archive has it (archive_timeout would do it in production).
      const [{ seg }] = await sql<{ seg: string }>(pgPort, 'postgres', 'select pg_walfile_name(pg_switch_wal()) as seg');
      await until(`WAL segment ${seg} in the archive`, async () => {
        const [a] = await sql<{ last: string | null }>(pgPort, 'postgres', 'select last_archived_wal as last from pg_stat_archiver');
        return a!.last !== null && a!.last >= seg;
      });
      expect(fs.existsSync(path.join(archive, seg))).toBe(true);
      expect(fs.readdirSync(archive).filter((f) => f.endsWith('.part'))).toEqual([]);
      pgOk(pgCtl(pgdata, 'stop', '-m', 'fast', '-w'), 'pg_ctl stop');

      // --- Recovery, as docs/operations.md §3.2: keep the old directory, unpack the base backup, WAL from the archive.
      pgOk(asPg('mv', [pgdata, `${pgdata}.broken`]), 'mv');
      pgOk(asPg('mkdir', ['-m', '700', pgdata]), 'mkdir');
      pgOk(asPg('tar', ['-xzf', path.join(backupDir, 'base.tar.gz'), '-C', pgdata]), 'tar -xzf base.tar.gz');
      const walDir = path.join(pgdata, 'pg_wal');
      for (const f of fs.readdirSync(walDir)) fs.rmSync(path.join(walDir, f), { recursive: true, force: true });
      fs.appendFileSync(path.join(pgdata, 'postgresql.auto.conf'), [
        '', `restore_command = 'cp ${archive}/%f %p'`, `recovery_target_time = '${t}'`, "recovery_target_action = 'promote'", '',
      ].join('\n'));
      pgOk(asPg('touch', [path.join(pgdata, 'recovery.signal')]), 'touch recovery.signal');
      const restoredLog = path.join(root, 'restored.log');
      pgOk(pgCtl(pgdata, '-l', restoredLog, '-w', '-t', '60', 'start'), 'pg_ctl start (recovery)');
      // pg_ctl returns once read-only connections are accepted; promotion follows when the target is reached.
      await until('promotion', async () => !(await sql<{ r: boolean }>(pgPort, 'postgres', 'select pg_is_in_recovery() as r'))[0]!.r, 60_000);
      // M1 present, M2 absent.
      expect(await markers()).toEqual([m1]);
      const log = fs.readFileSync(restoredLog, 'utf8');
      expect(log).toMatch(/restored log file "[0-9A-F]{24}" from archive/);
      expect(log).toMatch(/recovery stopping before commit of transaction \d+, time /);
      expect(log).toMatch(/database system is ready to accept connections/);
      expect(fs.existsSync(path.join(pgdata, 'recovery.signal'))).toBe(false);

      // The promoted cluster is on a new timeline.
      const [{ tli }] = await sql<{ tli: number }>(pgPort, 'postgres', 'select timeline_id as tli from pg_control_checkpoint()');
      expect(Number(tli)).toBeGreaterThan(1);

      // --- The app on the restored cluster: audit chain, erasure ledger (ADR 0043), serve, M1 readable, writable.
      // Independent of each other (verify only reads): run side by side.
      const [verify, reapply] = await Promise.all([runAsync(['audit', 'verify'], env), runAsync(['erasures', 'reapply', '--json'], env)]);
      expect(verify.status, verify.stdout + verify.stderr).toBe(0);
      expect(verify.stdout).toMatch(/deletion certificates ok/);
      expect(reapply.status, reapply.stdout + reapply.stderr).toBe(0);
      // Nobody was erased on this installation: nothing to check, nothing re-applied.
      expect(JSON.parse(reapply.stdout)).toEqual({ checked: 0, reapplied: 0 });

      const rport = await freePort();
      const restored = await startServer(env, rport);
      servers.push(restored);
      expect((await request(rport, { method: 'GET', path: '/healthz' })).status).toBe(200);
      // The password change happened before T, so the new password is the one that works.
      const s = await login(rport, USERNAME, NEW_PASSWORD);
      const list = await request(rport, { method: 'GET', path: '/api/duty-logs?pageSize=100', headers: { cookie: s.cookie } });
      expect(list.status, list.body).toBe(200);
      const contents = (JSON.parse(list.body) as { items: Array<{ content: string }> }).items.map((i) => i.content);
      expect(contents).toContain(m1);
      expect(contents).not.toContain(m2);
      const after = await request(rport, { method: 'POST', path: '/api/duty-logs', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, body: { category: 'other', content: `pitr-after-${tag}` } });
      expect(after.status, after.body).toBe(201);
      await stopGracefully(restored);
    }, 180_000);
  },
);
