import crypto from 'node:crypto';
import { pooledRandomBytes } from '../ids';
import type { KeyRing } from './keys';

/**
 * Field-level encryption (AES-256-GCM, random 96-bit IV, the column name as associated data so a ciphertext cannot be
 * moved to another column) and keyed blind indexes (HMAC-SHA256) for equality lookups.
 */
export type FieldCrypto = {
  encrypt(column: string, plaintext: string): string;
  decrypt(column: string, ciphertext: string): string;
  /** Keyed blind index of a normalised value, hex; domain-separated by `kind`. */
  blindIndex(kind: string, normalized: string): string;
};

export function createFieldCrypto(keys: KeyRing): FieldCrypto {
  return {
    encrypt(column, plaintext) {
      const iv = pooledRandomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', keys.dataKey, iv);
      c.setAAD(Buffer.from(column));
      const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
      return `v1.${iv.toString('base64url')}.${ct.toString('base64url')}.${c.getAuthTag().toString('base64url')}`;
    },
    decrypt(column, value) {
      const [v, iv, ct, tag] = value.split('.');
      if (v !== 'v1' || !iv || ct === undefined || !tag) throw new Error('Unknown ciphertext format');
      const d = crypto.createDecipheriv('aes-256-gcm', keys.dataKey, Buffer.from(iv, 'base64url'));
      d.setAAD(Buffer.from(column));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
    },
    blindIndex(kind, normalized) {
      return crypto.createHmac('sha256', keys.indexKey).update(`${kind}:${normalized}`).digest('hex');
    },
  };
}
