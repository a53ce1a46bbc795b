// 健康码 (ADR 0082) in the browser: the community secretary sees the summary tiles as the server counts them and the
// list — each person's colour beside the local signal, a green person recalled from a positive pool flagged 不一致 —,
// opens a person's history, and reads the appeals without deciding them; the street office sees the figures only (small
// cells as <5); the district sets a colour for an epidemic reason in the 赋码 / 转码 dialog (which says that a colour
// changes only for epidemic control, offers only the reasons that fit the colour, and shows the server's refusal of any
// other reason on the reason's field — a reason outside the list, sent through the API, is refused 400
// non_epidemic_reason); the district imports a small upstream list (CSV, synthetic ID numbers): a synthetic resident the
// community registered first is set yellow, the same file again counts it unchanged, and the rows refused are listed
// 行 / 列 / 问题 (not_found, duplicate_in_file, non_epidemic_reason, format, colour); the demo resident on a phone sees
// 黄码 with its reason and appeals (the dialog and the server refuse a mobile number); the district upholds the appeal
// and rejects the phoned-in one with its reason; the resident then sees 绿码, the decision and the bell's line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCnId } from '@renxing/shared';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { confirmWith, csrfToken, getJson, menuEntries, ownResidentId, postJson, scrollsSideways } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

type Colour = 'green' | 'yellow' | 'red';
type Count = number | '<5';
type Summary = { counts: Record<Colour | 'unknown', Count>; mismatches: Count; openAppeals: number; lastImportAt: string | null };
type Signal = { colour: Colour; reasons: Array<{ code: string; zh: string; en: string }> };
type Person = {
  residentId: string; nameMasked: string; idMasked: string; gridName: string; colour: Colour | null; reasonCode: string | null; reasonZh: string | null;
  source: string | null; since: string | null; local: Signal; mismatch: boolean; version: number;
};
type History = { colour: Colour; previous: Colour | null; reasonCode: string; reasonZh: string; source: string; note: string | null; by: string | null; at: string };
type Appeal = { id: string; residentId: string; nameMasked: string; colour: Colour; reason: string; status: string; decisionNote: string | null; version: number; local: Signal };
type ImportResult = { id: string; fileName: string; rows: number; applied: number; unchanged: number; errors: Array<{ row: number; column: string; code: string }> };
type Mine = { colour: Colour | null; reasonZh: string | null; since: string | null; history: Array<{ colour: Colour; reasonZh: string; at: string }>; appeal: { status: string; reason: string; decisionNote: string | null } | null };

/** What the browser logs for the refusal the test provokes on purpose (a reason outside the list, 400). */
const EXPECTED_400 = 'console.error: Failed to load resource: the server responded with a status of 400 (Bad Request)';

const summaryOf = (page: Page, base: string) => getJson<Summary>(page, base, '/api/health-codes/summary');
const peopleOf = async (page: Page, base: string, q = '') => (await getJson<{ items: Person[]; total: number }>(page, base, `/api/health-codes?pageSize=100${q}`)).items;
const appealsOf = async (page: Page, base: string, status = '') => (await getJson<{ items: Appeal[] }>(page, base, `/api/health-codes/appeals${status ? `?status=${status}` : ''}`)).items;
const detailOf = (page: Page, base: string, id: string) => getJson<Person & { history: History[] }>(page, base, `/api/health-codes/${id}`);

const tile = (page: Page, key: string) => page.getByTestId(`hc-tile-${key}`).locator('strong').innerText();
const personRow = (page: Page, id: string): Locator => page.locator(`[data-testid="hc-person"][data-id="${id}"]`);
/** A form's field (its .ant-form-item, where antd writes the field's message), by its label. */
const fieldOf = (scope: Locator, label: string): Locator => scope.locator('.ant-form-item').filter({ has: scope.page().locator('label', { hasText: label }) });
/** Scrolls the resident's card to the top of the screen, below the sticky header (for the screenshots). */
const SCROLL_TO_CARD = "(() => { document.querySelector('[data-testid=\"hc-mine\"]').scrollIntoView({ block: 'start' }); window.scrollBy(0, -96); })()";
const shown = (c: Count) => String(c);

describe('health codes (健康码)', () => {
  const suite = e2eSuite('health-codes');

  it('the community secretary sees the summary and the list: each colour beside the local signal, a mismatch flagged, a person\'s history; the appeals read only', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.getByRole('menuitem', { name: '健康码' }).click();
    await page.waitForURL(`${base}/health-codes`);
    await page.getByRole('heading', { level: 1, name: '健康码' }).waitFor();
    await page.getByTestId('hc-tiles').waitFor();

    // The tiles as the server counts them (the community sees its own numbers, small ones too).
    const s = await summaryOf(page, base);
    expect(s.counts.yellow).toBeGreaterThan(0);
    expect(s.counts.red).toBeGreaterThan(0);
    for (const k of ['green', 'yellow', 'red', 'unknown'] as const) expect(await tile(page, k), k).toBe(Number(s.counts[k]).toLocaleString('zh-CN'));
    expect(await tile(page, 'mismatches')).toBe(shown(s.mismatches));
    expect(await tile(page, 'appeals')).toBe(String(s.openAppeals));
    // The upstream list lies at the district: the community has none of its own.
    expect(s.lastImportAt).toBeNull();
    expect(await tile(page, 'import')).toBe('暂无');
    expect(await page.getByTestId('hc-tile-green').innerText()).toContain('绿码');
    expect(await page.getByTestId('hc-tile-unknown').innerText()).toContain('未知');

    // 人员: mismatches and non-green first, as the server lists them.
    const people = await peopleOf(page, base);
    const rows = page.getByTestId('hc-people-table').getByTestId('hc-person');
    await expect.poll(() => rows.count()).toBe(people.length);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(people.map((p) => p.residentId));
    for (const p of people) {
      const row = personRow(page, p.residentId);
      expect(await row.getByTestId('hc-person-open').innerText()).toBe(p.nameMasked);
      expect(p.nameMasked).toMatch(/\*/);
      expect(await row.getByTestId('hc-person-id').innerText()).toBe(p.idMasked);
      expect(await row.getByTestId('hc-colour').getAttribute('data-colour')).toBe(p.colour ?? 'unknown');
      expect(await row.getByTestId('hc-local-colour').getAttribute('data-colour')).toBe(p.local.colour);
      expect(await row.getByTestId('hc-mismatch').count(), p.nameMasked).toBe(p.mismatch ? 1 : 0);
    }
    // A green person recalled from a positive pool: the local signal says yellow, and why — 不一致.
    const recalled = people.find((p) => p.colour === 'green' && p.local.reasons.some((r) => r.code === 'recalled'))!;
    expect(recalled, 'a green person recalled from a positive pool').toBeDefined();
    expect(recalled.mismatch).toBe(true);
    const row = personRow(page, recalled.residentId);
    expect(await row.getByTestId('hc-colour').innerText()).toBe('绿码');
    expect(await row.getByTestId('hc-local').innerText()).toContain('黄码');
    expect(await row.getByTestId('hc-local-reasons').innerText()).toBe('混管阳性待复核');
    expect(await row.getByTestId('hc-mismatch').innerText()).toBe('不一致');
    // Someone red for a reason that the local facts confirm: no flag.
    const red = people.find((p) => p.colour === 'red' && !p.mismatch)!;
    expect(await personRow(page, red.residentId).getByTestId('hc-person-reason').innerText()).toBe(red.reasonZh);

    // 仅看不一致: the mismatches only.
    await page.getByTestId('hc-mismatch-filter').click();
    await page.waitForURL(/mismatch=1/);
    await expect.poll(() => rows.count()).toBe(people.filter((p) => p.mismatch).length);
    expect(await rows.evaluateAll((els) => els.every((e) => e.getAttribute('data-mismatch') === 'true'))).toBe(true);
    await suite.shot(page, 'list-desktop', true);

    // The person's record: the colour, the local signal, the history; the community does not set colours.
    await personRow(page, recalled.residentId).getByTestId('hc-person-open').click();
    const drawer = page.getByRole('dialog', { name: `${recalled.nameMasked} 的健康码` });
    await drawer.getByTestId('hc-history').waitFor();
    const detail = await detailOf(page, base, recalled.residentId);
    expect(await drawer.getByTestId('hc-history-item').count()).toBe(detail.history.length);
    expect(await drawer.getByTestId('hc-history-item').first().getByTestId('hc-history-reason').innerText()).toBe('上级推送（未注明原因） · 上级导入');
    await drawer.getByTestId('hc-person-mismatch').waitFor();
    expect(await drawer.getByTestId('hc-assign').count()).toBe(0);
    const inDrawer = await axeViolations(page);
    expect(inDrawer.length, describeViolations('health-code drawer', inDrawer)).toBe(0);
    await drawer.getByRole('button', { name: '关闭' }).click();
    await drawer.waitFor({ state: 'detached' });

    // 申诉: the phoned-in appeal with the local signal beside it; deciding is the district's.
    await page.getByTestId('hc-tab-appeals').click();
    await page.waitForURL(/tab=appeals/);
    const open = await appealsOf(page, base, 'open');
    expect(open.length).toBeGreaterThan(0);
    const cards = page.getByTestId('hc-appeal-list').getByTestId('hc-appeal');
    await expect.poll(() => cards.count()).toBe(open.length);
    const first = page.locator(`[data-testid="hc-appeal"][data-id="${open[0]!.id}"]`);
    expect(await first.getByTestId('hc-appeal-reason').innerText()).toBe(open[0]!.reason);
    expect(await first.getByTestId('hc-appeal-colour').getAttribute('data-colour')).toBe(open[0]!.colour);
    expect(await first.getByTestId('hc-appeal-local-colour').getAttribute('data-colour')).toBe(open[0]!.local.colour);
    await page.getByTestId('hc-appeals-readonly').waitFor();
    expect(await page.getByTestId('hc-uphold').count()).toBe(0);
    // The upstream list is the district's.
    expect(await page.getByTestId('hc-tab-imports').count()).toBe(0);
    const found = await axeViolations(page);
    expect(found.length, describeViolations('health codes (desktop)', found)).toBe(0);
    expect(admin.problems).toEqual([]);
  });

  it('on a phone: the tiles and the people as cards fit the screen, and a person\'s record takes the whole width', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: PHONE });
    const { page } = admin;
    await page.goto(`${base}/health-codes`);
    await page.getByRole('heading', { level: 1, name: '健康码' }).waitFor();
    const people = await peopleOf(page, base);
    const cards = page.getByTestId('hc-people-list').getByTestId('hc-person');
    await expect.poll(() => cards.count()).toBe(people.length);
    const flagged = people.find((p) => p.mismatch)!;
    const card = personRow(page, flagged.residentId);
    expect(await card.getByTestId('hc-mismatch').innerText()).toBe('不一致');
    expect(await card.getByTestId('hc-person-id').innerText()).toBe(flagged.idMasked);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'list-phone', true);
    await card.getByTestId('hc-person-open').click();
    const drawer = page.getByRole('dialog', { name: `${flagged.nameMasked} 的健康码` });
    await drawer.getByTestId('hc-history').waitFor();
    expect((await drawer.boundingBox())!.width).toBeGreaterThan(PHONE.width - 2);
    expect(await scrollsSideways(page)).toBe(false);
    await drawer.getByRole('button', { name: '关闭' }).click();
    await drawer.waitFor({ state: 'detached' });
    const found = await axeViolations(page);
    expect(found.length, describeViolations('health codes (phone)', found)).toBe(0);
    expect(admin.problems).toEqual([]);
  });

  it('the street office sees the figures only: small cells as <5, no names', async () => {
    const base = suite.base;
    const street = await suite.loggedIn('street', { viewport: DESKTOP });
    const { page } = street;
    expect(await menuEntries(page)).toContain('健康码');
    await page.getByRole('menuitem', { name: '健康码' }).click();
    await page.waitForURL(`${base}/health-codes`);
    await page.getByTestId('hc-tiles').waitFor();
    const s = await summaryOf(page, base);
    // A yellow or red count under 5 above the community is <5.
    expect([s.counts.yellow, s.counts.red]).toContain('<5');
    for (const k of ['green', 'yellow', 'red', 'unknown'] as const) {
      const v = s.counts[k];
      expect(await tile(page, k), k).toBe(v === '<5' ? '<5' : v.toLocaleString('zh-CN'));
    }
    await page.getByTestId('hc-small-note').waitFor();
    expect(await page.getByTestId('hc-figures-only').innerText()).toContain('街道可以查看本辖区健康码的统计数字');
    expect(await page.getByRole('tab').count()).toBe(0);
    // The lists are not the street's (the server says so too).
    const list = await page.request.get(`${base}/api/health-codes`);
    expect(list.status()).toBe(403);
    expect(((await list.json()) as { error: { code: string } }).error.code).toBe('figures_only');
    await suite.shot(page, 'street-desktop');
    const found = await axeViolations(page);
    expect(found.length, describeViolations('health codes, street (desktop)', found)).toBe(0);
    expect(street.problems).toEqual([]);
  });

  it('the district sets a colour for an epidemic reason; the dialog offers only the reasons that fit, a reason outside the list is refused on its field and through the API (400 non_epidemic_reason)', async () => {
    const base = suite.base;
    const district = await suite.loggedIn('district', { viewport: DESKTOP });
    const { page } = district;
    await page.goto(`${base}/health-codes`);
    const people = await peopleOf(page, base);
    const p = people.find((x) => x.colour === 'green' && x.local.colour === 'yellow' && x.mismatch)!;
    expect(p, 'a green person the local facts say yellow').toBeDefined();
    const row = personRow(page, p.residentId);
    await row.waitFor();
    await row.getByTestId('hc-person-open').click();
    const drawer = page.getByRole('dialog', { name: `${p.nameMasked} 的健康码` });
    await drawer.getByTestId('hc-assign').click();
    const dialog = page.getByRole('dialog', { name: `赋码 / 转码：${p.nameMasked}` });
    await dialog.getByTestId('hc-assign-rule').waitFor();
    expect(await dialog.getByTestId('hc-assign-rule').innerText()).toContain('健康码只能因疫情防控原因变更');
    expect(await dialog.getByTestId('hc-assign-current').innerText()).toBe('当前：绿码 · 上级推送（未注明原因）');

    // Nothing chosen: both fields say so.
    await page.getByTestId('hc-assign-submit').click();
    await fieldOf(dialog, '健康码').getByText('请选择健康码颜色').waitFor();
    await fieldOf(dialog, '原因').getByText('请选择原因').waitFor();
    // Each colour offers only its reasons.
    const reasons = () => dialog.getByTestId('hc-assign-reasons').locator('label').allInnerTexts();
    await dialog.locator('label', { hasText: '绿码' }).click();
    await expect.poll(reasons).toEqual(['解除管控', '申诉核实后转绿', '上级推送（未注明原因）']);
    await dialog.locator('label', { hasText: '红码' }).click();
    await expect.poll(reasons).toEqual(['密切接触者', '密接的密接', '中高风险地区旅居', '核酸或抗原阳性', '居家隔离或健康监测中', '入境人员', '上级推送（未注明原因）']);
    await dialog.locator('label', { hasText: '核酸或抗原阳性' }).click();
    // Back to yellow: 核酸或抗原阳性 does not fit it and is cleared.
    await dialog.locator('label', { hasText: '黄码' }).click();
    await expect.poll(reasons).toEqual(['密切接触者', '密接的密接', '中高风险地区旅居', '发热未排除', '居家隔离或健康监测中', '未按要求完成核酸', '入境人员', '上级推送（未注明原因）']);
    expect(await dialog.getByTestId('hc-assign-reasons').locator('input:checked').count()).toBe(0);
    await dialog.locator('label', { hasText: '密接的密接' }).click();
    await dialog.getByLabel('说明（选填）').fill('混管阳性同管人员，区流调组通知');

    // The server's refusal of a reason outside the list, shown on the reason's field: the request leaves the browser
    // with 上访 in place of the reason chosen (as an old or altered page would send it).
    const url = `${base}/api/health-codes/${p.residentId}`;
    await page.route(url, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
      return route.continue({ postData: JSON.stringify({ ...body, reasonCode: '上访' }) });
    });
    await page.getByTestId('hc-assign-submit').click();
    await fieldOf(dialog, '原因').getByText('不是规定的疫情防控原因').waitFor();
    await dialog.getByText('健康码只能因疫情防控原因变更，请从规定的原因中选择').waitFor();
    await page.unroute(url);
    expect((await detailOf(page, base, p.residentId)).colour).toBe('green');
    await suite.shot(page, 'assign-refused-desktop');

    // Sent as chosen: yellow for 密接的密接.
    await dialog.locator('label', { hasText: '密接的密接' }).click();
    await page.getByTestId('hc-assign-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`已将 ${p.nameMasked} 的健康码变更为黄码`).first().waitFor();
    await expect.poll(() => drawer.getByTestId('hc-person-colour').getAttribute('data-colour')).toBe('yellow');
    const top = drawer.getByTestId('hc-history-item').first();
    await expect.poll(() => top.getByTestId('hc-history-change').innerText()).toBe('绿码 → 黄码');
    expect(await top.getByTestId('hc-history-reason').innerText()).toBe('密接的密接 · 人工赋码');
    expect(await top.getByTestId('hc-history-note').innerText()).toBe('说明：混管阳性同管人员，区流调组通知');
    expect(await top.innerText()).toContain('操作人：区指挥部值班员');
    // The local facts now agree.
    expect(await drawer.getByTestId('hc-person-mismatch').count()).toBe(0);
    const after = await detailOf(page, base, p.residentId);
    expect(after).toMatchObject({ colour: 'yellow', reasonCode: 'secondary_contact', source: 'manual', mismatch: false, version: p.version + 1 });
    expect(after.history[0]).toMatchObject({ colour: 'yellow', previous: 'green', reasonCode: 'secondary_contact', note: '混管阳性同管人员，区流调组通知', by: '区指挥部值班员' });
    await drawer.getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => row.getAttribute('data-mismatch')).toBe('false');

    // Through the API: a non-epidemic reason is refused, naming the field; so is a reason that does not fit the colour.
    const csrf = await csrfToken(page, base);
    for (const reasonCode of ['上访', 'petition', 'debt']) {
      const res = await page.request.post(url, { headers: { 'x-csrf-token': csrf }, data: { colour: 'red', reasonCode } });
      expect(res.status(), reasonCode).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; details: Array<{ path: string; code: string }> } };
      expect(error.code).toBe('non_epidemic_reason');
      expect(error.details).toEqual([expect.objectContaining({ path: 'reasonCode', code: 'non_epidemic_reason' })]);
    }
    const misfit = await page.request.post(url, { headers: { 'x-csrf-token': csrf }, data: { colour: 'green', reasonCode: 'positive' } });
    expect(misfit.status()).toBe(400);
    expect(((await misfit.json()) as { error: { details: Array<{ path: string; code: string }> } }).error.details).toEqual([expect.objectContaining({ path: 'reasonCode', code: 'reason_colour' })]);
    // Nothing changed by the refusals.
    expect((await detailOf(page, base, p.residentId)).history).toHaveLength(after.history.length);
    expect(district.problems.filter((x) => x !== EXPECTED_400)).toEqual([]);
    expect(district.problems.filter((x) => x === EXPECTED_400)).toHaveLength(1);
  });

  it('the district imports the upstream list: a synthetic resident set yellow, the same file again unchanged, the refused rows as 行 / 列 / 问题', async () => {
    const base = suite.base;
    // The community registers a synthetic person (a valid-checksum ID number) in the demo resident's household: the one
    // ID number of the area the test knows (the demo's are stored encrypted, and no API hands them out).
    const resident = await suite.loggedIn('resident', { viewport: DESKTOP });
    const selfId = await ownResidentId(resident.page, base);
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const household = (await getJson<{ household: { id: string } }>(admin.page, base, `/api/residents/${selfId}`)).household.id;
    const known = makeCnId('330902', '1986-06-16', 612);
    const created = await postJson<{ id: string; nameMasked: string }>(admin.page, base, '/api/residents', {
      householdId: household, name: '韦测码', idNumber: known, relation: 'sibling', residenceType: 'registered',
    });
    // Nobody of the area has these (valid checksums, synthetic).
    const stranger = makeCnId('330921', '1979-03-03', 601);
    const another = makeCnId('330921', '1991-11-11', 602);
    const third = makeCnId('330921', '1993-01-23', 603);
    const badCheck = `${known.slice(0, 17)}${known.endsWith('0') ? '1' : '0'}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-hc-'));
    const name = `区数据比对组-健康码-${Date.now() % 100000}.csv`;
    const file = path.join(dir, name);
    fs.writeFileSync(file, [
      '身份证号,健康码,原因',
      `${known},黄码,密接`, // 1: applied (close contact, yellow)
      `${stranger},红码,`, // 2: not_found
      `${known},红码,`, // 3: duplicate_in_file
      `${another},红码,上访`, // 4: non_epidemic_reason
      `${badCheck},绿码,`, // 5: format
      `${third},紫码,`, // 6: colour
      '',
    ].join('\r\n'));

    const district = await suite.loggedIn('district', { viewport: DESKTOP });
    const { page } = district;
    await page.goto(`${base}/health-codes?tab=imports`);
    const card = page.getByTestId('hc-import');
    await card.waitFor();
    await card.locator('input[type=file]').setInputFiles(file);
    await card.getByTestId('hc-import-file-name').filter({ hasText: name }).waitFor();
    const answer = page.waitForResponse((r) => r.url() === `${base}/api/health-codes/imports` && r.request().method() === 'POST');
    await card.getByTestId('hc-import-submit').click();
    const res = await answer;
    expect(res.status()).toBe(201);
    const first = (await res.json()) as ImportResult;
    expect(first).toMatchObject({ fileName: name, rows: 6, applied: 1, unchanged: 0 });
    expect(first.errors).toEqual([
      { row: 2, column: '身份证号', code: 'not_found' },
      { row: 3, column: '身份证号', code: 'duplicate_in_file' },
      { row: 4, column: '原因', code: 'non_epidemic_reason' },
      { row: 5, column: '身份证号', code: 'format' },
      { row: 6, column: '健康码', code: 'colour' },
    ]);
    const summary = card.getByTestId('hc-import-summary');
    await summary.waitFor();
    const figure = (id: string) => summary.getByTestId(`hc-imp-${id}`).locator('strong').innerText();
    expect(await figure('rows')).toBe('6');
    expect(await figure('applied')).toBe('1');
    expect(await figure('unchanged')).toBe('0');
    expect(await figure('errors')).toBe('5');
    expect(await summary.getByTestId('hc-import-errors-title').innerText()).toBe('有问题的行（5 行），这些行没有导入');
    const errorRows = summary.getByTestId('hc-import-errors').getByTestId('hc-error');
    await expect.poll(() => errorRows.count()).toBe(5);
    const table = await errorRows.evaluateAll((els) => els.map((e) => [...e.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
    expect(table).toEqual([
      ['第 2 行', '身份证号', '本辖区没有这个人'],
      ['第 3 行', '身份证号', '表中重复'],
      ['第 4 行', '原因', '不是疫情防控原因，不能赋码'],
      ['第 5 行', '身份证号', '身份证号格式不对'],
      ['第 6 行', '健康码', '健康码颜色看不懂（应为绿码、黄码或红码）'],
    ]);
    // The file's header row is shown as 行 / 列 / 问题.
    expect(await summary.getByTestId('hc-import-errors').locator('thead th').allInnerTexts()).toEqual(['行', '列', '问题']);
    await suite.shot(page, 'import-desktop', true);

    // The past imports: this one on top with its counts (the demo's list of five days ago below it).
    const past = page.getByTestId('hc-imports-table').locator(`[data-testid="hc-import-item"][data-file="${name}"]`);
    await past.waitFor();
    expect(await past.getByTestId('hc-history-applied').innerText()).toBe('1');
    expect(await past.getByTestId('hc-history-errors').innerText()).toBe('5');
    expect(await past.innerText()).toContain('区指挥部值班员');
    expect(await page.getByTestId('hc-imports-table').getByTestId('hc-import-item').count()).toBeGreaterThanOrEqual(2);

    // The synthetic person is yellow now, from the upstream list.
    const mirrored = await detailOf(page, base, created.id);
    expect(mirrored).toMatchObject({ colour: 'yellow', reasonCode: 'close_contact', source: 'upstream' });
    expect(mirrored.history).toEqual([expect.objectContaining({ colour: 'yellow', previous: null, reasonCode: 'close_contact', source: 'upstream', by: null })]);
    await page.getByTestId('hc-tab-people').click();
    await page.getByTestId('hc-search').locator('input').fill('韦测码');
    await page.getByTestId('hc-search').locator('input').press('Enter');
    const row = personRow(page, created.id);
    await row.waitFor();
    expect(await row.getByTestId('hc-colour').getAttribute('data-colour')).toBe('yellow');
    expect(await row.getByTestId('hc-person-reason').innerText()).toBe('密切接触者');
    await row.getByTestId('hc-person-open').click();
    const drawer = page.getByRole('dialog', { name: `${created.nameMasked} 的健康码` });
    const item = drawer.getByTestId('hc-history-item');
    await item.first().waitFor();
    expect(await item.first().getByTestId('hc-history-change').innerText()).toBe('首次赋码：黄码');
    expect(await item.first().getByTestId('hc-history-reason').innerText()).toBe('密切接触者 · 上级导入');
    await drawer.getByRole('button', { name: '关闭' }).click();

    // The same file again: the person counts as unchanged, the refused rows are refused again.
    await page.getByTestId('hc-tab-imports').click();
    await card.locator('input[type=file]').setInputFiles(file);
    const again = page.waitForResponse((r) => r.url() === `${base}/api/health-codes/imports` && r.request().method() === 'POST');
    await card.getByTestId('hc-import-submit').click();
    expect((await (await again).json()) as ImportResult).toMatchObject({ rows: 6, applied: 0, unchanged: 1 });
    await expect.poll(() => card.getByTestId('hc-imp-unchanged').locator('strong').innerText()).toBe('1');
    expect((await detailOf(page, base, created.id)).history).toHaveLength(1);
    // The summary of the district: the last import is now.
    const s = await summaryOf(page, base);
    expect(Date.now() - Date.parse(s.lastImportAt!)).toBeLessThan(5 * 60_000);
    const found = await axeViolations(page);
    expect(found.length, describeViolations('health-code import (desktop)', found)).toBe(0);
    expect(district.problems).toEqual([]);
    expect(admin.problems).toEqual([]);
    expect(resident.problems).toEqual([]);
  });

  it('the demo resident on a phone sees 黄码 with its reason and appeals; a mobile number in the reason is refused by the dialog and by the server', async () => {
    const base = suite.base;
    const resident = await suite.loggedIn('resident', { viewport: PHONE });
    const { page } = resident;
    await page.getByRole('heading', { level: 1, name: '工作台' }).waitFor();
    const mine = await getJson<Mine>(page, base, '/api/me/health-code');
    expect(mine).toMatchObject({ colour: 'yellow', reasonZh: '中高风险地区旅居', appeal: null });
    const card = page.getByTestId('hc-mine');
    await card.waitFor();
    const block = card.getByTestId('hc-mine-block');
    expect(await block.getAttribute('data-colour')).toBe('yellow');
    expect(await card.getByTestId('hc-mine-colour').innerText()).toBe('黄码');
    expect(await card.getByTestId('hc-mine-reason').innerText()).toBe('原因：中高风险地区旅居');
    expect(await card.getByTestId('hc-mine-since').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} 起$/);
    expect(await card.getByTestId('hc-mine-change').count()).toBe(Math.min(5, mine.history.length));
    expect(await card.getByTestId('hc-mine-change').first().getAttribute('data-colour')).toBe('yellow');
    // The block's colour: yellow behind near-black words.
    expect(await block.evaluate((el) => (globalThis as unknown as { getComputedStyle: (e: unknown) => { backgroundColor: string } }).getComputedStyle(el).backgroundColor)).toBe('rgb(250, 219, 20)');
    await page.evaluate(SCROLL_TO_CARD);
    await suite.shot(page, 'resident-yellow-phone');

    await card.getByTestId('hc-mine-appeal-open').click();
    const dialog = page.getByRole('dialog', { name: '健康码申诉' });
    const reason = dialog.getByLabel('申诉理由');
    await reason.waitFor();
    expect((await dialog.boundingBox())!.width).toBeGreaterThan(PHONE.width - 2);
    await page.getByTestId('hc-mine-appeal-submit').click();
    await fieldOf(dialog, '申诉理由').getByText('请写明申诉理由').waitFor();
    await reason.fill('已回来');
    await page.getByTestId('hc-mine-appeal-submit').click();
    await fieldOf(dialog, '申诉理由').getByText('至少写 5 个字').waitFor();
    await reason.fill('已于上周从外地返回并完成三次核酸，请回电 13912345678');
    await page.getByTestId('hc-mine-appeal-submit').click();
    await fieldOf(dialog, '申诉理由').getByText('请勿填写手机号').waitFor();
    // The server refuses it too, on the field.
    const refused = await page.request.post(`${base}/api/me/health-code/appeals`, {
      headers: { 'x-csrf-token': await csrfToken(page, base) }, data: { reason: '已于上周从外地返回并完成三次核酸，请回电 13912345678' },
    });
    expect(refused.status()).toBe(400);
    expect(((await refused.json()) as { error: { details: Array<{ path: string; code: string }> } }).error.details).toEqual([expect.objectContaining({ path: 'body.reason', code: 'phone_not_allowed' })]);
    const text = '我已于 11 月 20 日从外地返回，居家健康监测期满，三次核酸均为阴性，健康码仍是黄码。';
    await reason.fill(text);
    await page.getByTestId('hc-mine-appeal-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('申诉已提交，区里核实后会通知您').first().waitFor();
    const state = card.getByTestId('hc-mine-appeal');
    await state.waitFor();
    expect(await state.getAttribute('data-status')).toBe('open');
    expect(await state.innerText()).toContain('申诉处理中');
    expect(await state.innerText()).toContain(`您的申诉：${text}`);
    expect(await card.getByTestId('hc-mine-appeal-open').count()).toBe(0);
    expect((await getJson<Mine>(page, base, '/api/me/health-code')).appeal).toMatchObject({ status: 'open', reason: text });
    expect(await scrollsSideways(page)).toBe(false);
    await page.evaluate(SCROLL_TO_CARD);
    await suite.shot(page, 'resident-appealed-phone');
    const found = await axeViolations(page);
    expect(found.length, describeViolations('resident health-code card (phone)', found)).toBe(0);
    expect(resident.problems).toEqual([]);
  });

  it('the district upholds the resident\'s appeal and rejects the phoned-in one with its reason; the resident then sees 绿码, the decision and the bell\'s line', async () => {
    const base = suite.base;
    const resident = await suite.loggedIn('resident', { viewport: PHONE });
    const residentId = await ownResidentId(resident.page, base);
    const district = await suite.loggedIn('district', { viewport: DESKTOP });
    const { page } = district;
    // The district was told of the new appeal, without a name.
    await page.getByTestId('notification-bell').click();
    await page.locator('[data-testid^="notification-"]').filter({ hasText: '有新的健康码申诉' }).first().click();
    await page.waitForURL(`${base}/health-codes?tab=appeals`);
    const open = await appealsOf(page, base, 'open');
    const mineAppeal = open.find((a) => a.residentId === residentId)!;
    const phoned = open.find((a) => a.residentId !== residentId)!;
    expect(mineAppeal, 'the resident\'s appeal').toBeDefined();
    expect(phoned, 'the phoned-in appeal').toBeDefined();
    const card = page.locator(`[data-testid="hc-appeal"][data-id="${mineAppeal.id}"]`);
    await card.waitFor();
    expect(await card.getByTestId('hc-appeal-colour').innerText()).toBe('黄码');
    await suite.shot(page, 'appeals-desktop', true);

    // 核实转绿, after one more question.
    await card.getByTestId('hc-uphold').click();
    await page.getByText(`核实 ${mineAppeal.nameMasked} 的申诉并转为绿码？`).waitFor();
    await confirmWith(page.getByTestId('hc-uphold-ok'));
    await page.getByText(`已核实，${mineAppeal.nameMasked} 已转为绿码`).first().waitFor();
    await card.waitFor({ state: 'detached' });
    const person = await detailOf(page, base, residentId);
    expect(person).toMatchObject({ colour: 'green', reasonCode: 'appeal_upheld', source: 'manual' });
    expect(person.history[0]).toMatchObject({ colour: 'green', previous: 'yellow', reasonCode: 'appeal_upheld', by: '区指挥部值班员' });

    // 驳回 needs its reason.
    const other = page.locator(`[data-testid="hc-appeal"][data-id="${phoned.id}"]`);
    await other.getByTestId('hc-reject').click();
    const dialog = page.getByRole('dialog', { name: `驳回申诉：${phoned.nameMasked}` });
    await dialog.getByLabel('驳回理由').waitFor();
    await page.getByTestId('hc-reject-submit').click();
    await fieldOf(dialog, '驳回理由').getByText('请写明驳回理由').waitFor();
    await dialog.getByLabel('驳回理由').fill('上级名单仍列为健康监测对象，请于期满后再申请');
    await page.getByTestId('hc-reject-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`已驳回 ${phoned.nameMasked} 的申诉`).first().waitFor();
    await other.waitFor({ state: 'detached' });
    await page.getByTestId('hc-appeal-filter').locator('label', { hasText: '已驳回' }).click();
    await page.waitForURL(/status=rejected/);
    const rejected = page.locator(`[data-testid="hc-appeal"][data-id="${phoned.id}"]`);
    await rejected.waitFor();
    expect(await rejected.getByTestId('hc-appeal-decision').innerText()).toContain('处理意见：上级名单仍列为健康监测对象，请于期满后再申请');
    expect((await appealsOf(page, base, 'open')).filter((a) => a.id === mineAppeal.id || a.id === phoned.id)).toEqual([]);
    expect(district.problems).toEqual([]);

    // The resident: green now, the appeal upheld, and the bell says so.
    const rp = resident.page;
    await rp.goto(`${base}/`);
    const mine = rp.getByTestId('hc-mine');
    await expect.poll(() => mine.getByTestId('hc-mine-block').getAttribute('data-colour')).toBe('green');
    expect(await mine.getByTestId('hc-mine-colour').innerText()).toBe('绿码');
    expect(await mine.getByTestId('hc-mine-reason').innerText()).toBe('原因：申诉核实后转绿');
    const state = mine.getByTestId('hc-mine-appeal');
    expect(await state.getAttribute('data-status')).toBe('upheld');
    expect(await state.innerText()).toContain('申诉已核实，已转为绿码');
    expect(await mine.getByTestId('hc-mine-appeal-open').count()).toBe(0);
    expect(await mine.getByTestId('hc-mine-change').first().getAttribute('data-colour')).toBe('green');
    await rp.evaluate(SCROLL_TO_CARD);
    await suite.shot(rp, 'resident-green-phone');
    expect(await scrollsSideways(rp)).toBe(false);
    const bell = rp.getByTestId('notification-bell');
    await expect.poll(() => bell.getAttribute('aria-label')).toMatch(/\d+ 条未读通知/);
    await bell.click();
    await rp.locator('[data-testid^="notification-"]').filter({ hasText: '您的健康码申诉已处理：核实后已转为绿码' }).first().waitFor();
    const found = await axeViolations(rp);
    expect(found.length, describeViolations('resident health-code card, green (phone)', found)).toBe(0);
    expect(resident.problems).toEqual([]);
  });
});
