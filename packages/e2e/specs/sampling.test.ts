// 核酸采样 (ADR 0079) in the browser, the management pages: the community secretary sees yesterday's closed round and
// today's open one as cards with their coverage, tube results and open retests, opens a round (a name already used is
// said on the name field) and closes it; adds a sampling site, and a change someone else made meanwhile is said as an
// error with the form showing the new values; opens yesterday's round — the coverage per grid, a grid's buildings and
// who is missing (masked, an audited list), the positive pool's tube and its ten people, a retest tube's 重复采样, the
// retests pending first; imports a lab sheet into a round whose tubes the test sent (walk-ins with synthetic,
// valid-checksum ID numbers): the results applied, the refused rows listed, the same sheet again changes nothing, and the
// bell tells of the positive single tube; the street office sees it all read-only and without names; a grid worker
// uses today's round on a phone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCnId } from '@renxing/shared';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, confirmWith, getJson, postJson, scrollsSideways } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

type Figures = { expected: number; sampled: number; coverage: number; tubes: number; people: number; pending: number; negative: number; positive: number; invalid: number; retestsOpen: number };
type Round = { id: string; name: string; roundDate: string; poolSize: number; status: 'open' | 'closed'; figures: Figures; version: number };
type Site = { id: string; name: string; address: string; stations: number; active: boolean; version: number };
type TubeRow = { id: string; barcode: string; poolSize: number; members: number; result: string };
type GridCov = { gridId: string; name: string; expected: number; sampled: number; away: number };
type BuildingCov = { buildingId: string; name: string; expected: number; sampled: number };
type Page_<T> = { items: T[]; total: number };
type Retest = { id: string; nameMasked: string; status: string; reason: string; sourceBarcode: string; retestBarcode: string | null };
type ResultImport = { fileName: string; rows: number; applied: number; unchanged: number; positives: number; invalids: number; errors: Array<{ row: number; column: string; code: string }> };

/** What the browser logs for the refusals the test provokes on purpose (a name already used, a stale version). */
const EXPECTED_409 = 'console.error: Failed to load resource: the server responded with a status of 409 (Conflict)';
const fmt = (n: number) => new Intl.NumberFormat('zh-CN').format(n);
/** The coverage as the pages write it: one decimal, rounded down, 100 only when complete. */
const percent = (s: number, e: number) => (e > 0 ? (s >= e ? 100 : Math.floor((s * 1000) / e) / 10) : null);

const allRounds = async (page: Page, base: string) => (await getJson<Page_<Round>>(page, base, '/api/sampling/rounds?pageSize=100')).items;
/** Yesterday's closed and today's open demo rounds (named like 12月4日全员核酸). */
async function demoRounds(page: Page, base: string): Promise<{ closed: Round; open: Round }> {
  const items = await allRounds(page, base);
  const closed = items.find((r) => r.status === 'closed' && /全员核酸$/.test(r.name));
  const open = items.find((r) => r.status === 'open' && /全员核酸$/.test(r.name));
  expect(closed, 'the demo seed holds a closed round').toBeDefined();
  expect(open, 'the demo seed holds an open round').toBeDefined();
  return { closed: closed!, open: open! };
}

const roundCard = (page: Page, name: string): Locator => page.locator(`[data-testid="smp-round"][data-name="${name}"]`);
/** A form's field (its .ant-form-item, where antd writes the field's message), by its label. */
const fieldOf = (scope: Locator, label: string): Locator => scope.locator('.ant-form-item').filter({ has: scope.page().getByLabel(label, { exact: true }) });

describe('nucleic acid sampling (核酸采样), the management pages', () => {
  const suite = e2eSuite('sampling');
  // Unique per run: the spec's server is fresh, but a deployment under RENXING_E2E_BASE_URL is not.
  const suffix = String(Date.now() % 100000);
  const NEW_ROUND = `复核演练 ${suffix}`;
  const NEW_SITE = `港湾小学采样点 ${suffix}`;

  it('the secretary sees both demo rounds with their coverage and results, opens a round (a name already used is said on its field) and closes it', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.getByRole('menuitem', { name: '核酸采样' }).click();
    await page.waitForURL(`${base}/sampling`);
    await page.getByRole('heading', { level: 1, name: '核酸采样' }).waitFor();

    const { closed, open } = await demoRounds(page, base);
    const items = await allRounds(page, base);
    const cards = page.getByTestId('smp-round-list').getByTestId('smp-round');
    await expect.poll(() => cards.count()).toBe(items.length);
    // Newest first: today's round before yesterday's.
    expect(open.roundDate > closed.roundDate).toBe(true);
    expect(await cards.first().getAttribute('data-name')).toBe(items[0]!.name);
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(items.map((r) => r.name));

    // Yesterday's: closed, 10 in 1, its coverage, the positive pool and the three still to retest in red.
    const y = roundCard(page, closed.name);
    expect(await y.getByTestId('smp-round-status').innerText()).toBe('已结束');
    expect(await y.getByTestId('smp-pool').innerText()).toBe('混采 10 合 1');
    expect(await y.getByTestId('smp-round-date').innerText()).toBe(`采样日期：${closed.roundDate}`);
    expect(await y.getByTestId('smp-coverage-text').innerText()).toBe(`已采 ${fmt(closed.figures.sampled)} / 应采 ${fmt(closed.figures.expected)} 人`);
    expect(await y.getByTestId('smp-coverage').innerText()).toContain(`${percent(closed.figures.sampled, closed.figures.expected)}%`);
    expect(closed.figures.positive).toBeGreaterThanOrEqual(1);
    expect(await y.getByTestId('smp-count-positive').innerText()).toBe(`阳性 ${fmt(closed.figures.positive)}`);
    expect(await y.getByTestId('smp-count-negative').innerText()).toBe(`阴性 ${fmt(closed.figures.negative)}`);
    expect(closed.figures.retestsOpen).toBe(3);
    expect(await y.getByTestId('smp-round-retests').innerText()).toBe('待复核 3 人');
    expect(await y.getByTestId('smp-round-retests').getAttribute('class')).toContain('rx-smp-alarm');
    // Today's: open, partly covered, results still to come.
    const tday = roundCard(page, open.name);
    expect(await tday.getByTestId('smp-round-status').innerText()).toBe('进行中');
    expect(open.figures.sampled).toBeGreaterThan(0);
    expect(open.figures.sampled).toBeLessThan(open.figures.expected);
    expect(await tday.getByTestId('smp-coverage-text').innerText()).toBe(`已采 ${fmt(open.figures.sampled)} / 应采 ${fmt(open.figures.expected)} 人`);
    expect(await tday.getByTestId('smp-count-pending').innerText()).toBe(`待出结果 ${fmt(open.figures.pending)}`);
    expect(await tday.getByTestId('smp-round-retests').count()).toBe(0);
    await suite.shot(page, 'rounds-desktop');
    // The secretary also samples: 去采样 leads to the station.
    expect(await page.getByTestId('smp-to-station').innerText()).toMatch(/去采样$/);

    // The filter: 已结束 lists yesterday's only.
    await page.getByTestId('smp-round-filter').getByText('已结束', { exact: true }).click();
    await page.waitForURL(/status=closed/);
    await expect.poll(async () => new Set(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))))).toEqual(new Set(['closed']));
    await roundCard(page, closed.name).waitFor();
    await page.getByTestId('smp-round-filter').getByText('全部', { exact: true }).click();
    await page.waitForURL(`${base}/sampling`);

    // 新建轮次: today by default, 10 in 1 by default; the name is required; a name already used is said on its field.
    await page.getByTestId('smp-round-new').click();
    const form = page.getByRole('dialog', { name: '新建采样轮次' });
    await form.getByLabel('轮次名称').waitFor();
    const localToday = await page.evaluate<string>('(() => { const d = new Date(); const p = (n) => String(n).padStart(2, "0"); return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate()); })()');
    expect(await form.getByLabel('采样日期').inputValue()).toBe(localToday);
    const pools = form.getByRole('radiogroup', { name: '混采方式' });
    expect(await pools.getByRole('radio', { name: '混采 10 合 1' }).isChecked()).toBe(true);
    expect(await pools.getByRole('radio').count()).toBe(4);
    await page.getByTestId('smp-round-submit').click();
    await form.getByText('请填写轮次名称').waitFor();
    await form.getByLabel('轮次名称').fill(closed.name);
    await page.getByTestId('smp-round-submit').click();
    await fieldOf(form, '轮次名称').getByText('同名采样轮次已存在').waitFor();
    await form.getByLabel('轮次名称').fill(NEW_ROUND);
    await pools.locator('label', { hasText: '混采 5 合 1' }).click();
    await form.getByLabel('备注（选填）').fill('演练：复核人员单管采样');
    await page.getByTestId('smp-round-submit').click();
    await form.waitFor({ state: 'detached' });
    await page.getByText(`已新建采样轮次：${NEW_ROUND}`).first().waitFor();
    const card = roundCard(page, NEW_ROUND);
    await card.waitFor();
    expect(await card.getByTestId('smp-round-status').innerText()).toBe('进行中');
    expect(await card.getByTestId('smp-pool').innerText()).toBe('混采 5 合 1');
    const created = (await allRounds(page, base)).find((r) => r.name === NEW_ROUND)!;
    expect(created).toMatchObject({ poolSize: 5, status: 'open', roundDate: localToday, version: 1 });
    expect(await card.getByTestId('smp-coverage-text').innerText()).toBe(`已采 0 / 应采 ${fmt(created.figures.expected)} 人`);

    // Its page, and 结束采样 (with the version seen).
    await card.getByTestId('smp-round-link').click();
    await page.waitForURL(`${base}/sampling/rounds/${created.id}`);
    await page.getByRole('heading', { level: 1, name: NEW_ROUND }).waitFor();
    expect(await page.getByTestId('smp-round-note').innerText()).toBe('备注：演练：复核人员单管采样');
    await page.getByTestId('smp-round-close').click();
    await page.getByText('结束这一轮采样？').waitFor();
    await confirmWith(page.getByTestId('smp-round-close-ok'));
    await page.getByText(`已结束采样：${NEW_ROUND}`).first().waitFor();
    await expect.poll(() => page.getByTestId('smp-round-status').innerText()).toBe('已结束');
    await page.getByTestId('smp-round-closed-note').waitFor();
    expect(await page.getByTestId('smp-round-close').count()).toBe(0);
    expect((await allRounds(page, base)).find((r) => r.id === created.id)).toMatchObject({ status: 'closed', version: 2 });
    expect(admin.problems.filter((p) => p !== EXPECTED_409)).toEqual([]);
  });

  it('sites: the secretary adds one (a name already used is said on its field); a change someone made meanwhile is said as an error and the form shows it', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.goto(`${base}/sampling?tab=sites`);
    const rows = page.getByTestId('smp-site-table').getByTestId('smp-site');
    const sites = (await getJson<{ items: Site[] }>(page, base, '/api/sampling/sites')).items;
    await expect.poll(() => rows.count()).toBe(sites.length);
    const row = (name: string) => page.locator(`[data-testid="smp-site"][data-name="${name}"]`);
    expect(await row('社区服务中心采样点').getByTestId('smp-site-stations').innerText()).toBe('4');
    expect(await row('海滨广场采样点').getByTestId('smp-site-stations').innerText()).toBe('2');
    expect(await row('海滨广场采样点').getByTestId('smp-site-active').innerText()).toBe('使用中');

    await page.getByTestId('smp-site-new').click();
    const form = page.getByRole('dialog', { name: '新增采样点' });
    await form.getByLabel('名称').waitFor();
    await form.getByLabel('名称').fill('');
    await page.getByTestId('smp-site-submit').click();
    await form.getByText('请填写名称').waitFor();
    await form.getByText('请填写地址').waitFor();
    await form.getByLabel('名称').fill('社区服务中心采样点');
    await form.getByLabel('地址').fill('港湾小学南门');
    await form.getByLabel('采样台数量').fill('3');
    await page.getByTestId('smp-site-submit').click();
    await fieldOf(form, '名称').getByText('同名采样点已存在').waitFor();
    await form.getByLabel('名称').fill(NEW_SITE);
    await page.getByTestId('smp-site-submit').click();
    await form.waitFor({ state: 'detached' });
    await page.getByText(`已新增采样点：${NEW_SITE}`).first().waitFor();
    await row(NEW_SITE).waitFor();
    expect(await row(NEW_SITE).getByTestId('smp-site-stations').innerText()).toBe('3');
    expect(await row(NEW_SITE).getByTestId('smp-site-address').innerText()).toBe('港湾小学南门');

    // Someone else changes it while the secretary's dialog is open.
    await row(NEW_SITE).getByTestId('smp-site-edit').click();
    const edit = page.getByRole('dialog', { name: `编辑采样点：${NEW_SITE}` });
    await edit.getByLabel('采样台数量').waitFor();
    const mine = (await getJson<{ items: Site[] }>(page, base, '/api/sampling/sites')).items.find((s) => s.name === NEW_SITE)!;
    await postJson(page, base, `/api/sampling/sites/${mine.id}/update`, { stations: 5, version: mine.version });
    await edit.getByLabel('采样台数量').fill('6');
    await page.getByTestId('smp-site-submit').click();
    const conflict = edit.getByTestId('smp-site-conflict');
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain('刚才有人修改过，页面已显示最新内容，请核对后再保存');
    expect(await conflict.getAttribute('class')).toContain('ant-alert-error');
    await expect.poll(() => edit.getByLabel('采样台数量').inputValue()).toBe('5');
    // Checked again and saved: 6 stations, no longer in use.
    await edit.getByLabel('采样台数量').fill('6');
    await edit.getByRole('radiogroup', { name: '状态' }).locator('label', { hasText: '已停用' }).click();
    await page.getByTestId('smp-site-submit').click();
    await edit.waitFor({ state: 'detached' });
    await page.getByText(`已保存：${NEW_SITE}`).first().waitFor();
    await expect.poll(() => row(NEW_SITE).getByTestId('smp-site-stations').innerText()).toBe('6');
    expect(await row(NEW_SITE).getByTestId('smp-site-active').innerText()).toBe('已停用');
    expect((await getJson<{ items: Site[] }>(page, base, '/api/sampling/sites')).items.find((s) => s.name === NEW_SITE)).toMatchObject({ stations: 6, active: false, version: 3 });
    expect(admin.problems.filter((p) => p !== EXPECTED_409)).toEqual([]);
  });

  it('yesterday\'s round: the figures, the coverage per grid, a grid\'s buildings and who is missing (masked), the positive pool\'s people, the retests pending first', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    const { closed } = await demoRounds(page, base);
    await page.goto(`${base}/sampling`);
    await roundCard(page, closed.name).getByTestId('smp-round-link').click();
    await page.waitForURL(`${base}/sampling/rounds/${closed.id}`);
    await page.getByRole('heading', { level: 1, name: closed.name }).waitFor();
    const fig = async (id: string) => page.getByTestId(`smp-fig-${id}`).locator('strong').innerText();
    const f = closed.figures;
    expect(await fig('expected')).toBe(fmt(f.expected));
    expect(await fig('sampled')).toBe(fmt(f.sampled));
    expect(await fig('coverage')).toBe(`${percent(f.sampled, f.expected)}%`);
    expect(await fig('tubes')).toBe(fmt(f.tubes));
    expect(await fig('people')).toBe(fmt(f.people));
    expect(await fig('positive')).toBe(fmt(f.positive));
    expect(await fig('negative')).toBe(fmt(f.negative));
    expect(await fig('pending')).toBe('0');
    expect(await fig('retests')).toBe('3');
    // Closed: no 结束采样, and the page says what still works.
    expect(await page.getByTestId('smp-round-close').count()).toBe(0);
    expect(await page.getByTestId('smp-round-closed-note').innerText()).toContain('检测结果仍可导入');

    // 覆盖情况: one row per grid as the server counts them.
    const cov = await getJson<{ grids: GridCov[] }>(page, base, `/api/sampling/rounds/${closed.id}/coverage`);
    const gridRows = page.getByTestId('smp-grid-table').getByTestId('smp-grid');
    await expect.poll(() => gridRows.count()).toBe(cov.grids.length);
    for (const g of cov.grids) {
      const r = page.locator(`[data-testid="smp-grid"][data-name="${g.name}"]`);
      expect(await r.getByTestId('smp-cov-expected').innerText()).toBe(fmt(g.expected));
      expect(await r.getByTestId('smp-cov-sampled').innerText()).toBe(fmt(g.sampled));
      expect(await r.getByTestId('smp-cov-away').innerText()).toBe(fmt(g.away));
      expect(await r.getByTestId('smp-coverage').innerText()).toContain(`${percent(g.sampled, g.expected)}%`);
    }
    // The grid with the most people missing: its buildings and who is missing.
    const grid = [...cov.grids].sort((a, b) => (b.expected - b.sampled) - (a.expected - a.sampled))[0]!;
    expect(grid.expected - grid.sampled).toBeGreaterThan(0);
    await page.locator(`[data-testid="smp-grid"][data-name="${grid.name}"]`).getByTestId('smp-grid-open').click();
    await page.waitForURL(new RegExp(`grid=${grid.gridId}`));
    const inGrid = await getJson<{ buildings: BuildingCov[] }>(page, base, `/api/sampling/rounds/${closed.id}/coverage?gridId=${grid.gridId}`);
    const buildingRows = page.getByTestId('smp-building-table').getByTestId('smp-building');
    await expect.poll(() => buildingRows.count()).toBe(inGrid.buildings.length);
    expect(inGrid.buildings.reduce((n, b) => n + b.expected, 0)).toBe(grid.expected);
    const missingCard = page.getByTestId('smp-missing');
    expect(await missingCard.getByRole('heading', { level: 2 }).innerText()).toBe(`未采样名单：${grid.name}`);
    expect(await missingCard.getByTestId('smp-missing-audited').innerText()).toContain('查看名单会被记录');
    const missing = await getJson<Page_<{ nameMasked: string }>>(page, base, `/api/sampling/rounds/${closed.id}/missing?gridId=${grid.gridId}`);
    expect(missing.total).toBe(grid.expected - grid.sampled);
    await expect.poll(() => missingCard.getByTestId('smp-missing-total').innerText()).toBe(`共 ${fmt(missing.total)} 人未采样`);
    const names = missingCard.getByTestId('smp-missing-name');
    await expect.poll(() => names.count()).toBe(Math.min(20, missing.total));
    for (const n of await names.allInnerTexts()) expect(n).toMatch(/^\S\*+$/);
    expect(await names.allInnerTexts()).toEqual(missing.items.map((m) => m.nameMasked));
    await page.evaluate('window.scrollTo(0, 0)');
    await suite.shot(page, 'round-desktop');
    const found = await axeViolations(page);
    expect(found.length, describeViolations('sampling round, coverage (desktop)', found)).toBe(0);
    // One building of it: its own missing list.
    const building = inGrid.buildings.find((b) => b.expected > b.sampled)!;
    await page.locator(`[data-testid="smp-building"][data-name="${building.name}"]`).getByTestId('smp-building-open').click();
    await page.waitForURL(new RegExp(`building=${building.buildingId}`));
    await expect.poll(() => missingCard.getByTestId('smp-missing-total').innerText()).toBe(`共 ${fmt(building.expected - building.sampled)} 人未采样`);
    expect(await missingCard.getByRole('heading', { level: 2 }).innerText()).toBe(`未采样名单：${grid.name} ${building.name}`);

    // 试管: the positive pool by the result filter and its barcode, then its ten people in the drawer.
    await page.getByTestId('smp-tab-tubes').click();
    await page.waitForURL(/tab=tubes/);
    const positives = await getJson<Page_<TubeRow>>(page, base, `/api/sampling/rounds/${closed.id}/tubes?result=positive`);
    const pool = positives.items.find((t) => t.poolSize === 10)!;
    expect(pool.members).toBe(10);
    const tubeRows = page.getByTestId('smp-tube-table').getByTestId('smp-tube');
    await chooseOption(page, page.getByRole('combobox', { name: '检测结果' }), '阳性');
    await page.waitForURL(/result=positive/);
    await expect.poll(async () => new Set(await tubeRows.evaluateAll((els) => els.map((e) => e.getAttribute('data-result'))))).toEqual(new Set(['positive']));
    await page.getByLabel('试管编码').fill(pool.barcode);
    await page.getByLabel('试管编码').press('Enter');
    await page.waitForURL(new RegExp(`q=${pool.barcode}`));
    await expect.poll(() => tubeRows.count()).toBe(1);
    expect(await tubeRows.first().getAttribute('data-barcode')).toBe(pool.barcode);
    expect(await tubeRows.first().getByTestId('smp-tube-fill').innerText()).toBe('10/10 人');
    await tubeRows.first().getByTestId('smp-tube-open').click();
    const drawer = page.getByRole('dialog', { name: `试管 ${pool.barcode}` });
    const people = drawer.getByTestId('smp-tube-person');
    await expect.poll(() => people.count()).toBe(10);
    expect(await drawer.getByText('管内人员（10 人）').count()).toBe(1);
    for (const n of await drawer.getByTestId('smp-person-name').allInnerTexts()) expect(n).toMatch(/^\S\*+$/);
    for (const id of await drawer.getByTestId('smp-person-id').allInnerTexts()) expect(id).toMatch(/\*{4,}/);
    expect(await drawer.getByTestId('smp-result').innerText()).toBe('阳性');
    await drawer.getByRole('button', { name: '关闭' }).click();
    await drawer.waitFor({ state: 'detached' });
    // A retest tube (single, this morning): its person was in the pool, so 重复采样.
    const retests = await getJson<Page_<Retest>>(page, base, `/api/sampling/rounds/${closed.id}/retests`);
    const sampledAgain = retests.items.find((r) => r.retestBarcode)!;
    await page.getByLabel('试管编码').fill(sampledAgain.retestBarcode!);
    await page.getByLabel('试管编码').press('Enter');
    await chooseOption(page, page.getByRole('combobox', { name: '检测结果' }), '全部结果');
    await expect.poll(async () => (await tubeRows.count()) === 1 && (await tubeRows.first().getAttribute('data-barcode'))).toBe(sampledAgain.retestBarcode);
    await tubeRows.first().getByTestId('smp-tube-open').click();
    const single = page.getByRole('dialog', { name: `试管 ${sampledAgain.retestBarcode}` });
    await single.getByTestId('smp-tube-person').waitFor();
    expect(await single.getByTestId('smp-person-repeat').innerText()).toBe('重复采样');
    expect(await single.getByTestId('smp-tube-pool').innerText()).toBe('1/1 人 · 单采');
    await single.getByRole('button', { name: '关闭' }).click();
    await single.waitFor({ state: 'detached' });

    // 复核: the ten people of the pool, the three still to retest first, in red.
    await page.getByTestId('smp-tab-retests').click();
    await page.waitForURL(/tab=retests/);
    expect(retests.total).toBe(10);
    const rr = page.getByTestId('smp-retest-table').getByTestId('smp-retest');
    await expect.poll(() => rr.count()).toBe(10);
    expect(await rr.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual([...Array(3).fill('pending'), ...Array(7).fill('negative')]);
    expect(await rr.first().getByTestId('smp-retest-status').innerText()).toBe('待复核');
    expect(await rr.first().getByTestId('smp-reason').innerText()).toBe('混管阳性');
    expect(await rr.first().getByTestId('smp-retest-source').innerText()).toBe(pool.barcode);
    expect(await rr.first().getByTestId('smp-retest-barcode').innerText()).toBe('—');
    expect(await rr.first().getByTestId('smp-retest-name').innerText()).toMatch(/^\S\*+$/);
    expect(await rr.first().getByTestId('smp-retest-id').innerText()).toMatch(/\*{4,}/);
    expect(await rr.nth(3).getByTestId('smp-retest-barcode').innerText()).toMatch(/^R\d+$/);
    await page.getByTestId('smp-retest-filter').getByText('待复核', { exact: true }).click();
    await page.waitForURL(/status=pending/);
    await expect.poll(() => rr.count()).toBe(3);
    expect(await page.getByTestId('smp-retests-total').innerText()).toBe('共 3 人');

    // 检测结果: the lab's sheet of yesterday in the history.
    await page.getByTestId('smp-tab-results').click();
    await page.waitForURL(/tab=results/);
    await page.getByTestId('smp-import').waitFor();
    const history = page.getByTestId('smp-history-table').getByTestId('smp-history-item');
    await expect.poll(() => history.count()).toBe(1);
    expect(await history.first().getByTestId('smp-history-file').innerText()).toBe(`检测结果-${closed.roundDate}.xlsx`);
    expect(admin.problems).toEqual([]);
  });

  it('the secretary imports a lab sheet: results applied, refused rows listed, the same sheet again changes nothing; the bell tells of the positive tube', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    const { open } = await demoRounds(page, base);
    const round = await postJson<Round>(page, base, '/api/sampling/rounds', { name: `结果导入 ${suffix}`, roundDate: open.roundDate, poolSize: 5 });
    const site = (await getJson<{ items: Site[] }>(page, base, '/api/sampling/sites')).items.find((s) => s.name === '社区服务中心采样点')!;
    // Walk-ins (not registered here): synthetic, valid-checksum ID numbers and names.
    const walkIn = (birth: string, seq: number, name: string) => ({ idNumber: makeCnId('330921', birth, seq), name });
    const pooled = `E2E${suffix}P5`;
    const single = `E2E${suffix}S1`;
    await postJson(page, base, `/api/sampling/rounds/${round.id}/tubes`, {
      barcode: pooled, siteId: site.id, station: 1, poolSize: 5, members: [walkIn('1988-08-08', 501, '林测试'), walkIn('1995-12-12', 502, '何演示')],
    }, { 'Idempotency-Key': `e2e-${suffix}-pooled` });
    await postJson(page, base, `/api/sampling/rounds/${round.id}/tubes`, {
      barcode: single, siteId: site.id, station: 2, poolSize: 1, members: [walkIn('1977-07-07', 503, '许样例')],
    }, { 'Idempotency-Key': `e2e-${suffix}-single` });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-smp-'));
    const file = path.join(dir, `lab-${suffix}.csv`);
    fs.writeFileSync(file, ['试管编码,检测结果', `${pooled},阴性`, `${single},阳性`, `E2ENOSUCH${suffix},阴性`, `${pooled},阳性`, ',阴性', ''].join('\r\n'));

    await page.goto(`${base}/sampling/rounds/${round.id}?tab=results`);
    const card = page.getByTestId('smp-import');
    await card.waitFor();
    await page.getByTestId('smp-history').getByText('还没有导入过检测结果').waitFor();
    await card.locator('input[type=file]').setInputFiles(file);
    await card.getByTestId('smp-import-file-name').filter({ hasText: `lab-${suffix}.csv` }).waitFor();
    const answer = page.waitForResponse((r) => r.url().endsWith(`/api/sampling/rounds/${round.id}/results`) && r.request().method() === 'POST');
    await card.getByTestId('smp-import-submit').click();
    const first = (await (await answer).json()) as ResultImport;
    expect(first).toMatchObject({ rows: 5, applied: 2, unchanged: 0, positives: 1, invalids: 0 });
    expect(first.errors.map((e) => e.code).sort()).toEqual(['duplicate_in_file', 'required', 'unknown_tube']);
    const summary = card.getByTestId('smp-import-summary');
    await summary.waitFor();
    const figure = async (id: string) => summary.getByTestId(`smp-imp-${id}`).locator('strong').innerText();
    expect(await figure('rows')).toBe('5');
    expect(await figure('applied')).toBe('2');
    expect(await figure('unchanged')).toBe('0');
    expect(await figure('positives')).toBe('1');
    expect(await figure('invalids')).toBe('0');
    expect(await summary.getByTestId('smp-import-recalled').count()).toBe(1);
    expect(await summary.getByTestId('smp-import-errors-title').innerText()).toBe('有问题的行（3 行），这些行没有导入');
    const errorRows = summary.getByTestId('smp-import-errors').getByTestId('smp-error');
    await expect.poll(() => errorRows.count()).toBe(3);
    for (const [i, e] of first.errors.entries()) {
      const r = errorRows.nth(i);
      expect(await r.getByTestId('smp-error-row').innerText()).toBe(`第 ${e.row} 行`);
      expect(await r.getByTestId('smp-error-column').innerText()).toBe(e.column);
      expect(await r.getByTestId('smp-error-code').getAttribute('data-code')).toBe(e.code);
    }
    expect(await summary.locator('[data-code="unknown_tube"]').innerText()).toBe('本轮没有这个试管');
    expect(await summary.locator('[data-code="duplicate_in_file"]').innerText()).toBe('表中重复');
    await suite.shot(page, 'results-desktop', true);
    // The history, and the tubes' results.
    const history = page.getByTestId('smp-history-table').locator(`[data-testid="smp-history-item"][data-file="lab-${suffix}.csv"]`);
    await history.waitFor();
    expect(await history.getByTestId('smp-history-applied').innerText()).toBe('2');
    expect(await history.getByTestId('smp-history-errors').innerText()).toBe('3');
    await expect.poll(() => page.getByTestId('smp-fig-positive').locator('strong').innerText()).toBe('1');
    expect(await page.getByTestId('smp-fig-negative').locator('strong').innerText()).toBe('1');

    // The same sheet again: nothing changes.
    await card.locator('input[type=file]').setInputFiles(file);
    const again = page.waitForResponse((r) => r.url().endsWith(`/api/sampling/rounds/${round.id}/results`) && r.request().method() === 'POST');
    await card.getByTestId('smp-import-submit').click();
    expect((await (await again).json()) as ResultImport).toMatchObject({ applied: 0, unchanged: 2, positives: 0 });
    await expect.poll(() => figure('unchanged')).toBe('2');
    expect(await figure('applied')).toBe('0');
    await expect.poll(() => page.getByTestId('smp-history-table').getByTestId('smp-history-item').count()).toBe(2);

    await page.getByTestId('smp-tab-tubes').click();
    const tube = page.locator(`[data-testid="smp-tube"][data-barcode="${single}"]`);
    await tube.waitFor();
    expect(await tube.getAttribute('data-result')).toBe('positive');
    expect(await tube.getByTestId('smp-result').innerText()).toBe('阳性');
    expect(await page.locator(`[data-testid="smp-tube"][data-barcode="${pooled}"]`).getAttribute('data-result')).toBe('negative');

    // The bell: the positive single tube, no name; it opens the round's 复核 tab.
    await page.goto(`${base}/`);
    await page.getByTestId('notification-bell').click();
    const notice = page.locator('[data-testid^="notification-"]').filter({ hasText: single }).first();
    await notice.waitFor();
    expect(await notice.innerText()).toContain(`单管阳性：试管 ${single}，请立即处置`);
    await notice.click();
    await page.waitForURL(`${base}/sampling/rounds/${round.id}?tab=retests`);
    await page.getByRole('heading', { level: 1, name: `结果导入 ${suffix}` }).waitFor();
    await page.getByTestId('smp-retests').waitFor();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(admin.problems).toEqual([]);
  });

  it('the street office sees 核酸采样 read-only: the rounds and figures, no names, nothing to change', async () => {
    const base = suite.base;
    const street = await suite.loggedIn('street', { viewport: DESKTOP });
    const { page } = street;
    await page.getByRole('menuitem', { name: '核酸采样' }).click();
    await page.waitForURL(`${base}/sampling`);
    const { closed } = await demoRounds(page, base);
    await roundCard(page, closed.name).waitFor();
    expect(await page.getByTestId('smp-round-new').count()).toBe(0);
    expect(await page.getByTestId('smp-to-station').count()).toBe(0);
    await page.getByTestId('smp-tab-sites').click();
    await page.getByTestId('smp-sites-read-only').waitFor();
    await page.locator('[data-testid="smp-site"][data-name="社区服务中心采样点"]').waitFor();
    expect(await page.getByTestId('smp-site-new').count()).toBe(0);
    expect(await page.getByTestId('smp-site-edit').count()).toBe(0);

    await page.goto(`${base}/sampling/rounds/${closed.id}`);
    await page.getByRole('heading', { level: 1, name: closed.name }).waitFor();
    expect(await page.getByTestId('smp-fig-expected').locator('strong').innerText()).toBe(fmt(closed.figures.expected));
    expect(await page.getByTestId('smp-round-close').count()).toBe(0);
    // The figures per grid, but not who is missing.
    const firstGrid = page.getByTestId('smp-grid-table').getByTestId('smp-grid-open').first();
    await firstGrid.click();
    await page.getByTestId('smp-buildings').waitFor();
    await page.getByTestId('smp-missing-not-yours').waitFor();
    expect(await page.getByTestId('smp-missing').count()).toBe(0);
    expect((await page.request.get(`${base}/api/sampling/rounds/${closed.id}/missing`)).status()).toBe(403);
    // Tubes without their people; no retest list; no import.
    await page.getByTestId('smp-tab-tubes').click();
    await page.getByTestId('smp-tube-table').getByTestId('smp-tube').first().waitFor();
    expect(await page.getByTestId('smp-tube-open').count()).toBe(0);
    await page.getByTestId('smp-tab-retests').click();
    expect(await page.getByTestId('smp-retests-not-yours').innerText()).toContain('这一轮有 3 人待复核');
    await page.getByTestId('smp-tab-results').click();
    await page.getByTestId('smp-import-not-yours').waitFor();
    expect(await page.getByTestId('smp-import').count()).toBe(0);
    await page.getByTestId('smp-history-table').getByTestId('smp-history-item').first().waitFor();
    expect(street.problems).toEqual([]);
  });

  it('a grid worker on a phone: today\'s round — figures, the grid\'s missing list as cards, the tubes; nothing wider than the screen', async () => {
    const base = suite.base;
    const grid = await suite.loggedIn('grid1', { viewport: PHONE });
    const { page } = grid;
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('menuitem', { name: '核酸采样' }).click();
    await page.waitForURL(`${base}/sampling`);
    const { open } = await demoRounds(page, base);
    // A grid worker samples too (去采样), but neither opens nor closes rounds.
    await page.getByTestId('smp-to-station').waitFor();
    expect(await page.getByTestId('smp-round-new').count()).toBe(0);
    await roundCard(page, open.name).getByTestId('smp-round-link').click();
    await page.waitForURL(`${base}/sampling/rounds/${open.id}`);
    await page.getByRole('heading', { level: 1, name: open.name }).waitFor();
    expect(await page.getByTestId('smp-round-close').count()).toBe(0);
    expect(await page.getByTestId('smp-fig-sampled').locator('strong').innerText()).toBe(fmt(open.figures.sampled));
    expect(await scrollsSideways(page)).toBe(false);

    // The grids as cards; the worker's own grid has people missing.
    const cov = await getJson<{ grids: GridCov[] }>(page, base, `/api/sampling/rounds/${open.id}/coverage`);
    const cards = page.getByTestId('smp-grid-list').getByTestId('smp-grid');
    await expect.poll(() => cards.count()).toBe(cov.grids.length);
    const own = cov.grids.find((g) => g.name === '第一网格') ?? cov.grids[0]!;
    const ownCard = page.locator(`[data-testid="smp-grid"][data-name="${own.name}"]`);
    expect(await ownCard.getByTestId('smp-grid-figures').innerText()).toContain(`应采 ${fmt(own.expected)} 人 · 已采 ${fmt(own.sampled)} 人`);
    await ownCard.getByTestId('smp-grid-open').click();
    await page.waitForURL(new RegExp(`grid=${own.gridId}`));
    const missing = await getJson<Page_<{ nameMasked: string; suggestDoorToDoor: boolean }>>(page, base, `/api/sampling/rounds/${open.id}/missing?gridId=${own.gridId}`);
    expect(missing.total).toBeGreaterThan(0);
    const rows = page.getByTestId('smp-missing-list').getByTestId('smp-missing-row');
    await expect.poll(() => rows.count()).toBe(Math.min(20, missing.total));
    expect(await rows.getByTestId('smp-missing-name').allInnerTexts()).toEqual(missing.items.map((m) => m.nameMasked));
    expect(await rows.getByTestId('smp-door').count()).toBe(missing.items.filter((m) => m.suggestDoorToDoor).length);
    expect(await scrollsSideways(page)).toBe(false);
    await page.evaluate('window.scrollTo(0, 0)');
    await suite.shot(page, 'round-phone');
    const found = await axeViolations(page);
    expect(found.length, describeViolations('sampling round (phone)', found)).toBe(0);

    // The tubes as cards, results still to come.
    await page.getByTestId('smp-tab-tubes').click();
    const tubes = page.getByTestId('smp-tube-list').getByTestId('smp-tube');
    await tubes.first().waitFor();
    expect(await tubes.first().getAttribute('data-result')).toBe('pending');
    expect(await scrollsSideways(page)).toBe(false);
    expect(grid.problems).toEqual([]);
  });
});
