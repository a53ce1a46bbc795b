import type { App } from '../app';
import { seedRegistryDemo } from '../modules/registry';
import type { AuditActor } from '../modules/audit';
import type { Platform } from '../platform/context';
import { seedFoundation } from './foundation';

export { DEMO_PASSWORD, DEMO_USERS, DEMO_ORGS } from './foundation';

/** The actor recorded in the audit log for seeding. */
export const SEED_ACTOR: AuditActor = { actorId: 'system:seed', actorRole: 'system', actorOrg: null, sessionId: null, ip: null, userAgentHash: null, requestId: null };

/** Seeds everything the demo needs; each module's seed is idempotent. */
export async function seedAll(a: App, platform: Platform, _o: { demo: boolean }) {
  const orgs = await seedFoundation(a);
  const registry = await seedRegistryDemo(platform, a.services.audit, a.services.orgs, SEED_ACTOR);
  return { community: orgs.community.code, grids: orgs.grids.length, residents: registry.a.residents + registry.b.residents };
}
