// SECURITY.md §7 M62 (online backup under load) and M63 (restore drill), issue 2 point 9: `renxing backup` runs as a
// separate process while 20 writers load the live server; the encrypted copy is restored into an empty data dir with
// the same keys and a server boots on it. Every write acknowledged before the backup started must be there.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../harness';
import {
  RELIABILITY_KEYS, RENXING_BIN, type ServerProcess, freePort, integrityCheck, killHard, login, readOnly, request, runRenxing, serverEnv,
  startServer, stopGracefully, tempDataDir,
} from './server-process';

const WRITERS = 20;

/** Runs a CLI command WITHOUT blocking this process's event loop (the writers keep going meanwhile). */
function runAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RENXING_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (status) => resolve({ status, out }));
  });
}

const countLogs = (file: string) => readOnly(file, (h) => Number(h.prepare("select count(*) from duty_logs where content like 'bk-%'").pluck().get()));

describe.skipIf(TEST_DIALECT === 'postgres')('online backup under write load and restore drill (SQLite)', () => {
  // Created in beforeAll: a skipped describe (PostgreSQL suite) runs its body but not its hooks.
  let liveDir: string;
  let restoreDir: string;
  let tamperDir: string;
  let outDir: string;
  let backupFile: string;
  let liveEnv: NodeJS.ProcessEnv;
  let restoreEnv: NodeJS.ProcessEnv;
  const servers: ServerProcess[] = [];
  beforeAll(() => {
    liveDir = tempDataDir('bk-live');
    restoreDir = tempDataDir('bk-restore');
    tamperDir = tempDataDir('bk-tamper');
    outDir = tempDataDir('bk-out');
    backupFile = path.join(outDir, 'renxing-backup.rxb');
    liveEnv = serverEnv(liveDir, RELIABILITY_KEYS);
    restoreEnv = serverEnv(restoreDir, RELIABILITY_KEYS);
  });
  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) await killHard(s);
    for (const d of [liveDir, restoreDir, tamperDir, outDir]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('backs up consistently while writers run, and the restore brings back every write acknowledged before it', async () => {
    expect(runRenxing(['seed'], liveEnv).status).toBe(0);
    const port = await freePort();
    const live = await startServer(liveEnv, port);
    servers.push(live);
    const session = await login(port);

    /** key → time its 2xx arrived (performance.now()). */
    const acked = new Map<string, number>();
    const failures: string[] = [];
    let stopping = false;
    const writer = async (w: number) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let seq = 0; !stopping; seq++) {
        const key = `bk-w${String(w).padStart(2, '0')}-${seq}`;
        const r = await request(port, {
          method: 'POST', path: '/api/duty-logs', agent,
          headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'idempotency-key': key },
          body: { category: 'shift', content: key },
        });
        if (r.status === 201) acked.set(key, performance.now());
        else failures.push(`${key}: ${r.status}`);
      }
      agent.destroy();
    };
    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));

    await sleep(1500);
    const backupStartedAt = performance.now();
    const ackedBeforeBackup = [...acked.keys()];
    const liveAtStart = countLogs(path.join(liveDir, 'renxing.db'));
    const backup = await runAsync(['backup', backupFile], liveEnv);
    const liveAtEnd = countLogs(path.join(liveDir, 'renxing.db'));
    const ackedDuringBackup = [...acked.values()].filter((t) => t > backupStartedAt).length;
    await sleep(500);
    stopping = true;
    await Promise.all(writers);
    await stopGracefully(live);

    expect(backup.status, backup.out).toBe(0);
    expect(failures).toEqual([]);
    expect(ackedBeforeBackup.length).toBeGreaterThan(0);
    // The server really was writing while the backup ran (so the copy was taken online, under load).
    expect(ackedDuringBackup).toBeGreaterThan(0);

    // The file is encrypted at rest: not a SQLite database, no plaintext content, and its manifest checksum matches.
    const bytes = fs.readFileSync(backupFile);
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\u0000');
    expect(bytes.includes(Buffer.from(ackedBeforeBackup[0]!))).toBe(false);
    expect(() => {
      const h = new SqliteDatabase(backupFile, { readonly: true });
      try {
        h.prepare('select count(*) from sqlite_master').get();
      } finally {
        h.close();
      }
    }).toThrow(/not a database|file is not a database/i);
    const manifest = JSON.parse(fs.readFileSync(`${backupFile}.manifest.json`, 'utf8'));
    expect(manifest).toMatchObject({ format: 'renxing-sqlite-backup-v1', encrypted: true, integrity: 'ok', bytes: bytes.length });
    expect(manifest.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));

    // Restore drill: empty data dir, same keys, boot, smoke.
    const restored = runRenxing(['restore', backupFile], restoreEnv);
    expect(restored.status, restored.stdout + restored.stderr).toBe(0);
    const restoredDb = path.join(restoreDir, 'renxing.db');
    expect(integrityCheck(restoredDb)).toBe('ok');
    const keysInCopy = new Set(readOnly(restoredDb, (h) => h.prepare("select content from duty_logs where content like 'bk-%'").pluck().all() as string[]));
    // Every write acknowledged before the backup started is in the copy …
    expect(ackedBeforeBackup.filter((k) => !keysInCopy.has(k))).toEqual([]);
    // … and the copy is one snapshot taken between the start and the end of the backup command.
    expect(keysInCopy.size).toBeGreaterThanOrEqual(liveAtStart);
    expect(keysInCopy.size).toBeLessThanOrEqual(liveAtEnd);
    expect(manifest.tables.duty_logs).toBe(readOnly(restoredDb, (h) => Number(h.prepare('select count(*) from duty_logs').pluck().get())));
    const verify = runRenxing(['audit', 'verify'], restoreEnv);
    expect(verify.status, verify.stdout).toBe(0);
    // The drill is on record (M63): date, backup identity, duration, result.
    const drills = fs.readFileSync(path.join(restoreDir, 'restore-drills.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(drills).toHaveLength(1);
    expect(drills[0]).toMatchObject({ result: 'ok', backupSha256: manifest.sha256, backupCreatedAt: manifest.createdAt, backupFile });
    expect(Date.parse(drills[0].at)).not.toBeNaN();
    expect(drills[0].durationMs).toBeGreaterThanOrEqual(0);

    const rport = await freePort();
    const restoredServer = await startServer(restoreEnv, rport);
    servers.push(restoredServer);
    try {
      expect((await request(rport, { method: 'GET', path: '/healthz' })).status).toBe(200);
      const s = await login(rport);
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
      // A key written before the backup replays from the restored ledger instead of writing twice.
      const again = await request(rport, { method: 'POST', path: '/api/duty-logs', headers: { ...headers, 'idempotency-key': ackedBeforeBackup[0]! }, body: { category: 'shift', content: ackedBeforeBackup[0]! } });
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const fresh = await request(rport, { method: 'POST', path: '/api/duty-logs', headers, body: { category: 'other', content: 'restore drill smoke write' } });
      expect(fresh.status).toBe(201);
      // Through the API: every write of the copy, and the new one once (the demo's own duty-log entries aside).
      const list = await request(rport, { method: 'GET', path: '/api/duty-logs?pageSize=5&q=bk-', headers: { cookie: s.cookie } });
      expect(list.status).toBe(200);
      expect(JSON.parse(list.body).total).toBe(keysInCopy.size);
      const smoke = await request(rport, { method: 'GET', path: `/api/duty-logs?pageSize=5&q=${encodeURIComponent('restore drill smoke write')}`, headers: { cookie: s.cookie } });
      expect(JSON.parse(smoke.body).total).toBe(1);
      // Restoring over the database of a running server is refused, and the server carries on unharmed.
      const over = runRenxing(['restore', backupFile], restoreEnv);
      expect(over.status).not.toBe(0);
      expect(over.stderr).toMatch(/in use by another process; stop the server/);
      const after = await request(rport, { method: 'POST', path: '/api/duty-logs', headers, body: { category: 'other', content: 'still writing after a refused restore' } });
      expect(after.status).toBe(201);
    } finally {
      await stopGracefully(restoredServer);
    }
  }, 120_000);

  it('refuses a tampered backup, a mismatching manifest and a wrong key, leaving the target untouched', async () => {
    expect(fs.existsSync(backupFile)).toBe(true);
    const target = path.join(tamperDir, 'renxing.db');
    const env = serverEnv(tamperDir, RELIABILITY_KEYS);
    const manifestText = fs.readFileSync(`${backupFile}.manifest.json`, 'utf8');
    const original = fs.readFileSync(backupFile);

    // 1. One flipped ciphertext byte, manifest left alone → checksum mismatch.
    const flipped = Buffer.from(original);
    flipped[flipped.length - 100] ^= 0x01;
    const f1 = path.join(outDir, 'flipped.rxb');
    fs.writeFileSync(f1, flipped);
    fs.writeFileSync(`${f1}.manifest.json`, manifestText);
    const r1 = runRenxing(['restore', f1], env);
    expect(r1.status).not.toBe(0);
    expect(r1.stderr).toMatch(/checksum does not match/);

    // 2. Same flip with a forged manifest checksum → the AES-GCM tag still refuses it.
    const f2 = path.join(outDir, 'forged.rxb');
    fs.writeFileSync(f2, flipped);
    fs.writeFileSync(`${f2}.manifest.json`, JSON.stringify({ ...JSON.parse(manifestText), sha256: crypto.createHash('sha256').update(flipped).digest('hex') }));
    const r2 = runRenxing(['restore', f2], env);
    expect(r2.status).not.toBe(0);
    expect(r2.stderr).toMatch(/unable to authenticate data|auth/i);

    // 3. The untouched file under a different data key → refused.
    const r3 = runRenxing(['restore', backupFile], serverEnv(tamperDir, { ...RELIABILITY_KEYS, RENXING_DATA_KEY: 'e3'.repeat(32) }));
    expect(r3.status).not.toBe(0);

    expect(fs.existsSync(target)).toBe(false);
    expect(fs.readdirSync(tamperDir).filter((f) => f.startsWith('renxing.db'))).toEqual([]);
    // Failed attempts are on record too.
    const drills = fs.readFileSync(path.join(tamperDir, 'restore-drills.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(drills.map((d) => d.result)).toEqual(['failed', 'failed', 'failed']);
    expect(drills[0].error).toMatch(/checksum/);
  });
});
