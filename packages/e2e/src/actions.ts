// Small user-level steps shared by the specs. They act the way a person does: labels, buttons, menu entries.
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from './harness';
import { totp } from './totp';

/** Fills the login form (Chinese UI) and submits it. */
export async function submitLogin(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/** Opens /login, logs in and waits until the app left the login page. */
export async function login(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await submitLogin(page, username);
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** Names of the entries in the side menu (desktop) or the menu drawer (phone). */
export async function menuEntries(page: Page): Promise<string[]> {
  const items = page.getByRole('navigation', { name: /主菜单|Main menu/ }).getByRole('menuitem');
  await items.first().waitFor();
  return (await items.allInnerTexts()).map((s) => s.trim());
}

export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

/** True when the page is wider than the window (the user would have to scroll sideways). */
export const scrollsSideways = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');

/** The CSRF token of the page's session, for API writes made the way the app makes them. */
export async function csrfToken(page: Page, baseUrl: string): Promise<string> {
  const res = await page.request.get(`${baseUrl}/api/auth/me`);
  if (res.status() !== 200) throw new Error(`GET /api/auth/me answered ${res.status()}`);
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

/** The resident record linked to the logged-in resident account (the demo links `resident` to a household head). */
export async function ownResidentId(page: Page, baseUrl: string): Promise<string> {
  const res = await page.request.get(`${baseUrl}/api/self-reports/mine`);
  if (res.status() !== 200) throw new Error(`GET /api/self-reports/mine answered ${res.status()}`);
  const self = ((await res.json()) as { members: Array<{ id: string; self: boolean }> }).members.find((m) => m.self);
  if (!self) throw new Error('the account is not linked to a resident');
  return self.id;
}

type PlaceItem = { kind: string; id: string; name: string };
/** The places one level below a node of the place tree (root → community → grid → compound → building), as the UI reads them. */
export async function placeChildren(page: Page, baseUrl: string, kind: string, id?: string): Promise<PlaceItem[]> {
  const res = await page.request.get(`${baseUrl}/api/places/tree?kind=${kind}${id ? `&id=${encodeURIComponent(id)}` : ''}`);
  if (res.status() !== 200) throw new Error(`GET /api/places/tree?kind=${kind} answered ${res.status()}`);
  return ((await res.json()) as { items: PlaceItem[] }).items;
}

/** A compound and one of its buildings in the first grid of the user's community (for an import file's address columns). */
export async function existingBuilding(page: Page, baseUrl: string): Promise<{ compound: string; building: string }> {
  const [community] = await placeChildren(page, baseUrl, 'root');
  const [grid] = await placeChildren(page, baseUrl, 'community', community!.id);
  const [compound] = await placeChildren(page, baseUrl, 'grid', grid!.id);
  const [building] = await placeChildren(page, baseUrl, 'compound', compound!.id);
  return { compound: compound!.name, building: building!.name };
}

/**
 * Picks `option` in the antd Select labelled by `field` and checks that the select now shows it. On a busy machine a
 * click during the dropdown's opening animation can be lost (seen in CI), so a lost pick is tried again, at most 3 times.
 */
export async function chooseOption(page: Page, field: Locator, option: string): Promise<void> {
  // The Select's root (the labelled input's ancestor, or the element itself when a test id sits on the root).
  const root = field.locator('xpath=ancestor-or-self::div[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  for (let attempt = 1; ; attempt++) {
    await field.click();
    try {
      await page.locator('.ant-select-item-option:visible', { hasText: option }).first().click({ timeout: 5_000 });
      const deadline = Date.now() + 3_000;
      while (!(await root.innerText()).includes(option)) {
        if (Date.now() > deadline) throw new Error(`the select does not show "${option}" after choosing it`);
        await page.waitForTimeout(100);
      }
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

/**
 * Clicks the confirm button of a popconfirm or confirm dialog and waits until it has closed. On a busy machine a click
 * that lands while the popup is still animating in can be lost (seen in CI on the security-admin page), so the click is
 * repeated, at most 3 times, while the button is still shown.
 */
export async function confirmWith(button: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (attempt === 1) await button.click();
    else {
      // The first click may have gone through with a slow answer behind it: the dialog can close while this click
      // waits for its button, and a button that has gone is the dialog closed, not a failure.
      try {
        await button.click({ timeout: 5_000 });
      } catch (e) {
        if (!(await button.isVisible())) return;
        throw e;
      }
    }
    try {
      await button.waitFor({ state: 'hidden', timeout: 4_000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/**
 * The second factor's set-up dialog (绑定身份验证器) that a privileged action opens on first use (ADR 0011): reads the
 * key shown, types the current code and waits until the dialog has closed and the action has gone through.
 */
export async function enrollSecondFactor(page: Page): Promise<void> {
  const mfa = page.getByRole('dialog', { name: '绑定身份验证器' });
  await mfa.waitFor();
  await mfa.getByLabel('6 位验证码').fill(totp(await mfa.getByTestId('mfa-secret').innerText()));
  await mfa.getByTestId('mfa-submit').click();
  await mfa.waitFor({ state: 'detached' });
}

/**
 * From the import page's result, 去居民档案查看 → the resident list, searched by pinyin initials: the one row that holds
 * `rowText` (the address the file gave), after the list says it searched by pinyin. Fails when there is not exactly one.
 */
export async function findImportedByPinyin(page: Page, baseUrl: string, initials: string, rowText: string): Promise<Locator> {
  await page.getByRole('button', { name: '去居民档案查看' }).click();
  await page.waitForURL(`${baseUrl}/registry`);
  await page.getByLabel('查找居民', { exact: true }).fill(initials);
  await page.getByRole('button', { name: '查找' }).click();
  const row = page.getByTestId('registry-table').locator('tbody tr', { hasText: rowText });
  const deadline = Date.now() + 30_000;
  while ((await row.count()) !== 1) {
    if (Date.now() > deadline) throw new Error(`searching "${initials}": ${await row.count()} rows hold "${rowText}", expected 1`);
    await page.waitForTimeout(100);
  }
  const count = await page.getByTestId('registry-count').innerText();
  if (!count.includes('按拼音查找')) throw new Error(`searching "${initials}": the list says "${count}", not 按拼音查找`);
  return row;
}

/** On the import page: chooses `file`, runs the check (dry run) and returns the error table's rows once the result shows. */
export async function checkImportFile(page: Page, file: string): Promise<Locator> {
  await page.locator('input[type=file]').setInputFiles(file);
  const name = file.split(/[\\/]/).pop()!;
  await page.getByTestId('import-file-name').filter({ hasText: name }).waitFor();
  await page.getByTestId('import-check').click();
  await page.getByTestId('import-check-result').waitFor();
  return page.getByTestId('import-errors').locator('tbody tr');
}

/**
 * GETs an API path as the page's signed-in user (the browser context's cookies) and returns its JSON; anything but 200
 * fails the test, naming the path. `headers` adds e.g. an X-Purpose.
 */
export async function getJson<T>(page: Page, base: string, path: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await page.request.get(`${base}${path}`, { headers });
  if (res.status() !== 200) throw new Error(`GET ${path}: expected 200, got ${res.status()} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

/**
 * POSTs JSON to an API path as the page's signed-in user, with the CSRF token and a fresh Idempotency-Key (`headers` may
 * set another or add more), and returns the JSON answer; anything but a 2xx fails the test, naming the path and the answer.
 */
export async function postJson<T>(page: Page, base: string, path: string, data: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await page.request.post(`${base}${path}`, { headers: { 'x-csrf-token': await csrfToken(page, base), 'Idempotency-Key': crypto.randomUUID(), ...headers }, data });
  if (res.status() >= 300) throw new Error(`POST ${path}: expected 2xx, got ${res.status()} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}
