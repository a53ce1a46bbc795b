import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

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
  const tmp = `${outFile}.tmp-${process.pid}.db`;
  fs.rmSync(tmp, { force: true });
  const src = new SqliteDatabase(sqlitePath, { fileMustExist: true });
  try {
    src.pragma('busy_timeout = 10000');
    src.prepare('vacuum into ?').run(tmp);
  } finally {
    src.close();
  }
  const copy = new SqliteDatabase(tmp, { readonly: true });
  let integrity: string;
  let tables: Record<string, number>;
  try {
    integrity = String(copy.pragma('integrity_check', { simple: true }));
    tables = tableCounts(copy);
  } finally {
    copy.close();
  }
  if (integrity !== 'ok') throw new Error(`backup copy failed integrity_check: ${integrity}`);
  const plain = fs.readFileSync(tmp);
  fs.rmSync(tmp, { force: true });
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', backupKey(dataKey), iv);
  c.setAAD(MAGIC);
  const body = Buffer.concat([c.update(plain), c.final()]);
  const out = Buffer.concat([MAGIC, iv, c.getAuthTag(), body]);
  fs.mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  fs.writeFileSync(outFile, out, { mode: 0o600 });
  const manifest: BackupManifest = {
    format: 'renxing-sqlite-backup-v1', createdAt: now.toISOString(), sha256: crypto.createHash('sha256').update(out).digest('hex'),
    plainSha256: crypto.createHash('sha256').update(plain).digest('hex'), bytes: out.length, tables, integrity, encrypted: true,
  };
  fs.writeFileSync(`${outFile}.manifest.json`, JSON.stringify(manifest, null, 2));
  return manifest;
}

/**
 * Restores a backup into `sqlitePath` (the server must be stopped): verifies the checksum and the GCM tag, checks
 * integrity, then atomically replaces the database file (and removes stale WAL/SHM files).
 */
export function restoreSqlite(backupFile: string, sqlitePath: string, dataKey: Buffer): { tables: Record<string, number> } {
  const buf = fs.readFileSync(backupFile);
  if (!buf.subarray(0, 8).equals(MAGIC)) throw new Error('not a Renxing backup file');
  const manifestPath = `${backupFile}.manifest.json`;
  if (fs.existsSync(manifestPath)) {
    const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as BackupManifest;
    const sum = crypto.createHash('sha256').update(buf).digest('hex');
    if (sum !== m.sha256) throw new Error('backup checksum does not match its manifest');
  }
  const iv = buf.subarray(8, 20);
  const tag = buf.subarray(20, 36);
  const d = crypto.createDecipheriv('aes-256-gcm', backupKey(dataKey), iv);
  d.setAAD(MAGIC);
  d.setAuthTag(tag);
  const plain = Buffer.concat([d.update(buf.subarray(36)), d.final()]);
  fs.mkdirSync(path.dirname(path.resolve(sqlitePath)), { recursive: true });
  const tmp = `${sqlitePath}.restore-${process.pid}`;
  fs.writeFileSync(tmp, plain, { mode: 0o600 });
  const check = new SqliteDatabase(tmp, { readonly: true });
  let tables: Record<string, number>;
  try {
    const integrity = String(check.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok') throw new Error(`backup failed integrity_check: ${integrity}`);
    tables = tableCounts(check);
  } finally {
    check.close();
  }
  for (const ext of ['-wal', '-shm']) fs.rmSync(`${sqlitePath}${ext}`, { force: true });
  fs.renameSync(tmp, sqlitePath);
  return { tables };
}
