// `npm run bench -- foundation` (issue 2 acceptance): authenticated, validated, audited, durable writes
// (POST /api/duty-logs, each with a unique Idempotency-Key and unique content) against the real server in a child
// process on a temp SQLite data dir (WAL, synchronous=FULL), next to an empty Fastify route measured in the same run
// with the same autocannon settings. Target: write_rps ≥ 0.40 × baseline_rps with p99 ≤ 50 ms at 50 connections.
//
// Env: BENCH_DURATION (s, default 15), BENCH_CONNECTIONS (default 50), BENCH_WARMUP (s, default 3),
//      BENCH_CPU_PROF=1 → the server runs with --cpu-prof, profile written to bench/out/.
//      BENCH_COMMIT_SYNC=inline → the server fsyncs inside SQLite's COMMIT (before ADR 0042) instead of syncing the WAL
//      on the thread pool before acknowledging; for comparing the two on one machine.
//      BENCH_LOADGEN=wrk → both runs use wrk (Debian's `wrk`, C; 2 threads, a Lua script giving every write its own
//      Idempotency-Key and content) instead of autocannon: a load generator that takes less of the shared CPU.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import {
  freePort, login, readOnly, request, runRenxing, serverEnv, startServer, stopGracefully, tempDataDir,
} from '../packages/server/test/reliability/server-process';

const DURATION = Number(process.env.BENCH_DURATION ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const OUT_DIR = path.resolve(import.meta.dirname, 'out');
const LOADGEN = process.env.BENCH_LOADGEN === 'wrk' ? 'wrk' : 'autocannon';

type Cannon = {
  requests: { average: number; p50: number }; latency: { p50: number; p99: number; max: number }; duration: number;
  non2xx: number; errors: number; timeouts: number; '2xx': number; statusCodeStats: Record<string, { count: number }>;
};

/** Either a fixed duration, or a fixed number of requests (`amount`): then autocannon waits for every response. */
type Load = { port: number; path: string; headers?: Record<string, string>; body?: (n: number) => string; seconds: number; amount?: number };

/** One wrk run (duration-bounded; `amount` is not supported), reported in autocannon's shape. */
function wrk(o: Load & { keyPrefix?: string }): Cannon {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const script = path.join(OUT_DIR, 'wrk-foundation.lua');
  const headers = { 'content-type': 'application/json', ...o.headers };
  const sample = o.body ? o.body(0) : '{}';
  // The body is the request's JSON with the per-request key spliced into its content (the JSON shape of `body`).
  const lua = [
    'local counter = 0',
    'local id = 0',
    'function setup(thread) id = id + 1; thread:set("tid", id) end',
    `local headers = ${'{'}${Object.entries(headers).map(([k, v]) => `[${JSON.stringify(k)}] = ${JSON.stringify(v)}`).join(', ')}${'}'}`,
    'function request()',
    '  counter = counter + 1',
    `  local key = ${JSON.stringify(o.keyPrefix ?? 'x')} .. "-" .. tid .. "-" .. counter`,
    o.keyPrefix ? '  headers["idempotency-key"] = key' : '',
    o.body
      ? `  local body = (${JSON.stringify(sample.replace(/-0 /, '-@@KEY@@ '))}):gsub("@@KEY@@", tid .. "-" .. counter)`
      : '  local body = "{}"',
    `  return wrk.format("POST", ${JSON.stringify(o.path)}, headers, body)`,
    'end',
  ].join('\n');
  fs.writeFileSync(script, lua);
  const r = spawnSync('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${o.seconds}s`, '--latency', '-s', script, `http://127.0.0.1:${o.port}${o.path}`], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`wrk failed (apt-get install -y wrk): ${r.error?.message ?? r.stderr}`);
  const out = r.stdout;
  const ms = (v: string, unit: string) => Number(v) * (unit === 'us' ? 0.001 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 1);
  const pct = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)$`, 'm').exec(out);
    return m ? ms(m[1]!, m[2]!) : Number.NaN;
  };
  const lat = /Latency\s+[\d.]+\w+\s+[\d.]+\w+\s+([\d.]+)(us|ms|s|m)/.exec(out);
  const total = Number(/(\d+) requests in ([\d.]+)(s|m)/.exec(out)?.[1] ?? 0);
  const seconds = Number(/requests in ([\d.]+)s/.exec(out)?.[1] ?? o.seconds);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = sock ? Number(sock[1]) + Number(sock[2]) + Number(sock[3]) : 0;
  return {
    requests: { average: total / seconds, p50: total / seconds },
    latency: { p50: pct('50'), p99: pct('99'), max: lat ? ms(lat[1]!, lat[2]!) : Number.NaN },
    duration: seconds, non2xx, errors, timeouts: sock ? Number(sock[4]) : 0, '2xx': total - non2xx, statusCodeStats: {},
  };
}

/** One load run with the chosen generator; `body(n)` makes the n-th request's body (and its Idempotency-Key when headers say so). */
async function cannon(o: Load & { keyPrefix?: string }): Promise<Cannon> {
  if (LOADGEN === 'wrk') return wrk(o);
  let n = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${o.port}`,
    connections: CONNECTIONS,
    duration: o.seconds,
    ...(o.amount ? { amount: o.amount } : {}),
    method: 'POST',
    headers: { 'content-type': 'application/json', ...o.headers },
    requests: [{
      method: 'POST',
      path: o.path,
      setupRequest(req: { headers: Record<string, string>; body?: string }) {
        const i = n++;
        const headers = o.keyPrefix ? { ...req.headers, 'idempotency-key': `${o.keyPrefix}-${i}` } : req.headers;
        return { ...req, headers, body: o.body ? o.body(i) : '{}' };
      },
    }],
  });
  return result as unknown as Cannon;
}

const fmt = (x: number, d = 0) => x.toFixed(d);

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

/** Runs `load` and reports the server process's CPU time per 2xx response alongside (a machine-load-robust figure). */
async function measured(pid: number | undefined, load: () => Promise<Cannon>): Promise<Cannon & { cpuUsPerReq: number }> {
  const before = cpuSeconds(pid);
  const r = await load();
  return { ...r, cpuUsPerReq: ((cpuSeconds(pid) - before) * 1e6) / Math.max(1, r['2xx']) };
}
const rpsOf = (r: Cannon) => r['2xx'] / r.duration;

function describe(label: string, r: Cannon & { cpuUsPerReq: number }) {
  return `${label}: ${fmt(rpsOf(r))} 2xx/s over ${fmt(r.duration, 1)} s (${r['2xx']} ok, ${r.non2xx} non-2xx, ${r.errors} errors), ` +
    `latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms; server CPU ${fmt(r.cpuUsPerReq)} µs/request`;
}

/** The empty Fastify route in its own process. */
async function startBaseline(): Promise<{ port: number; pid: number | undefined; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'empty-route.mjs')], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PORT: '0' } });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (c) => reject(new Error(`baseline exited ${c}`)));
  });
  return {
    port,
    pid: child.pid,
    stop: () => new Promise<void>((r) => {
      child.once('exit', () => r());
      child.kill('SIGTERM');
    }),
  };
}

/** Group-commit figures from /metrics (whole server lifetime: seed-free start, login, warm-up and measured run). */
async function groupCommitStats(port: number): Promise<string> {
  const ops = await login(port, 'sysadmin');
  const r = await request(port, { method: 'GET', path: '/metrics', headers: { cookie: ops.cookie } });
  const metric = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(r.body)?.[1] ?? Number.NaN);
  const batches = metric('db_write_batches_total');
  const items = metric('db_write_items_total');
  return `${items} writes in ${batches} transactions (mean ${fmt(items / batches, 1)} per commit, largest ${metric('db_write_batch_max')})`;
}

export async function run(): Promise<void> {
  process.stdout.write(`${LOADGEN}: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s measured, no pipelining\n`);

  // 1. Baseline: empty route, same machine, same run, same settings.
  const base = await startBaseline();
  let baseline: Cannon & { cpuUsPerReq: number };
  try {
    await cannon({ port: base.port, path: '/x', seconds: WARMUP });
    baseline = await measured(base.pid, () => cannon({ port: base.port, path: '/x', seconds: DURATION }));
  } finally {
    await base.stop();
  }
  process.stdout.write(`${describe('baseline  empty Fastify POST /x', baseline)}\n`);

  // 2. The real server: temp SQLite data dir, seeded, WAL + synchronous=FULL, logs at warn.
  const dataDir = tempDataDir('bench');
  const sqlitePath = path.join(dataDir, 'renxing.db');
  // BENCH_COMMIT_SYNC=inline: SQLite's own fsync inside COMMIT, as before ADR 0042 (for a same-machine comparison).
  const env = serverEnv(dataDir, process.env.BENCH_COMMIT_SYNC ? { RENXING_SQLITE_COMMIT_SYNC: process.env.BENCH_COMMIT_SYNC } : {});
  const seeded = runRenxing(['seed'], env);
  if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
  // The seed writes a few duty-log entries of its own (the demo street's log), each with its audit row.
  const seededAudit = readOnly(sqlitePath, (h) =>
    Number(h.prepare("select count(*) from audit_log where action = 'create' and object_type = 'duty_log'").pluck().get()));
  const nodeArgs: string[] = [];
  if (process.env.BENCH_CPU_PROF === '1') {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${OUT_DIR}`);
  }
  const server = await startServer(env, await freePort(), 30_000, nodeArgs);
  const durability = /\((sqlite; journal_mode=[^;]+)/.exec(server.output())?.[1] ?? '?';
  let write: Cannon & { cpuUsPerReq: number };
  let warm: Cannon;
  let batches = '';
  const run = crypto.randomBytes(4).toString('hex');
  const body = (prefix: string) => (i: number) => JSON.stringify({ category: 'other', content: `${prefix}-${i} 值班记录：第 ${i} 条，基准测试写入` });
  try {
    const s = await login(server.port);
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
    warm = await cannon({ port: server.port, path: '/api/duty-logs', headers, keyPrefix: `bw-${run}`, body: body(`bench-warm-${run}`), seconds: WARMUP });
    // The measured run sends a fixed number of requests (sized from the warm-up rate to last about DURATION s) so that
    // autocannon collects every response: a duration-bounded run abandons the requests in flight when time is up,
    // which the server still commits, so its 2xx count could not be compared with the row count.
    const amount = Math.max(CONNECTIONS * 20, Math.round(Math.max(rpsOf(warm), warm.requests.p50) * DURATION));
    write = await measured(server.child.pid, () =>
      cannon({ port: server.port, path: '/api/duty-logs', headers, keyPrefix: `bm-${run}`, body: body(`bench-main-${run}`), seconds: LOADGEN === 'wrk' ? DURATION : DURATION * 10, amount }));
    batches = await groupCommitStats(server.port);
  } finally {
    await stopGracefully(server);
  }
  process.stdout.write(`${describe(`writes    POST /api/duty-logs (${durability})`, write)}\n`);
  process.stdout.write(`commits   ${batches}\n`);

  // 3. Every 2xx is a durable row (and nothing else is): row count == 2xx count, per phase; one audit row each.
  const counts = readOnly(sqlitePath, (h) => ({
    main: Number(h.prepare('select count(*) from duty_logs where content like ?').pluck().get(`bench-main-${run}-%`)),
    warm: Number(h.prepare('select count(*) from duty_logs where content like ?').pluck().get(`bench-warm-${run}-%`)),
    audited: Number(h.prepare("select count(*) from audit_log where action = 'create' and object_type = 'duty_log'").pluck().get()) - seededAudit,
    ledger: Number(h.prepare('select count(*) from idempotency_keys where key like ? or key like ?').pluck().get(`bm-${run}-%`, `bw-${run}-%`)),
    sync: Number(h.pragma('synchronous', { simple: true })),
  }));
  fs.rmSync(dataDir, { recursive: true, force: true });
  // Warm-up is duration-bounded: up to CONNECTIONS requests were still in flight when it stopped (committed, uncounted).
  // wrk's runs are duration-bounded like the warm-up: up to CONNECTIONS requests in flight at the end were committed, uncounted.
  const mainOk = LOADGEN === 'wrk' ? counts.main >= write['2xx'] && counts.main <= write['2xx'] + CONNECTIONS : counts.main === write['2xx'];
  const consistent = mainOk && counts.warm >= warm['2xx'] && counts.warm <= warm['2xx'] + CONNECTIONS &&
    counts.audited === counts.main + counts.warm && counts.ledger === counts.audited;
  process.stdout.write(
    `check     rows ${counts.main} ${LOADGEN === 'wrk' ? `within 2xx ${write['2xx']} + ${CONNECTIONS} in flight` : `= 2xx ${write['2xx']}`}; audit rows ${counts.audited} (beyond the seed's) = idempotency rows ${counts.ledger} = all rows ` +
      `${counts.main + counts.warm} (incl. warm-up): ${consistent ? 'ok' : 'MISMATCH'}\n`,
  );

  const writeRps = rpsOf(write);
  const baselineRps = rpsOf(baseline);
  const ratio = writeRps / baselineRps;
  const p99 = write.latency.p99;
  const pass = ratio >= 0.4 && p99 <= 50 && write.non2xx === 0 && write.errors === 0 && consistent;
  process.stdout.write(`target    ratio ≥ 0.40 and p99 ≤ 50 ms: ratio ${fmt(ratio, 2)}, p99 ${p99} ms → ${pass ? 'MET' : 'MISSED'}\n`);
  if (!consistent || write.non2xx > 0 || write.errors > 0) process.exitCode = 1;
  process.stdout.write(`cpu       server CPU per request: writes ${fmt(write.cpuUsPerReq)} µs vs empty route ${fmt(baseline.cpuUsPerReq)} µs (ratio ${fmt(baseline.cpuUsPerReq / write.cpuUsPerReq, 2)})\n`);
  process.stdout.write(`RESULT foundation write_rps=${fmt(writeRps)} baseline_rps=${fmt(baselineRps)} ratio=${fmt(ratio, 3)} p99_ms=${p99}\n`);
}
