// Disclosures of audit rows (ADR 0046): the residents whose data a list, search or household answer showed, kept in the
// append-only side table `audit_disclosures` (migration 0024) and covered by the audit row's hash. This file holds what
// the chain walkers, the breach impact query and the resident's access log need to read them.
import type { Kysely } from 'kysely';
import type { AuditRow } from './audit.service';

/**
 * Most residents one audit row may name. Every caller is bounded far below (pages of ≤ 100, request lists of ≤ 500,
 * the members of ≤ 100 households); a larger list is a programming error and fails the request (fail closed) rather
 * than being cut short — a shortened list would be a false record.
 */
export const MAX_DISCLOSED = 50_000;

/** The stored form of a list: distinct ids, sorted by code unit (the order the hash covers, the same on both dialects). */
export function normaliseSubjectIds(ids: readonly string[] | undefined): string[] {
  if (!ids || ids.length === 0) return [];
  const out = [...new Set(ids)].sort();
  if (out.length > MAX_DISCLOSED) throw new Error(`audit row names ${out.length} residents; at most ${MAX_DISCLOSED} (ADR 0046)`);
  return out;
}

/** Audit ids per query when the lists of a page of rows are read (bounds the pairs held at once). */
const SLICE = 500;

/**
 * Sets `subjectIds` on each row that has disclosures (rows sorted by id, as the chain walkers read them): one range of
 * `audit_disclosures_audit_idx` per slice of 500 rows. Rows without any keep `subjectIds` undefined, so their hash is
 * computed exactly as before this table existed.
 */
export async function attachDisclosures(db: Kysely<any>, rows: AuditRow[]): Promise<AuditRow[]> {
  for (let i = 0; i < rows.length; i += SLICE) {
    const part = rows.slice(i, i + SLICE);
    const lo = part[0]!.id;
    const hi = part[part.length - 1]!.id;
    const pairs = await db.selectFrom('audit_disclosures').select(['audit_id', 'resident_id']).where('audit_id', '>=', lo).where('audit_id', '<=', hi).execute();
    if (pairs.length === 0) continue;
    const byId = new Map<number, string[]>();
    for (const p of pairs) {
      const id = Number(p.audit_id);
      const list = byId.get(id);
      if (list) list.push(String(p.resident_id));
      else byId.set(id, [String(p.resident_id)]);
    }
    for (const r of part) {
      const list = byId.get(r.id);
      if (list) r.subjectIds = list.sort();
    }
  }
  return rows;
}

/** The newest audit id named by a disclosure (0 when none): a disclosure above the head belongs to no appended row. */
export async function newestDisclosedAuditId(db: Kysely<any>): Promise<number> {
  const r = await db.selectFrom('audit_disclosures').select((eb) => eb.fn.max('audit_id').as('m')).executeTakeFirst();
  return Number(r?.m ?? 0);
}

/**
 * The successful rows of `actorId` in [from, to] that carry disclosures, as (audit row, resident) pairs: the actor's
 * range of `audit_log_actor_idx`, joined to `audit_disclosures_audit_idx`. For the breach impact query (ADR 0031,
 * ADR 0046), which folds the pairs per audit row in memory.
 */
export function actorDisclosuresQuery(db: Kysely<any>, actorId: string, from: string, to: string) {
  return db.selectFrom('audit_log as a').innerJoin('audit_disclosures as d', 'd.audit_id', 'a.id').select(['d.audit_id', 'd.resident_id'])
    .where('a.actor_id', '=', actorId).where('a.ts', '>=', from).where('a.ts', '<=', to).where('a.outcome', '=', 'success');
}

/**
 * How many residents the answer of each of `auditIds` showed, for the audit viewer's page (ADR 0046): one grouped query
 * over `audit_disclosures_audit_idx` for the page's ids only. Rows without disclosures are absent (the caller shows 0).
 */
export async function disclosedCounts(db: Kysely<any>, auditIds: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (auditIds.length === 0) return out;
  const rows = await db.selectFrom('audit_disclosures').select((eb) => ['audit_id', eb.fn.countAll().as('n')])
    .where('audit_id', 'in', [...auditIds]).groupBy('audit_id').execute();
  for (const r of rows) out.set(Number(r.audit_id), Number(r.n));
  return out;
}

/**
 * One page of the residents audit row `auditId` names (record ids only, in id order), with their number; null when
 * there is no such audit row (never appended, or purged). One range of `audit_disclosures_audit_idx`.
 */
export async function disclosuresPage(
  db: Kysely<any>, auditId: number, page: number, pageSize: number,
): Promise<{ residentIds: string[]; total: number } | null> {
  const row = await db.selectFrom('audit_log').select('id').where('id', '=', auditId).executeTakeFirst();
  if (!row) return null;
  const base = db.selectFrom('audit_disclosures').where('audit_id', '=', auditId);
  const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const ids = total === 0 ? [] : await base.select('resident_id').orderBy('resident_id').limit(pageSize).offset((page - 1) * pageSize).execute();
  return { residentIds: ids.map((r) => String(r.resident_id)), total };
}
