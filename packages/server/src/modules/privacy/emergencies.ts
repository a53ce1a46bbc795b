import { shanghaiDate } from '@renxing/shared';
import type { Principal } from '../../http/auth-context';
import { AppError, errors } from '../../http/errors';
import type { Database } from '../../platform/db/database';
import { uuidv7 } from '../../platform/ids';
import { type AuditActor, type AuditService, denyAudited } from '../audit';
import type { OrgsService } from '../orgs';

/**
 * Emergency periods (LAW-02, ADR 0027). Data whose legal basis is "necessary to respond to a public-health emergency"
 * (PIPL 13(4), `basis: 'public_health_emergency'` in the field registry) is collected in an area only while an
 * emergency declared for that area or an area above it is active; the retention job deletes it N days after the
 * covering emergency ended. Dates are Shanghai calendar dates; `endDate` is the last day of the emergency (inclusive).
 */
export type EmergencyPeriod = {
  id: string; orgId: string; orgPath: string; orgName: string; orgLevel: string; startDate: string; endDate: string | null; legalRef: string;
  note: string | null; endReason: string | null; declaredAt: string; endedAt: string | null; version: number;
  /**
   * active today, ended, declared from a later date, or cancelled before it began (ended while scheduled: its end date
   * is the day before its start, so it never covered a day).
   */
  status: 'active' | 'ended' | 'scheduled' | 'cancelled';
};

/**
 * The state of collection for an area on a day: open since the earliest covering period in force (its area and legal
 * reference), or closed since the most recent one that ended. `inForce` lists every covering period in force, earliest
 * first: an area inside a declared district may have its own as well, and collection goes on until the last ends.
 */
export type EmergencyState = {
  open: boolean; since: string | null; endedOn: string | null; legalRef: string | null; areaName: string | null;
  inForce: Array<{ areaName: string; since: string; legalRef: string }>;
};

/** How far before or after today a declared period may start (days). */
export const DECLARE_WINDOW_DAYS = 30;

/** Default days after an emergency's end before its data is deleted (RENXING_EMERGENCY_RETENTION_DAYS). */
export const DEFAULT_EMERGENCY_RETENTION_DAYS = 30;

/** Shanghai calendar date of an instant. */
export function ymdOf(d: Date): string {
  const x = shanghaiDate(d);
  return `${x.y}-${String(x.m).padStart(2, '0')}-${String(x.d).padStart(2, '0')}`;
}

/** A YYYY-MM-DD date moved by whole days. */
export function addDays(ymd: string, days: number): string {
  const t = Date.parse(`${ymd}T00:00:00Z`) + days * 86400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The paths of an org path and every area above it: '/a/b/' → ['/a/', '/a/b/']. */
export function pathsAbove(path: string): string[] {
  const codes = path.split('/').filter(Boolean);
  return codes.map((_, i) => `/${codes.slice(0, i + 1).join('/')}/`);
}

const DECLARABLE = new Set(['district', 'street', 'community']);

export const collectionClosed = (what: { zh: string; en: string } = { zh: '体温自测', en: 'temperature self-reports' }) => new AppError(
  410, 'collection_closed', `当前不在疫情应急期内（已结束或尚未宣布），${what.zh}已停止收集`, `No emergency period is in force here (ended or not declared); ${what.en} are not collected`,
);

export function createEmergencyService(database: Database, audit: AuditService, orgs: OrgsService, now: () => Date, o: { retentionDays?: number } = {}) {
  const retentionDays = o.retentionDays ?? DEFAULT_EMERGENCY_RETENTION_DAYS;
  const { db, writes, codec } = database;

  const statusOf = (r: { start_date: string; end_date: string | null }, today: string): EmergencyPeriod['status'] =>
    (r.end_date !== null && r.end_date < r.start_date ? 'cancelled'
      : r.start_date > today ? 'scheduled' : r.end_date !== null && r.end_date < today ? 'ended' : 'active');

  async function view(r: any, today: string): Promise<EmergencyPeriod> {
    const org = await orgs.get(r.org_id);
    return {
      id: r.id, orgId: r.org_id, orgPath: r.org_path, orgName: org?.name ?? '', orgLevel: org?.level ?? '', startDate: r.start_date, endDate: r.end_date ?? null,
      legalRef: r.legal_ref, note: r.note ?? null, endReason: r.end_reason ?? null, declaredAt: codec.readTs(r.declared_at)!, endedAt: codec.readTs(r.ended_at),
      version: codec.readInt(r.version), status: statusOf(r, today),
    };
  }

  /** Unknown or outside the caller's scope (the same answer for both): 404 naming the field. */
  const notFound = (field: string, zh: string, en: string) =>
    new AppError(404, 'not_found', `${zh}不存在`, `${en} not found`, [{ path: field, code: 'not_found', message: `${zh}不存在`, messageEn: `${en} not found` }]);

  /** Periods covering `path` (declared for it or an area above it). */
  const covering = (path: string) => db.selectFrom('emergency_periods').selectAll().where('org_path', 'in', pathsAbove(path));

  return {
    /** The state of collection in an area today (or on `date`). */
    async state(path: string, date?: string): Promise<EmergencyState> {
      const day = date ?? ymdOf(now());
      const rows = await covering(path).where('start_date', '<=', day).orderBy('start_date', 'asc').orderBy('org_path', 'asc').execute();
      const inForce: EmergencyState['inForce'] = [];
      for (const r of rows.filter((x) => x.end_date === null || x.end_date >= day)) {
        inForce.push({ areaName: (await orgs.get(r.org_id))?.name ?? '', since: r.start_date, legalRef: r.legal_ref });
      }
      const first = inForce[0];
      if (first) return { open: true, since: first.since, endedOn: null, legalRef: first.legalRef, areaName: first.areaName, inForce };
      // A period cancelled before it began (end before start) never covered a day: not "the last one that ended".
      const last = rows.filter((r) => r.end_date !== null && r.end_date >= r.start_date).sort((a, b) => (a.end_date! < b.end_date! ? 1 : -1))[0];
      const org = last ? await orgs.get(last.org_id) : null;
      return { open: false, since: last?.start_date ?? null, endedOn: last?.end_date ?? null, legalRef: last?.legal_ref ?? null, areaName: org?.name ?? null, inForce };
    },

    /**
     * The org paths with a period in force on `date` (today by default) among the area at `path`, the areas above it and
     * every area below it: one read for a whole street's or district's collection state (the self-report coverage).
     */
    async pathsInForce(path: string, date?: string): Promise<Set<string>> {
      const day = date ?? ymdOf(now());
      const rows = await db.selectFrom('emergency_periods').select('org_path')
        .where((eb) => eb.or([eb('org_path', 'in', pathsAbove(path)), eb('org_path', 'like', `${path}%`)]))
        .where('start_date', '<=', day).where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', day)])).execute();
      return new Set(rows.map((r) => r.org_path));
    },

    /** Throws 410 collection_closed unless an emergency covering `path` is active today. */
    async assertCollectionOpen(path: string, what?: { zh: string; en: string }): Promise<void> {
      if (!(await this.state(path)).open) throw collectionClosed(what);
    },

    /** The caller's area and above; for those who manage emergencies also the periods of the areas below them. */
    async list(principal: Principal) {
      const today = ymdOf(now());
      let q = db.selectFrom('emergency_periods').selectAll();
      q = principal.permissions.has('emergency:manage')
        ? q.where((eb) => eb.or([eb('org_path', 'in', pathsAbove(principal.orgPath)), eb('org_path', 'like', `${principal.orgPath}%`)]))
        : q.where('org_path', 'in', pathsAbove(principal.orgPath));
      const rows = await q.orderBy('start_date', 'desc').orderBy('id', 'desc').limit(200).execute();
      const items: EmergencyPeriod[] = [];
      for (const r of rows) items.push(await view(r, today));
      return { today, retentionDays, state: await this.state(principal.orgPath, today), items };
    },

    /**
     * Declares an emergency for an area inside the caller's scope (district, street or community). Refused (409
     * emergency_overlap) when a period of the same area is still open or ends on/after the new start.
     */
    async declare(principal: Principal, actor: AuditActor, b: { orgId: string; startDate: string; legalRef: string; note?: string | null }) {
      const org = await orgs.get(b.orgId);
      if (!org || !orgs.inScope(principal.orgPath, org.path)) return denyAudited(audit, actor, { action: 'emergency_declare', objectType: 'org', objectId: b.orgId }, notFound('orgId', '区域', 'Area'));
      if (!DECLARABLE.has(org.level)) {
        throw errors.field('orgId', 'level', '应急期只能按区、街道或社区宣布', 'an emergency is declared for a district, street or community');
      }
      const today = ymdOf(now());
      if (b.startDate > addDays(today, DECLARE_WINDOW_DAYS)) {
        throw errors.field('startDate', 'too_late', `开始日期最晚可选 ${addDays(today, DECLARE_WINDOW_DAYS)}（今天之后 30 天内）`,
          `the start date can be at most ${addDays(today, DECLARE_WINDOW_DAYS)} (within 30 days from today)`);
      }
      // A start long past is a typo (2020 for 2026): once begun a period can only be ended, and the wrong date would stand
      // in the transparency report. A notice dated a few days back is fine.
      if (b.startDate < addDays(today, -DECLARE_WINDOW_DAYS)) {
        throw errors.field('startDate', 'too_early', `开始日期最早可选 ${addDays(today, -DECLARE_WINDOW_DAYS)}（今天之前 30 天内）`,
          `the start date can be at earliest ${addDays(today, -DECLARE_WINDOW_DAYS)} (within 30 days before today)`);
      }
      const id = uuidv7(now().getTime());
      await writes.run(async (trx) => {
        const clash = await trx.selectFrom('emergency_periods').select(['id', 'start_date', 'end_date']).where('org_id', '=', org.id)
          // A period cancelled before it began (end before start) never covered a day: no overlap.
          .where((eb) => eb.or([eb('end_date', 'is', null), eb.and([eb('end_date', '>=', b.startDate), eb('end_date', '>=', eb.ref('start_date'))])])).executeTakeFirst();
        if (clash) {
          throw errors.conflict('emergency_overlap', `该区域已有应急期（自 ${clash.start_date} 起），请先结束它`,
            `The area already has an emergency period (since ${clash.start_date}); end it first`,
            [{ path: 'startDate', code: 'overlap', message: `与 ${clash.start_date} 起的应急期重叠`, messageEn: `overlaps the period since ${clash.start_date}` }]);
        }
        await trx.insertInto('emergency_periods').values({
          id, org_id: org.id, org_path: org.path, start_date: b.startDate, end_date: null, legal_ref: b.legalRef, note: b.note ?? null, end_reason: null,
          declared_by: principal.id, declared_at: codec.ts(now()), ended_by: null, ended_at: null, version: 1,
        }).execute();
        await audit.append(trx, actor, {
          action: 'emergency_declare', objectType: 'emergency_period', objectId: id, outcome: 'success', severity: 'high',
          fields: ['startDate', 'legalRef'], reason: `${org.name} ${b.startDate} ${b.legalRef}`,
        });
      });
      const row = await db.selectFrom('emergency_periods').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return view(row, today);
    },

    /**
     * Ends an open period: `endDate` is its last day (from its start to today). Collection closes the day after. A period
     * that has not begun yet (declared from a later date, e.g. a mistyped start) is cancelled instead: `endDate` must be
     * today, and the end recorded is the day before its start, so it never covers a day and the area can be declared
     * again at once (status `cancelled`).
     */
    async end(principal: Principal, actor: AuditActor, id: string, b: { endDate: string; reason: string }) {
      const r = await db.selectFrom('emergency_periods').selectAll().where('id', '=', id).executeTakeFirst();
      if (!r || !orgs.inScope(principal.orgPath, r.org_path)) return denyAudited(audit, actor, { action: 'emergency_end', objectType: 'emergency_period', objectId: id }, notFound('id', '应急期', 'Emergency period'));
      if (r.end_date !== null) throw errors.conflict('already_ended', `该应急期已于 ${r.end_date} 结束`, `This emergency period already ended on ${r.end_date}`);
      const today = ymdOf(now());
      const cancel = r.start_date > today;
      if (cancel) {
        if (b.endDate !== today) {
          throw errors.field('endDate', 'not_today', `该应急期尚未开始（${r.start_date} 起），只能今天取消`, `This emergency period has not begun (from ${r.start_date}); it can only be cancelled as of today`);
        }
      } else {
        if (b.endDate < r.start_date) throw errors.field('endDate', 'before_start', `结束日期不能早于开始日期 ${r.start_date}`, `endDate must not be before the start date ${r.start_date}`);
        if (b.endDate > today) throw errors.field('endDate', 'in_future', '结束日期不能晚于今天', 'endDate must not be after today');
      }
      const endDate = cancel ? addDays(r.start_date, -1) : b.endDate;
      await writes.run(async (trx) => {
        const res = await trx.updateTable('emergency_periods')
          .set({ end_date: endDate, end_reason: b.reason, ended_by: principal.id, ended_at: codec.ts(now()), version: codec.readInt(r.version) + 1 })
          .where('id', '=', id).where('end_date', 'is', null).where('version', '=', r.version).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw errors.stale();
        await audit.append(trx, actor, {
          action: 'emergency_end', objectType: 'emergency_period', objectId: id, outcome: 'success', severity: 'high', fields: ['endDate'],
          reason: cancel ? `cancelled before ${r.start_date}: ${b.reason}` : `${b.endDate}: ${b.reason}`,
        });
      });
      const row = await db.selectFrom('emergency_periods').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return view(row, today);
    },

    /** Demo seed: an emergency for the area from `startDate` unless one exists (idempotent). */
    async ensureDeclared(actor: AuditActor, orgId: string, startDate: string, legalRef: string, declaredBy: string) {
      const org = await orgs.get(orgId);
      if (!org) throw new Error(`Unknown org ${orgId}`);
      if (await db.selectFrom('emergency_periods').select('id').where('org_id', '=', orgId).executeTakeFirst()) return;
      const id = uuidv7(now().getTime());
      await writes.run(async (trx) => {
        await trx.insertInto('emergency_periods').values({
          id, org_id: org.id, org_path: org.path, start_date: startDate, end_date: null, legal_ref: legalRef, note: null, end_reason: null,
          declared_by: declaredBy, declared_at: codec.ts(now()), ended_by: null, ended_at: null, version: 1,
        }).execute();
        await audit.append(trx, actor, { action: 'emergency_declare', objectType: 'emergency_period', objectId: id, outcome: 'success', reason: `${org.name} ${startDate} ${legalRef}` });
      });
    },
  };
}

export type EmergencyService = ReturnType<typeof createEmergencyService>;
