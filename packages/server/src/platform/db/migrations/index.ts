import type { RxMigration } from '../migrate';
import { m0001Foundation } from './0001-foundation';
import { m0002Registry } from './0002-registry';

/** Ordered list of all migrations (one global order across modules). */
export const migrations: RxMigration[] = [m0001Foundation, m0002Registry];
