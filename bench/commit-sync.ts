// `npm run bench -- commit-sync` (ADR 0042): what syncing the WAL on the thread pool (RENXING_SQLITE_COMMIT_SYNC=group,
// the default) changes against SQLite's own fsync inside COMMIT (inline) — for reads served while durable writes run.
// For each mode, interleaved (group, inline, group, inline …): the real server in a child process on a temp SQLite data
// dir, wrk (Debian's `wrk`) writing duty-log entries with 50 connections, and one client reading GET /api/auth/me every
// 5 ms through it all; read latency p50/p90/p99 per mode over all its rounds, and the write rate wrk reached.
// Env: BENCH_ROUNDS (pairs, default 2), BENCH_DURATION (s of reading per round, default 8).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { freePort, login, runRenxing, serverEnv, startServer, stopGracefully, tempDataDir } from '../packages/server/test/reliability/server-process';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SECONDS = Number(process.env.BENCH_DURATION ?? 8);
const MODES = ['group', 'inline'] as const;

function get(port: number, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http.get({ host: '127.0.0.1', port, path: '/api/auth/me', headers: { cookie } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t0) : reject(new Error(`GET /api/auth/me ${res.statusCode}`))));
    }).on('error', reject);
  });
}
const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))]!;

async function round(mode: (typeof MODES)[number]): Promise<{ reads: number[]; writesPerS: number }> {
  const dir = tempDataDir('commit-sync');
  try {
    const env = serverEnv(dir, { RENXING_SQLITE_COMMIT_SYNC: mode });
    const seeded = runRenxing(['seed'], env);
    if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
    const server = await startServer(env, await freePort());
    try {
      const s = await login(server.port);
      const script = path.join(dir, 'writes.lua');
      fs.writeFileSync(script, [
        'local c = 0',
        'function request()',
        '  c = c + 1',
        `  return wrk.format("POST", "/api/duty-logs", { ["content-type"] = "application/json", ["cookie"] = ${JSON.stringify(s.cookie)}, ["x-csrf-token"] = ${JSON.stringify(s.csrf)}, ["idempotency-key"] = "cs-" .. math.random(1, 1e9) .. "-" .. c }, '{"category":"other","content":"commit-sync ' .. c .. '"}')`,
        'end',
      ].join('\n'));
      let out = '';
      const wrk = spawn('wrk', ['-t1', '-c50', `-d${SECONDS + 4}s`, '-s', script, `http://127.0.0.1:${server.port}/`]);
      wrk.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((r) => wrk.once('exit', r));
      wrk.once('error', (e) => { throw new Error(`wrk failed (apt-get install -y wrk): ${e.message}`); });
      await new Promise((r) => setTimeout(r, 2000));
      const reads: number[] = [];
      for (const end = Date.now() + SECONDS * 1000; Date.now() < end;) {
        reads.push(await get(server.port, s.cookie));
        await new Promise((r) => setTimeout(r, 5));
      }
      await exited;
      const writesPerS = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
      return { reads, writesPerS };
    } finally {
      await stopGracefully(server);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const all: Record<string, { reads: number[]; writes: number[] }> = { group: { reads: [], writes: [] }, inline: { reads: [], writes: [] } };
  for (let i = 0; i < ROUNDS; i++) {
    for (const mode of MODES) {
      const r = await round(mode);
      all[mode]!.reads.push(...r.reads);
      all[mode]!.writes.push(r.writesPerS);
      process.stdout.write(`round ${i + 1} ${mode.padEnd(6)} reads n=${r.reads.length} p50 ${pct(r.reads, 0.5).toFixed(2)} ms, p90 ${pct(r.reads, 0.9).toFixed(2)} ms, p99 ${pct(r.reads, 0.99).toFixed(2)} ms; writes ${r.writesPerS.toFixed(0)}/s\n`);
    }
  }
  const line = (m: string) => {
    const { reads, writes } = all[m]!;
    return { p50: pct(reads, 0.5), p90: pct(reads, 0.9), p99: pct(reads, 0.99), w: writes.reduce((a, b) => a + b, 0) / writes.length };
  };
  const g = line('group');
  const n = line('inline');
  for (const [m, x] of [['group', g], ['inline', n]] as const) {
    process.stdout.write(`${m.padEnd(6)} reads during writes: p50 ${x.p50.toFixed(2)} ms, p90 ${x.p90.toFixed(2)} ms, p99 ${x.p99.toFixed(2)} ms; writes ${x.w.toFixed(0)}/s (mean of rounds)\n`);
  }
  process.stdout.write(`RESULT commit-sync read_p90_ms_group=${g.p90.toFixed(2)} read_p90_ms_inline=${n.p90.toFixed(2)} writes_per_s_group=${g.w.toFixed(0)} writes_per_s_inline=${n.w.toFixed(0)}\n`);
}
