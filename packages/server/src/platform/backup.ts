import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { fsyncDir } from './append-only-file';

const MAGIC = Buffer.from('RXBAK001');

export type BackupManifest = {
  format: 'renxing-sqlite-backup-v1';
  createdAt: string;
  sha256: string;
  plainSha256: string;
  bytes: number;
  tables: Record<string, number>;
  integrity: string;
  encrypted: true;
};

/** Writes a file and fsyncs it and its directory, so a backup or restore that reported success survives a crash. */
function writeFileDurable(file: string, data: Buffer | string, mode = 0o600) {
  const fd = fs.openSync(file, 'w', mode);
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fsyncDir(path.dirname(path.resolve(file)));
}

function backupKey(dataKey: Buffer): Buffer {
  return crypto.createHmac('sha256', dataKey).update('renxing-backup-key-v1').digest();
}

function tableCounts(db: SqliteDatabase.Database): Record<string, number> {
  const names = db.prepare("select name from sqlite_master where type='table' and name not like 'sqlite_%' order by name").pluck().all() as string[];
  const out: Record<string, number> = {};
  for (const n of names) out[n] = Number(db.prepare(`select count(*) from "${n}"`).pluck().get());
  return out;
}

/**
 * Consistent online backup of a live SQLite database: `VACUUM INTO` reads one snapshot (WAL readers never block the
 * writer), the copy is integrity-checked, then encrypted with AES-256-GCM under a key derived from the data key.
 * Writes `<file>` and `<file>.manifest.json` (checksums and row counts).
 */
export function backupSqlite(sqlitePath: string, outFile: string, dataKey: Buffer, now = new Date()): BackupManifest {
  // The plaintext copy lives next to the live database (same protection), never next to the output, which may be
  // removable or remote storage; it is deleted whatever happens.
  const tmp = path.join(path.dirname(path.resolve(sqlitePath)), `.backup-${process.pid}-${crypto.randomBytes(4).toString('hex')}.db`);
  let plain: Buffer;
  let integrity: string;
  let tables: Record<string, number>;
  try {
    const src = new SqliteDatabase(sqlitePath, { fileMustExist: true });
    try {
      src.pragma('busy_timeout = 10000');
      src.prepare('vacuum into ?').run(tmp);
    } finally {
      src.close();
    }
    const copy = new SqliteDatabase(tmp, { readonly: true });
    try {
      integrity = String(copy.pragma('integrity_check', { simple: true }));
      tables = tableCounts(copy);
    } finally {
      copy.close();
    }
    if (integrity !== 'ok') throw new Error(`backup copy failed integrity_check: ${integrity}`);
    plain = fs.readFileSync(tmp);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', backupKey(dataKey), iv);
  c.setAAD(MAGIC);
  const body = Buffer.concat([c.update(plain), c.final()]);
  const out = Buffer.concat([MAGIC, iv, c.getAuthTag(), body]);
  fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  writeFileDurable(outFile, out);
  const manifest: BackupManifest = {
    format: 'renxing-sqlite-backup-v1', createdAt: now.toISOString(), sha256: crypto.createHash('sha256').update(out).digest('hex'),
    plainSha256: crypto.createHash('sha256').update(plain).digest('hex'), bytes: out.length, tables, integrity, encrypted: true,
  };
  writeFileDurable(`${outFile}.manifest.json`, JSON.stringify(manifest, null, 2), 0o644);
  return manifest;
}

/** One line of `restore-drills.jsonl` in the data directory: evidence of restore tests (SECURITY M63, 等保 L3-CES1-29). */
export type RestoreRecord = {
  at: string;
  backupFile: string;
  /** SHA-256 of the encrypted backup file (its identity; the manifest carries the same value). */
  backupSha256: string | null;
  backupCreatedAt: string | null;
  durationMs: number;
  result: 'ok' | 'failed';
  error?: string;
  tables?: Record<string, number>;
};

/** Where restores into `sqlitePath` are recorded. */
export function restoreLogPath(sqlitePath: string): string {
  return path.join(path.dirname(path.resolve(sqlitePath)), 'restore-drills.jsonl');
}

/**
 * Refuses to replace a database that another process has open: leaving WAL mode needs exclusive access, so it fails
 * (or is silently not applied) while a server holds the file. A running server would otherwise keep writing into the
 * replaced, unlinked file.
 */
function assertNotInUse(sqlitePath: string) {
  if (!fs.existsSync(sqlitePath)) return;
  const db = new SqliteDatabase(sqlitePath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    let mode: string;
    try {
      mode = String(db.pragma('journal_mode = DELETE', { simple: true }));
    } catch {
      mode = 'busy';
    }
    if (mode !== 'delete') throw new Error(`${sqlitePath} is in use by another process; stop the server before restoring`);
  } finally {
    db.close();
  }
}

/**
 * Restores a backup into `sqlitePath` (the server must be stopped): verifies the checksum and the GCM tag, checks
 * integrity, then atomically replaces the database file (and removes stale WAL/SHM files). Every attempt, successful
 * or not, is appended to `restore-drills.jsonl` next to the database.
 */
export function restoreSqlite(backupFile: string, sqlitePath: string, dataKey: Buffer, now = () => new Date()): { tables: Record<string, number>; record: RestoreRecord } {
  const started = now();
  const t0 = performance.now();
  const record: RestoreRecord = { at: started.toISOString(), backupFile: path.resolve(backupFile), backupSha256: null, backupCreatedAt: null, durationMs: 0, result: 'failed' };
  const log = () => {
    record.durationMs = Math.round(performance.now() - t0);
    fs.mkdirSync(path.dirname(path.resolve(sqlitePath)), { recursive: true });
    fs.appendFileSync(restoreLogPath(sqlitePath), `${JSON.stringify(record)}\n`, { mode: 0o600 });
  };
  try {
    const tables = restoreInto(backupFile, sqlitePath, dataKey, record);
    record.result = 'ok';
    record.tables = tables;
    log();
    return { tables, record };
  } catch (e) {
    record.error = e instanceof Error ? e.message : String(e);
    log();
    throw e;
  }
}

function restoreInto(backupFile: string, sqlitePath: string, dataKey: Buffer, record: RestoreRecord): Record<string, number> {
  const buf = fs.readFileSync(backupFile);
  record.backupSha256 = crypto.createHash('sha256').update(buf).digest('hex');
  if (!buf.subarray(0, 8).equals(MAGIC)) throw new Error('not a Renxing backup file');
  const manifestPath = `${backupFile}.manifest.json`;
  if (fs.existsSync(manifestPath)) {
    const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as BackupManifest;
    record.backupCreatedAt = m.createdAt ?? null;
    if (record.backupSha256 !== m.sha256) throw new Error('backup checksum does not match its manifest');
  }
  const iv = buf.subarray(8, 20);
  const tag = buf.subarray(20, 36);
  const d = crypto.createDecipheriv('aes-256-gcm', backupKey(dataKey), iv);
  d.setAAD(MAGIC);
  d.setAuthTag(tag);
  let plain: Buffer;
  try {
    plain = Buffer.concat([d.update(buf.subarray(36)), d.final()]);
  } catch {
    throw new Error('the backup cannot be decrypted with this data key (RENXING_DATA_KEY or the key file; GCM authentication failed): it was made with another key, or the file was altered');
  }
  fs.mkdirSync(path.dirname(path.resolve(sqlitePath)), { recursive: true });
  assertNotInUse(sqlitePath);
  const tmp = `${sqlitePath}.restore-${process.pid}`;
  let tables: Record<string, number>;
  try {
    writeFileDurable(tmp, plain);
    const check = new SqliteDatabase(tmp, { readonly: true });
    try {
      const integrity = String(check.pragma('integrity_check', { simple: true }));
      if (integrity !== 'ok') throw new Error(`backup failed integrity_check: ${integrity}`);
      tables = tableCounts(check);
    } finally {
      check.close();
    }
    for (const ext of ['-wal', '-shm']) fs.rmSync(`${sqlitePath}${ext}`, { force: true });
    fs.renameSync(tmp, sqlitePath);
    fsyncDir(path.dirname(path.resolve(sqlitePath)));
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return tables;
}
