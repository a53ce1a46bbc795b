import crypto from 'node:crypto';

/**
 * CSPRNG bytes served from a pooled buffer (one getrandom call per 4 KiB instead of per id or IV, like Node's own
 * randomUUID pool). Each returned slice is handed out once; callers may write into it.
 */
let pool = Buffer.alloc(0);
let poolOffset = 0;
export function pooledRandomBytes(n: number): Buffer {
  if (n > 256) return crypto.randomBytes(n);
  if (poolOffset + n > pool.length) {
    pool = crypto.randomBytes(4096);
    poolOffset = 0;
  }
  const b = pool.subarray(poolOffset, poolOffset + n);
  poolOffset += n;
  return b;
}

/** Time-ordered UUIDv7 string (sortable ids for rows created offline or online). */
export function uuidv7(now = Date.now()): string {
  const b = pooledRandomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * SHA-256 hex digest. The one-shot `crypto.hash` (Node ≥ 20.12) costs about half of createHash/update/digest for the
 * short inputs on the write path (session id, idempotency fingerprint, audit chain: ~0.8 vs ~1.7 µs per call here).
 */
export function sha256(data: string | Buffer): string {
  return crypto.hash('sha256', data, 'hex');
}

/** URL-safe random token. */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}
