import { ageOn, cnMobileOrProblem, holdsIdNumber, maskName, pinyinKeys, PREGNANT_TAG_MISFIT, pregnantTagFits, referenceCharacterProblem, validateCnId } from '@renxing/shared';
import type { FieldCrypto } from '../../platform/crypto/field-crypto';
import { errors, type ErrorDetail, AppError } from '../../http/errors';
import { maskCnId, maskPhone } from '@renxing/shared';

export const CARE_TAGS = ['elderly60', 'elderly80', 'living_alone', 'disabled', 'chronic', 'pregnant', 'infant', 'minor'] as const;
export type CareTag = (typeof CARE_TAGS)[number];
export const RESIDENCE_TYPES = ['registered', 'floating', 'tenant', 'away'] as const;
export type ResidenceType = (typeof RESIDENCE_TYPES)[number];
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

/** Age-derived tags are computed, never typed: elderly60/80 from the ID's birth date, minor and infant too. */
export function derivedTags(birthDate: string, now: Date, typed: readonly string[]): CareTag[] {
  const age = ageOn(birthDate, now);
  const set = new Set<CareTag>(typed.filter((t): t is CareTag => (CARE_TAGS as readonly string[]).includes(t) && !['elderly60', 'elderly80', 'minor', 'infant'].includes(t)));
  if (age >= 60) set.add('elderly60');
  if (age >= 80) set.add('elderly80');
  if (age < 18) set.add('minor');
  if (age < 3) set.add('infant');
  return CARE_TAGS.filter((t) => set.has(t));
}

/** Refuses the 孕妇 tag on anyone but a woman of child-bearing age (sex and age from the ID number; shared rule). */
export function checkPregnantTag(tags: readonly string[], sex: string, birthDate: string, now: Date, path = 'tags'): void {
  if (tags.includes('pregnant') && !pregnantTagFits(sex, birthDate, now)) {
    throw errors.field(path, 'pregnant_misfit', PREGNANT_TAG_MISFIT.zh, PREGNANT_TAG_MISFIT.en);
  }
}

/** Columns derived from a validated ID number: ciphertext, blind index, masked copy, tail, birth date, sex. */
export function idColumns(crypto: FieldCrypto, raw: string, now: Date, path = 'idNumber') {
  const v = validateCnId(raw, now);
  if (!v.ok) {
    const msg: Record<string, [string, string]> = {
      format: ['身份证号格式不正确（应为18位）', 'ID number must have 18 characters'],
      checksum: ['身份证号校验位不正确', 'ID number check character is wrong'],
      birthdate: ['身份证号中的出生日期无效', 'birth date inside the ID number is invalid'],
      legacy15: ['15位旧身份证号请通过导入确认流程处理', 'legacy 15-digit ID numbers need the import confirmation path'],
    };
    const [zh, en] = msg[v.reason]!;
    throw errors.field(path, v.reason, zh, en);
  }
  return {
    validated: v,
    cols: {
      id_number_enc: crypto.encrypt('residents.id_number', v.id),
      id_bidx: crypto.blindIndex('cnid', v.id),
      id_masked: maskCnId(v.id),
      id_tail: v.id.slice(-4),
      birth_date: v.birthDate,
      sex: v.sex,
    },
  };
}

/** Columns derived from a phone number (null clears it). */
export function phoneColumns(crypto: FieldCrypto, raw: string | null | undefined, path = 'phone') {
  if (raw == null || raw === '') return { phone_enc: null, phone_bidx: null, phone_masked: null, phone_tail: null };
  // Say what is wrong (digit count, prefix, characters), as the form does; an import row's error reads the same.
  const { number: p, problem } = cnMobileOrProblem(raw);
  if (problem) throw errors.field(path, 'phone', `手机号${problem.zh}`, `mobile number ${problem.en}`);
  return { phone_enc: crypto.encrypt('residents.phone', p), phone_bidx: crypto.blindIndex('phone', p), phone_masked: maskPhone(p), phone_tail: p.slice(-4) };
}

// eslint-disable-next-line no-control-regex
const NAME_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const NAME_PICTOGRAPH = /\p{Extended_Pictographic}/u;

/**
 * A typed name as stored: NFKC (full-width letters and spaces folded), runs of spaces collapsed, trimmed. Refused with a
 * field error naming `path` when it is empty, holds a digit (a shifted column, or an ID typed into the name), an
 * invisible control character or an emoji — the same rules as the import's name column.
 */
export function cleanName(raw: string, path = 'name'): string {
  const name = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (name === '') throw errors.field(path, 'required', '姓名为必填项', 'the name is required');
  if (/\d/.test(name)) throw errors.field(path, 'value', '姓名不应包含数字', 'the name must not contain digits');
  if (NAME_CONTROL.test(name)) throw errors.field(path, 'value', '姓名含有不可见的控制字符', 'the name contains control characters');
  if (NAME_PICTOGRAPH.test(name)) throw errors.field(path, 'value', '姓名不应包含表情符号', 'the name must not contain emoji');
  return name;
}

/**
 * The external reference (编号: a number from another system) as stored: trimmed, empty → null. An ID number is refused —
 * some systems use it as the person's number, and here it would sit unencrypted and unmasked (ADR 0005).
 */
export function cleanExternalRef(raw: string | null | undefined, path = 'externalRef'): string | null | undefined {
  if (raw === undefined || raw === null) return raw;
  const v = raw.normalize('NFKC').trim();
  if (v === '') return null;
  if (NAME_CONTROL.test(v)) throw errors.field(path, 'value', '编号含有不可见的控制字符', 'the external reference contains control characters');
  const bad = referenceCharacterProblem(v);
  if (bad) throw errors.field(path, 'value', `编号${bad.zh}`, `the external reference ${bad.en}`);
  if (holdsIdNumber(v)) {
    throw errors.field(path, 'id_number_not_allowed', '编号中请勿填写身份证号；身份证号请填在“身份证号”一栏',
      'do not type an ID number in the external reference; the ID number has its own field');
  }
  return v;
}

/** Search keys for a name. */
export function nameColumns(name: string) {
  const k = pinyinKeys(name);
  return { name, name_pinyin: k.full, name_initials: k.initials };
}

/** Checks typed sex / birth date against the ID; returns the detail list (empty when consistent). */
export function crossCheck(v: { sex: 'M' | 'F'; birthDate: string }, typed: { sex?: 'M' | 'F' | null; birthDate?: string | null }): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (typed.sex && typed.sex !== v.sex) out.push({ path: 'sex', code: 'sex_mismatch', message: '性别与身份证号不一致', messageEn: 'sex does not match the ID number' });
  if (typed.birthDate && typed.birthDate !== v.birthDate)
    out.push({ path: 'birthDate', code: 'birthdate_mismatch', message: '出生日期与身份证号不一致', messageEn: 'birth date does not match the ID number' });
  return out;
}

export { maskName, AppError };
