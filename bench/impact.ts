// `npm run bench -- impact` (SECURITY.md §7 test 68): the breach impact query at 100,000 audit rows of one account.
//
// For each dialect (a fresh SQLite database in a temp dir, a fresh PostgreSQL schema): the demo foundation, N residents
// (seedScale), then audit rows written straight into audit_log in bulk (NOT hash-chained: this database only measures
// the query, `renxing audit verify` would fail on it) — --rows for the account under investigation (the community
// admin `admin`: reads, reveals, lookups, updates naming a resident, and list pages naming 20 residents each in
// audit_disclosures (ADR 0046), spread over 30 days)
// and --noise for 30 other accounts (grid1 among them) in the same days — plus one downloaded export of --export-rows residents by
// the same account. Then, through the real HTTP stack as the security admin (session, second factor, access control,
// zod, audit row): GET /api/admin/impact?actor=…&from=…&to=… over the whole 30 days (first call, then the best of 3),
// a page in the middle, ?exportId=…, and the CSV of the whole list. Prints the plans of the four queries behind it
// (SQLite EXPLAIN QUERY PLAN, PostgreSQL EXPLAIN ANALYZE) so the index use can be checked.
//
// Options: --rows=N (default 100,000), --noise=N (default 300,000), --residents=N (default 20,000), --export-rows=N
// (default 5,000), --dialects=sqlite,postgres. Env BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
// The brief's budget is 5 s per answer; no assertion here, the numbers are printed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompiledQuery } from 'kysely';

const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DAY = 86_400_000;
const log = (s: string) => process.stderr.write(`[impact] ${s}\n`);

function parseOpts(argv: string[]) {
  const get = (k: string) => argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
  const num = (k: string, d: number) => {
    const v = get(k);
    if (v === undefined) return d;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${k} must be a non-negative integer`);
    return n;
  };
  return {
    rows: num('rows', 100_000), noise: num('noise', 300_000), residents: num('residents', 20_000), exportRows: num('export-rows', 5_000),
    dialects: (get('dialects') ?? 'sqlite,postgres').split(',').filter((d): d is 'sqlite' | 'postgres' => d === 'sqlite' || d === 'postgres'),
  };
}
type Opts = ReturnType<typeof parseOpts>;

export async function openApp(dialect: 'sqlite' | 'postgres') {
  const { buildApp } = await import('../packages/server/src/app');
  const { closePlatform, createPlatform } = await import('../packages/server/src/bootstrap');
  const { loadConfig } = await import('../packages/server/src/config');
  const { seedFoundation } = await import('../packages/server/src/seed/foundation');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-bench-impact-'));
  const schema = dialect === 'postgres' ? `bench_impact_${crypto.randomBytes(5).toString('hex')}` : undefined;
  const key = (label: string) => crypto.createHash('sha256').update(`renxing bench ${label}`).digest('hex');
  const config = loadConfig({ RENXING_DATA_DIR: dir, RENXING_LOG_LEVEL: 'warn' } as NodeJS.ProcessEnv, {
    dataKey: key('data'), indexKey: key('index'), databaseUrl: dialect === 'postgres' ? PG_URL : null, webDir: path.join(dir, 'no-web'),
  });
  const platform = await createPlatform(config, { pgSchema: schema, logSink: { write: () => {} } });
  const a = await buildApp(platform);
  const orgs = await seedFoundation(a);
  return {
    ...a, platform, orgs,
    async close() {
      await a.app.close();
      if (schema && platform.database.pool) await platform.database.pool.query(`drop schema ${schema} cascade`);
      await closePlatform(platform);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
type BenchApp = Awaited<ReturnType<typeof openApp>>;

const READ_FIELDS = ['name', 'idMasked', 'phoneMasked', 'birthDate', 'tags', 'household'];

/** Bulk audit rows (not chained) and one downloaded export with its subjects; returns the window and ids. */
async function fill(app: BenchApp, o: Opts) {
  const { seedScale } = await import('../packages/server/src/modules/registry');
  const { SEED_ACTOR } = await import('../packages/server/src/seed');
  const { database } = app.platform;
  const { db, writes, codec } = database;
  let t0 = performance.now();
  await seedScale(app.platform, app.services.audit, app.services.orgs, SEED_ACTOR, o.residents);
  log(`${database.dialect.name}: ${o.residents} residents in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const residents = (await db.selectFrom('residents').select('id').orderBy('id').execute()).map((r) => r.id as string);
  const w1 = (await app.services.auth.findByUsername('admin'))!;
  const other = (await app.services.auth.findByUsername('grid1'))!;
  const start = Date.parse('2026-10-01T00:00:00Z');
  const rng = (() => { let s = 20260101; return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32); })();
  const head = await db.selectFrom('audit_head').select(['last_id']).where('id', '=', 1).executeTakeFirstOrThrow();
  let id = Number(head.last_id);
  const row = (actor: { id: string; role: string; orgId: string }, i: number, n: number) => {
    const x = rng();
    const subject = residents[Math.floor(rng() * residents.length)]!;
    const [action, fields, subj, count] =
      x < 0.6 ? ['read', READ_FIELDS, subject, null]
        : x < 0.7 ? ['reveal', ['phone'], subject, null]
          : x < 0.78 ? ['update', ['phone'], subject, null]
            : x < 0.85 ? ['lookup', [], subject, 1]
              : ['list', ['nameMasked', 'idMasked', 'phoneMasked', 'tags'], null, 20];
    id++;
    return {
      id, ts: new Date(start + Math.floor((i / n) * 30 * DAY)).toISOString(), actor_id: actor.id, actor_role: actor.role, actor_org: actor.orgId, session_id: null,
      ip: '10.0.0.1', user_agent_hash: null, action, object_type: 'resident', object_id: subj, subject_id: subj, fields: JSON.stringify(fields),
      purpose: 'registry.maintenance', reason: null, outcome: 'success', severity: action === 'reveal' ? 'high' : 'normal', request_id: null, count,
      prev_hash: '0'.repeat(64), hash: crypto.randomBytes(32).toString('hex'),
    };
  };
  t0 = performance.now();
  // A list page names its 20 residents in audit_disclosures (ADR 0046). The rows here are written in bulk, not appended,
  // so the guard that lets disclosures in only for the newest audit row is switched off on this throwaway database.
  if (database.dialect.name === 'postgres') await database.pool!.query('alter table audit_disclosures disable trigger audit_disclosures_no_insert');
  else await db.executeQuery(CompiledQuery.raw('drop trigger if exists audit_disclosures_no_insert'));
  // Interleaved like real traffic: the investigated account and the other one take turns.
  const total = o.rows + o.noise;
  let done = 0;
  let iw = 0;
  let io = 0;
  while (done < total) {
    const batch: Array<ReturnType<typeof row>> = [];
    while (batch.length < 5000 && done < total) {
      const mine = iw < o.rows && (io >= o.noise || rng() < o.rows / total);
      // The other rows come from 30 accounts (a realistic log has many), grid1 among them.
      batch.push(mine ? row(w1, iw++, o.rows) : row(io % 30 === 0 ? other : { id: `bench-user-${io % 30}`, role: 'grid_worker', orgId: other.orgId }, io++, o.noise));
      done++;
    }
    const shown: Array<{ audit_id: number; resident_id: string }> = [];
    for (const r of batch) {
      if (r.action !== 'list') continue;
      const first = Math.floor(rng() * Math.max(1, residents.length - 20));
      for (const rid of residents.slice(first, first + 20)) shown.push({ audit_id: r.id, resident_id: rid });
    }
    await writes.run(async (trx) => {
      for (let i = 0; i < batch.length; i += 500) await trx.insertInto('audit_log').values(batch.slice(i, i + 500)).execute();
      for (let i = 0; i < shown.length; i += 2000) await trx.insertInto('audit_disclosures').values(shown.slice(i, i + 2000)).execute();
    });
  }
  await writes.run((trx) => trx.updateTable('audit_head').set({ last_id: id }).where('id', '=', 1).execute());
  log(`${database.dialect.name}: ${o.rows} + ${o.noise} audit rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // The investigated account's export, and 20 of another account's (so export_subjects holds more than one export).
  const scope = (await app.services.orgs.get(w1.orgId))!.path;
  const addExport = async (by: typeof w1, day: number, subjects: string[]) => {
    const exportId = crypto.randomUUID();
    const at = codec.ts(new Date(start + day * DAY));
    await writes.run(async (trx) => {
      await trx.insertInto('exports').values({
        id: exportId, kind: 'residents', requester_id: by.id, requester_role: by.role, org_id: by.orgId, scope_path: scope, filters: '{}',
        column_list: JSON.stringify(['name', 'idNumber', 'phone', 'tags']), unmasked: '[]', purpose: 'service.assistance', reason: 'bench', file_format: 'csv',
        row_count: subjects.length, data_class: 'health', approval_level: 'community', approval_reasons: '[]', status: 'downloaded', approver_id: other.id,
        approver_role: other.role, approved_unmasked: '[]', decision_note: 'bench', decided_at: at, expires_at: at, downloaded_at: at, file_rows: subjects.length,
        file_bytes: 1, file_sha256: '0'.repeat(64), created_at: at, updated_at: at,
      }).execute();
      for (let i = 0; i < subjects.length; i += 500) {
        await trx.insertInto('export_subjects').values(subjects.slice(i, i + 500).map((r) => ({ export_id: exportId, resident_id: r }))).execute();
      }
    });
    return exportId;
  };
  const exportId = await addExport(w1, 10, residents.slice(0, Math.min(o.exportRows, residents.length)));
  for (let k = 0; k < 20; k++) {
    const from = Math.floor(rng() * Math.max(1, residents.length - 1000));
    await addExport(other, k + 1, residents.slice(from, from + 1000));
  }
  if (database.dialect.name === 'postgres') await database.pool!.query('analyze');
  else await db.executeQuery(CompiledQuery.raw('analyze'));
  return { w1: w1.id, quiet: other.id, exportId, from: new Date(start - DAY).toISOString(), to: new Date(start + 31 * DAY).toISOString() };
}

/** The plan of each query behind the answer. */
async function plans(app: BenchApp, q: { w1: string; exportId: string; from: string; to: string }, only?: string[]) {
  const { actorAuditQuery, actorDisclosuresQuery } = await import('../packages/server/src/modules/audit');
  const { actorExportsQuery, exportSubjectsQuery } = await import('../packages/server/src/modules/exports');
  const { db, dialect } = app.platform.database;
  const queries = {
    'audit rows of the actor': actorAuditQuery(db, q.w1, q.from, q.to).compile(),
    'residents the actor\'s list answers showed': actorDisclosuresQuery(db, q.w1, q.from, q.to).compile(),
    'exports the actor downloaded': actorExportsQuery(db, q.w1, q.from, q.to).selectAll().compile(),
    'subjects of an export': exportSubjectsQuery(db, q.exportId).compile(),
  };
  for (const [name, c] of Object.entries(queries)) {
    if (only && !only.includes(name)) continue;
    const prefix = dialect.name === 'sqlite' ? 'explain query plan ' : 'explain (analyze, costs off, timing off) ';
    const res = await db.executeQuery(CompiledQuery.raw(prefix + c.sql, [...c.parameters]));
    const lines = (res.rows as Array<Record<string, unknown>>).map((r) => String(r.detail ?? r['QUERY PLAN'] ?? JSON.stringify(r)));
    process.stdout.write(`  plan (${dialect.name}) — ${name}:\n${lines.map((l) => `    ${l}`).join('\n')}\n`);
  }
}

async function secadminSession(app: BenchApp) {
  const { DEMO_PASSWORD } = await import('../packages/server/src/seed/foundation');
  const { base32Decode, hotp, stepAt } = await import('../packages/server/src/modules/auth/totp');
  const login = await app.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'secadmin', password: DEMO_PASSWORD } });
  const c = login.cookies[0]!;
  const headers = { cookie: `${c.name}=${c.value}`, 'x-csrf-token': login.json().csrfToken as string };
  const setup = await app.app.inject({ method: 'POST', url: '/api/auth/mfa/setup', headers });
  const secret = base32Decode(setup.json().secret);
  const ok = await app.app.inject({ method: 'POST', url: '/api/auth/mfa/enable', headers, payload: { code: hotp(secret, stepAt(Date.now())) } });
  if (ok.statusCode !== 200) throw new Error(`mfa: ${ok.statusCode} ${ok.body}`);
  return { cookie: headers.cookie };
}

async function runDialect(dialect: 'sqlite' | 'postgres', o: Opts) {
  const app = await openApp(dialect);
  try {
    const q = await fill(app, o);
    const s = await secadminSession(app);
    // Wall time, and this process's CPU time (a two-core machine shared with other work stretches the wall time; on
    // SQLite the database work runs in this process, on PostgreSQL in the server's).
    const get = async (url: string) => {
      const t = performance.now();
      const c = process.cpuUsage();
      const res = await app.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
      const ms = performance.now() - t;
      const u = process.cpuUsage(c);
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return { ms, cpu: (u.user + u.system) / 1000, res };
    };
    const actorUrl = `/api/admin/impact?actor=${q.w1}&from=${encodeURIComponent(q.from)}&to=${encodeURIComponent(q.to)}`;
    const first = await get(actorUrl);
    const runs = [first.ms];
    const cpus = [first.cpu];
    for (let i = 0; i < 3; i++) {
      const r = await get(actorUrl);
      runs.push(r.ms);
      cpus.push(r.cpu);
    }
    const body = first.res.json() as { total: number; totals: { byAction: Array<{ action: string; events: number }> } };
    const events = body.totals.byAction.reduce((n, a) => n + a.events, 0);
    const { actorAuditQuery } = await import('../packages/server/src/modules/audit');
    let t1 = performance.now();
    const raw = await actorAuditQuery(app.platform.database.db, q.w1, q.from, q.to).execute();
    const sqlMs = performance.now() - t1;
    const mid = await get(`${actorUrl}&page=${Math.max(1, Math.floor(body.total / 100))}&pageSize=50`);
    const byExport = await get(`/api/admin/impact?exportId=${q.exportId}`);
    const csv = await get(`/api/admin/impact/csv?actor=${q.w1}&from=${encodeURIComponent(q.from)}&to=${encodeURIComponent(q.to)}`);
    process.stdout.write(
      `${dialect}: actor query over ${o.rows} own + ${o.noise} other audit rows → ${body.total} residents, ${events} events; ` +
        `first ${first.ms.toFixed(0)} ms (of which the audit rows' query alone: ${sqlMs.toFixed(0)} ms for ${raw.length} rows), best of 3 ${Math.min(...runs.slice(1)).toFixed(0)} ms ` +
        `(CPU of this process ${Math.min(...cpus.slice(1)).toFixed(0)} ms); middle page ${mid.ms.toFixed(0)} ms; ` +
        `by export (${o.exportRows} subjects) ${byExport.ms.toFixed(0)} ms; CSV ${csv.ms.toFixed(0)} ms, CPU ${csv.cpu.toFixed(0)} ms (${(csv.res.rawPayload.length / 1024 / 1024).toFixed(1)} MB)\n`,
    );
    await plans(app, q);
    // A one-day window (the usual question: "what did this account do yesterday"): the plan of the audit query.
    const day = new Date(Date.parse(q.from) + 15 * DAY).toISOString();
    const dayEnd = new Date(Date.parse(day) + DAY).toISOString();
    const one = await get(`/api/admin/impact?actor=${q.w1}&from=${encodeURIComponent(day)}&to=${encodeURIComponent(dayEnd)}`);
    process.stdout.write(`${dialect}: one-day window → ${(one.res.json() as { total: number }).total} residents in ${one.ms.toFixed(0)} ms\n`);
    await plans(app, { ...q, from: day, to: dayEnd }, ['audit rows of the actor']);
    // An account with a small share of the log (grid1, 1/30 of the other rows) over the whole 30 days.
    const quiet = await get(`/api/admin/impact?actor=${q.quiet}&from=${encodeURIComponent(q.from)}&to=${encodeURIComponent(q.to)}`);
    process.stdout.write(`${dialect}: an account with ${Math.ceil(o.noise / 30)} rows over 30 days → ${(quiet.res.json() as { total: number }).total} residents in ${quiet.ms.toFixed(0)} ms\n`);
    await plans(app, { ...q, w1: q.quiet }, ['audit rows of the actor']);

  } finally {
    await app.close();
  }
}

export async function run() {
  const o = parseOpts(process.argv.slice(2));
  for (const d of o.dialects) await runDialect(d, o);
}
