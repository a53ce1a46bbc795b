import { describe, expect, it } from 'vitest';
import { csrfToken, menuEntries, ownResidentId, scrollsSideways } from '../src/actions';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

describe('a resident sees who accessed their data (SECURITY D24)', () => {
  // One server per file; a fresh browser profile per person.
  const suite = e2eSuite('access-log');

  it('on a phone: empty at first, then the grid worker’s read shows up with role, organisation, purpose and fields — no name', async () => {
    const base = suite.base;
    const resident = await suite.loggedIn('resident', { viewport: PHONE });
    const { page } = resident;

    // The page is in the resident's menu, right after 今日体温.
    await page.getByRole('button', { name: '打开菜单' }).click();
    expect((await menuEntries(page)).slice(0, 2)).toEqual(['今日体温', '我的信息查阅记录']);
    await page.getByRole('menuitem', { name: '我的信息查阅记录' }).click();
    await page.waitForURL(`${base}/me/access-log`);
    await page.getByRole('heading', { name: '我的信息查阅记录', level: 1 }).waitFor();

    // Nobody has opened the resident's record on a fresh demo: the empty state says what the page is for.
    const empty = page.getByTestId('access-empty');
    await empty.waitFor();
    expect(await empty.innerText()).toContain('还没有人查阅过您的信息');
    expect(await page.getByTestId('access-entry').count()).toBe(0);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'phone-empty', true);

    // The grid worker opens the resident's profile for an epidemic follow-up (the same API the profile page uses).
    const selfId = await ownResidentId(page, base);
    const worker = await suite.loggedIn('grid1', { viewport: DESKTOP });
    const read = await worker.page.request.get(`${base}/api/residents/${selfId}`, { headers: { 'X-Purpose': 'epidemic.followup' } });
    expect(read.status()).toBe(200);

    // The resident looks again: one entry, in words.
    await page.reload();
    const entries = page.getByTestId('access-entry');
    await expect.poll(() => entries.count()).toBe(1);
    const entry = entries.first();
    expect(await entry.innerText()).toContain('网格员 查看了您的档案');
    expect(await entry.getByTestId('access-role').innerText()).toBe('网格员');
    expect(await entry.getByTestId('access-org').innerText()).toBe('第一网格');
    expect(await entry.getByTestId('access-purpose').innerText()).toBe('疫情流调随访');
    const fields = await entry.getByTestId('access-fields').locator('.ant-tag').allInnerTexts();
    expect(fields).toEqual(expect.arrayContaining(['姓名', '身份证号（部分隐藏）', '手机号（部分隐藏）', '出生日期']));
    // The time is the read's time in the phone's format (today, hours and minutes).
    const when = await entry.locator('time').innerText();
    expect(when).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d$/);
    const at = new Date((await entry.locator('time').getAttribute('datetime'))!);
    expect(Math.abs(Date.now() - at.getTime())).toBeLessThan(10 * 60_000);
    expect(await page.getByTestId('access-total').innerText()).toBe('共 1 条记录');
    expect(await page.getByTestId('access-empty').count()).toBe(0);
    // Never the staff member's name.
    expect(await page.locator('main').innerText()).not.toContain('第一网格网格员');
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'phone-entry', true);

    // Then the grid worker lists the resident's household, opens the household's page and searches by its address: the
    // resident appears among others each time (ADR 0046) — three more entries, newest first, in words.
    const profile = (await read.json()) as { householdId: string; address: string };
    const csrf = await csrfToken(worker.page, base);
    expect((await worker.page.request.get(`${base}/api/residents?householdId=${profile.householdId}`)).status()).toBe(200);
    expect((await worker.page.request.get(`${base}/api/households/${profile.householdId}`)).status()).toBe(200);
    const found = await worker.page.request.post(`${base}/api/residents/search`, { headers: { 'x-csrf-token': csrf }, data: { q: profile.address.slice(-40), limit: 100 } });
    expect(found.status()).toBe(200);
    expect(((await found.json()) as { items: Array<{ id: string }> }).items.map((x) => x.id)).toContain(selfId);
    await page.reload();
    await expect.poll(() => entries.count()).toBe(4);
    expect(await page.getByTestId('access-total').innerText()).toBe('共 4 条记录');
    const texts = await entries.allInnerTexts();
    expect(texts[0]).toContain('网格员 搜索居民时，您出现在搜索结果中');
    expect(texts[1]).toContain('网格员 查看了您所在的户（含家庭成员）');
    expect(texts[2]).toContain('网格员 查看名单时，您出现在名单中');
    expect(texts[3]).toContain('网格员 查看了您的档案');
    expect(await entries.nth(0).getAttribute('data-appearance')).toBe('search');
    expect(await entries.nth(3).getAttribute('data-appearance')).toBeNull();
    // What the list showed of them: masked name, ID and phone, care tags, the household's address.
    expect(await entries.nth(2).getByTestId('access-fields').locator('.ant-tag').allInnerTexts())
      .toEqual(['姓名（部分隐藏）', '身份证号（部分隐藏）', '手机号（部分隐藏）', '关爱标签', '所在户']);
    expect(await entries.nth(2).getByTestId('access-org').innerText()).toBe('第一网格');
    expect(await page.locator('main').innerText()).not.toContain('第一网格网格员');
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'phone-appearances', true);

    // The same page in English.
    const readEntry = entries.nth(3);
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { name: 'Who accessed my data', level: 1 }).waitFor();
    await expect.poll(() => readEntry.getByTestId('access-role').innerText()).toBe('Grid worker');
    expect(await readEntry.getByTestId('access-purpose').innerText()).toBe('Epidemic follow-up');
    expect(await readEntry.innerText()).toContain('Grid worker looked at your record');
    expect(await entries.nth(0).innerText()).toContain('Grid worker searched for residents; you appeared in the search results');
    expect(await entries.nth(1).innerText()).toContain('Grid worker looked at your household and its members');
    expect(await entries.nth(2).innerText()).toContain('Grid worker viewed a list in which you appeared');
    expect(await readEntry.locator('time').innerText()).toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d$/);
    await suite.shot(page, 'phone-english', true);

    // On a desk-sized screen the page is the same list, centred.
    await page.setViewportSize(DESKTOP);
    await page.getByRole('navigation', { name: 'Main menu' }).waitFor();
    await suite.shot(page, 'desktop-english', true);

    expect(resident.problems).toEqual([]);
    expect(worker.problems).toEqual([]);
  });

  it('is not offered to staff, and the server refuses it to them', async () => {
    const base = suite.base;
    const s = await suite.loggedIn('grid1', { viewport: DESKTOP });
    expect(await menuEntries(s.page)).not.toContain('我的信息查阅记录');
    await s.page.goto(`${base}/me/access-log`);
    await s.page.getByRole('heading', { name: '没有访问权限', exact: true }).waitFor();
    expect((await s.page.request.get(`${base}/api/me/access-log`)).status()).toBe(403);
    expect(s.problems).toEqual([]);
  });
});
