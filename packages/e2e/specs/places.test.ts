import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { menuEntries, scrollsSideways } from '../src/actions';
import { validId } from '../src/ids';
import { DESKTOP, PHONE, e2eSuite } from '../src/suite';

const EXPECTED_409 = 'console.error: Failed to load resource: the server responded with a status of 409 (Conflict)';

describe('places management in the browser (地点管理)', () => {
  const suite = e2eSuite('places');

  it('the community admin adds a compound with a three-no flag, a building in a grid, a building lead and a room, and sees them listed', async () => {
    const base = suite.base;
    const s = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = s;

    expect(await menuEntries(page)).toContain('地点管理');
    await page.getByRole('menuitem', { name: '地点管理' }).click();
    await page.waitForURL(`${base}/registry/places`);
    await page.getByRole('heading', { name: /^地点管理/ }).waitFor();

    // The grids of A社区 with their grid workers (the demo's first grid has one).
    const grid1 = page.getByTestId('grid-第一网格');
    await grid1.waitFor();
    expect(await grid1.innerText()).toContain('第一网格网格员');
    // Add a grid (ADR 0022): the server numbers it; it is listed at once.
    await page.getByTestId('grid-add').click();
    const gridDialog = page.getByRole('dialog', { name: '添加网格' });
    await gridDialog.getByLabel('网格名称').fill('第九网格');
    await gridDialog.getByTestId('grid-save').click();
    await gridDialog.waitFor({ state: 'detached' });
    await page.getByTestId('grid-第九网格').waitFor();

    // Add a compound that is not enclosed.
    await page.getByTestId('compound-add').click();
    const compoundDrawer = page.getByRole('dialog', { name: '添加小区' });
    await compoundDrawer.getByLabel('小区名称').fill('海晏新苑');
    await compoundDrawer.getByRole('checkbox', { name: '非封闭小区' }).check();
    await compoundDrawer.getByTestId('compound-save').click();
    await compoundDrawer.waitFor({ state: 'detached' });
    const card = page.getByTestId('compound-海晏新苑');
    await card.waitFor();
    expect(await card.getByTestId('compound-flags').innerText()).toContain('非封闭小区');
    expect(await card.innerText()).toContain('这个小区还没有楼栋');
    // The demo community has many compounds: finding one by part of its name leaves just it.
    await page.getByLabel('查找小区').fill('海晏');
    await expect.poll(() => page.locator('.rx-pl-compound').count()).toBe(1);

    // The same name again: the server's message is shown next to the field.
    await page.getByTestId('compound-add').click();
    const again = page.getByRole('dialog', { name: '添加小区' });
    await again.getByLabel('小区名称').fill('海晏新苑');
    await again.getByTestId('compound-save').click();
    await expect.poll(() => again.innerText()).toContain('本社区已有小区“海晏新苑”');
    await again.locator('.ant-drawer-footer').getByRole('button', { name: '取消' }).click();
    await again.waitFor({ state: 'detached' });

    // Add a building in the second grid.
    await card.getByTestId('building-add').click();
    const buildingDrawer = page.getByRole('dialog', { name: '添加楼栋 · 海晏新苑' });
    await buildingDrawer.getByLabel('楼栋名称').fill('7幢');
    await buildingDrawer.getByTestId('building-grid').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('第二网格').click();
    await buildingDrawer.getByTestId('building-save').click();
    await buildingDrawer.waitFor({ state: 'detached' });
    const building = card.getByTestId('building-7幢');
    await building.waitFor();
    expect(await building.getByTestId('building-grid-name').innerText()).toBe('第二网格');
    expect(await building.getByTestId('building-lead-name').innerText()).toContain('未设置楼栋长');

    // Set the building lead: search by name, choose the volunteer.
    await building.getByTestId('building-edit').click();
    const edit = page.getByRole('dialog', { name: '修改楼栋 · 海晏新苑' });
    await edit.getByLabel('楼栋长').fill('志愿');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '志愿者（志愿者' }).click();
    await edit.getByTestId('building-save').click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => building.getByTestId('building-lead-name').innerText()).toContain('志愿者');

    // Units and rooms.
    await building.getByTestId('building-units').click();
    const units = page.getByRole('dialog', { name: '7幢 · 单元和房号' });
    await units.getByTestId('unit-name').fill('1单元');
    await units.getByTestId('unit-add').click();
    const unit = units.getByTestId('unit-1单元');
    await unit.waitFor();
    await unit.getByTestId('room-name').fill('101');
    await unit.getByTestId('room-add').click();
    await expect.poll(() => unit.getByTestId('room-101').getAttribute('data-state')).toBe('unregistered');
    // A mistyped room number is corrected in the room's dialog (ADR 0019).
    await unit.getByTestId('room-101').click();
    const roomDialog = page.getByRole('dialog', { name: '房号 101 · 7幢1单元' });
    await roomDialog.getByTestId('place-name').fill('102');
    await roomDialog.getByTestId('place-save').click();
    await roomDialog.waitFor({ state: 'detached' });
    await unit.getByTestId('room-102').waitFor();
    // A room is a household: its dialog opens the household page (members, 更换户主, add a resident).
    await unit.getByTestId('room-102').click();
    const room102 = page.getByRole('dialog', { name: '房号 102 · 7幢1单元' });
    expect(await room102.getByTestId('room-household').getAttribute('href')).toMatch(/^\/registry\/households\/[0-9a-f-]{36}$/);
    await room102.getByRole('button', { name: '取消' }).click();
    await room102.waitFor({ state: 'detached' });
    await units.getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => building.innerText()).toContain('单元 1 · 户 1 · 居民 0');
    // A building with a unit and a room cannot be deleted: the server's reason is shown.
    await building.getByTestId('building-delete').click();
    await page.getByTestId('building-delete-ok').click();
    await expect.poll(() => page.getByTestId('delete-refused').innerText()).toBe('该楼栋下还有 1 个单元、1 户，不能删除');
    await page.locator('.ant-modal-confirm').getByRole('button').click();
    // The grid's counts follow.
    await expect.poll(() => page.getByTestId('grid-第二网格').innerText()).toMatch(/楼栋 [1-9]/);
    await suite.shot(page, 'desktop');

    // What the page shows is what the server stored.
    const communityId = ((await (await page.request.get(`${base}/api/auth/me`)).json()) as { user: { org: { id: string } } }).user.org.id;
    const listed = (await (await page.request.get(`${base}/api/places/compounds?communityId=${communityId}`)).json()) as {
      items: Array<{ name: string; flags: { notEnclosed: boolean }; buildings: Array<{ name: string; gridName: string; lead: { displayName: string } | null }> }>;
    };
    const stored = listed.items.find((c) => c.name === '海晏新苑')!;
    expect(stored.flags.notEnclosed).toBe(true);
    expect(stored.buildings).toEqual([expect.objectContaining({ name: '7幢', gridName: '第二网格', lead: expect.objectContaining({ displayName: '志愿者' }) })]);

    expect(s.problems).toEqual([EXPECTED_409, EXPECTED_409]);
  });

  it('works on a phone: no sideways scrolling, the forms open full width', async () => {
    const base = suite.base;
    const s = await suite.loggedIn('admin', { viewport: PHONE });
    const { page } = s;
    await page.goto(`${base}/registry/places`);
    await page.getByTestId('places-grids').waitFor();
    await page.locator('.rx-pl-compound').first().waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'phone');

    await page.getByTestId('compound-add').click();
    const drawer = page.getByRole('dialog', { name: '添加小区' });
    await drawer.getByLabel('小区名称').waitFor();
    const box = await page.locator('.ant-drawer-content-wrapper').boundingBox();
    expect(Math.round(box!.width)).toBe(PHONE.width);
    expect(await scrollsSideways(page)).toBe(false);
    expect(s.problems).toEqual([]);
  });

  it('an import naming a compound that does not exist links from its error to 地点管理', async () => {
    const base = suite.base;
    const s = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = s;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-e2e-places-'));
    try {
      const file = path.join(dir, '新小区名单.csv');
      const header = '姓名,身份证号,手机号,小区,楼栋,单元,房号,与户主关系,人员类型,标签';
      fs.writeFileSync(file, `\uFEFF${header}\r\n柯远帆,${validId('33092119700505701')},,还没建的小区,1幢,1单元,101,户主,户籍,\r\n`, 'utf8');
      await page.goto(`${base}/registry/import`);
      await page.locator('input[type=file]').setInputFiles(file);
      await page.getByTestId('import-check').click();
      const hint = page.getByTestId('import-places-hint');
      await hint.waitFor();
      expect(await page.getByTestId('import-errors').innerText()).toContain('小区不存在');
      await hint.getByRole('link', { name: '去地点管理' }).click();
      await page.waitForURL(`${base}/registry/places`);
      await page.getByTestId('places-grids').waitFor();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(s.problems).toEqual([]);
  });

  it('a grid worker has no 地点管理 entry and gets the 403 page on /registry/places', async () => {
    const base = suite.base;
    const s = await suite.loggedIn('grid1', { viewport: DESKTOP });
    const { page } = s;
    expect(await menuEntries(page)).not.toContain('地点管理');
    await page.goto(`${base}/registry/places`);
    await page.getByRole('heading', { name: '没有访问权限', exact: true }).waitFor();
    expect(s.problems).toEqual([]);
  });
});
