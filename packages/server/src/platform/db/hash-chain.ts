import type { Db } from './database';

/** The result of recomputing a certificate chain: how many were checked, and the first whose link or hash is wrong. */
export type ChainCheck = { ok: boolean; checked: number; firstBrokenSeq: number | null };

/** The all-zero hash the first link of a certificate chain points back to. */
export const CHAIN_GENESIS = '0'.repeat(64);

/**
 * Recomputes a hash-chained certificate table (`seq` 1, 2, … with `prev_hash` and `hash`; the retention job's and the
 * deletion requests' certificates, ADR 0024 and 0037) from the genesis, 1,000 rows at a time; names the first
 * certificate whose sequence number, link or hash does not match. Reads only, so it runs on the read-only connection
 * of `renxing audit verify` too. `decode` turns a row into its hash and body; `hashOf` is the chain's hash rule.
 */
export async function verifyHashChain<B extends { seq: number }>(
  db: Db,
  table: string,
  decode: (row: Record<string, unknown>) => { hash: string; prevHash: string; body: B },
  hashOf: (prevHash: string, body: B) => string,
): Promise<ChainCheck> {
  let prev = CHAIN_GENESIS;
  let checked = 0;
  for (let after = 0; ;) {
    const rows = await db.selectFrom(table).selectAll().where('seq', '>', after).orderBy('seq').limit(1000).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const { hash, prevHash, body } = decode(row);
      checked++;
      if (body.seq !== checked || prevHash !== prev || hashOf(prev, body) !== hash) return { ok: false, checked, firstBrokenSeq: body.seq };
      prev = hash;
    }
    after = Number(rows[rows.length - 1]!.seq);
  }
  return { ok: true, checked, firstBrokenSeq: null };
}
