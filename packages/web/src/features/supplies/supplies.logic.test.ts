import { describe, expect, it } from 'vitest';
import type { Line, Preview, Warehouse } from './api';
import {
  availableOf, canDeliver, deliverBody, deliveredByName, gridProgress, lineFiltersFromParams, lineQuantity, movementBody, partyRule, percentOf, perProblem, previewBody,
  quantityValid, roundBody, roundFiltersFromParams, roundProgress, ruleRows, samePlan, shareText, signedText, supplyProblem, tabFromParams,
  textProblem, titleProblem, undelivered, withDelivered, withStock,
} from './supplies.logic';
import { supplyNoticeLink } from './notice.logic';

const warehouse = (id: string, stock: Warehouse['stock']): Warehouse => ({
  id, orgId: 'c1', orgName: 'A社区', name: `储备点${id}`, address: '社区服务中心', keeper: null, stock, version: 1,
});
const rice = { itemId: 'rice', name: '大米', unit: '袋', category: 'food' as const };
const masks = { itemId: 'masks', name: '口罩', unit: '只', category: 'protective' as const };

const line = (id: string, o: Partial<Line> = {}): Line => ({
  id, householdId: `h-${id}`, headMasked: '张*', address: '港务新村 1幢 101', members: 3, tags: [], weight: 1, demand: 3, quantity: 3,
  gridId: 'g1', gridName: '第一网格', status: 'pending', method: null, note: null, deliveredAt: null, deliveredBy: null, restricted: false, version: 1, ...o,
});

describe('a movement before it is sent', () => {
  it('asks the donor of a donation and whom an issue went to; a receipt may name its supplier; a stock count names nobody', () => {
    expect(partyRule('donation')).toBe('required');
    expect(partyRule('issue')).toBe('required');
    expect(partyRule('receipt')).toBe('optional');
    expect(partyRule('adjust')).toBe('none');
    expect(movementBody('donation', { itemId: 'rice', quantity: 10, party: '  ' })).toEqual({ ok: false, field: 'party', problem: 'empty' });
    expect(movementBody('issue', { itemId: 'rice', quantity: 10 })).toEqual({ ok: false, field: 'party', problem: 'empty' });
    expect(movementBody('donation', { itemId: 'rice', quantity: 10, party: ' 爱心人士 ', note: '' }))
      .toEqual({ ok: true, body: { itemId: 'rice', kind: 'donation', quantity: 10, party: '爱心人士' } });
    expect(movementBody('receipt', { itemId: 'rice', quantity: 5 })).toEqual({ ok: true, body: { itemId: 'rice', kind: 'receipt', quantity: 5 } });
    // A party typed before switching to a stock count is not sent.
    expect(movementBody('adjust', { itemId: 'rice', quantity: 0, party: '某单位' })).toEqual({ ok: true, body: { itemId: 'rice', kind: 'adjust', quantity: 0 } });
  });

  it('takes whole quantities from 1 (a stock count from 0) to a million, an item, and no ID or mobile number in the texts', () => {
    expect(quantityValid('receipt', 0)).toBe(false);
    expect(quantityValid('adjust', 0)).toBe(true);
    expect(quantityValid('issue', 1.5)).toBe(false);
    expect(quantityValid('issue', 1_000_001)).toBe(false);
    expect(quantityValid('issue', null)).toBe(false);
    expect(movementBody('receipt', { quantity: 5 })).toEqual({ ok: false, field: 'itemId', problem: 'empty' });
    expect(movementBody('receipt', { itemId: 'rice', quantity: null })).toEqual({ ok: false, field: 'quantity', problem: 'empty' });
    expect(movementBody('receipt', { itemId: 'rice', quantity: 0 })).toEqual({ ok: false, field: 'quantity', problem: 'range' });
    expect(movementBody('issue', { itemId: 'rice', quantity: 2, party: '王先生 13812345678' })).toEqual({ ok: false, field: 'party', problem: 'phone' });
    expect(movementBody('receipt', { itemId: 'rice', quantity: 2, note: 'x'.repeat(201) })).toEqual({ ok: false, field: 'note', problem: 'too_long' });
    expect(textProblem('110101199003071234', false, 60)).toBe('id_number');
  });
});

describe('the stock and the ledger', () => {
  it('signs the ledger’s quantities', () => {
    expect(signedText(50)).toBe('+50');
    expect(signedText(-3)).toBe('-3');
    expect(signedText(0)).toBe('0');
    expect(signedText(-1200, (n) => n.toLocaleString('en'))).toBe('-1,200');
  });

  it('reads what is on a shelf, and sets a warehouse’s row from a movement’s answer (a new item in the catalogue’s order)', () => {
    const list = [warehouse('w1', [{ ...rice, quantity: 10 }]), warehouse('w2', [])];
    expect(availableOf(list, 'w1', 'rice')).toBe(10);
    expect(availableOf(list, 'w1', 'masks')).toBe(0);
    expect(availableOf(list, undefined, 'rice')).toBe(0);
    const after = withStock(list, 'w1', rice, 25);
    expect(after[0]!.stock).toEqual([{ ...rice, quantity: 25 }]);
    expect(after[1]).toBe(list[1]);
    const added = withStock(after, 'w1', masks, 500);
    expect(added[0]!.stock.map((s) => s.name)).toEqual(['大米', '口罩']);
    expect(withStock(list, 'w1', { ...masks, category: 'food', name: '挂面' }, 4)[0]!.stock.map((s) => s.name)).toEqual(['大米', '挂面']);
  });
});

describe('a round’s progress', () => {
  it('counts households delivered of those given something, and quantity handed out, in whole percent rounded down', () => {
    expect(roundProgress({ servedHouseholds: 3, deliveredHouseholds: 2, allocated: 9, delivered: 5 })).toEqual({
      households: { done: 2, total: 3, percent: 66 }, quantity: { done: 5, total: 9, percent: 55 },
    });
    // A round where the rule gave some households nothing: all those given something delivered is 100%.
    expect(roundProgress({ servedHouseholds: 4, deliveredHouseholds: 4, allocated: 8, delivered: 8 }).households).toEqual({ done: 4, total: 4, percent: 100 });
    expect(gridProgress({ served: 5, delivered: 2 })).toEqual({ done: 2, total: 5, percent: 40 });
    expect(gridProgress({ served: 0, delivered: 0 })).toEqual({ done: 0, total: 0, percent: 0 });
    expect(percentOf(0, 0)).toBe(0);
    expect(percentOf(199, 200)).toBe(99);
    expect(percentOf(200, 200)).toBe(100);
    expect(undelivered({ allocated: 9, delivered: 5 })).toBe(4);
    expect(undelivered({ allocated: 9, delivered: 9 })).toBe(0);
  });
});

describe('the comparison of the four rules', () => {
  const preview: Preview = {
    households: 10, members: 24, totalDemand: 24, vulnerableHouseholds: 4, available: 100,
    options: [
      { rule: 'min_unmet', allocated: 20, servedInFull: 2, vulnerableServedInFull: 1, gettingNothing: 0, minShare: 0.8 },
      { rule: 'weighted_fair', allocated: 20, servedInFull: 5, vulnerableServedInFull: 4, gettingNothing: 0, minShare: 2 / 3 },
      { rule: 'priority', allocated: 20, servedInFull: 7, vulnerableServedInFull: 4, gettingNothing: 3, minShare: null },
      { rule: 'proportional', allocated: 19, servedInFull: 0, vulnerableServedInFull: 0, gettingNothing: 0, minShare: 0.75 },
    ],
  };

  it('lists the default first, then priority, proportional and min_unmet, with the vulnerable of all and the lowest share in %', () => {
    expect(ruleRows(preview)).toEqual([
      { rule: 'weighted_fair', allocated: 20, servedInFull: 5, vulnerableServedInFull: 4, vulnerableHouseholds: 4, gettingNothing: 0, minShare: '66%' },
      { rule: 'priority', allocated: 20, servedInFull: 7, vulnerableServedInFull: 4, vulnerableHouseholds: 4, gettingNothing: 3, minShare: '—' },
      { rule: 'proportional', allocated: 19, servedInFull: 0, vulnerableServedInFull: 0, vulnerableHouseholds: 4, gettingNothing: 0, minShare: '75%' },
      { rule: 'min_unmet', allocated: 20, servedInFull: 2, vulnerableServedInFull: 1, vulnerableHouseholds: 4, gettingNothing: 0, minShare: '80%' },
    ]);
    expect(ruleRows({ ...preview, options: preview.options.slice(0, 1) }).map((r) => r.rule)).toEqual(['min_unmet']);
  });

  it('shows a share as whole percent rounded down, 100% only in full', () => {
    expect(shareText(1)).toBe('100%');
    expect(shareText(0.999)).toBe('99%');
    expect(shareText(0.29)).toBe('29%');
    expect(shareText(0)).toBe('0%');
    expect(shareText(null)).toBe('—');
  });
});

describe('the round form', () => {
  const v = { title: ' 12月大米 ', warehouseId: 'w1', itemId: 'rice', gridId: null, tags: ['disabled', 'elderly80'] as const, perHousehold: 1, perPerson: 0, supply: 20 };

  it('asks for the area, the tags in the registry’s order (none: every household) and the need; the rule and title on opening', () => {
    expect(previewBody({ ...v, tags: [...v.tags] })).toEqual({ warehouseId: 'w1', itemId: 'rice', tags: ['elderly80', 'disabled'], perHousehold: 1, perPerson: 0, supply: 20 });
    expect(previewBody({ ...v, tags: [], gridId: 'g1' })).toEqual({ warehouseId: 'w1', itemId: 'rice', gridId: 'g1', perHousehold: 1, perPerson: 0, supply: 20 });
    expect(previewBody({ ...v, tags: [], itemId: null })).toBeNull();
    expect(roundBody({ ...v, tags: [] }, 'priority')).toEqual({ title: '12月大米', warehouseId: 'w1', itemId: 'rice', perHousehold: 1, perPerson: 0, supply: 20, rule: 'priority' });
    expect(roundBody({ ...v, tags: [], title: ' ' }, 'priority')).toBeNull();
    expect(titleProblem('x'.repeat(61))).toBe('too_long');
  });

  it('refuses a need of 0 per household and 0 per person, and more than the shelf holds', () => {
    expect(perProblem(0, 0)).toEqual({ field: 'perPerson', problem: 'both_zero' });
    expect(perProblem(0, 5)).toBeNull();
    expect(perProblem(1001, 0)).toEqual({ field: 'perHousehold', problem: 'range' });
    expect(perProblem(1, null)).toEqual({ field: 'perPerson', problem: 'range' });
    expect(supplyProblem(null, 10)).toBe('empty');
    expect(supplyProblem(0, 10)).toBe('range');
    expect(supplyProblem(11, 10)).toBe('over_stock');
    expect(supplyProblem(10, 10)).toBeNull();
    expect(supplyProblem(11, null)).toBeNull();
  });

  it('knows when the comparison shown no longer answers the plan', () => {
    const a = previewBody({ ...v, tags: [] });
    expect(samePlan(a, previewBody({ ...v, tags: [] }))).toBe(true);
    expect(samePlan(a, previewBody({ ...v, tags: [], supply: 21 }))).toBe(false);
    expect(samePlan(null, a)).toBe(false);
  });
});

describe('the household list', () => {
  it('shows the quantity, with the need when less', () => {
    expect(lineQuantity({ quantity: 3, demand: 5 })).toEqual({ quantity: 3, demand: 5 });
    expect(lineQuantity({ quantity: 5, demand: 5 })).toEqual({ quantity: 5, demand: null });
    expect(lineQuantity({ quantity: 0, demand: 2 })).toEqual({ quantity: 0, demand: 2 });
  });

  it('puts a delivered line in place from the answer; under a state filter it leaves the page', () => {
    const page = { items: [line('a'), line('b')], total: 2, page: 1, pageSize: 50 };
    const done = line('a', { status: 'delivered', method: 'doorstep', deliveredAt: '2026-12-04T10:00:00Z', deliveredBy: '第一网格网格员', version: 2 });
    expect(withDelivered(page, done, undefined).items).toEqual([done, page.items[1]]);
    expect(withDelivered(page, done, 'pending')).toEqual({ items: [page.items[1]], total: 1, page: 1, pageSize: 50 });
    expect(withDelivered(page, done, 'delivered').items[0]).toBe(done);
    expect(withDelivered(page, line('z'), undefined)).toBe(page);
    expect(deliveredByName(done)).toBe('第一网格网格员');
    expect(deliveredByName(line('x', { deliveredBy: { id: 'u1', name: '志愿者' } }))).toBe('志愿者');
    expect(deliveredByName(line('x'))).toBe('');
  });

  it('offers 已送达 for a household with something to carry, while the round is open', () => {
    expect(canDeliver({ status: 'pending', quantity: 2 }, true)).toBe(true);
    expect(canDeliver({ status: 'pending', quantity: 0 }, true)).toBe(false);
    expect(canDeliver({ status: 'delivered', quantity: 2 }, true)).toBe(false);
    expect(canDeliver({ status: 'pending', quantity: 2 }, false)).toBe(false);
    expect(canDeliver({ status: 'none', quantity: 0 }, true)).toBe(false);
  });

  it('sends 已送达 with how and the version, 撤销 with the version only', () => {
    expect(deliverBody('delivered', { method: 'pickup', note: ' 邻居代收 ' }, 3)).toEqual({ ok: true, body: { status: 'delivered', method: 'pickup', note: '邻居代收', version: 3 } });
    expect(deliverBody('delivered', { note: '' }, 3)).toEqual({ ok: false, field: 'method', problem: 'empty' });
    expect(deliverBody('delivered', { method: 'proxy', note: '电话13812345678' }, 3)).toEqual({ ok: false, field: 'note', problem: 'phone' });
    expect(deliverBody('pending', { method: 'proxy' }, 4)).toEqual({ ok: true, body: { status: 'pending', version: 4 } });
  });
});

describe('the address', () => {
  it('keeps the tab, the round filter and the household filters; anything malformed is left out', () => {
    expect(tabFromParams(new URLSearchParams('tab=rounds'))).toBe('rounds');
    expect(tabFromParams(new URLSearchParams('tab=offers'))).toBe('offers');
    expect(tabFromParams(new URLSearchParams('tab=x'))).toBe('stock');
    expect(roundFiltersFromParams(new URLSearchParams('status=closed&page=2'))).toEqual({ status: 'closed', page: 2 });
    expect(roundFiltersFromParams(new URLSearchParams('status=x&page=-1'))).toEqual({ status: 'open', page: 1 });
    expect(lineFiltersFromParams(new URLSearchParams('grid=g1&state=delivered&page=3'))).toEqual({ gridId: 'g1', status: 'delivered', page: 3 });
    expect(lineFiltersFromParams(new URLSearchParams('state=none'))).toEqual({ gridId: undefined, status: 'none', page: 1 });
    expect(lineFiltersFromParams(new URLSearchParams('state=lost'))).toEqual({ gridId: undefined, status: undefined, page: 1 });
  });

  it('opens a round from its notification, else the distributions', () => {
    expect(supplyNoticeLink({ type: 'supply_round', id: 'r 1' })).toBe('/supplies/rounds/r%201');
    expect(supplyNoticeLink(null)).toBe('/supplies?tab=rounds');
  });
});
