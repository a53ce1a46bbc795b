import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Clock } from './clock';
import type { FieldCrypto } from './crypto/field-crypto';
import type { KeyRing } from './crypto/keys';
import type { Database } from './db/database';
import type { Metrics } from './metrics';
import type { SessionStore } from './sessions/session-store';

/** Infrastructure shared by all modules, built once in main.ts (or by the test harness). */
export type Platform = {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  keys: KeyRing;
  crypto: FieldCrypto;
  sessions: SessionStore;
  metrics: Metrics;
};
