import type { RxMigration } from '../migrate';
import { m0001Foundation } from './0001-foundation';
import { m0002Registry } from './0002-registry';
import { m0003Exports } from './0003-exports';

/** Ordered list of all migrations (one global order across modules). */
export const migrations: RxMigration[] = [m0001Foundation, m0002Registry, m0003Exports];
