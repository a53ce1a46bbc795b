// 物资保障 (ADR 0075) in the browser: the community secretary records a donation (the donor is required: said on the
// field) and sees the stock rise and the ledger say it; an issue the shelf cannot cover is refused on the quantity
// field; the secretary compares the four rules for a round of rice for grid 1 — the figures as the server gives them —
// opens it under 加权公平, and a grid worker on a phone opens it from the bell and marks a household delivered (自取),
// the line replaced in place and the progress moving; a delivery someone else made meanwhile is said (409); the
// secretary closes the round and sees what went back to the shelf.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, confirmWith, csrfToken, getJson as getJsonAs, scrollsSideways } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

type StockRow = { itemId: string; name: string; unit: string; quantity: number };
type Warehouse = { id: string; name: string; orgName: string; stock: StockRow[] };
type Round = {
  id: string; title: string; status: string; households: number; servedHouseholds: number; allocated: number; delivered: number; deliveredHouseholds: number;
  rule: string; returned: number | null; version: number; grids: Array<{ gridId: string; gridName: string; households: number; served: number; delivered: number }>;
};
type Line = { id: string; headMasked: string; status: string; quantity: number; version: number };
type Preview = { households: number; vulnerableHouseholds: number; options: Array<{ rule: string; allocated: number; servedInFull: number; vulnerableServedInFull: number; gettingNothing: number; minShare: number | null }> };

/** What the browser logs for the refusals the test provokes on purpose (an issue above the stock, a stale delivery). */
const EXPECTED_409 = 'console.error: Failed to load resource: the server responded with a status of 409 (Conflict)';
const COMMUNITY_WAREHOUSE = '社区应急物资储备点';

const getJson = <T,>(page: Page, base: string, path: string) => getJsonAs<T>(page, base, path, { 'X-Purpose': 'service.assistance' });

const warehouses = async (page: Page, base: string) => (await getJson<{ items: Warehouse[] }>(page, base, '/api/supplies/warehouses')).items;
const onShelf = async (page: Page, base: string, warehouse: string, item: string) =>
  (await warehouses(page, base)).find((w) => w.name === warehouse)?.stock.find((s) => s.name === item)?.quantity ?? 0;

/** A warehouse's card, by its name (the card's heading, exactly). */
const cardOf = (page: Page, name: string): Locator =>
  page.getByTestId('sup-warehouse').filter({ has: page.getByRole('heading', { level: 2, name, exact: true }) });

describe('supplies (物资保障)', () => {
  const suite = e2eSuite('supplies');
  // Unique per run: the spec's server is fresh, but a deployment under RENXING_E2E_BASE_URL is not.
  const title = `12月爱心大米发放 ${Date.now() % 100000}`;
  let roundId = '';

  it('the secretary records a donation and sees the stock rise; the donor is required, and an issue above the stock is refused on its field', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.getByRole('menuitem', { name: '物资保障' }).click();
    await page.waitForURL(`${base}/supplies`);
    await page.getByRole('heading', { level: 1, name: '物资保障' }).waitFor();

    // The warehouses the secretary sees, as the server lists them, one card each.
    const list = await warehouses(page, base);
    expect(list.map((w) => w.name)).toContain(COMMUNITY_WAREHOUSE);
    const cards = page.getByTestId('sup-warehouse');
    await expect.poll(() => cards.count()).toBe(list.length);
    const card = cardOf(page, COMMUNITY_WAREHOUSE);
    const before = await onShelf(page, base, COMMUNITY_WAREHOUSE, '口罩');
    const masksRow = card.locator('[data-testid="sup-stock-row"][data-item="口罩"]');
    expect(await masksRow.getByTestId('sup-stock-qty').innerText()).toBe(before.toLocaleString('zh-CN'));

    // 接收捐赠: the donor is required.
    await card.getByTestId('sup-move-donation').click();
    const form = page.getByRole('dialog', { name: `接收捐赠：${COMMUNITY_WAREHOUSE}` });
    await form.getByLabel('物资').waitFor();
    await chooseOption(page, form.getByLabel('物资'), '口罩');
    await form.getByTestId('sup-move-onshelf').waitFor();
    expect(await form.getByTestId('sup-move-onshelf').innerText()).toBe(`现有库存：${before.toLocaleString('zh-CN')} 只`);
    await form.getByLabel('数量').fill('300');
    await page.getByTestId('sup-move-submit').click();
    await form.getByText('请填写捐赠方').waitFor();
    await form.getByLabel('捐赠方').fill('爱心人士');
    await page.getByTestId('sup-move-submit').click();
    await form.waitFor({ state: 'detached' });
    await page.getByText(`已登记接收捐赠：口罩，现有 ${(before + 300).toLocaleString('zh-CN')} 只`).first().waitFor();
    await expect.poll(() => masksRow.getByTestId('sup-stock-qty').innerText()).toBe((before + 300).toLocaleString('zh-CN'));
    expect(await onShelf(page, base, COMMUNITY_WAREHOUSE, '口罩')).toBe(before + 300);

    // 流水: the donation first, signed, with its balance and donor.
    await card.getByTestId('sup-movements-open').click();
    const ledger = page.getByRole('dialog', { name: `流水：${COMMUNITY_WAREHOUSE}` });
    const first = ledger.getByTestId('sup-movement').first();
    await first.waitFor();
    expect(await first.getAttribute('data-kind')).toBe('donation');
    expect(await first.getByTestId('sup-movement-qty').innerText()).toBe('+300 只');
    expect(await first.getByTestId('sup-movement-balance').innerText()).toBe(`结存 ${(before + 300).toLocaleString('zh-CN')}`);
    expect(await first.getByTestId('sup-movement-party').innerText()).toBe('捐赠方：爱心人士');
    await suite.shot(page, 'ledger');
    await ledger.getByRole('button', { name: '关闭' }).click();
    await ledger.waitFor({ state: 'detached' });

    // 出库 of more than the shelf holds: the server refuses it, and says so under 数量.
    await card.getByTestId('sup-move-issue').click();
    const issue = page.getByRole('dialog', { name: `出库：${COMMUNITY_WAREHOUSE}` });
    await issue.getByLabel('物资').waitFor();
    await chooseOption(page, issue.getByLabel('物资'), '口罩');
    await issue.getByLabel('数量').fill('1000000');
    await issue.getByLabel('领用方').fill('社区核酸采样点');
    await page.getByTestId('sup-move-submit').click();
    const quantityField = issue.locator('.ant-form-item').filter({ has: page.getByLabel('数量') });
    await quantityField.getByText(`库存只有 ${before + 300}只`).waitFor();
    await issue.getByRole('button', { name: '取消' }).click();
    await issue.waitFor({ state: 'detached' });
    expect(await onShelf(page, base, COMMUNITY_WAREHOUSE, '口罩')).toBe(before + 300);

    const found = await axeViolations(page);
    expect(found.length, describeViolations('supplies stock (desktop)', found)).toBe(0);
    expect(admin.problems.filter((p) => p !== EXPECTED_409)).toEqual([]);
  });

  it('the secretary compares the four rules for a round of rice for grid 1 and opens it under 加权公平', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.goto(`${base}/supplies?tab=rounds`);
    await page.getByTestId('sup-round-new').click();
    const form = page.getByRole('dialog', { name: '新建发放批次' });
    await form.getByLabel('发放名称').waitFor();
    const rice = await onShelf(page, base, COMMUNITY_WAREHOUSE, '大米');
    expect(rice, 'the demo stocks rice').toBeGreaterThan(10);

    // What is missing is said before anything is sent.
    await page.getByTestId('sup-round-compare').click();
    await form.getByText('请选择储备点').waitFor();
    await form.getByLabel('发放名称').fill(title);
    await chooseOption(page, form.getByLabel('从哪个储备点发'), COMMUNITY_WAREHOUSE);
    await chooseOption(page, form.getByLabel('发放什么物资'), '大米');
    expect(await form.getByTestId('sup-round-available').innerText()).toBe(`这个储备点现有：${rice.toLocaleString('zh-CN')} 袋`);
    await chooseOption(page, form.getByLabel('发给哪个网格'), '第一网格');
    await form.getByLabel('每户数量').fill('0');
    await form.getByLabel('发放总量').fill(String(rice + 1));
    await page.getByTestId('sup-round-compare').click();
    await form.getByText('每户数量和每人数量不能都是 0').waitFor();
    await form.getByText(`库存只有 ${rice.toLocaleString('zh-CN')} 袋，发放总量不能超过库存`).waitFor();
    await form.getByLabel('每户数量').fill('1');
    await form.getByLabel('发放总量').fill('5');

    // 开始发放 before comparing: the comparison is made first.
    await page.getByTestId('sup-round-submit').click();
    await form.getByTestId('sup-round-hint').waitFor();
    const preview = form.getByTestId('sup-round-preview');
    await preview.waitFor();
    const rows = form.getByTestId('sup-rule-row');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))).toEqual(['weighted_fair', 'priority', 'proportional', 'min_unmet']);
    expect(await rows.first().innerText()).toContain('人人有份，老幼病残多分，不超过需要');
    // The figures as the server gives them.
    const grid = (await getJson<{ items: Array<{ id: string; name: string; level: string }> }>(page, base, '/api/orgs/levels')).items.find((o) => o.name === '第一网格')!;
    const wh = (await warehouses(page, base)).find((w) => w.name === COMMUNITY_WAREHOUSE)!;
    const res = await page.request.post(`${base}/api/supplies/rounds/preview`, {
      headers: { 'x-csrf-token': await csrfToken(page, base) },
      data: { warehouseId: wh.id, itemId: wh.stock.find((s) => s.name === '大米')!.itemId, gridId: grid.id, perHousehold: 1, perPerson: 0, supply: 5 },
    });
    expect(res.status(), await res.text()).toBe(200);
    const figures = (await res.json()) as Preview;
    for (const [i, rule] of ['weighted_fair', 'priority', 'proportional', 'min_unmet'].entries()) {
      const o = figures.options.find((x) => x.rule === rule)!;
      const row = rows.nth(i);
      expect(await row.getByTestId('sup-rule-allocated').innerText(), rule).toBe(String(o.allocated));
      expect(await row.getByTestId('sup-rule-vulnerable').innerText(), rule).toBe(`${o.vulnerableServedInFull} / ${figures.vulnerableHouseholds}`);
      expect(await row.getByTestId('sup-rule-share').innerText(), rule).toBe(o.minShare === null ? '—' : `${Math.floor(o.minShare * 100 + 1e-9)}%`);
    }
    await suite.shot(page, 'compare');
    // 加权公平 is chosen; the plan changed means compare again.
    expect(await form.getByRole('radio', { name: '加权公平' }).isChecked()).toBe(true);
    await form.getByLabel('发放总量').fill('6');
    await form.getByTestId('sup-round-changed').waitFor();
    await form.getByLabel('发放总量').fill('5');
    await form.getByTestId('sup-round-changed').waitFor({ state: 'detached' });

    await page.getByTestId('sup-round-submit').click();
    await page.waitForURL(/\/supplies\/rounds\/[^/?]+$/);
    roundId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const round = await getJson<Round>(page, base, `/api/supplies/rounds/${roundId}`);
    expect(round).toMatchObject({ title, status: 'open', rule: 'weighted_fair', households: figures.households, delivered: 0, deliveredHouseholds: 0 });
    expect(round.allocated).toBe(figures.options.find((o) => o.rule === 'weighted_fair')!.allocated);
    expect(await page.getByTestId('sup-round-rule').innerText()).toContain('加权公平');
    // Progress counts the households given something (a household the rule gave nothing is not behind).
    expect(round.servedHouseholds).toBeLessThanOrEqual(round.households);
    expect(await page.getByTestId('sup-progress-households').first().innerText()).toBe(`已送达 0 / ${round.servedHouseholds} 户`);
    // The rice left the shelf.
    expect(await onShelf(page, base, COMMUNITY_WAREHOUSE, '大米')).toBe(rice - round.allocated);
    // The households, pending first; those getting less than they need say so.
    await page.getByTestId('sup-line').first().waitFor();
    expect(await page.getByTestId('sup-line').first().getAttribute('data-status')).toBe('pending');
    expect(admin.problems).toEqual([]);
  });

  it('a grid worker on a phone opens the round from the bell and marks a household delivered; a delivery made meanwhile by someone else is said', async () => {
    const base = suite.base;
    expect(roundId, 'the round opened in the test before').not.toBe('');
    const grid = await suite.loggedIn('grid1', { viewport: PHONE });
    const { page } = grid;
    // The bell says the round, the item and the number of households, and opens the round.
    const bell = page.getByTestId('notification-bell');
    await bell.click();
    const notice = page.locator('[data-testid^="notification-"]').filter({ hasText: title }).first();
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(new RegExp(`${title}：请给 \\d+ 户发放大米`));
    await notice.click();
    await page.waitForURL(`${base}/supplies/rounds/${encodeURIComponent(roundId)}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    // A grid worker delivers, does not close.
    expect(await page.getByTestId('sup-round-close').count()).toBe(0);

    const lines = page.getByTestId('sup-line-list').getByTestId('sup-line');
    await lines.first().waitFor();
    // The page lists the first page as the server does (pending first, by address); a household the rule gave nothing
    // has nothing to carry: no 已送达.
    const all = (await getJson<{ items: Line[] }>(page, base, `/api/supplies/rounds/${roundId}/lines`)).items;
    await expect.poll(() => lines.count()).toBe(all.length);
    const hasButton = await lines.evaluateAll((els) => els.map((e) => e.querySelector('[data-testid="sup-line-deliver"]') !== null));
    expect(hasButton).toEqual(all.map((l) => l.status === 'pending' && l.quantity > 0));
    // 本次未分到 (status none: quantity 0) comes last and says so.
    const none = all.flatMap((l, k) => (l.status === 'none' ? [k] : []));
    expect(none.every((k) => k >= all.length - none.length)).toBe(true);
    for (const k of none) expect(await lines.nth(k).getByTestId('sup-line-status').innerText()).toBe('本次未分到');
    const [i, j] = hasButton.flatMap((b, k) => (b ? [k] : []));
    expect(j, 'two households to deliver to').toBeDefined();
    const line = lines.nth(i!);
    const head = all[i!]!.headMasked;
    expect(await line.getByTestId('sup-line-head').innerText()).toBe(head);
    await line.getByTestId('sup-line-deliver').click();
    const dialog = page.getByRole('dialog', { name: `已送达：${head}` });
    await dialog.getByRole('radiogroup', { name: '怎么送到的' }).waitFor();
    const box = (await dialog.boundingBox())!;
    expect(box.width).toBeGreaterThan(PHONE.width - 2);
    await dialog.getByRole('radiogroup', { name: '怎么送到的' }).locator('label', { hasText: '自取' }).click();
    await suite.shot(page, 'deliver-phone');
    await page.getByTestId('sup-deliver-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`已送达：${head}`).first().waitFor();
    // The line in place (the list is not read again), delivered by the worker; the progress from the round read again.
    await expect.poll(() => line.getAttribute('data-status')).toBe('delivered');
    expect(await line.getByTestId('sup-line-head').innerText()).toBe(head);
    expect(await line.getByTestId('sup-line-delivered').innerText()).toMatch(/自取 · \d{2}-\d{2} \d{2}:\d{2} · 第一网格网格员/);
    const round = await getJson<Round>(page, base, `/api/supplies/rounds/${roundId}`);
    expect(round.deliveredHouseholds).toBe(1);
    await expect.poll(() => page.getByTestId('sup-progress-households').first().innerText()).toBe(`已送达 1 / ${round.servedHouseholds} 户`);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'round-phone');

    // Someone else delivers the next household meanwhile: 已送达 on the version the page shows is refused, said, and
    // the list read again.
    const next = lines.nth(j!);
    const other = await page.request.post(`${base}/api/supplies/rounds/${roundId}/lines/${all[j!]!.id}/deliver`, {
      headers: { 'x-csrf-token': await csrfToken(page, base), 'X-Purpose': 'service.assistance' }, data: { status: 'delivered', method: 'doorstep', version: all[j!]!.version },
    });
    expect(other.status(), await other.text()).toBe(200);
    await next.getByTestId('sup-line-deliver').click();
    const again = page.getByRole('dialog', { name: `已送达：${all[j!]!.headMasked}` });
    await again.getByRole('radiogroup', { name: '怎么送到的' }).waitFor();
    await page.getByTestId('sup-deliver-submit').click();
    await page.getByText('这户刚刚已被别人登记过，名单已刷新。').first().waitFor();
    await again.waitFor({ state: 'detached' });

    // Only the delivered households: the two.
    await chooseOption(page, page.getByLabel('状态'), '已送达');
    await expect.poll(() => lines.count()).toBe(2);
    expect(await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['delivered', 'delivered']);
    // 撤销 a wrong tap: back to 待发放 (and out of this filter).
    const mine = lines.filter({ has: page.getByTestId('sup-line-delivered').filter({ hasText: '自取' }) });
    expect(await mine.count()).toBe(1);
    await mine.getByTestId('sup-line-undo').click();
    await confirmWith(page.locator('.ant-popconfirm').getByRole('button', { name: '撤销' }));
    await page.getByText(`已改回待发放：${head}`).first().waitFor();
    await expect.poll(() => lines.count()).toBe(1);
    expect((await getJson<Round>(page, base, `/api/supplies/rounds/${roundId}`)).deliveredHouseholds).toBe(1);

    const found = await axeViolations(page);
    expect(found.length, describeViolations('supplies round (phone)', found)).toBe(0);
    expect(grid.problems.filter((p) => p !== EXPECTED_409)).toEqual([]);
  });

  it('the secretary closes the round: what was not delivered goes back to the shelf', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.goto(`${base}/supplies/rounds/${encodeURIComponent(roundId)}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const before = await getJson<Round>(page, base, `/api/supplies/rounds/${roundId}`);
    const rice = await onShelf(page, base, COMMUNITY_WAREHOUSE, '大米');
    const back = before.allocated - before.delivered;
    await page.getByTestId('sup-round-close').click();
    await page.getByText(`还没送出的 ${back} 袋会退回${COMMUNITY_WAREHOUSE}的库存`).waitFor();
    await confirmWith(page.getByTestId('sup-round-close-ok'));
    await page.getByTestId('sup-round-returned').waitFor();
    expect(await page.getByTestId('sup-round-returned').innerText()).toContain(`未送出的 ${back} 袋已退回${COMMUNITY_WAREHOUSE}`);
    expect(await onShelf(page, base, COMMUNITY_WAREHOUSE, '大米')).toBe(rice + back);
    expect(await page.getByTestId('sup-line-deliver').count()).toBe(0);
    expect(admin.problems).toEqual([]);
  });
});
