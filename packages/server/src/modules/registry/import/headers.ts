/** Fields an import row can carry. */
export type ImportField =
  | 'name'
  | 'idNumber'
  | 'phone'
  | 'compound'
  | 'building'
  | 'unit'
  | 'room'
  | 'relation'
  | 'residenceType'
  | 'tags'
  | 'grid'
  | 'externalRef'
  | 'householdHead'
  | 'guardianIdNumber'
  | 'sex'
  | 'birthDate';

/** Fields whose column must be present (SECURITY/issue 3: 姓名, 身份证号, 小区, 楼栋, 单元, 房号). */
export const REQUIRED_FIELDS: readonly ImportField[] = ['name', 'idNumber', 'compound', 'building', 'unit', 'room'];

/** The canonical Chinese header of each field (used in messages and in the template). */
export const FIELD_LABELS: Readonly<Record<ImportField, { zh: string; en: string }>> = {
  name: { zh: '姓名', en: 'name' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  phone: { zh: '手机号', en: 'mobile phone' },
  compound: { zh: '小区', en: 'compound' },
  building: { zh: '楼栋', en: 'building' },
  unit: { zh: '单元', en: 'unit' },
  room: { zh: '房号', en: 'room' },
  relation: { zh: '与户主关系', en: 'relation to head of household' },
  residenceType: { zh: '人员类型', en: 'residence type' },
  tags: { zh: '标签', en: 'tags' },
  grid: { zh: '网格', en: 'grid' },
  externalRef: { zh: '编号', en: 'external reference' },
  householdHead: { zh: '户主身份证号', en: 'head of household ID number' },
  guardianIdNumber: { zh: '监护人身份证号', en: 'guardian ID number' },
  sex: { zh: '性别', en: 'sex' },
  birthDate: { zh: '出生日期', en: 'birth date' },
};

/** Accepted header spellings per field, already in normalised form (see normalizeHeader). */
const ALIASES: ReadonlyArray<[ImportField, readonly string[]]> = [
  ['name', ['姓名', '名字', '居民姓名', '人员姓名', 'name', 'fullname', 'residentname']],
  ['idNumber', ['身份证号', '身份证号码', '公民身份号码', '证件号码', '证件号', '身份证', '居民身份证号码', 'idnumber', 'idno', 'idcard', 'idcardnumber', 'citizenid']],
  ['phone', ['手机号', '手机', '手机号码', '联系电话', '电话', '联系方式', 'phone', 'mobile', 'mobilephone', 'phonenumber', 'tel']],
  ['compound', ['小区', '小区名称', '所在小区', 'compound', 'residentialcompound', 'estate']],
  ['building', ['楼栋', '楼号', '幢', '楼幢', '楼栋号', '幢号', 'building', 'buildingno']],
  ['unit', ['单元', '单元号', 'unit', 'unitno']],
  ['room', ['房号', '室', '门牌号', '房间号', '房屋号', '户室号', 'room', 'roomno']],
  ['relation', ['与户主关系', '关系', '与户主的关系', 'relation', 'relationship', 'relationtohead']],
  ['residenceType', ['人员类型', '居住类型', '人口类型', 'residencetype']],
  ['tags', ['标签', '人员标签', '特殊人群', '关爱标签', 'tags', 'tag']],
  ['grid', ['网格', '所属网格', '网格名称', 'grid']],
  ['externalRef', ['编号', '人员编号', '外部编号', 'externalref', 'ref', 'reference']],
  ['householdHead', ['户主身份证号', '户主身份证号码', '户主证件号码', 'householdhead', 'householdheadidnumber', 'headidnumber']],
  ['guardianIdNumber', ['监护人身份证号', '监护人身份证号码', '监护人证件号码', 'guardianidnumber', 'guardianid']],
  ['sex', ['性别', 'sex', 'gender']],
  ['birthDate', ['出生日期', '出生年月日', '生日', 'birthdate', 'dateofbirth', 'dob', 'birthday']],
];

/**
 * Columns an import may never set (SECURITY.md §7 I44, F28/F31): health and status fields change only through
 * their own audited flows. Normalised form.
 */
const PRIVILEGED = new Set<string>([
  '健康码', '健康码颜色', '健康码状态', '隔离状态', '隔离', '管控状态', '管控措施', '核酸结果', '核酸检测结果', '核酸', '检测结果',
  '抗原结果', '风险等级', '风险人员', '密接', '次密接', '疫苗接种', '接种状态', '角色', '权限', '状态', '网格id', '网格编号id',
  'healthcode', 'healthcodecolor', 'verifiedcolor', 'claimedcolor', 'quarantinestatus', 'quarantine', 'testresult', 'testresults',
  'nucleicacidresult', 'risklevel', 'role', 'roles', 'permissions', 'isadmin', 'admin', 'status', 'gridid', 'communityid',
  'userid', 'ownerid', 'restricted', 'version', 'createdat', 'updatedat', 'deletedat', 'id', 'residentid', 'householdid',
]);

const lookup = new Map<string, ImportField>();
for (const [field, names] of ALIASES) for (const n of names) lookup.set(n, field);

/**
 * Normalise a header for matching: NFKC (full-width → half-width), drop notes in brackets (（必填）, [选填], 【…】),
 * asterisks, whitespace, `_ - . : ：`, lower-case.
 */
export function normalizeHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[(\[【〔<《][^)\]】〕>》]*[)\]】〕>》]/g, '')
    .replace(/[\s*_\-.:：、/\\'"`]+/g, '')
    .toLowerCase();
}

/** A column the importer will not use, and why. */
export type IgnoredColumn = { index: number; header: string; reason: 'privileged' | 'unknown' | 'duplicate' | 'blank' };

/**
 * A file-level warning for the preview and the audit record. `care_tags_without_consent` (ADR 0033) is added by the
 * import service, not the header check: care tags in the file that were not stored because the run did not attest the
 * residents' separate consent; `care_tags_child_without_guardian` (ADR 0039) when a child's row names no guardian to have
 * given the file's written consent; `count` = the rows concerned.
 */
export type HeaderWarning = {
  code: 'privileged_column' | 'unknown_column' | 'duplicate_column' | 'care_tags_without_consent' | 'care_tags_child_without_guardian'; column: string; message: string; messageEn: string; count?: number;
};

/** Where each field lives in the row; `header` is the header as written in the file. */
export type ColumnRef = { index: number; header: string };

/** Result of header matching. */
export type HeaderMapping = {
  fields: Partial<Record<ImportField, ColumnRef>>;
  ignored: IgnoredColumn[];
  warnings: HeaderWarning[];
  /** Required fields without a column. */
  missing: ImportField[];
};

/** Map a header row to fields. Privileged and unknown columns are ignored with a warning; duplicates keep the first. */
export function mapHeaders(headers: readonly string[]): HeaderMapping {
  const fields: Partial<Record<ImportField, ColumnRef>> = Object.create(null);
  const ignored: IgnoredColumn[] = [];
  const warnings: HeaderWarning[] = [];
  headers.forEach((header, index) => {
    const key = normalizeHeader(header);
    if (key === '') {
      ignored.push({ index, header, reason: 'blank' });
      return;
    }
    const field = lookup.get(key);
    if (field === undefined) {
      if (PRIVILEGED.has(key)) {
        ignored.push({ index, header, reason: 'privileged' });
        warnings.push({
          code: 'privileged_column', column: header,
          message: `列「${header}」不能通过导入设置，已忽略`,
          messageEn: `Column "${header}" cannot be set by import and was ignored`,
        });
      } else {
        ignored.push({ index, header, reason: 'unknown' });
        warnings.push({
          code: 'unknown_column', column: header,
          message: `无法识别的列「${header}」，已忽略`,
          messageEn: `Unrecognised column "${header}" was ignored`,
        });
      }
      return;
    }
    if (fields[field]) {
      ignored.push({ index, header, reason: 'duplicate' });
      warnings.push({
        code: 'duplicate_column', column: header,
        message: `列「${header}」与「${fields[field]!.header}」重复，只使用前者`,
        messageEn: `Column "${header}" duplicates "${fields[field]!.header}"; only the first is used`,
      });
      return;
    }
    fields[field] = { index, header };
  });
  const missing = REQUIRED_FIELDS.filter((f) => !fields[f]);
  return { fields, ignored, warnings, missing };
}

/** True when a row looks like the header row (at least two known columns); used to skip title rows above it. */
export function looksLikeHeaderRow(cells: readonly string[]): boolean {
  let hits = 0;
  for (const c of cells) if (lookup.has(normalizeHeader(c)) && ++hits >= 2) return true;
  return false;
}
