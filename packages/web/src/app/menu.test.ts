import { describe, expect, it } from 'vitest';
import { MENU, selectedMenuKey, visibleMenu } from './menu';

describe('menu', () => {
  it('shows entries only with their permission', () => {
    expect(visibleMenu([]).map((e) => e.key)).toEqual(['dashboard']);
    expect(visibleMenu(['audit:read']).map((e) => e.key)).toEqual(['dashboard', 'audit']);
    expect(visibleMenu(['resident:read', 'warning:read']).map((e) => e.key)).toEqual(['dashboard', 'registry', 'warnings', 'warningsRt']);
    // 地点管理 is for those who maintain places (place:write); reading places alone (grid workers, street) does not list it.
    expect(visibleMenu(['resident:read', 'place:read']).map((e) => e.key)).toEqual(['dashboard', 'registry']);
    expect(visibleMenu(['resident:read', 'place:read', 'place:write']).map((e) => e.key)).toEqual(['dashboard', 'registry', 'registryPlaces']);
    // 数据质量 and 更正申请 are for those who fix records (resident:write: community admin, grid worker), not for a doctor who only reads.
    expect(visibleMenu(['resident:read', 'resident:write']).map((e) => e.key)).toEqual(['dashboard', 'registry', 'registryQuality', 'registryCorrections']);
    // 行政区划 (ADR 0022): district staff and system admins (org:manage).
    expect(visibleMenu(['system:ops', 'org:manage']).map((e) => e.key)).toEqual(['dashboard', 'areas']);
    // 未成年人信息查阅审批 (ADR 0035): only for the responsible person (community admin, minor_access:decide).
    expect(visibleMenu(['resident:read', 'resident:reveal']).map((e) => e.key)).toEqual(['dashboard', 'registry']);
    expect(visibleMenu(['resident:read', 'minor_access:decide']).map((e) => e.key)).toEqual(['dashboard', 'registry', 'registryMinors']);
  });

  it('lists an entry meant for one role only for that role, and first', () => {
    expect(visibleMenu(['self:read', 'self-report:submit'], 'resident').map((e) => e.key)).toEqual(['selfReport', 'accessLog', 'myRecord', 'dashboard']);
    // Staff never hold self:read; without it the resident's access log is not offered either.
    expect(visibleMenu(['self-report:submit'], 'resident').map((e) => e.key)).toEqual(['selfReport', 'dashboard']);
    expect(visibleMenu(['self-report:submit', 'self-report:read'], 'grid_worker').map((e) => e.key)).toEqual(['dashboard', 'selfReports']);
    expect(visibleMenu(['self-report:submit']).map((e) => e.key)).toEqual(['dashboard']);
  });

  it('shows nothing while the user must first set their own password', () => {
    expect(visibleMenu(['resident:read', 'self-report:read'], 'grid_worker', true)).toEqual([]);
    expect(visibleMenu(['resident:read'], 'grid_worker', false).map((e) => e.key)).toEqual(['dashboard', 'registry']);
  });

  it('selects the longest matching path', () => {
    expect(selectedMenuKey('/', MENU)).toBe('dashboard');
    expect(selectedMenuKey('/registry', MENU)).toBe('registry');
    expect(selectedMenuKey('/registry/import', MENU)).toBe('registryImport');
    expect(selectedMenuKey('/registry/places', MENU)).toBe('registryPlaces');
    expect(selectedMenuKey('/registry/quality', MENU)).toBe('registryQuality');
    expect(selectedMenuKey('/registry/r-1', MENU)).toBe('registry');
    expect(selectedMenuKey('/me/access-log', MENU)).toBe('accessLog');
    expect(selectedMenuKey('/me/record', MENU)).toBe('myRecord');
    expect(selectedMenuKey('/registry/corrections', MENU)).toBe('registryCorrections');
    expect(selectedMenuKey('/registry/minor-access', MENU)).toBe('registryMinors');
    expect(selectedMenuKey('/me/report', MENU)).toBe('selfReport');
    expect(selectedMenuKey('/auditing', MENU)).toBeUndefined();
    expect(selectedMenuKey('/account/password', MENU)).toBeUndefined();
  });

  it('has unique keys and paths', () => {
    expect(new Set(MENU.map((e) => e.key)).size).toBe(MENU.length);
    expect(new Set(MENU.map((e) => e.path)).size).toBe(MENU.length);
  });
});
