import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { FIXTURE_IDS, SYSTEM_ACTOR, seedScopedFixture } from '../../../test/registry-fixture';
import { ImportWorkerError } from './import';
import type { ImportRequest } from './registry.import-service';

const HEAD = '姓名,身份证号,手机号,小区,楼栋,单元,房号,与户主关系,人员类型,标签,编号';
const idFor = (i: number) => makeCnId('330902', `19${60 + Math.floor(i / 1000)}-0${1 + (i % 9)}-1${i % 9}`, i % 1000);

/**
 * The import's parse worker (ADR 0009) against the inline path, through the real service and database: same results
 * and row errors, and a worker that dies mid-file fails the import with nothing half-written in all-or-nothing mode.
 */
describe('resident import: worker pipeline', () => {
  let t: TestApp;
  let dir: string;
  let mixed: string;
  let big: string;
  const count = async (table: 'residents' | 'households' | 'units') => Number((await t.platform.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const run = (file: string, o: Partial<ImportRequest>) => t.services.imports.run({
    communityId: t.orgs.community.id, filePath: file, fileName: path.basename(file), mode: 'partial', dryRun: false, principal: null, actor: SYSTEM_ACTOR, ...o,
  });

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-11-29T10:00:00+08:00' });
    await seedScopedFixture(t);
    const reg = t.services.registry;
    const c = await reg.createCompound(SYSTEM_ACTOR, { communityId: t.orgs.community.id, name: '东港小区' });
    for (const b of ['1幢', '2幢']) await reg.createBuilding(SYSTEM_ACTOR, { compoundId: c.id, gridId: t.orgs.grids[0]!.id, name: b });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-import-pipeline-'));
    // 1,200 rows with every kind of row error the service and the validator produce, spread over the batches.
    const lines = [HEAD];
    for (let i = 0; i < 1200; i++) {
      let id = idFor(i);
      let compound = '东港小区';
      if (i % 97 === 5) id = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`; // checksum
      if (i % 101 === 50) id = idFor(i - 50); // duplicate_in_file
      if (i === 700) id = FIXTURE_IDS.R1; // conflict: registered at another address
      if (i % 211 === 7) compound = '不存在小区'; // unknown_place
      const phone = i % 89 === 3 ? '12345' : `137${String(i).padStart(8, '0')}`;
      lines.push(`居民${'甲乙丙丁'[i % 4]}${'子丑寅卯辰'[i % 5]},${id},${phone},${compound},${1 + (i % 2)}幢,1单元,${100 + Math.floor(i / 3)},${i % 3 === 0 ? '户主' : '配偶'},户籍,${i % 7 === 0 ? '独居' : ''},R-${i}`);
    }
    mixed = path.join(dir, 'mixed.csv');
    fs.writeFileSync(mixed, `${lines.join('\n')}\n`);
    const good = [HEAD];
    for (let i = 0; i < 6000; i++) good.push(`住户${'甲乙丙'[i % 3]},${idFor(3000 + i)},,东港小区,2幢,9单元,${5000 + i},户主,户籍,,`);
    big = path.join(dir, 'big.csv');
    fs.writeFileSync(big, `${good.join('\n')}\n`);
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const comparable = (r: Awaited<ReturnType<typeof run>>) => ({ ...r, jobId: undefined });

  it('worker and inline give the same result and row errors (dry run and write), in the same order', async () => {
    const inlineDry = await run(mixed, { dryRun: true, parseIn: 'inline' });
    const workerDry = await run(mixed, { dryRun: true, parseIn: 'worker', worker: { batch: 64, window: 2 } });
    expect(comparable(workerDry)).toEqual(comparable(inlineDry));
    expect(new Set(workerDry.errors.map((e) => e.code))).toEqual(new Set(['checksum', 'duplicate_in_file', 'phone', 'conflict', 'unknown_place']));
    // Same order as inline too (row errors as read; conflicts when their chunk is resolved).
    expect(workerDry.errors.map((e) => `${e.row}:${e.code}`)).toEqual(inlineDry.errors.map((e) => `${e.row}:${e.code}`));

    const before = await count('residents');
    const written = await run(mixed, { parseIn: 'worker', worker: { batch: 64 } });
    expect(written).toMatchObject({ status: 'partial', imported: inlineDry.imported, updated: 0, errorCount: inlineDry.errorCount });
    expect(written.errors).toEqual(inlineDry.errors);
    expect(await count('residents')).toBe(before + inlineDry.imported);
    // Re-import through the inline path: idempotent (updates by blind index, no new rows).
    const again = await run(mixed, { parseIn: 'inline' });
    expect(again).toMatchObject({ imported: 0, updated: inlineDry.imported });
    expect(await count('residents')).toBe(before + inlineDry.imported);
  });

  it('all-or-nothing: a worker that dies after a written chunk fails the import and leaves nothing behind', async () => {
    const before = { residents: await count('residents'), households: await count('households'), units: await count('units') };
    // 6,000 rows: the first 5,000-row chunk is written inside the import's transaction before the worker dies.
    const err = await run(big, { mode: 'all_or_nothing', parseIn: 'worker', worker: { batch: 500, exitAfterRows: 5500 } }).catch((e) => e);
    expect(err).toBeInstanceOf(ImportWorkerError);
    expect({ residents: await count('residents'), households: await count('households'), units: await count('units') }).toEqual(before);
    // The same file imports completely afterwards (nothing cached from the failed attempt).
    const ok = await run(big, { mode: 'all_or_nothing', parseIn: 'worker' });
    expect(ok).toMatchObject({ status: 'committed', imported: 6000, errorCount: 0 });
    expect(await count('residents')).toBe(before.residents + 6000);
  });

  it('partial: a worker that dies keeps the chunks already committed and fails the import', async () => {
    const lines = [HEAD];
    for (let i = 0; i < 6000; i++) lines.push(`住户${'甲乙丙'[i % 3]},${idFor(10_000 + i)},,东港小区,1幢,8单元,${5000 + i},户主,户籍,,`);
    const file = path.join(dir, 'big2.csv');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const before = await count('residents');
    const err = await run(file, { parseIn: 'worker', worker: { batch: 500, exitAfterRows: 5500 } }).catch((e) => e);
    expect(err).toBeInstanceOf(ImportWorkerError);
    expect(await count('residents')).toBe(before + 5000);
  });
});
