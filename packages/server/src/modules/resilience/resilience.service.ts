import type { Principal } from '../../http/auth-context';
import { errors } from '../../http/errors';
import type { Platform } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import type { AuditActor, AuditService } from '../audit';
import { planResilienceFigures } from '../emergency-plans';
import { shelterResilienceFigures } from '../emergency-infra';
import type { OrgsService } from '../orgs';
import { ymdOf } from '../privacy';
import { procedureResilienceFigures } from '../procedures';
import { complaintResilienceFigures } from '../public-info';
import { registryResilienceFigures } from '../registry';
import { rollCallResilienceFigures } from '../roll-calls';
import { selfReportResilienceFigures } from '../self-reports';
import { surveyResilienceFigures } from '../surveys';
import { volunteerResilienceFigures } from '../volunteers';
import { warningResilienceFigures } from '../warnings';
import {
  ACK_HOURS, CAPACITIES, CAPACITY_NAMES, DIMENSION_NAMES, DIMENSIONS, INDICATOR_BY_CODE, INDICATORS, LEVEL_NAMES, levelOf, scoresOf, WINDOW_DAYS, type Scores, type ZhEn,
} from './resilience.catalogue';

/** 韧性评估 (ADR 0092): dated scorecards of an area — automatic indicators from live data, manual ones scored with evidence, 定稿. */
const PURPOSE = 'command';
const DAY = 86_400_000;
export type ResilienceDeps = { platform: Platform; audit: AuditService; orgs: OrgsService };
/** One indicator of an assessment as stored: its value, level and the numbers it came from (or the manual score and evidence). */
export type StoredItem = {
  code: string; value: number | null; level: number | null; explanation: { zh: string; en: string; figures: Record<string, number | string> } | null;
  evidence: string | null; scoredBy: string | null; scoredAt: string | null;
};
type Row = Record<string, unknown>;

/** The Shanghai quarter (`2026-Q4`) of an instant. */
export const quarterOf = (t: Date) => {
  const d = ymdOf(t);
  return `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
};
const pct = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 10 : 0);

export function createResilience(deps: ResilienceDeps) {
  const { database, clock } = deps.platform;
  const { db, codec, writes } = database;

  /** The automatic indicators of an area as of `asOf`, each with its value, level and explanation. */
  async function automatic(orgPath: string, asOf: Date): Promise<StoredItem[]> {
    const fromDay = ymdOf(new Date(asOf.getTime() - (WINDOW_DAYS.selfReports - 1) * DAY));
    const [reg, self, plans, procs, vols, shelters, complaints, warnings, calls, survey] = await Promise.all([
      registryResilienceFigures(database, orgPath),
      selfReportResilienceFigures(database, orgPath, fromDay),
      planResilienceFigures(database, orgPath, asOf, WINDOW_DAYS.drills),
      procedureResilienceFigures(database, orgPath),
      volunteerResilienceFigures(database, orgPath),
      shelterResilienceFigures(database, orgPath),
      complaintResilienceFigures(database, orgPath, asOf, WINDOW_DAYS.complaints),
      warningResilienceFigures(database, orgPath, asOf, WINDOW_DAYS.warnings, ACK_HOURS),
      rollCallResilienceFigures(database, orgPath, asOf, WINDOW_DAYS.rollCalls),
      surveyResilienceFigures(database, orgPath, asOf, WINDOW_DAYS.surveys),
    ]);
    const R = reg.residents;
    const item = (code: string, value: number | null, zh: string, en: string, figures: Record<string, number | string>): StoredItem => ({
      code, value, level: value === null ? null : levelOf(value, INDICATOR_BY_CODE.get(code)!.thresholds!), explanation: { zh, en, figures }, evidence: null, scoredBy: null, scoredAt: null,
    });
    const none = (zh: string, en: string) => [`${zh}，本项不计分`, `${en}; not scored`] as const;
    const vper = R > 0 ? Math.round((vols.active / R) * 10_000) / 10 : 0;
    const calledVulnerable = Math.min(calls.residentsCalled, reg.vulnerable);
    const surveyValue = survey ? Math.round((survey.shares.reduce((s, q) => s + q.share, 0) / survey.shares.length) * 10) / 10 : null;
    return [
      item('grid_coverage', pct(reg.inStaffedGrid, R), `在册居民 ${R} 人，其中 ${reg.inStaffedGrid} 人所在网格已配备网格员`, `${reg.inStaffedGrid} of ${R} registered residents live in a grid with a grid worker`, { residents: R, inStaffedGrid: reg.inStaffedGrid }),
      item('self_report_coverage', pct(self.reported, R), `近 ${WINDOW_DAYS.selfReports} 天（${fromDay} 起）有 ${self.reported} 人自报，在册居民 ${R} 人`, `${self.reported} of ${R} residents self-reported since ${fromDay}`, { reported: self.reported, residents: R, fromDay }),
      warnings.raised === 0
        ? item('warning_ack', null, ...none(`近 ${WINDOW_DAYS.warnings} 天没有预警`, `No warning alert in the last ${WINDOW_DAYS.warnings} days`), { raised: 0 })
        : item('warning_ack', pct(warnings.acknowledgedInTime, warnings.raised), `近 ${WINDOW_DAYS.warnings} 天预警 ${warnings.raised} 条，${ACK_HOURS} 小时内确认 ${warnings.acknowledgedInTime} 条`, `${warnings.acknowledgedInTime} of ${warnings.raised} alerts acknowledged within ${ACK_HOURS} h`, { raised: warnings.raised, acknowledgedInTime: warnings.acknowledgedInTime }),
      item('plan_drilled', pct(plans.drilledPlans, plans.activePlans), plans.activePlans ? `已发布预案 ${plans.activePlans} 份，近 ${WINDOW_DAYS.drills} 天演练过 ${plans.drilledPlans} 份` : '没有已发布的应急预案',
        plans.activePlans ? `${plans.drilledPlans} of ${plans.activePlans} active plans drilled in the last ${WINDOW_DAYS.drills} days` : 'No active emergency plan', { activePlans: plans.activePlans, drilledPlans: plans.drilledPlans }),
      item('procedures_published', procs.published, `已发布工作规程 ${procs.published} 项`, `${procs.published} published procedures`, { published: procs.published }),
      item('volunteers_per_1000', vper, `活跃志愿者 ${vols.active} 人，在册居民 ${R} 人`, `${vols.active} active volunteers for ${R} residents`, { volunteers: vols.active, residents: R }),
      item('shelter_capacity', pct(shelters.capacity, R), `避难场所 ${shelters.shelters} 处可容纳 ${shelters.capacity} 人，在册居民 ${R} 人`, `${shelters.shelters} shelters for ${shelters.capacity} people, ${R} residents`, { shelters: shelters.shelters, capacity: shelters.capacity, residents: R }),
      complaints.due === 0
        ? item('complaint_sla', null, ...none(`近 ${WINDOW_DAYS.complaints} 天没有到期的投诉`, `No complaint due in the last ${WINDOW_DAYS.complaints} days`), { due: 0 })
        : item('complaint_sla', pct(complaints.met, complaints.due), `近 ${WINDOW_DAYS.complaints} 天到期投诉 ${complaints.due} 件，按时办结 ${complaints.met} 件`, `${complaints.met} of ${complaints.due} complaints closed in time`, { due: complaints.due, met: complaints.met }),
      reg.vulnerable === 0
        ? item('vulnerable_roll_call', null, ...none('没有带关爱标签的居民', 'No resident with a care tag'), { vulnerable: 0 })
        : item('vulnerable_roll_call', pct(calledVulnerable, reg.vulnerable), `有关爱标签的居民 ${reg.vulnerable} 人，近 ${WINDOW_DAYS.rollCalls} 天点名覆盖 ${calledVulnerable} 人`, `${calledVulnerable} of ${reg.vulnerable} residents with a care tag on a roll call`, { vulnerable: reg.vulnerable, called: calledVulnerable }),
      !survey
        ? item('survey_positive', null, ...none(`近 ${WINDOW_DAYS.surveys} 天没有已结束且答卷足够的问卷`, `No survey closed in the last ${WINDOW_DAYS.surveys} days with enough answers`), { answers: 0 })
        : item('survey_positive', surveyValue, `问卷《${survey.survey.title}》${survey.answers} 份答卷：${survey.shares.map((q) => `“${q.question}”选“${q.positive}”${q.share}%`).join('；')}`,
          `Survey “${survey.survey.title}”, ${survey.answers} answers: ${survey.shares.map((q) => `${q.share}% positive`).join(', ')}`, { survey: survey.survey.title, answers: survey.answers }),
    ];
  }

  const itemsOf = (r: Row) => codec.readJson<StoredItem[]>(r.items) ?? [];
  const inScope = (p: Principal, r: Row) => String(r.org_path).startsWith(p.orgPath);
  async function row(p: Principal, id: string): Promise<Row> {
    const r = (await db.selectFrom('resilience_assessments').selectAll().where('id', '=', id).executeTakeFirst()) as Row | undefined;
    if (!r || !inScope(p, r)) throw errors.notFound('韧性评估', 'Assessment');
    return r;
  }
  const canAssess = (p: Principal, r: Row) => p.permissions.has('resilience:assess') && String(r.org_id) === p.orgId;

  async function view(p: Principal, r: Row) {
    const items = itemsOf(r);
    const users = [...new Set([String(r.created_by), ...(r.finalised_by ? [String(r.finalised_by)] : []), ...items.flatMap((i) => (i.scoredBy ? [i.scoredBy] : []))])];
    const names = new Map((await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', users).execute()).map((u) => [String(u.id), String(u.display_name)]));
    const orgs = await deps.orgs.names([String(r.org_id)]);
    const scores = codec.readJson<Scores>(r.scores);
    return {
      id: String(r.id), org: { id: String(r.org_id), name: orgs.get(String(r.org_id)) ?? '' }, period: String(r.period), asOf: codec.readTs(r.as_of)!, status: String(r.status) as 'draft' | 'final',
      createdBy: names.get(String(r.created_by)) ?? '', finalisedAt: codec.readTs(r.finalised_at), finalisedBy: r.finalised_by ? names.get(String(r.finalised_by)) ?? '' : null,
      scores, canAssess: canAssess(p, r) && r.status === 'draft', version: codec.readInt(r.version),
      items: items.map((i) => {
        const c = INDICATOR_BY_CODE.get(i.code)!;
        return {
          ...i, scoredBy: i.scoredBy ? names.get(i.scoredBy) ?? '' : null, kind: c.kind, dimension: c.dimension, capacity: c.capacity,
          weak: scores.weakest.includes(i.code),
        };
      }),
    };
  }
  const summary = (r: Row) => {
    const s = codec.readJson<Scores>(r.scores);
    return { id: String(r.id), period: String(r.period), asOf: codec.readTs(r.as_of)!, status: String(r.status), finalisedAt: codec.readTs(r.finalised_at), overall: s.overall, capacities: s.capacities, dimensions: s.dimensions };
  };
  const scoresFor = (items: StoredItem[]) => scoresOf(items.map((i) => ({ code: i.code, level: i.level })));

  /** Compose a new assessment's items: the automatic ones computed, the manual ones unscored (or as given). */
  async function compose(orgPath: string, asOf: Date, manual: Map<string, Pick<StoredItem, 'level' | 'evidence' | 'scoredBy' | 'scoredAt'>> = new Map()): Promise<StoredItem[]> {
    const autos = new Map((await automatic(orgPath, asOf)).map((i) => [i.code, i]));
    return INDICATORS.map((c) => c.kind === 'auto' ? autos.get(c.code)! : {
      code: c.code, value: manual.get(c.code)?.level ?? null, level: manual.get(c.code)?.level ?? null, explanation: null,
      evidence: manual.get(c.code)?.evidence ?? null, scoredBy: manual.get(c.code)?.scoredBy ?? null, scoredAt: manual.get(c.code)?.scoredAt ?? null,
    });
  }

  async function change(p: Principal, actor: AuditActor, id: string, version: number, next: (r: Row, items: StoredItem[], t: Date) => Promise<Row>, action: string, fields: string[]) {
    const r = await row(p, id);
    if (!canAssess(p, r)) throw errors.notFound('韧性评估', 'Assessment');
    if (r.status !== 'draft') throw errors.conflict('assessment_final', '评估已定稿，不能再修改；请为新的时期发起新评估', 'The assessment is finalised and cannot change; start a new one for a new period');
    if (codec.readInt(r.version) !== version) throw errors.stale(codec.readInt(r.version));
    const t = clock.now();
    const set = await next(r, itemsOf(r), t);
    await writes.run(async (trx) => {
      const res = await trx.updateTable('resilience_assessments').set({ ...set, updated_at: codec.ts(t), version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw errors.stale();
      await deps.audit.append(trx, actor, { action, objectType: 'resilience_assessment', objectId: id, outcome: 'success', purpose: PURPOSE, fields });
    });
    return view(p, await row(p, id));
  }

  return {
    /** The catalogue: dimensions, capacities, levels and indicators with how they are measured, thresholds and suggestions. */
    catalogue() {
      const n = (x: ZhEn) => ({ zh: x[0], en: x[1] });
      return {
        dimensions: DIMENSIONS.map((code) => ({ code, ...n(DIMENSION_NAMES[code]) })),
        capacities: CAPACITIES.map((code) => ({ code, ...n(CAPACITY_NAMES[code]) })),
        levels: LEVEL_NAMES.map((x, level) => ({ level, ...n(x) })),
        indicators: INDICATORS.map((i) => ({
          code: i.code, kind: i.kind, dimension: i.dimension, capacity: i.capacity, name: n(i.name), measure: n(i.measure), unit: n(i.unit), thresholds: i.thresholds, suggestion: n(i.suggestion),
        })),
      };
    },

    /** An area's scorecard: its latest finalised assessment, its draft, the trend of its finalised ones, and the orgs below with their latest score. */
    async overview(p: Principal, orgId?: string) {
      const id = orgId ?? p.orgId;
      const org = await deps.orgs.get(id);
      if (!org || !org.path.startsWith(p.orgPath)) throw errors.notFound('组织', 'Org');
      const rows = (await db.selectFrom('resilience_assessments').selectAll().where('org_id', '=', id).orderBy('as_of').orderBy('id').execute()) as Row[];
      const finals = rows.filter((r) => r.status === 'final');
      const draft = rows.find((r) => r.status === 'draft');
      const below = (await db.selectFrom('resilience_assessments').select(['org_id', 'period', 'as_of', 'scores']).where('org_path', 'like', `${org.path}%`)
        .where('org_id', '<>', id).where('status', '=', 'final').orderBy('as_of', 'desc').execute()) as Row[];
      const latestBelow = new Map<string, Row>();
      for (const b of below) if (!latestBelow.has(String(b.org_id))) latestBelow.set(String(b.org_id), b);
      const belowNames = await deps.orgs.names([...latestBelow.keys()]);
      return {
        org: { id: org.id, name: org.name, level: org.level },
        canAssess: p.permissions.has('resilience:assess') && id === p.orgId,
        latest: finals.length ? await view(p, finals[finals.length - 1]!) : null,
        draft: draft ? summary(draft) : null,
        trend: finals.map(summary),
        below: [...latestBelow.entries()].map(([oid, b]) => ({ org: { id: oid, name: belowNames.get(oid) ?? '' }, period: String(b.period), overall: codec.readJson<Scores>(b.scores).overall }))
          .sort((a, b) => a.org.name.localeCompare(b.org.name, 'zh-CN')),
      };
    },

    async get(p: Principal, id: string) {
      return view(p, await row(p, id));
    },

    /** 发起评估: a new draft for the caller's org and the current quarter, its automatic indicators computed now, the manual ones unscored. */
    async create(p: Principal, actor: AuditActor) {
      const t = clock.now();
      const period = quarterOf(t);
      const existing = (await db.selectFrom('resilience_assessments').select(['id', 'status', 'period']).where('org_id', '=', p.orgId).execute()) as Row[];
      if (existing.some((r) => r.status === 'draft')) throw errors.conflict('draft_exists', '已有一份未定稿的评估，请先完成它', 'An assessment is still in draft; finish it first');
      if (existing.some((r) => r.status === 'final' && r.period === period)) throw errors.conflict('period_final', `${period} 的评估已定稿，下一个季度再发起新评估`, `The assessment of ${period} is finalised; start a new one next quarter`);
      const items = await compose(p.orgPath, t);
      const id = uuidv7();
      await writes.run(async (trx) => {
        await trx.insertInto('resilience_assessments').values({
          id, org_id: p.orgId, org_path: p.orgPath, period, as_of: codec.ts(t), status: 'draft', items: codec.json(items), scores: codec.json(scoresFor(items)),
          created_by: p.id, created_at: codec.ts(t), updated_at: codec.ts(t), finalised_at: null, finalised_by: null, version: 1,
        }).execute();
        await deps.audit.append(trx, actor, { action: 'resilience.assess', objectType: 'resilience_assessment', objectId: id, outcome: 'success', purpose: PURPOSE, fields: ['items', 'scores'] });
      });
      return view(p, await row(p, id));
    },

    /** 重新计算: the draft's automatic indicators computed again as of now (manual scores kept). */
    async recompute(p: Principal, actor: AuditActor, id: string, b: { version: number }) {
      return change(p, actor, id, b.version, async (r, items, t) => {
        const manual = new Map(items.filter((i) => INDICATOR_BY_CODE.get(i.code)?.kind === 'manual').map((i) => [i.code, i]));
        const next = await compose(String(r.org_path), t, manual);
        return { as_of: codec.ts(t), period: quarterOf(t), items: codec.json(next), scores: codec.json(scoresFor(next)) };
      }, 'resilience.recompute', ['items', 'scores']);
    },

    /** 评分: a manual indicator's level (0–5) with the evidence it rests on. */
    async score(p: Principal, actor: AuditActor, id: string, code: string, b: { version: number; level: number; evidence: string }) {
      const c = INDICATOR_BY_CODE.get(code);
      if (!c || c.kind !== 'manual') throw errors.field('code', 'not_manual', '只能给人工评分指标打分', 'only a manual indicator can be scored');
      return change(p, actor, id, b.version, async (_r, items, t) => {
        const next = items.map((i) => i.code === code ? { ...i, value: b.level, level: b.level, evidence: b.evidence, scoredBy: p.id, scoredAt: codec.ts(t) } : i);
        return { items: codec.json(next), scores: codec.json(scoresFor(next)) };
      }, 'resilience.score', ['items', 'scores']);
    },

    /** 定稿: every manual indicator scored; the assessment never changes afterwards. */
    async finalise(p: Principal, actor: AuditActor, id: string, b: { version: number }) {
      return change(p, actor, id, b.version, async (r, items, t) => {
        const unscored = items.filter((i) => INDICATOR_BY_CODE.get(i.code)?.kind === 'manual' && i.level === null).map((i) => i.code);
        if (unscored.length) {
          throw errors.conflict('manual_unscored', `还有 ${unscored.length} 项人工评分指标未打分`, `${unscored.length} manual indicators are not scored yet`,
            unscored.map((code) => ({ path: `items.${code}`, code: 'unscored', message: `${INDICATOR_BY_CODE.get(code)!.name[0]}未打分`, messageEn: `${INDICATOR_BY_CODE.get(code)!.name[1]} is not scored` })));
        }
        const dup = await db.selectFrom('resilience_assessments').select('id').where('org_id', '=', String(r.org_id)).where('period', '=', String(r.period)).where('status', '=', 'final').executeTakeFirst();
        if (dup) throw errors.conflict('period_final', `${String(r.period)} 的评估已定稿`, `The assessment of ${String(r.period)} is already finalised`);
        return { status: 'final', finalised_at: codec.ts(t), finalised_by: p.id };
      }, 'resilience.finalise', ['status']);
    },

    /** For the demo seed: the items of an area as of a past instant, with the given manual levels and evidence. */
    compose,
    scoresFor,
  };
}
export type Resilience = ReturnType<typeof createResilience>;
