import { cnMobileOrProblem, dropInvisible, holdsIdNumber, PREGNANT_TAG_MISFIT, referenceCharacterProblem, pregnantTagFits, validateCnId, type CnIdWarning } from '@renxing/shared';
import { FIELD_LABELS, REQUIRED_FIELDS, type HeaderMapping, type ImportField } from './headers';

/** Row-level error codes. `unknown_place`, `conflict` and `inactive` are produced by the service, not by validateRow. */
export type RowErrorCode =
  | 'required'
  | 'format'
  | 'checksum'
  | 'birthdate'
  | 'legacy_id'
  | 'sex_mismatch'
  | 'birthdate_mismatch'
  | 'phone'
  | 'duplicate_in_file'
  | 'value'
  | 'unknown_place'
  | 'conflict'
  /** The person is registered as moved out or deceased: a return is recorded on their profile, not by re-import. */
  | 'inactive';

/** One problem in one cell. `column` is the header as written in the file; messages never echo PI. */
/**
 * `row` counts data rows from 1 (the row below the header; the CLI's --json contract). `sheetRow` is the spreadsheet's
 * own row number (header row + row: what Excel/WPS shows at the left), set by the import service; absent in jobs
 * stored before it existed.
 */
export type RowError = { row: number; sheetRow?: number; column: string; code: RowErrorCode; message: string; messageEn: string };

/** Relation to the head of household. */
export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'grandparent' | 'sibling' | 'other';
/** Residence type (issue 3 §2). */
export type ResidenceType = 'registered' | 'floating' | 'tenant' | 'away';
/** Care tags that can be imported; age-based tags (elderly, minor) are derived from the ID, never imported. */
export type CareTag = 'living_alone' | 'disabled' | 'chronic' | 'pregnant' | 'infant';

/** A validated row, ready for the service to resolve places and upsert by blind index. */
export type ResidentImportRecord = {
  row: number;
  name: string;
  /** Normalised 18-character ID number. */
  idNumber: string;
  /** YYYY-MM-DD, derived from the ID. */
  birthDate: string;
  /** Derived from the ID. */
  sex: 'M' | 'F';
  /** Normalised 11-digit mobile, or null when the cell is empty or the column absent. */
  phone: string | null;
  place: { compound: string; building: string; unit: string; room: string; grid: string | null };
  relation: Relation | null;
  residenceType: ResidenceType | null;
  tags: CareTag[];
  externalRef: string | null;
  householdHeadIdNumber: string | null;
  guardianIdNumber: string | null;
  /** Validator warnings (unknown region code, age over 120) for review; not errors. */
  idWarnings: CnIdWarning[];
};

/** Context for validateRow. */
export type ValidateContext = {
  now: Date;
  /** Data row number for the errors (default 0). */
  row?: number;
  /** When given, repeated ID numbers yield `duplicate_in_file`. */
  duplicates?: DuplicateTracker;
  /**
   * The header's spreadsheet row, when known: the duplicate message then also names the earlier row as Excel/WPS
   * number it (data row r is spreadsheet row headerRow + r), as the error list's 表格中的行号 column does.
   */
  headerRow?: number;
};

const RELATIONS: ReadonlyArray<[Relation, readonly string[]]> = [
  ['head', ['户主', '本人', '户主本人']],
  ['spouse', ['配偶', '妻', '夫', '妻子', '丈夫', '老婆', '老公']],
  ['child', ['子', '女', '儿子', '女儿', '子女', '长子', '长女', '次子', '次女', '养子', '养女', '继子', '继女']],
  ['parent', ['父母', '父亲', '母亲', '父', '母', '公公', '婆婆', '岳父', '岳母']],
  ['grandchild', ['孙子女', '孙子', '孙女', '外孙', '外孙女', '外孙子女']],
  ['grandparent', ['祖父母', '祖父', '祖母', '爷爷', '奶奶', '外祖父', '外祖母', '外公', '外婆', '外祖父母']],
  ['sibling', ['兄弟姐妹', '兄', '弟', '姐', '妹', '哥哥', '弟弟', '姐姐', '妹妹']],
  ['other', ['其他', '其它', '租户', '亲属', '其他亲属', '儿媳', '女婿', '保姆', '同住', '非亲属']],
];
const RESIDENCE: ReadonlyArray<[ResidenceType, readonly string[]]> = [
  ['registered', ['户籍', '常住', '户籍人口', '常住人口', '户籍人员', 'registered']],
  ['floating', ['流动', '流动人口', '流动人员', 'floating']],
  ['tenant', ['租户', '租住', '租房', 'tenant']],
  ['away', ['外出', '暂离', '外出人员', '暂时离开', 'away']],
];
const TAGS: ReadonlyArray<[CareTag, readonly string[]]> = [
  ['living_alone', ['独居', '独居老人', 'livingalone']],
  ['disabled', ['残疾', '残疾人', 'disabled']],
  ['chronic', ['慢病', '慢性病', '慢性病患者', 'chronic']],
  ['pregnant', ['孕妇', '孕产妇', 'pregnant']],
  ['infant', ['婴幼儿', 'infant']],
];
/** Tags derived from the ID number (age) that are accepted and dropped. */
const DERIVED_TAGS = new Set(['老人', '老年人', '高龄', '高龄老人', '60岁以上', '80岁以上', '未成年', '未成年人', 'elderly', 'minor']);

const table = <T extends string>(rows: ReadonlyArray<[T, readonly string[]]>): Map<string, T> => {
  const m = new Map<string, T>();
  for (const [v, names] of rows) for (const n of names) m.set(n.toLowerCase(), v);
  return m;
};
const RELATION_MAP = table(RELATIONS);
const RESIDENCE_MAP = table(RESIDENCE);
const TAG_MAP = table(TAGS);
const listOf = <T extends string>(rows: ReadonlyArray<[T, readonly string[]]>) => rows.map(([, n]) => n[0]).join('、');

/** Characters NFKC leaves unchanged (printable ASCII, CJK unified ideographs): skip the costly normalisation. */
const NFKC_STABLE = /^[\x20-\x7e\u4e00-\u9fff]*$/;
// Invisible format characters (a zero-width space pasted with a compound name) are dropped as the places routes drop them
// from names (dropInvisible), so such a cell names the place that looks the same instead of an unknown one.
const nfkc = (s: string): string => (NFKC_STABLE.test(s) ? s : dropInvisible(s).normalize('NFKC'));
const clean = (s: string): string => {
  const t = nfkc(s);
  return /\s\s|[^\S ]/.test(t) ? t.replace(/\s+/g, ' ').trim() : t.trim();
};
const compact = (s: string): string => nfkc(s).replace(/\s+/g, '').toLowerCase();
const charLength = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
};
const REQUIRED = new Set<ImportField>(REQUIRED_FIELDS);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Name and ID number of the example row in the downloadable template (TEMPLATE_EXAMPLE in template.ts). */
export const TEMPLATE_EXAMPLE_ROW = { name: '张示例', idNumber: '330902198001011233' } as const;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const EXCEL_SCIENTIFIC = /^[+-]?\d+(\.\d+)?E[+-]?\d+$/i;
const MAX_TEXT = 50;

/** Parse a typed birth date (YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYYMMDD, YYYY年M月D日) to YYYY-MM-DD, or null. */
export function parseTypedDate(raw: string): string | null {
  const s = nfkc(raw).trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const y = +m[1], mo = +m[2], d = +m[3];
  const t = new Date(Date.UTC(2000, mo - 1, d));
  t.setUTCFullYear(y);
  if (mo < 1 || mo > 12 || t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Parse a typed sex (男/女, M/F, male/female, 1/2) or null. */
export function parseTypedSex(raw: string): 'M' | 'F' | null {
  const s = compact(raw);
  if (['男', 'm', 'male', '1', '男性'].includes(s)) return 'M';
  if (['女', 'f', 'female', '2', '女性'].includes(s)) return 'F';
  return null;
}

const DAY_MS = 86_400_000;
const EPOCH_1800 = Date.UTC(1800, 0, 1);

/** Compact numeric key of a valid normalised 18-character ID (region, days since 1800, sequence: 47 bits). */
export function idKey(id: string): number | undefined {
  if (!/^\d{17}[\dX]$/.test(id)) return undefined;
  const region = +id.slice(0, 6);
  const days = Math.round((Date.UTC(+id.slice(6, 10), +id.slice(10, 12) - 1, +id.slice(12, 14)) - EPOCH_1800) / DAY_MS);
  if (!(days >= 0 && days < 131072)) return undefined;
  return (region * 131072 + days) * 1024 + +id.slice(14, 17) + 1;
}

/**
 * Remembers the first row of each ID number with an open-addressing table over typed arrays (about 12 bytes per
 * slot, load ≤ 0.5), so 1,000,000 distinct IDs take ~25 MB. The check character is implied by the other 17 digits.
 */
export class DuplicateTracker {
  private keys = new Float64Array(1 << 12);
  private rows = new Int32Array(1 << 12);
  private count = 0;
  private readonly other = new Map<string, number>();

  /** Number of distinct IDs recorded. */
  get size(): number {
    return this.count + this.other.size;
  }

  private slot(keys: Float64Array, key: number): number {
    const lo = key >>> 0;
    const hi = Math.floor(key / 4294967296);
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    const mask = keys.length - 1;
    let i = h & mask;
    while (keys[i] !== 0 && keys[i] !== key) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const oldKeys = this.keys, oldRows = this.rows;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.rows = new Int32Array(oldKeys.length * 2);
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] !== 0) {
        const j = this.slot(this.keys, oldKeys[i]);
        this.keys[j] = oldKeys[i];
        this.rows[j] = oldRows[i];
      }
    }
  }

  /** Record `id` (normalised) at `row`; returns the earlier row when this ID was seen before, else undefined. */
  seen(id: string, row: number): number | undefined {
    const key = idKey(id);
    if (key === undefined) {
      const prev = this.other.get(id);
      if (prev === undefined) this.other.set(id, row);
      return prev;
    }
    const i = this.slot(this.keys, key);
    if (this.keys[i] === key) return this.rows[i];
    this.keys[i] = key;
    this.rows[i] = row;
    if (++this.count * 2 > this.keys.length) this.grow();
    return undefined;
  }
}

type IdOutcome = { ok: true; id: string; birthDate: string; sex: 'M' | 'F'; warnings: CnIdWarning[] } | { ok: false };

/** Per-row state shared by the module-level helpers below (no closures are created per row). */
type RowState = { row: number; cells: readonly string[]; mapping: HeaderMapping; errors: RowError[]; now: Date };

function rawOf(st: RowState, f: ImportField): string {
  const ref = st.mapping.fields[f];
  const v = ref ? st.cells[ref.index] : undefined;
  return typeof v === 'string' ? v : '';
}

function fail(st: RowState, f: ImportField, code: RowErrorCode, zh: string, en: string): void {
  st.errors.push({
    row: st.row,
    column: st.mapping.fields[f]?.header ?? FIELD_LABELS[f].zh,
    code,
    message: `${FIELD_LABELS[f].zh}${zh}`,
    messageEn: `${FIELD_LABELS[f].en}: ${en}`,
  });
}

/** Plain text field: trimmed, NFKC, length-checked, no control characters; null when empty or invalid. */
function textField(st: RowState, f: ImportField, max = MAX_TEXT): string | null {
  const v = clean(rawOf(st, f));
  if (v === '') {
    if (REQUIRED.has(f)) fail(st, f, 'required', '为必填项', 'required');
    return null;
  }
  if (v.length > max && charLength(v) > max) {
    fail(st, f, 'value', `过长（最多 ${max} 个字）`, `too long (at most ${max} characters)`);
    return null;
  }
  if (CONTROL.test(v)) {
    fail(st, f, 'value', '含有不可见的控制字符', 'contains control characters');
    return null;
  }
  return v;
}

/**
 * A number column as typed: trimmed, without the leading apostrophe people type in Excel to keep a long number as text
 * (a CSV, or a copy from another sheet, keeps it as a character).
 */
const numberText = (raw: string): string => raw.trim().replace(/^['‘’`]\s*/, '');

/** An ID-number column; null when empty (error if required). */
function idField(st: RowState, f: ImportField, isRequired: boolean): IdOutcome | null {
  const v = numberText(rawOf(st, f));
  if (v === '') {
    if (isRequired) fail(st, f, 'required', '为必填项', 'required');
    return null;
  }
  if (EXCEL_SCIENTIFIC.test(v)) {
    fail(st, f, 'format', '被表格软件（Excel、WPS 等）存成了数字（科学计数法），末几位已丢失；请把该列设为“文本”后重新填写',
      'was stored by the spreadsheet program as a number (scientific notation) and lost its last digits; format the column as Text and re-enter it');
    return { ok: false };
  }
  const res = validateCnId(v, st.now);
  if (res.ok) return { ok: true, id: res.id, birthDate: res.birthDate, sex: res.sex, warnings: res.warnings };
  switch (res.reason) {
    case 'legacy15':
      fail(st, f, 'legacy_id', '为 15 位旧号码，请换成 18 位号码或走旧号码确认流程', 'is a legacy 15-digit number; use the 18-character number or the legacy confirmation path');
      break;
    case 'checksum':
      fail(st, f, 'checksum', '校验位错误', 'check character does not match');
      break;
    case 'birthdate':
      fail(st, f, 'birthdate', '中的出生日期不存在或晚于今天', 'contains a birth date that does not exist or is in the future');
      break;
    default:
      fail(st, f, 'format', '格式不正确（应为 18 位，最后一位可为 X）', 'malformed (18 characters, the last may be X)');
  }
  return { ok: false };
}

/** An enumerated column; null when empty or not recognised (error). */
function enumField<T extends string>(st: RowState, f: ImportField, map: Map<string, T>, allowed: string): T | null {
  const v = compact(rawOf(st, f));
  if (v === '') return null;
  const hit = map.get(v);
  if (hit === undefined) fail(st, f, 'value', `无法识别，可填：${allowed}`, `not recognised; allowed: ${allowed}`);
  return hit ?? null;
}

const RELATION_LIST = listOf(RELATIONS);
const RESIDENCE_LIST = listOf(RESIDENCE);
const TAG_LIST = listOf(TAGS);

/** Care tags separated by 、,，;；/| or spaces; unknown tags give one error for the cell. */
function tagsField(st: RowState): CareTag[] {
  const tags: CareTag[] = [];
  const v = nfkc(rawOf(st, 'tags')).trim();
  if (v === '') return tags;
  if (v.length > 200) {
    fail(st, 'tags', 'value', '过长', 'too long');
    return tags;
  }
  let unknown = false;
  for (const part of v.split(/[、,，;；/|\s]+/)) {
    const t = part.toLowerCase();
    if (t === '' || DERIVED_TAGS.has(t)) continue;
    const tag = TAG_MAP.get(t);
    if (tag === undefined) unknown = true;
    else if (!tags.includes(tag)) tags.push(tag);
  }
  if (unknown) fail(st, 'tags', 'value', `含无法识别的标签，可填：${TAG_LIST}（多个用顿号分隔）`, `contains unknown tags; allowed: ${TAG_LIST}`);
  return tags;
}

/** Validate the text fields and ID numbers of one row. Each problem gives exactly one error, on its column. */
export function validateRow(cells: readonly string[], mapping: HeaderMapping, ctx: ValidateContext): { record?: ResidentImportRecord; errors: RowError[] } {
  const st: RowState = { row: ctx.row ?? 0, cells, mapping, errors: [], now: ctx.now };

  // The template's example row, left in by mistake: one clear error instead of an unknown compound (示例小区).
  if (clean(rawOf(st, 'name')) === TEMPLATE_EXAMPLE_ROW.name && rawOf(st, 'idNumber').trim() === TEMPLATE_EXAMPLE_ROW.idNumber) {
    fail(st, 'name', 'value', '：这是模板中的示例行，请删除这一行后再导入', 'this is the template\'s example row; delete it and import again');
    return { errors: st.errors };
  }

  // Name: text without digits (a digit usually means a shifted column, and an ID must never land in the name).
  let name = textField(st, 'name');
  if (name !== null && /\d/.test(name)) {
    fail(st, 'name', 'value', '不应包含数字', 'must not contain digits');
    name = null;
  } else if (name !== null && PICTOGRAPH.test(name)) {
    fail(st, 'name', 'value', '不应包含表情符号', 'must not contain emoji');
    name = null;
  }

  const id = idField(st, 'idNumber', true);
  if (id?.ok && ctx.duplicates) {
    const earlier = ctx.duplicates.seen(id.id, st.row);
    if (earlier !== undefined) {
      const sheet = ctx.headerRow ? ctx.headerRow + earlier : undefined;
      fail(st, 'idNumber', 'duplicate_in_file', sheet ? `与第 ${earlier} 行（表格第 ${sheet} 行）重复` : `与第 ${earlier} 行重复`,
        sheet ? `duplicates row ${earlier} (spreadsheet row ${sheet})` : `duplicates row ${earlier}`);
    }
  }

  let phone: string | null = null;
  const phoneRaw = numberText(rawOf(st, 'phone'));
  if (phoneRaw !== '') {
    // What is wrong with it (digit count, prefix, characters), as the resident form says (ADR 0065).
    const { number, problem } = cnMobileOrProblem(phoneRaw);
    if (problem) fail(st, 'phone', 'phone', problem.zh, problem.en);
    else phone = number;
  }

  const compound = textField(st, 'compound');
  const building = textField(st, 'building');
  const unit = textField(st, 'unit');
  const room = textField(st, 'room');
  const grid = textField(st, 'grid');
  let externalRef = textField(st, 'externalRef', 64);
  if (externalRef !== null && holdsIdNumber(externalRef)) {
    fail(st, 'externalRef', 'value', '中请勿填写身份证号（身份证号请填在“身份证号”一栏）', 'must not hold an ID number (it has its own column)');
    externalRef = null;
  }
  const refBad = externalRef === null ? null : referenceCharacterProblem(externalRef);
  if (refBad) {
    fail(st, 'externalRef', 'value', refBad.zh, refBad.en);
    externalRef = null;
  }
  const relation = enumField(st, 'relation', RELATION_MAP, RELATION_LIST);
  const residenceType = enumField(st, 'residenceType', RESIDENCE_MAP, RESIDENCE_LIST);
  const tags = tagsField(st);
  // 孕妇 on a man, a child or a grandmother: one error on the tags column (the ID number decides sex and age).
  if (id?.ok && tags.includes('pregnant') && !pregnantTagFits(id.sex, id.birthDate, st.now)) {
    fail(st, 'tags', 'value', `：${PREGNANT_TAG_MISFIT.zh}`, PREGNANT_TAG_MISFIT.en);
  }

  // Typed sex / birth date are checked against the ID only when the ID itself is valid.
  const sexRaw = rawOf(st, 'sex').trim();
  if (sexRaw !== '') {
    const sex = parseTypedSex(sexRaw);
    if (sex === null) fail(st, 'sex', 'value', '无法识别，可填：男、女', 'not recognised; allowed: 男 (M), 女 (F)');
    else if (id?.ok && sex !== id.sex) fail(st, 'sex', 'sex_mismatch', '与身份证号不一致', 'does not match the ID number');
  }
  const birthRaw = rawOf(st, 'birthDate').trim();
  if (birthRaw !== '') {
    const typed = parseTypedDate(birthRaw);
    if (typed === null) fail(st, 'birthDate', 'format', '格式不正确（如 1980-01-01）', 'malformed (e.g. 1980-01-01)');
    else if (id?.ok && typed !== id.birthDate) fail(st, 'birthDate', 'birthdate_mismatch', '与身份证号不一致', 'does not match the ID number');
  }

  const head = idField(st, 'householdHead', false);
  const guardian = idField(st, 'guardianIdNumber', false);

  const errors = st.errors;
  if (errors.length > 0 || !id?.ok || name === null || compound === null || building === null || unit === null || room === null) {
    return { errors };
  }
  return {
    errors,
    record: {
      row: st.row,
      name,
      idNumber: id.id,
      birthDate: id.birthDate,
      sex: id.sex,
      phone,
      place: { compound, building, unit, room, grid },
      relation,
      residenceType,
      tags,
      externalRef,
      householdHeadIdNumber: head?.ok ? head.id : null,
      guardianIdNumber: guardian?.ok ? guardian.id : null,
      idWarnings: id.warnings,
    },
  };
}
