import { makeCnId } from '@renxing/shared';
import { type AuditActor, systemActor } from '../src/modules/audit';
import type { TestApp } from './harness';

export const SYSTEM_ACTOR: AuditActor = systemActor('system:test');

/** SECURITY.md §7 fixture IDs (valid checksums, synthetic). */
export const FIXTURE_IDS = {
  R1: '330902198001011233',
  R2: '11010519491231002X',
  R3: '440524188001010014',
  MINOR: '33090220150601002X',
};

/**
 * "Scoped fixture": community A with grids G1, G2 and community B with one grid; one compound/building/unit per grid,
 * households, and residents: R1 (G1), R2 (G2), R3 (community B), plus `extra` generated residents in G1.
 */
export async function seedScopedFixture(t: TestApp, extra = 0) {
  const reg = t.services.registry;
  const [g1, g2] = t.orgs.grids;
  const gB = t.orgs.otherGrids[0]!;
  const mk = async (communityId: string, gridId: string, compound: string) => {
    const c = await reg.createCompound(SYSTEM_ACTOR, { communityId, name: compound });
    const b = await reg.createBuilding(SYSTEM_ACTOR, { compoundId: c.id, gridId, name: '1幢' });
    const u = await reg.createUnit(SYSTEM_ACTOR, { buildingId: b.id, name: '1单元' });
    return { compound: c, building: b, unit: u };
  };
  const pA1 = await mk(t.orgs.community.id, g1!.id, '幸福小区');
  const pA2 = await mk(t.orgs.community.id, g2!.id, '和平小区');
  const pB = await mk(t.orgs.other.id, gB.id, '东海小区');
  const h1 = await reg.createHousehold(SYSTEM_ACTOR, { unitId: pA1.unit.id, room: '101' });
  const h2 = await reg.createHousehold(SYSTEM_ACTOR, { unitId: pA2.unit.id, room: '201' });
  const h3 = await reg.createHousehold(SYSTEM_ACTOR, { unitId: pB.unit.id, room: '301' });
  const admin = await t.services.auth.findByUsername('admin');
  const principal = {
    kind: 'user' as const, id: admin!.id, username: 'admin', displayName: 'x', role: 'community_admin', orgId: t.orgs.street.id, orgPath: t.orgs.street.path,
    orgLevel: 'street', orgName: 's', orgCode: 's', permissions: new Set<never>(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
  };
  const create = (householdId: string, name: string, idNumber: string, phone: string | null, extraFields: Record<string, unknown> = {}) =>
    reg.createResident(principal, SYSTEM_ACTOR, { householdId, name, idNumber, phone, relation: 'head', residenceType: 'registered', ...extraFields });
  const R1 = await create(h1.id, '张三', FIXTURE_IDS.R1, '13812345678');
  const R2 = await create(h2.id, '李四', FIXTURE_IDS.R2, '13900001111');
  const R3 = await create(h3.id, '王五', FIXTURE_IDS.R3, '13700002222');
  const extras = [];
  for (let i = 0; i < extra; i++) {
    const id = makeCnId('330902', `19${60 + (i % 30)}-0${1 + (i % 9)}-1${i % 9}`, (i * 7) % 1000);
    extras.push(await create(h1.id, `赵${'一二三四五六七八九十'[i % 10]}${i}`, id, `1361234${String(i).padStart(4, '0')}`, { relation: 'other' }));
  }
  return { g1: g1!, g2: g2!, gB, h1, h2, h3, R1, R2, R3, extras, places: { pA1, pA2, pB } };
}
