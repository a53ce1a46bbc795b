import { describe, expect, it } from 'vitest';
import { login, menuEntries, submitLogin } from '../src/actions';
import { e2eSuite } from '../src/suite';

describe('grid worker in the browser', () => {
  // One server per file; a fresh browser profile (cookies, storage, language) per test.
  const suite = e2eSuite('grid-worker');

  it('does not see the audit menu and gets the 403 page on /audit', async () => {
    const browser = await suite.browser();
    const { page } = browser;
    const base = suite.base;

    await login(page, base, 'grid1');
    await page.waitForURL(`${base}/`);
    await expect.poll(() => page.getByTestId('me-role').innerText()).toBe('网格员');
    // What the account may do, in words (the permission codes meant nothing to a grid worker).
    await page.getByRole('button', { name: '我能做的事' }).click();
    const can = await page.getByTestId('me-permissions').innerText();
    expect(can).toContain('查找居民');
    expect(can).toContain('查看完整身份证号、手机号');
    expect(can).not.toMatch(/[a-z-]+:[a-z_-]+/);

    const entries = await menuEntries(page);
    expect(entries).toContain('工作台');
    expect(entries).toContain('居民档案');
    expect(entries).not.toContain('审计日志');

    // Typing the address does not help: the 403 page is shown in place and the URL stays.
    await page.goto(`${base}/audit`);
    await page.getByRole('heading', { name: '没有访问权限', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/audit');
    // The server agrees (the UI check is not the only gate).
    expect((await page.request.get(`${base}/api/audit`)).status()).toBe(403);

    await page.getByRole('button', { name: '返回工作台' }).click();
    await page.waitForURL(`${base}/`);

    expect(browser.problems).toEqual([]);

    // A resident's workbench: their own account, without the org's level and code or a list of what the account may do.
    const resident = await suite.loggedIn('resident');
    await resident.page.goto(`${base}/`);
    await expect.poll(() => resident.page.getByTestId('me-role').innerText()).toBe('居民');
    expect(await resident.page.getByText('单位编码').count()).toBe(0);
    expect(await resident.page.getByRole('button', { name: '我能做的事' }).count()).toBe(0);
    expect(resident.problems).toEqual([]);
  });

  it('uses the menu drawer on a phone-sized screen', async () => {
    const browser = await suite.browser();
    const { page } = browser;
    const base = suite.base;
    await page.setViewportSize({ width: 390, height: 844 });
    await login(page, base, 'grid1');
    await expect.poll(() => page.getByTestId('me-role').innerText()).toBe('网格员');

    // No side menu on a phone: one big button opens the drawer.
    expect(await page.getByRole('navigation', { name: '主菜单' }).count()).toBe(0);
    const toggle = page.getByRole('button', { name: '打开菜单' });
    const box = await toggle.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(40);
    await toggle.click();
    const entries = await menuEntries(page);
    expect(entries).toContain('居民档案');
    expect(entries).not.toContain('审计日志');

    await page.getByRole('menuitem', { name: '预警' }).click();
    await page.waitForURL(`${base}/warnings`);
    await page.getByRole('heading', { name: '预警', exact: true }).waitFor();
    await expect.poll(() => page.getByRole('navigation', { name: '主菜单' }).count()).toBe(0);

    // A warning of the grid: the grid worker does not handle it, and is told who does (there were no buttons and no word).
    const open = (await (await page.request.get(`${base}/api/warnings/alerts?status=open&page=1&pageSize=1`)).json()) as { items: Array<{ id: string }> };
    await page.goto(`${base}/warnings/alerts/${open.items[0]!.id}`);
    await expect.poll(() => page.getByTestId('alert-handled-by').innerText()).toContain('社区医生');
    expect(await page.getByTestId('resolve-button').count()).toBe(0);

    expect(browser.problems).toEqual([]);
  });

  it('locks the login after repeated wrong passwords and says when to try again', async () => {
    const browser = await suite.browser();
    const { page } = browser;
    const base = suite.base;
    await page.goto(`${base}/login`);
    const error = page.getByTestId('login-error');
    // Five wrong passwords: each gets the same generic answer.
    for (let i = 0; i < 5; i++) {
      await submitLogin(page, 'volunteer', `wrong-password-${i}`);
      await expect.poll(() => error.innerText()).toBe('用户名或密码不正确，请重新输入。');
      await page.getByRole('button', { name: '登录', exact: true }).and(page.locator(':enabled')).waitFor();
    }
    // Then the key is locked: even the right password is refused, with the time left, and the button waits.
    await submitLogin(page, 'volunteer');
    await expect.poll(() => error.innerText()).toMatch(/^登录失败次数过多，已暂时锁定。请在 1[45] 分 \d+ 秒 后再试。$/);
    expect(await page.getByRole('button', { name: '登录', exact: true }).isDisabled()).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/login');

    expect(browser.problems).toEqual([]);
  });
});
