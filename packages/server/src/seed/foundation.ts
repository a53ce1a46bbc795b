import type { App } from '../app';
import type { Role } from '../modules/auth';

/** Password of every demo account (listed in README.md). Demo only. */
export const DEMO_PASSWORD = 'Renxing@Demo2026';

/** Codes of the demo hierarchy (GB/T 2260 for city/district; street/community/grid codes are synthetic). */
export const DEMO_ORGS = {
  city: { code: '330900', name: '舟山市' },
  district: { code: '330902', name: '定海区' },
  street: { code: '330902001', name: '昌国街道' },
  community: { code: '330902001001', name: 'A社区' },
  otherCommunity: { code: '330902001002', name: 'B社区' },
};

export const DEMO_USERS: Array<{ username: string; displayName: string; role: Role; org: 'city' | 'district' | 'street' | 'community' | 'grid1' }> = [
  { username: 'district', displayName: '区指挥部值班员', role: 'district_staff', org: 'district' },
  { username: 'street', displayName: '街道防控办', role: 'street_staff', org: 'street' },
  { username: 'admin', displayName: '社区书记', role: 'community_admin', org: 'community' },
  { username: 'grid1', displayName: '第一网格网格员', role: 'grid_worker', org: 'grid1' },
  { username: 'doctor', displayName: '社区医生', role: 'doctor', org: 'community' },
  { username: 'collector', displayName: '采样员', role: 'collector', org: 'community' },
  { username: 'volunteer', displayName: '志愿者', role: 'volunteer', org: 'community' },
  { username: 'resident', displayName: '居民', role: 'resident', org: 'grid1' },
  { username: 'auditor', displayName: '审计员', role: 'auditor', org: 'city' },
  { username: 'secadmin', displayName: '安全管理员', role: 'security_admin', org: 'city' },
  { username: 'sysadmin', displayName: '系统管理员', role: 'system_admin', org: 'city' },
];

/** Creates the demo org hierarchy (city → district → street → 2 communities → 8 grids each) and one user per role. Idempotent. */
export async function seedFoundation(a: App, gridsPerCommunity = 8) {
  const { orgs, auth } = a.services;
  const ensure = async (parentId: string | null, level: 'city' | 'district' | 'street' | 'community' | 'grid', code: string, name: string) =>
    (await orgs.byCode(code)) ?? (await orgs.create({ parentId, level, code, name }));
  const city = await ensure(null, 'city', DEMO_ORGS.city.code, DEMO_ORGS.city.name);
  const district = await ensure(city.id, 'district', DEMO_ORGS.district.code, DEMO_ORGS.district.name);
  const street = await ensure(district.id, 'street', DEMO_ORGS.street.code, DEMO_ORGS.street.name);
  const community = await ensure(street.id, 'community', DEMO_ORGS.community.code, DEMO_ORGS.community.name);
  const other = await ensure(street.id, 'community', DEMO_ORGS.otherCommunity.code, DEMO_ORGS.otherCommunity.name);
  const cn = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  const grids = [];
  for (let i = 1; i <= gridsPerCommunity; i++) {
    grids.push(await ensure(community.id, 'grid', `${DEMO_ORGS.community.code}${String(i).padStart(2, '0')}`, `第${cn[i - 1] ?? i}网格`));
  }
  const otherGrids = [];
  for (let i = 1; i <= 2; i++) {
    otherGrids.push(await ensure(other.id, 'grid', `${DEMO_ORGS.otherCommunity.code}${String(i).padStart(2, '0')}`, `第${cn[i - 1]}网格`));
  }
  const byKey = { city, district, street, community, grid1: grids[0]! };
  for (const u of DEMO_USERS) {
    if (await auth.findByUsername(u.username)) continue;
    await auth.createUser({ username: u.username, displayName: u.displayName, role: u.role, orgId: byKey[u.org].id, password: DEMO_PASSWORD, demo: true });
  }
  return { city, district, street, community, other, grids, otherGrids };
}
