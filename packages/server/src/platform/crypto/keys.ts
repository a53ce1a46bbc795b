import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The two secrets kept outside the database: AES-256-GCM data key and HMAC blind-index key. */
export type KeyRing = { dataKey: Buffer; indexKey: Buffer; source: 'env' | 'file' | 'generated' };

/** Thrown when keys are missing where they must not be generated (production mode). */
export class KeyError extends Error {}

function decodeKey(name: string, v: string): Buffer {
  const b = /^[0-9a-f]{64}$/i.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
  if (b.length !== 32) throw new KeyError(`${name} must be 32 bytes (64 hex characters or base64)`);
  return b;
}

/**
 * Loads the key ring: from RENXING_DATA_KEY / RENXING_INDEX_KEY, else from the key file. In embedded mode a missing
 * key file is generated (mode 0600); in production mode the server refuses to start without keys.
 */
export function loadKeyRing(o: {
  /**
   * False when the database already holds data (encrypted under some key): a missing key file is then an error — a
   * new key could read none of it. Default true (a new installation).
   */
  generate?: boolean;
  mode: 'embedded' | 'production';
  keyFile: string;
  /** RENXING_KEY_FILE was set: a missing file is an error, never a reason to generate keys. */
  keyFileSet?: boolean;
  dataKey: string | null;
  indexKey: string | null;
}): KeyRing {
  if (o.dataKey || o.indexKey) {
    if (!o.dataKey || !o.indexKey) throw new KeyError('Both RENXING_DATA_KEY and RENXING_INDEX_KEY must be set');
    return { dataKey: decodeKey('RENXING_DATA_KEY', o.dataKey), indexKey: decodeKey('RENXING_INDEX_KEY', o.indexKey), source: 'env' };
  }
  if (fs.existsSync(o.keyFile)) {
    let j: { dataKey?: unknown; indexKey?: unknown };
    try {
      j = JSON.parse(fs.readFileSync(o.keyFile, 'utf8')) as typeof j;
    } catch (e) {
      throw new KeyError(`key file ${o.keyFile} (RENXING_KEY_FILE) cannot be read: ${(e as Error).message}`);
    }
    if (typeof j?.dataKey !== 'string' || typeof j.indexKey !== 'string') {
      throw new KeyError(`key file ${o.keyFile} (RENXING_KEY_FILE) must be JSON with "dataKey" and "indexKey" (64 hex characters or base64 of 32 bytes each)`);
    }
    return { dataKey: decodeKey(`dataKey in ${o.keyFile}`, j.dataKey), indexKey: decodeKey(`indexKey in ${o.keyFile}`, j.indexKey), source: 'file' };
  }
  // A mistyped path must not silently make new keys: the encrypted columns and the backups would become unreadable.
  if (o.keyFileSet) {
    throw new KeyError(`RENXING_KEY_FILE=${o.keyFile}: no such file. Point it at the existing key file (or unset it and set RENXING_DATA_KEY and RENXING_INDEX_KEY).`);
  }
  if (o.mode === 'production') {
    throw new KeyError(
      'Production mode needs the encryption and blind-index keys: set RENXING_DATA_KEY and RENXING_INDEX_KEY, or RENXING_KEY_FILE. Refusing to start.',
    );
  }
  if (o.generate === false) {
    throw new KeyError(
      `the key file ${o.keyFile} is missing, but the database already holds data encrypted under a key; a new key could not read it and is not generated. ` +
        'Put the key file back from your key copies (docs/operations.md §4), or set RENXING_DATA_KEY and RENXING_INDEX_KEY, or RENXING_KEY_FILE.',
    );
  }
  fs.mkdirSync(path.dirname(o.keyFile), { recursive: true, mode: 0o700 });
  const ring = { dataKey: crypto.randomBytes(32), indexKey: crypto.randomBytes(32) };
  fs.writeFileSync(
    o.keyFile,
    JSON.stringify({ dataKey: ring.dataKey.toString('hex'), indexKey: ring.indexKey.toString('hex'), createdAt: new Date().toISOString() }),
    { mode: 0o600, flag: 'wx' },
  );
  return { ...ring, source: 'generated' };
}
