import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { Projection, RtResult } from './api';
import {
  dailyEstimate, maxDailyCountFor, POPULATION_MIN, projectionSummary, projectionSummaryMessage, RT_BOUNDS, rtFormProblems, rtParamProblem, rtProblemMessage,
  rtQueryFromForm, type RtFormValues,
} from './rt.logic';

const form = (over: Partial<RtFormValues> = {}): RtFormValues => ({
  scope: 'org-1', indicator: 'fever_reports', siMean: 7.5, siSd: 3.4, window: 7, horizon: 28, population: null, ...over,
});

describe('R_t model parameters', () => {
  it('the defaults are valid and make the request; an empty population is left to the registry', () => {
    expect(rtFormProblems(form())).toEqual({});
    expect(rtQueryFromForm(form())).toEqual({ scope: 'org-1', indicator: 'fever_reports', siMean: 7.5, siSd: 3.4, window: 7, horizon: 28, population: undefined });
    expect(rtQueryFromForm(form({ population: 6000 }))?.population).toBe(6000);
  });

  it('an emptied box is an error, not the server default: nothing is sent', () => {
    for (const empty of [null, undefined, '']) {
      expect(rtParamProblem('siMean', empty)).toEqual({ kind: 'required' });
      expect(rtParamProblem('population', empty)).toBeNull();
    }
    expect(rtFormProblems(form({ siMean: null }))).toEqual({ siMean: { kind: 'required' } });
    expect(rtQueryFromForm(form({ siMean: null }))).toBeNull();
    expect(rtQueryFromForm(form({ window: undefined }))).toBeNull();
  });

  it('numbers only, whole numbers where the server wants them', () => {
    expect(rtParamProblem('siMean', '7.5')).toEqual({ kind: 'number' });
    expect(rtParamProblem('siMean', Number.NaN)).toEqual({ kind: 'number' });
    expect(rtParamProblem('horizon', Number.POSITIVE_INFINITY)).toEqual({ kind: 'number' });
    expect(rtParamProblem('window', 7.5)).toEqual({ kind: 'integer' });
    expect(rtParamProblem('horizon', 14.2)).toEqual({ kind: 'integer' });
    expect(rtParamProblem('population', 6000.5)).toEqual({ kind: 'integer' });
    expect(rtParamProblem('siSd', 3.45)).toBeNull();
  });

  it('mirrors the server\'s limits (siMean > 1, siSd > 0, window 2–28, horizon 1–90, population ≤ 100,000,000)', () => {
    expect(rtParamProblem('siMean', 1)).toEqual({ kind: 'above', min: 1 });
    expect(rtParamProblem('siMean', 1.01)).toBeNull();
    expect(rtParamProblem('siMean', 30)).toBeNull();
    expect(rtParamProblem('siMean', 30.1)).toEqual({ kind: 'max', max: 30 });
    expect(rtParamProblem('siSd', 0)).toEqual({ kind: 'above', min: 0 });
    expect(rtParamProblem('siSd', -1)).toEqual({ kind: 'above', min: 0 });
    expect(rtParamProblem('window', 1)).toEqual({ kind: 'min', min: 2 });
    expect(rtParamProblem('window', 2)).toBeNull();
    expect(rtParamProblem('window', 28)).toBeNull();
    expect(rtParamProblem('window', 29)).toEqual({ kind: 'max', max: 28 });
    expect(rtParamProblem('horizon', 0)).toEqual({ kind: 'min', min: 1 });
    expect(rtParamProblem('horizon', 90)).toBeNull();
    expect(rtParamProblem('horizon', 91)).toEqual({ kind: 'max', max: 90 });
    expect(rtParamProblem('population', RT_BOUNDS.population.max)).toBeNull();
    expect(rtParamProblem('population', RT_BOUNDS.population.max + 1)).toEqual({ kind: 'max', max: 100_000_000 });
  });

  it('a population of 10 is refused: at least 100, and at least the largest daily count of the area', () => {
    expect(rtParamProblem('population', 10)).toEqual({ kind: 'min', min: POPULATION_MIN });
    expect(rtParamProblem('population', 99)).toEqual({ kind: 'min', min: 100 });
    expect(rtParamProblem('population', 100)).toBeNull();
    // ~25 a day: the floor stays 100.
    expect(rtParamProblem('population', 10, { maxDailyCount: 25 })).toEqual({ kind: 'min', min: 100 });
    expect(rtParamProblem('population', 100, { maxDailyCount: 25 })).toBeNull();
    // 240 on the busiest day: fewer people than that cannot be right.
    expect(rtParamProblem('population', 10, { maxDailyCount: 240 })).toEqual({ kind: 'belowCases', min: 240 });
    expect(rtParamProblem('population', 239, { maxDailyCount: 240 })).toEqual({ kind: 'belowCases', min: 240 });
    expect(rtParamProblem('population', 240, { maxDailyCount: 240 })).toBeNull();
    expect(rtQueryFromForm(form({ population: 10 }))).toBeNull();
    expect(rtQueryFromForm(form({ population: 200 }), { maxDailyCount: 240 })).toBeNull();
  });

  it('the largest daily count counts only for the series of the same area and indicator', () => {
    const data = {
      scope: { id: 'org-1', code: 'c', name: 'n', level: 'street' },
      indicator: { code: 'fever_reports', nameZh: '', nameEn: '', unitZh: '人', unitEn: 'persons' },
      incidence: [{ date: '2026-05-01', count: 3 }, { date: '2026-05-02', count: 27 }, { date: '2026-05-03', count: 25 }],
    } as Pick<RtResult, 'scope' | 'indicator' | 'incidence'>;
    expect(maxDailyCountFor(data, 'org-1', 'fever_reports')).toBe(27);
    expect(maxDailyCountFor(data, 'org-2', 'fever_reports')).toBeUndefined();
    expect(maxDailyCountFor(data, 'org-1', 'complaints')).toBeUndefined();
    expect(maxDailyCountFor(undefined, 'org-1', 'fever_reports')).toBeUndefined();
    expect(maxDailyCountFor({ ...data, incidence: [] }, 'org-1', 'fever_reports')).toBeUndefined();
  });
});

// The texts proposed for warnings.rt (the lead adds them to features/warnings/i18n.ts), in a real i18next instance.
const texts = {
  'zh-CN': {
    invalid: {
      required: '请填写此项', number: '请填写数字', integer: '请填写整数', min: '不能小于 {{min}}', above: '应大于 {{min}}', max: '不能大于 {{max}}',
      belowCases: '不能少于该范围单日最多的数量 {{min}}',
    },
    projectionSummary: '预计 {{days}} 天后（{{date}}）每日约 {{median}}{{unit}}（区间 {{low}}–{{high}}）',
  },
  en: {
    invalid: {
      required: 'Required', number: 'Enter a number', integer: 'Enter a whole number', min: 'Must be at least {{min}}', above: 'Must be more than {{min}}',
      max: 'Must be at most {{max}}', belowCases: 'Must be at least the largest daily count in this area, {{min}}',
    },
    projectionSummary: 'In {{days}} days ({{date}}): about {{median}}{{unit}} a day (range {{low}}–{{high}})',
  },
};
async function translations() {
  const i = i18next.createInstance();
  await i.init({
    resources: { 'zh-CN': { translation: { warnings: { rt: texts['zh-CN'] } } }, en: { translation: { warnings: { rt: texts.en } } } },
    lng: 'zh-CN', interpolation: { escapeValue: false },
  });
  // Plain lookups: the keys are not in the app's typed resources until the lead adds them.
  type Lookup = (key: string, vars?: Record<string, string>) => string;
  return { zh: i.getFixedT('zh-CN') as unknown as Lookup, en: i.getFixedT('en') as unknown as Lookup };
}

describe('R_t field messages', () => {
  it('name the limit, with numbers as the UI language writes them', async () => {
    const { zh, en } = await translations();
    const say = (tr: typeof zh, lang: string, p: Parameters<typeof rtProblemMessage>[0]) => {
      const m = rtProblemMessage(p, lang);
      return tr(m.key, m.vars);
    };
    expect(say(zh, 'zh-CN', rtParamProblem('siMean', null)!)).toBe('请填写此项');
    expect(say(zh, 'zh-CN', rtParamProblem('siMean', 0.5)!)).toBe('应大于 1');
    expect(say(zh, 'zh-CN', rtParamProblem('window', 7.5)!)).toBe('请填写整数');
    expect(say(zh, 'zh-CN', rtParamProblem('population', 10)!)).toBe('不能小于 100');
    expect(say(zh, 'zh-CN', rtParamProblem('population', 10, { maxDailyCount: 1240 })!)).toBe('不能少于该范围单日最多的数量 1,240');
    expect(say(zh, 'zh-CN', rtParamProblem('population', 200_000_000)!)).toBe('不能大于 100,000,000');
    expect(say(en, 'en', rtParamProblem('siSd', 0)!)).toBe('Must be more than 0');
    expect(say(en, 'en', rtParamProblem('horizon', 91)!)).toBe('Must be at most 90');
    expect(say(en, 'en', rtParamProblem('siMean', Number.NaN)!)).toBe('Enter a number');
  });
});

const available = (days: Array<{ date: string; low: number; median: number; high: number }>): Projection => ({
  available: true, model: 'seir',
  params: { population: 6000, populationSource: 'registry', latentDays: 5.2, infectiousDays: 5, rLow: 0.9, rMedian: 1.2, rHigh: 1.5, basedOn: '2026-04-26..2026-05-02' },
  initial: { E: 100, I: 100, R: 50 }, days,
});

describe('SEIR projection summary', () => {
  const days = Array.from({ length: 28 }, (_, i) => ({ date: `2026-05-${String(i + 3).padStart(2, '0')}`, low: 20 + i / 10, median: 25 + i, high: 30 + 2 * i }));

  it('is the last projected day: how far ahead, its date, median and 95% range', () => {
    expect(projectionSummary(available(days))).toEqual({ days: 28, date: '2026-05-30', median: 52, low: 22.7, high: 84 });
  });

  it('is absent without a projection, and a range given upside down is put in order', () => {
    expect(projectionSummary(undefined)).toBeNull();
    expect(projectionSummary({ available: false, reason: 'population_unknown' })).toBeNull();
    expect(projectionSummary(available([]))).toBeNull();
    expect(projectionSummary(available([{ date: '2026-05-03', low: Number.NaN, median: 1, high: 2 }]))).toBeNull();
    expect(projectionSummary(available([{ date: '2026-05-03', low: 9, median: 5, high: 2 }]))).toMatchObject({ low: 2, high: 9 });
  });

  it('reads as one plain line in both languages, small numbers with one decimal', async () => {
    const { zh, en } = await translations();
    const s = projectionSummary(available(days))!;
    const mz = projectionSummaryMessage(s, 'zh-CN', ' 人');
    expect(zh(mz.key, mz.vars)).toBe('预计 28 天后（2026-05-30）每日约 52 人（区间 23–84）');
    const me = projectionSummaryMessage(s, 'en', ' persons');
    expect(en(me.key, me.vars)).toBe('In 28 days (2026-05-30): about 52 persons a day (range 23–84)');
    const small = projectionSummary(available([{ date: '2026-05-03', low: 0.04, median: 0.36, high: 1234.4 }]))!;
    const ms = projectionSummaryMessage(small, 'zh-CN', ' 人');
    expect(zh(ms.key, ms.vars)).toBe('预计 1 天后（2026-05-03）每日约 0.4 人（区间 0–1,234）');
    expect(dailyEstimate(9.96, 'en')).toBe('10');
    expect(dailyEstimate(10.4, 'en')).toBe('10');
    expect(dailyEstimate(2.25, 'en')).toBe('2.3');
  });
});
