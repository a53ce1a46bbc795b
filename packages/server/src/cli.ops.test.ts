// The operator's view of start-up and the command line: a wrong or missing setting stops at once with one line that
// names the variable to fix (never a stack trace, never a silent fall-back to the embedded defaults or to new keys),
// and the exit codes a script relies on. Start-up checks run in-process through createPlatform (the code every
// command and `serve` go through); what only the `renxing` process does (printing, exit codes, backup/restore,
// import) runs the real binary, several at a time. Redis/PostgreSQL "unreachable" is a closed port.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY, TEST_DIALECT, TEST_INDEX_KEY, type TestApp } from '../test/harness';
import { createPlatform } from './bootstrap';
import { ConfigError, loadConfig } from './config';
import { systemActor } from './modules/audit';
import { importOrgs } from './modules/orgs';
import { KeyError } from './platform/crypto/keys';

const BIN = path.resolve(import.meta.dirname, '../bin/renxing.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-cli-ops-'));
const KEYS = { RENXING_DATA_KEY: TEST_DATA_KEY, RENXING_INDEX_KEY: TEST_INDEX_KEY };
const dir = (name: string) => path.join(tmp, name);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The parent's deployment settings (a PostgreSQL run, keys) must not leak into the child. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, RENXING_LOG_LEVEL: 'warn', RENXING_SEED: 'none' };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'MQTT_URL', 'RENXING_MODE', 'NODE_ENV', 'RENXING_DATA_KEY', 'RENXING_INDEX_KEY', 'RENXING_KEY_FILE', 'RENXING_COOKIE_SECURE', 'PORT', 'HOST']) delete base[k];
  return { ...base, ...env };
}
type Run = { status: number | null; stdout: string; stderr: string };
/** Runs `renxing …` (or, with `shell`, a shell line) without blocking the other tests' processes. */
function run(args: string[], env: Record<string, string>, shell = false): Promise<Run> {
  const [cmd, argv] = shell ? ['/bin/sh', ['-c', args.join(' ')]] : [process.execPath, [BIN, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
const noStack = (s: string) => expect(s).not.toMatch(/^\s+at |Unhandled error event/m);

/** createPlatform with exactly these variables; resolves to the error it refused with (null: it started). */
async function startError(env: Record<string, string>): Promise<Error | null> {
  try {
    const p = await createPlatform(loadConfig({ RENXING_LOG_LEVEL: 'silent', ...env } as NodeJS.ProcessEnv));
    await p.sessions.close();
    await p.database.close();
    return null;
  } catch (e) {
    return e as Error;
  }
}

describe('configuration that cannot work is refused when it is read', () => {
  const cfg = (env: Record<string, string>) => () => loadConfig({ RENXING_DATA_DIR: dir('cfg'), ...env } as NodeJS.ProcessEnv);

  it('names the variable for a mistyped URL instead of silently running on SQLite / database sessions / no MQTT', () => {
    expect(cfg({ DATABASE_URL: 'mysql://db/renxing' })).toThrow(/DATABASE_URL: scheme "mysql:" is not supported: expected postgres:\/\//);
    expect(cfg({ DATABASE_URL: '/var/lib/renxing/renxing.db' })).toThrow(/DATABASE_URL: not a URL/);
    expect(cfg({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL: .*expected redis:\/\//);
    expect(cfg({ MQTT_URL: 'http://broker:1883' })).toThrow(/MQTT_URL: scheme "http:"/);
    expect(cfg({ PORT: 'abc' })).toThrow(/PORT: "abc" is not a port number/);
    expect(cfg({ PORT: '70000' })).toThrow(ConfigError);
    // The message never shows the value of a URL (it may carry a password).
    expect(cfg({ DATABASE_URL: 'pgsql://u:hunter2@db/x' })).toThrow(/^(?!.*hunter2)/);
    // Valid and empty values still work.
    expect(cfg({ DATABASE_URL: 'postgresql://app@db.internal/renxing?sslmode=require', REDIS_URL: 'rediss://:pw@cache:6380/2', MQTT_URL: 'mqtts://broker:8883', PORT: '0' })()).toMatchObject({
      databaseUrl: 'postgresql://app@db.internal/renxing?sslmode=require', redisUrl: 'rediss://:pw@cache:6380/2', mqttUrl: 'mqtts://broker:8883', port: 0,
    });
    expect(cfg({ DATABASE_URL: '', PORT: '' })()).toMatchObject({ databaseUrl: null, port: 3000 });
  });

  it('production mode refuses cookies without Secure (plain-HTTP LAN trials only)', () => {
    const prod = { RENXING_MODE: 'production', ...KEYS };
    expect(cfg({ ...prod, RENXING_COOKIE_SECURE: '0' })).toThrow(/RENXING_COOKIE_SECURE: 0 is refused in production mode/);
    expect(cfg({ ...prod, RENXING_COOKIE_SECURE: 'false' })).toThrow(/RENXING_COOKIE_SECURE/);
    expect(cfg({ ...prod })().cookieSecure).toBe(true);
    expect(cfg({ RENXING_COOKIE_SECURE: '0' })().cookieSecure).toBe(false);
  });
});

describe('start-up fails fast with the variable to fix', () => {
  it('an unreachable PostgreSQL names DATABASE_URL with the password hidden', async () => {
    const e = await startError({ RENXING_DATA_DIR: dir('pg'), DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/renxing', ...KEYS });
    expect(e).toBeInstanceOf(ConfigError);
    expect(e!.message).toMatch(/^DATABASE_URL=postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/renxing: cannot use the PostgreSQL database \(.*ECONNREFUSED/);
    expect(e!.message).not.toContain('s3cret');
  });

  it('an unreachable Redis names REDIS_URL and the cause, instead of starting and failing every login', async () => {
    const e = await startError({ RENXING_DATA_DIR: dir('redis'), REDIS_URL: 'redis://127.0.0.1:1/3', ...KEYS });
    expect(e).toBeInstanceOf(ConfigError);
    expect(e!.message).toMatch(/^REDIS_URL=redis:\/\/127\.0\.0\.1:1\/3: Redis does not answer \(.*ECONNREFUSED/);
  });

  it('a data directory that cannot be created names RENXING_DATA_DIR', async () => {
    const file = dir('a-file');
    fs.writeFileSync(file, '');
    const e = await startError({ RENXING_DATA_DIR: path.join(file, 'data') });
    expect(e).toBeInstanceOf(ConfigError);
    expect(e!.message).toMatch(/^RENXING_DATA_DIR=.*a-file\/data is not a writable directory \(ENOTDIR/);
  });

  it('RENXING_KEY_FILE pointing nowhere, or at something else, is refused in both modes; no key is generated there', async () => {
    const keyFile = dir('keys/typo.json');
    for (const mode of ['embedded', 'production']) {
      const e = await startError({ RENXING_DATA_DIR: dir(`kf-${mode}`), RENXING_MODE: mode, RENXING_KEY_FILE: keyFile });
      expect(e).toBeInstanceOf(KeyError);
      expect(e!.message).toContain(`RENXING_KEY_FILE=${keyFile}: no such file`);
    }
    expect(fs.existsSync(keyFile)).toBe(false);
    const garbled = dir('garbled.json');
    fs.writeFileSync(garbled, '编码,名称\n');
    expect((await startError({ RENXING_DATA_DIR: dir('kf-embedded'), RENXING_KEY_FILE: garbled }))!.message).toMatch(/key file .*garbled\.json \(RENXING_KEY_FILE\) cannot be read/);
  });

  it('a new, empty data directory gets its keys generated, readable by the service user only — like its database', async () => {
    expect(await startError({ RENXING_DATA_DIR: dir('fresh') })).toBeNull();
    expect(fs.statSync(path.join(dir('fresh'), 'keys/renxing.keys.json')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir('fresh'), 'renxing.db')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir('fresh')).mode & 0o777).toBe(0o700);
  });

  it('the renxing process prints one line naming the variable and exits 1 (a port in use)', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const r = await run(['serve'], { RENXING_DATA_DIR: dir('port'), PORT: String(port), ...KEYS });
      expect(r.status, r.stdout + r.stderr).toBe(1);
      expect(r.stderr.trim()).toBe(`PORT=${port}: 127.0.0.1:${port} is already in use by another program (another Renxing?); stop it or set PORT to a free port`);
      expect(r.stdout).not.toContain('listening on');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe.skipIf(TEST_DIALECT !== 'sqlite')('an existing installation: keys, backup and restore, import', () => {
  let t: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp({ clockStart: new Date().toISOString() });
    env = { RENXING_DATA_DIR: t.config.dataDir, ...KEYS };
    const actor = systemActor('system:test');
    const c = await t.services.registry.createCompound(actor, { communityId: t.orgs.community.id, name: '东港小区' });
    await t.services.registry.createBuilding(actor, { compoundId: c.id, gridId: t.orgs.grids[0]!.id, name: '3幢' });
    // Enough streets and communities that `orgs list` prints more than a pipe holds (64 KiB).
    const rows = ['编码,名称,层级,上级编码'];
    for (let s = 101; s <= 130; s++) {
      rows.push(`330902${s},运维第${s}街道,街道,330902`);
      for (let c = 1; c <= 50; c++) rows.push(`330902${s}${String(c).padStart(3, '0')},运维第${s}街道第${c}社区,社区,330902${s}`);
    }
    const res = await importOrgs(t.platform.database, t.services.audit, actor, rows.join('\n'), { now: new Date() });
    expect(res.errors).toEqual([]);
    await t.platform.database.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
  });
  afterAll(async () => t.close());

  it('a database with accounts but no keys is refused instead of getting a key file that can read none of its data', async () => {
    const e = await startError({ RENXING_DATA_DIR: t.config.dataDir });
    expect(e).toBeInstanceOf(KeyError);
    expect(e!.message).toMatch(/key file .*renxing\.keys\.json is missing, but the database already holds data/);
    expect(fs.existsSync(path.join(t.config.dataDir, 'keys'))).toBe(false);
  });

  it('backup and restore never make keys up, name the variables, and refuse a wrong key or a PostgreSQL target', async () => {
    const backup = dir('bk/live.rxbak');
    const made = await run(['backup', backup], env);
    expect(made.status, made.stderr).toBe(0);
    const drill = dir('drill');
    const [noKeysBackup, noKeys, wrong, pg, nowhere] = await Promise.all([
      run(['backup', dir('bk/nokeys.rxbak')], { RENXING_DATA_DIR: t.config.dataDir }),
      run(['restore', backup], { RENXING_DATA_DIR: drill }),
      run(['restore', backup], { RENXING_DATA_DIR: drill, RENXING_DATA_KEY: 'e3'.repeat(32), RENXING_INDEX_KEY: TEST_INDEX_KEY }),
      run(['restore', backup], { RENXING_DATA_DIR: drill, DATABASE_URL: 'postgres://app@127.0.0.1:1/renxing', ...KEYS }),
      run(['audit', 'verify'], { RENXING_DATA_DIR: dir('nowhere'), ...KEYS }),
    ]);
    expect(noKeysBackup.status).toBe(1);
    expect(noKeysBackup.stderr).toMatch(/backup: no keys — .*RENXING_DATA_KEY and RENXING_INDEX_KEY/);
    expect(noKeys.status).toBe(1);
    expect(noKeys.stderr).toMatch(/restore: no keys — a backup can only be restored with the data key it was made with/);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/restore refused, nothing changed: the backup cannot be decrypted with this data key/);
    // A .rxbak is SQLite: with DATABASE_URL set it used to land in an unused SQLite file, reported as restored.
    expect(pg.status).toBe(2);
    expect(pg.stderr).toMatch(/PostgreSQL \(DATABASE_URL is set\): restore with pg_restore/);
    expect(nowhere.status).toBe(1);
    expect(nowhere.stderr).toMatch(/no database at .*nowhere\/renxing\.db \(RENXING_DATA_DIR=/);
    for (const r of [noKeysBackup, noKeys, wrong, pg, nowhere]) noStack(r.stderr);
    expect(fs.existsSync(path.join(drill, 'keys'))).toBe(false);
    expect(fs.existsSync(path.join(drill, 'renxing.db'))).toBe(false);
    expect(fs.existsSync(path.join(t.config.dataDir, 'keys'))).toBe(false);
    expect(fs.existsSync(dir('nowhere'))).toBe(false);
  });

  it('import: a dry run exits as the real run would (1 when all-or-nothing would reject the file); bad usage is exit 2', async () => {
    const HEAD = '姓名,身份证号,手机号,小区,楼栋,单元,房号,与户主关系,人员类型,标签,编号';
    const file = dir('check.csv');
    fs.writeFileSync(file, `${HEAD}\n甲,${makeCnId('330902', '1961-04-04', 21)},13800002121,东港小区,3幢,1单元,311,户主,户籍,,\n乙,11010519491231003X,,东港小区,3幢,1单元,312,户主,户籍,,\n`);
    const imp = (...args: string[]) => run(['import', 'residents', file, '--community', '330902001001', ...args], env);
    const [dry, partial, bogus] = await Promise.all([imp('--dry-run'), imp('--dry-run', '--partial', '--json'), imp('--bogus')]);
    expect(dry.status, dry.stderr).toBe(1);
    expect(dry.stdout).toMatch(/^dry run, nothing written \(all-or-nothing: the file would be rejected .*\): 2 rows, 1 to import, 0 to update \(0 unchanged\), 1 rows with errors\n {2}row 2 \[身份证号\] checksum/);
    expect(partial.status, partial.stderr).toBe(0);
    expect(JSON.parse(partial.stdout)).toEqual({ rows: 2, imported: 1, updated: 0, unchanged: 0, errors: [{ row: 2, column: '身份证号', code: 'checksum', message: expect.any(String) }] });
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toContain("Unknown option '--bogus'");
    expect(bogus.stderr).toContain('usage: renxing import residents <file> --community <code>');
    expect(await t.platform.database.db.selectFrom('residents').select('id').where('name', '=', '甲').executeTakeFirst()).toBeUndefined();
  });

  it('import runs with the V8 heap capped (ADR 0054): 512 MB by default, RENXING_IMPORT_HEAP_MB to change or lift it, an option already given wins', async () => {
    const file = dir('heap.csv');
    fs.writeFileSync(file, `姓名,身份证号,手机号,小区,楼栋,单元,房号,与户主关系,人员类型,标签,编号\n丙,${makeCnId('330902', '1970-02-02', 31)},,东港小区,3幢,1单元,321,户主,户籍,,\n`);
    const imp = (extra: Record<string, string>) => run(['import', 'residents', file, '--community', '330902001001', '--dry-run', '--json'], { ...env, ...extra });
    const limit = (r: Run) => Number(/V8 heap limit (\d+) MB/.exec(r.stderr)?.[1]);
    const [byDefault, set, off, given, bad] = await Promise.all([
      imp({}), imp({ RENXING_IMPORT_HEAP_MB: '300' }), imp({ RENXING_IMPORT_HEAP_MB: '0' }),
      imp({ RENXING_IMPORT_HEAP_MB: '300', NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=700` }), imp({ RENXING_IMPORT_HEAP_MB: '64' }),
    ]);
    for (const r of [byDefault, set, off, given]) {
      expect(r.status, r.stderr + r.stdout).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ rows: 1, imported: 1, errors: [] });
    }
    // V8's limit is the old generation plus the young one (a few tens of MB).
    expect(limit(byDefault)).toBeGreaterThanOrEqual(512);
    expect(limit(byDefault)).toBeLessThan(640);
    expect(limit(set)).toBeGreaterThanOrEqual(300);
    expect(limit(set)).toBeLessThan(428);
    expect(limit(given)).toBeGreaterThanOrEqual(700);
    expect(limit(given)).toBeLessThan(828);
    // Without the cap: V8's own limit, which depends on the machine's memory but is not 512 MB + young generation.
    expect(limit(off)).not.toBe(limit(byDefault));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('RENXING_IMPORT_HEAP_MB must be 0 (no cap) or a whole number of megabytes ≥ 128, not "64"');
    noStack(bad.stderr);
  });

  it('a closed pipe (renxing orgs list | head) ends quietly', async () => {
    const [full, piped] = await Promise.all([
      run(['orgs', 'list'], env),
      run([`'${process.execPath}' '${BIN}' orgs list | head -c 1 >/dev/null`], env, true),
    ]);
    expect(Buffer.byteLength(full.stdout)).toBeGreaterThan(64 * 1024);
    expect(piped.stderr).not.toMatch(/EPIPE/);
    noStack(piped.stderr);
  });
});
