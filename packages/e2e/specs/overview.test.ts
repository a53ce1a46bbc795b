import { describe, expect, it } from 'vitest';
import { login, scrollsSideways } from '../src/actions';
import { e2eSuite } from '../src/suite';

type Overview = { area: { figures: Record<string, number | null> }; children: Array<{ id: string; code: string; name: string; figures: Record<string, number | null> }> };

describe('population overview on the workbench', () => {
  const suite = e2eSuite('overview');

  it('the community admin sees the figures, opens the people aged 60+ as a list, and goes down to a grid and back', async () => {
    const browser = await suite.browser();
    const { page } = browser;
    const base = suite.base;
    await login(page, base, 'admin');
    await page.getByTestId('overview-card').waitFor();
    const api = (await (await page.request.get(`${base}/api/registry/overview`)).json()) as Overview;
    expect(api.area.figures.residents).toBeGreaterThan(1000);
    await expect.poll(() => page.getByTestId('ov-residents').innerText()).toBe(api.area.figures.residents!.toLocaleString('zh-CN'));

    // The 60+ figure is computed from birth dates; the list filters on the stored tag. They agree (the age-tag job).
    const elderly = api.area.figures.elderly60!;
    await page.getByTestId('ov-elderly60').click();
    await page.waitForURL((u) => u.pathname === '/registry' && u.searchParams.get('tag') === 'elderly60');
    await expect.poll(() => page.getByTestId('registry-count').innerText()).toBe(`共 ${elderly.toLocaleString('zh-CN')} 人`);

    await page.goBack();
    await page.getByTestId('overview-card').waitFor();
    const grid = api.children[0]!;
    await page.getByTestId(`ov-child-${grid.code}`).click();
    await page.getByRole('heading', { name: `${grid.name} 人口概况` }).waitFor();
    await expect.poll(() => page.getByTestId('ov-residents').innerText()).toBe(grid.figures.residents!.toLocaleString('zh-CN'));
    // Inside a grid the breakdown is by residential compound (figures only).
    const inGrid = (await (await page.request.get(`${base}/api/registry/overview?orgId=${grid.id}`)).json()) as Overview;
    expect(inGrid.children.length).toBeGreaterThan(0);
    await page.getByRole('heading', { name: '各小区' }).waitFor();
    await expect.poll(() => page.getByTestId(`ov-child-${inGrid.children[0]!.code}`).innerText()).toContain(inGrid.children[0]!.name);
    expect(inGrid.children.reduce((n, c) => n + (c.figures.residents ?? 0), 0)).toBe(grid.figures.residents);
    await page.getByRole('button', { name: '返回上一级' }).click();
    await page.getByRole('heading', { name: '人口概况', exact: true }).waitFor();

    expect(browser.problems).toEqual([]);
  });

  it('the street office sees its communities, small counts as "<5", no links to lists of people; fits a phone screen', async () => {
    const browser = await suite.browser({ viewport: { width: 390, height: 844 } });
    const { page } = browser;
    const base = suite.base;
    await login(page, base, 'street');
    const card = page.getByTestId('overview-card');
    await card.waitFor();
    await card.getByText('少于 5 人的数字显示为“<5”').waitFor();
    const api = (await (await page.request.get(`${base}/api/registry/overview`)).json()) as Overview;
    expect(api.children.length).toBeGreaterThanOrEqual(2);
    for (const c of api.children) await card.getByTestId(`ov-child-${c.code}`).waitFor();
    expect(await card.getByRole('link').count()).toBe(0);
    expect(await scrollsSideways(page)).toBe(false);
    expect(browser.problems).toEqual([]);
  });
});
