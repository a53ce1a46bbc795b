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

  it('the street office goes down two levels: the address keeps the area, Back goes up one level, a reload stays', async () => {
    const browser = await suite.browser();
    const { page } = browser;
    const base = suite.base;
    await login(page, base, 'street');
    const card = page.getByTestId('overview-card');
    await card.waitFor();
    const street = (await (await page.request.get(`${base}/api/registry/overview`)).json()) as Overview;
    const community = street.children.find((c) => c.name === 'A社区')!;
    expect(community).toBeDefined();
    const inCommunity = (await (await page.request.get(`${base}/api/registry/overview?orgId=${community.id}`)).json()) as Overview;
    const grid = inCommunity.children[0]!;
    const areas = () => new URL(page.url()).searchParams.getAll('area');

    await card.getByTestId(`ov-child-${community.code}`).click();
    await page.getByRole('heading', { name: `${community.name} 人口概况` }).waitFor();
    await card.getByTestId(`ov-child-${grid.code}`).click();
    await page.getByRole('heading', { name: `${grid.name} 人口概况` }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(areas()).toEqual([community.id, grid.id]);

    // A reload shows the same level (and 返回上一级 still knows the level above).
    await page.reload();
    await page.getByRole('heading', { name: `${grid.name} 人口概况` }).waitFor();
    await expect.poll(() => page.getByTestId('ov-residents').innerText()).toBe(grid.figures.residents === null ? '<5' : grid.figures.residents.toLocaleString('zh-CN'));

    // Back: one level up, still on the workbench.
    await page.goBack();
    await page.getByRole('heading', { name: `${community.name} 人口概况` }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(areas()).toEqual([community.id]);
    await page.reload();
    await page.getByRole('heading', { name: `${community.name} 人口概况` }).waitFor();
    await card.getByRole('button', { name: '返回上一级' }).click();
    await page.getByRole('heading', { name: '人口概况', exact: true }).waitFor();
    expect(areas()).toEqual([]);
    expect(browser.problems).toEqual([]);

    // An area the street office cannot see (the server answers 404): its own area, a short notice, no error page.
    await page.goto(`${base}/?area=00000000-0000-7000-8000-000000000000`);
    await page.getByTestId('ov-area-gone').waitFor();
    await page.getByRole('heading', { name: '人口概况', exact: true }).waitFor();
    await card.getByTestId(`ov-child-${community.code}`).waitFor();
    expect(areas()).toEqual([]);
    expect(browser.problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
  });
});
