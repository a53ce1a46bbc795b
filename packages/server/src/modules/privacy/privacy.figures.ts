import type { Kysely } from 'kysely';
import type { Codec } from '../../platform/db/codec';
import type { RetentionCertificate, RetentionCount } from './retention';

/**
 * Read-only look-ups over this module's tables for other modules' read models (transparency report, audit pack): the
 * retention job's deletion certificates (`retention_runs`, ADR 0024) and emergency periods (`emergency_periods`,
 * ADR 0027). `[from, to)` instants the system stamped itself; `area` = an org path and the paths above it.
 */

/**
 * The retention job's deletion classes (the tables of RETENTION_POLICIES, and `audit_log` for the purge) in everyday
 * words, for the transparency report and the audit pack; a class without one is shown by its table name.
 */
export const RETENTION_CLASS_LABELS: Record<string, { zh: string; en: string }> = {
  self_reports: { zh: '体温自测记录', en: 'Temperature self-reports' },
  roll_call_items: { zh: '关爱点名中了解到的需求和备注', en: 'Needs and notes found out in care roll calls' },
  idempotency_keys: { zh: '防止重复提交的临时记录', en: 'Temporary copies kept against duplicate submissions' },
  import_jobs: { zh: '导入的问题清单', en: 'Problem lists of imports' },
  exports: { zh: '导出申请理由和审批意见', en: 'Reasons for and decisions on exports' },
  export_subjects: { zh: '导出名单（每次导出涉及哪些居民）', en: 'Who each export covered' },
  correction_requests: { zh: '已办结的更正申请', en: 'Resolved correction requests' },
  minor_access_requests: { zh: '查看未成年人完整号码的申请', en: 'Requests to see a minor’s full numbers' },
  resident_consents: { zh: '已撤回的同意记录', en: 'Withdrawn consent records' },
  audit_log: { zh: '超过保存期限的审计日志', en: 'Audit log entries past their retention' },
};

export type PrivacyRange = { from: string; to: string };

/** Deletion certificates started in the range, oldest first (counts per table and column, never personal data). */
export async function retentionCertificatesBetween(db: Kysely<any>, codec: Codec, r: PrivacyRange): Promise<RetentionCertificate[]> {
  const rows = await db.selectFrom('retention_runs').selectAll().where('started_at', '>=', r.from).where('started_at', '<', r.to).orderBy('seq').execute();
  return rows.map((x) => ({
    seq: Number(x.seq), id: String(x.id), startedAt: codec.readTs(x.started_at)!, finishedAt: codec.readTs(x.finished_at)!, actor: x.actor ?? null,
    total: codec.readInt(x.total), counts: JSON.parse(String(x.counts)) as RetentionCount[], prevHash: String(x.prev_hash), hash: String(x.hash),
  }));
}

/** An area for emergency periods: its path (periods inside it count) and the paths above it (periods covering it). */
export type EmergencyArea = { path: string; above: string[] };

/**
 * Emergency periods declared / ended in the range for the area, an area above it (covering it) or one inside it. A
 * period cancelled before it began (ADR 0027 addendum: end date = the day before its start) never covered a day: it is
 * neither declared nor ended, but `cancelled` in the range of its cancellation (`ended_at`) — ADR 0032 addendum.
 */
export async function emergencyCounts(db: Kysely<any>, codec: Codec, r: PrivacyRange, area: EmergencyArea | null): Promise<{ declared: number; ended: number; cancelled: number }> {
  const count = async (col: 'declared_at' | 'ended_at', cancelled: boolean) => {
    let q = db.selectFrom('emergency_periods').select((eb) => eb.fn.countAll().as('n')).where(col, '>=', r.from).where(col, '<', r.to);
    q = cancelled
      ? q.where('end_date', 'is not', null).where((eb) => eb('end_date', '<', eb.ref('start_date')))
      : q.where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', eb.ref('start_date'))]));
    if (area !== null) q = q.where((eb) => eb.or([eb('org_path', 'in', area.above), eb('org_path', 'like', `${area.path}%`)]));
    return codec.readInt((await q.executeTakeFirst())?.n);
  };
  return { declared: await count('declared_at', false), ended: await count('ended_at', false), cancelled: await count('ended_at', true) };
}

/**
 * Emergency periods in force on some day of [fromDay, toDay] (Shanghai dates; one cancelled before it began, ending
 * before its start, never was) for the area, an area above it or one
 * inside it, by start date then area path. The area's name comes from the orgs module (the caller's).
 */
export async function emergencyPeriodsInForce(db: Kysely<any>, fromDay: string, toDay: string, area: EmergencyArea | null) {
  let q = db.selectFrom('emergency_periods as p')
    .select(['p.org_id as org_id', 'p.start_date as start_date', 'p.end_date as end_date', 'p.legal_ref as legal_ref'])
    .where('p.start_date', '<=', toDay)
    .where((eb) => eb.or([eb('p.end_date', 'is', null), eb.and([eb('p.end_date', '>=', fromDay), eb('p.end_date', '>=', eb.ref('p.start_date'))])]));
  if (area !== null) q = q.where((eb) => eb.or([eb('p.org_path', 'in', area.above), eb('p.org_path', 'like', `${area.path}%`)]));
  const rows = await q.orderBy('p.start_date').orderBy('p.org_path').execute();
  return rows.map((x) => ({ orgId: String(x.org_id), startDate: String(x.start_date), endDate: x.end_date == null ? null : String(x.end_date), legalRef: String(x.legal_ref) }));
}
