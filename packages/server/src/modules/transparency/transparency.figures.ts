import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Codec } from '../../platform/db/codec';

/**
 * The read model of the transparency report (ADR 0032): raw counts of one month, for the whole installation or one
 * area, straight from the tables that record what happened. Read-only and counts only: no personal column is selected
 * (ids appear only in joins), and every instant compared is one the system stamped itself when it happened (audit
 * `ts`, `created_at`, `decided_at`, `granted_at` …), never a date a user typed — so a completed month's counts do not
 * change afterwards and may be cached.
 *
 * Area attribution: an event counts for the area of the resident it concerns — the place at the time where the table
 * keeps it (break-the-glass grants, status changes), the place the resident is registered now otherwise (audited
 * reveals, restrictions, correction requests: the audit row names the resident); an export counts when its scope lies
 * inside the area or it covered a resident registered there, and its rows are those residents. Deletions and sign-in
 * lock-outs have no area (deleted data, attempts on an account name) and are counted for the installation.
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
  corrections: { opened: number; applied: number; rejected: number };
  deletions: { certificates: number; byClass: Array<{ table: string; action: 'delete' | 'clear'; trigger: 'age' | 'emergency_end'; rows: number }> };
  emergencies: { declared: number; ended: number };
  lockouts: number;
  /** Safeguards of this session's privacy duties (ADR 0033–0035, 0031, 0034). */
  safeguards: {
    consentsRecorded: number; consentsWithdrawn: number; minorRequests: number; minorApproved: number; minorRejected: number;
    securityAlerts: number; impactQueries: number;
  };
};

/** Audit actions the report counts (successful ones), besides sign-in lock-outs. */
const AUDITED = ['reveal', 'restrict', 'unrestrict', 'correction_request', 'correction_resolve'] as const;

/** Reason codes of a resident's status change (ADR 0016): where they went. */
export function statusReason(to: string): string {
  return to === 'active' ? 'returned' : to;
}

export function createFigures(db: Kysely<any>, codec: Codec, o: { lockoutFailures: number }) {
  const n = (v: unknown) => codec.readInt(v);
  /** `path%` — the area and everything below it (org paths are `/code/code/`). */
  const below = (path: string) => `${path}%`;
  /** An instant column inside the month. */
  const inMonth = (col: RawBuilder<unknown>, r: MonthRange) => sql<boolean>`(${col} >= ${r.from} and ${col} < ${r.to})`;

  async function audited(r: MonthRange, area: string | null) {
    const join = area === null ? sql`` : sql`join residents r on r.id = a.subject_id`;
    const where = area === null ? sql`` : sql`and r.org_path like ${below(area)}`;
    // One pass over the month's audit rows (ts index): per action, the field of a reveal, the decision of a resolution.
    const rows = await sql<{ action: string; fields: string | null; reason: string | null; n: unknown }>`
      select a.action as action,
        case when a.action = 'reveal' then a.fields else null end as fields,
        case when a.action = 'correction_resolve' then a.reason else null end as reason,
        count(*) as n
      from audit_log a ${join}
      where a.ts >= ${r.from} and a.ts < ${r.to} and a.outcome = 'success'
        and a.action in (${sql.join(AUDITED.map((x) => sql.lit(x)))}) ${where}
      group by a.action,
        case when a.action = 'reveal' then a.fields else null end,
        case when a.action = 'correction_resolve' then a.reason else null end`.execute(db);
    const reveals: Record<string, number> = {};
    let restricted = 0;
    let unrestricted = 0;
    const corrections = { opened: 0, applied: 0, rejected: 0 };
    for (const x of rows.rows) {
      const count = n(x.n);
      if (x.action === 'reveal') {
        for (const f of JSON.parse(x.fields ?? '[]') as string[]) reveals[f] = (reveals[f] ?? 0) + count;
      } else if (x.action === 'restrict') restricted += count;
      else if (x.action === 'unrestrict') unrestricted += count;
      else if (x.action === 'correction_request') corrections.opened += count;
      else if (x.action === 'correction_resolve') {
        if (x.reason === 'applied') corrections.applied += count;
        else if (x.reason === 'rejected') corrections.rejected += count;
      }
    }
    return { reveals, restricted, unrestricted, corrections };
  }

  async function exports(r: MonthRange, area: string | null): Promise<RawFigures['exports']> {
    const e = (c: string) => sql.ref(`e.${c}`);
    const covers = area === null
      ? sql<boolean>`1 = 1`
      : sql<boolean>`(e.scope_path like ${below(area)} or exists (select 1 from export_subjects s join residents r on r.id = s.resident_id
          where s.export_id = e.id and r.org_path like ${below(area)}))`;
    const flag = (cond: RawBuilder<boolean>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
    const decided = inMonth(e('decided_at'), r);
    const downloaded = inMonth(e('downloaded_at'), r);
    const row = await sql<Record<string, unknown>>`
      select
        ${flag(inMonth(e('created_at'), r))} as requested,
        ${flag(sql`${inMonth(e('created_at'), r)} and e.approval_level <> 'none'`)} as needing,
        ${flag(sql`${decided} and e.approver_id is not null and e.status <> 'rejected'`)} as approved,
        ${flag(sql`${decided} and e.status = 'rejected'`)} as rejected,
        ${flag(downloaded)} as downloaded,
        ${flag(sql`${downloaded} and e.approval_level <> 'none' and e.approved_unmasked is not null and e.approved_unmasked <> '[]'`)} as plaintext,
        sum(case when ${downloaded} then e.file_rows else 0 end) as file_rows
      from exports e
      where (${inMonth(e('created_at'), r)} or ${decided} or ${downloaded}) and ${covers}`.execute(db);
    const x = row.rows[0] ?? {};
    let rowsExported = n(x.file_rows);
    if (area !== null) {
      // Only this area's residents among the rows of the files downloaded this month.
      const s = await sql<{ n: unknown }>`
        select count(*) as n from export_subjects s
          join exports e on e.id = s.export_id
          join residents r on r.id = s.resident_id
        where ${downloaded} and r.org_path like ${below(area)}`.execute(db);
      rowsExported = n(s.rows[0]?.n);
    }
    return {
      requested: n(x.requested), needingApproval: n(x.needing), approved: n(x.approved), rejected: n(x.rejected), downloaded: n(x.downloaded),
      rowsExported, downloadsWithPlaintext: n(x.plaintext),
    };
  }

  async function breakGlass(r: MonthRange, area: string | null): Promise<number> {
    let q = db.selectFrom('break_glass_grants').select((eb) => eb.fn.countAll().as('n')).where('granted_at', '>=', r.from).where('granted_at', '<', r.to);
    if (area !== null) q = q.where('org_path', 'like', below(area));
    return n((await q.executeTakeFirst())?.n);
  }

  async function statusChanges(r: MonthRange, area: string | null): Promise<Record<string, number>> {
    let q = db.selectFrom('resident_status_changes').select(['to_status', (eb) => eb.fn.countAll().as('n')])
      .where('changed_at', '>=', r.from).where('changed_at', '<', r.to);
    if (area !== null) q = q.where('org_path', 'like', below(area));
    const out: Record<string, number> = {};
    for (const x of await q.groupBy('to_status').execute()) {
      const reason = statusReason(String(x.to_status));
      out[reason] = (out[reason] ?? 0) + n(x.n);
    }
    return out;
  }

  /** Deletion certificates of the month (retention_runs, ADR 0024): rows per table, age and emergency-end lines apart. */
  async function deletions(r: MonthRange): Promise<RawFigures['deletions']> {
    const rows = await db.selectFrom('retention_runs').select(['counts']).where('started_at', '>=', r.from).where('started_at', '<', r.to).execute();
    const byKey = new Map<string, { table: string; action: 'delete' | 'clear'; trigger: 'age' | 'emergency_end'; rows: number }>();
    for (const x of rows) {
      for (const c of JSON.parse(String(x.counts)) as Array<{ table: string; action: string; rows: number; emergency?: unknown }>) {
        const trigger = c.emergency ? 'emergency_end' : 'age';
        const action = c.action === 'clear' ? 'clear' : 'delete';
        const key = `${c.table}|${action}|${trigger}`;
        const e = byKey.get(key) ?? { table: c.table, action, trigger, rows: 0 };
        e.rows += Number(c.rows) || 0;
        byKey.set(key, e);
      }
    }
    const byClass = [...byKey.values()].sort((a, b) => a.table.localeCompare(b.table) || a.trigger.localeCompare(b.trigger) || a.action.localeCompare(b.action));
    return { certificates: rows.length, byClass };
  }

  /** Emergency periods declared / ended in the month for the area, an area above it (covering it) or one inside it. */
  async function emergencies(r: MonthRange, area: { path: string; above: string[] } | null): Promise<RawFigures['emergencies']> {
    const count = async (col: 'declared_at' | 'ended_at') => {
      let q = db.selectFrom('emergency_periods').select((eb) => eb.fn.countAll().as('n')).where(col, '>=', r.from).where(col, '<', r.to);
      if (area !== null) q = q.where((eb) => eb.or([eb('org_path', 'in', area.above), eb('org_path', 'like', below(area.path))]));
      return n((await q.executeTakeFirst())?.n);
    };
    return { declared: await count('declared_at'), ended: await count('ended_at') };
  }

  /** Failed sign-ins that locked an account name (LOGIN_POLICY.maxFailures reached). */
  async function lockouts(r: MonthRange): Promise<number> {
    const x = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n'))
      .where('ts', '>=', r.from).where('ts', '<', r.to).where('action', '=', 'login_failed').where('outcome', '=', 'denied')
      .where('count', '>=', o.lockoutFailures).executeTakeFirst();
    return n(x?.n);
  }

  /**
   * Separate consents to care services recorded and withdrawn (resident_consents, ADR 0033); requests to see a child's
   * ID or phone number and their decisions (minor_access_requests, ADR 0035); security alerts raised (security_alerts:
   * out-of-task browsing, daily export cap; the area of the account they concern); breach impact queries run
   * (installation-wide, like lock-outs). Every instant is one the system stamped.
   */
  async function safeguards(r: MonthRange, area: string | null): Promise<RawFigures['safeguards']> {
    const count = async (table: string, col: string, extra?: (q: any) => any) => {
      let q = db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where(col, '>=', r.from).where(col, '<', r.to);
      if (area !== null) q = q.where('org_path', 'like', below(area));
      if (extra) q = extra(q);
      return n((await q.executeTakeFirst())?.n);
    };
    const impact = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n'))
      .where('ts', '>=', r.from).where('ts', '<', r.to).where('action', '=', 'impact_query').where('outcome', '=', 'success').executeTakeFirst();
    return {
      consentsRecorded: await count('resident_consents', 'recorded_at'),
      consentsWithdrawn: await count('resident_consents', 'withdrawn_at'),
      minorRequests: await count('minor_access_requests', 'created_at'),
      minorApproved: await count('minor_access_requests', 'decided_at', (q) => q.where('status', 'in', ['approved', 'expired']).where('decided_by', 'is not', null)),
      minorRejected: await count('minor_access_requests', 'decided_at', (q) => q.where('status', '=', 'rejected')),
      securityAlerts: await count('security_alerts', 'created_at'),
      impactQueries: n(impact?.n),
    };
  }

  return {
    /** Every count of the month (`area`: the org path and the paths above it, or null for the whole installation). */
    async month(r: MonthRange, area: { path: string; above: string[] } | null): Promise<RawFigures> {
      const path = area?.path ?? null;
      const a = await audited(r, path);
      return {
        exports: await exports(r, path),
        reveals: a.reveals,
        breakGlass: await breakGlass(r, path),
        restricted: a.restricted,
        unrestricted: a.unrestricted,
        statusChanges: await statusChanges(r, path),
        corrections: a.corrections,
        deletions: await deletions(r),
        emergencies: await emergencies(r, area),
        lockouts: await lockouts(r),
        safeguards: await safeguards(r, path),
      };
    },

    /** Emergency periods in force on some day of [fromDay, toDay] (Shanghai dates), with their area's name and level. */
    async inForce(fromDay: string, toDay: string, area: { path: string; above: string[] } | null) {
      let q = db.selectFrom('emergency_periods as p').innerJoin('orgs as o', 'o.id', 'p.org_id')
        .select(['o.name as area', 'o.level as level', 'p.start_date as start_date', 'p.end_date as end_date', 'p.legal_ref as legal_ref'])
        .where('p.start_date', '<=', toDay)
        .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', fromDay)]));
      if (area !== null) q = q.where((eb) => eb.or([eb('p.org_path', 'in', area.above), eb('p.org_path', 'like', below(area.path))]));
      const rows = await q.orderBy('p.start_date').orderBy('o.path').execute();
      return rows.map((x) => ({
        area: String(x.area), level: String(x.level), startDate: String(x.start_date),
        // An end after the period asked about is not known yet as far as that period is concerned.
        endDate: x.end_date != null && String(x.end_date) <= toDay ? String(x.end_date) : null,
        legalRef: String(x.legal_ref),
      }));
    },
  };
}

export type Figures = ReturnType<typeof createFigures>;
