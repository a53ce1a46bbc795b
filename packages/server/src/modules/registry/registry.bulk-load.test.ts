// Initial loads (ADR 0009): an import file much larger than the stored registry builds the search indexes once at the
// end instead of row by row; an import into a populated registry keeps them. Through the real service and database
// (both dialects), with the threshold lowered from 50,000 rows so that a small file counts as an initial load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCnId } from '@renxing/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR, seedScopedFixture } from '../../../test/registry-fixture';
import type { ImportRequest } from './registry.import-service';

const HEAD = '姓名,身份证号,手机号,小区,楼栋,单元,房号,与户主关系,人员类型,标签,编号';
const SEARCH_INDEX = 'residents_initials_idx';

describe('resident import: initial load with deferred search indexes', () => {
  let t: TestApp;
  let dir: string;
  const file = (name: string, rows: number, from: number, broken = false) => {
    const lines = [HEAD];
    for (let i = 0; i < rows; i++) {
      const n = from + i;
      const id = makeCnId('330902', `${1950 + Math.floor(n / 1000)}-03-15`, n % 1000);
      lines.push(`${'赵钱孙李'[i % 4]}${'一二三'[i % 3]},${broken && i === rows - 1 ? '123' : id},,东港小区,1幢,${1 + (i % 3)}单元,${from + i},户主,户籍,,`);
    }
    const p = path.join(dir, name);
    fs.writeFileSync(p, `${lines.join('\n')}\n`);
    return p;
  };
  const hasIndex = async (name: string) => {
    const { db, dialect } = t.platform.database;
    const q = dialect.name === 'sqlite'
      ? sql`select 1 from sqlite_master where type = 'index' and name = ${name}`
      : sql`select 1 from pg_indexes where schemaname = current_schema() and indexname = ${name}`;
    return (await q.execute(db)).rows.length > 0;
  };
  const residents = async () => Number((await t.platform.database.db.selectFrom('residents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  /** Runs an import and reports whether the search index existed while its chunks were written. */
  const run = async (p: string, o: Partial<ImportRequest> = {}) => {
    const during: boolean[] = [];
    let probe: Promise<void> = Promise.resolve();
    const result = await t.services.imports.run({
      communityId: t.orgs.community.id, filePath: p, fileName: path.basename(p), mode: 'partial', dryRun: false, principal: null, actor: SYSTEM_ACTOR,
      parseIn: 'inline', onProgress: () => {
        probe = probe.then(async () => void during.push(await hasIndex(SEARCH_INDEX)));
      }, ...o,
    });
    await probe;
    return { result, during };
  };

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-29T10:00:00+08:00' });
    await seedScopedFixture(t);
    const c = await t.services.registry.createCompound(SYSTEM_ACTOR, { communityId: t.orgs.community.id, name: '东港小区' });
    await t.services.registry.createBuilding(SYSTEM_ACTOR, { compoundId: c.id, gridId: t.orgs.grids[0]!.id, name: '1幢' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-bulk-load-'));
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('builds the search indexes after the rows of a file at least twice the registry, and they work afterwards', async () => {
    const before = await residents();
    const { result, during } = await run(file('initial.csv', 400, 1000), { bulkLoadMinRows: 100 });
    expect(result).toMatchObject({ status: 'committed', imported: 400, errorCount: 0 });
    expect(before * 2).toBeLessThanOrEqual(400);
    expect(during).toEqual([false]);
    expect(await hasIndex(SEARCH_INDEX)).toBe(true);
    expect(await t.platform.database.db.selectFrom('deferred_indexes').selectAll().execute()).toEqual([]);
    expect(await residents()).toBe(before + 400);
    // The rebuilt index answers the pinyin-initials search for the imported people (赵一 → zy).
    const hits = await t.platform.database.db.selectFrom('residents').select('id').where('name_initials', '=', 'zy').where('name', '=', '赵一').execute();
    expect(hits.length).toBe(34); // rows i ≡ 0 (mod 12) of 400
  });

  it('keeps the indexes for an import into a populated registry, and for small files', async () => {
    const populated = await run(file('more.csv', 300, 5000), { bulkLoadMinRows: 100 });
    expect(populated.result).toMatchObject({ status: 'committed', imported: 300 });
    expect(populated.during).toEqual([true]);
    const small = await run(file('small.csv', 50, 9000));
    expect(small.result).toMatchObject({ status: 'committed', imported: 50 });
    expect(small.during).toEqual([true]);
  });

  it('restores the indexes when an all-or-nothing initial load is rejected', async () => {
    const before = await residents();
    const { result, during } = await run(file('broken.csv', 4000, 20000, true), { bulkLoadMinRows: 100, mode: 'all_or_nothing' });
    expect(result).toMatchObject({ status: 'rejected', imported: 0, errorCount: 1 });
    expect(during).toEqual([false]);
    expect(await hasIndex(SEARCH_INDEX)).toBe(true);
    expect(await residents()).toBe(before);
  });
});
