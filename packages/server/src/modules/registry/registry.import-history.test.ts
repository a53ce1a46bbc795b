import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ImportRun, ImportRunListSchema, makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seed/foundation';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';

const HEAD = '姓名,身份证号,手机号,小区,楼栋,单元,房号,与户主关系,人员类型,标签,编号';
const cn = (i: number) => [...String(i)].map((d) => '零一二三四五六七八九'[Number(d)]).join('');


describe('import history (导入记录, ADR 0021)', () => {
  let t: TestApp;
  let admin: Session;
  let adminB: Session;
  let grid1: Session;
  let dir: string;
  /** Uploads, in order, with the answer of each: [who, jobId, answer]. */
  const runs: Array<{ who: 'A' | 'B' | 'grid1'; jobId: string; res: { status: string; rows: number; imported: number; updated: number; errorCount: number } }> = [];
  let seq = 0;

  const upload = (s: Session, communityId: string, name: string, content: string | Buffer, q: string) => {
    const file = path.join(dir, `f${seq++}`);
    fs.writeFileSync(file, content);
    const boundary = '----rxhist';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      fs.readFileSync(file),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return t.app.inject({
      method: 'POST', url: `/api/registry/imports?communityId=${communityId}&${q}`, payload: body,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  };
  /** One run: a CSV of `good` valid rows (house numbers from `room0`) plus one with a bad ID checksum if `bad`. */
  const run = async (who: 'A' | 'B' | 'grid1', o: { good: number; bad?: boolean; q: string; room0: number; name?: string }) => {
    t.clock.advance(60_000);
    const s = who === 'A' ? admin : who === 'B' ? adminB : grid1;
    const [community, compound] = who === 'B' ? [t.orgs.other.id, '东海小区'] : [t.orgs.community.id, '幸福小区'];
    const lines = [HEAD];
    for (let i = 0; i < o.good; i++) lines.push(`居民${cn(seq)}${cn(i)},${makeCnId('330902', '1970-02-0' + (1 + (i % 9)), 300 + seq * 20 + i)},,${compound},1幢,1单元,${o.room0 + i},户主,户籍,,`);
    if (o.bad) lines.push(`坏校验,11010519491231003X,,${compound},1幢,1单元,${o.room0 + 90},户主,户籍,,`);
    const r = await upload(s, community, o.name ?? 'residents.csv', `${lines.join('\n')}\n`, o.q);
    expect([200, 201, 422], r.body).toContain(r.statusCode);
    runs.push({ who, jobId: r.json().jobId, res: r.json() });
    return r.json();
  };
  /** One page of the history, parsed with the shared contract (strict: a field added or dropped on either side fails). */
  const list = async (s: Session, q = '') => {
    const r = await as(t, s).get(`/api/registry/imports${q ? `?${q}` : ''}`);
    expect(r.statusCode, r.body).toBe(200);
    const parsed = ImportRunListSchema.safeParse(r.json());
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    return parsed.data!;
  };

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-01T09:00:00+08:00' });
    await seedScopedFixture(t);
    await t.services.auth.createUser({ username: 'adminb', displayName: 'B社区书记', role: 'community_admin', orgId: t.orgs.other.id, password: DEMO_PASSWORD });
    admin = await t.login('admin');
    adminB = await t.login('adminb');
    grid1 = await t.login('grid1');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-import-history-'));
    // Community A: a dry run, a partial run with one bad row, a clean all-or-nothing run, a grid worker's run, a refused
    // file; community B: two runs. The file name names a person: it must not come back.
    await run('A', { good: 3, bad: true, q: 'dryRun=true', room0: 501, name: '张三13812345678.csv' });
    await run('B', { good: 2, q: 'mode=partial&dryRun=false', room0: 801 });
    await run('A', { good: 3, bad: true, q: 'mode=partial&dryRun=false', room0: 501 });
    await run('A', { good: 2, q: 'mode=all_or_nothing&dryRun=false', room0: 601 });
    await run('grid1', { good: 1, q: 'mode=partial&dryRun=false', room0: 701 });
    await run('B', { good: 1, bad: true, q: 'mode=all_or_nothing&dryRun=false', room0: 811 });
    expect(runs.map((r) => r.res.status)).toEqual(['dry_run', 'committed', 'partial', 'committed', 'committed', 'rejected']);
    t.clock.advance(60_000);
    const refused = await upload(admin, t.orgs.community.id, 'people.xlsx', fs.readFileSync('/bin/ls'), 'dryRun=true');
    expect(refused.statusCode).toBe(400);
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const expectMatches = (item: ImportRun, r: (typeof runs)[number]) => {
    expect(item.id).toBe(r.jobId);
    expect(item).toMatchObject({ status: r.res.status, rows: r.res.rows, imported: r.res.imported, updated: r.res.updated, errorCount: r.res.errorCount, format: 'csv' });
    expect(item.errorReport).toBe(r.res.errorCount > 0);
  };

  it('each community admin sees only their own community\'s runs, newest first, with the counts of each run', async () => {
    const a = await list(admin);
    // A's four runs (the grid worker's inside the community included) plus the refused file; none of B's.
    expect(a.total).toBe(5);
    const mineA = runs.filter((r) => r.who !== 'B').reverse();
    const [failed, ...done] = a.items;
    expect(failed).toMatchObject({ status: 'failed', format: null, rows: 0, errorReport: false, dryRun: true });
    // Why it failed, so the history can say "文件被拒：不是 Excel 或 CSV 文件" rather than "文件无法读取" for every refusal.
    expect(failed!.failureCode).toBe('type_mismatch');
    expect(done.map((x) => x.failureCode)).toEqual(done.map(() => null));
    expect(done.map((x) => x.id)).toEqual(mineA.map((r) => r.jobId));
    done.forEach((item, i) => expectMatches(item, mineA[i]!));
    expect(a.items.every((x) => x.community?.id === t.orgs.community.id)).toBe(true);
    const times = a.items.map((x) => Date.parse(x.createdAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect(done.find((x) => x.id === runs.find((r) => r.who === 'grid1')!.jobId)!.by).toEqual({ id: grid1.userId, displayName: '第一网格网格员' });
    expect(done.at(-1)!.by).toEqual({ id: admin.userId, displayName: '社区书记' });

    const b = await list(adminB);
    const mineB = runs.filter((r) => r.who === 'B').reverse();
    expect(b.total).toBe(2);
    expect(b.items.map((x) => x.id)).toEqual(mineB.map((r) => r.jobId));
    b.items.forEach((item, i) => expectMatches(item, mineB[i]!));
    expect(b.items[0]).toMatchObject({ status: 'rejected', mode: 'all_or_nothing', dryRun: false, by: { displayName: 'B社区书记' }, community: { id: t.orgs.other.id } });
  });

  it('lists a dry run as a dry run, and holds no personal data (no file name, names or ID numbers)', async () => {
    const r = await as(t, admin).get('/api/registry/imports');
    const dry = ImportRunListSchema.parse(r.json()).items.find((x) => x.id === runs[0]!.jobId)!;
    expect(dry).toMatchObject({ dryRun: true, status: 'dry_run', mode: 'all_or_nothing', rows: 4, imported: 3, errorCount: 1, errorReport: true });
    expect(dry.fileBytes).toBeGreaterThan(100);
    expect(r.body).not.toMatch(/张三|13812345678|居民|坏校验|\d{17}[\dX]|residents\.csv/);
    expect(Object.keys(dry).sort()).toEqual(['by', 'community', 'createdAt', 'dryRun', 'errorCount', 'errorReport', 'failureCode', 'fileBytes', 'finishedAt', 'format', 'id', 'imported', 'mode', 'rows', 'status', 'updated']);
  });

  it('pages: pages are disjoint, in order, and add up to the whole list', async () => {
    const all = await list(admin);
    const p1 = await list(admin, 'page=1&pageSize=2');
    const p2 = await list(admin, 'page=2&pageSize=2');
    const p3 = await list(admin, 'page=3&pageSize=2');
    expect([p1.total, p2.total, p3.total]).toEqual([5, 5, 5]);
    expect([p1.items.length, p2.items.length, p3.items.length]).toEqual([2, 2, 1]);
    expect([...p1.items, ...p2.items, ...p3.items].map((x) => x.id)).toEqual(all.items.map((x) => x.id));
    expect((await list(admin, 'page=4&pageSize=2')).items).toEqual([]);
    expect((await as(t, admin).get('/api/registry/imports?pageSize=101')).statusCode).toBe(400);
  });

  it('orgId narrows inside the caller\'s scope; outside it (or unknown) answers 404', async () => {
    expect((await list(admin, `orgId=${t.orgs.community.id}`)).total).toBe(5);
    // Community staff may look at one grid: the grid worker's run into it.
    expect((await list(admin, `orgId=${t.orgs.grids[0]!.id}`)).items.map((x) => x.id)).toEqual([runs.find((r) => r.who === 'grid1')!.jobId]);
    for (const orgId of [t.orgs.other.id, t.orgs.street.id, 'no-such-org']) {
      const r = await as(t, admin).get(`/api/registry/imports?orgId=${orgId}`);
      expect(r.statusCode, orgId).toBe(404);
    }
    expect((await as(t, adminB).get(`/api/registry/imports?orgId=${t.orgs.community.id}`)).statusCode).toBe(404);
  });

  it('a grid worker sees the runs into their grid only; roles without resident:import are refused', async () => {
    const g = await list(grid1);
    expect(g.items.map((x) => x.id)).toEqual([runs.find((r) => r.who === 'grid1')!.jobId]);
    const doctor = await t.login('doctor');
    expect((await as(t, doctor).get('/api/registry/imports')).statusCode).toBe(403);
  });

  it('the error report and the job of another community\'s run answer 404 (audited as denied); one\'s own download', async () => {
    const runB = runs.find((r) => r.who === 'B' && r.res.errorCount > 0)!;
    const runA = runs.find((r) => r.who === 'A' && r.res.errorCount > 0)!;
    for (const url of [`/api/registry/imports/${runB.jobId}/errors?format=csv`, `/api/registry/imports/${runB.jobId}/errors`, `/api/registry/imports/${runB.jobId}`]) {
      expect((await as(t, admin).get(url)).statusCode, url).toBe(404);
    }
    const denied = await t.platform.database.db.selectFrom('audit_log').selectAll().where('object_id', '=', runB.jobId).where('outcome', '=', 'denied').execute();
    expect(denied.length).toBe(3);
    expect((await as(t, adminB).get(`/api/registry/imports/${runA.jobId}/errors?format=csv`)).statusCode).toBe(404);
    // The community admin and B's admin download their own; the admin downloads the grid worker's run, not vice versa.
    const own = await as(t, admin).get(`/api/registry/imports/${runA.jobId}/errors?format=csv`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('checksum');
    expect((await as(t, adminB).get(`/api/registry/imports/${runB.jobId}/errors?format=csv`)).statusCode).toBe(200);
    const gridRun = runs.find((r) => r.who === 'grid1')!;
    expect((await as(t, admin).get(`/api/registry/imports/${gridRun.jobId}`)).statusCode).toBe(200);
    expect((await as(t, grid1).get(`/api/registry/imports/${runA.jobId}/errors`)).statusCode).toBe(404);
  });
});
