// Pure helpers of the correction pages: the request body from the form, the client-side check that mirrors the server,
// and how a proposed value is shown.
import { containsIdNumber, normalizeCnMobile } from '@renxing/shared';
import type { TFunction } from 'i18next';
import type { CorrectionField, CorrectionStatus } from './api';

export const CORRECTION_FIELDS: readonly CorrectionField[] = ['phone', 'residenceType', 'tags', 'name', 'other'];
/** Care tags a resident can propose (the age tags come from the ID number). */
export const PROPOSABLE_TAGS = ['living_alone', 'disabled', 'chronic', 'pregnant'] as const;
export const RESIDENCE_TYPES = ['registered', 'floating', 'tenant', 'away'] as const;
/** Looks like an ID number: the server refuses it in free text, so say so before sending. */

export type CorrectionForm = { field?: CorrectionField; text?: string; residenceType?: string; tags?: string[]; note?: string };

/**
 * The body to send, or the i18n key of what is wrong (`corrections.form.errors.*`). Mirrors the server's checks so the
 * resident hears about a mistyped phone before sending; the server checks again.
 */
export function correctionBody(f: CorrectionForm):
  | { ok: true; body: { field: CorrectionField; proposed: string | string[]; note: string | null } }
  | { ok: false; path: 'field' | 'proposed' | 'note'; error: 'fieldRequired' | 'phone' | 'required' | 'idNumber' | 'tooShort' } {
  if (!f.field) return { ok: false, path: 'field', error: 'fieldRequired' };
  const note = f.note?.trim() || null;
  if (containsIdNumber(note)) return { ok: false, path: 'note', error: 'idNumber' };
  let proposed: string | string[];
  switch (f.field) {
    case 'tags':
      proposed = PROPOSABLE_TAGS.filter((x) => f.tags?.includes(x));
      break;
    case 'residenceType':
      if (!f.residenceType) return { ok: false, path: 'proposed', error: 'required' };
      proposed = f.residenceType;
      break;
    default: {
      const s = f.text?.trim() ?? '';
      if (!s) return { ok: false, path: 'proposed', error: 'required' };
      if (containsIdNumber(s)) return { ok: false, path: 'proposed', error: 'idNumber' };
      if (f.field === 'phone') {
        const p = normalizeCnMobile(s);
        if (!p) return { ok: false, path: 'proposed', error: 'phone' };
        proposed = p;
      } else {
        if (f.field === 'other' && s.length < 2) return { ok: false, path: 'proposed', error: 'tooShort' };
        proposed = s;
      }
    }
  }
  return { ok: true, body: { field: f.field, proposed, note } };
}

/** A proposed value as the page shows it: codes become labels (tags arrive as "a,b"). */
export function proposedLabel(field: CorrectionField, value: string, t: TFunction): string {
  if (field === 'residenceType') return t(`registry.residenceTypes.${value as 'registered'}`, { defaultValue: value });
  if (field === 'tags') {
    const tags = value.split(',').filter(Boolean);
    return tags.length ? tags.map((x) => t(`registry.tags.${x as 'chronic'}`, { defaultValue: x })).join('、') : t('corrections.noTags');
  }
  return value;
}

export const STATUS_COLOR: Record<CorrectionStatus, string> = { open: 'processing', applied: 'success', partly: 'warning', rejected: 'default', withdrawn: 'default' };
/** The staff queue's status tabs, in order, before 全部 (withdrawn: requests the resident took back, ADR 0028 addendum). */
export const QUEUE_STATUSES: readonly CorrectionStatus[] = ['open', 'applied', 'partly', 'rejected', 'withdrawn'];

/**
 * The form field a server error detail belongs to: zod details name `body.proposed`, the service's own `proposed`; the
 * proposed value sits in the input that matches the chosen field. Null for a detail no input shows.
 */
export function formFieldOfError(path: string, field: CorrectionField | undefined): keyof CorrectionForm | null {
  const p = path.replace(/^body\./, '');
  if (p === 'proposed') return field === 'tags' ? 'tags' : field === 'residenceType' ? 'residenceType' : 'text';
  if (p === 'note' || p === 'field') return p;
  return null;
}

/**
 * The fields whose error messages go when the user changes `changed` (antd Form `onValuesChange`). The form has no
 * rules, so an error put on a field by `form.setFields` (our checks or the server's answer) stayed under a field
 * already fixed (请选择要更正的信息 under a chosen field). Choosing another kind of information also clears the
 * proposed value's error (the input under it now asks for something else).
 */
export function staleErrors(changed: Partial<CorrectionForm>): Array<{ name: keyof CorrectionForm; errors: string[] }> {
  const names = new Set(Object.keys(changed) as Array<keyof CorrectionForm>);
  if (names.has('field')) for (const n of ['text', 'residenceType', 'tags'] as const) names.add(n);
  return [...names].map((name) => ({ name, errors: [] }));
}

/** The notification bell's line for a correction request (to the community admin) or its outcome (to the resident). */
export function correctionNotice(kind: 'correction_request' | 'correction_resolved', d: Record<string, string>, t: TFunction): string {
  const field = d.field ? t(`corrections.fields.${d.field as CorrectionField}`, { defaultValue: d.field }) : '';
  if (kind === 'correction_request') return t('corrections.bell.request', { resident: d.residentName ?? '', field });
  return t('corrections.bell.resolved', { field, status: t(`corrections.statuses.${(d.decision ?? 'applied') as CorrectionStatus}`) });
}
