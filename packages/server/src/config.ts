import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** Runtime mode: `embedded` (one machine, generated local keys) or `production` (keys must come from outside). */
export type Mode = 'embedded' | 'production';

const Env = z.object({
  PORT: z.string().trim().optional().transform((v, ctx) => {
    if (v === undefined || v === '') return 3000;
    if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a port number (0–65535; 0 = any free port)` });
      return z.NEVER;
    }
    return Number(v);
  }),
  HOST: z.string().default('127.0.0.1'),
  RENXING_DATA_DIR: z.string().default('./data'),
  // A mistyped scheme must not fall back to the embedded defaults (SQLite, database sessions) without a word.
  DATABASE_URL: urlVar(['postgres', 'postgresql'], 'postgres://user:password@host:5432/database'),
  REDIS_URL: urlVar(['redis', 'rediss'], 'redis://host:6379 or redis://host:6379/2 (database 2)'),
  MQTT_URL: urlVar(['mqtt', 'mqtts', 'tcp', 'ssl', 'ws', 'wss'], 'mqtt://host:1883'),
  RENXING_MODE: z.enum(['embedded', 'production']).optional(),
  NODE_ENV: z.string().optional(),
  RENXING_KEY_FILE: z.string().optional(),
  RENXING_DATA_KEY: z.string().optional(),
  RENXING_INDEX_KEY: z.string().optional(),
  RENXING_ALLOW_NONDURABLE: z.enum(['0', '1', 'true', 'false']).optional(),
  RENXING_SQLITE_SYNCHRONOUS: z.enum(['OFF', 'NORMAL', 'FULL', 'EXTRA']).optional(),
  RENXING_SQLITE_COMMIT_SYNC: z.enum(['group', 'inline']).optional(),
  RENXING_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  RENXING_BREAK_GLASS_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(180),
  // Out-of-task browsing (SECURITY.md §7 test 27, ADR 0034): distinct residents opened per user in a sliding window.
  RENXING_BROWSING_THRESHOLD: z.coerce.number().int().min(1).max(100_000).default(30),
  RENXING_BROWSING_WINDOW_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(60),
  RENXING_BROWSING_ACTION: z.enum(['step_up', 'block']).default('step_up'),
  // Searches by name / pinyin that find nobody in scope but match residents outside it, per user in the browsing window (ADR 0040).
  RENXING_SEARCH_OUTSIDE_THRESHOLD: z.coerce.number().int().min(1).max(10_000).default(5),
  RENXING_MINOR_APPROVAL_AGE: z.coerce.number().int().min(1).max(18).default(14),
  RENXING_MINOR_ACCESS_HOURS: z.coerce.number().int().min(1).max(24 * 7).default(24),
  RENXING_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(12),
  RENXING_COOKIE_SECURE: z.enum(['0', '1', 'true', 'false']).optional(),
  RENXING_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RENXING_SEED: z.enum(['demo', 'none', 'auto']).default('auto'),
  RENXING_WEB_DIR: z.string().optional(),
  RENXING_MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(1883),
  // The embedded broker over TLS (ADR 0085 addendum in 0081): PEM files of its certificate (chain) and private key, both or neither.
  RENXING_MQTT_TLS_CERT: z.string().min(1).optional(),
  RENXING_MQTT_TLS_KEY: z.string().min(1).optional(),
  RENXING_AUDIT_ANCHOR_DIR: z.string().optional(),
  // The erasure ledger (ADR 0043): erasures to re-apply after a restore; a file outside the database.
  RENXING_ERASURE_LEDGER: z.string().optional(),
  // Audit rows are kept at least 180 days (Cybersecurity Law Art. 21); default 3 years (PIPL Art. 56). ADR 0030.
  RENXING_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180, 'must be at least 180 (days): audit records are kept at least 6 months (Cybersecurity Law Art. 21)')
    .max(36500).default(1095),
  RENXING_EMERGENCY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  RENXING_NOTICE_PROCESSOR: z.string().trim().min(2).max(200).optional(),
  RENXING_NOTICE_CONTACT: z.string().trim().min(2).max(300).optional(),
  // Public (no-login) routes: requests per minute from one client address (ADR 0036).
  RENXING_PUBLIC_RATE_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(60),
  // Reverse proxies whose X-Forwarded-For is believed (ADR 0036 addendum): addresses, CIDR ranges or loopback /
  // linklocal / uniquelocal, comma-separated. Unset: the socket peer is the client (a forwarded header is ignored).
  RENXING_TRUST_PROXY: z.string().trim().optional().transform((v, ctx) => {
    if (!v) return [];
    const items = v.split(',').map((s) => s.trim()).filter(Boolean);
    for (const item of items) {
      if (!isTrustedProxyEntry(item)) {
        ctx.addIssue({ code: 'custom', message: `"${item}" is not an IP address, a CIDR range or one of loopback, linklocal, uniquelocal (trusting every proxy would let any client forge its address)` });
        return z.NEVER;
      }
    }
    return items;
  }),
});

/**
 * A connection URL variable: empty = unset; otherwise it must parse as a URL with one of `schemes`. The message shows
 * the scheme and an example, never the value (it may hold a password).
 */
function urlVar(schemes: string[], example: string) {
  return z.string().trim().optional().transform((v, ctx) => {
    if (!v) return undefined;
    let scheme: string | null = null;
    try {
      scheme = new URL(v).protocol.replace(/:$/, '');
    } catch {
      // not a URL at all
    }
    if (!scheme || !schemes.includes(scheme)) {
      ctx.addIssue({ code: 'custom', message: `${scheme ? `scheme "${scheme}:" is not supported` : 'not a URL'}: expected ${schemes.map((x) => `${x}://`).join(' or ')}… (e.g. ${example})` });
      return z.NEVER;
    }
    return v;
  });
}

/**
 * A configuration the server cannot run with (a variable that is wrong, or names something unreachable or unusable):
 * the CLI prints the message, which names the variable, without a stack trace, and exits 1.
 */
export class ConfigError extends Error {}

/** One entry of RENXING_TRUST_PROXY: an IPv4/IPv6 address, a CIDR range, or a named range of proxy-addr. */
export function isTrustedProxyEntry(s: string): boolean {
  if (s === 'loopback' || s === 'linklocal' || s === 'uniquelocal') return true;
  const [addr, bits, extra] = s.split('/');
  if (extra !== undefined || !addr) return false;
  const family = isIP(addr);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  sqlitePath: string;
  redisUrl: string | null;
  mqttUrl: string | null;
  /** Port of the embedded MQTT broker (only when MQTT_URL is unset). */
  mqttPort: number;
  /** The embedded broker's certificate (chain) and key as PEM file paths: it then speaks MQTT over TLS only (mqtts). */
  mqttTls: { certFile: string; keyFile: string } | null;
  /** Where the daily audit-chain anchor is written (ADR 0025): storage outside the database host; null = none. */
  auditAnchorDir: string | null;
  /**
   * The erasure ledger (ADR 0043): one JSON line per erasure decision, kept outside the database so that erasures can be
   * re-applied after a restore. Default `<dataDir>/erasure-ledger.jsonl`; with several app nodes, one path on shared storage.
   */
  erasureLedgerFile: string;
  /** Days audit rows are kept before the audit purge removes them (ADR 0030): at least 180, default 1095. */
  auditRetentionDays: number;
  /** Days after an emergency period's end before data collected under it is deleted (ADR 0027). */
  emergencyRetentionDays: number;
  /** The processing notice (PRIV-03, ADR 0029): who the processor is and how to reach them; null = a generic wording. */
  noticeProcessor: string | null;
  noticeContact: string | null;
  /** Requests per minute one client address may make to public routes other than /healthz and static files (ADR 0036). */
  publicRatePerMinute: number;
  /**
   * Reverse proxies whose X-Forwarded-For names the client (RENXING_TRUST_PROXY): the audit log's address, the session's
   * network label and the public-route rate limit then use the client's address. Empty: the socket peer.
   */
  trustProxy: string[];
  /** Key prefix of the public-route counters in Redis (tests isolate themselves with their own). */
  publicRateRedisPrefix: string;
  mode: Mode;
  keyFile: string;
  /** RENXING_KEY_FILE was set: the file must exist (a mistyped path never makes new keys). */
  keyFileSet: boolean;
  dataKey: string | null;
  indexKey: string | null;
  allowNonDurable: boolean;
  sqliteSynchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  /** How a durable SQLite commit reaches the disk: WAL fdatasync off the event loop (`group`, default) or inside COMMIT (`inline`); ADR 0042. */
  sqliteCommitSync: 'group' | 'inline';
  sessionIdleMinutes: number;
  /** How long a break-the-glass grant to a restricted resident record lasts. */
  breakGlassMinutes: number;
  /**
   * Out-of-task browsing (ADR 0034): more than `browsingThreshold` distinct residents opened within
   * `browsingWindowMinutes` raises a security alert; from the next new resident on the user must re-enter the password
   * (`step_up`) or is refused until the window frees (`block`).
   */
  browsingThreshold: number;
  browsingWindowMinutes: number;
  browsingAction: 'step_up' | 'block';
  /**
   * Searches by name outside scope (ADR 0040): more than this many name / pinyin searches that find nobody in the
   * user's scope while the term matches residents outside it, within `browsingWindowMinutes`, raise a security alert.
   */
  searchOutsideThreshold: number;
  /** Residents younger than this (years, from the birth date) are minors whose ID and phone need an approved request (PRIV-08, ADR 0035). */
  minorApprovalAge: number;
  /** How long an approved minors' data request stays usable (ADR 0035). */
  minorAccessHours: number;
  sessionMaxHours: number;
  cookieSecure: boolean;
  logLevel: string;
  seed: 'demo' | 'none' | 'auto';
  webDir: string;
  version: string;
};

const truthy = (v: string | undefined) => v === '1' || v === 'true';

/** Reads configuration from the environment; throws a readable error naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`Invalid environment variable ${String(first?.path.join('.'))}: ${first?.message}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.RENXING_DATA_DIR);
  const mode: Mode = e.RENXING_MODE ?? (e.NODE_ENV === 'production' ? 'production' : 'embedded');
  // The demo accounts share a password printed in README.md: they must never exist on a production installation.
  if (mode === 'production' && e.RENXING_SEED === 'demo') {
    throw new ConfigError('Invalid environment variable RENXING_SEED: demo is refused in production mode (the demo accounts share a published password)');
  }
  // The broker's certificate without its key (or the reverse) cannot serve TLS: name the one missing.
  if (!!e.RENXING_MQTT_TLS_CERT !== !!e.RENXING_MQTT_TLS_KEY) {
    const missing = e.RENXING_MQTT_TLS_CERT ? 'RENXING_MQTT_TLS_KEY' : 'RENXING_MQTT_TLS_CERT';
    throw new ConfigError(`Invalid environment variable ${missing}: required with ${missing === 'RENXING_MQTT_TLS_KEY' ? 'RENXING_MQTT_TLS_CERT' : 'RENXING_MQTT_TLS_KEY'} (the embedded MQTT broker's TLS certificate and private key, PEM files)`);
  }
  // Session cookies without Secure travel over plain HTTP: for LAN trials only, never with real residents' data.
  if (mode === 'production' && (e.RENXING_COOKIE_SECURE === '0' || e.RENXING_COOKIE_SECURE === 'false')) {
    throw new ConfigError('Invalid environment variable RENXING_COOKIE_SECURE: 0 is refused in production mode (session cookies would travel over plain HTTP); serve over HTTPS, e.g. behind a TLS reverse proxy');
  }
  const cfg: Config = {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? null,
    sqlitePath: path.join(dataDir, 'renxing.db'),
    redisUrl: e.REDIS_URL ?? null,
    mqttUrl: e.MQTT_URL ?? null,
    mqttPort: e.RENXING_MQTT_PORT,
    mqttTls: e.RENXING_MQTT_TLS_CERT && e.RENXING_MQTT_TLS_KEY ? { certFile: path.resolve(e.RENXING_MQTT_TLS_CERT), keyFile: path.resolve(e.RENXING_MQTT_TLS_KEY) } : null,
    auditAnchorDir: e.RENXING_AUDIT_ANCHOR_DIR ? path.resolve(e.RENXING_AUDIT_ANCHOR_DIR) : null,
    erasureLedgerFile: e.RENXING_ERASURE_LEDGER ? path.resolve(e.RENXING_ERASURE_LEDGER) : path.join(dataDir, 'erasure-ledger.jsonl'),
    auditRetentionDays: e.RENXING_AUDIT_RETENTION_DAYS,
    emergencyRetentionDays: e.RENXING_EMERGENCY_RETENTION_DAYS,
    noticeProcessor: e.RENXING_NOTICE_PROCESSOR ?? null,
    noticeContact: e.RENXING_NOTICE_CONTACT ?? null,
    publicRatePerMinute: e.RENXING_PUBLIC_RATE_PER_MIN,
    trustProxy: e.RENXING_TRUST_PROXY,
    publicRateRedisPrefix: 'rx:rl:',
    mode,
    keyFile: e.RENXING_KEY_FILE ? path.resolve(e.RENXING_KEY_FILE) : path.join(dataDir, 'keys', 'renxing.keys.json'),
    keyFileSet: !!e.RENXING_KEY_FILE,
    dataKey: e.RENXING_DATA_KEY ?? null,
    indexKey: e.RENXING_INDEX_KEY ?? null,
    allowNonDurable: truthy(e.RENXING_ALLOW_NONDURABLE),
    sqliteSynchronous: e.RENXING_SQLITE_SYNCHRONOUS ?? 'FULL',
    sqliteCommitSync: e.RENXING_SQLITE_COMMIT_SYNC ?? 'group',
    sessionIdleMinutes: e.RENXING_SESSION_IDLE_MINUTES,
    breakGlassMinutes: e.RENXING_BREAK_GLASS_MINUTES,
    browsingThreshold: e.RENXING_BROWSING_THRESHOLD,
    browsingWindowMinutes: e.RENXING_BROWSING_WINDOW_MINUTES,
    browsingAction: e.RENXING_BROWSING_ACTION,
    searchOutsideThreshold: e.RENXING_SEARCH_OUTSIDE_THRESHOLD,
    minorApprovalAge: e.RENXING_MINOR_APPROVAL_AGE,
    minorAccessHours: e.RENXING_MINOR_ACCESS_HOURS,
    sessionMaxHours: e.RENXING_SESSION_MAX_HOURS,
    cookieSecure: e.RENXING_COOKIE_SECURE === undefined ? true : truthy(e.RENXING_COOKIE_SECURE),
    logLevel: e.RENXING_LOG_LEVEL,
    // `auto` seeds the demo community into an empty database — in embedded mode only.
    seed: mode === 'production' && e.RENXING_SEED === 'auto' ? 'none' : e.RENXING_SEED,
    webDir: e.RENXING_WEB_DIR ? path.resolve(e.RENXING_WEB_DIR) : path.resolve(import.meta.dirname, '../../web/dist'),
    version: '0.1.0',
  };
  return { ...cfg, ...overrides };
}
