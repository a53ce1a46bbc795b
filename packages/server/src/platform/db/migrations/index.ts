import type { RxMigration } from '../migrate';
import { m0001Foundation } from './0001-foundation';

/** Ordered list of all migrations (one global order across modules). */
export const migrations: RxMigration[] = [m0001Foundation];
