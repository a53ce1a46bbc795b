import { describe, expect, it } from 'vitest';
import { COLUMN_SPECS, EXPORT_COLUMNS } from '../exports';
import { FIELD_REGISTRY, fieldPolicy } from '../privacy';
import { AUDIT_FIELD_SOURCES, classifyField, classOfColumn, columnLabel } from './impact.classes';

describe('impact data classes come from the field registry', () => {
  it('derives the class from the registry policy: class, mask rule, and the source of a derived column', () => {
    expect(classOfColumn('residents.id_number_enc')).toBe('identity');
    expect(classOfColumn('residents.id_masked')).toBe('identity'); // masked copy → its source
    expect(classOfColumn('residents.id_bidx')).toBe('identity'); // blind index → its source
    expect(classOfColumn('residents.phone_enc')).toBe('contact');
    expect(classOfColumn('residents.name_pinyin')).toBe('name');
    expect(classOfColumn('households.address')).toBe('address');
    expect(classOfColumn('households.room')).toBe('address');
    expect(classOfColumn('residents.tags')).toBe('sensitive');
    expect(classOfColumn('self_reports.temperature')).toBe('sensitive');
    expect(classOfColumn('residents.birth_date')).toBe('other');
    expect(classOfColumn('orgs.name')).toBeNull(); // general
    expect(classOfColumn('residents.household_id')).toBeNull(); // technical
    expect(classOfColumn('no_such.table')).toBeNull();
  });

  it('follows a change of the registry (no second list): a column reclassified there is counted in its new class', () => {
    const p = FIELD_REGISTRY.residents!.birth_date!;
    const saved = { ...p };
    try {
      Object.assign(p, { class: 'sensitive' });
      expect(classOfColumn('residents.birth_date')).toBe('sensitive');
      Object.assign(p, { class: 'personal', mask: 'cnId' });
      expect(classOfColumn('residents.birth_date')).toBe('identity');
    } finally {
      Object.assign(p, saved);
    }
    expect(classOfColumn('residents.birth_date')).toBe('other');
  });

  it('every audit field name maps to a column the registry classifies; every export column classifies through COLUMN_SPECS', () => {
    for (const [name, src] of Object.entries(AUDIT_FIELD_SOURCES)) {
      const [table, column] = src.column.split('.') as [string, string];
      expect(fieldPolicy(table, column), `${name} → ${src.column}`).toBeDefined();
    }
    for (const c of EXPORT_COLUMNS) {
      const [table, column] = COLUMN_SPECS[c].source;
      expect(fieldPolicy(table, column), c).toBeDefined();
      const v = classifyField(c, 'export');
      if (c === 'gridName') expect(v).toBeNull();
      else expect(v && !('unknown' in v), c).toBe(true);
    }
  });

  it('tells clear from masked: masked copies and masked export columns are masked, approved plaintext and unmasked-by-rule columns are clear', () => {
    expect(classifyField('idMasked', 'audit')).toEqual({ class: 'identity', column: 'residents.id_number_enc', clear: false });
    expect(classifyField('nameMasked', 'audit')).toEqual({ class: 'name', column: 'residents.name', clear: false });
    expect(classifyField('idNumber', 'audit')).toEqual({ class: 'identity', column: 'residents.id_number_enc', clear: true });
    expect(classifyField('phone', 'export')).toEqual({ class: 'contact', column: 'residents.phone_enc', clear: false });
    expect(classifyField('phone', 'export', new Set(['phone']))).toMatchObject({ clear: true });
    expect(classifyField('phone:unmasked', 'audit')).toMatchObject({ class: 'contact', clear: true });
    expect(classifyField('tags', 'export')).toMatchObject({ class: 'sensitive', clear: true });
    expect(classifyField('restricted', 'audit')).toBeNull();
    expect(classifyField('somethingNew', 'audit')).toEqual({ unknown: 'somethingNew' });
  });

  it('names columns in everyday words from the processing notice', () => {
    expect(columnLabel('residents.id_number_enc').zh).toContain('身份证号');
    expect(columnLabel('x.y')).toEqual({ zh: 'x.y', en: 'x.y' });
  });
});
