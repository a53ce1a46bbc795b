// A new version is deployed while a worker has the app open: the page's code chunks of the old build are gone from the
// server (404). Navigating to a page whose chunk is missing must reload once at that address (loading the new build)
// instead of ending on an error; when even the reload cannot load it, the page says the system was updated and offers a
// reload. The missing chunk is simulated by answering 404 for the places page's chunk (script and style sheet): the
// shared dist/ folder is not touched, so parallel specs are unaffected.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, submitLogin } from '../src/actions';
import { DESKTOP, e2eSuite } from '../src/suite';

const PLACES_CHUNK = /\/assets\/places-[^/]*\.(js|css)$/;
/** The signed-in shell's code: not part of the login page (ADR 0064). */
const SHELL_CHUNK = /\/assets\/(antd-pages|app-layout|dashboard\.page)-[\w-]+\.js$/;

/** Waits until `count()` has not grown for a second (Playwright's networkidle fires once per navigation, not again). */
async function settled(page: Page, count: () => number): Promise<void> {
  for (let last = -1; count() !== last; ) {
    last = count();
    await page.waitForTimeout(1000);
  }
}

/** Answers 404 for the places chunk while `blocked()` says so; counts the refusals and the page loads after this call. */
async function simulateDeploy(page: Page, blocked: () => boolean) {
  const seen = { refused: 0, loads: 0 };
  page.on('load', () => void (seen.loads += 1));
  await page.route(PLACES_CHUNK, async (route) => {
    if (!blocked()) return route.continue();
    seen.refused += 1;
    return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found"}}' });
  });
  return seen;
}

describe('a new version deployed while the app is open', () => {
  const suite = e2eSuite('new-version');

  it('navigating to a page of the old build reloads once and opens the page of the new build', async () => {
    const { page } = await suite.loggedIn('admin', { viewport: DESKTOP });
    let reloaded = false;
    const seen = await simulateDeploy(page, () => !reloaded);
    page.on('load', () => void (reloaded = true));

    await page.getByRole('menuitem', { name: '地点管理' }).click();
    await page.getByRole('heading', { name: /^地点管理/ }).waitFor();
    await page.getByTestId('grid-第一网格').waitFor();
    expect(new URL(page.url()).pathname).toBe('/registry/places');
    expect(seen.refused).toBeGreaterThanOrEqual(1);
    expect(seen.loads).toBe(1);
  });

  it('when the reload cannot load it either, the page says the system was updated and its button reloads', async () => {
    const { page } = await suite.loggedIn('admin', { viewport: DESKTOP });
    const seen = await simulateDeploy(page, () => true);

    await page.getByRole('menuitem', { name: '地点管理' }).click();
    // One automatic reload, then the message (not a second reload: that would loop).
    await page.getByText('系统已更新').waitFor();
    await expect.poll(() => seen.loads).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/registry/places');
    await expect.poll(() => page.getByText('当前页面来自旧版本').count()).toBe(1);

    await page.getByRole('button', { name: '刷新页面' }).click();
    await expect.poll(() => seen.loads).toBe(2);
    await page.getByText('系统已更新').waitFor();
  });

  it('a page whose code cannot load while the server is unreachable: no reload, 暂时无法连接服务器, and 重试 opens it once the server is back', async () => {
    const { page } = await suite.loggedIn('admin', { viewport: DESKTOP });
    let down = true;
    let loads = 0;
    page.on('load', () => void (loads += 1));
    // The network drops: the places chunk and the health check get no answer at all (a reload would show the browser's
    // own error page in the tab).
    await page.route(PLACES_CHUNK, (route) => (down ? route.abort('connectionrefused') : route.continue()));
    await page.route('**/healthz', (route) => (down ? route.abort('connectionrefused') : route.continue()));

    await page.getByRole('menuitem', { name: '地点管理' }).click();
    const unreachable = page.getByTestId('route-error-unreachable');
    await unreachable.waitFor();
    expect(await unreachable.innerText()).toBe('暂时无法连接服务器');
    await page.waitForTimeout(1000);
    expect(loads).toBe(0);
    expect(await page.getByText('系统已更新').count()).toBe(0);

    // Still down: 重试 asks again and stays.
    const retry = page.getByRole('button', { name: /^重\s*试$/ });
    await retry.click();
    await expect.poll(() => retry.getAttribute('class')).not.toContain('ant-btn-loading');
    await unreachable.waitFor();
    expect(loads).toBe(0);

    // Back: 重试 loads the page the user was going to.
    down = false;
    await retry.click();
    await page.getByRole('heading', { name: /^地点管理/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/registry/places');
    expect(loads).toBe(1);
  });

  it('the login page runs only what it draws; the workbench code comes while the user types, not after signing in (ADR 0064)', async () => {
    const { page } = await suite.browser({ viewport: DESKTOP });
    const requested: string[] = [];
    page.on('request', (r) => void requested.push(new URL(r.url()).pathname));
    // The shell's code is held back until the form is on screen: the form must not need it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(SHELL_CHUNK, async (route) => {
      await held;
      await route.continue();
    });

    await page.goto(`${suite.base}/login`);
    await page.getByLabel('用户名', { exact: true }).waitFor();
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    release();

    // Nothing typed yet: the layout, the dashboard and the rest of the component library arrive on their own.
    const shellCode = () => requested.filter((u) => SHELL_CHUNK.test(u)).map((u) => u.replace(/-[\w-]{8}\.js$/, '')).sort();
    await expect.poll(shellCode, { timeout: 20_000 }).toEqual(['/assets/antd-pages', '/assets/app-layout', '/assets/dashboard.page']);
    await settled(page, () => requested.length);
    const ahead = requested.length;

    await submitLogin(page, 'admin');
    await page.getByTestId('me-role').waitFor();
    // Signing in fetched data, no workbench code (the signed-in layout then fetches its two dialogs ahead, by design).
    const dialogsAhead = /^\/assets\/(mfa|step-up)-modal-[\w-]+\.js$/;
    expect(requested.slice(ahead).filter((u) => u.startsWith('/assets/') && u.endsWith('.js') && !dialogsAhead.test(u))).toEqual([]);
  });

  it('a chunk fetched ahead that fails leaves the typed form alone, and signing in still opens the workbench', async () => {
    const { page } = await suite.browser({ viewport: DESKTOP });
    let blocked = true;
    let refused = 0;
    let loads = 0;
    page.on('load', () => void (loads += 1));
    await page.route(/\/assets\/app-layout-[\w-]+\.js$/, async (route) => {
      if (!blocked) return route.continue();
      refused += 1;
      return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found"}}' });
    });

    await page.goto(`${suite.base}/login`);
    await page.getByLabel('用户名', { exact: true }).fill('admin');
    await page.getByLabel('密码', { exact: true }).fill('typed-so-far');
    await expect.poll(() => refused, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    // Longer than the new-version reload takes to decide (the next task): no reload, nothing typed lost.
    await page.waitForTimeout(1000);
    expect(loads).toBe(1);
    expect(await page.getByLabel('用户名', { exact: true }).inputValue()).toBe('admin');
    expect(await page.getByLabel('密码', { exact: true }).inputValue()).toBe('typed-so-far');

    // The new build is there now: signing in loads the layout when it is needed.
    blocked = false;
    await submitLogin(page, 'admin');
    await page.getByTestId('me-role').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('a dialog whose code is missing: one reload for the new version, then it counts as cancelled and the drawer keeps its input (ADR 0064)', async () => {
    const { page } = await suite.loggedIn('secadmin', { viewport: DESKTOP });
    const problems: string[] = [];
    page.on('pageerror', (e) => void problems.push(e.message));
    let loads = 0;
    page.on('load', () => void (loads += 1));
    let refused = 0;
    await page.route(/\/assets\/mfa-modal-[\w-]+\.js$/, async (route) => {
      refused += 1;
      return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found"}}' });
    });
    const createAccount = async () => {
      await page.getByRole('menuitem').filter({ hasText: /^账号与安全$/ }).click();
      await page.getByTestId('user-row-secadmin').waitFor();
      await page.getByTestId('account-create').click();
      const drawer = page.getByRole('dialog', { name: '新建工作人员账号' });
      await drawer.getByTestId('account-username').fill('lin.an');
      await drawer.getByTestId('account-display-name').fill('林安');
      await chooseOption(page, drawer.getByTestId('account-role'), '网格员');
      await drawer.getByTestId('account-org').click();
      await page.locator('.ant-select-dropdown:visible').getByTitle('A社区 / 第二网格', { exact: true }).click();
      await drawer.getByTestId('account-submit').click();
      return drawer;
    };

    // The first privileged action needs the second-factor dialog, whose code the server no longer has (fetched ahead
    // after signing in, refused, and refused again when needed): the page reloads once, as for any chunk of an old build.
    await createAccount();
    await expect.poll(() => refused).toBeGreaterThanOrEqual(2);
    await expect.poll(() => loads).toBe(1);
    await page.getByTestId('user-row-secadmin').waitFor();

    // Still missing after the reload: no second reload, and no blank page — the dialog counts as cancelled, the drawer
    // keeps what was typed and shows the server's refusal.
    const again = await createAccount();
    await again.getByText('此操作需要先绑定身份验证器').waitFor();
    expect(loads).toBe(1);
    expect(await again.getByTestId('account-username').inputValue()).toBe('lin.an');
    expect(problems).toEqual([]);
  });

  it('the app comes compressed, and a second visit asks the server again for the HTML shell only', async () => {
    const { page, context } = await suite.browser({ viewport: DESKTOP });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    type Seen = { url: string; status: number; encoding: string; cacheControl: string; length: number; cached: boolean };
    let seen: Seen[] = [];
    const cachedIds = new Set<string>();
    cdp.on('Network.requestServedFromCache', (e) => void cachedIds.add(e.requestId));
    cdp.on('Network.responseReceived', (e) => {
      const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      seen.push({
        url: new URL(e.response.url).pathname, status: e.response.status, encoding: h['content-encoding'] ?? '', cacheControl: h['cache-control'] ?? '',
        length: Number(h['content-length'] ?? NaN), cached: cachedIds.has(e.requestId) || !!e.response.fromDiskCache,
      });
    });
    const assets = () => seen.filter((r) => r.url.startsWith('/assets/'));

    // The form, then the workbench's code that the login page fetches ahead (ADR 0064).
    const formAndWarmUp = async () => {
      await page.getByLabel('用户名', { exact: true }).waitFor();
      await expect.poll(() => assets().some((r) => /^\/assets\/dashboard\.page-/.test(r.url)), { timeout: 20_000 }).toBe(true);
      await settled(page, () => seen.length);
    };
    await page.goto(`${suite.base}/login`);
    await formAndWarmUp();
    // The framework and app scripts and styles: Brotli (the browser accepts it) but for files under 1 KiB, which the
    // build leaves as they are; all kept for good.
    const files = assets().filter((r) => /\.(js|css)$/.test(r.url));
    expect(files.filter((r) => r.encoding === 'br').map((r) => r.url)).toEqual(expect.arrayContaining([expect.stringMatching(/^\/assets\/(antd|react)-/)]));
    for (const r of files) {
      expect({ url: r.url, encoding: r.encoding === 'br' || r.length < 1024 ? 'br or small' : r.encoding, cacheControl: r.cacheControl })
        .toEqual({ url: r.url, encoding: 'br or small', cacheControl: 'public, max-age=31536000, immutable' });
    }
    expect(seen.find((r) => r.url === '/login')).toMatchObject({ status: 200, cacheControl: 'no-cache' });

    // Again (a new visit, not a reload): the shell is asked for again — it names the current build — and no build file.
    const first = assets().map((r) => r.url);
    seen = [];
    cachedIds.clear();
    await page.goto(`${suite.base}/login?again=1`);
    await formAndWarmUp();
    expect(seen.find((r) => r.url === '/login')).toMatchObject({ status: 200, cached: false });
    expect(assets().map((r) => r.url).sort()).toEqual([...first].sort());
    expect(assets().filter((r) => !r.cached)).toEqual([]);
  });
});
