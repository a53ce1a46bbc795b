import { normalizeTypedCode } from '@renxing/shared';
import Papa from 'papaparse';
import type { Database } from '../../platform/db/database';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import type { OrgLevel } from './orgs.service';

/**
 * The administrative hierarchy of a real deployment (市 → 区/县 → 街道/乡镇 → 社区/村 → 网格) from a CSV file, for the
 * operator setting up an installation: `renxing orgs import <file>`. One row per org: 编码, 名称, 层级, 上级编码 (code,
 * name, level, parent code). All-or-nothing; idempotent (an org that exists with the same name and parent is left
 * alone). City and district codes are GB/T 2260 (6 digits); a child's code extends its parent's (a district shares its
 * city's first 4 digits).
 */

export const LEVELS: readonly OrgLevel[] = ['city', 'district', 'street', 'community', 'grid'];

const LEVEL_WORDS: Record<string, OrgLevel> = {
  city: 'city', 市: 'city', 地级市: 'city',
  district: 'district', 区: 'district', 县: 'district', 县级市: 'district', 区县: 'district', 市辖区: 'district',
  street: 'street', 街道: 'street', 乡: 'street', 镇: 'street', 乡镇: 'street', 乡镇街道: 'street',
  community: 'community', 社区: 'community', 村: 'community', 居委会: 'community', 村委会: 'community', 社区居委会: 'community',
  grid: 'grid', 网格: 'grid',
};

const HEADERS: Record<'code' | 'name' | 'level' | 'parent', string[]> = {
  code: ['编码', '代码', '区划代码', '行政区划代码', 'code'],
  name: ['名称', '单位名称', 'name'],
  level: ['层级', '级别', '类型', 'level'],
  parent: ['上级编码', '上级代码', '上级', 'parent', 'parent_code', 'parentcode'],
};
const COLUMN_ZH = { code: '编码', name: '名称', level: '层级', parent: '上级编码' } as const;

export type OrgRowError = { row: number; column: string; code: string; message: string; messageEn: string };
export type OrgImportRow = { row: number; code: string; name: string; level: OrgLevel; parent: string | null };
export type OrgImportResult = { rows: number; created: number; unchanged: number; errors: OrgRowError[]; dryRun: boolean };

/** Parses and checks the rows on their own (headers, required cells, level words, code shape, duplicates in the file). */
export function parseOrgCsv(text: string): { rows: OrgImportRow[]; errors: OrgRowError[] } {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
  const [header, ...data] = parsed.data;
  const errors: OrgRowError[] = [];
  if (!header) return { rows: [], errors: [{ row: 0, column: '', code: 'empty', message: '文件是空的', messageEn: 'the file is empty' }] };
  const norm = (h: string) => h.replace(/^\uFEFF/, '').replace(/[\s*（）()]/g, '').toLowerCase();
  const index = {} as Record<keyof typeof HEADERS, number>;
  for (const key of Object.keys(HEADERS) as Array<keyof typeof HEADERS>) {
    index[key] = header.findIndex((h) => HEADERS[key].includes(norm(h)));
    if (index[key] < 0 && key !== 'parent') {
      errors.push({ row: 0, column: COLUMN_ZH[key], code: 'missing_column', message: `缺少列「${COLUMN_ZH[key]}」`, messageEn: `column "${key}" is missing` });
    }
  }
  if (errors.length) return { rows: [], errors };
  const rows: OrgImportRow[] = [];
  const seen = new Set<string>();
  data.forEach((cells, i) => {
    const row = i + 1;
    const cell = (k: keyof typeof HEADERS) => (index[k] >= 0 ? (cells[index[k]] ?? '').trim() : '');
    /** Records the error; returns false (the row is not ok). */
    const err = (k: keyof typeof HEADERS, code: string, message: string, messageEn: string): false => {
      errors.push({ row, column: header[index[k]] ?? COLUMN_ZH[k], code, message, messageEn });
      return false;
    };
    // Codes typed with full-width digits (a Chinese input method) are folded, invisible characters dropped.
    const code = normalizeTypedCode(cell('code')), name = cell('name'), levelWord = cell('level'), parent = normalizeTypedCode(cell('parent')) || null;
    const level = LEVEL_WORDS[levelWord.toLowerCase()];
    let ok = true;
    if (!/^\d{6,20}$/.test(code)) ok = err('code', 'format', '编码应为 6 到 20 位数字', 'the code must have 6 to 20 digits');
    else if (seen.has(code)) ok = err('code', 'duplicate_in_file', '编码在文件中重复', 'the code appears twice in the file');
    if (!name || name.length > 64) ok = err('name', 'required', '名称必填，最多 64 个字', 'the name is required (at most 64 characters)');
    if (!level) ok = err('level', 'value', '层级应为 市、区/县、街道/乡镇、社区/村 或 网格', 'the level must be city, district, street, community or grid');
    else if ((level === 'city' || level === 'district') && !/^\d{6}$/.test(code) && /^\d+$/.test(code)) {
      ok = err('code', 'format', '市、区县编码应为 6 位行政区划代码（GB/T 2260）', 'city and district codes have 6 digits (GB/T 2260)');
    }
    if (level && level !== 'city' && !parent) ok = err('parent', 'required', '除市级外都须填写上级编码', 'every org except a city needs a parent code');
    if (level === 'city' && parent) ok = err('parent', 'value', '市级单位没有上级', 'a city has no parent');
    seen.add(code);
    if (ok) rows.push({ row, code, name, level: level!, parent });
  });
  return { rows, errors };
}

/** True when `child`'s code extends `parent`'s as the hierarchy requires (a district shares its city's first 4 digits). */
export function codeExtends(parent: { code: string; level: OrgLevel }, child: { code: string; level: OrgLevel }): boolean {
  if (child.level === 'district') return child.code.slice(0, 4) === parent.code.slice(0, 4) && child.code !== parent.code;
  return child.code.length > parent.code.length && child.code.startsWith(parent.code);
}

/**
 * Checks the rows against the stored hierarchy and writes the new orgs in one transaction, parents first, with one
 * audit row. Nothing is written when any row has an error or in a dry run.
 */
export async function importOrgs(
  database: Database, audit: AuditService, actor: AuditActor, text: string, o: { dryRun?: boolean; now: Date },
): Promise<OrgImportResult> {
  const { rows, errors } = parseOrgCsv(text);
  const result: OrgImportResult = { rows: rows.length + new Set(errors.filter((e) => e.row > 0).map((e) => e.row)).size, created: 0, unchanged: 0, errors, dryRun: !!o.dryRun };
  if (errors.some((e) => e.row === 0)) return result;
  const { db, writes, codec } = database;
  const stored = new Map((await db.selectFrom('orgs').selectAll().execute()).map((r) => [r.code as string, { id: r.id as string, code: r.code as string, name: r.name as string, level: r.level as OrgLevel, path: r.path as string, parentId: r.parent_id as string | null }]));
  const byId = new Map([...stored.values()].map((s) => [s.id, s]));
  const inFile = new Map(rows.map((r) => [r.code, r]));
  type Planned = { id: string; code: string; name: string; level: OrgLevel; path: string; parentId: string | null };
  const planned = new Map<string, Planned>();
  const fail = (r: OrgImportRow, column: keyof typeof COLUMN_ZH, code: string, message: string, messageEn: string) => errors.push({ row: r.row, column: COLUMN_ZH[column], code, message, messageEn });

  /** The org a code names once the file is applied (stored or planned); resolves parents declared later in the file. */
  const resolve = (code: string, depth = 0): Planned | null => {
    const s = stored.get(code);
    if (s) return s;
    const p = planned.get(code);
    if (p) return p;
    const r = inFile.get(code);
    if (!r || depth > LEVELS.length) return null;
    const parent = r.parent ? resolve(r.parent, depth + 1) : null;
    if (r.parent && !parent) return null;
    const org: Planned = { id: uuidv7(), code: r.code, name: r.name, level: r.level, path: `${parent ? parent.path : '/'}${r.code}/`, parentId: parent?.id ?? null };
    planned.set(code, org);
    return org;
  };

  for (const r of rows) {
    const existing = stored.get(r.code);
    const parent = r.parent ? (stored.get(r.parent) ?? (inFile.has(r.parent) ? resolve(r.parent) : null)) : null;
    if (r.parent && !parent) {
      fail(r, 'parent', 'unknown_parent', '上级编码不存在（既不在系统中，也不在本文件中）', 'the parent code is neither stored nor in this file');
      continue;
    }
    if (parent && LEVELS.indexOf(parent.level) !== LEVELS.indexOf(r.level) - 1) {
      fail(r, 'level', 'level_mismatch', `上级是「${parent.name}」，层级不相邻`, `the parent "${parent.code}" is not one level above`);
      continue;
    }
    if (parent && !codeExtends(parent, r)) {
      fail(r, 'code', 'code_prefix', `编码应以上级编码 ${r.level === 'district' ? parent.code.slice(0, 4) : parent.code} 开头`, 'the code must extend the parent code');
      continue;
    }
    if (existing) {
      const sameParent = (existing.parentId ? byId.get(existing.parentId)?.code ?? null : null) === r.parent;
      if (existing.name !== r.name || existing.level !== r.level || !sameParent) {
        fail(r, 'code', 'conflict', `编码已被「${existing.name}」使用`, `the code is already used by "${existing.name}"`);
      } else result.unchanged++;
      continue;
    }
    resolve(r.code);
  }
  if (errors.length) return result;
  const creates = [...planned.values()].sort((a, b) => a.path.length - b.path.length);
  result.created = creates.length;
  if (o.dryRun || creates.length === 0) return result;
  await writes.run(async (trx) => {
    for (const c of creates) {
      await trx.insertInto('orgs').values({ id: c.id, parent_id: c.parentId, level: c.level, code: c.code, name: c.name, path: c.path, created_at: codec.ts(o.now) }).execute();
    }
    await audit.append(trx, actor, { action: 'import', objectType: 'org', count: creates.length, fields: ['code', 'name', 'level', 'parent'], outcome: 'success' });
  });
  return result;
}
