import type { Kysely } from 'kysely';
import type { FieldCrypto } from '../../platform/crypto/field-crypto';
import type { Codec } from '../../platform/db/codec';

/**
 * Candidates for a row of an upper-level list (ADR 0083): the residents of an area (active or moved out) that share
 * the row's full ID, ID tail, full phone, phone tail, name or name pinyin — each found through its own index, at most
 * `PER_KEY` per key. The ID and phone are decrypted for the caller's comparison of masked digits in memory; they must
 * never leave the server (the screening module compares and drops them).
 */
export type MatchCandidate = {
  id: string; name: string; namePinyin: string; idNumber: string; phone: string | null; address: string; buildingId: string; gridId: string; orgPath: string;
  status: string; idMasked: string; restricted: boolean;
};

export type CandidateKeys = { idBidx?: string; idTail?: string; phoneBidx?: string; phoneTail?: string; name?: string; namePinyin?: string };

const PER_KEY = 20;
/** Keys looked up per statement (each key kind one `in` list). */
const CHUNK = 400;
const KEY_COLUMNS = [['idBidx', 'id_bidx'], ['idTail', 'id_tail'], ['phoneBidx', 'phone_bidx'], ['phoneTail', 'phone_tail'], ['name', 'name'], ['namePinyin', 'name_pinyin']] as const;

/**
 * The candidates of many rows at once (a list's import): each key kind looked up with one statement per 400 rows
 * instead of one per row, each row's key still giving at most `PER_KEY` residents (the lowest ids); every candidate's
 * details read once. The answer is in the order of `keys`.
 */
export async function matchCandidatesMany(db: Kysely<any>, codec: Codec, crypto: Pick<FieldCrypto, 'decrypt'>, areaPath: string, keys: readonly CandidateKeys[]): Promise<MatchCandidate[][]> {
  const area = `${areaPath}%`;
  // value of a key kind → the residents holding it (capped per value)
  const hits = new Map<string, Map<string, string[]>>();
  for (const [key, col] of KEY_COLUMNS) {
    const values = [...new Set(keys.map((k) => k[key]).filter((v): v is string => !!v))];
    const byValue = new Map<string, string[]>();
    hits.set(key, byValue);
    for (let i = 0; i < values.length; i += CHUNK) {
      const rows = await db.selectFrom('residents').select(['id', col]).where(col, 'in', values.slice(i, i + CHUNK)).where('org_path', 'like', area)
        .where('status', '!=', 'deceased').orderBy('id').execute();
      for (const r of rows) {
        const v = String(r[col]);
        const list = byValue.get(v) ?? [];
        if (list.length < PER_KEY) list.push(String(r.id));
        byValue.set(v, list);
      }
    }
  }
  const perRow = keys.map((k) => [...new Set(KEY_COLUMNS.flatMap(([key]) => (k[key] ? hits.get(key)!.get(k[key]!) ?? [] : [])))]);
  const all = [...new Set(perRow.flat())];
  const details = new Map<string, MatchCandidate>();
  for (let i = 0; i < all.length; i += CHUNK) {
    const rows = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').innerJoin('units as u', 'u.id', 'h.unit_id')
      .select(['r.id', 'r.name', 'r.name_pinyin', 'r.id_number_enc', 'r.phone_enc', 'h.address', 'u.building_id', 'r.grid_id', 'r.org_path', 'r.status', 'r.id_masked', 'r.restricted'])
      .where('r.id', 'in', all.slice(i, i + CHUNK)).execute();
    for (const r of rows) {
      details.set(String(r.id), {
        id: String(r.id), name: String(r.name), namePinyin: String(r.name_pinyin), idNumber: crypto.decrypt('residents.id_number', String(r.id_number_enc)),
        phone: r.phone_enc ? crypto.decrypt('residents.phone', String(r.phone_enc)) : null, address: String(r.address), buildingId: String(r.building_id),
        gridId: String(r.grid_id), orgPath: String(r.org_path), status: String(r.status), idMasked: String(r.id_masked), restricted: codec.readBool(r.restricted),
      });
    }
  }
  return perRow.map((ids) => ids.map((id) => details.get(id)).filter((c): c is MatchCandidate => !!c));
}

/**
 * Identities of a few active residents of a grid (name, decrypted ID and phone, household address) — for a demo list
 * that another module seeds (the screening demo, ADR 0083), without naming the registry's tables there.
 */
export async function demoIdentities(db: Kysely<any>, codec: Codec, crypto: Pick<FieldCrypto, 'decrypt'>, gridId: string, n: number): Promise<Array<{ id: string; name: string; idNumber: string; phone: string | null; address: string }>> {
  const rows = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id')
    .select(['r.id', 'r.name', 'r.id_number_enc', 'r.phone_enc', 'h.address']).where('r.grid_id', '=', gridId).where('r.status', '=', 'active').where('r.restricted', '=', codec.bool(false))
    .orderBy('r.id').limit(n).execute();
  return rows.map((r) => ({
    id: String(r.id), name: String(r.name), idNumber: crypto.decrypt('residents.id_number', String(r.id_number_enc)),
    phone: r.phone_enc ? crypto.decrypt('residents.phone', String(r.phone_enc)) : null, address: String(r.address),
  }));
}
