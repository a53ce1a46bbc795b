import type { TFunction } from 'i18next';
import { makeCnId } from '@renxing/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { appTranslations } from '../../i18n/test-t';
import type { CaseView, Chain, ContactFigures, ContactView, GraphNode } from './api';
import {
  caseFiltersFromParams, casePath, chainHeight, chainOption, chainPads, CHAIN_MARGIN, PAD_PREFIX, CLASSIFICATION_COLOR, contactBody, datesProblems, edgeRows, edgeText, figureParts, figuresText,
  followUpBody, followUpState, checkMatched, isFiltered, layoutChain, newCaseBody, nodeSize, pageTab, screeningListPath, selfAndDescendants, shanghaiDay,
  sourceChoices, toCaseBody, unsentCount, updateBody, COLUMN, ROW,
} from './cases.logic';
import { casesEn, casesZh } from './i18n';

let zh: TFunction;
let en: TFunction;
beforeAll(async () => {
  ({ zh, en } = await appTranslations());
});

const NOW = new Date('2026-12-04T10:00:00+08:00');
const TODAY = '2026-12-04';
const ID = makeCnId('330902', '1991-07-08', 52);

const node = (id: string, code: string, over: Partial<GraphNode> = {}): GraphNode => ({
  id, code, classification: 'confirmed', status: 'active', onsetOn: '2026-12-01', nameMasked: '张*', contacts: 0, ...over,
});
const chainLabels = {
  classifications: { confirmed: '确诊病例', asymptomatic: '无症状感染者', suspected: '疑似病例' },
  statuses: { active: '在治/在管', recovered: '已治愈/解除', excluded: '已排除' },
  detail: (n: GraphNode) => `密接 ${n.contacts} 人`,
};
const FIG: ContactFigures = { close: 3, secondary: 1, sent: 3, checked: 2, becameCases: 0 };
const caseView = (over: Partial<CaseView> = {}): CaseView => ({
  id: 'c1', code: 'BL-20261204-001', classification: 'confirmed', status: 'active', onsetOn: '2026-12-02', reportedOn: '2026-12-04', nameMasked: '张*',
  idMasked: null, residentId: 'r1', communityName: 'A社区', sourceCaseId: null, sourceCode: null, sourceVisible: false, exposureNote: '外地返回', contacts: FIG,
  createdAt: '2026-12-04T02:00:00.000Z', version: 3, ...over,
});
const contact = (over: Partial<ContactView> = {}): ContactView => ({
  id: 'k1', caseId: 'c1', kind: 'close', nameMasked: '周*', idMasked: '330902********0523', phoneMasked: null, addressMasked: null, exposureOn: '2026-12-01',
  setting: 'dining', note: null, viaContactId: null, becameCaseId: null, becameCaseCode: null, listId: null, check: null, version: 1, ...over,
});

describe('paths and the address', () => {
  it('a case\'s page and a follow-up list\'s page', () => {
    expect(casePath('a/b')).toBe('/cases/a%2Fb');
    expect(screeningListPath('l1')).toBe('/screening/lists/l1');
  });

  it('the tab and the filters, anything malformed left out', () => {
    expect(pageTab(new URLSearchParams('tab=chain'))).toBe('chain');
    expect(pageTab(new URLSearchParams('tab=nope'))).toBe('cases');
    expect(caseFiltersFromParams(new URLSearchParams('status=recovered&classification=suspected&q=%20BL-2026%20'))).toEqual({ status: 'recovered', classification: 'suspected', q: 'BL-2026' });
    expect(caseFiltersFromParams(new URLSearchParams('status=gone&classification=x&q='))).toEqual({});
    expect(caseFiltersFromParams(new URLSearchParams(`q=${'9'.repeat(30)}`)).q).toHaveLength(20);
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ q: 'BL' })).toBe(true);
  });

  it('today in the server\'s calendar', () => {
    expect(shanghaiDay(new Date('2026-12-03T16:30:00Z'))).toBe('2026-12-04');
  });
});

describe('a case\'s contacts as figures', () => {
  it('in the order of the work; 转为病例 only when some contact became a case', () => {
    expect(figureParts(FIG).map((x) => [x.key, x.n])).toEqual([['close', 3], ['secondary', 1], ['sent', 3], ['checked', 2]]);
    expect(figureParts({ ...FIG, becameCases: 1 }).at(-1)).toEqual({ key: 'becameCases', n: 1 });
  });

  it('in one line, in both languages; none at all said so', () => {
    expect(figuresText(FIG, zh)).toBe('密接 3 · 次密接 1 · 已下发 3 · 已核查 2');
    expect(figuresText({ ...FIG, becameCases: 1 }, en)).toBe('Close 3 · Secondary 1 · Sent 3 · Checked 2 · Became cases 1');
    expect(figuresText({ close: 0, secondary: 0, sent: 0, checked: 0, becameCases: 0 }, zh)).toBe('暂无密接');
  });

  it('the contacts of a kind not sent yet', () => {
    const list = [contact(), contact({ id: 'k2', listId: 'l1' }), contact({ id: 'k3', kind: 'secondary' })];
    expect(unsentCount(list, 'close')).toBe(1);
    expect(unsentCount(list, 'secondary')).toBe(1);
  });
});

describe('the transmission chain', () => {
  // A → B → D, A → C; E alone; F → G.
  const chain: Chain = {
    nodes: [
      node('a', 'BL-20261201-001', { contacts: 9 }), node('b', 'BL-20261202-001', { classification: 'asymptomatic', contacts: 1 }),
      node('c', 'BL-20261202-002', { classification: 'suspected' }), node('d', 'BL-20261203-001', { status: 'excluded' }),
      node('e', 'BL-20261203-002'), node('f', 'BL-20261203-003'), node('g', 'BL-20261204-001'),
    ],
    edges: [{ from: 'a', to: 'b' }, { from: 'a', to: 'c' }, { from: 'b', to: 'd' }, { from: 'f', to: 'g' }],
  };

  it('lays each case one generation right of its source, a tree at a time, a source in the middle of its cases, lone cases below', () => {
    const at = layoutChain(chain);
    const row = (id: string) => at.get(id)!.y / ROW;
    expect([...at.keys()].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(['a', 'b', 'c', 'd', 'f', 'g'].map((id) => at.get(id)!.depth)).toEqual([0, 1, 1, 2, 0, 1]);
    expect(at.get('d')!.x).toBe(2 * COLUMN);
    // d is b's only case: same row; c next; a between b and c; the second tree below the first; e below both.
    expect([row('d'), row('b'), row('c'), row('a')]).toEqual([0, 0, 1, 0.5]);
    expect([row('g'), row('f')]).toEqual([2, 2]);
    expect(row('e')).toBe(3);
  });

  it('ignores an edge to a case not given, a second source and a cycle', () => {
    const odd: Chain = {
      nodes: [node('x', 'BL-1'), node('y', 'BL-2'), node('z', 'BL-3')],
      edges: [{ from: 'x', to: 'y' }, { from: 'y', to: 'x' }, { from: 'z', to: 'y' }, { from: 'gone', to: 'z' }],
    };
    const at = layoutChain(odd);
    expect(at.size).toBe(3);
    expect(at.get('x')!.depth).toBe(0);
    expect(at.get('y')!.depth).toBe(1);
    expect(at.get('z')!.depth).toBe(0);
  });

  it('as an echarts graph: a node per case labelled with its code, coloured by classification, sized by contacts; an arrow per link', () => {
    const o = chainOption(chain, chainLabels);
    const s = o.series[0]!;
    expect(s.type).toBe('graph');
    expect(s.layout).toBe('none');
    expect(s.edgeSymbol).toEqual(['none', 'arrow']);
    expect(s.categories.map((c) => [c.name, c.itemStyle.color])).toEqual([
      ['确诊病例', CLASSIFICATION_COLOR.confirmed], ['无症状感染者', CLASSIFICATION_COLOR.asymptomatic], ['疑似病例', CLASSIFICATION_COLOR.suspected],
    ]);
    expect(o.legend.data).toEqual(['确诊病例', '无症状感染者', '疑似病例']);
    const b = s.data.find((d) => d.id === 'b')!;
    expect(b).toMatchObject({ name: 'BL-20261202-001', category: 1, value: 1, symbolSize: nodeSize(1) });
    expect(s.data.find((d) => d.id === 'c')!.category).toBe(2);
    expect(s.data.find((d) => d.id === 'a')!.symbolSize).toBeGreaterThan(b.symbolSize);
    expect(s.data.find((d) => d.id === 'd')!.itemStyle).toEqual({ opacity: 0.45 });
    expect(s.data.filter((d) => !d.id.startsWith(PAD_PREFIX)).map((d) => [d.id, d.x, d.y])).toEqual([...layoutChain(chain)].map(([id, p]) => [id, p.x, p.y]).sort((p, q) => chain.nodes.findIndex((n) => n.id === p[0]) - chain.nodes.findIndex((n) => n.id === q[0])));
    expect(s.links).toEqual([{ source: 'a', target: 'b' }, { source: 'a', target: 'c' }, { source: 'b', target: 'd' }, { source: 'f', target: 'g' }]);
    expect(b.tooltip.formatter).toBe('<strong>BL-20261202-001</strong> 张*<br/>无症状感染者 · 在治/在管<br/>密接 1 人');
  });

  it('a chain on one row or a single case gets two invisible corners, so that echarts does not stretch a box of no height', () => {
    const row = { nodes: [node('a', 'BL-1'), node('b', 'BL-2'), node('c', 'BL-3')], edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }] };
    const at = layoutChain(row);
    expect(new Set([...at.values()].map((p) => p.y)).size).toBe(1);
    const pads = chainPads(at);
    expect(pads).toEqual([{ x: 0, y: -ROW }, { x: 2 * COLUMN, y: ROW }]);
    const s = chainOption(row, chainLabels).series[0]!;
    const padded = s.data.filter((d) => d.id.startsWith(PAD_PREFIX));
    expect(padded.map((d) => [d.x, d.y, d.symbolSize])).toEqual([[0, -ROW, 0], [2 * COLUMN, ROW, 0]]);
    const ys = s.data.map((d) => d.y);
    expect(Math.max(...ys) - Math.min(...ys)).toBe(2 * ROW);
    // One case alone: a box two columns wide and two rows high around it.
    expect(chainPads(layoutChain({ nodes: [node('x', 'BL-9')], edges: [] }))).toEqual([{ x: -COLUMN, y: -ROW }, { x: COLUMN, y: ROW }]);
    // A tall tree is not widened beyond its own box where it is already larger.
    expect(chainPads(new Map([['p', { x: 0, y: 0, depth: 0 }], ['q', { x: 4 * COLUMN, y: 6 * ROW, depth: 1 }]]))).toEqual([{ x: 0, y: 0 }, { x: 4 * COLUMN, y: 6 * ROW }]);
    expect(chainPads(new Map())).toEqual([]);
    // Given the drawing area's proportions, the box takes them (here 4 : 1): the one-row chain is widened around its middle.
    const wide = chainPads(at, 4);
    expect((wide[1]!.x - wide[0]!.x) / (wide[1]!.y - wide[0]!.y)).toBeCloseTo(4, 9);
    expect(wide).toEqual([{ x: COLUMN - 4 * ROW, y: -ROW }, { x: COLUMN + 4 * ROW, y: ROW }]);
    // … and a narrow area (1 : 2) heightens it instead.
    const tall = chainPads(at, 0.5);
    expect(tall).toEqual([{ x: 0, y: -2 * COLUMN }, { x: 2 * COLUMN, y: 2 * COLUMN }]);
    // chainOption given the chart's width: the box of all nodes has the drawing area's proportions.
    const o = chainOption(row, chainLabels, 1200).series[0]!;
    const xs = o.data.map((d) => d.x);
    const ys2 = o.data.map((d) => d.y);
    const areaW = 1200 - CHAIN_MARGIN.left - CHAIN_MARGIN.right;
    const areaH = chainHeight(row) - CHAIN_MARGIN.top - CHAIN_MARGIN.bottom;
    expect((Math.max(...xs) - Math.min(...xs)) / (Math.max(...ys2) - Math.min(...ys2))).toBeCloseTo(areaW / areaH, 9);
  });

  it('escapes the tooltip and leaves out a link whose case is not given', () => {
    const o = chainOption({ nodes: [node('x', 'BL-<1>', { nameMasked: '<b>' })], edges: [{ from: 'x', to: 'gone' }] }, chainLabels);
    expect(o.series[0]!.links).toEqual([]);
    expect(o.series[0]!.data[0]!.tooltip.formatter).toContain('BL-&lt;1&gt;</strong> &lt;b&gt;');
  });

  it('node sizes grow with the contacts, within 18–56', () => {
    expect(nodeSize(0)).toBe(18);
    expect(nodeSize(4)).toBe(30);
    expect(nodeSize(10_000)).toBe(56);
  });

  it('the links as the fallback list: BL-… → BL-…, by the source\'s code', () => {
    const rows = edgeRows({ ...chain, edges: [{ from: 'f', to: 'g' }, ...chain.edges, { from: 'a', to: 'gone' }] });
    expect(rows.map(edgeText)).toEqual([
      'BL-20261201-001 → BL-20261202-001', 'BL-20261201-001 → BL-20261202-002', 'BL-20261202-001 → BL-20261203-001',
      'BL-20261203-003 → BL-20261204-001', 'BL-20261203-003 → BL-20261204-001',
    ]);
    expect(rows[0]).toMatchObject({ fromId: 'a', toId: 'b' });
  });

  it('the chart grows with the rows, within 260–560 pixels', () => {
    expect(chainHeight({ nodes: [node('x', 'BL-1')], edges: [] })).toBe(260);
    expect(chainHeight({ nodes: Array.from({ length: 40 }, (_, i) => node(`n${i}`, `BL-${i}`)), edges: Array.from({ length: 39 }, (_, i) => ({ from: 'n0', to: `n${i + 1}` })) })).toBe(560);
  });
});

describe('the source of a case', () => {
  const cases = [caseView({ id: 'a' }), caseView({ id: 'b', sourceCaseId: 'a' }), caseView({ id: 'c', sourceCaseId: 'b' }), caseView({ id: 'd' })];
  it('not the case itself nor one infected through it', () => {
    expect([...selfAndDescendants('a', cases)].sort()).toEqual(['a', 'b', 'c']);
    expect(sourceChoices(cases, 'a').map((c) => c.id)).toEqual(['d']);
    expect(sourceChoices(cases, 'c').map((c) => c.id)).toEqual(['a', 'b', 'd']);
    expect(sourceChoices(cases, null)).toHaveLength(4);
  });
});

describe('a contact\'s follow-up', () => {
  it('not sent, sent and waiting, checked; whether the registry matched the person', () => {
    expect(followUpState(contact())).toBe('not_sent');
    expect(followUpState(contact({ listId: 'l1', check: { status: 'open', outcome: null, state: 'matched', confidence: 100 } }))).toBe('open');
    expect(followUpState(contact({ listId: 'l1', check: { status: 'done', outcome: 'controlled', state: 'unmatched', confidence: 20 } }))).toBe('done');
    expect(followUpState(contact({ listId: 'l1', check: null }))).toBe('open');
    expect(checkMatched(contact())).toBeNull();
    expect(checkMatched(contact({ listId: 'l1', check: { status: 'open', outcome: null, state: 'matched', confidence: 100 } }))).toBe(true);
    expect(checkMatched(contact({ listId: 'l1', check: { status: 'open', outcome: null, state: 'uncertain', confidence: 60 } }))).toBe(false);
  });
});

describe('登记病例', () => {
  const base = { classification: 'confirmed', reportedOn: TODAY, onsetOn: '2026-12-02' };
  const problems = (r: ReturnType<typeof newCaseBody>) => (r.ok ? [] : r.problems.map((p) => `${p.field}:${p.problem}`));

  it('a resident chosen: no name or numbers sent', () => {
    expect(newCaseBody({ ...base, residentId: 'r1', name: '张三', exposureNote: ' 外地返回 ', sourceCaseId: 'c0' }, TODAY, NOW, true)).toEqual({
      ok: true, body: { classification: 'confirmed', reportedOn: TODAY, onsetOn: '2026-12-02', residentId: 'r1', exposureNote: '外地返回', sourceCaseId: 'c0' },
    });
    expect(problems(newCaseBody(base, TODAY, NOW, true))).toEqual(['residentId:empty']);
  });

  it('a person by name with an ID number or a mobile (at least one, each valid)', () => {
    expect(newCaseBody({ ...base, onsetOn: null, name: ' 赵甲 ', idNumber: ID.toLowerCase() }, TODAY, NOW, false)).toEqual({
      ok: true, body: { classification: 'confirmed', reportedOn: TODAY, name: '赵甲', idNumber: ID },
    });
    expect(newCaseBody({ ...base, name: '赵甲', phone: '13912340000' }, TODAY, NOW, false)).toMatchObject({ ok: true, body: { phone: '13912340000' } });
    expect(problems(newCaseBody({ ...base, name: '' }, TODAY, NOW, false))).toEqual(['name:empty', 'idNumber:need_number']);
    expect(problems(newCaseBody({ ...base, name: '赵甲', idNumber: `${ID.slice(0, 17)}${ID.endsWith('0') ? '1' : '0'}`, phone: '123' }, TODAY, NOW, false)))
      .toEqual(['idNumber:id_invalid', 'phone:phone_invalid']);
    expect(problems(newCaseBody({ ...base, name: '赵'.repeat(31), phone: '13912340000' }, TODAY, NOW, false))).toEqual(['name:too_long']);
  });

  it('the classification, the dates and the note, as the server checks them', () => {
    expect(problems(newCaseBody({ residentId: 'r1', reportedOn: '2026-12-05', onsetOn: '2026-12-06' }, TODAY, NOW, true)))
      .toEqual(['classification:empty', 'reportedOn:future', 'onsetOn:future']);
    expect(problems(newCaseBody({ ...base, residentId: 'r1', onsetOn: '2026-12-04', reportedOn: '2026-12-03' }, TODAY, NOW, true))).toEqual(['onsetOn:after_report']);
    expect(problems(newCaseBody({ ...base, residentId: 'r1', reportedOn: null }, TODAY, NOW, true))).toEqual(['reportedOn:empty']);
    expect(problems(newCaseBody({ ...base, residentId: 'r1', exposureNote: `电话13912345678` }, TODAY, NOW, true))).toEqual(['exposureNote:phone']);
    expect(problems(newCaseBody({ ...base, residentId: 'r1', exposureNote: `同事${ID}` }, TODAY, NOW, true))).toEqual(['exposureNote:id_number']);
    expect(datesProblems('2026-12-04', '', TODAY)).toEqual([]);
  });
});

describe('添加密接: a contact needs an ID number, a phone or an address', () => {
  const base = { kind: 'close', name: '周密', exposureOn: '2026-12-01', setting: 'dining' };
  const problems = (r: ReturnType<typeof contactBody>) => (r.ok ? [] : r.problems.map((p) => `${p.field}:${p.problem}`));

  it('any one of the three is enough', () => {
    expect(contactBody({ ...base, idNumber: ID }, TODAY, NOW)).toEqual({ ok: true, body: { kind: 'close', name: '周密', idNumber: ID, exposureOn: '2026-12-01', setting: 'dining' } });
    expect(contactBody({ ...base, phone: '13700009999' }, TODAY, NOW)).toMatchObject({ ok: true, body: { phone: '13700009999' } });
    expect(contactBody({ ...base, address: ' A社区幸福小区9幢 ', note: ' 同桌 ' }, TODAY, NOW)).toMatchObject({ ok: true, body: { address: 'A社区幸福小区9幢', note: '同桌' } });
    expect(problems(contactBody(base, TODAY, NOW))).toEqual(['idNumber:need_contact_way']);
    expect(problems(contactBody({ ...base, idNumber: '  ', phone: ' ', address: ' ' }, TODAY, NOW))).toEqual(['idNumber:need_contact_way']);
  });

  it('each one given must be right: a valid ID number and mobile, an address without numbers', () => {
    expect(problems(contactBody({ ...base, idNumber: '330902199107080000', phone: '1370000', address: `住13912345678` }, TODAY, NOW)))
      .toEqual(['idNumber:id_invalid', 'phone:phone_invalid', 'address:phone']);
  });

  it('the kind, name, exposure date (not after today), setting and note', () => {
    expect(problems(contactBody({ idNumber: ID, exposureOn: '2026-12-05', note: 'x'.repeat(201) }, TODAY, NOW)))
      .toEqual(['kind:empty', 'name:empty', 'exposureOn:future', 'setting:empty', 'note:too_long']);
  });

  it('a secondary contact names the close contact it came through; a close one comes through no one', () => {
    expect(problems(contactBody({ ...base, kind: 'secondary', phone: '13700009999' }, TODAY, NOW))).toEqual(['viaContactId:empty']);
    expect(contactBody({ ...base, kind: 'secondary', phone: '13700009999', viaContactId: 'k1' }, TODAY, NOW)).toMatchObject({ ok: true, body: { kind: 'secondary', viaContactId: 'k1' } });
    expect(contactBody({ ...base, phone: '13700009999', viaContactId: 'k1' }, TODAY, NOW)).toEqual({
      ok: true, body: { kind: 'close', name: '周密', phone: '13700009999', exposureOn: '2026-12-01', setting: 'dining' },
    });
  });
});

describe('修改, 转为病例, 生成随访名单', () => {
  it('修改 sends only what changed with the version seen; nothing changed is said, not sent', () => {
    const c = caseView({ sourceCaseId: 's1', sourceCode: 'BL-1', sourceVisible: true });
    expect(updateBody({ status: 'active', classification: 'confirmed', sourceCaseId: 's1', exposureNote: '外地返回' }, c)).toEqual({ ok: false, nothing: true });
    expect(updateBody({ status: 'recovered', classification: 'confirmed', sourceCaseId: '', exposureNote: ' 外地返回 ' }, c)).toEqual({
      ok: true, body: { status: 'recovered', sourceCaseId: null, version: 3 },
    });
    expect(updateBody({ status: 'active', classification: 'suspected', sourceCaseId: 's2', exposureNote: '' }, c)).toEqual({
      ok: true, body: { classification: 'suspected', sourceCaseId: 's2', exposureNote: '', version: 3 },
    });
    expect(updateBody({ sourceCaseId: 'c1' }, c)).toEqual({ ok: false, problems: [{ field: 'sourceCaseId', problem: 'self' }] });
  });

  it('转为病例 takes a classification and the dates', () => {
    expect(toCaseBody({ classification: 'asymptomatic', reportedOn: TODAY, onsetOn: '' }, TODAY)).toEqual({ ok: true, body: { classification: 'asymptomatic', reportedOn: TODAY } });
    expect(toCaseBody({ reportedOn: '2026-12-05' }, TODAY)).toEqual({ ok: false, problems: [{ field: 'classification', problem: 'empty' }, { field: 'reportedOn', problem: 'future' }] });
  });

  it('生成随访名单 needs a deadline in the future', () => {
    expect(followUpBody('close', '2026-12-04T18:00:00+08:00', NOW)).toEqual({ ok: true, body: { kind: 'close', dueAt: '2026-12-04T10:00:00.000Z' } });
    expect(followUpBody('secondary', '2026-12-04T09:00:00+08:00', NOW)).toEqual({ ok: false, problem: 'past' });
    expect(followUpBody('close', null, NOW)).toEqual({ ok: false, problem: 'empty' });
  });
});

describe('texts', () => {
  it('every classification, status, kind, setting and problem has its words in both languages', async () => {
    const keys = (o: object, prefix = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(casesEn).sort()).toEqual(keys(casesZh).sort());
    for (const k of ['confirmed', 'asymptomatic', 'suspected'] as const) expect(zh(`cases.classifications.${k}`)).not.toBe(en(`cases.classifications.${k}`));
    for (const p of ['empty', 'too_long', 'id_number', 'phone', 'future', 'after_report', 'id_invalid', 'phone_invalid', 'need_number', 'need_contact_way', 'self'] as const) {
      expect(zh(`cases.problems.${p}`, { max: 200 }), p).toMatch(/[\u4e00-\u9fff]/);
      expect(en(`cases.problems.${p}`, { max: 200 }), p).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
