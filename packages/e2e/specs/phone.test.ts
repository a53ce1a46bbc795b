import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { existingBuilding, scrollsSideways } from '../src/actions';
import { validId } from '../src/ids';
import { DESKTOP, PHONE, e2eSuite } from '../src/suite';

// Issue 3: the registry pages are usable by a grid worker on a phone-sized screen (390 × 844).
// A tap target is at least 32 px high; nothing sticks out of the screen.
const MIN_TAP = 32;

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  await locator.waitFor();
  const b = await locator.boundingBox();
  expect(b).not.toBeNull();
  return b!;
}

/** The element lies inside the window's width (not cut off at either side). */
async function onScreen(locator: Locator): Promise<void> {
  const b = await box(locator);
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width).toBeLessThanOrEqual(PHONE.width);
}

/** The element is tall enough to tap (links and full-width buttons: their width is not the problem). */
async function tallEnough(locator: Locator): Promise<void> {
  expect((await box(locator)).height).toBeGreaterThanOrEqual(MIN_TAP);
}

/** The element is a tap target: at least MIN_TAP wide and high. */
async function tappable(locator: Locator): Promise<void> {
  const b = await box(locator);
  expect(b.height).toBeGreaterThanOrEqual(MIN_TAP);
  expect(b.width).toBeGreaterThanOrEqual(MIN_TAP);
}

/** The open select list (antd keeps closed ones in the page, hidden). */
const openList = (page: Page) => page.locator('.ant-select-dropdown:visible');

/** A node of the open area tree: its expand arrow and its name. */
const treeNode = (page: Page, name: string) => {
  const node = openList(page).locator('.ant-select-tree-treenode').filter({ hasText: name }).last();
  return { switcher: node.locator('.ant-select-tree-switcher'), title: node.locator('.ant-select-tree-node-content-wrapper') };
};

describe('registry pages on a phone-sized screen', () => {
  const suite = e2eSuite('phone');

  it('the grid worker opens the notifications, the menu, a profile and a household without anything off-screen or too small to tap', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('grid1', { viewport: PHONE });

    // The notifications panel opens under the bell, whole on screen, with buttons big enough to tap.
    await page.getByTestId('notification-bell').click();
    const panel = page.locator('.ant-popover').filter({ hasText: '通知' });
    await onScreen(panel);
    await tallEnough(panel.getByRole('button', { name: '查看全部预警' }));
    await tallEnough(panel.getByRole('button', { name: '全部标为已读' }));
    // A warning's level is its coloured tag, said once, and its notice has one time (the demo's warnings of earlier days
    // name the day of their data beside it).
    const warningNotices = panel.locator('[data-testid^="notification-"]').filter({ has: page.locator('[data-level]') });
    await warningNotices.first().waitFor();
    expect(await warningNotices.count()).toBeGreaterThan(1);
    for (const text of await warningNotices.allInnerTexts()) {
      expect(text.match(/红色|黄色/g), text).toHaveLength(1);
      expect(text.match(/\d{4}-\d{2}-\d{2}/g), text).toBeNull();
      expect(text).toMatch(/(\d{2}-\d{2} 的数据 · )?\d{2}-\d{2} \d{2}:\d{2}$/);
    }
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'bell');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });

    // The menu drawer's close button is big enough to tap.
    await page.getByRole('button', { name: '打开菜单' }).click();
    const close = page.getByRole('button', { name: '关闭菜单' });
    await tallEnough(close);
    await close.click();
    await page.getByRole('navigation', { name: '主菜单' }).waitFor({ state: 'hidden' });

    // A resident of the worker's grid: the link to the household is a tap target, not a 17 px line of text.
    const list = await page.request.get(`${base}/api/residents?page=1&pageSize=1`, { headers: { 'X-Purpose': 'registry.maintenance' } });
    expect(list.status()).toBe(200);
    const [first] = ((await list.json()) as { items: Array<{ id: string }> }).items;
    await page.goto(`${base}/registry/residents/${first!.id}`);
    await page.getByTestId('resident-name').waitFor();
    const toHousehold = page.getByTestId('resident-details').getByRole('link', { name: '查看这一户' });
    await tallEnough(toHousehold);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'profile');

    // The household: each member's name links to the profile and is a tap target.
    await toHousehold.click();
    await page.getByTestId('household-address').waitFor();
    const member = page.locator('.rx-reg-members').getByRole('link').first();
    await tallEnough(member);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'household');

    expect(problems).toEqual([]);
  });

  it('Back closes an open drawer or dialog and keeps the page; with none open it goes back', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('grid1', { viewport: PHONE });
    // The address shows the page Back went to until the router has put it back (history.go): poll it.
    const back = () => page.evaluate('history.back()');
    await page.goto(`${base}/registry?tag=living_alone`);
    await page.getByTestId('resident-card').first().click();
    await page.waitForURL(/\/registry\/residents\/[^/]+$/);
    const profile = page.url();

    // The edit drawer, something ticked: Back closes the drawer (it used to leave the page with it).
    await page.getByTestId('edit-resident').click();
    const drawer = page.getByRole('dialog', { name: '修改居民信息' });
    await drawer.getByRole('checkbox').first().click();
    await back();
    await drawer.waitFor({ state: 'hidden' });
    await expect.poll(() => page.url()).toBe(profile);
    await page.getByTestId('resident-name').waitFor();

    // While its save is on its way the drawer does not close, and the page stays.
    await page.getByTestId('edit-resident').click();
    await drawer.getByRole('checkbox').first().click();
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/residents/*/update', async (route) => {
      await held;
      await route.continue();
    });
    await drawer.getByTestId('edit-save').click();
    await expect.poll(() => drawer.getByTestId('edit-cancel').isDisabled()).toBe(true);
    await back();
    await page.waitForTimeout(300);
    expect(await drawer.isVisible()).toBe(true);
    await expect.poll(() => page.url()).toBe(profile);
    release();
    await drawer.waitFor({ state: 'hidden' });
    await page.unroute('**/api/residents/*/update');

    // A dialog over the page (查看完整号码): Back closes it too.
    await page.getByTestId('reveal-idNumber').click();
    const reveal = page.getByRole('dialog', { name: '查看完整身份证号' });
    await reveal.waitFor();
    await back();
    await reveal.waitFor({ state: 'hidden' });
    await expect.poll(() => page.url()).toBe(profile);

    // The menu drawer as well; then, nothing open, Back goes back to the list.
    await page.getByRole('button', { name: '打开菜单' }).click();
    const nav = page.getByRole('navigation', { name: '主菜单' });
    await nav.waitFor();
    await back();
    await nav.waitFor({ state: 'hidden' });
    await expect.poll(() => page.url()).toBe(profile);
    await back();
    await page.waitForURL(`${base}/registry?tag=living_alone`);
    expect(problems).toEqual([]);
  });

  it('Back closes a confirmation dialog (withdrawing my consent), keeps the page and does nothing; with none open it goes back', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('resident', { viewport: PHONE });
    // As above: the router puts the address back after a blocked Back; poll it.
    const back = () => page.evaluate('history.back()');
    // 我的信息 through the menu (the app's own navigation: a Back into another loaded document is no router's to stop).
    const menuButton = page.getByRole('button', { name: '打开菜单' });
    await menuButton.waitFor();
    const home = page.url();
    await menuButton.click();
    const nav = page.getByRole('navigation', { name: '主菜单' });
    await nav.getByRole('menuitem').filter({ hasText: /^我的信息$/ }).click();
    await nav.waitFor({ state: 'hidden' });
    await page.waitForURL(`${base}/me/record`);
    const record = page.url();
    const card = page.getByTestId('my-consent');
    const state = card.getByTestId('my-consent-state');
    await expect.poll(() => state.innerText()).not.toBe('');
    // A consent to withdraw (the demo may have none for this person).
    if ((await state.innerText()) !== '已同意') {
      await card.getByTestId('my-consent-agree').click();
      await card.getByTestId('my-consent-give').click();
      await expect.poll(() => state.innerText()).toBe('已同意');
    }
    const valid = async () => ((await (await page.request.get(`${base}/api/me/consent`)).json()) as { valid: boolean }).valid;
    expect(await valid()).toBe(true);

    // 撤回同意 asks first (antd's confirm, lib/dialog useConfirm): Back closes the question as its Cancel would; the page,
    // its address and the consent stay (Back used to leave the page with the question still open).
    await card.getByTestId('my-consent-withdraw').click();
    const ok = page.getByTestId('my-consent-withdraw-ok');
    await ok.waitFor();
    await back();
    await ok.waitFor({ state: 'hidden' });
    await expect.poll(() => page.url()).toBe(record);
    await card.waitFor();
    expect(await state.innerText()).toBe('已同意');
    expect(await valid()).toBe(true);

    // Nothing open now: Back leaves the page.
    await back();
    await page.waitForURL(home);
    await card.waitFor({ state: 'detached' });
    expect(await valid()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('the street worker filters warnings by a grid from the area tree, by tapping, with clear buttons big enough to tap', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('street', { viewport: PHONE });

    // The lazy area tree (AreaPicker) opens on the street's communities, whole on screen; each level's arrow and
    // each name are tap targets.
    await page.goto(`${base}/warnings`);
    const filters = page.locator('.rx-wr-filters');
    const picker = filters.locator('.ant-tree-select');
    // Level, indicator, grid and the two dates (a start and an end picker on a phone: a range picker's two months do not fit)
    // each take the card's width (they shrank to their text: 100–180 px).
    await picker.waitFor();
    const fields = await filters.locator('.ant-select, .ant-picker').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    expect(fields).toHaveLength(5);
    for (const w of fields) expect(w).toBeGreaterThan(PHONE.width * 0.8);
    await filters.getByLabel('网格', { exact: true }).click();
    await onScreen(openList(page));
    // No search box on a touch screen: a tap opens the tree, not the keyboard over half the screen.
    expect(await filters.getByLabel('网格', { exact: true }).isEditable()).toBe(false);
    const community = treeNode(page, 'A社区');
    await tappable(community.switcher);
    await community.switcher.click();
    const grid = treeNode(page, '第一网格');
    await tallEnough(grid.title);
    await onScreen(openList(page));
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'warnings-area-tree');

    // The chosen grid reads "A社区 第一网格" in the field; its × is a 32 px target (antd's is 14 px) and clears it.
    await grid.title.click();
    await page.waitForURL((u) => u.searchParams.has('gridId'));
    await expect.poll(() => picker.innerText()).toContain('A社区 第一网格');
    await onScreen(picker);
    const clear = picker.locator('.ant-select-clear');
    await tappable(clear);
    await clear.click();
    await page.waitForURL((u) => !u.searchParams.has('gridId'));

    // A chosen date range: each end's × shows without hovering (a phone has no hover) and is a 32 px target.
    await page.goto(`${base}/warnings?from=2026-01-01&to=2026-01-31`);
    const dateClear = filters.locator('.ant-picker-clear');
    await page.mouse.move(0, 0);
    await expect.poll(() => dateClear.count()).toBe(2);
    for (const i of [0, 1]) {
      await tappable(dateClear.nth(i));
      expect(await dateClear.nth(i).evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).opacity)).toBe('1');
    }
    await dateClear.first().click();
    await page.waitForURL((u) => !u.searchParams.has('from') && u.searchParams.get('to') === '2026-01-31');
    await dateClear.first().click();
    await page.waitForURL((u) => !u.searchParams.has('from') && !u.searchParams.has('to'));

    // A warning's table of days: each header on one line (they wrapped a character per line), the level beside the
    // date, the page itself not scrolling sideways.
    const open = (await (await page.request.get(`${base}/api/warnings/alerts?status=open&page=1&pageSize=1`)).json()) as { items: Array<{ id: string }> };
    await page.goto(`${base}/warnings/alerts/${open.items[0]!.id}`);
    await page.getByRole('button', { name: '以表格查看数据' }).click();
    const heads = page.locator('.ant-table-thead th');
    await heads.first().waitFor();
    expect((await heads.allInnerTexts()).slice(0, 2)).toEqual(['日期', '级别']);
    const oneLine = (await heads.first().boundingBox())!.height;
    for (const h of await heads.evaluateAll((els) => els.filter((e) => e.textContent).map((e) => e.getBoundingClientRect().height))) {
      expect(h).toBeLessThanOrEqual(oneLine + 1);
    }
    expect(oneLine).toBeLessThan(48);
    await onScreen(page.locator('.ant-table-tbody [data-level]').first());
    expect(await scrollsSideways(page)).toBe(false);

    // A password's show/hide eye is a tap target too (18 px in antd).
    await page.goto(`${base}/account/password`);
    await tappable(page.locator('.ant-input-password-icon').first());
    expect(await scrollsSideways(page)).toBe(false);

    // With a mouse the picker keeps its search box.
    const desk = await suite.loggedIn('street', { viewport: DESKTOP });
    await desk.page.goto(`${base}/warnings`);
    const deskField = desk.page.locator('.rx-wr-filters').getByLabel('网格', { exact: true });
    await deskField.click();
    expect(await deskField.isEditable()).toBe(true);

    expect(problems).toEqual([]);
    expect(desk.problems).toEqual([]);
  });

  it('long area names stay on screen: the district’s area tree wraps them, the chosen one shortens in its field', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('district', { viewport: PHONE });
    // Real areas can have long names; the demo's are short, so every name the picker loads gets a long tail.
    const tail = '（这是一个用于检查手机屏幕宽度的特别长的地区名称）';
    await page.route('**/api/warnings/scopes**', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { items: Array<{ name: string }> };
      await route.fulfill({ response: res, json: { ...body, items: body.items.map((i) => ({ ...i, name: i.name + tail })) } });
    });

    // The warnings grid filter: the tree (wider than its field) stays inside the screen at every level.
    await page.goto(`${base}/warnings`);
    const filters = page.locator('.rx-wr-filters');
    const picker = filters.locator('.ant-tree-select');
    await filters.getByLabel('网格', { exact: true }).click();
    await onScreen(openList(page));
    await treeNode(page, '昌国街道').switcher.click();
    await treeNode(page, 'A社区').switcher.click();
    const grid = treeNode(page, '第一网格');
    await grid.title.waitFor();
    await onScreen(openList(page));
    expect(await scrollsSideways(page)).toBe(false);

    // The chosen grid's long label does not widen its field (it did, to ~960 px: the page scrolled sideways).
    await grid.title.click();
    await page.waitForURL((u) => u.searchParams.has('gridId'));
    await expect.poll(() => picker.innerText()).toContain('第一网格');
    await onScreen(picker);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'warnings-long-name');

    // The R_t scope picker: the same tree, with the level after each name, also inside the screen.
    await page.goto(`${base}/warnings/rt`);
    await page.getByRole('heading', { name: '传播趋势（R_t）' }).waitFor();
    await page.locator('.ant-form .ant-tree-select').click();
    await onScreen(openList(page));
    await treeNode(page, '昌国街道').switcher.click();
    await treeNode(page, 'A社区').switcher.click();
    await treeNode(page, '第一网格').title.waitFor();
    await onScreen(openList(page));
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'rt-long-name');

    expect(problems).toEqual([]);
  });

  it('the community admin sees each compound’s name and flags inside its card’s head on a phone', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('admin', { viewport: PHONE });
    await page.goto(`${base}/registry/places`);
    const flagged = page.locator('.rx-pl-compound').filter({ has: page.getByTestId('compound-flags') });
    await flagged.first().waitFor();
    expect(await flagged.count()).toBeGreaterThan(0);
    // Name and flags wrap to two lines in a compound with several flags: they keep a margin to the head's top and
    // bottom lines (antd's head has no vertical padding: the flags sat on its bottom line).
    for (const card of await flagged.all()) {
      const head = await box(card.locator('.ant-card-head'));
      const title = await box(card.locator('.rx-pl-compound-title'));
      expect(title.y - head.y).toBeGreaterThanOrEqual(6);
      expect(head.y + head.height - (title.y + title.height)).toBeGreaterThanOrEqual(6);
      await onScreen(card);
    }
    expect(await scrollsSideways(page)).toBe(false);
    await flagged.first().scrollIntoViewIfNeeded();
    await suite.shot(page, 'places-compound');
    expect(problems).toEqual([]);
  });

  it('the community admin checks an import on a phone and sees each person’s name, address and what will happen without scrolling sideways', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('admin', { viewport: PHONE });
    const { compound, building } = await existingBuilding(page, base);

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-e2e-phone-'));
    const file = path.join(tmp, '居民名单.csv');
    const rows = [
      ['韦知秋', validId('33092119620314702'), '13900007000', compound, building, '1单元', '9911', '户主', '户籍', ''],
      ['韦明远', validId('33092119640827701'), '13900007001', compound, building, '1单元', '9911', '配偶', '户籍', ''],
    ];
    const csv = ['姓名,身份证号,手机号,小区,楼栋,单元,房号,与户主关系,人员类型,标签', ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';
    fs.writeFileSync(file, '\uFEFF' + csv, 'utf8');

    await page.goto(`${base}/registry/import`);
    await page.getByRole('heading', { name: '导入居民名单' }).waitFor();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-clean').waitFor();

    // One cell per person: name (masked), 新登记 and the address, all inside the screen.
    const people = page.getByTestId('import-preview-person');
    await expect.poll(() => people.count()).toBe(2);
    const cell = people.first();
    const text = await cell.innerText();
    expect(text).toContain('韦**');
    expect(text).toContain('新登记');
    expect(text).toContain(building);
    await onScreen(cell);
    expect(await scrollsSideways(page)).toBe(false);
    await cell.scrollIntoViewIfNeeded();
    await suite.shot(page, 'import-preview');

    fs.rmSync(tmp, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });
});
