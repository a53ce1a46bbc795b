import type { ImpactAction, ImpactClass } from '@renxing/shared';
import { COLUMN_SPECS, type ExportColumn } from '../exports';
import { FIELD_LABELS, fieldPolicy, type FieldPolicy } from '../privacy';

/**
 * Data classes of a breach impact answer (PIPL Art. 57: "the kinds of personal information involved"), derived from
 * the field registry — never from a second list of columns. A column's class follows its registry policy:
 *   sensitive / special registry class           → `sensitive` / `special` (health data, care tags, self-reports …)
 *   personal, mask `cnId`                         → `identity` (ID number)
 *   personal, mask `phone`                        → `contact` (phone number)
 *   personal, mask `name`                         → `name`
 *   personal, mask `address` / `room`             → `address`
 *   any other personal column                     → `other`
 *   general / technical                           → not personal information (not counted)
 * A derived column (masked copy, search key, blind index) takes the class of the column it is derived from.
 */
export { IMPACT_CLASSES, IMPACT_ACTIONS, type ImpactClass, type ImpactAction } from '@renxing/shared';

type Pair = { zh: string; en: string };

export const CLASS_LABELS: Record<ImpactClass, Pair> = {
  identity: { zh: '身份证号', en: 'ID number' },
  contact: { zh: '手机号', en: 'Phone number' },
  name: { zh: '姓名', en: 'Name' },
  address: { zh: '住址', en: 'Address' },
  sensitive: { zh: '敏感个人信息（健康、关爱标签等）', en: 'Sensitive data (health, care tags …)' },
  special: { zh: '特殊类别个人信息', en: 'Special-category data' },
  other: { zh: '其他个人信息', en: 'Other personal data' },
};

/** What the actor did with the data, grouped from the audit actions (and downloads of exports). */

export const ACTION_LABELS: Record<ImpactAction, Pair> = {
  read: { zh: '查看', en: 'Read' },
  reveal: { zh: '查看明文', en: 'Revealed' },
  search: { zh: '查找', en: 'Searched' },
  export: { zh: '导出', en: 'Exported' },
  change: { zh: '修改', en: 'Changed' },
  other: { zh: '其他', en: 'Other' },
};

/** Audit actions that name a subject, by what they did (an action not listed counts as `other`). */
const ACTION_CATEGORY: Record<string, ImpactAction> = {
  read: 'read',
  // A list page (the resident list, 数据质量, the day's self-reports) is a read of the residents it named (ADR 0046).
  list: 'read',
  break_glass: 'read',
  access_log_view: 'read',
  reveal: 'reveal',
  lookup: 'search',
  search: 'search',
  export_download: 'export',
  create: 'change',
  update: 'change',
  move: 'change',
  status: 'change',
  set_head: 'change',
  relocate: 'change',
  restrict: 'change',
  unrestrict: 'change',
  self_report: 'change',
  follow_up: 'change',
  roll_call_check: 'change',
  correction_request: 'change',
  correction_resolve: 'change',
  consent_record: 'change',
  consent_withdraw: 'change',
};

/** Actions that name a subject and fields but disclose no value (a request to see a minor's number): never "clear". */
export const NON_DISCLOSING_ACTIONS = new Set(['minor_access_request']);

export const actionCategory = (action: string): ImpactAction => ACTION_CATEGORY[action] ?? 'other';

/**
 * The registry column behind each field name the modules write into audit rows (`fields`), where it is not an export
 * column name (those come from the exports module's COLUMN_SPECS). `masked`: the field is the masked view of that
 * column (e.g. `idMasked`), so the actor did not see the value in clear. A field whose column is general or technical
 * (`restricted`, `headResidentId`) is not personal information and counts in no class.
 */
export const AUDIT_FIELD_SOURCES: Record<string, { column: string; masked?: boolean }> = {
  nameMasked: { column: 'residents.name', masked: true },
  // The masked name in request lists (corrections, deletions, minors' data requests).
  residentName: { column: 'residents.name', masked: true },
  idMasked: { column: 'residents.id_masked' },
  phoneMasked: { column: 'residents.phone_masked' },
  household: { column: 'households.address' },
  // Building and unit without the room (the minimal search answer): part of the address.
  buildingUnit: { column: 'households.address', masked: true },
  householdId: { column: 'households.address' },
  guardianId: { column: 'residents.guardian_id' },
  externalRef: { column: 'residents.external_ref' },
  status: { column: 'resident_status_changes.to_status' },
  restricted: { column: 'residents.restricted' },
  headResidentId: { column: 'households.head_resident_id' },
  members: { column: 'residents.household_id' },
  temperature: { column: 'self_reports.temperature' },
  symptoms: { column: 'self_reports.symptoms' },
  followUp: { column: 'self_reports.follow_up_note' },
  // 关爱点名 (ADR 0073): what a check found out.
  rollCallStatus: { column: 'roll_call_items.status' },
  rollCallNeed: { column: 'roll_call_items.need' },
  rollCallNote: { column: 'roll_call_items.note' },
  proposed: { column: 'correction_requests.proposed_enc' },
  proposedMasked: { column: 'correction_requests.proposed_masked' },
  note: { column: 'correction_requests.note_enc' },
  other: { column: 'correction_requests.proposed_enc' },
  // The reason a worker gave for asking to see a child's number (the minors' data request list).
  reason: { column: 'minor_access_requests.reason' },
  // The separate-consent record behind care tags (ADR 0033): how and when it was given or withdrawn.
  consent: { column: 'resident_consents.method' },
};

/** Fields an action handles when its audit row names none (a lookup matches on the full ID number the actor typed). */
export const ACTION_DEFAULT_FIELDS: Record<string, string[]> = { lookup: ['idNumber'] };

/** The policy that decides the class: a derived column's source column. */
function sourcePolicy(table: string, column: string): { policy: FieldPolicy; column: string } | null {
  const p = fieldPolicy(table, column);
  if (!p) return null;
  if (p.derivedFrom) {
    const src = fieldPolicy(table, p.derivedFrom);
    if (src) return { policy: src, column: p.derivedFrom };
  }
  return { policy: p, column };
}

/** The impact class of a registry column (`table.column`), or null when it is not personal information. */
export function classOfColumn(qualified: string): ImpactClass | null {
  const [table, column] = qualified.split('.') as [string, string];
  const s = sourcePolicy(table, column);
  if (!s) return null;
  const p = s.policy;
  if (p.class === 'sensitive') return 'sensitive';
  if (p.class === 'special') return 'special';
  if (p.class !== 'personal') return null;
  switch (p.mask) {
    case 'cnId': return 'identity';
    case 'phone': return 'contact';
    case 'name': return 'name';
    case 'address':
    case 'room': return 'address';
    default: return 'other';
  }
}

/** How one field of an audit row or export was seen. `unknown`: the name is not mapped (counted as `other`, reported). */
export type FieldView = { class: ImpactClass; column: string; clear: boolean } | { unknown: string } | null;

const isExportColumn = (name: string): name is ExportColumn => Object.hasOwn(COLUMN_SPECS, name);

/**
 * Classifies a field name. `mode`: `audit` — a field of an audit row (a plain name means the value was handled in
 * clear, e.g. the full name on a profile, an ID number typed in; `idMasked` means the masked copy); `export` — an export
 * column, masked unless listed in `unmasked` or its registry mask is `none` (e.g. care tags are exported as they are).
 * Export audit rows mark plaintext columns as `name:unmasked`.
 */
export function classifyField(name: string, mode: 'audit' | 'export', unmasked: ReadonlySet<string> = new Set()): FieldView {
  let field = name;
  let plain = false;
  if (field.endsWith(':unmasked')) {
    field = field.slice(0, -':unmasked'.length);
    plain = true;
  }
  if (mode === 'export' || !Object.hasOwn(AUDIT_FIELD_SOURCES, field)) {
    if (isExportColumn(field)) {
      const [table, column] = COLUMN_SPECS[field].source;
      const qualified = `${table}.${column}`;
      const cls = classOfColumn(qualified);
      if (!cls) return null;
      const s = sourcePolicy(table, column)!;
      const clear = mode === 'audit' ? true : plain || unmasked.has(field) || s.policy.mask === 'none';
      return { class: cls, column: `${table}.${s.column}`, clear };
    }
    if (mode === 'export') return { unknown: name };
  }
  const src = AUDIT_FIELD_SOURCES[field];
  if (!src) return { unknown: name };
  const cls = classOfColumn(src.column);
  if (!cls) return null;
  const [table, column] = src.column.split('.') as [string, string];
  const s = sourcePolicy(table, column)!;
  // A derived column (id_masked) is the masked copy; a column with mask `none` is shown as it is.
  const masked = src.masked === true || s.column !== column;
  return { class: cls, column: `${table}.${s.column}`, clear: !masked };
}

/** The everyday name of a column (from the processing notice's labels), e.g. 身份证号（加密保存）. */
export function columnLabel(column: string): Pair {
  return FIELD_LABELS[column] ?? { zh: column, en: column };
}
