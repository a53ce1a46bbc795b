import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Codec } from '../../platform/db/codec';

/**
 * Read-only counts and look-ups over `exports` and `export_subjects` for other modules' read models (transparency
 * report, breach impact query, audit pack): the queries that name this module's tables live here. An area filter on
 * the residents covered is a subquery of resident ids handed in by the registry (`residentIdsUnder`).
 */

export type ExportRange = { from: string; to: string };

/** An area: its org path (an export's scope inside it counts) and the ids of the residents registered in it now. */
export type ExportArea = { path: string; residentIds: RawBuilder<unknown> };

export type ExportMonthFigures = {
  requested: number; needingApproval: number; approved: number; rejected: number; downloaded: number; rowsExported: number; downloadsWithPlaintext: number;
};

/**
 * Exports requested, needing approval, approved, rejected and downloaded in [from, to), rows downloaded and downloads
 * with columns in clear. With an area: exports whose scope lies inside it or that covered a resident registered there,
 * and as rows only that area's residents among the rows of the files downloaded.
 */
export async function exportFigures(db: Kysely<any>, codec: Codec, r: ExportRange, area: ExportArea | null): Promise<ExportMonthFigures> {
  const n = (v: unknown) => codec.readInt(v);
  const inRange = (col: RawBuilder<unknown>) => sql<boolean>`(${col} >= ${r.from} and ${col} < ${r.to})`;
  const e = (c: string) => sql.ref(`e.${c}`);
  const covers = area === null
    ? sql<boolean>`1 = 1`
    : sql<boolean>`(e.scope_path like ${`${area.path}%`} or exists (select 1 from export_subjects s
        where s.export_id = e.id and s.resident_id in ${area.residentIds}))`;
  const flag = (cond: RawBuilder<boolean>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
  const decided = inRange(e('decided_at'));
  const downloaded = inRange(e('downloaded_at'));
  const row = await sql<Record<string, unknown>>`
    select
      ${flag(inRange(e('created_at')))} as requested,
      ${flag(sql`${inRange(e('created_at'))} and e.approval_level <> 'none'`)} as needing,
      ${flag(sql`${decided} and e.approver_id is not null and e.status <> 'rejected'`)} as approved,
      ${flag(sql`${decided} and e.status = 'rejected'`)} as rejected,
      ${flag(downloaded)} as downloaded,
      ${flag(sql`${downloaded} and e.approval_level <> 'none' and e.approved_unmasked is not null and e.approved_unmasked <> '[]'`)} as plaintext,
      sum(case when ${downloaded} then e.file_rows else 0 end) as file_rows
    from exports e
    where (${inRange(e('created_at'))} or ${decided} or ${downloaded}) and ${covers}`.execute(db);
  const x = row.rows[0] ?? {};
  let rowsExported = n(x.file_rows);
  if (area !== null) {
    // Only this area's residents among the rows of the files downloaded in the range.
    const s = await sql<{ n: unknown }>`
      select count(*) as n from export_subjects s
        join exports e on e.id = s.export_id
      where ${downloaded} and s.resident_id in ${area.residentIds}`.execute(db);
    rowsExported = n(s.rows[0]?.n);
  }
  return {
    requested: n(x.requested), needingApproval: n(x.needing), approved: n(x.approved), rejected: n(x.rejected), downloaded: n(x.downloaded),
    rowsExported, downloadsWithPlaintext: n(x.plaintext),
  };
}

/** The columns of an export record other modules read (no reason, filters or decision note: free text). */
export const EXPORT_RECORD_COLUMNS = ['id', 'status', 'requester_id', 'requester_role', 'scope_path', 'purpose', 'column_list', 'approval_level', 'approved_unmasked',
  'row_count', 'file_rows', 'file_sha256', 'created_at', 'downloaded_at'] as const;

/** One export's record (EXPORT_RECORD_COLUMNS), or undefined. */
export async function exportRecord(db: Kysely<any>, exportId: string): Promise<Record<string, any> | undefined> {
  return db.selectFrom('exports').select([...EXPORT_RECORD_COLUMNS]).where('id', '=', exportId).executeTakeFirst();
}

/** Exports the account downloaded in [from, to]: exports_requester_idx (requester_id, created_at ≤ the window's end). */
export function actorExportsQuery(db: Kysely<any>, actorId: string, from: string, to: string) {
  return db.selectFrom('exports').where('requester_id', '=', actorId).where('created_at', '<=', to)
    .where('status', '=', 'downloaded').where('downloaded_at', '>=', from).where('downloaded_at', '<=', to).orderBy('downloaded_at');
}

/** The residents one export covered: the primary key range (export_id, resident_id) of export_subjects. */
export function exportSubjectsQuery(db: Kysely<any>, exportId: string) {
  return db.selectFrom('export_subjects as s').select(['s.resident_id']).where('s.export_id', '=', exportId);
}

/** An export as the audit pack lists it: who, when, what and how (no reason, filters or decision note: free text). */
export type ExportLogEntry = {
  id: string; createdAt: string; status: string; requesterId: string; requesterRole: string; approverId: string | null; approverRole: string | null;
  decidedAt: string | null; downloadedAt: string | null; purpose: string; format: string; columns: string[]; unmasked: string[]; rowCount: number;
  fileRows: number | null; fileSha256: string | null; approvalLevel: string; scopePath: string;
};

/** Exports requested in [from, to) whose scope lies inside `area` (an org path) or anywhere, oldest first, `limit` at most. */
export async function exportsBetween(db: Kysely<any>, codec: Codec, r: ExportRange, area: string | null, limit: number): Promise<ExportLogEntry[]> {
  let q = db.selectFrom('exports')
    .select(['id', 'created_at', 'status', 'requester_id', 'requester_role', 'approver_id', 'approver_role', 'decided_at', 'downloaded_at', 'purpose', 'file_format',
      'column_list', 'approved_unmasked', 'approval_level', 'row_count', 'file_rows', 'file_sha256', 'scope_path'])
    .where('created_at', '>=', r.from).where('created_at', '<', r.to);
  if (area !== null) q = q.where('scope_path', 'like', `${area}%`);
  const rows = await q.orderBy('created_at').orderBy('id').limit(limit).execute();
  return rows.map((x) => ({
    id: String(x.id), createdAt: codec.readTs(x.created_at)!, status: String(x.status), requesterId: String(x.requester_id), requesterRole: String(x.requester_role),
    approverId: x.approver_id ?? null, approverRole: x.approver_role ?? null, decidedAt: codec.readTs(x.decided_at), downloadedAt: codec.readTs(x.downloaded_at),
    purpose: String(x.purpose), format: String(x.file_format), columns: codec.readJson<string[]>(x.column_list),
    // What the file held in clear: the columns the approver let through (without an approval, every column is masked).
    unmasked: x.approval_level === 'none' ? [] : codec.readJson<string[]>(x.approved_unmasked ?? '[]'),
    rowCount: codec.readInt(x.row_count), fileRows: x.file_rows == null ? null : codec.readInt(x.file_rows), fileSha256: x.file_sha256 ?? null,
    approvalLevel: String(x.approval_level), scopePath: String(x.scope_path),
  }));
}
