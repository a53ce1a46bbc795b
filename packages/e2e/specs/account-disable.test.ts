// ADR 0013 in the browser: the security admin disables an account on 账号与安全 (reason, second factor on first use);
// the user's open session ends and their login is refused like a wrong password; a server refusal is shown in the
// dialog; re-enabling lets the user log in again; on a phone the status and the action are in reach.
import { describe, expect, it } from 'vitest';
import { csrfToken, scrollsSideways, submitLogin, enrollSecondFactor } from '../src/actions';
import { DESKTOP, PHONE, e2eSuite } from '../src/suite';

// Chromium logs every non-2xx response as a failed resource; the 409 of the account disabled behind the page's back is expected.
const EXPECTED_409 = 'console.error: Failed to load resource: the server responded with a status of 409 (Conflict)';

describe('disabling and re-enabling accounts in the browser (账号与安全)', () => {
  const suite = e2eSuite('account-disable');

  it('disables the volunteer with a reason (their session ends, login fails like a wrong password), shows a server refusal, re-enables', async () => {
    const base = suite.base;
    const vol = await suite.loggedIn('volunteer', { viewport: DESKTOP });
    const volMe = () => vol.page.request.get(`${base}/api/auth/me`).then((r) => r.status());
    expect(await volMe()).toBe(200);

    const sec = await suite.loggedIn('secadmin', { viewport: DESKTOP });
    const { page } = sec;
    await page.goto(`${base}/admin/security`);
    const row = page.getByTestId('user-row-volunteer');
    await row.waitFor();
    expect(await row.getByTestId('user-status').innerText()).toBe('正常');
    // Own row: no disable button (it would lock the admin out).
    await page.getByTestId('user-row-secadmin').waitFor();
    expect(await page.getByTestId('user-row-secadmin').getByTestId('user-disable').count()).toBe(0);

    // Disable: the reason is required …
    await row.getByTestId('user-disable').click();
    const dialog = page.getByRole('dialog', { name: '停用 志愿者 的账号？' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('立即被退出登录');
    await dialog.getByTestId('user-status-submit').click();
    await dialog.getByText('请写明原因（至少 2 个字）').waitFor();
    await dialog.getByTestId('user-status-reason').fill('已离职，收回账号');
    await dialog.getByTestId('user-status-submit').click();
    // … and the second factor is set up on first use, then the request goes through.
    await enrollSecondFactor(page);
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row.getByTestId('user-status').innerText()).toBe('已停用');
    await row.getByTestId('user-enable').waitFor();
    await suite.shot(page, 'desktop-disabled');

    // The volunteer's open session has ended, and logging in again is refused exactly like a wrong password.
    expect(await volMe()).toBe(401);
    const again = await suite.browser({ viewport: DESKTOP });
    await again.page.goto(`${base}/login`);
    await submitLogin(again.page, 'volunteer');
    const loginError = again.page.getByTestId('login-error');
    await expect.poll(() => loginError.innerText()).toBe('用户名或密码不正确，请重新输入。');
    expect(new URL(again.page.url()).pathname).toBe('/login');

    // A refusal from the server stays in the dialog with its message: the doctor is disabled behind the page's back.
    const doctorRow = page.getByTestId('user-row-doctor');
    const users = (await (await page.request.get(`${base}/api/admin/users?q=doctor`)).json()) as { items: Array<{ id: string }> };
    const behind = await page.request.post(`${base}/api/admin/users/${users.items[0]!.id}/disable`, {
      headers: { 'x-csrf-token': await csrfToken(page, base) }, data: { reason: '另一位安全管理员已处理' },
    });
    expect(behind.status()).toBe(204);
    expect(await doctorRow.getByTestId('user-status').innerText()).toBe('正常'); // the list has not been reloaded yet
    await doctorRow.getByTestId('user-disable').click();
    const stale = page.getByRole('dialog', { name: '停用 社区医生 的账号？' });
    await stale.getByTestId('user-status-reason').fill('借调外区');
    await stale.getByTestId('user-status-submit').click();
    await stale.getByRole('alert').filter({ hasText: '该账号已经是停用状态' }).waitFor();
    await stale.getByRole('button', { name: '取消' }).click();
    await stale.waitFor({ state: 'detached' });

    // Re-enable the volunteer (the session has passed the second factor: no code asked); they can log in again.
    await row.getByTestId('user-enable').click();
    const enable = page.getByRole('dialog', { name: '启用 志愿者 的账号？' });
    await enable.getByTestId('user-status-reason').fill('返岗，本人当面确认');
    await enable.getByTestId('user-status-submit').click();
    await enable.waitFor({ state: 'detached' });
    await expect.poll(() => row.getByTestId('user-status').innerText()).toBe('正常');
    await submitLogin(again.page, 'volunteer');
    await again.page.waitForURL((url) => url.pathname !== '/login');
    expect(await again.page.request.get(`${base}/api/auth/me`).then((r) => r.status())).toBe(200);

    expect(sec.problems).toEqual([EXPECTED_409]);
    expect(again.problems).toEqual([]);
  });

  it('on a phone: an account shows its status under the name and the disable button, and the reason dialog fits, without sideways scrolling', async () => {
    const sec = await suite.loggedIn('secadmin', { viewport: PHONE });
    const { page } = sec;
    await page.goto(`${suite.base}/admin/security`);
    const grid = page.getByTestId('user-row-grid1');
    await grid.waitFor();
    expect(await grid.getByTestId('user-status').innerText()).toBe('正常');
    expect(await grid.getByTestId('user-disable').isVisible()).toBe(true);
    expect(await scrollsSideways(page)).toBe(false);
    await grid.getByTestId('user-disable').click();
    const dialog = page.getByRole('dialog', { name: '停用 第一网格网格员 的账号？' });
    await dialog.getByTestId('user-status-reason').click(); // waits until the dialog has stopped moving in
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'phone-dialog');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(sec.problems).toEqual([]);
  });
});
