// The audit viewer's search walks the log in id ranges (ADR 0059): its page and total must be exactly what one query
// over the whole log gives, for every filter and page, at every range boundary; counting stops past the cap with the
// total marked as a lower bound; and the event loop turns between ranges (on SQLite a single statement over millions
// of rows held the server for seconds). Both dialects (RENXING_TEST_DIALECT=postgres).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, TEST_DIALECT, type TestApp } from '../../../test/harness';
import { CompiledQuery, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { searchAuditLog } from './audit.search';
import { type AuditQuery, systemActor } from './audit.service';

const ACTIONS = ['list', 'read', 'reveal', 'search', 'update'] as const;
const OUTCOMES = ['success', 'success', 'success', 'denied', 'error'] as const;

describe(`audit search in id ranges (ADR 0059, ${TEST_DIALECT})`, () => {
  let t: TestApp;
  let first: number;
  let last: number;

  beforeAll(async () => {
    t = await createTestApp();
    // 97 rows of our own, after whatever the seed wrote: actions, outcomes, object types and actors that vary with
    // different periods, so that every filter matches a scattered set of rows.
    for (let i = 0; i < 97; i++) {
      const row = await t.services.audit.record({ ...systemActor(`system:walk${i % 3}`), actorOrg: i % 4 === 0 ? 'org-walk' : null }, {
        action: ACTIONS[(i * 7) % 5]!, objectType: i % 6 === 0 ? 'export' : 'resident', objectId: `w${i}`,
        subjectId: i % 11 === 0 ? 'walk-subject' : null, outcome: OUTCOMES[(i * 3) % 5]!,
      });
      if (i === 0) first = row.id;
      last = row.id;
      if (i === 48) t.clock.advance(60_000);
    }
  });
  afterAll(async () => t.close());

  /** The reference: one query over the whole log, as the viewer ran it before the walk. */
  async function direct(q: AuditQuery) {
    const { db } = t.platform.database;
    let b = db.selectFrom('audit_log');
    if (q.from) b = b.where('ts', '>=', q.from);
    if (q.to) b = b.where('ts', '<=', q.to);
    if (q.actorId) b = b.where('actor_id', '=', q.actorId);
    if (q.action) b = b.where('action', '=', q.action);
    if (q.actions) b = b.where('action', 'in', [...q.actions]);
    if (q.objectType) b = b.where('object_type', '=', q.objectType);
    if (q.subjectId) b = b.where('subject_id', '=', q.subjectId);
    if (q.outcome) b = b.where('outcome', '=', q.outcome);
    if (q.actorOrgs) b = b.where('actor_org', 'in', [...q.actorOrgs]);
    const total = Number((await b.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const ids = (await b.select('id').orderBy('id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute()).map((r) => Number(r.id));
    return { total, ids };
  }

  it('gives the page and total one query over the whole log gives, for every filter, page size and range size', async () => {
    const { db } = t.platform.database;
    const mid = (await db.selectFrom('audit_log').select('ts').where('id', '=', first + 60).executeTakeFirstOrThrow()).ts as string;
    const filters: Array<Partial<AuditQuery>> = [
      {}, { action: 'reveal' }, { outcome: 'denied' }, { objectType: 'export' }, { actorId: 'system:walk1' },
      { subjectId: 'walk-subject' }, { actorOrgs: ['org-walk'] }, { actorOrgs: ['org-walk'], action: 'list' },
      { actions: ['read', 'update'], outcome: 'success' }, { from: mid }, { to: mid, action: 'search' }, { action: 'no_such_action' },
    ];
    let compared = 0;
    for (const f of filters) {
      for (const [page, pageSize] of [[1, 5], [2, 5], [3, 7], [1, 200], [40, 5]] as const) {
        const q = { ...f, page, pageSize } as AuditQuery;
        const want = await direct(q);
        for (const chunk of [1, 7, 50, 100_000]) {
          const got = await t.services.audit.query(q, { chunk, cap: 1_000_000 });
          const at = `${JSON.stringify(f)} page ${page}×${pageSize} chunk ${chunk}`;
          expect(got.items.map((r) => r.id), at).toEqual(want.ids);
          expect(got.total, at).toBe(want.total);
          expect(got.totalExact, at).toBe(true);
          compared++;
        }
      }
    }
    expect(compared).toBe(filters.length * 5 * 4);
    // The filters found something (and not everything), so the comparison above compared real pages.
    expect((await direct({ action: 'reveal', page: 1, pageSize: 5 })).total).toBeGreaterThan(10);
    expect((await direct({ subjectId: 'walk-subject', page: 1, pageSize: 5 })).total).toBe(9);
  });

  it('stops counting past the cap once the page is filled: the total is then a lower bound, and later pages still come right', async () => {
    const q = { action: 'list', page: 1, pageSize: 3 } as AuditQuery;
    const all = await direct({ ...q, pageSize: 1000 });
    expect(all.total).toBeGreaterThan(15);
    const capped = await t.services.audit.query(q, { chunk: 5, cap: 6 });
    expect(capped.totalExact).toBe(false);
    expect(capped.total).toBeGreaterThan(6);
    expect(capped.total).toBeLessThan(all.total);
    expect(capped.items.map((r) => r.id)).toEqual(all.ids.slice(0, 3));
    // A page beyond the cap: counted at least to its end, its rows exact.
    const deep = await t.services.audit.query({ ...q, page: 4 }, { chunk: 5, cap: 6 });
    expect(deep.items.map((r) => r.id)).toEqual(all.ids.slice(9, 12));
    expect(deep.total).toBeGreaterThanOrEqual(12);
    // Under the cap the count is exact.
    expect(await t.services.audit.query(q, { chunk: 5, cap: all.total })).toMatchObject({ total: all.total, totalExact: true });
  });

  it('lets the event loop turn between ranges (a request arriving meanwhile is served)', async () => {
    let turns = 0;
    let ticking = true;
    const tick = () => { if (ticking) { turns++; setImmediate(tick); } };
    setImmediate(tick);
    const rows = last - first + 1;
    const res = await t.services.audit.query({ outcome: 'error', page: 1, pageSize: 5 } as AuditQuery, { chunk: 10, cap: 1_000_000 });
    ticking = false;
    expect(res.totalExact).toBe(true);
    // At least one turn per range of our rows (the seed's rows add more ranges).
    expect(turns).toBeGreaterThanOrEqual(Math.floor(rows / 10) - 1);
  });

  it('a time window bounds the ranges walked, and finds rows written after the clock stepped back (within a day)', async () => {
    const { db } = t.platform.database;
    // Three days later: 30 rows, then the clock steps back two hours (an NTP correction) for 5 more.
    t.clock.advance(3 * 86_400_000);
    const late: number[] = [];
    for (let i = 0; i < 30; i++) late.push((await t.services.audit.record(systemActor('system:late'), { action: 'read', objectType: 'resident', objectId: `late${i}`, outcome: 'success' })).id);
    const lateTs = Date.parse((await db.selectFrom('audit_log').select('ts').where('id', '=', late[0]!).executeTakeFirstOrThrow()).ts as string);
    t.clock.advance(-2 * 3_600_000);
    const stepped: number[] = [];
    for (let i = 0; i < 5; i++) stepped.push((await t.services.audit.record(systemActor('system:late'), { action: 'read', objectType: 'resident', objectId: `stepped${i}`, outcome: 'success' })).id);
    const window = { from: new Date(lateTs - 3 * 3_600_000).toISOString(), page: 1, pageSize: 100 } as AuditQuery;
    const want = await direct(window);
    expect(want.ids).toEqual([...late, ...stepped].sort((a, b) => b - a));
    const got = await t.services.audit.query(window, { chunk: 5, cap: 1_000_000 });
    expect(got.items.map((r) => r.id)).toEqual(want.ids);
    expect(got.total).toBe(35);
    // Only the ranges from the last row before the window's day of allowance up: the earlier log (the seed's rows and
    // the 97 above) is not read.
    const everything = await t.services.audit.query({ page: 1, pageSize: 1 } as AuditQuery, { chunk: 5, cap: 1_000_000 });
    expect(got.ranges).toBeLessThanOrEqual(Math.ceil(37 / 5));
    expect(everything.ranges).toBeGreaterThan(got.ranges + 15);
    // The window that ends before the jump: the late rows are above its bound and not walked, its rows all found.
    const before = { to: new Date(lateTs - 2 * 86_400_000).toISOString(), objectType: 'export', page: 1, pageSize: 100 } as AuditQuery;
    const early = await t.services.audit.query(before, { chunk: 5, cap: 1_000_000 });
    expect(early.items.map((r) => r.id)).toEqual((await direct(before)).ids);
    expect(early.total).toBeGreaterThan(0);
    // Walked from the oldest row more than a day after `to` down: the first stepped-back row (two hours before the late
    // ones, so it is the oldest by time), not from the newest row.
    const ends = await db.selectFrom('audit_log').select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')]).executeTakeFirstOrThrow();
    expect(early.ranges).toBe(Math.ceil((stepped[0]! - Number(ends.lo) + 1) / 5));
    expect(everything.ranges).toBe(Math.ceil((Number(ends.hi) - Number(ends.lo) + 1) / 5));
  });

  it('a bound given to the second (no milliseconds) keeps the rows of that second', async () => {
    const { db } = t.platform.database;
    const r = await db.selectFrom('audit_log').select(['id', 'ts']).where('id', '=', last).executeTakeFirstOrThrow();
    const second = `${(r.ts as string).slice(0, 19)}Z`; // "…T08:00:00Z" for a row at "…T08:00:00.123Z"
    expect(second < (r.ts as string) || (r.ts as string).endsWith('.000Z')).toBe(true);
    const got = await t.services.audit.query({ from: second, to: second.replace('Z', '.999Z'), page: 1, pageSize: 200 } as AuditQuery);
    expect(got.items.map((x) => x.id)).toContain(last);
  });

  it.skipIf(TEST_DIALECT !== 'sqlite')('no statement of a search reads the whole log (SQLite: every plan is a search, none a scan of audit_log)', async () => {
    const { db } = t.platform.database;
    const nodes: RootOperationNode[] = [];
    const recorder: KyselyPlugin = {
      transformQuery: ({ node }) => { nodes.push(node); return node; },
      transformResult: async ({ result }) => result,
    };
    const recorded = db.withPlugin(recorder);
    const filters: Array<Partial<AuditQuery>> = [{}, { action: 'reveal' }, { outcome: 'denied', objectType: 'export' }, { actorOrgs: ['org-walk'] }, { from: new Date(0).toISOString(), to: new Date().toISOString(), action: 'read' }];
    for (const f of filters) await searchAuditLog(recorded, { ...f, page: 2, pageSize: 5 }, { chunk: 10, cap: 1_000_000 });
    expect(nodes.length).toBeGreaterThan(filters.length * 3);
    for (const node of nodes) {
      const c = db.getExecutor().compileQuery(node, { queryId: 'plan' } as never);
      const plan = (await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]))).rows.map((r) => r.detail);
      expect(plan.filter((d) => /^SCAN audit_log\b/.test(d)), c.sql).toEqual([]);
    }
  });

  it('the viewer answers with totalExact', async () => {
    const aud = await t.login('auditor');
    const res = await as(t, aud).get('/api/audit?action=reveal&pageSize=5');
    expect(res.statusCode).toBe(200);
    const want = await direct({ action: 'reveal', page: 1, pageSize: 5 } as AuditQuery);
    expect(res.json()).toMatchObject({ total: want.total, totalExact: true, page: 1, pageSize: 5 });
    expect(res.json().items.map((r: { id: number }) => r.id)).toEqual(want.ids);
  });
});
