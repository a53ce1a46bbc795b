import { describe, expect, it } from 'vitest';
import { confirmWith, menuEntries, enrollSecondFactor } from '../src/actions';
import { DESKTOP, PHONE, e2eSuite } from '../src/suite';
import { totp } from '../src/totp';

describe('security admin in the browser (账号与安全)', () => {
  const suite = e2eSuite('security-admin');

  it('opens 账号与安全 from the menu, sees accounts, issues an access key (second factor on first use), sees the secret once and revokes it', async () => {
    const base = suite.base;
    const sec = await suite.loggedIn('secadmin', { viewport: DESKTOP });
    const { page } = sec;

    expect(await menuEntries(page)).toContain('账号与安全');
    // While the key list is on its way the table shows its spinner over a blank, not "no keys yet" (lib/table.tsx):
    // the answer is held until the page has been looked at.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/admin/api-tokens*', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('menuitem', { name: '账号与安全' }).click();
    await page.waitForURL(`${base}/admin/security`);
    await page.getByRole('heading', { name: '账号与安全', exact: true }).waitFor();
    const tokens = page.getByTestId('security-tokens');
    await tokens.getByTestId('table-loading-blank').waitFor();
    expect(await tokens.getByText('还没有发放过接入密钥').count()).toBe(0);
    release(); // later requests pass straight through (the promise stays resolved)
    await tokens.getByText('还没有发放过接入密钥').waitFor();

    // Accounts: the demo staff with role labels and whether a second factor is set up (nobody has one yet).
    const grid = page.getByTestId('user-row-grid1');
    await grid.waitFor();
    expect(await grid.innerText()).toContain('网格员');
    expect(await grid.getByTestId('user-mfa').innerText()).toBe('未设置');
    // Search by the start of the name.
    await page.getByTestId('user-search').locator('input').fill('安全');
    await page.getByTestId('user-search').locator('input').press('Enter');
    await expect.poll(() => page.locator('[data-testid^="user-row-"]').count()).toBe(1);
    await page.getByTestId('user-row-secadmin').waitFor();
    await suite.shot(page, 'desktop-users');

    // Issue a key: the set-up dialog for the second factor appears first, then the key is shown once.
    await page.getByTestId('token-issue').click();
    const issue = page.getByRole('dialog', { name: '发放新密钥' });
    await issue.getByTestId('token-name').fill('东门测温门禁');
    // Every org of the admin's scope can hold a key (not only those with accounts), named by its path.
    await issue.getByTestId('token-org').click();
    await page.keyboard.type('B社区');
    await page.locator('.ant-select-dropdown').getByText('B社区 / 第二网格', { exact: true }).waitFor();
    await page.keyboard.press('Escape');
    await issue.getByTestId('token-issue-submit').click();
    await enrollSecondFactor(page);

    const shown = page.getByRole('dialog', { name: '请立即复制这把密钥' });
    await shown.waitFor();
    const secret = (await shown.getByTestId('token-secret').innerText()).trim();
    expect(secret).toMatch(/^rx_[0-9a-f-]{36}_[A-Za-z0-9_-]{20,}$/);
    expect(await shown.innerText()).toContain('只显示这一次');
    await suite.shot(page, 'desktop-secret');
    await shown.getByTestId('token-secret-done').click();
    await shown.waitFor({ state: 'detached' });

    // The list shows the key as working, and never the secret again.
    const row = page.getByTestId('token-row-东门测温门禁');
    await expect.poll(() => row.getByTestId('token-state').innerText().catch(() => '')).toBe('可用');
    // Its id, as the impact query takes it (token:<id>).
    expect(await row.getByTestId('token-id').innerText()).toMatch(/^token:[0-9a-f-]{36}$/);
    expect(await row.innerText()).toContain('设备上报');
    expect(await page.locator('body').innerText()).not.toContain(secret);

    // The key works until it is revoked.
    const use = () => page.request.get(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await use()).status()).toBe(200);
    await row.getByTestId('token-revoke').click();
    await confirmWith(page.getByTestId('token-revoke-ok'));
    await expect.poll(() => row.getByTestId('token-state').innerText()).toBe('已作废');
    expect((await use()).status()).toBe(401);
    await suite.shot(page, 'desktop-revoked');

    // Lost phone: the community admin has an authenticator; the security admin resets it (already verified in this
    // session, so no code is asked), and the community admin's session ends.
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const csrf = ((await (await admin.page.request.get(`${base}/api/auth/me`)).json()) as { csrfToken: string }).csrfToken;
    const setup = await admin.page.request.post(`${base}/api/auth/mfa/setup`, { headers: { 'x-csrf-token': csrf } });
    const adminKey = ((await setup.json()) as { secret: string }).secret;
    const enable = await admin.page.request.post(`${base}/api/auth/mfa/enable`, { headers: { 'x-csrf-token': csrf }, data: { code: totp(adminKey) } });
    expect(enable.status()).toBe(200);
    await page.getByTestId('user-search').locator('input').fill('');
    await page.getByTestId('user-search').locator('input').press('Enter');
    const adminRow = page.getByTestId('user-row-admin');
    await expect.poll(() => adminRow.getByTestId('user-mfa').innerText()).toBe('已设置');
    // Own row: set up by issuing the key, but no reset button (it would end the admin's own session).
    expect(await page.getByTestId('user-row-secadmin').getByTestId('user-mfa').innerText()).toBe('已设置');
    expect(await page.getByTestId('user-row-secadmin').getByTestId('user-mfa-reset').count()).toBe(0);
    await adminRow.getByTestId('user-mfa-reset').click();
    await confirmWith(page.getByRole('button', { name: '确认重置' }));
    await expect.poll(() => adminRow.getByTestId('user-mfa').innerText()).toBe('未设置');
    expect((await admin.page.request.get(`${base}/api/auth/me`)).status()).toBe(401);

    // The revoked key's row links to the impact query about it (the security admin may ask it): whose data did it touch?
    const tokenId = (await row.getByTestId('token-id').innerText()).trim();
    await row.getByTestId('token-impact').click();
    await page.waitForURL((url) => url.pathname === '/admin/impact' && url.searchParams.get('actor') === tokenId);
    await expect.poll(() => page.locator('body').innerText()).toContain('接入密钥 东门测温门禁');

    expect(sec.problems).toEqual([]);
  });

  it('is usable on a phone: accounts with their second-factor state, the issue button in reach', async () => {
    const sec = await suite.loggedIn('secadmin', { viewport: PHONE });
    const { page } = sec;
    await page.goto(`${suite.base}/admin/security`);
    const grid = page.getByTestId('user-row-grid1');
    await grid.waitFor();
    expect(await grid.getByTestId('user-mfa').innerText()).toBe('未设置');
    // No sideways scrolling of the page on a phone.
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.getByTestId('token-issue').waitFor();
    await suite.shot(page, 'phone', true);
    expect(sec.problems).toEqual([]);
  });
});
