import { z } from 'zod';
import { fieldPolicy, type FieldPolicy } from '../privacy';

/**
 * Export rules (SECURITY.md §5 T1, §1.2, §7 C14–C17): which columns exist, how each one is classified (read from the
 * field registry), and when an export needs a second person's approval or a district-level approval.
 */

/** Columns a resident export may contain, in file order. */
export const EXPORT_COLUMNS = ['name', 'idNumber', 'phone', 'sex', 'birthDate', 'address', 'relation', 'residenceType', 'tags', 'gridName'] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** Columns that may be exported in plaintext — only with an approval that lists them. */
export const UNMASKABLE_COLUMNS = ['idNumber', 'phone', 'name'] as const;
export type UnmaskableColumn = (typeof UNMASKABLE_COLUMNS)[number];

/** Why the data leaves the system (stored on the export, shown to the approver, written to the audit row). */
export const EXPORT_PURPOSES = ['registry.report', 'epidemic.screening', 'service.assistance', 'upper.request'] as const;
export type ExportPurpose = (typeof EXPORT_PURPOSES)[number];
/** The purposes in words, for the file's watermark (the staff who hold the file read Chinese; same words as the web app). */
export const EXPORT_PURPOSE_LABELS: Record<ExportPurpose, string> = {
  'registry.report': '档案统计上报',
  'epidemic.screening': '疫情排查',
  'service.assistance': '帮扶服务',
  'upper.request': '上级部门要求',
};

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Record categories of the 2017 SPC/SPP interpretation (法释〔2017〕10号 Art. 5), each with its own threshold. */
export type DataClass = 'other' | 'health' | 'whereabouts';

type ColumnSpec = { header: string; headerEn: string; source: readonly [table: string, column: string]; dataClass: DataClass };

/** Header text and the database column behind each export column (its policy comes from the field registry). */
export const COLUMN_SPECS: Record<ExportColumn, ColumnSpec> = {
  name: { header: '姓名', headerEn: 'Name', source: ['residents', 'name'], dataClass: 'other' },
  idNumber: { header: '身份证号', headerEn: 'ID number', source: ['residents', 'id_number_enc'], dataClass: 'other' },
  phone: { header: '手机号', headerEn: 'Mobile', source: ['residents', 'phone_enc'], dataClass: 'other' },
  sex: { header: '性别', headerEn: 'Sex', source: ['residents', 'sex'], dataClass: 'other' },
  birthDate: { header: '出生日期', headerEn: 'Birth date', source: ['residents', 'birth_date'], dataClass: 'other' },
  address: { header: '地址', headerEn: 'Address', source: ['households', 'address'], dataClass: 'other' },
  relation: { header: '与户主关系', headerEn: 'Relation to head', source: ['residents', 'relation'], dataClass: 'other' },
  residenceType: { header: '人员类型', headerEn: 'Residence type', source: ['residents', 'residence_type'], dataClass: 'other' },
  // Care tags (disabled, chronic illness, pregnant …) are health-physiological information: the 500-record tier.
  tags: { header: '标签', headerEn: 'Care tags', source: ['residents', 'tags'], dataClass: 'health' },
  gridName: { header: '网格', headerEn: 'Grid', source: ['orgs', 'name'], dataClass: 'other' },
};

/** The registry policy of an export column (throws if the registry lost it — the policy test catches that first). */
export function columnPolicy(c: ExportColumn): FieldPolicy {
  const [table, column] = COLUMN_SPECS[c].source;
  const p = fieldPolicy(table, column);
  if (!p) throw new Error(`export column ${c} (${table}.${column}) is not in the field registry`);
  return p;
}

/** A column whose mere presence needs approval (sensitive class, e.g. care tags). */
export const isSensitiveColumn = (c: ExportColumn) => {
  const p = columnPolicy(c);
  return p.class === 'sensitive' || p.class === 'special';
};

/** Thresholds; every number can be set through the environment (see loadExportPolicy). */
export type ExportPolicy = {
  /** More rows than this need a second person's approval (T1: 200). */
  approvalRowLimit: number;
  /** At or above these counts the approval must come from the district (法释〔2017〕10号: ≥50 / ≥500 / ≥5,000). */
  districtThresholds: Record<DataClass, number>;
  /** Rows one user may request within a rolling 24 hours (C17); rejected requests do not count. */
  dailyRowCap: number;
  /** A ready export may be downloaded once, within this many hours of becoming ready. */
  downloadWindowHours: number;
  /** A pending request lapses when nobody decides within this many hours. */
  approvalWindowHours: number;
};

export const DEFAULT_EXPORT_POLICY: ExportPolicy = {
  approvalRowLimit: 200,
  districtThresholds: { whereabouts: 50, health: 500, other: 5000 },
  dailyRowCap: 1000,
  downloadWindowHours: 24,
  approvalWindowHours: 7 * 24,
};

const n = (d: number) => z.coerce.number().int().min(1).max(10_000_000).default(d);
const Env = z.object({
  RENXING_EXPORT_APPROVAL_ROWS: n(DEFAULT_EXPORT_POLICY.approvalRowLimit),
  RENXING_EXPORT_DISTRICT_WHEREABOUTS: n(DEFAULT_EXPORT_POLICY.districtThresholds.whereabouts),
  RENXING_EXPORT_DISTRICT_HEALTH: n(DEFAULT_EXPORT_POLICY.districtThresholds.health),
  RENXING_EXPORT_DISTRICT_OTHER: n(DEFAULT_EXPORT_POLICY.districtThresholds.other),
  RENXING_EXPORT_DAILY_CAP: n(DEFAULT_EXPORT_POLICY.dailyRowCap),
  RENXING_EXPORT_DOWNLOAD_HOURS: n(DEFAULT_EXPORT_POLICY.downloadWindowHours),
  RENXING_EXPORT_APPROVAL_HOURS: n(DEFAULT_EXPORT_POLICY.approvalWindowHours),
});

/** Reads the export thresholds from the environment (defaults above); throws naming the bad variable. */
export function loadExportPolicy(env: NodeJS.ProcessEnv = process.env): ExportPolicy {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`Invalid environment variable ${String(first?.path.join('.'))}: ${first?.message}`);
  }
  const e = parsed.data;
  return {
    approvalRowLimit: e.RENXING_EXPORT_APPROVAL_ROWS,
    districtThresholds: { whereabouts: e.RENXING_EXPORT_DISTRICT_WHEREABOUTS, health: e.RENXING_EXPORT_DISTRICT_HEALTH, other: e.RENXING_EXPORT_DISTRICT_OTHER },
    dailyRowCap: e.RENXING_EXPORT_DAILY_CAP,
    downloadWindowHours: e.RENXING_EXPORT_DOWNLOAD_HOURS,
    approvalWindowHours: e.RENXING_EXPORT_APPROVAL_HOURS,
  };
}

/** Why an export needs approval (stable codes, shown to requester and approver). */
export type ApprovalReason =
  | 'row_limit' // more rows than approvalRowLimit
  | 'unmasked_columns' // plaintext ID number / phone / name asked for
  | 'sensitive_columns' // a sensitive column (care tags)
  | 'sensitive_filter' // filtered by a care tag: every row discloses that tag
  | 'id_reconstructable' // masked ID + birth date = the full ID (the mask hides exactly the birth date)
  | 'district_threshold'; // at or above the criminal threshold of its data class

export type ExportRequestShape = {
  columns: readonly ExportColumn[];
  unmasked: readonly UnmaskableColumn[];
  filters: { gridId?: string; tag?: string; residenceType?: string };
};

export type Assessment = {
  level: 'none' | 'community' | 'district';
  dataClass: DataClass;
  reasons: ApprovalReason[];
};

/**
 * Decides what an export of `rows` records needs. A tag filter makes every row disclose a care tag, so it counts
 * like the tags column (health class). District level is reached at `rows >= threshold` of the most restrictive
 * class the export touches (every export also holds "other" personal information).
 */
export function assessExport(req: ExportRequestShape, rows: number, policy: ExportPolicy): Assessment {
  const reasons: ApprovalReason[] = [];
  if (rows > policy.approvalRowLimit) reasons.push('row_limit');
  if (req.unmasked.length > 0) reasons.push('unmasked_columns');
  if (req.columns.some(isSensitiveColumn)) reasons.push('sensitive_columns');
  if (req.filters.tag) reasons.push('sensitive_filter');
  if (req.columns.includes('idNumber') && req.columns.includes('birthDate') && !req.unmasked.includes('idNumber')) reasons.push('id_reconstructable');
  const classes = new Set<DataClass>(['other', ...req.columns.map((c) => COLUMN_SPECS[c].dataClass)]);
  if (req.filters.tag) classes.add('health');
  // The class with the lowest threshold governs (whereabouts 50 < health 500 < other 5,000 by default).
  const dataClass = [...classes].reduce((a, b) => (policy.districtThresholds[b] < policy.districtThresholds[a] ? b : a));
  if (rows >= policy.districtThresholds[dataClass]) reasons.push('district_threshold');
  const level = reasons.includes('district_threshold') ? 'district' : reasons.length > 0 ? 'community' : 'none';
  return { level, dataClass, reasons };
}
