import { describe, expect, it } from 'vitest';
import { FLOATING_ORIGIN_COUNTIES, PROVINCE_PREFIXES, ZHEJIANG_COUNTIES, isKnownRegionCode, lookupRegion, provinceName, regionFullName } from './admin-codes';

describe('admin codes', () => {
  it('has the Zhoushan codes', () => {
    expect(regionFullName('330902')).toBe('浙江省舟山市定海区');
    expect(lookupRegion('330903')?.name).toBe('普陀区');
    expect(lookupRegion('330921')?.name).toBe('岱山县');
    expect(lookupRegion('330922')?.name).toBe('嵊泗县');
    expect(isKnownRegionCode('810000')).toBe(true);
  });
  it('floating-origin counties are outside Zhejiang, unique, and their prefixes match their province', () => {
    expect(FLOATING_ORIGIN_COUNTIES.length).toBeGreaterThanOrEqual(40);
    const codes = new Set<string>();
    for (const c of FLOATING_ORIGIN_COUNTIES) {
      expect(c.code).toMatch(/^\d{6}$/);
      expect(c.code.startsWith('33')).toBe(false);
      expect(provinceName(c.code)).toBe(c.province);
      codes.add(c.code);
    }
    expect(codes.size).toBe(FLOATING_ORIGIN_COUNTIES.length);
    expect(lookupRegion('341221')?.name).toBe('临泉县');
    expect(lookupRegion('411522')?.name).toBe('光山县');
    expect(lookupRegion('360730')?.name).toBe('宁都县');
    expect(lookupRegion('511623')?.name).toBe('邻水县');
    expect(lookupRegion('520422')?.name).toBe('普定县');
  });
  it('Zhejiang counties all start with 33 and the province table follows §1.7', () => {
    for (const c of ZHEJIANG_COUNTIES) expect(c.code.slice(0, 2)).toBe('33');
    expect(Object.keys(PROVINCE_PREFIXES).sort()).toEqual([
      '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
      '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
    ]);
  });
});
