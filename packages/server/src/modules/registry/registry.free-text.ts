import { containsIdNumber } from '@renxing/shared';
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
