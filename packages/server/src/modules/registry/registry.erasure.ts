import type { Kysely, Transaction } from 'kysely';
import type { Platform } from '../../platform/context';
import type { AuditActor, AuditService } from '../audit';
import { CONSENT_PURPOSE, consentTagsOf, type Consents, withoutConsentTags } from './registry.consent';

/** Rows (or values) removed per table, e.g. `{ resident_tags: 2, 'households.head_resident_id': 1 }` — never values. */
export type ErasureCounts = Record<string, number>;

/**
 * The registry's part of a resident's deletion request (PIPL Art. 47, ADR 0037), always inside the caller's write
 * transaction (the deletions module's decision): the care tags with their consent records, the restricted flag at the
 * subject's request, or the whole record. Other modules erase their own tables first (self-reports, correction
 * requests, export subjects, the account link); `eraseRecord` runs last because those rows refer to the resident.
 */
export function createErasure(p: Platform, audit: AuditService, consents: Consents) {
  const { codec } = p.database;
  const n = (r: { numDeletedRows?: bigint; numUpdatedRows?: bigint }) => Number(r.numDeletedRows ?? r.numUpdatedRows ?? 0n);

  /** Removes the consent-based tags from the record (JSON column and resident_tags, version + 1); how many went. */
  async function dropConsentTags(trx: Transaction<any>, residentId: string): Promise<number> {
    const r = await trx.selectFrom('residents').select(['tags', 'version']).where('id', '=', residentId).executeTakeFirst();
    if (!r) return 0;
    const before = codec.readJson<string[]>(r.tags);
    const removed = consentTagsOf(before);
    if (removed.length === 0) return 0;
    await trx.updateTable('residents').set({ tags: codec.json(withoutConsentTags(before)), updated_at: codec.ts(p.clock.now()), version: Number(r.version) + 1 })
      .where('id', '=', residentId).execute();
    await trx.deleteFrom('resident_tags').where('resident_id', '=', residentId).where('tag', 'in', removed).execute();
    return removed.length;
  }

  return {
    /**
     * Whether the effect of an erasure decided at `decidedAt` is missing again — a restored backup brought the data back
     * (ADR 0043), read through `q` (the re-application's transaction, or the database for a first look). Scope `record`:
     * the record exists. Scope `care_tags`: the record holds a consent recorded at or before the decision (the erasure
     * deleted them all), or consent-based tags while no consent was recorded after it (a consent given since then covers
     * the tags set since then: they are new data, not the erased data).
     */
    async erasureUndone(q: Kysely<any>, residentId: string, scope: 'care_tags' | 'record', decidedAt: string): Promise<boolean> {
      const r = await q.selectFrom('residents').select(['tags']).where('id', '=', residentId).executeTakeFirst();
      if (!r) return false;
      if (scope === 'record') return true;
      const at = codec.ts(decidedAt);
      const before = await q.selectFrom('resident_consents').select('id').where('resident_id', '=', residentId).where('recorded_at', '<=', at).limit(1).executeTakeFirst();
      if (before) return true;
      if (consentTagsOf(codec.readJson<string[]>(r.tags) ?? []).length === 0) return false;
      const since = await q.selectFrom('resident_consents').select('id').where('resident_id', '=', residentId).where('recorded_at', '>', at).limit(1).executeTakeFirst();
      return !since;
    },

    /**
     * Scope `care_tags`: a valid consent is withdrawn exactly as a withdrawal does (tags removed in the same transaction,
     * audited `consent_withdraw`); consent-based tags held without a recorded consent (待确认同意) are removed too; then
     * every consent record of the resident is deleted — the resident asked for it, and the audit log keeps (ids only)
     * when consents were recorded and withdrawn. Age-derived tags stay: they are computed from the ID number.
     */
    async eraseCareTags(trx: Transaction<any>, actor: AuditActor, residentId: string, by: string): Promise<ErasureCounts> {
      const open = await trx.selectFrom('resident_consents').select('id').where('resident_id', '=', residentId).where('purpose', '=', CONSENT_PURPOSE)
        .where('withdrawn_at', 'is', null).executeTakeFirst();
      let tags = 0;
      if (open) tags += (await consents.withdraw(trx, actor, residentId, { method: 'portal', note: null, by })).removedTags.length;
      tags += await dropConsentTags(trx, residentId);
      const deleted = n(await trx.deleteFrom('resident_consents').where('resident_id', '=', residentId).executeTakeFirst());
      return { resident_tags: tags, resident_consents: deleted };
    },

    /**
     * Art. 47 para 2 at the subject's request: the record is restricted (a stub without a break-the-glass grant, ADR
     * 0011), version + 1, audited `restrict` at high severity with the request as the reason.
     */
    async restrict(trx: Transaction<any>, actor: AuditActor, residentId: string, requestId: string): Promise<ErasureCounts> {
      const r = await trx.selectFrom('residents').select(['restricted', 'version']).where('id', '=', residentId).executeTakeFirst();
      if (!r) return { residents: 0 };
      const already = codec.readBool(r.restricted);
      if (!already) {
        await trx.updateTable('residents').set({ restricted: codec.bool(true), updated_at: codec.ts(p.clock.now()), version: Number(r.version) + 1 }).where('id', '=', residentId).execute();
      }
      await audit.append(trx, actor, {
        action: 'restrict', objectType: 'resident', objectId: residentId, subjectId: residentId, fields: ['restricted'], outcome: 'success', severity: 'high',
        reason: `subject_request: deletion_request ${requestId}${already ? ' (already restricted)' : ''}`,
      });
      return { 'residents.restricted': already ? 0 : 1 };
    },

    /**
     * Scope `record`: hard delete. Minors who named the resident as guardian lose the link (version + 1; the data-quality
     * page lists minors without a guardian), a household they headed is left without a head (as a move-out does, ADR
     * 0016), and every registry row about them goes: care tags, consents, moves, status changes, minors' data requests,
     * break-the-glass grants, browsing reads, then the record itself — name, pinyin keys, ID and phone ciphertext, blind
     * indexes. A later import of the same ID number creates a new record.
     */
    async eraseRecord(trx: Transaction<any>, residentId: string): Promise<ErasureCounts> {
      const at = codec.ts(p.clock.now());
      const counts: ErasureCounts = {};
      counts['residents.guardian_id'] = n(await trx.updateTable('residents').set((eb) => ({ guardian_id: null, updated_at: at, version: eb('version', '+', 1) }))
        .where('guardian_id', '=', residentId).executeTakeFirst());
      counts['households.head_resident_id'] = n(await trx.updateTable('households').set((eb) => ({ head_resident_id: null, updated_at: at, version: eb('version', '+', 1) }))
        .where('head_resident_id', '=', residentId).executeTakeFirst());
      for (const table of REGISTRY_RESIDENT_TABLES) counts[table] = n(await trx.deleteFrom(table).where('resident_id', '=', residentId).executeTakeFirst());
      counts.residents = n(await trx.deleteFrom('residents').where('id', '=', residentId).executeTakeFirst());
      return counts;
    },
  };
}

/** The registry's tables with rows about one resident (`resident_id`), deleted with the record. */
export const REGISTRY_RESIDENT_TABLES = [
  'resident_tags', 'resident_consents', 'resident_moves', 'resident_status_changes', 'minor_access_requests', 'break_glass_grants', 'resident_reads',
] as const;

export type Erasure = ReturnType<typeof createErasure>;
