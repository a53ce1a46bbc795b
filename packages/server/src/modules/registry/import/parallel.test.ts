import crypto from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeCnId } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldCrypto } from '../../../platform/crypto/field-crypto';
import { ImportError } from './errors';
import { ImportWorkerError, preparedImportInWorker } from './parallel';
import { type PreparedItem, preparedImport } from './prepare';

const FIXTURES = resolve(__dirname, '../../../../test/fixtures/registry');
const NOW = new Date('2025-06-01T00:00:00+08:00');
const keys = { dataKey: crypto.randomBytes(32), indexKey: crypto.randomBytes(32), source: 'env' as const };
const fc = createFieldCrypto(keys);
const HEAD = '姓名,身份证号,手机号,小区,楼栋,单元,房号,与户主关系,人员类型,标签,编号';
let dir: string;
let mixed: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parallel-'));
  // 2,500 rows; every 97th has a bad check character, every 89th a bad phone, every 101st repeats an earlier ID.
  const lines = [HEAD];
  const idFor = (i: number) => makeCnId('330902', `19${50 + Math.floor(i / 1000)}-0${1 + (i % 9)}-1${i % 9}`, i % 1000);
  for (let i = 0; i < 2500; i++) {
    let id = idFor(i);
    if (i % 97 === 5) id = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
    if (i % 101 === 50) id = idFor(i - 50);
    const phone = i % 89 === 3 ? '12345' : `137${String(i).padStart(8, '0')}`;
    lines.push(`居民${'甲乙丙丁'[i % 4]}${'子丑寅卯辰'[i % 5]},${id},${phone},东港小区,${1 + (i % 3)}幢,1单元,${100 + i},户主,户籍,${i % 7 === 0 ? '独居' : ''},R-${i}`);
  }
  mixed = join(dir, 'mixed.csv');
  await writeFile(mixed, `${lines.join('\n')}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(gen: AsyncGenerator<PreparedItem>) {
  const items: PreparedItem[] = [];
  for await (const it of gen) items.push(it);
  return items;
}

/** Rows with ciphertexts replaced by their decryption (the IVs are random, the plaintexts and blind indexes are not). */
function comparable(items: PreparedItem[]) {
  return items.map((it) => {
    if (it.kind !== 'rows') return it;
    return {
      kind: 'rows',
      rows: it.rows.map((r) => {
        if (!r.prepared) return r;
        const { idNumberEnc, phoneEnc, ...rest } = r.prepared;
        return {
          ...r,
          prepared: { ...rest, idNumber: fc.decrypt('residents.id_number', idNumberEnc), phone: phoneEnc ? fc.decrypt('residents.phone', phoneEnc) : null },
        };
      }),
    };
  });
}

const rowsOf = (items: PreparedItem[]) => items.flatMap((it) => (it.kind === 'rows' ? it.rows : []));

describe('preparedImportInWorker (parse worker)', () => {
  it('yields exactly the inline stream — records, row errors, order, prepared columns — for a CSV with bad rows', async () => {
    const inline = await collect(preparedImport(fc, mixed, 'mixed.csv', { now: NOW }, 300));
    const worker = await collect(preparedImportInWorker(keys, mixed, 'mixed.csv', { now: NOW }, { batch: 300, window: 2 }));
    expect(comparable(worker)).toEqual(comparable(inline));
    const rows = rowsOf(worker);
    expect(rows.map((r) => r.row)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    const codes = new Set(rows.flatMap((r) => r.errors.map((e) => e.code)));
    expect([...codes].sort()).toEqual(['checksum', 'duplicate_in_file', 'phone']);
    // Valid rows carry their prepared columns: blind indexes as the platform computes them, ciphertexts that decrypt.
    const first = rows[0]!;
    expect(first.prepared!.idBidx).toBe(fc.blindIndex('cnid', first.record!.idNumber));
    expect(fc.decrypt('residents.id_number', first.prepared!.idNumberEnc)).toBe(first.record!.idNumber);
    expect(rows.filter((r) => r.errors.length > 0).every((r) => r.prepared === undefined && r.record === undefined)).toBe(true);
    expect(worker.at(-1)).toMatchObject({ kind: 'summary', rows: 2500 });
  });

  it('yields the inline stream for an XLSX (LibreOffice fixture)', async () => {
    const f = join(FIXTURES, 'residents-libreoffice.xlsx');
    const inline = await collect(preparedImport(fc, f, 'residents.xlsx', { now: NOW }));
    const worker = await collect(preparedImportInWorker(keys, f, 'residents.xlsx', { now: NOW }));
    expect(comparable(worker)).toEqual(comparable(inline));
    expect(rowsOf(worker).length).toBeGreaterThan(0);
  });

  it('re-throws file-level errors as the same ImportError', async () => {
    const f = join(dir, 'noheaders.csv');
    await writeFile(f, '甲,乙\n1,2\n');
    const err = await collect(preparedImportInWorker(keys, f, 'noheaders.csv', { now: NOW })).catch((e) => e);
    const ref = await collect(preparedImport(fc, f, 'noheaders.csv', { now: NOW })).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect({ code: err.code, status: err.status, message: err.message, details: err.details }).toEqual({ code: ref.code, status: ref.status, message: ref.message, details: ref.details });
  });

  it('a crashed worker fails the stream after the rows it handed over, never silently ends it', async () => {
    const seen: number[] = [];
    const err = await (async () => {
      for await (const it of preparedImportInWorker(keys, mixed, 'mixed.csv', { now: NOW }, { batch: 250, exitAfterRows: 1000 })) {
        if (it.kind === 'rows') seen.push(...it.rows.map((r) => r.row));
      }
    })().catch((e) => e);
    expect(err).toBeInstanceOf(ImportWorkerError);
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('stopping early terminates the worker (the consumer returns; nothing hangs)', async () => {
    let batches = 0;
    for await (const it of preparedImportInWorker(keys, mixed, 'mixed.csv', { now: NOW }, { batch: 100, window: 1 })) {
      if (it.kind === 'rows' && ++batches === 2) break;
    }
    expect(batches).toBe(2);
  });
});
