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
  mode: 'embedded' | 'production';
  keyFile: string;
  dataKey: string | null;
  indexKey: string | null;
}): KeyRing {
  if (o.dataKey || o.indexKey) {
    if (!o.dataKey || !o.indexKey) throw new KeyError('Both RENXING_DATA_KEY and RENXING_INDEX_KEY must be set');
    return { dataKey: decodeKey('RENXING_DATA_KEY', o.dataKey), indexKey: decodeKey('RENXING_INDEX_KEY', o.indexKey), source: 'env' };
  }
  if (fs.existsSync(o.keyFile)) {
    const j = JSON.parse(fs.readFileSync(o.keyFile, 'utf8')) as { dataKey: string; indexKey: string };
    return { dataKey: decodeKey('dataKey', j.dataKey), indexKey: decodeKey('indexKey', j.indexKey), source: 'file' };
  }
  if (o.mode === 'production') {
    throw new KeyError(
      'Production mode needs the encryption and blind-index keys: set RENXING_DATA_KEY and RENXING_INDEX_KEY, or RENXING_KEY_FILE. Refusing to start.',
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
