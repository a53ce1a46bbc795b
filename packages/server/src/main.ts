import { type App, buildApp } from './app';
import type { Platform } from './platform/context';
import { closePlatform, createPlatform } from './bootstrap';
import { readFileSync } from 'node:fs';
import { ConfigError, type Config } from './config';
import { optimizeSqlite, SQLITE_OPTIMIZE_EVERY_MS } from './platform/db/sqlite-optimize';
import { housekeeping } from './platform/jobs/housekeeping';
import { Scheduler } from './platform/jobs/scheduler';
import { connectBus, type EmbeddedBroker, type MessageBus, startEmbeddedBroker } from './platform/mqtt/broker';
import { seedAll } from './seed';
import { anchorJob, systemActor } from './modules/audit';
import { gateBrokerAccess, startGateIngest } from './modules/gates';
import { describeListenError, redactUrl } from './startup-checks';

/**
 * Erasures that a restored database brought back are applied again before the first request is served (ADR 0043): a
 * PostgreSQL PITR or pg_dump restore, or a database file copied back by hand, goes through no `renxing` command. Cheap
 * (one indexed read per ledger line). A failure is logged at error level and the server starts anyway:
 * `renxing erasures reapply` does the same on demand.
 */
async function reapplyErasuresAtStart(a: App, logger: Platform['logger']): Promise<void> {
  try {
    const r = await a.services.deletions.reapplyErasures('startup');
    if (r.invalidLines.length) logger.error({ lines: r.invalidLines }, 'erasure ledger: lines that could not be read (ADR 0043); check the file');
    if (r.reapplied) logger.warn({ checked: r.checked, reapplied: r.reapplied, backfilled: r.backfilled, items: r.items }, 'erasure ledger: re-applied erasures that a restored database had brought back');
    else logger.info({ checked: r.checked, backfilled: r.backfilled }, 'erasure ledger checked: every erasure is in force');
  } catch (e) {
    logger.error({ err: { message: (e as Error).message } }, 'erasure ledger: re-applying erasures failed; run `renxing erasures reapply`');
  }
}

/**
 * Starts the whole system in one process: HTTP API + web UI, the MQTT broker (embedded aedes unless MQTT_URL points
 * at an external one) and in-process jobs.
 */
/** The embedded broker's PEM files, read at start; an unreadable one is a configuration error naming its variable. */
function readBrokerTls(files: { certFile: string; keyFile: string }): { cert: Buffer; key: Buffer } {
  const read = (file: string, variable: string) => {
    try {
      return readFileSync(file);
    } catch (e) {
      throw new ConfigError(`Invalid environment variable ${variable}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  };
  return { cert: read(files.certFile, 'RENXING_MQTT_TLS_CERT'), key: read(files.keyFile, 'RENXING_MQTT_TLS_KEY') };
}

export async function serve(config: Config): Promise<void> {
  const platform = await createPlatform(config);
  const { logger } = platform;
  const a = await buildApp(platform);
  if (config.seed === 'demo' || (config.seed === 'auto' && !(await a.services.auth.findByUsername('admin')))) {
    logger.info('seeding the demo community (first start)');
    await seedAll(a, platform, { demo: true });
  }
  await reapplyErasuresAtStart(a, logger);
  let broker: EmbeddedBroker | null = null;
  let bus: MessageBus | null = null;
  // The embedded broker admits gate terminals by their device key, each to its own topics, and the server's ingest (ADR 0081).
  const access = gateBrokerAccess({ gates: a.services.gates, authenticateToken: (t) => a.services.auth.authenticateToken(t) });
  // TLS for the embedded broker (RENXING_MQTT_TLS_CERT / _KEY): a file that cannot be read stops the start, naming it.
  const brokerTls = !config.mqttUrl && config.mqttTls ? readBrokerTls(config.mqttTls) : undefined;
  try {
    if (!config.mqttUrl) {
      try {
        broker = await startEmbeddedBroker(config.host, config.mqttPort, access, brokerTls);
      } catch (e) {
        logger.warn({ port: config.mqttPort, err: { message: (e as Error).message } }, 'MQTT port busy; embedded broker moves to a free port');
        broker = await startEmbeddedBroker(config.host, 0, access, brokerTls);
      }
      if (!brokerTls && config.mode === 'production') {
        logger.warn({ url: broker.url }, 'embedded MQTT broker without TLS in production mode: gate terminals send their device keys in the clear; set RENXING_MQTT_TLS_CERT and RENXING_MQTT_TLS_KEY');
      }
    }
    bus = await connectBus(config.mqttUrl ?? broker!.url, undefined, config.mqttUrl ? undefined : access.ingest, brokerTls ? { ca: [brokerTls.cert], ownBroker: true } : undefined);
    // 卡口: terminals' passage events in, decisions out (gate/<deviceId>/events → gate/<deviceId>/decision).
    await startGateIngest(bus, { gates: a.services.gates, logger, mismatch: (topicDevice, payloadDevice) => a.services.gates.identityMismatch(topicDevice, payloadDevice) });
  } catch (e) {
    logger.error({ err: { message: (e as Error).message }, mqttUrl: config.mqttUrl ? redactUrl(config.mqttUrl) : null },
      config.mqttUrl ? 'MQTT broker of MQTT_URL unavailable; running without MQTT until the server is restarted' : 'embedded MQTT broker unavailable; running without MQTT until the server is restarted');
  }
  const scheduler = new Scheduler(logger);
  // SQLite planner statistics (ADR 0058): once now that the schema is migrated (and a first start seeded), then every
  // few hours; the connection runs it once more before it closes. PostgreSQL: autovacuum analyzes.
  if (platform.database.sqlite) {
    await scheduler.runOnce('sqlite-optimize', () => optimizeSqlite(platform.database, 'open'));
    scheduler.every('sqlite-optimize', SQLITE_OPTIMIZE_EVERY_MS, () => optimizeSqlite(platform.database, 'periodic'));
  }
  scheduler.every('housekeeping', 15 * 60_000, () => housekeeping(platform.database, platform.clock.now()));
  // Risk early warning: detectors over today and yesterday for every grid (late counts re-evaluated), hourly.
  scheduler.every('warnings-evaluate', 60 * 60_000, () => a.services.warnings.evaluateJob());
  // Age-derived care tags (60+, 80+, minor, infant) follow birthdays: checked at start and every 6 hours.
  const ageTags = () => a.services.registryOverview.refreshAgeTags(systemActor(null));
  scheduler.every('registry-age-tags', 6 * 60 * 60_000, ageTags);
  void scheduler.runOnce('registry-age-tags', ageTags);
  // Out-of-task browsing (ADR 0034): reads older than the sliding window are no longer needed; hourly.
  scheduler.every('browsing-prune', 60 * 60_000, () => a.services.registry.pruneBrowsingReads());
  // External anchors of the audit chain (ADR 0025): daily and at start, only when RENXING_AUDIT_ANCHOR_DIR is set.
  if (config.auditAnchorDir) {
    const dir = config.auditAnchorDir;
    const anchor = () => anchorJob(platform.database.db, a.services.audit, dir, () => platform.clock.now(), logger);
    scheduler.every('audit-anchor', 24 * 60 * 60_000, anchor);
    void scheduler.runOnce('audit-anchor', anchor);
  }
  // Retention (PRIV-04, ADR 0024): what the field registry says is past its time is deleted or emptied, certified and
  // audited; daily, and once a minute after start (a server that is restarted daily still runs it).
  const retention = () => a.services.retention.run(systemActor(null));
  scheduler.every('retention', 24 * 60 * 60_000, retention);
  setTimeout(() => void scheduler.runOnce('retention', retention), 60_000).unref();

  let address: string;
  try {
    address = await a.app.listen({ port: config.port, host: config.host });
  } catch (e) {
    scheduler.stop();
    throw describeListenError(e, config);
  }
  // What this process really runs on, for the operator (and the production-stack browser spec): database, session store,
  // MQTT broker. URLs without their passwords (MQTT_URL may carry the broker's credentials).
  const sessions = config.redisUrl ? `Redis ${redactUrl(config.redisUrl)}` : 'database';
  const mqttIn = bus ? `${redactUrl(bus.url)} (${config.mqttUrl ? 'external' : 'embedded'})` : 'off';
  process.stdout.write(
    `Renxing ${config.version} listening on ${address} (${platform.database.dialect.name}; ${platform.database.durability}; sessions ${sessions}; MQTT ${mqttIn})\n`,
  );
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    scheduler.stop();
    await a.app.close();
    await bus?.close().catch(() => undefined);
    await broker?.close().catch(() => undefined);
    await closePlatform(platform);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}
