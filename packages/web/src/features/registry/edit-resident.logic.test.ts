import { describe, expect, it } from 'vitest';
import type { ResidentDetail } from './api';
import { editSave } from './edit-resident.logic';
import { initialEdit } from './registry.logic';

const resident: ResidentDetail = {
  id: 'r1', nameMasked: '韦**', name: '韦知秋', sex: 'F', age: 64, idMasked: '330921********7024', phoneMasked: '139****7000',
  address: 'A社区 港务新村 1幢 1单元 9901', householdId: 'h1', gridId: 'g1', relation: 'head', residenceType: 'registered',
  tags: ['elderly60', 'chronic'], status: 'active', version: 3, birthDate: '1962-03-14', guardian: null, externalRef: 'A-1',
  household: { id: 'h1', address: 'A社区 港务新村 1幢 1单元 9901', members: [] }, moves: [], restricted: false, access: 'full', breakGlass: null,
};

describe('保存 in the resident edit drawer', () => {
  it('nothing changed: nothing is sent (the drawer says 没有修改 and stays open)', () => {
    expect(editSave(resident, initialEdit(resident))).toEqual({ kind: 'unchanged' });
    // What looks like a change but is not one: the same tags in another order, the reference with spaces around it,
    // a phone typed while 不修改 is chosen (the field is hidden then; nothing of it is sent).
    const r = { ...resident, tags: ['chronic' as const, 'living_alone' as const] };
    expect(editSave(r, { ...initialEdit(r), tags: ['living_alone', 'chronic'] })).toEqual({ kind: 'unchanged' });
    expect(editSave(resident, { ...initialEdit(resident), externalRef: '  A-1 ' })).toEqual({ kind: 'unchanged' });
    expect(editSave(resident, { ...initialEdit(resident), phone: '13900007001' })).toEqual({ kind: 'unchanged' });
  });

  it('something changed: only that is sent, with the version the form was loaded at', () => {
    expect(editSave(resident, { ...initialEdit(resident), residenceType: 'tenant' })).toEqual({ kind: 'send', patch: { version: 3, residenceType: 'tenant' } });
    expect(editSave(resident, { ...initialEdit(resident), phoneAction: 'clear' })).toEqual({ kind: 'send', patch: { version: 3, phone: null } });
    expect(editSave(resident, { ...initialEdit(resident), externalRef: '' })).toEqual({ kind: 'send', patch: { version: 3, externalRef: null } });
    expect(editSave(resident, { ...initialEdit(resident), tags: ['chronic', 'disabled'] })).toEqual({ kind: 'send', patch: { version: 3, tags: ['chronic', 'disabled'] } });
  });
});
