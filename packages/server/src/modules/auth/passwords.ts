import { hash, verify } from '@node-rs/argon2';

// algorithm 2 = Argon2id (the package's const enum cannot be imported under isolatedModules).
const OPTS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** argon2id hash (OWASP parameters: m=19 MiB, t=2, p=1). */
export function hashPassword(pw: string): Promise<string> {
  return hash(pw, OPTS);
}

let dummy: Promise<string> | null = null;

/** Verifies a password; with no stored hash it still spends the same work so timing does not reveal unknown accounts. */
export async function verifyPassword(stored: string | null, pw: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hash('renxing-dummy-password-for-timing', OPTS);
    await verify(await dummy, pw).catch(() => false);
    return false;
  }
  return verify(stored, pw).catch(() => false);
}

/**
 * Passwords printed in this project's own documentation (the demo accounts' password, README): everyone knows them, so
 * no one may choose one as their own. Not part of the shared policy, because the demo seed itself uses it.
 */
const PUBLISHED = new Set(['renxing@demo2026']);

export function isPublishedPassword(pw: string): boolean {
  return PUBLISHED.has(pw.normalize('NFKC').trim().toLowerCase());
}
