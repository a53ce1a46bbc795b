import { hash, verify } from '@node-rs/argon2';

// algorithm 2 = Argon2id (the package's const enum cannot be imported under isolatedModules).
const OPTS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** argon2id hash (OWASP parameters: m=19 MiB, t=2, p=1). */
export function hashPassword(pw: string): Promise<string> {
  return hash(pw, OPTS);
}

/**
 * One argon2 hash per process for a *published* password (the demo accounts', printed in README), shared by every demo
 * account the seed creates. Those accounts share that password anyway and nobody may choose it as their own
 * (`isPublishedPassword`), so identical hashes reveal nothing; a test suite that seeds ~130 demo communities per run
 * no longer spends 11 hashes (~250 ms of CPU) on each. Refuses any other password: a password a person chose always
 * gets its own salt.
 */
const publishedHashes = new Map<string, Promise<string>>();
export function hashPublishedPassword(pw: string): Promise<string> {
  if (!isPublishedPassword(pw)) return Promise.reject(new Error('hashPublishedPassword: only for the published demo password'));
  let h = publishedHashes.get(pw);
  if (!h) {
    h = hashPassword(pw);
    publishedHashes.set(pw, h);
    h.catch(() => publishedHashes.delete(pw));
  }
  return h;
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
