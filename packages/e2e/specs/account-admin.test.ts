// ADR 0017 in the browser: the security admin creates a grid worker for 第二网格 on 账号与安全 (second factor on first
// use) and reads the one-time password from the modal; the new colleague logs in with it in a fresh browser, can do
// nothing but set their own password, logs in again with it and then has the grid worker's menu. On a phone the
// drawer fits the screen; a password reset shows a new one-time password once.
import { describe, expect, it } from 'vitest';
import { chooseOption, menuEntries, scrollsSideways, submitLogin, enrollSecondFactor } from '../src/actions';
import { DESKTOP, PHONE, e2eSuite } from '../src/suite';

const OWN_PASSWORD = 'Zhao-Lei#Wangge2026';

describe('account administration in the browser (账号与安全)', () => {
  const suite = e2eSuite('account-admin');

  it('creates a grid worker for 第二网格; the new user must set their own password first, then has the grid worker menu', async () => {
    const base = suite.base;
    const sec = await suite.loggedIn('secadmin', { viewport: DESKTOP });
    const { page } = sec;
    await page.goto(`${base}/admin/security`);
    await page.getByTestId('user-row-grid1').waitFor();

    await page.getByTestId('account-create').click();
    const drawer = page.getByRole('dialog', { name: '新建工作人员账号' });
    await drawer.waitFor();
    expect(await drawer.innerText()).toContain('当面交给本人');
    // Nothing chosen yet: the form says what is missing.
    await drawer.getByTestId('account-submit').click();
    await drawer.getByText('请选择岗位', { exact: true }).first().waitFor();
    await drawer.getByTestId('account-username').fill('zhao.lei');
    await drawer.getByTestId('account-display-name').fill('赵磊');
    await chooseOption(page, drawer.getByTestId('account-role'), '网格员');
    await drawer.getByTestId('account-org').click();
    // Only grids are offered to a grid worker, named with their community (B社区 has a 第二网格 too).
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await options.first().waitFor();
    expect(await page.locator('.ant-select-dropdown:visible').getByTitle('A社区', { exact: true }).count()).toBe(0);
    await page.locator('.ant-select-dropdown:visible').getByTitle('A社区 / 第二网格', { exact: true }).click();
    await drawer.getByTestId('account-submit').click();

    // The second factor is set up on first use, then the request goes through.
    await enrollSecondFactor(page);

    const modal = page.getByRole('dialog', { name: '赵磊 的一次性密码' });
    await modal.waitFor();
    expect(await modal.innerText()).toContain('当面交给本人');
    expect(await modal.innerText()).toContain('用户名：zhao.lei');
    const otp = (await modal.getByTestId('otp-value').innerText()).trim();
    expect(otp).toMatch(/^[A-HJ-NP-Za-km-np-z2-9]{16}$/);
    await suite.shot(page, 'desktop-one-time-password');
    await modal.getByTestId('otp-done').click();
    await modal.waitFor({ state: 'detached' });
    const row = page.getByTestId('user-row-zhao.lei');
    await row.waitFor();
    expect(await row.getByTestId('user-must-change').innerText()).toBe('待改密码');
    expect(await row.innerText()).toContain('第二网格');

    // The new colleague, in a fresh browser: the one-time password logs in, but only to set their own password.
    const zhao = await suite.browser({ viewport: DESKTOP });
    await zhao.page.goto(`${base}/login`);
    await submitLogin(zhao.page, 'zhao.lei', otp);
    await zhao.page.waitForURL((url) => url.pathname === '/account/password');
    await zhao.page.getByTestId('password-change-required').getByText('请先设置您自己的密码').waitFor();
    expect(await zhao.page.getByRole('navigation', { name: '主菜单' }).getByRole('menuitem').count()).toBe(0);
    expect(await zhao.page.getByRole('button', { name: '取消' }).count()).toBe(0);
    await zhao.page.goto(`${base}/registry`); // anything else leads back here
    await zhao.page.waitForURL((url) => url.pathname === '/account/password');
    expect((await zhao.page.request.get(`${base}/api/residents?pageSize=1`)).status()).toBe(403);

    await zhao.page.getByLabel('当前密码', { exact: true }).fill(otp);
    await zhao.page.getByLabel('新密码', { exact: true }).fill(OWN_PASSWORD);
    await zhao.page.getByLabel('再次输入新密码', { exact: true }).fill(OWN_PASSWORD);
    await zhao.page.getByRole('button', { name: '确认修改' }).click();
    await zhao.page.waitForURL((url) => url.pathname === '/login');
    await submitLogin(zhao.page, 'zhao.lei', OWN_PASSWORD);
    await zhao.page.waitForURL((url) => url.pathname !== '/login');
    const entries = await menuEntries(zhao.page);
    expect(entries).toEqual(expect.arrayContaining(['工作台', '居民档案', '体温自报', '预警']));
    expect(entries).not.toContain('账号与安全');
    expect(await zhao.page.getByTestId('org-name').innerText()).toBe('第二网格');
    await suite.shot(zhao.page, 'desktop-grid-worker-menu');

    // No request of the app was refused on the way (nothing asked for what a restricted session may not do).
    expect(zhao.problems).toEqual([]);

    // The account no longer waits for a password change.
    await page.reload();
    await row.waitFor();
    expect(await row.getByTestId('user-must-change').count()).toBe(0);

    // Forgotten password: a reset (reason) shows a new one-time password once; the old password stops working.
    await row.getByTestId('user-password-reset').click();
    const reset = page.getByRole('dialog', { name: '重置 赵磊 的密码？' });
    await reset.getByTestId('password-reset-submit').click();
    await reset.getByText('请写明原因（至少 2 个字）').waitFor();
    await reset.getByTestId('password-reset-reason').fill('本人忘记密码，当面核实');
    await reset.getByTestId('password-reset-submit').click();
    const again = page.getByRole('dialog', { name: '赵磊 的一次性密码' });
    const otp2 = (await again.getByTestId('otp-value').innerText()).trim();
    expect(otp2).toMatch(/^[A-HJ-NP-Za-km-np-z2-9]{16}$/);
    expect(otp2).not.toBe(otp);
    await again.getByTestId('otp-done').click();
    await again.waitFor({ state: 'detached' });
    expect((await zhao.page.request.get(`${base}/api/auth/me`)).status()).toBe(401);

    expect(sec.problems).toEqual([]);
  });

  it('on a phone: the new-account drawer and its selects fit the screen without sideways scrolling', async () => {
    const sec = await suite.loggedIn('secadmin', { viewport: PHONE });
    const { page } = sec;
    await page.goto(`${suite.base}/admin/security`);
    await page.getByTestId('user-row-grid1').waitFor();
    expect(await page.getByTestId('user-row-grid1').getByTestId('user-password-reset').isVisible()).toBe(true);
    expect(await scrollsSideways(page)).toBe(false);
    await page.getByTestId('account-create').click();
    const drawer = page.getByRole('dialog', { name: '新建工作人员账号' });
    await drawer.getByTestId('account-username').click(); // waits until the drawer has moved in
    const box = (await drawer.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    // Choose the role (the first option) once the list has opened; retried while the drawer is still settling.
    await expect.poll(async () => {
      await drawer.getByTestId('account-role').click();
      await page.locator('.ant-select-dropdown:visible').getByTitle('网格员', { exact: true }).click({ timeout: 3000 }).catch(() => undefined);
      return drawer.getByTestId('account-role').innerText();
    }).toContain('网格员');
    await drawer.getByTestId('account-org').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('A社区 / 第一网格', { exact: true }).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'phone-drawer');
    expect(sec.problems).toEqual([]);
  });
});
