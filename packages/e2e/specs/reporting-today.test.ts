import { describe, expect, it } from 'vitest';
import { scrollsSideways } from '../src/actions';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

type Coverage = { grids: Array<{ residents: number; reported: number; fevers: number; openFollowUps: number }> };
type Alerts = { items: Array<{ id: string; grid: { name: string } }>; open: { red: number; yellow: number } };
type Unreported = { total: number; residents: number };

/** Visible text with no-break spaces read as ordinary spaces. */
const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('daily reporting: the workbench, who has not reported, a weak network', () => {
  // One server per file; a fresh browser profile per person.
  const suite = e2eSuite('reporting-today');

  it('the workbench shows a grid worker today’s reporting and the open warnings first; an alert is one click away', async () => {
    const base = suite.base;
    const worker = await suite.loggedIn('grid1', { viewport: DESKTOP });
    const { page } = worker;
    const cov = (await (await page.request.get(`${base}/api/self-reports/coverage`)).json()) as Coverage;
    const residents = cov.grids.reduce((n, g) => n + g.residents, 0);
    const reported = cov.grids.reduce((n, g) => n + g.reported, 0);
    const reporting = page.getByTestId('dashboard-reporting');
    // Counts with thousands separators (lib/numbers.ts).
    const n = (v: number) => v.toLocaleString('zh-CN');
    await expect.poll(() => reporting.getByTestId('today-reported').innerText()).toContain(`${n(reported)} / ${n(residents)}`);
    expect(await reporting.getByTestId('today-not-reported').innerText()).toContain(n(residents - reported));

    const alerts = (await (await page.request.get(`${base}/api/warnings/alerts?status=open&pageSize=3`)).json()) as Alerts;
    const warnings = page.getByTestId('dashboard-warnings');
    await expect.poll(() => warnings.getByTestId('today-red').innerText()).toContain(n(alerts.open.red));
    expect(alerts.items.length).toBeGreaterThan(0); // the demo has open warnings in 第一网格
    // Both cards come before the population overview.
    const y = async (id: string) => (await page.getByTestId(id).boundingBox())!.y;
    expect(await y('dashboard-reporting')).toBeLessThan(await y('overview-card'));
    await warnings.getByRole('link').first().click();
    await page.waitForURL(`${base}/warnings/alerts/${alerts.items[0]!.id}`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: alerts.items[0]!.grid.name }).waitFor();

    // A street office has no temperature reports to follow up: only the warnings card, no dead link.
    const street = await suite.loggedIn('street', { viewport: PHONE });
    await street.page.getByTestId('dashboard-warnings').waitFor();
    expect(await street.page.getByTestId('dashboard-reporting').count()).toBe(0);
    expect(await scrollsSideways(street.page)).toBe(false);

    expect(worker.problems).toEqual([]);
    expect(street.problems).toEqual([]);
  });

  it('a grid worker on a phone sees who has not reported and reports for one of them at the door', async () => {
    const base = suite.base;
    const worker = await suite.loggedIn('grid1', { viewport: PHONE });
    const { page } = worker;
    await page.goto(`${base}/self-reports`);
    const before = (await (await page.request.get(`${base}/api/self-reports/unreported`)).json()) as Unreported;
    expect(before.residents).toBeGreaterThan(0);
    const total = page.getByTestId('unreported-total');
    await expect.poll(() => total.innerText()).toBe(`${before.total.toLocaleString('zh-CN')} 户 ${before.residents.toLocaleString('zh-CN')} 人`);
    const first = page.getByTestId('unreported-row').first();
    const button = first.getByRole('button', { name: /^代报 / });
    const name = (await button.first().innerText()).replace(/^代报\s*/, '').trim();
    const dialog = page.getByRole('dialog', { name: '上门代报' });
    // Opened and left with Escape: the focus goes back to that row's 代报 button (ADR 0056), not to the page's body.
    await button.first().focus();
    await page.keyboard.press('Enter');
    await dialog.getByText(`为 ${name} 上报`).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => button.first().evaluate((el) => el === el.ownerDocument.activeElement), { message: 'the focus returns to the 代报 button' }).toBe(true);
    await button.first().click();
    await dialog.getByText(`为 ${name} 上报`).waitFor();
    await dialog.getByLabel('体温是多少？').fill('36.7');
    await dialog.getByRole('button', { name: '上报', exact: true }).click();
    await expect.poll(async () => plain(await dialog.getByTestId('door-done').innerText())).toBe(`已为 ${name} 上报：36.7 °C`);
    await dialog.getByRole('button', { name: '返回列表', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => total.innerText()).toMatch(new RegExp(` ${(before.residents - 1).toLocaleString('zh-CN')} 人$`));
    // Hundreds of households: the pager fits the phone.
    expect(await scrollsSideways(page)).toBe(false);
    expect(worker.problems).toEqual([]);
  });

  it('a resident without network is told the report will go out by itself, and it is recorded once', async () => {
    const base = suite.base;
    const resident = await suite.loggedIn('resident', { viewport: PHONE });
    const { page, context } = resident;
    await page.goto(`${base}/me/report`);
    const field = page.getByLabel('体温是多少？');
    await field.waitFor();
    const mine = async () => ((await (await page.request.get(`${base}/api/self-reports/mine`)).json()) as { items: unknown[] }).items.length;
    const n0 = await mine();
    await context.setOffline(true);
    await field.fill('36.8');
    await page.getByRole('button', { name: '上报', exact: true }).click();
    await expect.poll(() => page.getByTestId('submit-offline').innerText()).toContain('有网后会自动发出');
    expect(await page.getByRole('button', { name: '等待网络…' }).isDisabled()).toBe(true);
    // The app's own notice says the network is gone; the waiting report is told beside its button, not twice.
    expect(await page.getByTestId('offline-notice').innerText()).toContain('网络已断开');
    expect(await page.getByTestId('offline-notice').innerText()).not.toContain('还没有发出');
    await context.setOffline(false);
    await page.getByTestId('result-ok').waitFor();
    await page.getByTestId('offline-notice').waitFor({ state: 'detached' });
    expect(await mine()).toBe(n0 + 1);
    expect(resident.problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });
});
