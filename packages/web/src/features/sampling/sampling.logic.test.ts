import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import { samplingNotice, samplingNoticeLink } from './notice.logic';
import {
  actorName, barcodeQuery, byAreaName, cnNumeral, coveragePercent, coverageTone, localDate, missingFiltersFromParams, pageTabFromParams, percentText, placeOf, poolKind,
  resultCounts, resultFileProblem, retestFiltersFromParams, roundBody, roundFiltersFromParams, roundTabFromParams, seesPeople, siteBody, siteChanges,
  stationsValid, tubeFiltersFromParams,
} from './sampling.logic';

const q = (s: string) => new URLSearchParams(s);

describe('the tabs and filters in the address', () => {
  it('reads the page tab and the round tab, the defaults for anything else', () => {
    expect(pageTabFromParams(q(''))).toBe('rounds');
    expect(pageTabFromParams(q('tab=sites'))).toBe('sites');
    expect(pageTabFromParams(q('tab=nope'))).toBe('rounds');
    expect(roundTabFromParams(q(''))).toBe('coverage');
    for (const tab of ['tubes', 'results', 'retests'] as const) expect(roundTabFromParams(q(`tab=${tab}`))).toBe(tab);
    expect(roundTabFromParams(q('tab=constructor'))).toBe('coverage');
  });

  it('the round list: all by default, open or closed when asked, a malformed page as 1', () => {
    expect(roundFiltersFromParams(q(''))).toEqual({ page: 1 });
    expect(roundFiltersFromParams(q('status=open&page=3'))).toEqual({ status: 'open', page: 3 });
    expect(roundFiltersFromParams(q('status=closed&page=-2'))).toEqual({ status: 'closed', page: 1 });
    expect(roundFiltersFromParams(q('status=deleted&page=1.5'))).toEqual({ page: 1 });
  });

  it('the tubes: a barcode prefix and a known result; the retests: a known state', () => {
    expect(tubeFiltersFromParams(q('q=%20HS01%20&result=positive&page=2'))).toEqual({ q: 'HS01', result: 'positive', page: 2 });
    expect(tubeFiltersFromParams(q('q=&result=maybe'))).toEqual({ page: 1 });
    expect(retestFiltersFromParams(q('status=pending'))).toEqual({ status: 'pending', page: 1 });
    expect(retestFiltersFromParams(q('status=closed&page=4'))).toEqual({ page: 4 });
  });

  it('who is missing: the grid, a building only with its grid', () => {
    expect(missingFiltersFromParams(q('grid=g1&building=b1&page=2'))).toEqual({ gridId: 'g1', buildingId: 'b1', page: 2 });
    expect(missingFiltersFromParams(q('building=b1'))).toEqual({ page: 1 });
    expect(missingFiltersFromParams(q('grid=g1'))).toEqual({ gridId: 'g1', page: 1 });
  });

  it('a barcode search keeps only what a barcode holds', () => {
    expect(barcodeQuery('  HS-2026 01 ')).toBe('HS-202601');
    expect(barcodeQuery('试管HS01')).toBe('HS01');
  });
});

describe('coverage as the pages show it', () => {
  it('one decimal, rounded down: 100 only when everyone is sampled; none expected is —', () => {
    expect(coveragePercent(0, 0)).toBeNull();
    expect(percentText(coveragePercent(0, 0))).toBe('—');
    expect(coveragePercent(0, 10)).toBe(0);
    expect(coveragePercent(834, 1000)).toBe(83.4);
    expect(coveragePercent(9999, 10000)).toBe(99.9);
    expect(coveragePercent(1, 3)).toBe(33.3);
    expect(coveragePercent(10, 10)).toBe(100);
    expect(coveragePercent(11, 10)).toBe(100);
    expect(percentText(coveragePercent(1, 3))).toBe('33.3%');
  });

  it('the bar\'s tone: done at 100, most from 80, low below', () => {
    expect(coverageTone(100)).toBe('done');
    expect(coverageTone(80)).toBe('most');
    expect(coverageTone(79.9)).toBe('low');
    expect(coverageTone(null)).toBe('none');
  });

  it('the tubes by result, in the pages\' order', () => {
    expect(resultCounts({ pending: 3, negative: 40, positive: 1, invalid: 0 })).toEqual([
      { result: 'pending', n: 3 }, { result: 'negative', n: 40 }, { result: 'positive', n: 1 }, { result: 'invalid', n: 0 },
    ]);
  });
});

describe('grids and buildings in the order people count them', () => {
  it('reads Chinese numerals up to 九十九', () => {
    expect(['一', '五', '十', '十二', '二十', '二十三', '九十九'].map(cnNumeral)).toEqual([1, 5, 10, 12, 20, 23, 99]);
    expect(cnNumeral('网格')).toBeNull();
    expect(cnNumeral('十十')).toBeNull();
  });

  it('第一 … 第十二, and numbered buildings by their number', () => {
    const grids = ['第八网格', '第二网格', '第十二网格', '第十网格', '第一网格', '第三网格'];
    expect([...grids].sort(byAreaName)).toEqual(['第一网格', '第二网格', '第三网格', '第八网格', '第十网格', '第十二网格']);
    expect(['金岸名苑 11幢', '金岸名苑 5幢', '港务新村 2幢'].sort(byAreaName)).toEqual(['港务新村 2幢', '金岸名苑 5幢', '金岸名苑 11幢']);
  });
});

describe('who sees the people', () => {
  it('the community and its grids; the street and district see the figures only', () => {
    expect(seesPeople('community')).toBe(true);
    expect(seesPeople('grid')).toBe(true);
    expect(seesPeople('street')).toBe(false);
    expect(seesPeople('district')).toBe(false);
  });
});

describe('words', () => {
  it('the pool size: 单采 for one, else N 合 1', () => {
    expect(poolKind(1)).toEqual({ single: true });
    expect(poolKind(10)).toEqual({ single: false, n: 10 });
  });

  it('who did it, whether a name or a person', () => {
    expect(actorName('社区医生')).toBe('社区医生');
    expect(actorName({ id: 'u1', name: '采样员' })).toBe('采样员');
    expect(actorName(null)).toBe('');
    expect(actorName(undefined)).toBe('');
  });

  it('where a tube was taken', () => {
    const words = { door: '上门采样', station: (n: number) => `${n} 号台` };
    expect(placeOf({ doorToDoor: true, siteName: null, station: null }, words)).toBe('上门采样');
    expect(placeOf({ doorToDoor: false, siteName: '社区服务中心采样点', station: 2 }, words)).toBe('社区服务中心采样点 · 2 号台');
    expect(placeOf({ doorToDoor: false, siteName: '海滨广场采样点', station: null }, words)).toBe('海滨广场采样点');
  });
});

describe('the forms', () => {
  it('today in the device\'s time', () => {
    expect(localDate(new Date(2026, 11, 4, 23, 59))).toBe('2026-12-04');
    expect(localDate(new Date(2026, 0, 9, 0, 1))).toBe('2026-01-09');
  });

  it('a round: name and a real day and a pool size of 1, 5, 10 or 20; the note trimmed and left out when empty', () => {
    expect(roundBody({ name: ' 12月5日 全员核酸 ', roundDate: '2026-12-05', poolSize: 10, note: '  ' }))
      .toEqual({ ok: true, body: { name: '12月5日 全员核酸', roundDate: '2026-12-05', poolSize: 10 } });
    expect(roundBody({ name: '复核', roundDate: '2026-12-05', poolSize: 1, note: ' 上午 8 点开始 ' }))
      .toEqual({ ok: true, body: { name: '复核', roundDate: '2026-12-05', poolSize: 1, note: '上午 8 点开始' } });
    expect(roundBody({ name: '', roundDate: '2026-12-05', poolSize: 10 })).toMatchObject({ ok: false, field: 'name', problem: 'empty' });
    expect(roundBody({ name: 'x'.repeat(41), roundDate: '2026-12-05', poolSize: 10 })).toMatchObject({ ok: false, field: 'name', problem: 'too_long' });
    expect(roundBody({ name: '一轮', roundDate: '2026-02-30', poolSize: 10 })).toMatchObject({ ok: false, field: 'roundDate' });
    expect(roundBody({ name: '一轮', roundDate: null, poolSize: 10 })).toMatchObject({ ok: false, field: 'roundDate' });
    expect(roundBody({ name: '一轮', roundDate: '2026-12-05', poolSize: 3 })).toMatchObject({ ok: false, field: 'poolSize' });
    expect(roundBody({ name: '一轮', roundDate: '2026-12-05', poolSize: 10, note: '联系 13812345678' })).toMatchObject({ ok: false, field: 'note', problem: 'phone' });
  });

  it('a site: name, address, 1–50 stations', () => {
    expect(siteBody({ name: ' 社区服务中心采样点 ', address: ' 服务中心一楼 ', stations: 4 }))
      .toEqual({ ok: true, body: { name: '社区服务中心采样点', address: '服务中心一楼', stations: 4 } });
    expect(siteBody({ name: '', address: 'a', stations: 4 })).toMatchObject({ ok: false, field: 'name', problem: 'empty' });
    expect(siteBody({ name: 'a', address: '', stations: 4 })).toMatchObject({ ok: false, field: 'address', problem: 'empty' });
    expect(siteBody({ name: 'a', address: 'b', stations: 0 })).toMatchObject({ ok: false, field: 'stations' });
    expect(stationsValid(50)).toBe(true);
    expect(stationsValid(51)).toBe(false);
    expect(stationsValid(2.5)).toBe(false);
    expect(stationsValid(null)).toBe(false);
  });

  it('a site\'s change: only what differs, with the version seen; nothing when nothing changed', () => {
    const before = { name: '海滨广场采样点', address: '海滨广场东侧', stations: 2, active: true, version: 3 };
    expect(siteChanges(before, { name: '海滨广场采样点', address: '海滨广场东侧', stations: 2, active: true })).toBeNull();
    expect(siteChanges(before, { name: '海滨广场采样点', address: '海滨广场东侧', stations: 3, active: false })).toEqual({ stations: 3, active: false, version: 3 });
  });

  it('a result sheet: CSV or XLSX, not empty, at most 10 MB', () => {
    expect(resultFileProblem({ name: '结果.CSV', size: 10 })).toBeNull();
    expect(resultFileProblem({ name: 'lab.xlsx', size: 10 })).toBeNull();
    expect(resultFileProblem({ name: 'lab.xls', size: 10 })).toBe('type');
    expect(resultFileProblem({ name: 'lab.csv', size: 0 })).toBe('empty');
    expect(resultFileProblem({ name: 'lab.csv', size: 11 * 1024 * 1024 })).toBe('size');
  });
});

describe('the bell', () => {
  let zh: TFunction;
  let en: TFunction;
  beforeAll(async () => {
    ({ zh, en } = await appTranslations());
  });

  it('names the tube, the number of people and why — never a person', () => {
    expect(samplingNotice('sampling_recall', { barcode: 'HS0001', people: 10, reason: 'positive_pool' }, zh)).toBe('混管阳性：试管 HS0001 的 10 人需单管复核，请尽快通知');
    expect(samplingNotice('sampling_recall', { barcode: 'HS0002', people: 5, reason: 'invalid' }, en)).toBe('Invalid sample: tube HS0002, 5 people need to be sampled again');
    expect(samplingNotice('sampling_recall', { barcode: 'HS0003', people: 1, reason: 'positive_single' }, zh)).toBe('单管阳性：试管 HS0003，请立即处置');
  });

  it('opens the round\'s 复核 tab', () => {
    expect(samplingNoticeLink({ roundId: 'r 1' }, { type: 'sampling_tube', id: 't1' })).toBe('/sampling/rounds/r%201?tab=retests');
    expect(samplingNoticeLink({}, { type: 'sampling_round', id: 'r2' })).toBe('/sampling/rounds/r2?tab=retests');
    expect(samplingNoticeLink({}, { type: 'sampling_tube', id: 't1' })).toBe('/sampling');
    expect(samplingNoticeLink({}, null)).toBe('/sampling');
  });
});
