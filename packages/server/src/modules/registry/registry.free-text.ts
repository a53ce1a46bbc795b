import { containsCnMobile, containsIdNumber } from '@renxing/shared';
import { z } from 'zod';
import { errors } from '../../http/errors';

/** How a free-text field is named to the user, in zh-CN and English ('说明' / 'note'). */
export type FieldLabel = { zh: string; en: string };

/**
 * Refuses free text that contains something that looks like an ID number (18 or 15 digits): ID numbers are stored only
 * in their encrypted column, never from a note, a reply or a proposed value (consent notes, correction and deletion
 * requests). Throws the field error `id_number_not_allowed` at `path`, naming the field; `hint` adds what to do instead.
 */
export function rejectIdNumber(text: string | null | undefined, path: string, field: FieldLabel, hint?: FieldLabel): void {
  if (!containsIdNumber(text)) return;
  throw errors.field(path, 'id_number_not_allowed', `${field.zh}中请勿填写身份证号${hint ? `；${hint.zh}` : ''}`,
    `do not type an ID number in the ${field.en}${hint ? `; ${hint.en}` : ''}`);
}

/**
 * A reason or note typed by staff (reveal, break the glass, move, status, restriction, export request and decision): trimmed,
 * `min`–`max` characters, and without an ID number — reasons go into the audit log, which is append-only and kept for
 * years (ADR 0030): an ID number typed there could never be erased. 400 `id_number_not_allowed` naming the field.
 */
export const staffReason = (min = 2, max = 200, field: FieldLabel = { zh: '原因', en: 'reason' }) =>
  z.string().trim().min(min).max(max).refine((s) => !containsIdNumber(s), {
    message: `${field.zh}中请勿填写身份证号|do not type an ID number in the ${field.en}`, params: { code: 'id_number_not_allowed' },
  });

/**
 * Free text many people read and nobody erases (a duty-log entry, a roll-call note, a patrol note): `schema` refusing an
 * ID number (400 `id_number_not_allowed`) and a mainland mobile number (400 `phone_not_allowed`), each with its own
 * `zh|en` message saying where the number belongs instead.
 */
export const withoutIdOrMobile = (schema: z.ZodString, message: { idNumber: string; mobile: string }) =>
  schema
    .refine((s) => !containsIdNumber(s), { message: message.idNumber, params: { code: 'id_number_not_allowed' } })
    .refine((s) => !containsCnMobile(s), { message: message.mobile, params: { code: 'phone_not_allowed' } });

/**
 * The usual free-text field of a form many people read (a task's detail, a shelter's address, a complaint's text): trimmed,
 * `min`–`max` characters, refusing an ID number and a mainland mobile number with messages naming the field
 * (`备注中请勿填写身份证号|do not type an ID number in the note`). `min` 0 allows an empty string.
 */
export const freeText = (min: number, max: number, what: string, whatEn: string) =>
  withoutIdOrMobile(z.string().trim().min(min).max(max), {
    idNumber: `${what}中请勿填写身份证号|do not type an ID number in the ${whatEn}`,
    mobile: `${what}中请勿填写手机号|do not type a mobile number in the ${whatEn}`,
  });
