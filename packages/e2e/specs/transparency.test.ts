import { describe, expect, it } from 'vitest';
import { chooseOption, scrollsSideways } from '../src/actions';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

type Report = { month: string; status: string; area: { code: string } | null; signInLockouts: { count: number | string } };

/** The Shanghai-calendar month of an instant and the one before it. */
function months(at: Date): { current: string; previous: string } {
  const t = new Date(at.getTime() + 8 * 3600_000);
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth() + 1;
  const fmt = (yy: number, mm: number) => `${yy}-${String(mm).padStart(2, '0')}`;
  return { current: fmt(y, m), previous: m === 1 ? fmt(y - 1, 12) : fmt(y, m - 1) };
}

describe('public transparency report (SECURITY test 69, ADR 0032)', () => {
  const suite = e2eSuite('transparency');

  it('anyone opens it from the login page on a phone: last month by default, this month so far, one community, in English', async () => {
    const base = suite.base;
    const { page, problems } = await suite.browser({ viewport: PHONE });
    const { current, previous } = months(new Date());

    // Someone tries five wrong passwords on one account this month: one sign-in lock-out, published as "<5".
    for (let i = 0; i < 5; i++) {
      const r = await page.request.post(`${base}/api/auth/login`, { data: { username: 'volunteer', password: 'Wrong-Password-1' } });
      expect(r.status()).toBe(401);
    }

    // Not signed in: the link sits under the login form, next to the processing notice; the report's own way in is the
    // login page. A visitor's pages log no failed request at all (the session probe answers 200; the suite's own watch
    // lets expected 401s pass, so it is counted here).
    const failedLoads: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /the server responded with a status of/.test(m.text())) failedLoads.push(m.text());
    });
    await page.goto(`${base}/login`);
    await page.getByTestId('privacy-notice-link').waitFor();
    await page.getByTestId('transparency-link').click();
    await page.waitForURL(`${base}/transparency`);
    await page.getByRole('heading', { name: '公开透明报告', level: 1 }).waitFor();
    expect(await page.getByTestId('public-way-in').innerText()).toBe('去登录');
    expect(await page.getByTestId('public-way-in').getAttribute('href')).toBe('/login');
    const report = page.getByTestId('transparency-report');
    await expect.poll(() => report.getAttribute('data-month')).toBe(previous);
    await page.getByTestId('transparency-final').waitFor();
    // The demo district has been in an emergency period for months: it was in force last month.
    await expect.poll(() => page.getByTestId('transparency-emergency').first().innerText()).toContain('定海区');
    for (const card of ['exports', 'reveals', 'protection', 'status', 'corrections', 'deletions', 'emergencies', 'lockouts']) {
      await page.getByTestId(`transparency-${card}`).waitFor();
    }
    expect(await page.getByTestId('transparency-deletions').innerText()).toContain('全系统合计');
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'phone-last-month', true);

    // This month so far: marked partial; the lock-out shows as "<5", never as 1.
    await chooseOption(page, page.getByTestId('transparency-month'), '（本月）');
    await page.waitForURL((u) => u.searchParams.get('month') === current);
    await page.getByTestId('transparency-partial').waitFor();
    const api = (await (await page.request.get(`${base}/api/transparency/${current}`)).json()) as Report;
    expect(api).toMatchObject({ month: current, status: 'partial', area: null, signInLockouts: { count: '<5' } });
    const lockouts = page.getByTestId('transparency-lockouts');
    await expect.poll(() => lockouts.locator('[data-suppressed="true"]').count()).toBe(1);
    expect(await lockouts.innerText()).toContain('<5');
    expect(await scrollsSideways(page)).toBe(false);

    // One community, from the area picker; the address keeps month and area (a link to share).
    await page.getByTestId('transparency-area').click();
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: 'A社区' }).first().click();
    await page.waitForURL((u) => u.searchParams.get('area') === '330902001001' && u.searchParams.get('month') === current);
    await expect.poll(() => report.getAttribute('data-area')).toBe('330902001001');
    await page.getByTestId('transparency-exports').waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'phone-community', true);

    // The same report in English; the address opens it directly for someone else.
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Transparency report', level: 1 }).waitFor();
    await page.getByText('This month is not over', { exact: false }).waitFor();
    await page.setViewportSize(DESKTOP);
    await suite.shot(page, 'desktop-english', true);

    const other = await suite.browser({ viewport: DESKTOP });
    await other.page.goto(`${base}/transparency?month=${previous}&area=330902001`);
    await other.page.getByRole('heading', { name: '公开透明报告', level: 1 }).waitFor();
    await expect.poll(() => other.page.getByTestId('transparency-report').getAttribute('data-area')).toBe('330902001');
    await other.page.getByTestId('transparency-final').waitFor();

    expect(problems).toEqual([]);
    expect(other.problems).toEqual([]);
    expect(failedLoads).toEqual([]);
  });

  it('someone signed in goes back to the workbench from the report and from the processing notice, not to the login page', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('grid1', { viewport: PHONE });
    for (const path of ['/transparency', '/privacy']) {
      await page.goto(`${base}${path}`);
      const way = page.getByTestId('public-way-in');
      await expect.poll(() => way.innerText()).toBe('返回工作台');
      await way.click();
      await page.waitForURL(`${base}/`);
      await page.getByRole('heading', { name: '工作台', level: 1 }).waitFor();
    }
    expect(problems).toEqual([]);
  });
});
