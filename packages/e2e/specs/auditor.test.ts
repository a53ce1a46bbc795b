import { describe, expect, it } from 'vitest';
import { csrfToken, login, menuEntries, pathOf, submitLogin } from '../src/actions';
import { DEMO_PASSWORD } from '../src/harness';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

describe('auditor in the browser', () => {
  // One server per file; a fresh browser profile (cookies, storage, language) per test.
  const suite = e2eSuite('auditor');

  it('logs in, reads and verifies the audit log, switches to English, logs out and is sent back to login', async () => {
    const browser = await suite.browser();
    const { page } = browser;
    const base = suite.base;

    // A protected page without a session goes to the login page, remembering where the user wanted to go.
    await page.goto(`${base}/audit`);
    await page.waitForURL(`${base}/login?next=%2Faudit`);
    await page.getByRole('heading', { name: '登录', exact: true }).waitFor();

    // A wrong password gets the generic message next to the form and no session.
    await submitLogin(page, 'auditor', 'not-the-password');
    const loginError = page.getByTestId('login-error');
    await loginError.waitFor();
    expect(await loginError.innerText()).toContain('用户名或密码不正确');
    expect(pathOf(page)).toBe('/login?next=%2Faudit');

    // The right password lands on the page asked for.
    await submitLogin(page, 'auditor');
    await page.waitForURL(`${base}/audit`);
    await page.getByRole('heading', { name: '审计日志', exact: true }).waitFor();

    // Header shows the auditor's organisation as the server reports it; the menu shows only what an auditor may use.
    const me = await page.request.get(`${base}/api/auth/me`);
    expect(me.status()).toBe(200);
    const { user } = (await me.json()) as { user: { role: string; org: { name: string } } };
    expect(user.role).toBe('auditor');
    expect((await page.getByTestId('org-name').innerText()).trim()).toBe(user.org.name);
    // 影响评估 (ADR 0031): the auditor may also ask whom a suspected leak affects.
    expect(await menuEntries(page)).toEqual(['工作台', '审计日志', '影响评估']);

    // Through the menu: workbench shows role and organisation, then back to the audit log.
    await page.getByRole('menuitem', { name: '工作台' }).click();
    await page.waitForURL(`${base}/`);
    await expect.poll(() => page.getByTestId('me-role').innerText()).toBe('审计员');
    expect(await page.getByTestId('me-org').innerText()).toBe(user.org.name);
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.waitForURL(`${base}/audit`);

    // Rows from the server: the failed and the successful login of this test are both there, newest first.
    const table = page.getByTestId('audit-table');
    const rows = table.locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    await expect.poll(() => table.innerText()).toContain('login_failed');
    const tableText = await table.innerText();
    expect(tableText).toMatch(/登录失败\s+login_failed/);
    expect(tableText).toMatch(/登录\s+login\b/);
    const total = await page.getByTestId('audit-total').innerText();
    expect(total).toMatch(/^共 [\d,]+ 条$/);
    expect(Number(/[\d,]+/.exec(total)![0].replace(/,/g, ''))).toBeGreaterThanOrEqual(2);

    // Row detail: hash, previous hash and request id. The newest row is the auditor's own earlier reading of the log once
    // the list has been read again (the page may first show what it held from before that reading was recorded).
    await expect.poll(() => rows.first().innerText()).toContain('audit_search');
    await rows.first().click();
    const detail = page.getByTestId('audit-detail');
    await detail.waitFor();
    expect(await page.getByTestId('audit-detail-hash').innerText()).toMatch(/^[0-9a-f]{64}$/);
    expect(await detail.innerText()).toMatch(/前一条哈希\s+[0-9a-f]{64}/);
    expect(await page.getByTestId('audit-detail-request-id').innerText()).not.toBe('无');
    // The newest row is the auditor's own reading of the log: 单位 names their unit (its id below), not only an id.
    expect(await detail.innerText()).toMatch(/查询审计日志\s+audit_search/);
    expect(await page.getByTestId('audit-actor-org-name').innerText()).toBe(user.org.name);
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });

    // Filter by action through the form: the URL carries the filter and every row matches it.
    await page.getByLabel('操作', { exact: true }).fill('login_failed');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(`${base}/audit?action=login_failed`);
    await expect.poll(async () => (await rows.allInnerTexts()).every((r) => r.includes('login_failed'))).toBe(true);
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: '重置' }).click();
    await page.waitForURL(`${base}/audit`);

    // Verify the hash chain.
    await page.getByTestId('audit-verify').click();
    const verdict = page.getByTestId('audit-verify-result');
    await verdict.waitFor();
    expect(await verdict.innerText()).toMatch(/哈希链完整：已校验 \d+ 条记录，未发现篡改。/);

    // English: the whole UI switches, and the choice survives a reload.
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Audit log', exact: true }).waitFor();
    expect(await menuEntries(page)).toEqual(['Workbench', 'Audit log', 'Breach impact']);
    expect(await verdict.innerText()).toMatch(/Hash chain intact: \d+ entries checked, no tampering found\./);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Audit log', exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('audit-total').innerText()).toMatch(/^[\d,]+ entries$/);

    // Log out through the user menu.
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(`${base}/login`);
    await page.getByRole('heading', { name: 'Log in', exact: true }).waitFor();
    expect((await page.request.get(`${base}/api/auth/me`)).status()).toBe(401);

    // The session is gone: a protected page sends the user to login again.
    await page.goto(`${base}/audit`);
    await page.waitForURL(`${base}/login?next=%2Faudit`);
    await page.getByRole('heading', { name: 'Log in', exact: true }).waitFor();

    expect(browser.problems).toEqual([]);
  });

  it('a grid worker’s search shows how many residents it showed; the drawer lists their record ids (ADR 0046)', async () => {
    const base = suite.base;
    // The grid worker searches (the API the search box uses) by the surname of someone on their list.
    const worker = await suite.loggedIn('grid1', { viewport: DESKTOP });
    const workerId = ((await (await worker.page.request.get(`${base}/api/auth/me`)).json()) as { user: { id: string } }).user.id;
    const listed = (await (await worker.page.request.get(`${base}/api/residents?pageSize=1`)).json()) as { items: Array<{ nameMasked: string }> };
    const found = await worker.page.request.post(`${base}/api/residents/search`, {
      headers: { 'x-csrf-token': await csrfToken(worker.page, base) }, data: { q: listed.items[0]!.nameMasked.slice(0, 1), limit: 10 },
    });
    expect(found.status()).toBe(200);
    const shown = ((await found.json()) as { items: Array<{ id: string }> }).items.map((x) => x.id);
    expect(shown.length).toBeGreaterThan(0);

    // The auditor filters the log to that worker's searches: the row says how many residents the answer showed.
    const auditor = await suite.loggedIn('auditor', { viewport: DESKTOP });
    const { page } = auditor;
    await page.goto(`${base}/audit?actorId=${workerId}&action=search`);
    const row = page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first();
    const link = row.getByTestId('audit-disclosed');
    await link.waitFor();
    expect(await link.innerText()).toBe(`显示了 ${shown.length} 位居民`);

    // The link opens the residents' drawer (not the row's detail): exactly the record ids the search returned.
    await link.click();
    const drawer = page.getByTestId('audit-disclosures');
    await drawer.waitFor();
    const ids = drawer.getByTestId('audit-disclosure-id');
    await expect.poll(() => ids.count()).toBe(shown.length);
    expect((await ids.allInnerTexts()).map((s) => s.trim()).sort()).toEqual([...shown].sort());
    expect(await page.getByTestId('audit-disclosures-total').innerText()).toBe(`共 ${shown.length} 位居民`);
    expect(await page.getByTestId('audit-detail').count()).toBe(0);
    await suite.shot(page, 'disclosures-desktop');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    // The row's detail says it too, and its link opens the same list in place of the detail.
    await row.click();
    const detail = page.getByTestId('audit-detail');
    await detail.waitFor();
    await detail.getByTestId('audit-disclosed').click();
    await detail.waitFor({ state: 'detached' });
    await expect.poll(() => ids.count()).toBe(shown.length);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // On a phone the row is a card, with the same link; in English too.
    await page.setViewportSize(PHONE);
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Audit log', exact: true }).waitFor();
    await expect.poll(() => link.innerText()).toBe(shown.length === 1 ? 'showed 1 resident' : `showed ${shown.length} residents`);
    await link.scrollIntoViewIfNeeded();
    await suite.shot(page, 'disclosures-phone-row');
    await link.click();
    await drawer.waitFor();
    await expect.poll(() => ids.count()).toBe(shown.length);
    expect(await page.getByTestId('audit-disclosures-total').innerText()).toBe(`${shown.length} residents`);
    await suite.shot(page, 'disclosures-phone-english');

    expect(auditor.problems).toEqual([]);
    expect(worker.problems).toEqual([]);
  });

  it('asks for the password in place when the session ends while working, resends the request; another account goes through login and back', async () => {
    const browser = await suite.browser();
    const { page, context } = browser;
    const base = suite.base;
    await login(page, base, 'auditor');
    await page.goto(`${base}/audit?outcome=success`);
    await page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first().waitFor();

    // The session cookie disappears (expiry, logout elsewhere); the next request answers 401. The page stays, under a
    // sign-in dialog (ADR 0066); after signing in, the refused request (verify the chain) is sent again by itself.
    await context.clearCookies();
    await page.getByTestId('audit-verify').click();
    const signIn = page.getByRole('dialog', { name: '请重新登录' });
    await signIn.waitFor();
    expect(await signIn.getByTestId('sign-in-again-reason').innerText()).toContain('登录已失效');
    expect(page.url()).toBe(`${base}/audit?outcome=success`);
    await signIn.getByTestId('sign-in-again-password').fill(DEMO_PASSWORD);
    await signIn.getByTestId('sign-in-again-submit').click();
    await signIn.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('audit-verify-result').innerText()).toMatch(/哈希链完整/);

    // Again, and this time 换个账号登录: the login page says the login expired, and brings the user back to the same page.
    await context.clearCookies();
    await page.getByTestId('audit-verify').click();
    await signIn.waitFor();
    await signIn.getByTestId('sign-in-again-other').click();
    await page.waitForURL(`${base}/login?next=%2Faudit%3Foutcome%3Dsuccess&expired=1`);
    await page.getByText('登录已过期，请重新登录。').waitFor();

    await submitLogin(page, 'auditor');
    await page.waitForURL(`${base}/audit?outcome=success`);
    await page.getByTestId('audit-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByLabel('结果', { exact: true }).locator('xpath=ancestor::*[contains(@class,"ant-select")][1]').innerText()).toContain('成功');

    expect(browser.problems).toEqual([]);
  });
});
