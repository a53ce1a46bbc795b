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

export async function matchCandidates(db: Kysely<any>, codec: Codec, crypto: Pick<FieldCrypto, 'decrypt'>, areaPath: string, k: CandidateKeys): Promise<MatchCandidate[]> {
  const area = `${areaPath}%`;
  const ids = (col: string, v: string) => db.selectFrom('residents').select('id').where(col, '=', v).where('org_path', 'like', area).where('status', '!=', 'deceased')
    .limit(PER_KEY).execute();
  const probes: Array<Promise<Array<{ id: unknown }>>> = [];
  if (k.idBidx) probes.push(ids('id_bidx', k.idBidx));
  if (k.idTail) probes.push(ids('id_tail', k.idTail));
  if (k.phoneBidx) probes.push(ids('phone_bidx', k.phoneBidx));
  if (k.phoneTail) probes.push(ids('phone_tail', k.phoneTail));
  if (k.name) probes.push(ids('name', k.name));
  if (k.namePinyin) probes.push(ids('name_pinyin', k.namePinyin));
  const found = [...new Set((await Promise.all(probes)).flat().map((r) => String(r.id)))];
  if (found.length === 0) return [];
  const rows = await db.selectFrom('residents as r').innerJoin('households as h', 'h.id', 'r.household_id').innerJoin('units as u', 'u.id', 'h.unit_id')
    .select(['r.id', 'r.name', 'r.name_pinyin', 'r.id_number_enc', 'r.phone_enc', 'h.address', 'u.building_id', 'r.grid_id', 'r.org_path', 'r.status', 'r.id_masked', 'r.restricted'])
    .where('r.id', 'in', found).execute();
  return rows.map((r) => ({
    id: String(r.id), name: String(r.name), namePinyin: String(r.name_pinyin), idNumber: crypto.decrypt('residents.id_number', String(r.id_number_enc)),
    phone: r.phone_enc ? crypto.decrypt('residents.phone', String(r.phone_enc)) : null, address: String(r.address), buildingId: String(r.building_id),
    gridId: String(r.grid_id), orgPath: String(r.org_path), status: String(r.status), idMasked: String(r.id_masked), restricted: codec.readBool(r.restricted),
  }));
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
