import type { Kysely } from 'kysely';
import type { Codec } from '../../platform/db/codec';
import { inChunks } from '../../platform/db/in-chunks';

/**
 * The last time each resident came in through a gate (direction in; allowed, or let in after a check) at or after
 * `since` — the checkpoint filter of the screening (卡口过滤, ADR 0083): someone seen coming in is here.
 */
export async function lastEntries(db: Kysely<any>, codec: Codec, residentIds: readonly string[], since: Date): Promise<Map<string, { at: string; gateName: string }>> {
  const rows = await inChunks(residentIds, (part) => db.selectFrom('gate_events as e').innerJoin('gates as g', 'g.id', 'e.gate_id')
    .select(['e.resident_id', 'e.at', 'g.name']).where('e.resident_id', 'in', part).where('e.direction', '=', 'in').where('e.at', '>=', codec.ts(since))
    .where((eb) => eb.or([eb('e.decision', '=', 'allow'), eb('e.review_outcome', '=', 'let_in')])).execute());
  const out = new Map<string, { at: string; gateName: string }>();
  for (const r of rows) {
    const at = codec.readTs(r.at)!;
    const id = String(r.resident_id);
    const had = out.get(id);
    if (!had || had.at < at) out.set(id, { at, gateName: String(r.name) });
  }
  return out;
}
