import type { App } from '../app';
import type { Platform } from '../platform/context';
import { seedFoundation } from './foundation';

export { DEMO_PASSWORD, DEMO_USERS, DEMO_ORGS } from './foundation';

/** Seeds everything the demo needs; each module's seed is idempotent. */
export async function seedAll(a: App, _platform: Platform, _o: { demo: boolean }) {
  const orgs = await seedFoundation(a);
  return { community: orgs.community.code, grids: orgs.grids.length };
}
