import type { Kysely } from 'kysely';
import type { Codec } from '../../platform/db/codec';
import { auditActionTally, countAuditRows } from '../audit';
import { deletionRequestCounts } from '../deletions';
import { exportFigures } from '../exports';
import { emergencyCounts, retentionCertificatesBetween } from '../privacy';
import { countBreakGlassGrants, residentIdsUnder, safeguardCounts, statusChangeCounts } from '../registry';
import { countSecurityAlerts } from '../security-alerts';

/**
 * The read model of the transparency report (ADR 0032): raw counts of one month, for the whole installation or one
 * area, straight from the tables that record what happened. Read-only and counts only: no personal column is selected
 * (ids appear only in joins), and every instant compared is one the system stamped itself when it happened (audit
 * `ts`, `created_at`, `decided_at`, `granted_at` …), never a date a user typed — so a completed month's counts barely
 * change afterwards and may be cached (the exceptions, told on the page: attribution by where a resident lives now, and
 * emergency periods cancelled before they began; ADR 0032).
 *
 * Area attribution: an event counts for the area of the resident it concerns — the place at the time where the table
 * keeps it (break-the-glass grants, status changes), the place the resident is registered now otherwise (audited
 * reveals, restrictions, correction requests: the audit row names the resident); an export counts when its scope lies
 * inside the area or it covered a resident registered there, and its rows are those residents. Deletions and sign-in
 * lock-outs have no area (deleted data, attempts on an account name) and are counted for the installation.
 *
 * Every query lives in the module that owns the table (audit, exports, registry, privacy, security-alerts) and is
 * called through its index; this file only composes them.
 */

/** [from, to): instants as ISO-8601 text (the audit log stores ISO text on both dialects; comparable as text). */
export type MonthRange = { from: string; to: string; fromDay: string; toDay: string };

export type RawFigures = {
  exports: { requested: number; needingApproval: number; approved: number; rejected: number; downloaded: number; rowsExported: number; downloadsWithPlaintext: number };
  reveals: Record<string, number>;
  breakGlass: number;
  restricted: number;
  unrestricted: number;
  statusChanges: Record<string, number>;
  corrections: { opened: number; applied: number; rejected: number; withdrawn: number };
  deletionRequests: { requested: number; erased: number; restricted: number; rejected: number; withdrawn: number };
  deletions: { certificates: number; byClass: Array<{ table: string; action: 'delete' | 'clear'; trigger: 'age' | 'emergency_end'; rows: number }> };
  emergencies: { declared: number; ended: number; cancelled: number };
  lockouts: number;
  /** Safeguards of this session's privacy duties (ADR 0033–0035, 0031, 0034). */
  safeguards: {
    consentsRecorded: number; consentsWithdrawn: number; minorRequests: number; minorApproved: number; minorRejected: number;
    securityAlerts: number; impactQueries: number;
  };
};

/** Audit actions the report counts (successful ones), besides sign-in lock-outs. */
const AUDITED = ['reveal', 'restrict', 'unrestrict', 'correction_request', 'correction_resolve', 'correction_withdraw'] as const;

/** Reason codes of a resident's status change (ADR 0016): where they went. */
export function statusReason(to: string): string {
  return to === 'active' ? 'returned' : to;
}

export function createFigures(db: Kysely<any>, codec: Codec, o: { lockoutFailures: number }) {
  async function audited(r: MonthRange, area: string | null) {
    // One pass over the month's audit rows (ts index): per action, the field of a reveal, the decision of a resolution.
    const rows = await auditActionTally(db, codec, r, {
      actions: AUDITED, fieldsOf: ['reveal'], reasonOf: ['correction_resolve'], subjectIn: area === null ? null : residentIdsUnder(area),
    });
    const reveals: Record<string, number> = {};
    let restricted = 0;
    let unrestricted = 0;
    const corrections = { opened: 0, applied: 0, rejected: 0, withdrawn: 0 };
    for (const x of rows) {
      const count = x.n;
      if (x.action === 'reveal') {
        for (const f of JSON.parse(x.fields ?? '[]') as string[]) reveals[f] = (reveals[f] ?? 0) + count;
      } else if (x.action === 'restrict') restricted += count;
      else if (x.action === 'unrestrict') unrestricted += count;
      else if (x.action === 'correction_request') corrections.opened += count;
      // Taken back by the resident (ADR 0028 addendum): its own line, not a resolution.
      else if (x.action === 'correction_withdraw') corrections.withdrawn += count;
      else if (x.action === 'correction_resolve') {
        // 已更正 counts a record changed as asked and one changed in part (`partly`): both corrected something.
        if (x.reason === 'applied' || x.reason === 'partly') corrections.applied += count;
        else if (x.reason === 'rejected') corrections.rejected += count;
      }
    }
    return { reveals, restricted, unrestricted, corrections };
  }

  async function statusChanges(r: MonthRange, area: string | null): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [to, count] of Object.entries(await statusChangeCounts(db, codec, r, area))) {
      const reason = statusReason(to);
      out[reason] = (out[reason] ?? 0) + count;
    }
    return out;
  }

  /** Deletion certificates of the month (retention_runs, ADR 0024): rows per table, age and emergency-end lines apart. */
  async function deletions(r: MonthRange): Promise<RawFigures['deletions']> {
    const runs = await retentionCertificatesBetween(db, codec, r);
    const byKey = new Map<string, { table: string; action: 'delete' | 'clear'; trigger: 'age' | 'emergency_end'; rows: number }>();
    for (const x of runs) {
      for (const c of x.counts) {
        const trigger = c.emergency ? 'emergency_end' : 'age';
        const action = c.action === 'clear' ? 'clear' : 'delete';
        const key = `${c.table}|${action}|${trigger}`;
        const e = byKey.get(key) ?? { table: c.table, action, trigger, rows: 0 };
        e.rows += Number(c.rows) || 0;
        byKey.set(key, e);
      }
    }
    const byClass = [...byKey.values()].sort((a, b) => a.table.localeCompare(b.table) || a.trigger.localeCompare(b.trigger) || a.action.localeCompare(b.action));
    return { certificates: runs.length, byClass };
  }

  /**
   * Separate consents to care services recorded and withdrawn (resident_consents, ADR 0033); requests to see a child's
   * ID or phone number and their decisions (minor_access_requests, ADR 0035); security alerts raised (security_alerts:
   * out-of-task browsing, daily export cap; the area of the account they concern); breach impact queries run
   * (installation-wide, like lock-outs). Every instant is one the system stamped.
   */
  async function safeguards(r: MonthRange, area: string | null): Promise<RawFigures['safeguards']> {
    const reg = await safeguardCounts(db, codec, r, area);
    return {
      ...reg,
      securityAlerts: await countSecurityAlerts(db, codec, r, area),
      impactQueries: await countAuditRows(db, codec, r, { action: 'impact_query', outcome: 'success' }),
    };
  }

  return {
    /** Every count of the month (`area`: the org path and the paths above it, or null for the whole installation). */
    async month(r: MonthRange, area: { path: string; above: string[] } | null): Promise<RawFigures> {
      const path = area?.path ?? null;
      const a = await audited(r, path);
      return {
        exports: await exportFigures(db, codec, r, path === null ? null : { path, residentIds: residentIdsUnder(path) }),
        reveals: a.reveals,
        breakGlass: await countBreakGlassGrants(db, codec, r, path),
        restricted: a.restricted,
        unrestricted: a.unrestricted,
        statusChanges: await statusChanges(r, path),
        corrections: a.corrections,
        deletionRequests: await deletionRequestCounts(db, codec, r, path),
        deletions: await deletions(r),
        emergencies: await emergencyCounts(db, codec, r, area),
        // Failed sign-ins that locked an account name (LOGIN_POLICY.maxFailures reached).
        lockouts: await countAuditRows(db, codec, r, { action: 'login_failed', outcome: 'denied', minCount: o.lockoutFailures }),
        safeguards: await safeguards(r, path),
      };
    },
  };
}

export type Figures = ReturnType<typeof createFigures>;
