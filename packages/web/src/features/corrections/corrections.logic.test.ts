import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import { correctionBody, correctionNotice, formFieldOfError, proposedLabel, QUEUE_STATUSES, staleErrors } from './corrections.logic';

let zh: TFunction;
let english: TFunction;
beforeAll(async () => {
  ({ zh: zh, en: english } = await appTranslations());
});

describe('correction form', () => {
  it('normalises a phone and refuses one that is not a mainland mobile', () => {
    expect(correctionBody({ field: 'phone', text: ' 139 1234 5678 ' })).toEqual({ ok: true, body: { field: 'phone', proposed: '13912345678', note: null } });
    expect(correctionBody({ field: 'phone', text: '12345' })).toEqual({ ok: false, path: 'proposed', error: 'phone' });
  });
  it('never sends something that looks like an ID number, in the value or the note', () => {
    expect(correctionBody({ field: 'other', text: '身份证 330902199001011234' })).toMatchObject({ ok: false, error: 'idNumber', path: 'proposed' });
    expect(correctionBody({ field: 'name', text: '张叁', note: '号码33090219900101123X' })).toMatchObject({ ok: false, error: 'idNumber', path: 'note' });
  });
  it('sends only proposable tags, in a fixed order, and asks for a field first', () => {
    expect(correctionBody({ field: 'tags', tags: ['chronic', 'elderly80', 'living_alone'] })).toMatchObject({ ok: true, body: { proposed: ['living_alone', 'chronic'] } });
    expect(correctionBody({ text: 'x' })).toMatchObject({ ok: false, error: 'fieldRequired' });
    expect(correctionBody({ field: 'residenceType' })).toMatchObject({ ok: false, error: 'required' });
  });
  it('shows codes as labels in the UI language', () => {
    expect(proposedLabel('tags', 'living_alone,chronic', zh)).toBe('独居、慢病');
    expect(proposedLabel('residenceType', 'tenant', english)).toBe(english('registry.residenceTypes.tenant'));
    expect(proposedLabel('phone', '139****5678', zh)).toBe('139****5678');
  });
  it('words the bell line for a request and for its outcome', () => {
    expect(correctionNotice('correction_request', { residentName: '张*', field: 'phone' }, zh)).toBe('张* 申请更正手机号');
    expect(correctionNotice('correction_resolved', { field: 'tags', decision: 'rejected' }, english)).toBe('Your correction request (Care tags): Not corrected');
  });

  it('puts a server error on the input that shows it: zod details (body.*) and the service’s own', () => {
    // An overlong text (zod: body.proposed) lands on the text box, not nowhere.
    expect(formFieldOfError('body.proposed', 'other')).toBe('text');
    expect(formFieldOfError('proposed', 'phone')).toBe('text');
    expect(formFieldOfError('proposed', 'tags')).toBe('tags');
    expect(formFieldOfError('body.proposed', 'residenceType')).toBe('residenceType');
    expect(formFieldOfError('body.note', 'name')).toBe('note');
    expect(formFieldOfError('body.field', undefined)).toBe('field');
    expect(formFieldOfError('version', 'name')).toBeNull();
  });
  it('labels a withdrawn request in both languages', () => {
    expect(zh('corrections.statuses.withdrawn')).toBe('已撤回');
    expect(english('corrections.statuses.withdrawn')).toBe('Withdrawn');
  });
});

describe('staff list status tabs (ADR 0028 addendum)', () => {
  it('has a 已撤回 / Withdrawn tab between the decisions and 全部, each tab labelled in both languages', () => {
    expect(QUEUE_STATUSES).toEqual(['open', 'applied', 'partly', 'rejected', 'withdrawn']);
    expect(zh('corrections.statuses.withdrawn')).toBe('已撤回');
    expect(english('corrections.statuses.withdrawn')).toBe('Withdrawn');
    for (const key of [...QUEUE_STATUSES.map((s) => `corrections.statuses.${s}` as const), 'corrections.staff.all' as const]) {
      expect(zh(key), key).not.toBe(key);
      expect(english(key), key).not.toBe(key);
    }
  });
});

describe('errors under fields go when the field changes', () => {
  it('clears the changed field’s error (请选择要更正的信息 once a field is chosen), and the proposed value’s when the field changes', () => {
    expect(staleErrors({ note: 'x' })).toEqual([{ name: 'note', errors: [] }]);
    expect(staleErrors({ text: '1380013' })).toEqual([{ name: 'text', errors: [] }]);
    expect(staleErrors({ field: 'phone' })).toEqual([
      { name: 'field', errors: [] }, { name: 'text', errors: [] }, { name: 'residenceType', errors: [] }, { name: 'tags', errors: [] },
    ]);
    expect(staleErrors({})).toEqual([]);
  });
});
