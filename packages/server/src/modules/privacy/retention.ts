import { type ExpressionBuilder, sql, type Transaction } from 'kysely';
import type { Codec } from '../../platform/db/codec';
import type { Database } from '../../platform/db/database';
import { CHAIN_GENESIS as GENESIS, type ChainCheck, verifyHashChain } from '../../platform/db/hash-chain';
import { sha256, uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import { assertAuditRetention, DEFAULT_AUDIT_RETENTION_DAYS, type PurgeResult, systemActor } from '../audit';
import { addDays, DEFAULT_EMERGENCY_RETENTION_DAYS, ymdOf } from './emergencies';
import { FIELD_REGISTRY, type FieldPolicy } from './field-registry';

/**
 * Retention job (PRIV-04, ADR 0024). WHEN data is due comes from the field registry: every column whose retention has
 * a finite `days` counted from `created` or `lastUpdate`. WHAT happens to a due row is this small per-table map: the
 * row is deleted, or its due columns are emptied and the row kept (its counts and outcome stay), or the table is exempt
 * (the audit log: a retention floor, purged only by the audit module's checkpointing purge, which this job calls last and
 * certifies as its own audit_log line; ADR 0030). A test walks the registry and
 * fails when a column with a finite retention has no policy here, or a policy names what the registry does not have.
 */

/** The column saying when a row's data was collected; or, for a link table, its parent row's column. */
export type AgeColumn = string | { table: string; key: string; parentKey: string; column: string };
type Age = Partial<Record<'created' | 'lastUpdate' | 'consentWithdrawn', AgeColumn>>;
/**
 * Emergency-bound data (ADR 0027): which column holds the row's area (org path) and which its collection date
 * (Shanghai YYYY-MM-DD), so rows collected under an ended emergency can be found.
 */
type EmergencyScope = { path: string; date: string };

export type TablePolicy =
  | { action: 'delete'; key: string[]; age: Age; emergency?: EmergencyScope }
  /** Set the due columns to NULL, or to the value in `clearTo` for NOT NULL columns (an empty list, an empty text). */
  | { action: 'clear'; key: string[]; age: Age; clearTo?: Record<string, string>; emergency?: EmergencyScope }
  | { action: 'exempt'; why: string };

export const RETENTION_POLICIES: Record<string, TablePolicy> = {
  // Temperature self-reports: the whole report goes (its reporter, follow-up and grid are meaningless without it).
  // created_at is the report time (report_date is its Shanghai date); the warnings keep only per-grid daily counts.
  // Collected on the public-health-emergency basis: also deleted N days after the covering emergency ended (whichever
  // comes first, ADR 0027); the area is org_path, the collection day report_date.
  self_reports: { action: 'delete', key: ['id'], age: { created: 'created_at' }, emergency: { path: 'org_path', date: 'report_date' } },
  // The idempotency ledger: a replayed response body older than its window is gone with its key.
  idempotency_keys: { action: 'delete', key: ['actor_id', 'key'], age: { created: 'created_at' } },
  // Import runs: the row errors (the problem list) go; the run, its counts and outcome stay (ADR 0021).
  import_jobs: { action: 'clear', key: ['id'], age: { created: 'created_at' }, clearTo: { errors: '[]' } },
  // The export log stays (processing record); the free-text reason and decision note are emptied after three years.
  exports: { action: 'clear', key: ['id'], age: { created: 'created_at' }, clearTo: { reason: '' } },
  // Who an export covered: deleted three years after the export was requested.
  export_subjects: {
    action: 'delete', key: ['export_id', 'resident_id'], age: { created: { table: 'exports', key: 'export_id', parentKey: 'id', column: 'created_at' } },
  },
  // Correction requests (ADR 0028): the whole request goes a year after it was resolved; open ones (no resolved_at) stay.
  correction_requests: { action: 'delete', key: ['id'], age: { lastUpdate: 'resolved_at' } },
  // Deletion requests (ADR 0037): the note and the reply are emptied a year after the decision; the row (ground, scope,
  // decision, area) stays as the record of what was done. Open requests (no decided_at) are never due.
  deletion_requests: { action: 'clear', key: ['id'], age: { lastUpdate: 'decided_at' } },
  // Minors' data requests (ADR 0035): the whole request goes 3 years after it ended — `expires_at` is the end of a pending
  // request's 7 days, of an approved one's grant, or the time it was rejected.
  minor_access_requests: { action: 'delete', key: ['id'], age: { lastUpdate: 'expires_at' } },
  // Consent records (ADR 0033): a withdrawn consent is kept 3 years after its withdrawal as proof, then the row goes; a
  // valid one (no withdrawn_at) is never due.
  resident_consents: { action: 'delete', key: ['id'], age: { consentWithdrawn: 'withdrawn_at' } },
  // 关爱点名 (ADR 0073): what a check found out (the need, the note) is emptied a year after the check; the state stays
  // for the roll call's counts.
  roll_call_items: { action: 'clear', key: ['id'], age: { lastUpdate: 'checked_at' } },
  // 居家隔离 (ADR 0080): health checks and door-sensor events go 180 days after they were taken; the order and its needs
  // stay as the record of the restriction.
  quarantine_checks: { action: 'delete', key: ['id'], age: { created: 'checked_at' } },
  quarantine_door_events: { action: 'delete', key: ['id'], age: { created: 'received_at' } },
  // 卡口 (ADR 0081): passages and visitors' registrations are whereabouts and go 28 days after they were made (or N days
  // after the emergency of their area ended).
  gate_events: { action: 'delete', key: ['id'], age: { created: 'at' }, emergency: { path: 'org_path', date: 'day' } },
  gate_visits: { action: 'delete', key: ['id'], age: { created: 'created_at' }, emergency: { path: 'org_path', date: 'visit_date' } },
  // 大数据+网格 screening (ADR 0083): a list's rows go 90 days after the import (or N days after the emergency of their
  // area ended); the list keeps its counts and row errors (no personal data).
  screening_entries: { action: 'delete', key: ['id'], age: { created: 'created_at' }, emergency: { path: 'org_path', date: 'day' } },
  // 投诉与举报 (ADR 0086): a complaint's contact mobile and photo are emptied 180 days after it was closed; open ones
  // (no closed_at) are never due. The complaint, its text and history stay as the record of what was done.
  complaints: { action: 'clear', key: ['id'], age: { lastUpdate: 'closed_at' } },
  // 病例与密接 (ADR 0084): a contact goes 180 days after it was recorded (or N days after the emergency of its area
  // ended); a case keeps its code, classification, dates and chain, its person's name and numbers emptied after 180 days.
  case_contacts: { action: 'delete', key: ['id'], age: { created: 'created_at' }, emergency: { path: 'org_path', date: 'day' } },
  cases: { action: 'clear', key: ['id'], age: { created: 'created_at' }, emergency: { path: 'org_path', date: 'reported_on' } },
  // 志愿者 (ADR 0085): an application goes 90 days after its decision (an approved one lives on as the roster entry);
  // pending ones are kept. The roster and service records have no end date (a resident's erasure empties them).
  volunteer_applications: { action: 'delete', key: ['id'], age: { lastUpdate: 'decided_at' } },
  // 服务预约 (ADR 0091): a booking (who booked counselling, their note, confirmed or cancelled) goes 180 days after its
  // slot's time; the slot (time, mode, taken or free) and the service's records of counts stay.
  service_bookings: {
    action: 'delete', key: ['id'], age: { lastUpdate: { table: 'service_slots', key: 'slot_id', parentKey: 'id', column: 'starts_at' } },
  },
  // 健康码 (ADR 0082): a change and an appeal go 180 days after they were made (or N days after the emergency of their area
  // ended); the mirror's row goes when its colour has not changed for 180 days (the colour is then unknown).
  health_code_history: { action: 'delete', key: ['id'], age: { created: 'at' }, emergency: { path: 'org_path', date: 'day' } },
  health_appeals: { action: 'delete', key: ['id'], age: { created: 'created_at' }, emergency: { path: 'org_path', date: 'day' } },
  health_codes: { action: 'delete', key: ['resident_id'], age: { lastUpdate: 'since' } },
  // 核酸采样 (ADR 0079): a sample goes 180 days after it was taken, or N days after the emergency of its area ended; the
  // tube keeps its barcode, result and member count. A retest is aged by its sample and goes with it (its foreign key
  // cascades, so a sample removed under an emergency-end rule takes its retest along).
  sampling_retests: {
    action: 'delete', key: ['id'], age: { created: { table: 'sampling_samples', key: 'sample_id', parentKey: 'id', column: 'collected_at' } },
    emergency: { path: 'org_path', date: 'recalled_on' },
  },
  sampling_samples: { action: 'delete', key: ['id'], age: { created: 'collected_at' }, emergency: { path: 'org_path', date: 'collected_on' } },
  // The residents an audit row's answer showed (ADR 0046): part of that row (its hash covers them); the audit purge
  // removes them with their rows, in the same transaction.
  audit_disclosures: {
    action: 'exempt',
    why: 'part of the audit row that names them (its hash covers the list; migration 0024 makes the table append-only like audit_log); removed only by the audit purge, with their rows in the same transaction (ADR 0030, ADR 0046)',
  },
  audit_log: {
    action: 'exempt',
    why: '180 days is a floor (CSL Art. 21), not a deadline; the log is append-only (triggers, revoked privileges) and hash-chained, so only the audit purge (modules/audit, ADR 0030: checkpoint first, then the oldest rows past RENXING_AUDIT_RETENTION_DAYS) removes old rows; this job calls it and certifies its count as the audit_log line (SECURITY.md §6.3, test 22)',
  },
};

/** One unit of work: the columns of a table sharing the same retention, and what to do with due rows. */
export type RetentionRule = {
  table: string;
  action: 'delete' | 'clear';
  from: 'created' | 'lastUpdate' | 'consentWithdrawn' | 'emergencyEnd';
  days: number;
  age: AgeColumn;
  key: string[];
  columns: string[];
  /** Per column, the value it is emptied to (null = NULL). */
  clearTo: Record<string, string | null>;
  /** Emergency-end rules: the ended period whose data goes, and the first end date that still keeps data (ADR 0027). */
  emergency?: EmergencyScope & { id: string; orgPath: string; startDate: string; endDate: string; keepFrom: string };
};

/** Counted from a date column of the row: creation, last handling, or the withdrawal of a consent (ADR 0033). */
const AGED = new Set(['created', 'lastUpdate', 'consentWithdrawn']);

/** Columns whose retention is enforced by age: finite days counted from creation or last update. */
function agedColumns(cols: Record<string, FieldPolicy>): Array<[string, FieldPolicy]> {
  return Object.entries(cols).filter(([, p]) => p.retention.days !== null && AGED.has(p.retention.from));
}

/**
 * Columns bound to an emergency: counted from its end, or collected on the public-health-emergency basis (PIPL 13(4))
 * — these go N days after the covering emergency ended, besides any age rule (whichever comes first).
 */
export function emergencyColumns(cols: Record<string, FieldPolicy>): string[] {
  return Object.entries(cols).filter(([, p]) => p.retention.from === 'emergencyEnd' || p.basis === 'public_health_emergency').map(([c]) => c);
}

/**
 * What is wrong between the registry and the policies: a column with a finite retention that no policy covers, a
 * policy (or its key, age or clear column) the registry does not have. Empty = consistent.
 */
export function checkRetentionCoverage(
  registry: Record<string, Record<string, FieldPolicy>> = FIELD_REGISTRY, policies: Record<string, TablePolicy> = RETENTION_POLICIES,
): string[] {
  const problems: string[] = [];
  for (const [table, cols] of Object.entries(registry)) {
    const aged = agedColumns(cols);
    const bound = emergencyColumns(cols);
    const p = policies[table];
    if (bound.length > 0 && (!p || p.action === 'exempt' || !p.emergency)) {
      problems.push(`${table}: ${bound.join(', ')} are bound to the emergency period (emergencyEnd or public_health_emergency) but the table policy has no emergency scope`);
    }
    if (aged.length === 0) continue;
    if (!p) {
      problems.push(`${table}: ${aged.map(([c]) => c).join(', ')} have a finite retention but the table has no retention policy`);
      continue;
    }
    if (p.action === 'exempt') continue;
    for (const [c, f] of aged) if (!p.age[f.retention.from as 'created']) problems.push(`${table}.${c}: retention counted from ${f.retention.from}, but the policy has no age column for it`);
  }
  for (const [table, p] of Object.entries(policies)) {
    const cols = registry[table];
    if (!cols) {
      problems.push(`${table}: policy for a table the registry does not have`);
      continue;
    }
    if (p.action === 'exempt') continue;
    const aged = new Set([...agedColumns(cols).map(([c]) => c), ...emergencyColumns(cols)]);
    if (aged.size === 0) problems.push(`${table}: policy but no column with a finite retention`);
    if (p.emergency) {
      for (const c of [p.emergency.path, p.emergency.date]) if (!cols[c]) problems.push(`${table}.${c}: emergency scope column not in the registry`);
      if (emergencyColumns(cols).length === 0) problems.push(`${table}: emergency scope but no column bound to the emergency period`);
    }
    for (const k of p.key) if (!cols[k]) problems.push(`${table}.${k}: key column not in the registry`);
    for (const [from, a] of Object.entries(p.age)) {
      if (typeof a === 'string') {
        if (!cols[a]) problems.push(`${table}.${a}: ${from} age column not in the registry`);
      } else {
        if (!cols[a.key]) problems.push(`${table}.${a.key}: link column not in the registry`);
        if (!registry[a.table]?.[a.parentKey] || !registry[a.table]?.[a.column]) problems.push(`${a.table}.${a.parentKey}/${a.column}: parent columns not in the registry`);
      }
    }
    if (p.action === 'clear') for (const c of Object.keys(p.clearTo ?? {})) if (!aged.has(c)) problems.push(`${table}.${c}: clearTo for a column without a finite retention`);
  }
  return problems;
}

/** The rules the job runs, derived from the registry and the policies (tables without a policy are skipped). */
export function retentionRules(
  registry: Record<string, Record<string, FieldPolicy>> = FIELD_REGISTRY, policies: Record<string, TablePolicy> = RETENTION_POLICIES,
): RetentionRule[] {
  const rules: RetentionRule[] = [];
  for (const table of Object.keys(registry).sort()) {
    const p = policies[table];
    if (!p || p.action === 'exempt') continue;
    const groups = new Map<string, RetentionRule>();
    for (const [c, f] of agedColumns(registry[table]!)) {
      const from = f.retention.from as 'created' | 'lastUpdate' | 'consentWithdrawn';
      const age = p.age[from];
      if (!age) continue;
      const id = `${from}:${f.retention.days}`;
      let r = groups.get(id);
      if (!r) {
        r = { table, action: p.action, from, days: f.retention.days!, age, key: p.key, columns: [], clearTo: {} };
        groups.set(id, r);
      }
      r.columns.push(c);
      r.clearTo[c] = p.action === 'clear' ? (p.clearTo?.[c] ?? null) : null;
    }
    rules.push(...[...groups.values()].sort((a, b) => a.days - b.days));
  }
  return rules;
}

/**
 * Emergency-end rules, one per table with an emergency scope and per ended period whose N days have passed (ADR 0027):
 * rows in the period's area collected between its start and end date, unless another period covering the row's area
 * and date is still open or inside its own N days.
 */
export function emergencyRules(
  periods: Array<{ id: string; orgPath: string; startDate: string; endDate: string }>, days: number, today: string,
  registry: Record<string, Record<string, FieldPolicy>> = FIELD_REGISTRY, policies: Record<string, TablePolicy> = RETENTION_POLICIES,
): RetentionRule[] {
  const keepFrom = addDays(today, -days);
  const rules: RetentionRule[] = [];
  for (const table of Object.keys(registry).sort()) {
    const p = policies[table];
    if (!p || p.action === 'exempt' || !p.emergency) continue;
    const columns = emergencyColumns(registry[table]!);
    if (columns.length === 0) continue;
    for (const e of periods) {
      if (!(e.endDate < keepFrom)) continue;
      rules.push({
        table, action: p.action, from: 'emergencyEnd', days, age: p.emergency.date, key: p.key, columns,
        clearTo: Object.fromEntries(columns.map((c) => [c, p.action === 'clear' ? (p.clearTo?.[c] ?? null) : null])),
        emergency: { ...p.emergency, ...e, keepFrom },
      });
    }
  }
  return rules;
}

/** Rows (and per column, values) removed by one rule; `emergency` names the ended period of an emergency-end rule. */
export type RetentionCount = {
  table: string; action: 'delete' | 'clear'; from: string; days: number; rows: number; columns: Record<string, number>;
  emergency?: { id: string; area: string; endDate: string };
  /** The audit_log line (ADR 0030): the purge checkpoint written by this run, if any. */
  checkpoint?: { seq: number; throughId: number; throughHash: string };
};

/** The certificate's and audit row's name of a counts line, e.g. `self_reports (emergency ended 2025-06-01 + 30 d)`. */
export const countLabel = (c: RetentionCount) => (c.emergency ? `${c.table} (emergency ended ${c.emergency.endDate} + ${c.days} d)`
  : c.checkpoint ? `${c.table} (checkpoint #${c.checkpoint.seq})` : c.table);

export type RetentionCertificate = {
  seq: number; id: string; startedAt: string; finishedAt: string; actor: string | null; total: number; counts: RetentionCount[]; prevHash: string; hash: string;
};

/** Rows per transaction: one run never holds the single SQLite writer for long, and stays within IN-list limits. */
export const RETENTION_CHUNK = 500;
/** PostgreSQL advisory lock that serialises certificate links across app nodes ('RXRT'). */
const CERT_LOCK = 0x52585254;

/** The exact text that is hashed for a certificate: fixed order, counts sorted by table, rule and column. */
export function canonicalCertificate(c: Omit<RetentionCertificate, 'hash' | 'prevHash'>): string {
  return JSON.stringify([
    c.seq, c.id, c.startedAt, c.finishedAt, c.actor, c.total,
    // Emergency-end lines carry their period (appended, so certificates from before ADR 0027 hash as they did).
    c.counts.map((x) => [x.table, x.action, x.from, x.days, x.rows, Object.entries(x.columns).sort(([a], [b]) => a.localeCompare(b)),
      ...(x.emergency ? [[x.emergency.id, x.emergency.area, x.emergency.endDate]] : []),
      // The audit purge's checkpoint (ADR 0030), appended likewise.
      ...(x.checkpoint ? [['checkpoint', x.checkpoint.seq, x.checkpoint.throughId, x.checkpoint.throughHash]] : [])]),
  ]);
}

/** hash = SHA-256(prev_hash || canonical certificate). */
export function certificateHash(prevHash: string, c: Omit<RetentionCertificate, 'hash' | 'prevHash'>): string {
  return sha256(prevHash + canonicalCertificate(c));
}

/** Runs the retention rules through the group-commit queue, in chunks, and certifies each run. */
function retentionCertificateFromDb(codec: Codec, x: any): RetentionCertificate {
  return {
    seq: Number(x.seq), id: x.id, startedAt: codec.readTs(x.started_at)!, finishedAt: codec.readTs(x.finished_at)!, actor: x.actor ?? null,
    total: codec.readInt(x.total), counts: JSON.parse(x.counts) as RetentionCount[], prevHash: x.prev_hash, hash: x.hash,
  };
}

/**
 * Recomputes the retention certificates' chain (ADR 0024); names the first certificate whose sequence, link or hash does
 * not match. Reads only: `renxing audit verify` runs it on its read-only connection.
 */
export function verifyRetentionCertificates(database: Pick<Database, 'db' | 'codec'>): Promise<ChainCheck> {
  return verifyHashChain(database.db, 'retention_runs', (row) => {
    const { hash, prevHash, ...body } = retentionCertificateFromDb(database.codec, row);
    return { hash, prevHash, body };
  }, certificateHash);
}

export function createRetentionService(
  database: Database, audit: AuditService, now: () => Date,
  o: { rules?: RetentionRule[]; chunk?: number; emergencyDays?: number; auditRetentionDays?: number; auditPurge?: boolean } = {},
) {
  const { db, writes, codec, dialect } = database;
  const rules = o.rules ?? retentionRules();
  const chunk = o.chunk ?? RETENTION_CHUNK;
  const emergencyDays = o.emergencyDays ?? DEFAULT_EMERGENCY_RETENTION_DAYS;
  // The audit log's retention (RENXING_AUDIT_RETENTION_DAYS): below the 180-day floor the app refuses to start.
  const auditDays = o.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS;
  assertAuditRetention(auditDays);
  // `auditPurge: false` runs the data rules only (a test of one rule); the app always purges.
  /** The certificate's audit_log line: what the audit purge removed (or would), with its checkpoint. */
  const auditLine = (p: PurgeResult): RetentionCount => ({
    table: 'audit_log', action: 'delete', from: 'created', days: auditDays, rows: p.rows + p.completed, columns: {},
    ...(p.checkpoint ? { checkpoint: { seq: p.checkpoint.seq, throughId: p.checkpoint.throughId, throughHash: p.checkpoint.throughHash } } : {}),
  });

  /** The age rules, then one emergency-end rule per ended period whose N days have passed (ADR 0027). */
  async function rulesAt(at: Date): Promise<RetentionRule[]> {
    const today = ymdOf(at);
    const ended = await db.selectFrom('emergency_periods').select(['id', 'org_path', 'start_date', 'end_date'])
      .where('end_date', 'is not', null).where('end_date', '<', addDays(today, -emergencyDays)).orderBy('end_date').orderBy('id').execute();
    const periods = ended.map((e) => ({ id: e.id, orgPath: e.org_path, startDate: e.start_date, endDate: e.end_date! }));
    return [...rules, ...emergencyRules(periods, emergencyDays, today)];
  }

  /** Rows whose data is older than the rule's window, or (emergency rules) collected under the ended period. */
  function due(eb: ExpressionBuilder<any, any>, r: RetentionRule, cutoff: string) {
    const e = r.emergency;
    if (e) {
      const col = (c: string) => sql.ref(`${r.table}.${c}`);
      return eb.and([
        eb(eb.ref(e.path), 'like', `${e.orgPath}%`), eb(eb.ref(e.date), '>=', e.startDate), eb(eb.ref(e.date), '<=', e.endDate),
        eb.not(eb.exists(eb.selectFrom('emergency_periods as k').select(sql<number>`1`.as('one'))
          .where(sql<boolean>`${col(e.path)} like ${sql.ref('k.org_path')} || '%'`)
          .where(sql<boolean>`${sql.ref('k.start_date')} <= ${col(e.date)}`)
          .where((k) => k.or([k('k.end_date', 'is', null), k.and([k('k.end_date', '>=', e.keepFrom), k('k.end_date', '>=', k.ref('k.start_date'))])])))),
      ]);
    }
    const a = r.age;
    if (typeof a === 'string') return eb(eb.ref(a), '<', cutoff);
    return eb(eb.ref(a.key), 'in', eb.selectFrom(a.table).select(a.parentKey).where(a.column, '<', cutoff));
  }
  /** A due column still holds a value (so a second run finds nothing left to clear). */
  const holds = (eb: ExpressionBuilder<any, any>, c: string, to: string | null) => (to === null ? eb(eb.ref(c), 'is not', null) : eb(eb.ref(c), '<>', to));
  const held = (c: string, to: string | null) =>
    (to === null ? sql<number>`case when ${sql.ref(c)} is not null then 1 else 0 end` : sql<number>`case when ${sql.ref(c)} <> ${to} then 1 else 0 end`);
  const flag = (c: string, to: string | null, i: number) => held(c, to).as(`f${i}`);
  function pending(eb: ExpressionBuilder<any, any>, r: RetentionRule, cutoff: string) {
    const d = due(eb, r, cutoff);
    return r.action === 'delete' ? d : eb.and([d, eb.or(r.columns.map((c) => holds(eb, c, r.clearTo[c]!)))]);
  }

  /** One chunk of one rule in the caller's transaction: at most `chunk` rows. */
  async function step(trx: Transaction<any>, r: RetentionRule, cutoff: string) {
    const rows = await trx.selectFrom(r.table).select([...r.key, ...r.columns.map((c, i) => flag(c, r.clearTo[c]!, i))])
      .where((eb) => pending(eb, r, cutoff)).limit(chunk).execute();
    if (rows.length === 0) return { selected: 0, rows: 0, columns: [] as number[] };
    const byKey = (eb: ExpressionBuilder<any, any>) => (r.key.length === 1
      ? eb(eb.ref(r.key[0]!), 'in', rows.map((x) => x[r.key[0]!]))
      : eb.or(rows.map((x) => eb.and(r.key.map((k) => eb(eb.ref(k), '=', x[k]))))));
    let changed: bigint;
    if (r.action === 'delete') {
      changed = (await trx.deleteFrom(r.table).where(byKey).executeTakeFirst()).numDeletedRows;
    } else {
      changed = (await trx.updateTable(r.table).set(Object.fromEntries(r.columns.map((c) => [c, r.clearTo[c]]))).where(byKey).executeTakeFirst()).numUpdatedRows;
    }
    return { selected: rows.length, rows: Number(changed), columns: r.columns.map((_, i) => rows.reduce((n, x) => n + codec.readInt(x[`f${i}`]), 0)) };
  }

  const cutoffOf = (r: RetentionRule, at: Date) => codec.ts(new Date(at.getTime() - r.days * 86400_000));
  const emptyCount = (r: RetentionRule): RetentionCount => ({
    table: r.table, action: r.action, from: r.from, days: r.days, rows: 0, columns: Object.fromEntries(r.columns.map((c) => [c, 0])),
    ...(r.emergency ? { emergency: { id: r.emergency.id, area: r.emergency.orgPath, endDate: r.emergency.endDate } } : {}),
  });
  /** Emergency-end lines appear when they removed something (ended periods stay in the table for good). */
  const listed = (c: RetentionCount) => !c.emergency || c.rows > 0;

  const fromDb = (x: any) => retentionCertificateFromDb(codec, x);

  return {
    rules,

    /** What a run now would remove: the same counts, nothing changed, no certificate. */
    async dryRun(): Promise<{ at: string; total: number; counts: RetentionCount[] }> {
      const at = now();
      const counts: RetentionCount[] = [];
      for (const r of await rulesAt(at)) {
        const cutoff = cutoffOf(r, at);
        const x = await db.selectFrom(r.table)
          .select((eb) => [eb.fn.countAll().as('n'), ...r.columns.map((c, i) => eb.fn.sum(held(c, r.clearTo[c]!)).as(`f${i}`))])
          .where((eb) => pending(eb, r, cutoff)).executeTakeFirstOrThrow();
        const c = emptyCount(r);
        c.rows = codec.readInt(x.n);
        r.columns.forEach((col, i) => (c.columns[col] = codec.readInt((x as any)[`f${i}`])));
        if (listed(c)) counts.push(c);
      }
      if (o.auditPurge !== false) counts.push(auditLine(await audit.purge(systemActor(null), { retentionDays: auditDays, dryRun: true })));
      return { at: at.toISOString(), total: counts.reduce((n, c) => n + c.rows, 0), counts };
    },

    /**
     * Removes what is due, chunk by chunk (each chunk its own group-committed transaction), then writes the deletion
     * certificate and one audit row (counts only) in one transaction. Runs with nothing due are certified too.
     */
    async run(actor: AuditActor): Promise<RetentionCertificate> {
      const started = now();
      const counts: RetentionCount[] = [];
      for (const r of await rulesAt(started)) {
        const cutoff = cutoffOf(r, started);
        const c = emptyCount(r);
        for (;;) {
          const s = await writes.run((trx) => step(trx, r, cutoff));
          c.rows += s.rows;
          r.columns.forEach((col, i) => (c.columns[col]! += s.columns[i] ?? 0));
          if (s.selected < chunk || s.rows === 0) break;
        }
        if (listed(c)) counts.push(c);
      }
      // The audit log last (ADR 0030): only through the audit module's purge — checkpoint first, then the oldest rows.
      // If it fails, what the rules removed is still certified (with audit_log 0) before the error goes on to the caller.
      let purgeError: unknown = null;
      try {
        if (o.auditPurge !== false) counts.push(auditLine(await audit.purge(actor, { retentionDays: auditDays })));
      } catch (e) {
        purgeError = e;
        counts.push({ table: 'audit_log', action: 'delete', from: 'created', days: auditDays, rows: 0, columns: {} });
      }
      const total = counts.reduce((n, c) => n + c.rows, 0);
      const id = uuidv7(started.getTime());
      const certificate = await writes.run(async (trx) => {
        if (dialect.name === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(CERT_LOCK)})`.execute(trx);
        const last = await trx.selectFrom('retention_runs').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
        const body = { seq: last ? Number(last.seq) + 1 : 1, id, startedAt: started.toISOString(), finishedAt: now().toISOString(), actor: actor.actorId, total, counts };
        const prevHash = last?.hash ?? GENESIS;
        const cert: RetentionCertificate = { ...body, prevHash, hash: certificateHash(prevHash, body) };
        await trx.insertInto('retention_runs').values({
          seq: cert.seq, id, started_at: codec.ts(cert.startedAt), finished_at: codec.ts(cert.finishedAt), actor: cert.actor, total,
          counts: JSON.stringify(counts), prev_hash: prevHash, hash: cert.hash,
        }).execute();
        await audit.append(trx, actor, {
          action: 'retention', objectType: 'retention_run', objectId: id, outcome: 'success', count: total,
          fields: counts.flatMap((c) => Object.entries(c.columns).filter(([, n]) => n > 0).map(([col]) => `${c.table}.${col}`)),
          reason: `certificate #${cert.seq} ${cert.hash}; ${counts.map((c) => `${countLabel(c)} ${c.action} ${c.rows}`).join('; ')}`,
        });
        return cert;
      });
      if (purgeError) throw purgeError;
      return certificate;
    },

    /** Certificates, newest first. */
    async list(q: { page: number; pageSize: number }): Promise<{ items: RetentionCertificate[]; total: number; page: number; pageSize: number }> {
      const total = codec.readInt((await db.selectFrom('retention_runs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await db.selectFrom('retention_runs').selectAll().orderBy('seq', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
      return { items: rows.map(fromDb), total, page: q.page, pageSize: q.pageSize };
    },

    /** Recomputes the certificate chain; names the first certificate whose link or hash does not match. */
    verify: (): Promise<ChainCheck> => verifyRetentionCertificates(database),
  };
}

export type RetentionService = ReturnType<typeof createRetentionService>;
