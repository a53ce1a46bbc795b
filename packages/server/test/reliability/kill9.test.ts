// SECURITY.md §7 M61 / issue 2 acceptance "kill -9 under write load": the real server runs as a child process on a
// temp SQLite file; 20 writers POST duty logs with unique Idempotency-Keys; the server is SIGKILLed 10 times at random
// moments and restarted; clients retry every request that got no response with the same key. Afterwards every key
// that received a 2xx is in the database exactly once (with the id it was acknowledged with), no key is there twice,
// integrity_check is ok after every crash and restart, and the audit chain verifies.
// (A kill -9 exercises process crashes, which WAL+NORMAL would survive too; synchronous=FULL itself is asserted in
// src/platform/db/durability.test.ts.)
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECT } from '../harness';
import {
  type LoginSession, type ServerProcess, freePort, integrityCheck, killHard, login, readOnly, request, runRenxing, serverEnv, startServer,
  stopGracefully, tempDataDir,
} from './server-process';

const WRITERS = 20;
const KILLS = 10;
/** A request without a response is retried at most this often (the server is down for about a second per kill). */
const MAX_ATTEMPTS = 400;

type Ack = { status: number; id: string | null; replayed: boolean; attempts: number };

describe.skipIf(TEST_DIALECT === 'postgres')('kill -9 under write load (SQLite)', () => {
  // Created in beforeAll: a skipped describe (PostgreSQL suite) runs its body but not its hooks.
  let dataDir: string;
  let sqlitePath: string;
  let env: NodeJS.ProcessEnv;
  let server: ServerProcess | null = null;
  beforeAll(() => {
    dataDir = tempDataDir('kill9');
    sqlitePath = path.join(dataDir, 'renxing.db');
    env = serverEnv(dataDir);
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) await killHard(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write exactly once across 10 SIGKILLs', async () => {
    const seeded = runRenxing(['seed'], env);
    expect(seeded.status, seeded.stderr).toBe(0);
    const port = await freePort();
    server = await startServer(env, port);
    const session: LoginSession = await login(port);

    const acks = new Map<string, Ack>();
    /** Keys whose first attempt got no response (connection reset/refused, timeout): the interesting ones. */
    const retried = new Set<string>();
    const unexpected: string[] = [];
    let stopping = false;

    async function writer(w: number) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let seq = 0; !stopping; seq++) {
          const key = `k9-w${String(w).padStart(2, '0')}-${seq}`;
          for (let attempt = 1; ; attempt++) {
            if (attempt > MAX_ATTEMPTS) throw new Error(`${key}: no final response after ${MAX_ATTEMPTS} attempts`);
            let r;
            try {
              r = await request(port, {
                method: 'POST', path: '/api/duty-logs', agent, timeoutMs: 10_000,
                headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'idempotency-key': key },
                body: { category: 'other', content: key },
              });
            } catch {
              retried.add(key); // no response: the server may or may not have committed it — ask again with the same key
              await sleep(25 + Math.random() * 50);
              continue;
            }
            if (r.status === 409) {
              // The same key is still in flight on the server (an earlier attempt timed out): ask again.
              await sleep(25);
              continue;
            }
            if (r.status >= 200 && r.status < 300) {
              acks.set(key, { status: r.status, id: (JSON.parse(r.body) as { id: string }).id, replayed: r.headers['idempotent-replayed'] === 'true', attempts: attempt });
            } else {
              unexpected.push(`${key}: ${r.status} ${r.body.slice(0, 200)}`);
            }
            break;
          }
        }
      } finally {
        agent.destroy();
      }
    }

    const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
    const failed = Promise.race(writers.map((p) => p.then(() => new Promise<never>(() => {}))));
    const acksPerCycle: number[] = [];
    const checks: string[] = [];
    try {
      for (let k = 0; k < KILLS; k++) {
        const before = acks.size;
        // Let the writers get going on this incarnation (so every kill lands in real load), then a random moment.
        for (let waited = 0; acks.size === before && waited < 30_000; waited += 20) await Promise.race([sleep(20), failed]);
        await Promise.race([sleep(300 + Math.random() * 2200), failed]);
        await killHard(server);
        acksPerCycle.push(acks.size - before);
        checks.push(`crash ${k + 1}: ${integrityCheck(sqlitePath)}`);
        server = await startServer(env, port);
        checks.push(`restart ${k + 1}: ${integrityCheck(sqlitePath)}`);
      }
      // Let the writers finish the requests they retry against the last incarnation, then stop them.
      await Promise.race([sleep(1000), failed]);
    } finally {
      stopping = true;
      await Promise.allSettled(writers);
    }
    await Promise.all(writers); // surface a writer that gave up
    await stopGracefully(server);

    // Every crash left a consistent database, and every restart came up on one.
    expect(checks).toEqual(Array.from({ length: KILLS }, (_, k) => [`crash ${k + 1}: ok`, `restart ${k + 1}: ok`]).flat());
    expect(unexpected).toEqual([]);
    // The load was real: writes were acknowledged in every cycle, and requests were cut off by the kills.
    expect(acksPerCycle.every((n) => n > 0), `acks per cycle ${acksPerCycle.join(',')}`).toBe(true);
    expect(retried.size).toBeGreaterThan(0);

    const db = readOnly(sqlitePath, (h) => ({
      logs: h.prepare("select content, id from duty_logs where content like 'k9-%'").all() as Array<{ content: string; id: string }>,
      ledger: h.prepare("select key, response_body from idempotency_keys where key like 'k9-%'").all() as Array<{ key: string; response_body: string }>,
      audited: new Set(h.prepare("select object_id from audit_log where action = 'create' and object_type = 'duty_log'").pluck().all() as string[]),
    }));
    const rowsByKey = new Map<string, string[]>();
    for (const r of db.logs) rowsByKey.set(r.content, [...(rowsByKey.get(r.content) ?? []), r.id]);

    // No key twice.
    expect([...rowsByKey].filter(([, ids]) => ids.length > 1)).toEqual([]);
    // Every 2xx key exactly once, under the id the client was given (a replay returns the original row).
    const missing: string[] = [];
    const wrongId: string[] = [];
    for (const [key, a] of acks) {
      const ids = rowsByKey.get(key);
      if (!ids) missing.push(key);
      else if (ids[0] !== a.id) wrongId.push(`${key}: acked ${a.id}, stored ${ids[0]}`);
    }
    expect(missing).toEqual([]);
    expect(wrongId).toEqual([]);
    // The ledger and the effect committed together: one ledger row per duty log, same id in the stored response.
    expect(db.ledger.length).toBe(db.logs.length);
    for (const l of db.ledger) expect(rowsByKey.get(l.key)).toEqual([(JSON.parse(l.response_body) as { id: string }).id]);
    // Every stored duty log has its audit row, and the chain verifies end to end.
    expect(db.logs.filter((r) => !db.audited.has(r.id))).toEqual([]);
    const verify = runRenxing(['audit', 'verify'], env);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/audit chain ok/);

    const replayed = [...acks.values()].filter((a) => a.replayed).length;
    console.info(
      `kill9: ${acks.size} acknowledged writes, ${db.logs.length} rows, ${retried.size} requests cut off by a kill, ` +
        `${replayed} answered by idempotent replay, acks per cycle ${acksPerCycle.join('/')}`,
    );
  }, 300_000); // ~40 s on a quiet machine; the whole server suite runs beside it in parallel
});
