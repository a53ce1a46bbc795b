import { type Transaction, sql } from 'kysely';
import type { Principal } from '../../http/auth-context';
import { AppError, type ErrorDetail, errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { inChunks } from '../../platform/db/in-chunks';
import { uuidv7 } from '../../platform/ids';
import { type AuditActor, type AuditService, denyAudited, systemActor } from '../audit';
import { type AuthService, ROLES, roleHas } from '../auth';
import type { NotificationAlert, NotificationsService } from '../notifications';
import type { Org, OrgsService } from '../orgs';
import type { RegistryService } from '../registry';
import {
  type AlertLevel, DetectorConfigSchema, HardRulesSchema, type IndicatorConfig, type IndicatorConfigPatch, LEVEL_RANK, type Level, RaiseOnSchema,
} from './warnings.config';
import { addDays, dayRange, isIsoDay, localDay } from './warnings.dates';
import { type EvaluatedDay, evaluateSeries } from './warnings.detect';
import { estimateRt, type Projection, projectFromRt, RT_DEFAULTS, type RtRow } from './warnings.rt';

/** Days of history a detector sees (ESSENCE needs 31 with its defaults; more stabilises the EWMA start). */
export const HISTORY_DAYS = 120;
const MAX_BATCH = 5000;

export type Indicator = {
  code: string; nameZh: string; nameEn: string; unitZh: string; unitEn: string; source: string; sortOrder: number;
  defaults: IndicatorConfig;
};
type Setting = { indicatorCode: string; orgId: string; orgPath: string; config: IndicatorConfig; updatedBy: string; updatedAt: string; version: number };

export type IndicatorView = Omit<Indicator, 'defaults'> & {
  /** effective configuration at the caller's org */
  config: IndicatorConfig;
  /** where it comes from: null = platform defaults, else the org whose setting applies */
  configOrg: { id: string; name: string; level: string } | null;
  /** version of the caller's own org setting (0 = none yet); send it back when updating */
  version: number;
  defaults: IndicatorConfig;
};

export type ObservationInput = { gridId: string; indicator: string; date: string; count: number; denominator?: number | null };
export type AlertStatus = 'raised' | 'acknowledged' | 'resolved';

/** An alert as another module names it (alertRefs). */
export type AlertRef = {
  id: string; date: string; level: AlertLevel; status: AlertStatus;
  indicator: { code: string; nameZh: string; nameEn: string }; grid: { id: string; name: string; communityName: string | null };
};

export type AlertView = {
  id: string;
  grid: { id: string; code: string; name: string; communityName: string | null };
  indicator: { code: string; nameZh: string; nameEn: string; unitZh: string; unitEn: string };
  date: string;
  level: AlertLevel;
  cause: 'detector' | 'hard_rule';
  detector: string | null;
  rule: string | null;
  observed: number;
  expected: number | null;
  pValue: number | null;
  yellowLimit: number | null;
  redLimit: number | null;
  status: AlertStatus;
  raisedAt: string;
  escalatedAt: string | null;
  acknowledged: { at: string; by: { id: string; displayName: string } | null; note: string | null } | null;
  resolved: { at: string; by: { id: string; displayName: string } | null; note: string | null } | null;
  version: number;
};

export type SeriesPoint = {
  date: string; observed: number; denominator: number | null; expected: number | null; pValue: number | null;
  yellowLimit: number | null; redLimit: number | null; level: Level; detectorLevel: Level; detector: string | null;
  cause: 'detector' | 'hard_rule' | null; rule: string | null;
};

export type EvaluationResult = { asOf: string; days: number; series: number; alarms: number; raised: number; escalated: number; notifications: number };

const SYSTEM_ACTOR = systemActor(null);
const READ_ROLES = ROLES.filter((r) => roleHas(r, 'warning:read'));

type Row = Record<string, any>;

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Risk early warning (SYSTEM.md 22): daily observations per grid × indicator, detector evaluation with NSSP colours and
 * hard rules, the alert lifecycle, notifications to duty staff (written through the notifications module), and R_t /
 * projection for a scope. Grids and orgs come from the orgs service, recipients and the names of who acknowledged or
 * resolved an alert from the auth service, and a scope's population from the registry service.
 */
export function createWarningsService(
  p: Platform, audit: AuditService, orgs: OrgsService, notifications: Pick<NotificationsService, 'notify'>,
  accounts: Pick<AuthService, 'activeUserIds' | 'userLabels'>, registry: Pick<RegistryService, 'activeCount'>,
) {
  const { database, clock } = p;
  const { db, writes, codec } = database;
  const now = () => clock.now();
  const today = () => localDay(now());

  // ---- indicators and configuration -------------------------------------------------------------------------------

  function readConfig(r: Row): IndicatorConfig {
    const det = DetectorConfigSchema.safeParse(codec.readJson(r.detector));
    const hr = HardRulesSchema.safeParse(codec.readJson(r.hard_rules));
    const ro = RaiseOnSchema.safeParse(codec.readJson(r.raise_on));
    return {
      detector: det.success ? det.data : { method: 'auto', options: {} },
      hardRules: hr.success ? hr.data : { anyPositiveRed: false, redAtLeast: null, yellowAtLeast: null },
      raiseOn: ro.success ? ro.data : ['red', 'yellow'],
      enabled: codec.readBool(r.enabled),
    };
  }

  async function loadIndicators(): Promise<Indicator[]> {
    const rows = await db.selectFrom('warning_indicators').selectAll().orderBy('sort_order').orderBy('code').execute();
    return rows.map((r) => ({
      code: r.code, nameZh: r.name_zh, nameEn: r.name_en, unitZh: r.unit_zh, unitEn: r.unit_en, source: r.source, sortOrder: Number(r.sort_order),
      defaults: readConfig(r),
    }));
  }

  async function loadSettings(): Promise<Setting[]> {
    const rows = await db.selectFrom('warning_indicator_settings').selectAll().execute();
    return rows.map((r) => ({
      indicatorCode: r.indicator_code, orgId: r.org_id, orgPath: r.org_path, config: readConfig(r), updatedBy: r.updated_by,
      updatedAt: codec.readTs(r.updated_at)!, version: Number(r.version),
    }));
  }

  /** The configuration that applies at `path`: the deepest org setting on the path, else the indicator's defaults. */
  function effective(ind: Indicator, settings: Setting[], path: string): { config: IndicatorConfig; from: Setting | null } {
    let best: Setting | null = null;
    for (const s of settings) {
      if (s.indicatorCode !== ind.code || !path.startsWith(s.orgPath)) continue;
      if (!best || s.orgPath.length > best.orgPath.length) best = s;
    }
    return { config: best ? best.config : ind.defaults, from: best };
  }

  async function indicatorOr404(code: string): Promise<Indicator> {
    const ind = (await loadIndicators()).find((i) => i.code === code);
    if (!ind) throw errors.notFound('预警指标', 'Indicator');
    return ind;
  }

  async function gridInScope(principal: Principal, gridId: string): Promise<Org | null> {
    const g = await orgs.get(gridId);
    if (!g || g.level !== 'grid' || !orgs.inScope(principal.orgPath, g.path)) return null;
    return g;
  }

  // ---- observations -----------------------------------------------------------------------------------------------

  /** Checks a batch: grids exist, are grids and lie in scope; indicators exist; dates are real and not in the future. */
  async function validateObservations(items: ObservationInput[], scopePath: string, pathPrefix = 'items'): Promise<Map<string, Org>> {
    const details: ErrorDetail[] = [];
    const codes = new Set((await loadIndicators()).map((i) => i.code));
    const grids = new Map<string, Org>();
    const maxDay = today();
    for (const [i, it] of items.entries()) {
      if (details.length >= 50) break;
      let g = grids.get(it.gridId) ?? null;
      if (!g) {
        g = await orgs.get(it.gridId);
        if (g) grids.set(it.gridId, g);
      }
      if (!g || g.level !== 'grid' || !g.path.startsWith(scopePath)) {
        details.push({ path: `${pathPrefix}.${i}.grid`, code: 'not_found', message: '网格不存在或不在管辖范围内', messageEn: 'grid not found in your scope' });
      }
      if (!codes.has(it.indicator)) details.push({ path: `${pathPrefix}.${i}.indicator`, code: 'invalid_value', message: `未知指标 ${it.indicator}`, messageEn: `unknown indicator ${it.indicator}` });
      if (!isIsoDay(it.date)) details.push({ path: `${pathPrefix}.${i}.date`, code: 'invalid_format', message: '日期格式应为 YYYY-MM-DD', messageEn: 'must be a date YYYY-MM-DD' });
      else if (it.date > maxDay) details.push({ path: `${pathPrefix}.${i}.date`, code: 'future_date', message: '日期不能晚于今天', messageEn: 'must not be in the future' });
      if (it.denominator !== undefined && it.denominator !== null && it.denominator < it.count) {
        details.push({ path: `${pathPrefix}.${i}.denominator`, code: 'below_count', message: '分母不能小于计数', messageEn: 'must not be smaller than count' });
      }
    }
    if (details.length) {
      throw new AppError(400, 'validation_failed', `请求参数有误：${details.map((d) => `${d.path}：${d.message}`).join('；')}`, `Invalid request: ${details.map((d) => `${d.path}: ${d.messageEn}`).join('; ')}`, details);
    }
    return grids;
  }

  /**
   * Idempotent upsert of daily counts (absolute values, not increments): a row already holding the same count and
   * denominator is left untouched; the same batch sent twice changes nothing the second time. All or nothing.
   * `atLeast`: the counts are lower bounds (a module's own count of one source, e.g. fever self-reports): a stored count
   * at least as high — ingested from another source, or the demo — is kept, never lowered, so no signal is lost.
   */
  async function observe(items: ObservationInput[], o: { source: string; scopePath: string; actor: AuditActor | null; atLeast?: boolean }) {
    if (items.length > MAX_BATCH) throw errors.field('items', 'too_big', `单次最多 ${MAX_BATCH} 条`, `at most ${MAX_BATCH} items per batch`);
    const grids = await validateObservations(items, o.scopePath);
    // Last one wins inside a batch.
    const byKey = new Map<string, ObservationInput>();
    for (const it of items) byKey.set(`${it.gridId}|${it.indicator}|${it.date}`, it);
    const unique = [...byKey.values()];
    const ts = codec.ts(now());
    const result = { received: items.length, inserted: 0, updated: 0, unchanged: 0 };
    await writes.run(async (trx) => {
      const byIndicator = new Map<string, ObservationInput[]>();
      for (const it of unique) byIndicator.set(it.indicator, [...(byIndicator.get(it.indicator) ?? []), it]);
      for (const [code, list] of byIndicator) {
        const dates = list.map((x) => x.date).sort();
        const stored = await inChunks(list.map((x) => x.gridId), (part) => trx.selectFrom('warning_observations').select(['grid_id', 'obs_date', 'count', 'denominator'])
          .where('indicator_code', '=', code).where('grid_id', 'in', part)
          .where('obs_date', '>=', dates[0]!).where('obs_date', '<=', dates[dates.length - 1]!).execute());
        const existing = new Map<string, Row>(stored.map((r) => [`${r.grid_id}|${r.obs_date}`, r]));
        const inserts: Row[] = [];
        for (const it of list) {
          const den = it.denominator ?? null;
          const ex = existing.get(`${it.gridId}|${it.date}`);
          if (!ex) {
            inserts.push({
              grid_id: it.gridId, org_path: grids.get(it.gridId)!.path, indicator_code: code, obs_date: it.date, count: it.count, denominator: den,
              source: o.source, updated_at: ts,
            });
          } else if (o.atLeast && Number(ex.count) >= it.count) {
            result.unchanged++;
          } else if (Number(ex.count) !== it.count || numOrNull(ex.denominator) !== den) {
            await trx.updateTable('warning_observations').set({ count: it.count, denominator: den, source: o.source, updated_at: ts })
              .where('grid_id', '=', it.gridId).where('indicator_code', '=', code).where('obs_date', '=', it.date).execute();
            result.updated++;
          } else result.unchanged++;
        }
        for (let i = 0; i < inserts.length; i += 200) {
          await trx.insertInto('warning_observations').values(inserts.slice(i, i + 200)).execute();
        }
        result.inserted += inserts.length;
      }
      if (o.actor) {
        await audit.append(trx, o.actor, {
          action: 'warning_ingest', objectType: 'warning_observation', outcome: 'success', count: items.length,
          reason: `source=${o.source}; inserted=${result.inserted}; updated=${result.updated}; unchanged=${result.unchanged}`,
        });
      }
    });
    return result;
  }

  /**
   * For modules as they land (self-reports, sampling, gates, quarantine, complaints): adds `delta` to a grid's count
   * for a day inside the caller's transaction, so the event and its count commit together.
   */
  async function increment(trx: Transaction<any>, o: { gridId: string; indicator: string; date: string; delta?: number; source: string }) {
    // Read through the caller's transaction: on SQLite the connection is held by it (a read on `db` would wait forever).
    const g = await orgs.get(o.gridId, trx);
    if (!g || g.level !== 'grid') throw new Error(`warnings.increment: ${o.gridId} is not a grid`);
    if (!isIsoDay(o.date)) throw new Error(`warnings.increment: invalid date ${o.date}`);
    const delta = o.delta ?? 1;
    await trx.insertInto('warning_observations').values({
      grid_id: g.id, org_path: g.path, indicator_code: o.indicator, obs_date: o.date, count: Math.max(0, delta), denominator: null, source: o.source,
      updated_at: codec.ts(now()),
    }).onConflict((oc) => oc.columns(['grid_id', 'indicator_code', 'obs_date']).doUpdateSet({
      count: sql`case when warning_observations.count + ${delta} < 0 then 0 else warning_observations.count + ${delta} end`,
      source: o.source, updated_at: codec.ts(now()),
    })).execute();
  }

  /** Zero-filled daily counts per grid for one indicator, from `from` to `to` (rows inside `scopePath`). */
  async function loadCounts(code: string, scopePath: string, from: string, to: string, gridId?: string) {
    let q = db.selectFrom('warning_observations').select(['grid_id', 'obs_date', 'count', 'denominator'])
      .where('indicator_code', '=', code).where('org_path', 'like', `${scopePath}%`).where('obs_date', '>=', from).where('obs_date', '<=', to);
    if (gridId) q = q.where('grid_id', '=', gridId);
    const rows = await q.execute();
    const byGrid = new Map<string, Map<string, { count: number; denominator: number | null }>>();
    for (const r of rows) {
      let m = byGrid.get(r.grid_id);
      if (!m) byGrid.set(r.grid_id, (m = new Map()));
      m.set(r.obs_date, { count: Number(r.count), denominator: numOrNull(r.denominator) });
    }
    return byGrid;
  }

  /** First day this indicator has data anywhere (the start of every grid's zero-filled series), or null. */
  async function firstDay(code: string): Promise<string | null> {
    const r = await db.selectFrom('warning_observations').select((eb) => eb.fn.min('obs_date').as('d')).where('indicator_code', '=', code).executeTakeFirst();
    return (r?.d as string | null | undefined) ?? null;
  }

  function seriesWindow(first: string | null, to: string, history = HISTORY_DAYS): string[] {
    if (!first || first > to) return [];
    const from = addDays(to, -(history - 1));
    return dayRange(first > from ? first : from, to);
  }

  // ---- evaluation -------------------------------------------------------------------------------------------------

  /** Active users with warning:read in the grid or an org above it, by id. */
  async function recipientsFor(gridPath: string, cache: Map<string, string[]>): Promise<string[]> {
    const hit = cache.get(gridPath);
    if (hit) return hit;
    const ids = await accounts.activeUserIds(READ_ROLES, (await orgs.ancestors(gridPath)).map((o) => o.id));
    cache.set(gridPath, ids);
    return ids;
  }

  type Candidate = { grid: Org; code: string; day: EvaluatedDay; level: AlertLevel };

  /**
   * Runs every enabled indicator's detector on each grid's daily series inside `scopePath` and raises alerts for the
   * last `days` days (ending `asOf`, default today) whose colour is in the indicator's `raiseOn`. One alert per
   * grid × indicator × day (unique key); a later, more severe colour escalates the open alert; resolved alerts stay
   * resolved. New and escalated alerts notify every active user with warning:read whose org contains the grid.
   */
  async function evaluate(o: { scopePath: string; asOf?: string; days?: number; indicator?: string; gridId?: string; actor?: AuditActor | null }): Promise<EvaluationResult> {
    const asOf = o.asOf ?? today();
    const days = o.days ?? 1;
    const grids = (await orgs.within(o.scopePath)).filter((g) => g.level === 'grid' && (!o.gridId || g.id === o.gridId));
    const indicators = (await loadIndicators()).filter((i) => !o.indicator || i.code === o.indicator);
    const settings = await loadSettings();
    const firstEval = addDays(asOf, -(days - 1));
    const result: EvaluationResult = { asOf, days, series: 0, alarms: 0, raised: 0, escalated: 0, notifications: 0 };
    const candidates: Candidate[] = [];
    for (const ind of indicators) {
      const dates = seriesWindow(await firstDay(ind.code), asOf);
      if (dates.length === 0) continue;
      const counts = await loadCounts(ind.code, o.scopePath, dates[0]!, asOf, o.gridId);
      for (const g of grids) {
        const { config } = effective(ind, settings, g.path);
        if (!config.enabled) continue;
        const m = counts.get(g.id);
        const y = dates.map((d) => m?.get(d)?.count ?? 0);
        const evald = evaluateSeries(y, dates, config);
        result.series++;
        for (const day of evald) {
          if (day.date < firstEval) continue;
          if ((day.finalLevel === 'red' || day.finalLevel === 'yellow') && config.raiseOn.includes(day.finalLevel)) {
            candidates.push({ grid: g, code: ind.code, day, level: day.finalLevel });
          }
        }
      }
    }
    result.alarms = candidates.length;
    const existing = new Map<string, Row>();
    if (candidates.length) {
      const rows = await db.selectFrom('warning_alerts').select(['id', 'grid_id', 'indicator_code', 'alert_date', 'level', 'status'])
        .where('org_path', 'like', `${o.scopePath}%`).where('alert_date', '>=', firstEval).where('alert_date', '<=', asOf).execute();
      for (const r of rows) existing.set(`${r.grid_id}|${r.indicator_code}|${r.alert_date}`, r);
    }
    const recipients = new Map<string, string[]>();
    const work: Array<{ c: Candidate; ex: Row | undefined; to: string[] }> = [];
    for (const c of candidates) {
      const ex = existing.get(`${c.grid.id}|${c.code}|${c.day.date}`);
      if (ex && (ex.status === 'resolved' || LEVEL_RANK[c.level] <= LEVEL_RANK[ex.level as Level])) continue;
      work.push({ c, ex, to: await recipientsFor(c.grid.path, recipients) });
    }
    const actor = o.actor ?? null;
    if (work.length === 0 && !actor) return result;
    const at = now();
    const ts = codec.ts(at);
    await writes.run(async (trx) => {
      for (const { c, ex, to } of work) {
        const fields = {
          level: c.level, cause: c.day.cause ?? 'detector', detector: c.day.detector, rule: c.day.rule, observed: c.day.observed,
          expected: c.day.expected, p_value: c.day.pValue, yellow_limit: c.day.yellowLimit, red_limit: c.day.redLimit,
        };
        let alertId: string;
        let kind: string;
        if (!ex) {
          alertId = uuidv7(now().getTime());
          const ins = await trx.insertInto('warning_alerts').values({
            id: alertId, grid_id: c.grid.id, org_path: c.grid.path, indicator_code: c.code, alert_date: c.day.date, ...fields,
            status: 'raised', raised_at: ts, version: 1,
          }).onConflict((oc) => oc.columns(['grid_id', 'indicator_code', 'alert_date']).doNothing()).executeTakeFirst();
          if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) continue; // raised concurrently by another evaluation
          kind = 'warning_alert';
          result.raised++;
        } else {
          const up = await trx.updateTable('warning_alerts').set({ ...fields, escalated_at: ts, version: sql`version + 1` })
            .where('id', '=', ex.id).where('status', '!=', 'resolved').where('level', '=', ex.level).executeTakeFirst();
          if (Number(up.numUpdatedRows) === 0) continue;
          alertId = ex.id;
          kind = 'warning_escalated';
          result.escalated++;
        }
        await notifications.notify(trx, { recipientIds: to, kind, alertId, at });
        result.notifications += to.length;
      }
      if (actor || result.raised || result.escalated) {
        await audit.append(trx, actor ?? SYSTEM_ACTOR, {
          action: 'warning_evaluate', objectType: 'warning_alert', outcome: 'success', count: result.raised + result.escalated,
          reason: `scope=${o.scopePath}; asOf=${asOf}; days=${days}; series=${result.series}; raised=${result.raised}; escalated=${result.escalated}`,
        });
      }
    });
    return result;
  }

  // ---- alerts -----------------------------------------------------------------------------------------------------

  const alertSelect = () =>
    db.selectFrom('warning_alerts as a')
      .innerJoin('warning_indicators as i', 'i.code', 'a.indicator_code')
      .select([
        'a.id', 'a.grid_id', 'a.org_path', 'a.indicator_code', 'a.alert_date', 'a.level', 'a.cause', 'a.detector', 'a.rule', 'a.observed', 'a.expected', 'a.p_value',
        'a.yellow_limit', 'a.red_limit', 'a.status', 'a.raised_at', 'a.escalated_at', 'a.acknowledged_at', 'a.acknowledged_by', 'a.ack_note', 'a.resolved_at',
        'a.resolved_by', 'a.resolution_note', 'a.version', 'i.name_zh', 'i.name_en', 'i.unit_zh', 'i.unit_en',
      ]);

  /**
   * Adds what `view` shows from other modules to alert rows: the grid's code and name and its community's name (orgs
   * service; grid_id references orgs; one lookup of the grids and one of their communities for all the rows) and the
   * display names of who acknowledged / resolved them (auth service; one lookup for all the rows).
   */
  async function withNames<R extends Row>(rows: R[]): Promise<R[]> {
    const userIds = rows.flatMap((r) => [r.acknowledged_by, r.resolved_by]).filter((id): id is string => typeof id === 'string');
    const names = userIds.length ? await accounts.userLabels(userIds) : new Map<string, string>();
    const grids = await orgs.many(rows.map((r) => r.grid_id as string));
    const communities = await orgs.names([...grids.values()].flatMap((g) => (g.parentId ? [g.parentId] : [])));
    for (const r of rows) {
      const g = grids.get(r.grid_id);
      Object.assign(r, {
        grid_code: g?.code, grid_name: g?.name, grid_community: g?.parentId ? communities.get(g.parentId) ?? null : null,
        ack_name: r.acknowledged_by ? names.get(r.acknowledged_by) ?? null : null, res_name: r.resolved_by ? names.get(r.resolved_by) ?? null : null,
      });
    }
    return rows;
  }

  const view = (r: Row): AlertView => ({
    id: r.id,
    grid: { id: r.grid_id, code: r.grid_code, name: r.grid_name, communityName: r.grid_community ?? null },
    indicator: { code: r.indicator_code, nameZh: r.name_zh, nameEn: r.name_en, unitZh: r.unit_zh, unitEn: r.unit_en },
    date: r.alert_date, level: r.level, cause: r.cause, detector: r.detector ?? null, rule: r.rule ?? null, observed: Number(r.observed),
    expected: numOrNull(r.expected), pValue: numOrNull(r.p_value), yellowLimit: numOrNull(r.yellow_limit), redLimit: numOrNull(r.red_limit),
    status: r.status, raisedAt: codec.readTs(r.raised_at)!, escalatedAt: codec.readTs(r.escalated_at),
    acknowledged: r.acknowledged_at
      ? { at: codec.readTs(r.acknowledged_at)!, by: r.acknowledged_by ? { id: r.acknowledged_by, displayName: r.ack_name } : null, note: r.ack_note ?? null }
      : null,
    resolved: r.resolved_at ? { at: codec.readTs(r.resolved_at)!, by: r.resolved_by ? { id: r.resolved_by, displayName: r.res_name } : null, note: r.resolution_note ?? null } : null,
    version: Number(r.version),
  });

  async function loadAlert(principal: Principal, actor: AuditActor, id: string, action: string): Promise<Row> {
    const r = await alertSelect().where('a.id', '=', id).executeTakeFirst();
    if (!r || !orgs.inScope(principal.orgPath, r.org_path)) return denyAudited(audit, actor, { action, objectType: 'warning_alert', objectId: id }, errors.notFound('预警', 'Alert'));
    return (await withNames([r]))[0]!;
  }

  type AlertQuery = {
    status?: 'open' | AlertStatus; level?: AlertLevel; indicator?: string; gridId?: string; from?: string; to?: string; page: number; pageSize: number;
  };

  async function listAlerts(principal: Principal, q: AlertQuery) {
    let base = db.selectFrom('warning_alerts as a').where('a.org_path', 'like', `${principal.orgPath}%`);
    if (q.status === 'open') base = base.where('a.status', 'in', ['raised', 'acknowledged']);
    else if (q.status) base = base.where('a.status', '=', q.status);
    if (q.level) base = base.where('a.level', '=', q.level);
    if (q.indicator) base = base.where('a.indicator_code', '=', q.indicator);
    if (q.gridId) base = base.where('a.grid_id', '=', q.gridId);
    if (q.from) base = base.where('a.alert_date', '>=', q.from);
    if (q.to) base = base.where('a.alert_date', '<=', q.to);
    const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const ids = await base.select('a.id')
      .orderBy(sql`case when a.status = 'resolved' then 1 else 0 end`)
      .orderBy('a.alert_date', 'desc')
      .orderBy(sql`case when a.level = 'red' then 0 else 1 end`)
      .orderBy('a.id', 'desc')
      .limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute();
    const rows = ids.length ? await withNames(await alertSelect().where('a.id', 'in', ids.map((x) => x.id)).execute()) : [];
    const order = new Map(ids.map((x, i) => [x.id, i]));
    rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    const countRows = await db.selectFrom('warning_alerts').select(['level', 'status', (eb) => eb.fn.countAll().as('n')])
      .where('org_path', 'like', `${principal.orgPath}%`).where('status', 'in', ['raised', 'acknowledged']).groupBy(['level', 'status']).execute();
    const open = { red: 0, yellow: 0, raised: 0, acknowledged: 0 };
    for (const c of countRows) {
      open[c.level as 'red' | 'yellow'] += Number(c.n);
      open[c.status as 'raised' | 'acknowledged'] += Number(c.n);
    }
    return { items: rows.map(view), total, page: q.page, pageSize: q.pageSize, open };
  }

  /** The evaluated series of one grid × indicator between `from` and `to` (the detector sees HISTORY_DAYS before). */
  async function seriesOf(grid: Org, ind: Indicator, from: string, to: string): Promise<SeriesPoint[]> {
    const settings = await loadSettings();
    const { config } = effective(ind, settings, grid.path);
    const dates = seriesWindow(await firstDay(ind.code), to, HISTORY_DAYS + Math.max(0, dayRange(from, to).length - 1));
    if (dates.length === 0) return [];
    const counts = (await loadCounts(ind.code, grid.path, dates[0]!, to, grid.id)).get(grid.id);
    const y = dates.map((d) => counts?.get(d)?.count ?? 0);
    return evaluateSeries(y, dates, config)
      .filter((d) => d.date >= from)
      .map((d) => ({
        date: d.date, observed: d.observed, denominator: counts?.get(d.date)?.denominator ?? null, expected: d.expected, pValue: d.pValue,
        yellowLimit: d.yellowLimit, redLimit: d.redLimit, level: d.finalLevel, detectorLevel: d.level, detector: d.detector, cause: d.cause, rule: d.rule,
      }));
  }

  async function alertsOn(gridId: string, code: string, from: string, to: string) {
    const rows = await db.selectFrom('warning_alerts').select(['id', 'alert_date', 'level', 'status']).where('grid_id', '=', gridId)
      .where('indicator_code', '=', code).where('alert_date', '>=', from).where('alert_date', '<=', to).orderBy('alert_date').execute();
    return rows.map((r) => ({ id: r.id as string, date: r.alert_date as string, level: r.level as AlertLevel, status: r.status as AlertStatus }));
  }

  /** The id of a grid's newest alert of a level (by alert date), or null: for the demo seed's duty-log entry. Internal, not audited. */
  async function newestAlertId(gridId: string, level: AlertLevel): Promise<string | null> {
    const r = await db.selectFrom('warning_alerts').select('id').where('grid_id', '=', gridId).where('level', '=', level)
      .orderBy('alert_date', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return r ? String(r.id) : null;
  }

  /**
   * What another module shows of alerts it refers to (the duty log's entries about an alert, ADR 0072): grid, community,
   * indicator, day, level and status — only of alerts in the caller's scope; the rest are left out (the caller treats
   * them as unknown). Aggregate counts, no personal data: not audited, as the list.
   */
  async function alertRefs(principal: Principal, ids: readonly string[]): Promise<Map<string, AlertRef>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = (await alertSelect().where('a.id', 'in', unique).execute()).filter((r) => orgs.inScope(principal.orgPath, r.org_path));
    return new Map((await withNames(rows)).map(view).map((a) => [a.id, {
      id: a.id, date: a.date, level: a.level, status: a.status, indicator: { code: a.indicator.code, nameZh: a.indicator.nameZh, nameEn: a.indicator.nameEn },
      grid: { id: a.grid.id, name: a.grid.name, communityName: a.grid.communityName },
    }]));
  }

  async function getAlert(principal: Principal, actor: AuditActor, id: string) {
    const r = await loadAlert(principal, actor, id, 'read');
    const alert = view(r);
    const ind = await indicatorOr404(alert.indicator.code);
    const grid = (await orgs.get(alert.grid.id))!;
    // 60 days up to the alert and up to 14 after it (not beyond today).
    const t = today();
    const later = addDays(alert.date, 14);
    const to = later < t ? later : t > alert.date ? t : alert.date;
    const from = addDays(alert.date, -59);
    return { alert, series: await seriesOf(grid, ind, from, to), alerts: await alertsOn(grid.id, ind.code, from, to) };
  }

  async function getSeries(principal: Principal, actor: AuditActor, q: { gridId: string; indicator: string; from?: string; to?: string }) {
    const grid = await gridInScope(principal, q.gridId);
    if (!grid) return denyAudited(audit, actor, { action: 'read', objectType: 'warning_series', objectId: q.gridId }, errors.notFound('网格', 'Grid'));
    const ind = await indicatorOr404(q.indicator);
    const to = q.to ?? today();
    const from = q.from ?? addDays(to, -59);
    if (from > to) throw errors.field('querystring.from', 'after_to', '开始日期不能晚于结束日期', 'must not be after to');
    if (dayRange(from, to).length > 366) throw errors.field('querystring.from', 'too_long', '时间跨度不能超过 366 天', 'range must not exceed 366 days');
    return {
      grid: { id: grid.id, code: grid.code, name: grid.name },
      indicator: { code: ind.code, nameZh: ind.nameZh, nameEn: ind.nameEn, unitZh: ind.unitZh, unitEn: ind.unitEn },
      from, to, points: await seriesOf(grid, ind, from, to), alerts: await alertsOn(grid.id, ind.code, from, to),
    };
  }

  /** Status transition with a conditional UPDATE (race-free on both dialects) and its audit row in the same commit. */
  async function transition(principal: Principal, actor: AuditActor, id: string, to: 'acknowledged' | 'resolved', note: string | null, version?: number) {
    const action = to === 'acknowledged' ? 'alert_acknowledge' : 'alert_resolve';
    const current = await loadAlert(principal, actor, id, action);
    const ts = codec.ts(now());
    const from: AlertStatus[] = to === 'acknowledged' ? ['raised'] : ['raised', 'acknowledged'];
    if (!from.includes(current.status)) {
      throw errors.conflict('invalid_transition', `预警当前状态为“${current.status === 'resolved' ? '已处置' : '已确认'}”，不能执行此操作`, `The alert is ${current.status}; cannot move it to ${to}`);
    }
    if (version !== undefined && version !== Number(current.version)) {
      throw errors.stale(Number(current.version));
    }
    const set: Row = to === 'acknowledged'
      ? { status: 'acknowledged', acknowledged_at: ts, acknowledged_by: principal.id, ack_note: note }
      : current.status === 'raised'
        ? { status: 'resolved', acknowledged_at: ts, acknowledged_by: principal.id, resolved_at: ts, resolved_by: principal.id, resolution_note: note }
        : { status: 'resolved', resolved_at: ts, resolved_by: principal.id, resolution_note: note };
    await writes.run(async (trx) => {
      const up = await trx.updateTable('warning_alerts').set({ ...set, version: sql`version + 1` })
        .where('id', '=', id).where('status', '=', current.status).where('version', '=', current.version).executeTakeFirst();
      if (Number(up.numUpdatedRows) === 0) throw errors.stale();
      await audit.append(trx, actor, {
        action, objectType: 'warning_alert', objectId: id, outcome: 'success', fields: note ? ['status', 'note'] : ['status'],
        reason: `${current.status}->${to}; grid=${current.grid_code}; indicator=${current.indicator_code}; date=${current.alert_date}`,
      });
    });
    return view((await withNames([(await alertSelect().where('a.id', '=', id).executeTakeFirst())!]))[0]!);
  }

  // ---- configuration ----------------------------------------------------------------------------------------------

  async function listIndicators(principal: Principal): Promise<IndicatorView[]> {
    const [inds, settings] = [await loadIndicators(), await loadSettings()];
    const out: IndicatorView[] = [];
    for (const ind of inds) {
      const { config, from } = effective(ind, settings, principal.orgPath);
      const own = settings.find((s) => s.indicatorCode === ind.code && s.orgId === principal.orgId);
      const org = from ? await orgs.get(from.orgId) : null;
      out.push({
        code: ind.code, nameZh: ind.nameZh, nameEn: ind.nameEn, unitZh: ind.unitZh, unitEn: ind.unitEn, source: ind.source, sortOrder: ind.sortOrder,
        config, configOrg: org ? { id: org.id, name: org.name, level: org.level } : null, version: own?.version ?? 0, defaults: ind.defaults,
      });
    }
    return out;
  }

  /** Sets the caller's org override (community level and above); children inherit it unless they override it. */
  async function updateIndicator(principal: Principal, actor: AuditActor, code: string, patch: IndicatorConfigPatch): Promise<IndicatorView> {
    if (principal.orgLevel === 'grid') {
      throw new AppError(403, 'config_level', '预警参数只能由社区及以上单位设置', 'Warning settings can only be changed at community level or above');
    }
    const ind = await indicatorOr404(code);
    const settings = await loadSettings();
    const { config } = effective(ind, settings, principal.orgPath);
    const own = settings.find((s) => s.indicatorCode === code && s.orgId === principal.orgId);
    const next: IndicatorConfig = {
      detector: patch.detector ?? config.detector, hardRules: patch.hardRules ?? config.hardRules, raiseOn: patch.raiseOn ?? config.raiseOn,
      enabled: patch.enabled ?? config.enabled,
    };
    const changed = (['detector', 'hardRules', 'raiseOn', 'enabled'] as const).filter((k) => patch[k] !== undefined);
    if ((own?.version ?? 0) !== patch.version) {
      throw errors.stale(own?.version ?? 0);
    }
    const ts = codec.ts(now());
    const cols = {
      detector: codec.json(next.detector), hard_rules: codec.json(next.hardRules), raise_on: codec.json(next.raiseOn), enabled: codec.bool(next.enabled),
      updated_by: principal.id, updated_at: ts,
    };
    await writes.run(async (trx) => {
      if (own) {
        const up = await trx.updateTable('warning_indicator_settings').set({ ...cols, version: own.version + 1 })
          .where('indicator_code', '=', code).where('org_id', '=', principal.orgId).where('version', '=', own.version).executeTakeFirst();
        if (Number(up.numUpdatedRows) === 0) throw errors.stale();
      } else {
        await trx.insertInto('warning_indicator_settings').values({ indicator_code: code, org_id: principal.orgId, org_path: principal.orgPath, ...cols, version: 1 }).execute();
      }
      await audit.append(trx, actor, {
        action: 'warning_config_update', objectType: 'warning_indicator', objectId: code, outcome: 'success', fields: changed,
        reason: `org=${principal.orgCode}; ${JSON.stringify(next)}`.slice(0, 1000),
      });
    });
    return (await listIndicators(principal)).find((i) => i.code === code)!;
  }

  // ---- notifications ----------------------------------------------------------------------------------------------

  /** What the notification list shows of these alerts (the notifications module asks; no scope check, as before). */
  async function notificationAlerts(ids: string[]): Promise<Map<string, NotificationAlert>> {
    const out = new Map<string, NotificationAlert>();
    const rows = await inChunks(ids, (part) => db.selectFrom('warning_alerts as a').leftJoin('warning_indicators as i', 'i.code', 'a.indicator_code')
      .select(['a.id', 'a.grid_id', 'a.level', 'a.status', 'a.alert_date', 'a.observed', 'i.code as indicator_code', 'i.name_zh', 'i.name_en'])
      .where('a.id', 'in', part).execute());
    // One lookup of the grids and one of their communities (the grids' parents) for all the rows, as in `withNames`.
    const grids = await orgs.many(rows.map((r) => r.grid_id as string));
    const communities = await orgs.names([...grids.values()].flatMap((g) => (g.parentId ? [g.parentId] : [])));
    for (const r of rows) {
      const grid = grids.get(r.grid_id);
      out.set(r.id, {
        id: r.id as string, level: r.level as AlertLevel, status: r.status as AlertStatus, date: r.alert_date as string, observed: Number(r.observed),
        gridName: grid?.name as string, communityName: grid?.parentId ? communities.get(grid.parentId) ?? null : null,
        indicator: { code: r.indicator_code as string, nameZh: r.name_zh as string, nameEn: r.name_en as string },
      });
    }
    return out;
  }

  // ---- area pickers -----------------------------------------------------------------------------------------------

  /**
   * One level of the area tree for the pickers (ADR 0052): without `parentId` the caller's own org and its direct
   * children; with it, that org's direct children — 404 (audited as denied) when it is unknown or outside the caller's
   * area. Each org says whether it has children. No personal data: not audited when answered.
   */
  async function scopes(principal: Principal, actor: AuditActor, parentId?: string) {
    const items = await orgs.pickerLevel(principal.orgPath, principal.orgId, parentId);
    if (!items) return denyAudited(audit, actor, { action: 'read', objectType: 'warning_scope', objectId: parentId ?? null }, errors.notFound('范围', 'Scope'));
    return { items };
  }

  // ---- R_t and projection -----------------------------------------------------------------------------------------

  async function rt(principal: Principal, actor: AuditActor, q: {
    scope?: string; indicator: string; siMean?: number; siSd?: number; window?: number; days?: number; asOf?: string; horizon?: number;
    population?: number; latentDays?: number; infectiousDays?: number;
  }) {
    const org = q.scope ? await orgs.get(q.scope) : await orgs.get(principal.orgId);
    if (!org || !orgs.inScope(principal.orgPath, org.path)) return denyAudited(audit, actor, { action: 'read', objectType: 'warning_rt', objectId: q.scope ?? null }, errors.notFound('范围', 'Scope'));
    const ind = await indicatorOr404(q.indicator);
    const o = {
      siMean: q.siMean ?? RT_DEFAULTS.siMean, siSd: q.siSd ?? RT_DEFAULTS.siSd, window: q.window ?? RT_DEFAULTS.window,
      days: q.days ?? RT_DEFAULTS.days, horizon: q.horizon ?? RT_DEFAULTS.horizon, latentDays: q.latentDays ?? RT_DEFAULTS.latentDays,
      infectiousDays: q.infectiousDays ?? RT_DEFAULTS.infectiousDays,
    };
    const asOf = q.asOf ?? today();
    const from = addDays(asOf, -(o.days - 1));
    const dates = dayRange(from, asOf);
    const rows = await db.selectFrom('warning_observations').select(['obs_date', (eb) => eb.fn.sum<number>('count').as('n')])
      .where('indicator_code', '=', ind.code).where('org_path', 'like', `${org.path}%`).where('obs_date', '>=', from).where('obs_date', '<=', asOf)
      .groupBy('obs_date').execute();
    const byDay = new Map(rows.map((r) => [r.obs_date as string, Number(r.n)]));
    const counts = dates.map((d) => byDay.get(d) ?? 0);
    const est = estimateRt(counts, dates, o);
    const latest: RtRow | null = [...est.rows].reverse().find((r) => r.mean !== null) ?? null;
    let population: number | null = q.population ?? null;
    let populationSource: 'registry' | 'request' = 'request';
    if (population === null) {
      population = (await registry.activeCount(org.path)) || null;
      populationSource = 'registry';
    }
    const projection: Projection = projectFromRt(counts, asOf, latest, { population, populationSource, latentDays: o.latentDays, infectiousDays: o.infectiousDays, horizon: o.horizon });
    return {
      scope: { id: org.id, code: org.code, name: org.name, level: org.level },
      indicator: { code: ind.code, nameZh: ind.nameZh, nameEn: ind.nameEn, unitZh: ind.unitZh, unitEn: ind.unitEn },
      from, asOf, si: { mean: o.siMean, sd: o.siSd, discreteMean: est.siMoments?.mean ?? null, discreteSd: est.siMoments?.std ?? null }, window: o.window,
      incidence: dates.map((d, i) => ({ date: d, count: counts[i]! })),
      rows: est.rows, latest, tooEarly: est.tooEarly, warnings: est.warnings, projection,
    };
  }

  return {
    observe,
    increment,
    evaluate,
    /** The scheduler's run: whole installation, today and yesterday (late-arriving counts). */
    evaluateJob: () => evaluate({ scopePath: '/', days: 2 }),
    listAlerts,
    getAlert,
    alertRefs,
    newestAlertId,
    getSeries,
    acknowledge: (principal: Principal, actor: AuditActor, id: string, note: string | null, version?: number) => transition(principal, actor, id, 'acknowledged', note, version),
    resolve: (principal: Principal, actor: AuditActor, id: string, note: string, version?: number) => transition(principal, actor, id, 'resolved', note, version),
    listIndicators,
    updateIndicator,
    notificationAlerts,
    rt,
    scopes,
    today,
  };
}

export type WarningsService = ReturnType<typeof createWarningsService>;
