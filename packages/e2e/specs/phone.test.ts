import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { scrollsSideways } from '../src/actions';
import { validId } from '../src/ids';
import { PHONE, e2eSuite } from '../src/suite';

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

type TreeItem = { kind: string; id: string; name: string };
async function children(page: Page, base: string, kind: string, id?: string): Promise<TreeItem[]> {
  const res = await page.request.get(`${base}/api/places/tree?kind=${kind}${id ? `&id=${encodeURIComponent(id)}` : ''}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: TreeItem[] }).items;
}

describe('registry pages on a phone-sized screen', () => {
  const suite = e2eSuite('phone');

  it('the grid worker opens the notifications, the menu, a profile and a household without anything off-screen or too small to tap', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('grid1', { viewport: PHONE });

    // The notifications panel opens under the bell, whole on screen, with buttons big enough to tap.
    await page.getByTestId('notification-bell').click();
    const panel = page.locator('.ant-popover').filter({ hasText: '通知' });
    await onScreen(panel);
    expect((await box(panel.getByRole('button', { name: '查看全部预警' }))).height).toBeGreaterThanOrEqual(MIN_TAP);
    expect((await box(panel.getByRole('button', { name: '全部标为已读' }))).height).toBeGreaterThanOrEqual(MIN_TAP);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'bell');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });

    // The menu drawer's close button is big enough to tap.
    await page.getByRole('button', { name: '打开菜单' }).click();
    const close = page.getByRole('button', { name: '关闭菜单' });
    expect((await box(close)).height).toBeGreaterThanOrEqual(MIN_TAP);
    await close.click();
    await page.getByRole('navigation', { name: '主菜单' }).waitFor({ state: 'hidden' });

    // A resident of the worker's grid: the link to the household is a tap target, not a 17 px line of text.
    const list = await page.request.get(`${base}/api/residents?page=1&pageSize=1`, { headers: { 'X-Purpose': 'registry.maintenance' } });
    expect(list.status()).toBe(200);
    const [first] = ((await list.json()) as { items: Array<{ id: string }> }).items;
    await page.goto(`${base}/registry/residents/${first!.id}`);
    await page.getByTestId('resident-name').waitFor();
    const toHousehold = page.getByTestId('resident-details').getByRole('link', { name: '查看这一户' });
    expect((await box(toHousehold)).height).toBeGreaterThanOrEqual(MIN_TAP);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'profile');

    // The household: each member's name links to the profile and is a tap target.
    await toHousehold.click();
    await page.getByTestId('household-address').waitFor();
    const member = page.locator('.rx-reg-members').getByRole('link').first();
    expect((await box(member)).height).toBeGreaterThanOrEqual(MIN_TAP);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'household');

    expect(problems).toEqual([]);
  });

  it('the community admin checks an import on a phone and sees each person’s name, address and what will happen without scrolling sideways', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('admin', { viewport: PHONE });
    const [community] = await children(page, base, 'root');
    const [grid] = await children(page, base, 'community', community!.id);
    const [compound] = await children(page, base, 'grid', grid!.id);
    const [building] = await children(page, base, 'compound', compound!.id);

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-e2e-phone-'));
    const file = path.join(tmp, '居民名单.csv');
    const rows = [
      ['韦知秋', validId('33092119620314702'), '13900007000', compound!.name, building!.name, '1单元', '9911', '户主', '户籍', ''],
      ['韦明远', validId('33092119640827701'), '13900007001', compound!.name, building!.name, '1单元', '9911', '配偶', '户籍', ''],
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
    expect(text).toContain(building!.name);
    await onScreen(cell);
    expect(await scrollsSideways(page)).toBe(false);
    await cell.scrollIntoViewIfNeeded();
    await suite.shot(page, 'import-preview');

    fs.rmSync(tmp, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });
});
