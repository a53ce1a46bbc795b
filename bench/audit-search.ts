// `npm run bench -- audit-search` (ADR 0059): the audit viewer's search over a large log, walked in id ranges, next to
// the single count + page query it replaced, measured in the same run on the same database.
//
// For each dialect (a fresh SQLite database in a temp dir, a fresh PostgreSQL schema, as bench/impact.ts): the demo
// foundation, then --rows audit rows written straight into audit_log in bulk (NOT hash-chained: this database only
// measures the search) with a realistic mix — lists, reads and searches by the hundred thousand, reveals at 0.5 %,
// downloads and deletions at 0.05 %, 0.8 % denied and 0.2 % errors, from 300 accounts in 60 orgs over 180 days. Then,
// for each viewer search below, interleaved: the single query (count(*) over the filter, then the page) and the walk
// (AuditService.query), each timed (wall, best of 3) and with the longest time the event loop was held meanwhile
// (perf_hooks.monitorEventLoopDelay, max) — the figure that matters on SQLite, whose statements run on the event loop.
//
// Options: --rows=N (default 2,000,000), --dialects=sqlite,postgres. Env BENCH_PG_URL as bench/impact.ts.
// Last line: RESULT audit-search rows=… sqlite_held_ms_single=… sqlite_held_ms_walk=… sqlite_ms_single=… sqlite_ms_walk=…
// pg_ms_single=… pg_ms_walk=… (each the worst over the searches).
import crypto from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { openApp } from './impact';

const DAY = 86_400_000;
const log = (s: string) => process.stderr.write(`[audit-search] ${s}\n`);

function parseOpts(argv: string[]) {
  const get = (k: string) => argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
  const rows = Number((get('rows') ?? '2000000').replace(/_/g, ''));
  if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a positive integer');
  return { rows, dialects: (get('dialects') ?? 'sqlite,postgres').split(',').filter((d): d is 'sqlite' | 'postgres' => d === 'sqlite' || d === 'postgres') };
}

const MIX: Array<[string, string, number]> = [
  ['list', 'resident', 40], ['read', 'resident', 30], ['search', 'resident', 10], ['update', 'resident', 8], ['create', 'self_report', 6],
  ['login', 'session', 4.4], ['reveal', 'resident', 0.5], ['export_download', 'export', 0.05], ['delete', 'household', 0.05],
];

type Filter = {
  from?: string; action?: string; objectType?: string; outcome?: string; subjectId?: string; actorOrgs?: string[];
};

async function fill(db: Kysely<any>, writes: { run<T>(f: (trx: any) => Promise<T>): Promise<T> }, n: number) {
  const rng = (() => { let s = 20261201; return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32); })();
  const weight = MIX.reduce((a, m) => a + m[2], 0);
  const head = await db.selectFrom('audit_head').select(['last_id']).where('id', '=', 1).executeTakeFirstOrThrow();
  let id = Number(head.last_id);
  const start = Date.now() - 180 * DAY;
  const t0 = performance.now();
  for (let done = 0; done < n;) {
    const batch: Array<Record<string, unknown>> = [];
    while (batch.length < 5000 && done < n) {
      let x = rng() * weight;
      const [action, objectType] = MIX.find((m) => (x -= m[2]) < 0) ?? MIX[0]!;
      const o = rng();
      const user = Math.floor(rng() * 300);
      id++;
      done++;
      batch.push({
        id, ts: new Date(start + Math.floor((done / n) * 180 * DAY)).toISOString(), actor_id: `bench-user-${user}`, actor_role: 'grid_worker',
        actor_org: `bench-org-${user % 60}`, session_id: null, ip: '10.0.0.1', user_agent_hash: null, action, object_type: objectType,
        object_id: `o${id}`, subject_id: action === 'login' ? null : `bench-resident-${Math.floor(rng() * 1_000_000)}`, fields: '[]', purpose: null,
        reason: null, outcome: o < 0.008 ? 'denied' : o < 0.01 ? 'error' : 'success', severity: 'normal', request_id: null, count: 1,
        prev_hash: '0'.repeat(64), hash: crypto.randomBytes(32).toString('hex'),
      });
    }
    await writes.run(async (trx) => {
      for (let i = 0; i < batch.length; i += 500) await trx.insertInto('audit_log').values(batch.slice(i, i + 500)).execute();
    });
  }
  await writes.run((trx) => trx.updateTable('audit_head').set({ last_id: id }).where('id', '=', 1).execute());
  log(`${n} audit rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** What the viewer ran before ADR 0059: one count over the filter, then the page. */
async function single(db: Kysely<any>, f: Filter, page: number, pageSize: number) {
  let b = db.selectFrom('audit_log');
  if (f.from) b = b.where('ts', '>=', f.from);
  if (f.action) b = b.where('action', '=', f.action);
  if (f.objectType) b = b.where('object_type', '=', f.objectType);
  if (f.subjectId) b = b.where('subject_id', '=', f.subjectId);
  if (f.outcome) b = b.where('outcome', '=', f.outcome);
  if (f.actorOrgs) b = b.where('actor_org', 'in', f.actorOrgs);
  const total = Number((await b.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await b.selectAll().orderBy('id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute();
  return { total, ids: rows.map((r) => Number(r.id)) };
}

/** Wall time (best of 3) and the longest event-loop hold seen over the 3 runs. */
async function measure(f: () => Promise<unknown>) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  let best = Infinity;
  h.enable();
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await f();
    best = Math.min(best, performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  h.disable();
  return { ms: best, heldMs: h.max / 1e6 };
}

async function runDialect(dialect: 'sqlite' | 'postgres', rows: number) {
  const app = await openApp(dialect);
  try {
    const { db, writes } = app.platform.database;
    await fill(db, writes, rows);
    // Planner statistics, as a running server has them: PostgreSQL's (auto)analyze, SQLite's PRAGMA optimize at start
    // (ADR 0058: under the analysis limit, no sqlite_stat4).
    const { analyzeAfterBulkLoad } = await import('../packages/server/src/platform/db/dialect');
    const { optimizeSqlite } = await import('../packages/server/src/platform/db/sqlite-optimize');
    if (dialect === 'postgres') await analyzeAfterBulkLoad(db, app.platform.database.dialect);
    else await optimizeSqlite(app.platform.database, 'open');
    const week = new Date(Date.now() - 7 * DAY).toISOString();
    const area = Array.from({ length: 5 }, (_, i) => `bench-org-${i}`);
    const searches: Array<[string, Filter, number]> = [
      ['newest, no filter', {}, 1], ['action=reveal', { action: 'reveal' }, 1], ['action=reveal page 40', { action: 'reveal' }, 40],
      ['outcome=denied', { outcome: 'denied' }, 1], ['objectType=export', { objectType: 'export' }, 1], ['action with no rows', { action: 'no_such' }, 1],
      ['area of 5 orgs + reveal', { actorOrgs: area, action: 'reveal' }, 1], ['last 7 days + reveal', { from: week, action: 'reveal' }, 1],
      ['one resident (subject)', { subjectId: 'bench-resident-4242' }, 1],
    ];
    const worst = { ms: [0, 0], held: [0, 0] };
    log(`${dialect}: search                         single ms (held)   walk ms (held)   total single / walk`);
    for (const [label, f, page] of searches) {
      let s: { total: number } = { total: 0 };
      let w: { total: number; totalExact: boolean } = { total: 0, totalExact: true };
      const a = await measure(async () => { s = await single(db, f, page, 50); });
      const b = await measure(async () => { w = await app.services.audit.query({ ...f, page, pageSize: 50 }); });
      worst.ms = [Math.max(worst.ms[0]!, a.ms), Math.max(worst.ms[1]!, b.ms)];
      worst.held = [Math.max(worst.held[0]!, a.heldMs), Math.max(worst.held[1]!, b.heldMs)];
      log(`${dialect}: ${label.padEnd(30)} ${a.ms.toFixed(0).padStart(7)} (${a.heldMs.toFixed(0).padStart(5)})   ${b.ms.toFixed(0).padStart(7)} (${b.heldMs.toFixed(0).padStart(5)})   ${s.total} / ${w.total}${w.totalExact ? '' : '+'}`);
    }
    return worst;
  } finally {
    await app.close();
  }
}

export async function run() {
  const o = parseOpts(process.argv.slice(2));
  const out: string[] = [`rows=${o.rows}`];
  for (const d of o.dialects) {
    const w = await runDialect(d, o.rows);
    const p = d === 'sqlite' ? 'sqlite' : 'pg';
    if (d === 'sqlite') out.push(`sqlite_held_ms_single=${w.held[0]!.toFixed(0)}`, `sqlite_held_ms_walk=${w.held[1]!.toFixed(0)}`);
    out.push(`${p}_ms_single=${w.ms[0]!.toFixed(0)}`, `${p}_ms_walk=${w.ms[1]!.toFixed(0)}`);
  }
  process.stdout.write(`RESULT audit-search ${out.join(' ')}\n`);
}
