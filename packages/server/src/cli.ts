import fs from 'node:fs';
import v8 from 'node:v8';
import { parseArgs } from 'node:util';
import { buildApp } from './app';
import type { Principal } from './http/auth-context';
import { closePlatform, createPlatform } from './bootstrap';
import { loadConfig } from './config';
import { backupSqlite, restoreSqlite } from './platform/backup';
import { loadKeyRing } from './platform/crypto/keys';
import { DurabilityError } from './platform/db/database';
import { KeyError } from './platform/crypto/keys';
import { restoreDeferredIndexes } from './platform/db/deferred-indexes';
import { migrateToLatest } from './platform/db/migrate';
import { decodeCsv } from './platform/text-encoding';
import { runAuditCommand, systemActor } from './modules/audit';
import { verifyDeletionCertificates } from './modules/deletions';
import { verifyRetentionCertificates } from './modules/privacy';
import { importOrgs } from './modules/orgs';
import { runAnalyze } from './modules/analytics-cli';
import type { ReapplyResult, ReapplyTrigger } from './modules/deletions';
import { serve } from './main';
import { SEED_ACTOR, seedAll } from './seed';
import { seedFoundation } from './seed/foundation';
import { seedScale } from './modules/registry';
import { ensureDataDir, openConfiguredDatabase } from './startup-checks';

const HELP = `renxing — 韧性 community emergency governance platform

Usage: renxing <command> [options]

Commands:
  serve                      start the server (PORT, HOST, DATABASE_URL, RENXING_DATA_DIR …)
  migrate                    apply database migrations
  seed [--demo]              create the demo community (orgs, users, residents)
  audit verify [--anchor <file|dir> …]
                             verify the audit hash chain, each external anchor given, and the chains of the
                             retention and deletion certificates; exits 1 and names the first broken row, the failed
                             anchor or the first broken certificate
  audit anchor [--out <file>]
                             print (or write) the current anchor of the chain, to keep outside this system
  audit purge [--dry-run] [--json]
                             remove audit rows older than RENXING_AUDIT_RETENTION_DAYS (default 1095, at least 180):
                             a hash-chained checkpoint first, then the rows; --dry-run only counts (the retention job
                             runs it daily)
  backup <file>              consistent online backup of the SQLite database (encrypted, with manifest)
  restore <file>             restore a backup into RENXING_DATA_DIR (SQLite; stop the server first), then re-apply the
                             erasures of the erasure ledger that the backup brought back (ADR 0043)
  erasures reapply [--json]  re-apply erasures (deletion requests decided "erase") whose data is back after a restore
                             (SQLite or PostgreSQL, e.g. after pg_restore or PITR): reads the erasure ledger
                             (RENXING_ERASURE_LEDGER, default <RENXING_DATA_DIR>/erasure-ledger.jsonl); new deletion
                             certificates, audited; --json prints {"checked":N,"reapplied":N}; the server also does
                             this at every start
  erasures prune (--before <date|ISO time> | --backups <dir>) [--dry-run] [--json]
                             remove the ledger lines of erasures decided before the cutoff: the time of the oldest
                             backup still kept (--backups: the oldest <file>.manifest.json in <dir>); refuses a cutoff
                             less than 24 hours ago; keeps lines whose erasure is not in force; audited; --json prints
                             {"cutoff":"…","kept":N,"removed":N,"notInForce":N,"dryRun":false}
  analyze <aberration|rt|seir> …  outbreak detection / R_t / SEIR on CSV files (renxing analyze --help)
  import residents <file> --community <code> [--dry-run] [--partial] [--care-consent written] [--json]
                             import residents from XLSX or CSV (UTF-8/GBK); all-or-nothing unless --partial;
                             --care-consent written: the file's care tags were collected with each resident's
                             separate written consent (consent records are written; without it those tags are skipped);
                             runs with the V8 heap capped at RENXING_IMPORT_HEAP_MB (default 512, 0: no cap)
  seed --scale N             generate N synthetic residents over many communities (benchmarks)
  user create <username> --role <role> --org <code> --name <display name>
                             create a staff account (e.g. the first security admin of a new installation); prints a
                             one-time password once — the user must set their own at first login; audited
  user password-reset <username> --reason <text>
                             a new one-time password (e.g. the only security admin forgot theirs); sessions end; audited
  user mfa-reset <username>  remove a user's second factor (e.g. the only security admin lost their phone); audited,
                             ends the user's sessions; for the operator on the server
  orgs import <file.csv> [--dry-run] [--json]
                             add the administrative hierarchy (市/区县/街道/社区/网格) from a CSV: 编码,名称,层级,上级编码;
                             all-or-nothing, idempotent, audited
  orgs list [--under <code>] print the hierarchy (code, level, name)
  retention run [--dry-run] [--json]
                             delete or empty what is past the retention of the field registry (PRIV-04) and print the
                             deletion certificate (counts per table and column, hash chained); --dry-run only counts

Environment: see README.md (Configuration).
`;

/**
 * The part of HELP about one command (`renxing backup --help`): its entries — a line `  <cmd> …` and the indented lines
 * under it — or null when HELP has none. Every command answers --help the same way, from the one text above.
 */
export function helpFor(cmd: string): string | null {
  const out: string[] = [];
  let inEntry = false;
  for (const line of HELP.split('\n')) {
    const entry = /^ {2}(\S+)/.exec(line);
    if (entry) inEntry = entry[1] === cmd;
    else if (!/^ {4,}\S/.test(line)) inEntry = false;
    if (inEntry) out.push(line);
  }
  return out.length > 0 ? `renxing ${cmd} — usage:\n${out.join('\n')}\n\nEnvironment: see README.md (Configuration).\n` : null;
}

const wantsHelp = (args: string[]) => args.includes('--help') || args.includes('-h');

/** Runs a CLI command; returns the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  // `renxing <command> … --help` (analyze has its own, longer help).
  if (cmd !== 'analyze' && wantsHelp(rest)) {
    process.stdout.write(helpFor(cmd) ?? HELP);
    return 0;
  }
  const config = loadConfig();
  switch (cmd) {
    case 'serve':
      await serve(config);
      return -1; // keep running
    case 'migrate': {
      if (!config.databaseUrl) ensureDataDir(config);
      const database = await openConfiguredDatabase(config);
      const applied = await migrateToLatest(database.db, database.dialect);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      const restored = await restoreDeferredIndexes(database);
      if (restored.length) process.stdout.write(`recreated indexes an interrupted bulk load had dropped: ${restored.join(', ')}\n`);
      await database.close();
      return 0;
    }
    case 'seed': {
      if (config.mode === 'production') {
        process.stderr.write('refusing to seed in production mode: the demo accounts share a published password and --scale data is synthetic\n');
        return 2;
      }
      const platform = await createPlatform({ ...config, logLevel: 'warn' });
      const app = await buildApp(platform);
      const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean' }, scale: { type: 'string' } }, allowPositionals: false });
      if (values.scale) {
        const n = Number(values.scale);
        if (!Number.isInteger(n) || n < 1) {
          process.stderr.write('--scale must be a positive integer\n');
          return 2;
        }
        await seedFoundation(app);
        const t0 = Date.now();
        const res = await seedScale(platform, app.services.audit, app.services.orgs, SEED_ACTOR, n, {
          onProgress: (k) => process.stderr.write(`\r${k} residents`),
        });
        process.stderr.write('\n');
        process.stdout.write(`${JSON.stringify({ ...res, seconds: (Date.now() - t0) / 1000 })}\n`);
        await app.app.close();
        await closePlatform(platform);
        return 0;
      }
      const res = await seedAll(app, platform, { demo: true });
      process.stdout.write(`${JSON.stringify(res)}\n`);
      await app.app.close();
      await closePlatform(platform);
      return 0;
    }
    case 'audit': {
      if (rest[0] !== 'verify' && rest[0] !== 'anchor' && rest[0] !== 'purge') {
        process.stderr.write('usage: renxing audit verify [--anchor <file|dir> …] | renxing audit anchor [--out <file>] | renxing audit purge [--dry-run] [--json]\n');
        return 2;
      }
      if (rest[0] === 'purge') {
        // Writes (checkpoint, deletions, audit row): the migrated, writable database, like `retention run`.
        const platform = await createPlatform({ ...config, logLevel: 'warn' });
        try {
          const out = { stdout: (s: string) => void process.stdout.write(s), stderr: (s: string) => void process.stderr.write(s) };
          return await runAuditCommand(rest, platform.database, out, () => platform.clock.now(), { retentionDays: config.auditRetentionDays });
        } finally {
          await closePlatform(platform);
        }
      }
      const database = await openConfiguredDatabase(config, { allowNonDurable: true, readonly: !config.databaseUrl });
      try {
        const code = await runAuditCommand(rest, database, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
        if (rest[0] !== 'verify' || code === 2) return code;
        // The certificate chains of the retention job (ADR 0024) and of residents' deletion requests (ADR 0037): checked too.
        let ok = true;
        for (const [label, check] of [['retention certificate', verifyRetentionCertificates], ['deletion certificate', verifyDeletionCertificates]] as const) {
          const r = await check(database);
          ok &&= r.ok;
          process.stdout.write(r.ok ? `${label}s ok: ${r.checked} checked\n` : `${label} chain BROKEN at certificate #${r.firstBrokenSeq}; ${r.checked} checked\n`);
        }
        return ok ? code : 1;
      } finally {
        await database.close();
      }
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
      if (!fs.existsSync(config.sqlitePath)) {
        process.stderr.write(`no database at ${config.sqlitePath}: check RENXING_DATA_DIR (${config.dataDir})\n`);
        return 1;
      }
      const keys = existingKeys(config, 'backup');
      if (!keys) return 1;
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
      // A .rxbak is a SQLite database: with DATABASE_URL set it would land in an unused SQLite file next to the keys.
      if (config.databaseUrl) {
        process.stderr.write('PostgreSQL (DATABASE_URL is set): restore with pg_restore or point-in-time recovery, then `renxing erasures reapply`; see docs/operations.md §3\n');
        return 2;
      }
      const keys = existingKeys(config, 'restore');
      if (!keys) return 1;
      let res;
      try {
        res = restoreSqlite(positionals[0], config.sqlitePath, keys.dataKey);
      } catch (e) {
        process.stderr.write(`restore refused, nothing changed: ${(e as Error).message}\n`);
        return 1;
      }
      process.stdout.write(`restored into ${config.sqlitePath}: ${Object.entries(res.tables).map(([t, n]) => `${t}=${n}`).join(' ')}\n`);
      // Everyone erased after the backup was taken is back in it: erase them again before anyone sees them (ADR 0043).
      try {
        const r = await reapplyErasures(config, 'restore');
        process.stdout.write(`erasure ledger: ${r.checked} erasures checked, ${r.reapplied} re-applied${r.reapplied ? ' (new deletion certificates, audited)' : ''}\n`);
        if (r.invalidLines.length) process.stderr.write(`erasure ledger ${config.erasureLedgerFile}: unreadable lines ${r.invalidLines.join(', ')}; check the file\n`);
        return r.invalidLines.length ? 1 : 0;
      } catch (e) {
        process.stderr.write(`restored, but re-applying erasures failed: ${(e as Error).message}\nrun \`renxing erasures reapply\` before starting the server\n`);
        return 1;
      }
    }
    case 'erasures': {
      if (rest[0] === 'prune') return runErasuresPrune(config, rest.slice(1));
      let parsed;
      try {
        parsed = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' } } });
      } catch (e) {
        process.stderr.write(`${(e as Error).message}\nusage: renxing erasures reapply [--json]\n`);
        return 2;
      }
      if (parsed.positionals.length !== 1 || parsed.positionals[0] !== 'reapply') {
        process.stderr.write(`usage: renxing erasures reapply [--json]\n       ${PRUNE_USAGE}`);
        return 2;
      }
      const r = await reapplyErasures(config, 'cli');
      if (parsed.values.json) {
        const extra = { ...(r.backfilled ? { backfilled: r.backfilled } : {}), ...(r.invalidLines.length ? { invalidLines: r.invalidLines } : {}) };
        process.stdout.write(`${JSON.stringify({ checked: r.checked, reapplied: r.reapplied, ...extra })}\n`);
      } else {
        process.stdout.write(`erasure ledger ${config.erasureLedgerFile}: ${r.checked} erasures checked, ${r.reapplied} re-applied\n`);
        if (r.backfilled) process.stdout.write(`  ${r.backfilled} lines added from the database's deletion certificates (the ledger lacked them)\n`);
        for (const i of r.items) process.stdout.write(`  request ${i.requestId} (${i.scope}): deletion certificate #${i.certificateSeq} ${i.certificateHash}\n`);
      }
      if (r.invalidLines.length) process.stderr.write(`unreadable ledger lines: ${r.invalidLines.join(', ')}; check the file\n`);
      return r.invalidLines.length ? 1 : 0;
    }
    case 'import': {
      const usage = 'usage: renxing import residents <file> --community <code> [--dry-run] [--partial] [--care-consent written] [--json]\n';
      let parsed;
      try {
        parsed = parseArgs({
          args: rest, allowPositionals: true,
          options: {
            community: { type: 'string' }, 'dry-run': { type: 'boolean' }, partial: { type: 'boolean' }, json: { type: 'boolean' }, 'care-consent': { type: 'string' },
          },
        });
      } catch (e) {
        process.stderr.write(`${(e as Error).message}\n${usage}`);
        return 2;
      }
      const { values, positionals } = parsed;
      const careConsent = values['care-consent'];
      if (positionals[0] !== 'residents' || !positionals[1] || positionals.length > 2 || !values.community || (careConsent !== undefined && careConsent !== 'written')) {
        process.stderr.write(usage);
        return 2;
      }
      // The heap this import runs with (ADR 0054: capped by the relaunch in bin/renxing.mjs), for whoever reads the log.
      process.stderr.write(`V8 heap limit ${Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20)} MB (RENXING_IMPORT_HEAP_MB)\n`);
      const platform = await createPlatform({ ...config, logLevel: 'warn' });
      const app = await buildApp(platform);
      try {
        const res = await app.services.imports.run({
          communityId: values.community, filePath: positionals[1], fileName: positionals[1], mode: values.partial ? 'partial' : 'all_or_nothing',
          dryRun: !!values['dry-run'], principal: null, careConsent: careConsent === 'written' ? 'written' : null,
          // The operator on the server is trusted with big files; zip-bomb entry and ratio limits still apply.
          limits: { maxCsvBytes: 2 ** 31, maxXlsxBytes: 2 ** 31, maxUncompressedBytes: 4 * 2 ** 30 },
          actor: CLI_ACTOR,
        });
        // Care tags (ADR 0033): consents written for the file, and rows whose care tags were skipped without one.
        const withheld = res.warnings.find((w) => w.code === 'care_tags_without_consent')?.count ?? 0;
        // Children under 14 whose row names no guardian to have given the written consent (ADR 0039).
        const childWithheld = res.warnings.find((w) => w.code === 'care_tags_child_without_guardian')?.count ?? 0;
        const care = {
          ...(res.consentsRecorded ? { consentsRecorded: res.consentsRecorded } : {}), ...(withheld ? { careTagsWithheld: withheld } : {}),
          ...(childWithheld ? { childCareTagsWithheld: childWithheld } : {}),
        };
        if (values.json) {
          process.stdout.write(`${JSON.stringify({ rows: res.rows, imported: res.imported, updated: res.updated, unchanged: res.unchanged, errors: res.errors.map((e) => ({ row: e.row, column: e.column, code: e.code, message: e.message })), ...care })}\n`);
        } else {
          const checked = res.status === 'dry_run'
            ? `dry run, nothing written${res.mode === 'all_or_nothing' && res.errorCount ? ' (all-or-nothing: the file would be rejected until its errors are fixed, or use --partial)' : ''}: ${res.rows} rows, ${res.imported} to import, ${res.updated} to update (${res.unchanged} unchanged)`
            : `${res.status}: ${res.rows} rows, ${res.imported} imported, ${res.updated} updated (${res.unchanged} unchanged)`;
          process.stdout.write(`${checked}, ${res.errorCount} rows with errors\n`);
          if (res.consentsRecorded) process.stdout.write(`  ${res.consentsRecorded} care-services consents recorded (written)\n`);
          if (withheld) process.stdout.write(`  care tags of ${withheld} rows not stored: no consent on record (use --care-consent written if the file was collected with written consent)\n`);
          if (childWithheld) process.stdout.write(`  care tags of ${childWithheld} rows of children under 14 not stored: no guardian linked to give the consent\n`);
          for (const e of res.errors.slice(0, 50)) process.stdout.write(`  row ${e.row} [${e.column}] ${e.code}: ${e.message}\n`);
          if (res.errors.length > 50) process.stdout.write(`  … ${res.errors.length - 50} more\n`);
        }
        // A dry run exits as the real run would: all-or-nothing with row errors is rejected (exit 1), so a script can
        // check a file first and import only when the check passed.
        const wouldReject = res.status === 'rejected' || (res.status === 'dry_run' && res.mode === 'all_or_nothing' && res.errorCount > 0);
        return wouldReject ? 1 : 0;
      } catch (e) {
        const err = e as { code?: string; message: string; messageEn?: string };
        if (values.json) process.stdout.write(`${JSON.stringify({ rows: 0, imported: 0, updated: 0, unchanged: 0, errors: [], error: { code: err.code, message: err.message } })}\n`);
        else process.stderr.write(`import failed: ${err.code ?? ''} ${err.message}\n`);
        return 1;
      } finally {
        await app.app.close();
        await closePlatform(platform);
      }
    }
    case 'user':
      return runUser(config, rest);
    case 'orgs':
      return runOrgs(config, rest);
    case 'analyze':
      return runAnalyze(rest);
    case 'retention':
      return runRetention(config, rest);
    default:
      process.stderr.write(`unknown command: ${cmd}\n\n${HELP}`);
      return 2;
  }
}

/**
 * The key ring for `backup` / `restore`: the keys the data was encrypted with, from RENXING_DATA_KEY/RENXING_INDEX_KEY
 * or an existing key file — never newly generated (a backup under a new key, or a restore that tries one, is useless).
 * Null (after a message naming the variables) when there are none.
 */
function existingKeys(config: ReturnType<typeof loadConfig>, cmd: 'backup' | 'restore') {
  if (!config.dataKey && !config.indexKey && !fs.existsSync(config.keyFile)) {
    process.stderr.write(`${cmd}: no keys — ${cmd === 'restore' ? 'a backup can only be restored with the data key it was made with' : 'the database was encrypted with keys that are not here'}. ` +
      `Set RENXING_DATA_KEY and RENXING_INDEX_KEY (from the key store), or RENXING_KEY_FILE, or put the key file at ${config.keyFile}\n`);
    return null;
  }
  return loadKeyRing(config);
}

export function describeStartupError(e: unknown): string {
  if (e instanceof DurabilityError || e instanceof KeyError) return `refusing to start: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

/** `renxing orgs import|list`: the operator sets up the administrative hierarchy of a real installation. */
async function runOrgs(config: ReturnType<typeof loadConfig>, rest: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest, allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, under: { type: 'string' } },
  });
  const [sub, file] = positionals;
  if (!(sub === 'import' && file && positionals.length === 2) && !(sub === 'list' && positionals.length === 1)) {
    process.stderr.write('usage: renxing orgs import <file.csv> [--dry-run] [--json] | renxing orgs list [--under <code>]\n');
    return 2;
  }
  const platform = await createPlatform({ ...config, logLevel: 'warn' });
  const app = await buildApp(platform);
  try {
    if (sub === 'list') {
      const root = values.under ? await app.services.orgs.byCode(values.under) : null;
      if (values.under && !root) {
        process.stderr.write(`no org with code ${values.under}\n`);
        return 1;
      }
      for (const o of await app.services.orgs.within(root ? root.path : '/')) {
        const depth = o.path.split('/').filter(Boolean).length - 1;
        process.stdout.write(`${'  '.repeat(depth)}${o.code}  ${o.level}  ${o.name}\n`);
      }
      return 0;
    }
    let text: string;
    try {
      text = decodeCsv(fs.readFileSync(file!));
    } catch (e) {
      process.stderr.write(`cannot read ${file}: ${(e as Error).message}\n`);
      return 1;
    }
    const res = await importOrgs(platform.database, app.services.audit, CLI_ACTOR, text, {
      dryRun: !!values['dry-run'], now: platform.clock.now(),
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ rows: res.rows, created: res.created, unchanged: res.unchanged, dryRun: res.dryRun, errors: res.errors.map((e) => ({ row: e.row, column: e.column, code: e.code, message: e.message })) })}\n`);
    } else {
      const verb = res.errors.length ? 'rejected' : res.dryRun ? 'dry run' : 'imported';
      process.stdout.write(`${verb}: ${res.rows} rows, ${res.created} ${res.dryRun || res.errors.length ? 'to create' : 'created'}, ${res.unchanged} already present, ${res.errors.length} errors\n`);
      for (const e of res.errors.slice(0, 50)) process.stdout.write(`  row ${e.row} [${e.column}] ${e.code}: ${e.message}\n`);
    }
    return res.errors.length ? 1 : 0;
  } finally {
    await app.app.close();
    await closePlatform(platform);
  }
}

const CLI_ACTOR = systemActor('system:cli');

/** Re-applies the erasure ledger to the configured database (ADR 0043): after `restore`, or `erasures reapply`. */
async function reapplyErasures(config: ReturnType<typeof loadConfig>, trigger: ReapplyTrigger): Promise<ReapplyResult> {
  const platform = await createPlatform({ ...config, logLevel: 'warn' });
  try {
    const app = await buildApp(platform);
    try {
      return await app.services.deletions.reapplyErasures(trigger);
    } finally {
      await app.app.close();
    }
  } finally {
    await closePlatform(platform);
  }
}

const PRUNE_USAGE = 'renxing erasures prune (--before <date|ISO time> | --backups <dir>) [--dry-run] [--json]\n';

/**
 * `--before`: an ISO time with an offset (`2026-05-01T02:00:00Z`, `…+08:00`), or a date (`2026-05-01`), read as 00:00
 * China Standard Time (+08:00) — the earlier of the plausible readings, so a date never removes a line a backup of
 * that day might need. Null: not one of these.
 */
export function parsePruneCutoff(s: string): Date | null {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(s);
  if (!date && !iso) return null;
  const d = new Date(date ? `${s}T00:00:00+08:00` : s);
  if (Number.isNaN(d.getTime())) return null;
  if (date && new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10) !== s) return null;
  return d;
}

/**
 * `--backups <dir>`: the time of the oldest backup in `dir` — the `createdAt` of the `<file>.manifest.json` files
 * `renxing backup` writes. Throws (a usage error) for a folder without any, or with a manifest it cannot read: that
 * backup might be the oldest.
 */
export function oldestBackupTime(dir: string): { at: Date; file: string; count: number } {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.manifest.json')).sort();
  } catch (e) {
    throw new Error(`--backups: 无法读取目录 ${dir} / cannot read the folder ${dir}: ${(e as Error).message}`);
  }
  let oldest: { at: Date; file: string } | null = null;
  for (const n of names) {
    const file = `${dir.replace(/\/+$/, '')}/${n}`;
    let at: Date;
    try {
      const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: unknown; createdAt?: unknown };
      if (m.format !== 'renxing-sqlite-backup-v1' || typeof m.createdAt !== 'string') throw new Error('not a renxing backup manifest (format, createdAt)');
      at = new Date(m.createdAt);
      if (Number.isNaN(at.getTime())) throw new Error(`createdAt is not a time: ${m.createdAt}`);
    } catch (e) {
      throw new Error(`--backups: 无法读取备份清单 ${file}（它可能是最早的备份）/ cannot read the backup manifest ${file} (it may be the oldest backup): ${(e as Error).message}`);
    }
    if (!oldest || at < oldest.at) oldest = { at, file };
  }
  if (!oldest) throw new Error(`--backups: 目录 ${dir} 中没有备份清单（*.manifest.json）/ the folder ${dir} holds no backup manifest (*.manifest.json)`);
  return { ...oldest, count: names.length };
}

/** `renxing erasures prune`: removes the erasure-ledger lines no kept backup can need any more (ADR 0043, addendum). */
async function runErasuresPrune(config: ReturnType<typeof loadConfig>, rest: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { before: { type: 'string' }, backups: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } } });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nusage: ${PRUNE_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length) {
    process.stderr.write(`unexpected argument: ${positionals[0]}\nusage: ${PRUNE_USAGE}`);
    return 2;
  }
  if ((values.before === undefined) === (values.backups === undefined)) {
    process.stderr.write(`须且只能给出 --before 或 --backups 之一 / give exactly one of --before or --backups\nusage: ${PRUNE_USAGE}`);
    return 2;
  }
  let cutoff: Date;
  let field: string;
  let source = '';
  if (values.before !== undefined) {
    field = '--before';
    const d = parsePruneCutoff(values.before);
    if (!d) {
      process.stderr.write(`--before：应为日期（2026-05-01，按北京时间 00:00）或带时区的 ISO 时间 / --before: expected a date (2026-05-01, read as 00:00 China time) or an ISO time with an offset (2026-05-01T02:00:00Z): ${values.before}\n`);
      return 2;
    }
    cutoff = d;
  } else {
    field = '--backups';
    try {
      const o = oldestBackupTime(values.backups!);
      cutoff = o.at;
      source = ` (oldest of ${o.count} backup manifests: ${o.file})`;
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n`);
      return 2;
    }
  }
  const platform = await createPlatform({ ...config, logLevel: 'warn' });
  try {
    const app = await buildApp(platform);
    try {
      const r = await app.services.deletions.pruneLedger({ cutoff, dryRun: !!values['dry-run'], actor: CLI_ACTOR, field });
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ cutoff: r.cutoff, kept: r.kept, removed: r.removed, notInForce: r.notInForce, dryRun: r.dryRun, ...(r.invalidLines.length ? { invalidLines: r.invalidLines } : {}) })}\n`);
      } else {
        process.stdout.write(`erasure ledger ${config.erasureLedgerFile}: cutoff ${r.cutoff}${source}${r.dryRun ? ' — dry run, nothing changed' : ''}\n`);
        process.stdout.write(`  ${r.removed} lines ${r.dryRun ? 'would be ' : ''}removed (decided before the cutoff), ${r.kept} kept\n`);
        if (r.notInForce) process.stdout.write(`  ${r.notInForce} lines decided before the cutoff kept: their erasure is not in force in this database — run \`renxing erasures reapply\`\n`);
        if (r.carried) process.stdout.write(`  ${r.carried} lines appended while pruning carried over\n`);
      }
      if (r.invalidLines.length) process.stderr.write(`unreadable ledger lines (kept as they are): ${r.invalidLines.join(', ')}; check the file\n`);
      return 0;
    } catch (e) {
      const err = e as { status?: number; messageZh?: string; messageEn?: string; message: string };
      if (err.status === 400) {
        process.stderr.write(`${err.messageZh} / ${err.messageEn}\n`);
        return 2;
      }
      process.stderr.write(`erasure ledger prune failed: ${err.message}\n`);
      return 1;
    } finally {
      await app.app.close();
    }
  } finally {
    await closePlatform(platform);
  }
}

/** `renxing retention run [--dry-run] [--json]`: the retention job now, for the operator; prints the certificate. */
async function runRetention(config: ReturnType<typeof loadConfig>, rest: string[]): Promise<number> {
  const usage = 'usage: renxing retention run [--dry-run] [--json]\n';
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } } });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'run') {
    process.stderr.write(usage);
    return 2;
  }
  const platform = await createPlatform({ ...config, logLevel: 'warn' });
  const app = await buildApp(platform);
  try {
    const { retention } = app.services;
    const res = values['dry-run'] ? { dryRun: true, ...(await retention.dryRun()) } : { dryRun: false, ...(await retention.run(CLI_ACTOR)) };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(res)}\n`);
      return 0;
    }
    const head = 'seq' in res
      ? `deletion certificate #${res.seq} (${res.id})\n  started ${res.startedAt}, finished ${res.finishedAt}\n  hash ${res.hash}\n  previous ${res.prevHash}\n`
      : `dry run at ${res.at}: nothing changed, this is what a run would remove\n`;
    process.stdout.write(head);
    for (const c of res.counts) {
      const cols = Object.entries(c.columns).map(([k, n]) => `${k}=${n}`).join(' ');
      process.stdout.write(`  ${c.table}: ${res.dryRun ? 'would ' : ''}${c.action === 'delete' ? 'delete' : 'empty'} ${c.rows} rows (older than ${c.days} days; ${cols})\n`);
    }
    process.stdout.write(`  total ${res.total}\n`);
    return 0;
  } finally {
    await app.app.close();
    await closePlatform(platform);
  }
}

/**
 * The operator on the server acts with the whole hierarchy as scope: account rules (role fits the org level, no
 * resident or device accounts, unique usernames, one-time passwords) are the security admin's, only the scope is wider.
 */
const OPERATOR: Principal = {
  kind: 'user', id: 'system:cli', username: 'system', displayName: '命令行操作员', role: 'system', orgId: '', orgPath: '/', orgLevel: 'city',
  orgName: '', orgCode: '', permissions: new Set(), sessionId: null, csrfToken: null, mfaEnrolled: false, mfaAt: null,
};

/** `renxing user create|password-reset|mfa-reset`: account actions for the operator on the server (bootstrap, lost access). */
async function runUser(config: ReturnType<typeof loadConfig>, rest: string[]): Promise<number> {
  const usage = 'usage: renxing user create <username> --role <role> --org <code> --name <display name>\n' +
    '       renxing user password-reset <username> --reason <text>\n       renxing user mfa-reset <username>\n';
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { role: { type: 'string' }, org: { type: 'string' }, name: { type: 'string' }, reason: { type: 'string' } } });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [sub, username] = positionals;
  const ok = positionals.length === 2 && (
    (sub === 'create' && values.role && values.org && values.name) || (sub === 'password-reset' && values.reason) || sub === 'mfa-reset');
  if (!ok) {
    process.stderr.write(usage);
    return 2;
  }
  const platform = await createPlatform({ ...config, logLevel: 'warn' });
  const app = await buildApp(platform);
  const { auth, orgs } = app.services;
  try {
    if (sub === 'create') {
      const org = await orgs.byCode(values.org!);
      if (!org) {
        process.stderr.write(`no org with code ${values.org} (renxing orgs list)\n`);
        return 1;
      }
      const res = await auth.createAccount(OPERATOR, CLI_ACTOR, { username: username!, displayName: values.name!, role: values.role!, orgId: org.id });
      process.stdout.write(`created ${res.user.username} (${values.role} at ${org.name} ${org.code})\none-time password: ${res.oneTimePassword}\n` +
        'hand it over in person; the user must set their own password at first login\n');
      return 0;
    }
    const user = await auth.findByUsername(username!);
    if (!user) {
      process.stderr.write(`no user named ${username}\n`);
      return 1;
    }
    if (sub === 'password-reset') {
      const res = await auth.resetPassword(OPERATOR, CLI_ACTOR, user.id, values.reason!);
      process.stdout.write(`new one-time password for ${user.username}: ${res.oneTimePassword}\ntheir sessions ended; they must set their own password at next login\n`);
      return 0;
    }
    await auth.mfaReset(null, user.id, CLI_ACTOR);
    process.stdout.write(`second factor removed for ${user.username}; their sessions ended; they set it up again on the next privileged action\n`);
    return 0;
  } catch (e) {
    const err = e as { code?: string; message: string; details?: Array<{ path: string; message: string }> };
    process.stderr.write(`${sub} failed: ${err.code ?? ''} ${err.message}${err.details?.length ? ` (${err.details.map((d) => `${d.path}: ${d.message}`).join('; ')})` : ''}\n`);
    return 1;
  } finally {
    await app.app.close();
    await closePlatform(platform);
  }
}
