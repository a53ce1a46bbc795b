import { describe, expect, it } from 'vitest';
import { csrfToken, menuEntries, scrollsSideways, enrollSecondFactor } from '../src/actions';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

/** Full ID numbers (18 characters) and mainland mobile numbers in a text. */
const fullNumbers = (text: string) => [...text.matchAll(/(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|1[3-9][0-9]{9})(?![0-9A-Za-z])/g)].map((m) => m[0]);

describe('breach impact in the browser (影响评估, SECURITY test 68)', () => {
  const suite = e2eSuite('impact');

  it('the security admin finds, on a phone, whom the community admin’s reads and reveal touched, masked, and gets the CSV', async () => {
    const base = suite.base;
    // The community admin opens two residents and reveals one phone number.
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const list = await admin.page.request.get(`${base}/api/residents?pageSize=2`);
    expect(list.status()).toBe(200);
    const ids = ((await list.json()) as { items: Array<{ id: string }> }).items.map((r) => r.id);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect((await admin.page.request.get(`${base}/api/residents/${id}`)).status()).toBe(200);
    const csrf = await csrfToken(admin.page, base);
    const reveal = await admin.page.request.post(`${base}/api/residents/${ids[0]}/reveal`, { headers: { 'x-csrf-token': csrf }, data: { field: 'phone', reason: '电话回访核实' } });
    expect(reveal.status()).toBe(200);

    const sec = await suite.loggedIn('secadmin', { viewport: PHONE });
    const { page } = sec;
    await page.getByRole('button', { name: '打开菜单' }).click();
    expect(await menuEntries(page)).toContain('影响评估');
    await page.getByRole('menuitem', { name: '影响评估' }).click();
    await page.waitForURL(`${base}/admin/impact`);
    await page.getByRole('heading', { name: '影响评估' }).waitFor();

    await page.getByText('按账号和时间').click();
    await page.getByTestId('impact-actor').fill('admin');
    await page.getByRole('button', { name: '最近 24 小时' }).click();
    await page.getByTestId('impact-submit').click();
    // First query of the session: the second factor is set up in the dialog, then the answer comes.
    await enrollSecondFactor(page);

    await page.getByTestId('impact-actor-card').waitFor();
    expect(new URL(page.url()).searchParams.get('actor')).toBe('admin');
    const cards = page.getByTestId('impact-subject');
    await expect.poll(() => cards.count()).toBe(2);
    expect(await page.getByTestId('impact-total').innerText()).toContain('2');
    const text = await page.locator('#main').innerText();
    expect(text).toContain('查看明文');
    expect(text).toContain('手机号 · 明文');
    expect(fullNumbers(await page.locator('body').innerText())).toEqual([]);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'phone-actor', true);

    // The CSV for the letters: the same two residents, masked, watermarked.
    const href = await page.getByTestId('impact-csv').getAttribute('href');
    expect(href).toMatch(/^\/api\/admin\/impact\/csv\?actor=admin&/);
    const csv = await page.request.get(`${base}${href}`);
    expect(csv.status()).toBe(200);
    const body = await csv.text();
    expect(body).toContain('居民编号');
    for (const id of ids) expect(body).toContain(id);
    expect(fullNumbers(body)).toEqual([]);

    // A device or integration key (`token:<id>`): the security admin issues one, it lists residents, and the same
    // question about the key names it (access key, not a username) and lists what it read.
    const orgs = await page.request.get(`${base}/api/admin/orgs`);
    expect(orgs.status()).toBe(200);
    const grid = ((await orgs.json()) as { items: Array<{ id: string; level: string }> }).items.find((o) => o.level === 'grid')!;
    const issued = await page.request.post(`${base}/api/admin/api-tokens`, {
      headers: { 'x-csrf-token': await csrfToken(page, base) }, data: { name: 'e2e-gate', role: 'grid_worker', orgId: grid.id, scopes: ['resident:read'] },
    });
    expect(issued.status(), await issued.text()).toBe(201);
    const key = (await issued.json()) as { id: string; token: string };
    const keyList = await fetch(`${base}/api/residents?pageSize=3`, { headers: { authorization: `Bearer ${key.token}` } });
    expect(keyList.status).toBe(200);
    const keyIds = ((await keyList.json()) as { items: Array<{ id: string }> }).items.map((r) => r.id);
    expect(keyIds.length).toBeGreaterThan(0);
    await page.getByTestId('impact-actor').fill(`token:${key.id}`);
    await page.getByRole('button', { name: '最近 24 小时' }).click();
    await page.getByTestId('impact-submit').click();
    await expect.poll(() => page.getByTestId('impact-actor-card').innerText()).toContain('接入密钥 e2e-gate');
    await expect.poll(() => cards.count()).toBe(keyIds.length);
    expect(fullNumbers(await page.locator('body').innerText())).toEqual([]);
    await suite.shot(page, 'phone-token', true);

    // By export: an unknown export number is answered in the page, not with a blank screen.
    await page.getByText('按导出文件').click();
    await page.getByTestId('impact-export-id').fill('0190aaaa-0000-7000-8000-000000000000');
    await page.getByTestId('impact-submit').click();
    await expect.poll(() => page.getByRole('alert').innerText().catch(() => '')).toContain('导出记录不存在');
    expect(sec.problems.filter((p) => !/status of 404/.test(p))).toEqual([]);

    // The auditor opens a link with the question in it on a desktop: the same answer as a table.
    const aud = await suite.loggedIn('auditor', { viewport: DESKTOP });
    await aud.page.goto(`${base}/admin/impact${href!.slice(href!.indexOf('?'))}`);
    await enrollSecondFactor(aud.page);
    const rows = aud.page.getByTestId('impact-subjects').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await aud.page.getByTestId('impact-by-class').innerText()).toContain('手机号（加密保存）');
    await suite.shot(aud.page, 'desktop-actor', true);
    expect(aud.problems).toEqual([]);
  });
});
