// Accessibility (SYSTEM.md: "an accessible UI that a worker with weak digital skills can use"): axe-core's WCAG 2.0/2.1
// A and AA rules on the main pages of several roles — signed out, community admin, grid worker on a phone, auditor,
// security admin and resident. A serious or critical violation fails the test, with the rule, its help text and the
// elements, unless EXCLUDED names it.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { menuEntries } from '../src/actions';
import { type AxeExclusion, axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, PHONE, e2eSuite } from '../src/suite';

/**
 * Violations left on purpose: one rule and the exact element each, with the reason. Keep this list short — fix the page
 * first (our colours: app/providers.tsx theme tokens and our own CSS).
 */
const EXCLUDED: readonly AxeExclusion[] = [];

async function expectAccessible(page: Page, where: string): Promise<void> {
  const found = await axeViolations(page, { exclude: EXCLUDED });
  // The count, not the list: the message already lists them, readably.
  expect(found.length, describeViolations(where, found)).toBe(0);
}

/** The first resident the user may see (the API the list page uses). */
async function firstResidentId(page: Page, base: string): Promise<string> {
  const res = await page.request.get(`${base}/api/residents?page=1&pageSize=1`, { headers: { 'X-Purpose': 'registry.maintenance' } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: Array<{ id: string }> }).items[0]!.id;
}

describe('accessibility (axe-core, WCAG 2.1 A/AA) of the main pages', () => {
  const suite = e2eSuite('accessibility');

  it('signed out: the login page (desktop and phone) and the processing rules', async () => {
    const s = await suite.browser({ viewport: DESKTOP });
    const { page } = s;
    await page.goto(`${suite.base}/login`);
    await page.getByLabel('用户名', { exact: true }).waitFor();
    await expectAccessible(page, 'login');
    // A failed attempt shows the error under the form (an unknown name: no demo account gets closer to a lock-out).
    await page.getByLabel('用户名', { exact: true }).fill('nobody');
    await page.getByLabel('密码', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByTestId('login-error').waitFor();
    await expectAccessible(page, 'login with an error');
    await page.setViewportSize(PHONE);
    await expectAccessible(page, 'login on a phone');
    await page.getByTestId('privacy-notice-link').click();
    await page.getByTestId('privacy-notice').waitFor();
    await expectAccessible(page, 'privacy notice (phone)');
    // The English switch (zh-CN first): the page's language changes with it.
    await page.getByTestId('language-switch').click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible(page, 'privacy notice in English (phone)');
    expect(s.problems).toEqual([]);
  });

  it('community admin: workbench, resident list, the export dialog, a profile and the import page', async () => {
    const base = suite.base;
    const s = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = s;
    expect(await menuEntries(page)).toEqual(expect.arrayContaining(['居民档案', '导入']));
    await page.getByTestId('overview-card').getByRole('heading', { name: '人口概况' }).waitFor();
    await expectAccessible(page, 'admin workbench');

    await page.getByRole('menuitem').filter({ hasText: /^居民档案$/ }).click();
    await expect.poll(() => page.getByTestId('registry-count').innerText()).toMatch(/共 [\d,]+ 人/);
    await expectAccessible(page, 'resident list');
    // The export request dialog (columns, purpose, reason).
    await page.getByTestId('open-export').click();
    const exportDialog = page.getByRole('dialog', { name: '导出居民名单' });
    await exportDialog.getByLabel('导出原因').waitFor();
    await expectAccessible(page, 'export request (dialog)');
    await page.keyboard.press('Escape');
    await exportDialog.waitFor({ state: 'hidden' });

    await page.goto(`${base}/registry/residents/${await firstResidentId(page, base)}`);
    await page.getByTestId('resident-name').waitFor();
    await page.getByTestId('resident-details').waitFor();
    await expectAccessible(page, 'resident profile');

    await page.getByRole('menuitem').filter({ hasText: /^导入$/ }).click();
    await page.getByTestId('import-choose').waitFor();
    await expectAccessible(page, 'import page');
    expect(s.problems).toEqual([]);
  });

  it('grid worker on a phone: workbench, the menu drawer, the resident list and a profile', async () => {
    const base = suite.base;
    const s = await suite.loggedIn('grid1', { viewport: PHONE });
    const { page } = s;
    await page.getByTestId('me-role').waitFor();
    await expectAccessible(page, 'grid worker workbench (phone)');

    await page.getByRole('button', { name: '打开菜单' }).click();
    expect(await menuEntries(page)).toContain('居民档案');
    await expectAccessible(page, 'menu drawer (phone)');
    await page.getByRole('menuitem').filter({ hasText: /^居民档案$/ }).click();
    await page.getByRole('navigation', { name: '主菜单' }).waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('registry-count').innerText()).toMatch(/共 [\d,]+ 人/);
    await expectAccessible(page, 'resident list (phone)');

    await page.goto(`${base}/registry/residents/${await firstResidentId(page, base)}`);
    await page.getByTestId('resident-details').waitFor();
    await expectAccessible(page, 'resident profile (phone)');
    expect(s.problems).toEqual([]);
  });

  it('auditor: the audit log viewer', async () => {
    const s = await suite.loggedIn('auditor', { viewport: DESKTOP });
    const { page } = s;
    await page.getByRole('menuitem').filter({ hasText: /^审计日志$/ }).click();
    await expect.poll(() => page.getByTestId('audit-total').innerText()).toMatch(/\d/);
    await expectAccessible(page, 'audit log');
    expect(s.problems).toEqual([]);
  });

  it('security admin: accounts and security, and the dialog that issues an API token', async () => {
    const s = await suite.loggedIn('secadmin', { viewport: DESKTOP });
    const { page } = s;
    await page.getByRole('menuitem').filter({ hasText: /^账号与安全$/ }).click();
    await page.getByTestId('user-row-secadmin').waitFor();
    await expectAccessible(page, 'accounts and security');
    // The dialog that issues an API token (its form: name, area, scopes, validity).
    await page.getByTestId('token-issue').click();
    await page.getByTestId('token-name').waitFor();
    await expectAccessible(page, 'issue an API token (dialog)');
    expect(s.problems).toEqual([]);
  });

  it('resident: 我的信息 (desktop and phone)', async () => {
    const s = await suite.loggedIn('resident', { viewport: DESKTOP });
    const { page } = s;
    await page.getByRole('menuitem').filter({ hasText: /^我的信息$/ }).click();
    await page.getByTestId('my-record').waitFor();
    await page.getByTestId('my-consent').waitFor();
    await expectAccessible(page, 'my record');
    await page.setViewportSize(PHONE);
    await page.getByTestId('menu-toggle').waitFor();
    await expectAccessible(page, 'my record (phone)');
    expect(s.problems).toEqual([]);
  });
});
