// DEV ONLY — drives Chromium through the main pages and writes PNGs to /tmp/rx-shots for a human to look at.
// Usage: npx tsx packages/web/dev/screenshots.ts http://127.0.0.1:5174
import { chromium, type Page } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BASE = process.argv[2] ?? 'http://127.0.0.1:5174';
const OUT = process.env.OUT ?? '/tmp/rx-shots';
mkdirSync(OUT, { recursive: true });

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'rx-shots-')), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 1366, height: 800 },
});

function watch(page: Page, tag: string) {
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.log(`[${tag}] console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => console.log(`[${tag}] pageerror: ${e.message}`));
}

async function login(page: Page, username: string, password = 'Renxing@Demo2026') {
  await page.goto(`${BASE}/login`);
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByRole('button', { name: /登\s*录|Log in/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(OUT, `${name}.png`) });

// Desktop
const page = context.pages()[0] ?? (await context.newPage());
watch(page, 'desktop');
await page.goto(`${BASE}/audit`);
await page.waitForURL(/\/login/);
await page.getByLabel(/用户名/).waitFor();
await shot(page, '01-login');
await page.getByLabel(/用户名/).fill('auditor');
await page.getByLabel(/^密码$/).fill('wrong');
await page.getByRole('button', { name: /^登录$/ }).click();
await page.getByTestId('login-error').waitFor();
await shot(page, '02-login-error');
await page.getByLabel(/^密码$/).fill('Renxing@Demo2026');
await page.getByRole('button', { name: /^登录$/ }).click();
await page.waitForURL(/\/audit$/);
await page.getByTestId('audit-table').locator('tbody tr').nth(3).waitFor();
await shot(page, '03-audit');
await page.getByTestId('audit-verify').click();
await page.getByTestId('audit-verify-result').waitFor();
await page.getByTestId('audit-table').locator('tbody tr').nth(1).click();
await page.getByTestId('audit-detail-hash').waitFor();
await page.waitForTimeout(600);
await shot(page, '04-audit-detail');
await page.keyboard.press('Escape');
await page.getByRole('menuitem', { name: /工作台/ }).click();
await page.getByTestId('me-role').waitFor();
await shot(page, '05-dashboard-auditor');
await page.getByTestId('language-switch').click();
await page.getByText('Workbench').first().waitFor();
await page.goto(`${BASE}/audit`);
await page.getByTestId('audit-table').locator('tbody tr').nth(3).waitFor();
await shot(page, '06-audit-en');
await page.getByTestId('language-switch').click();
await page.getByTestId('user-menu').click();
await page.getByRole('menuitem', { name: '修改密码' }).click();
await page.getByLabel('当前密码').fill('Renxing@Demo2026');
await page.getByLabel('新密码', { exact: true }).fill('auditor1');
await page.getByLabel('再次输入新密码').fill('auditor1');
await page.getByRole('button', { name: '确认修改' }).click();
await page.locator('.ant-form-item-explain-error').first().waitFor();
await shot(page, '07-password-errors');
await page.getByTestId('user-menu').click();
await page.getByRole('menuitem', { name: '退出登录' }).click();
await page.waitForURL(/\/login/);

// Grid worker: no audit menu, 403 on /audit; and the coming-soon page.
await login(page, 'grid1');
await shot(page, '08-dashboard-grid');
await page.goto(`${BASE}/audit`);
await page.getByRole('heading', { name: '没有访问权限' }).waitFor();
await shot(page, '09-forbidden');
await page.goto(`${BASE}/registry`);
await page.getByRole('heading', { name: '建设中' }).waitFor();
await shot(page, '10-coming-soon');
await page.goto(`${BASE}/nope`);
await page.getByRole('heading', { name: '页面不存在' }).waitFor();
await shot(page, '11-not-found');

// Phone
const phone = await context.newPage();
watch(phone, 'phone');
await phone.setViewportSize({ width: 390, height: 844 });
await phone.goto(`${BASE}/`);
await phone.getByTestId('me-role').waitFor();
await shot(phone, '12-phone-dashboard');
await phone.getByTestId('menu-toggle').click();
await phone.getByRole('menuitem', { name: /居民档案/ }).waitFor();
await phone.waitForTimeout(600);
await phone.screenshot({ path: join(OUT, '13-phone-menu.png') });
await phone.getByRole('menuitem', { name: /预警/ }).click();
await phone.getByRole('heading', { name: '建设中' }).waitFor();
await phone.getByTestId('user-menu').click();
await phone.getByRole('menuitem', { name: '退出登录' }).click();
await phone.waitForURL(/\/login/);
await phone.getByLabel(/用户名/).waitFor();
await shot(phone, '14-phone-login');

await context.close();
console.log(`screenshots in ${OUT}`);
