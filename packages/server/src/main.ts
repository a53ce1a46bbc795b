import { buildApp } from './app';
import { closePlatform, createPlatform } from './bootstrap';
import type { Config } from './config';
import { seedAll } from './seed';

/** Starts the whole system in one process: HTTP API + web UI (and, as modules land, jobs and MQTT ingest). */
export async function serve(config: Config): Promise<void> {
  const platform = await createPlatform(config);
  const a = await buildApp(platform);
  if (config.seed === 'demo' || (config.seed === 'auto' && !(await a.services.auth.findByUsername('admin')))) {
    platform.logger.info('seeding the demo community (first start)');
    await seedAll(a, platform, { demo: true });
  }
  const address = await a.app.listen({ port: config.port, host: config.host });
  process.stdout.write(`Renxing ${config.version} listening on ${address} (${platform.database.dialect.name}; ${platform.database.durability})\n`);
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await a.app.close();
    await closePlatform(platform);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}
