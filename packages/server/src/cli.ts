import { parseArgs } from 'node:util';
import { buildApp } from './app';
import { closePlatform, createPlatform } from './bootstrap';
import { loadConfig } from './config';
import { backupSqlite, restoreSqlite } from './platform/backup';
import { loadKeyRing } from './platform/crypto/keys';
import { DurabilityError, openDatabase } from './platform/db/database';
import { KeyError } from './platform/crypto/keys';
import { migrateToLatest } from './platform/db/migrate';
import { createAuditService } from './modules/audit';
import { serve } from './main';
import { seedAll } from './seed';

const HELP = `renxing — 韧性 community emergency governance platform

Usage: renxing <command> [options]

Commands:
  serve                      start the server (PORT, HOST, DATABASE_URL, RENXING_DATA_DIR …)
  migrate                    apply database migrations
  seed [--demo]              create the demo community (orgs, users, residents)
  audit verify               verify the audit hash chain; exits 1 and names the first broken row
  backup <file>              consistent online backup of the SQLite database (encrypted, with manifest)
  restore <file>             restore a backup into RENXING_DATA_DIR (stop the server first)

Environment: see README.md (Configuration).
`;

/** Runs a CLI command; returns the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig();
  switch (cmd) {
    case 'serve':
      await serve(config);
      return -1; // keep running
    case 'migrate': {
      const database = await openDatabase({ url: config.databaseUrl, sqlitePath: config.sqlitePath, sqliteSynchronous: config.sqliteSynchronous, allowNonDurable: config.allowNonDurable });
      const applied = await migrateToLatest(database.db, database.dialect);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      await database.close();
      return 0;
    }
    case 'seed': {
      const platform = await createPlatform({ ...config, logLevel: 'warn' });
      const app = await buildApp(platform);
      const res = await seedAll(app, platform, { demo: rest.includes('--demo') || true });
      process.stdout.write(`${JSON.stringify(res)}\n`);
      await app.app.close();
      await closePlatform(platform);
      return 0;
    }
    case 'audit': {
      if (rest[0] !== 'verify') {
        process.stderr.write('usage: renxing audit verify\n');
        return 2;
      }
      const database = await openDatabase({ url: config.databaseUrl, sqlitePath: config.sqlitePath, allowNonDurable: true, readonly: !config.databaseUrl });
      const res = await createAuditService(database, () => new Date()).verify();
      await database.close();
      if (res.ok) {
        process.stdout.write(`audit chain ok: ${res.checked} rows, last hash ${res.lastHash}\n`);
        return 0;
      }
      process.stdout.write(`audit chain BROKEN at row ${res.firstBrokenId} (${res.reason}); ${res.checked} rows checked\n`);
      return 1;
    }
    case 'backup': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true });
      if (!positionals[0]) {
        process.stderr.write('usage: renxing backup <file>\n');
        return 2;
      }
      if (config.databaseUrl) {
        process.stderr.write('PostgreSQL: use pg_basebackup + WAL archiving (PITR) or pg_dump; see docs/operations.md\n');
        return 2;
      }
      const keys = loadKeyRing(config);
      const m = backupSqlite(config.sqlitePath, positionals[0], keys.dataKey);
      process.stdout.write(`backup written: ${positionals[0]} (${m.bytes} bytes, sha256 ${m.sha256}, integrity ${m.integrity})\n`);
      return 0;
    }
    case 'restore': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true });
      if (!positionals[0]) {
        process.stderr.write('usage: renxing restore <file>\n');
        return 2;
      }
      const keys = loadKeyRing(config);
      const res = restoreSqlite(positionals[0], config.sqlitePath, keys.dataKey);
      process.stdout.write(`restored into ${config.sqlitePath}: ${Object.entries(res.tables).map(([t, n]) => `${t}=${n}`).join(' ')}\n`);
      return 0;
    }
    default:
      process.stderr.write(`unknown command: ${cmd}\n\n${HELP}`);
      return 2;
  }
}

export function describeStartupError(e: unknown): string {
  if (e instanceof DurabilityError || e instanceof KeyError) return `refusing to start: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}
