import {
  REVEAL_FIELDS, STATUS_CHANGE_REASONS, TRANSPARENCY_AREA_LEVELS, type TransparencyArea, type TransparencyAreaList, type TransparencyCount,
  type TransparencyReport,
} from '@renxing/shared';
import { AppError, errors } from '../../http/errors';
import type { Database } from '../../platform/db/database';
import { LOGIN_POLICY } from '../auth';
import type { Org, OrgsService } from '../orgs';
import { emergencyPeriodsInForce, pathsAbove, RETENTION_CLASS_LABELS } from '../privacy';
import { MIN_CELL } from '../registry';
import { createFigures, type MonthRange, type RawFigures } from './transparency.figures';
import { published, publishedTotal } from './transparency.suppression';

export { published };

/**
 * The monthly transparency report (公开透明报告; SECURITY.md §7 test 69, SYSTEM.md capability 8, ADR 0032): what the
 * installation did with residents' data in one month — exports, reveals, break-the-glass, restrictions, status
 * changes, correction requests, deletions, emergency periods, sign-in lock-outs — as counts anyone may read without
 * signing in. Counts of 1–4 are shown as "<5" (PRIV-01), and a total that would give one away by subtraction as
 * "withheld" (transparency.suppression.ts, ADR 0044); nothing names a person, an account or a record.
 */

const SHANGHAI_MS = 8 * 3600_000;
/** A completed month is cached only once writes stamped before its end have surely committed. */
const SETTLE_MS = 5 * 60_000;
/** The current month's figures are reused this long (public page, anyone may reload it). */
const PARTIAL_MS = 60_000;
/** Reports computed at once at most (the rest wait): a burst of distinct uncached requests cannot swamp the database. */
const MAX_CONCURRENT = 2;
const MAX_CACHED = 2000;
const AREA_LIST_MS = 60_000;

export const MONTH_PATTERN = /^(20\d\d)-(0[1-9]|1[0-2])$/;
export const AREA_CODE_PATTERN = /^\d{6}(?:\d{3}){0,2}$/;
const LEVELS = new Set<string>(TRANSPARENCY_AREA_LEVELS);

/** Deletion classes in everyday words: the retention job's classes, named by the privacy module that owns them. */
export const DELETION_CLASS_LABELS: Record<string, { zh: string; en: string }> = RETENTION_CLASS_LABELS;

/** The Shanghai-calendar month `YYYY-MM` as instants [from, to) and days [fromDay, toDay]. */
export function monthRange(month: string): MonthRange & { start: Date; end: Date } {
  const m = MONTH_PATTERN.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const start = new Date(Date.UTC(y, mo - 1, 1) - SHANGHAI_MS);
  const end = new Date(Date.UTC(y, mo, 1) - SHANGHAI_MS);
  const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { start, end, from: start.toISOString(), to: end.toISOString(), fromDay: `${month}-01`, toDay: `${month}-${String(lastDay).padStart(2, '0')}` };
}

const monthError = () => new AppError(400, 'validation_failed', '请求参数有误：月份格式应为 YYYY-MM（如 2025-05），且不早于 2000-01', 'Invalid request: month must be YYYY-MM (e.g. 2025-05), from 2000-01 on', [
  { path: 'month', code: 'invalid_month', message: '月份格式应为 YYYY-MM（如 2025-05），且不早于 2000-01', messageEn: 'month must be YYYY-MM (e.g. 2025-05), from 2000-01 on' },
]);

type AreaRef = { org: Org; above: string[] };

export function createTransparencyService(database: Database, orgs: OrgsService, now: () => Date) {
  const figures = createFigures(database.db, database.codec, { lockoutFailures: LOGIN_POLICY.maxFailures });
  /** Computed counts by month and area code: completed months until restart, the current one for PARTIAL_MS. */
  const cache = new Map<string, { at: number; final: boolean; value: RawFigures }>();
  const inFlight = new Map<string, Promise<RawFigures>>();
  let running = 0;
  const waiting: Array<() => void> = [];
  let areaList: { at: number; value: TransparencyAreaList } | null = null;
  orgs.onChange(() => {
    areaList = null;
  });

  /** Runs `fn` when fewer than MAX_CONCURRENT computations are running. */
  async function limited<T>(fn: () => Promise<T>): Promise<T> {
    // A finished computation hands its slot straight to the next waiter.
    if (running >= MAX_CONCURRENT) await new Promise<void>((res) => waiting.push(res));
    else running++;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  }

  async function resolveArea(code: string | undefined): Promise<AreaRef | null> {
    if (code === undefined) return null;
    if (!AREA_CODE_PATTERN.test(code)) {
      throw errors.field('area', 'invalid_area', '区域代码应为市、区、街道或社区的代码（6、9 或 12 位数字）', 'area must be the code of a city, district, street or community (6, 9 or 12 digits)');
    }
    const org = await orgs.byCode(code);
    if (!org) {
      throw new AppError(404, 'not_found', '区域不存在', 'Area not found', [{ path: 'area', code: 'not_found', message: '没有这个代码的区域', messageEn: 'no area has this code' }]);
    }
    if (!LEVELS.has(org.level)) {
      throw errors.field('area', 'area_level', '只能按市、区、街道或社区查看', 'the report is given for a city, district, street or community');
    }
    return { org, above: pathsAbove(org.path) };
  }

  /** Emergency periods in force on some day of [fromDay, toDay] (Shanghai dates), with their area's name and level. */
  async function periodsInForce(fromDay: string, toDay: string, area: AreaRef | null) {
    const rows = await emergencyPeriodsInForce(database.db, fromDay, toDay, area ? { path: area.org.path, above: area.above } : null);
    const out = [];
    for (const x of rows) {
      const org = await orgs.get(x.orgId);
      if (!org) continue;
      out.push({
        area: org.name, level: String(org.level), startDate: x.startDate,
        // An end after the period asked about is not known yet as far as that period is concerned.
        endDate: x.endDate != null && x.endDate <= toDay ? x.endDate : null,
        legalRef: x.legalRef,
      });
    }
    return out;
  }

  async function counts(month: string, range: MonthRange & { end: Date }, area: AreaRef | null, at: Date): Promise<RawFigures> {
    const key = `${month}|${area?.org.code ?? '*'}`;
    const hit = cache.get(key);
    if (hit && (hit.final || (at.getTime() - hit.at >= 0 && at.getTime() - hit.at < PARTIAL_MS))) return hit.value;
    const pending = inFlight.get(key);
    if (pending) return pending;
    const settled = at.getTime() >= range.end.getTime() + SETTLE_MS;
    const p = limited(() => figures.month(range, area ? { path: area.org.path, above: area.above } : null))
      .then((value) => {
        if (cache.size >= MAX_CACHED) cache.clear();
        cache.set(key, { at: at.getTime(), final: settled, value });
        return value;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, p);
    return p;
  }

  return {
    /**
     * The report of `month` (YYYY-MM, Shanghai calendar) for the whole installation or the area with code `areaCode`.
     * 400 naming `month` / `area` for bad input, 404 for a month that has not begun or an unknown area.
     */
    async report(month: string, areaCode?: string): Promise<TransparencyReport> {
      if (!MONTH_PATTERN.test(month)) throw monthError();
      const at = now();
      const range = monthRange(month);
      if (range.start.getTime() > at.getTime()) {
        throw new AppError(404, 'month_not_started', '该月份尚未开始，没有报告', 'That month has not begun; there is no report yet', [
          { path: 'month', code: 'future', message: '月份不能晚于本月', messageEn: 'month cannot be after the current month' },
        ]);
      }
      const area = await resolveArea(areaCode);
      const final = at.getTime() >= range.end.getTime();
      const raw = await counts(month, range, area, at);
      // Public decisions, read fresh: a period may be declared with a start date in the past.
      const inForce = await periodsInForce(range.fromDay, range.toDay, area);
      const p = published;
      const sumOf = (parts: Record<string, number>) => publishedTotal({ kind: 'sum', parts: Object.values(parts) });
      const byField: Record<string, TransparencyCount> = Object.fromEntries(REVEAL_FIELDS.map((f) => [f, p(raw.reveals[f] ?? 0)]));
      for (const [f, v] of Object.entries(raw.reveals)) if (!(f in byField)) byField[f] = p(v);
      const byReason: Record<string, TransparencyCount> = Object.fromEntries(STATUS_CHANGE_REASONS.map((r) => [r, p(raw.statusChanges[r] ?? 0)]));
      const c = raw.corrections;
      return {
        month,
        status: final ? 'final' : 'partial',
        period: { from: range.fromDay, to: range.toDay, timeZone: 'Asia/Shanghai' },
        asOf: (final ? range.end : at).toISOString(),
        area: area ? { code: area.org.code, name: area.org.name, level: area.org.level as TransparencyArea['level'] } : null,
        minCell: MIN_CELL,
        exports: {
          requested: publishedTotal({ kind: 'subset', total: raw.exports.requested, part: raw.exports.needingApproval }),
          needingApproval: p(raw.exports.needingApproval), approved: p(raw.exports.approved), rejected: p(raw.exports.rejected),
          downloaded: publishedTotal({ kind: 'subset', total: raw.exports.downloaded, part: raw.exports.downloadsWithPlaintext }), rowsExported: p(raw.exports.rowsExported), downloadsWithPlaintext: p(raw.exports.downloadsWithPlaintext),
        },
        reveals: { total: sumOf(raw.reveals), byField },
        breakGlass: { grants: p(raw.breakGlass) },
        restrictedRecords: { restricted: p(raw.restricted), unrestricted: p(raw.unrestricted) },
        statusChanges: { total: sumOf(raw.statusChanges), byReason },
        corrections: {
          opened: p(c.opened), resolved: publishedTotal({ kind: 'sum', parts: [c.applied, c.rejected] }), applied: p(c.applied), rejected: p(c.rejected),
          withdrawn: p(c.withdrawn),
        },
        deletionRequests: {
          requested: p(raw.deletionRequests.requested), erased: p(raw.deletionRequests.erased), restricted: p(raw.deletionRequests.restricted),
          rejected: p(raw.deletionRequests.rejected), withdrawn: p(raw.deletionRequests.withdrawn),
        },
        deletions: {
          scope: 'installation',
          certificates: p(raw.deletions.certificates),
          total: publishedTotal({ kind: 'sum', parts: raw.deletions.byClass.map((x) => x.rows) }),
          byClass: raw.deletions.byClass.map((x) => ({
            class: x.table, label: DELETION_CLASS_LABELS[x.table] ?? { zh: x.table, en: x.table }, action: x.action, trigger: x.trigger, count: p(x.rows),
          })),
        },
        emergencies: { declared: p(raw.emergencies.declared), ended: p(raw.emergencies.ended), cancelled: p(raw.emergencies.cancelled), inForce },
        signInLockouts: { scope: 'installation', count: p(raw.lockouts) },
        safeguards: {
          consentsRecorded: p(raw.safeguards.consentsRecorded), consentsWithdrawn: p(raw.safeguards.consentsWithdrawn),
          minorRequests: p(raw.safeguards.minorRequests), minorApproved: p(raw.safeguards.minorApproved), minorRejected: p(raw.safeguards.minorRejected),
          securityAlerts: p(raw.safeguards.securityAlerts), impactQueries: { scope: 'installation', count: p(raw.safeguards.impactQueries) },
        },
      };
    },

    /** Districts, streets and communities (public administrative divisions; grids are internal), for the area picker. */
    async areas(): Promise<TransparencyAreaList> {
      const t = now().getTime();
      if (areaList && t - areaList.at >= 0 && t - areaList.at < AREA_LIST_MS) return areaList.value;
      const all = await orgs.within('/');
      const byId = new Map(all.map((o) => [o.id, o]));
      const value: TransparencyAreaList = {
        items: all.filter((o) => LEVELS.has(o.level)).map((o) => ({
          code: o.code, name: o.name, level: o.level as TransparencyArea['level'], parentCode: o.parentId ? (byId.get(o.parentId)?.code ?? null) : null,
        })),
      };
      areaList = { at: t, value };
      return value;
    },
  };
}

export type TransparencyService = ReturnType<typeof createTransparencyService>;
