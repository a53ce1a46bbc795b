import { describe, expect, it } from 'vitest';
import { FIELD_REGISTRY } from '../privacy';
import { buildCsv, safeCell } from './exports.file';
import {
  assessExport, COLUMN_SPECS, columnPolicy, DEFAULT_EXPORT_POLICY, EXPORT_COLUMNS, EXPORT_PURPOSE_LABELS, EXPORT_PURPOSES, type ExportRequestShape, loadExportPolicy,
  UNMASKABLE_COLUMNS,
} from './exports.policy';

const P = DEFAULT_EXPORT_POLICY;
const req = (o: Partial<ExportRequestShape>): ExportRequestShape => ({ columns: ['name'], unmasked: [], filters: {}, ...o });

describe('export policy', () => {
  it('defaults: approval above 200 rows; district at ≥50 whereabouts / ≥500 health / ≥5,000 other; 1,000 rows per 24 h', () => {
    expect(P).toEqual({
      approvalRowLimit: 200, districtThresholds: { whereabouts: 50, health: 500, other: 5000 }, dailyRowCap: 1000, downloadWindowHours: 24, approvalWindowHours: 168,
    });
    expect(loadExportPolicy({})).toEqual(P);
  });

  it('thresholds come from the environment, and a bad value names its variable', () => {
    const p = loadExportPolicy({ RENXING_EXPORT_APPROVAL_ROWS: '50', RENXING_EXPORT_DISTRICT_HEALTH: '100', RENXING_EXPORT_DAILY_CAP: '300' });
    expect(p).toMatchObject({ approvalRowLimit: 50, districtThresholds: { whereabouts: 50, health: 100, other: 5000 }, dailyRowCap: 300 });
    expect(() => loadExportPolicy({ RENXING_EXPORT_DISTRICT_OTHER: '-1' })).toThrow(/RENXING_EXPORT_DISTRICT_OTHER/);
  });

  it('small masked exports need nothing; each reason is named', () => {
    expect(assessExport(req({ columns: ['name', 'idNumber', 'phone', 'address'] }), 200, P)).toEqual({ level: 'none', dataClass: 'other', reasons: [] });
    expect(assessExport(req({}), 201, P).reasons).toEqual(['row_limit']);
    expect(assessExport(req({ columns: ['phone'], unmasked: ['phone'] }), 1, P).reasons).toEqual(['unmasked_columns']);
    expect(assessExport(req({ columns: ['tags'] }), 1, P)).toEqual({ level: 'community', dataClass: 'health', reasons: ['sensitive_columns'] });
    expect(assessExport(req({ filters: { tag: 'living_alone' } }), 1, P)).toEqual({ level: 'community', dataClass: 'health', reasons: ['sensitive_filter'] });
    expect(assessExport(req({ columns: ['idNumber', 'birthDate'] }), 1, P).reasons).toEqual(['id_reconstructable']);
    expect(assessExport(req({ columns: ['idNumber', 'birthDate'], unmasked: ['idNumber'] }), 1, P).reasons).toEqual(['unmasked_columns']);
  });

  it('district level starts at the threshold of the most restrictive data class', () => {
    expect(assessExport(req({ columns: ['tags'] }), 499, P).level).toBe('community');
    expect(assessExport(req({ columns: ['tags'] }), 500, P)).toMatchObject({ level: 'district', dataClass: 'health' });
    expect(assessExport(req({ filters: { tag: 'chronic' } }), 500, P).level).toBe('district');
    expect(assessExport(req({}), 4999, P).level).toBe('community');
    expect(assessExport(req({}), 5000, P)).toMatchObject({ level: 'district', dataClass: 'other', reasons: ['row_limit', 'district_threshold'] });
    // A lowered health threshold below the approval row limit still forces district approval.
    expect(assessExport(req({ columns: ['tags'] }), 20, { ...P, districtThresholds: { ...P.districtThresholds, health: 20 } }).level).toBe('district');
  });

  it('reads the field registry: every column is classified and exportable; plaintext only where the registry allows approval', () => {
    for (const c of EXPORT_COLUMNS) {
      const [table, column] = COLUMN_SPECS[c].source;
      expect(FIELD_REGISTRY[table]?.[column], `${c} → ${table}.${column}`).toBeDefined();
      expect(columnPolicy(c).exportable).not.toBe('never');
    }
    const approvable = EXPORT_COLUMNS.filter((c) => columnPolicy(c).exportable === 'withApproval' && columnPolicy(c).mask !== 'none');
    expect([...approvable].sort()).toEqual([...UNMASKABLE_COLUMNS].sort());
    expect(EXPORT_COLUMNS.filter((c) => columnPolicy(c).class === 'sensitive')).toEqual(['tags']);
  });
});

describe('export cells', () => {
  it('neutralises formula starts and drops characters XML cannot carry', () => {
    for (const v of ['=1', '+1', '-1', '@A1', '\t=1', '\r=1']) expect(safeCell(v)).toBe(`'${v}`);
    expect(safeCell('\u0001=cmd')).toBe(`'=cmd`);
    expect(safeCell('普通姓名')).toBe('普通姓名');
    expect(safeCell("'=1")).toBe("'=1");
  });

  it('CSV: BOM, CRLF, RFC 4180 quoting after neutralisation, watermark rows first', () => {
    const csv = buildCsv({
      headers: ['姓名', '地址'], rows: [['=1,2', 'a"b']],
      watermark: { exportId: 'E1', userId: 'U1', username: 'u', generatedAt: '2025-06-01T00:00:00.000Z', purpose: 'registry.report', rowCount: 1 },
    }).toString('utf8');
    expect(csv.startsWith('\uFEFF导出编号 Export ID,E1\r\n')).toBe(true);
    expect(csv.endsWith(`\r\n姓名,地址\r\n"'=1,2","a""b"\r\n`)).toBe(true);
  });

  it('every purpose has a Chinese label for the watermark (the code is not shown to the file\'s reader)', () => {
    for (const p of EXPORT_PURPOSES) expect(EXPORT_PURPOSE_LABELS[p], p).toMatch(/^[\u4e00-\u9fff]+$/);
    expect(EXPORT_PURPOSE_LABELS['epidemic.screening']).toBe('疫情排查');
  });
});
