// 关爱点名 (ADR 0073) in the browser: a community secretary on a phone starts a roll call of the residents living alone,
// marks the first person 平安 and the next 需要帮助 (买药) and sees the counts move; 已帮扶 once helped; a check that
// someone else made meanwhile is said and shown (409); a street officer sees the progress but no names.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, csrfToken, ownResidentId, scrollsSideways } from '../src/actions';
import { validId } from '../src/ids';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

type Counts = { pending: number; safe: number; needs_help: number; unreachable: number; helped: number };
type RollCall = { id: string; title: string; total: number; counts: Counts; version: number };
type Item = { id: string; residentId: string; nameMasked: string; address: string | null; status: string; version: number };

/** What the browser logs for the refusal the test provokes on purpose (a check made on a version someone else moved on). */
const EXPECTED_409 = 'console.error: Failed to load resource: the server responded with a status of 409 (Conflict)';

/** The counts line of the page's summary, as text per state. */
async function countsShown(page: Page): Promise<Record<string, string>> {
  const counts = page.getByTestId('rc-summary').getByTestId('rc-counts');
  const out: Record<string, string> = {};
  for (const s of ['safe', 'needs_help', 'unreachable', 'pending', 'helped']) out[s] = (await counts.getByTestId(`rc-count-${s}`).innerText()).replace(/\s+/g, '');
  return out;
}

describe('care roll calls (关爱点名)', () => {
  const suite = e2eSuite('roll-call');
  // Unique per run: the spec's server is fresh, but a deployment under RENXING_E2E_BASE_URL is not.
  const title = `台风“梅花”过境前关爱点名 ${Date.now() % 100000}`;

  it('a community secretary on a phone starts a roll call of those living alone, marks 平安, 需要帮助 (买药) and 已帮扶, and sees the counts move', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: PHONE });
    const { page } = admin;
    const api = async <T,>(path: string) => {
      const res = await page.request.get(`${base}${path}`, { headers: { 'X-Purpose': 'service.assistance' } });
      expect(res.status(), path).toBe(200);
      return (await res.json()) as T;
    };

    // From the menu drawer.
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('menuitem', { name: '关爱点名' }).click();
    await page.waitForURL(`${base}/roll-calls`);
    await page.getByRole('heading', { level: 1, name: '关爱点名' }).waitFor();
    expect(await scrollsSideways(page)).toBe(false);

    // 发起点名: the form says what is missing; the most-at-risk groups are ticked, the deadline is 4 hours.
    await page.getByTestId('rc-start').click();
    const form = page.getByRole('dialog', { name: '发起关爱点名' });
    await form.getByLabel('标题').waitFor();
    await form.getByRole('button', { name: '发起点名' }).click();
    await form.getByText('请填写标题').waitFor();
    for (const tag of ['80岁以上', '独居', '残疾']) expect(await form.getByRole('checkbox', { name: tag }).isChecked(), tag).toBe(true);
    expect(await form.getByRole('checkbox', { name: '孕妇' }).isChecked()).toBe(false);
    expect(await form.getByLabel('截止').inputValue()).toBe('4');
    await form.getByLabel('标题').fill(title);
    // Only those living alone.
    await form.getByRole('checkbox', { name: '80岁以上' }).uncheck();
    await form.getByRole('checkbox', { name: '残疾' }).uncheck();
    await form.getByRole('button', { name: '发起点名' }).click();

    // The new roll call's page opens.
    await page.waitForURL(/\/roll-calls\/[^/]+$/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const started = await api<RollCall & { tags: string[] }>(`/api/roll-calls/${id}`);
    expect(started.tags).toEqual(['living_alone']);
    const total = started.total;
    expect(total).toBeGreaterThan(2);
    expect(started.counts.pending).toBe(total);
    await expect.poll(() => page.getByTestId('rc-summary').getByTestId('rc-progress-text').innerText()).toBe(`已点到 0 / ${total.toLocaleString('zh-CN')} 人`);
    expect(await page.getByTestId('rc-summary').innerText()).toMatch(/截止 \d{2}-\d{2} \d{2}:\d{2} · 还剩 3 小时 5\d 分/);
    expect(await page.getByTestId('roll-call-page').locator('.rx-reg-tags').first().innerText()).toBe('独居');

    // The people, not yet reached first: masked names only, with their addresses.
    const people = page.getByTestId('rc-people-list').getByTestId('rc-person');
    await people.first().waitFor();
    expect(await people.first().getAttribute('data-status')).toBe('pending');
    expect(await people.first().getByTestId('rc-person-name').innerText()).toMatch(/^\S\*+$/);
    expect(await scrollsSideways(page)).toBe(false);

    // The first person: 平安, in one tap.
    const first = people.first();
    const firstName = await first.getByTestId('rc-person-name').innerText();
    const firstAddress = await first.getByTestId('rc-person-address').innerText();
    // The tap's answer puts the person's new state into the list: the list (fifty people's names and care tags, an
    // audited read that each of them would see in their access log) is not read again after every tap.
    const listReads: string[] = [];
    page.on('request', (r) => { if (r.method() === 'GET' && new URL(r.url()).pathname === `/api/roll-calls/${id}/items`) listReads.push(r.url()); });
    await first.getByTestId('rc-safe').click();
    await page.getByText(`${firstName}：平安`).first().waitFor();
    await expect.poll(() => countsShown(page)).toMatchObject({ safe: '平安1', pending: `未点到${(total - 1).toLocaleString('zh-CN')}` });
    await expect.poll(() => page.getByTestId('rc-summary').getByTestId('rc-progress-text').innerText()).toBe(`已点到 1 / ${total.toLocaleString('zh-CN')} 人`);
    expect(await people.filter({ hasText: firstAddress }).filter({ hasText: firstName }).first().getAttribute('data-status')).toBe('safe');
    expect(listReads).toEqual([]);

    // The next one needs help: what help, how reached, a note without phone numbers.
    await expect.poll(() => people.first().getByTestId('rc-person-address').innerText()).not.toBe(firstAddress);
    const next = people.first();
    expect(await next.getAttribute('data-status')).toBe('pending');
    const nextName = await next.getByTestId('rc-person-name').innerText();
    await next.getByTestId('rc-needs_help').click();
    const help = page.getByRole('dialog', { name: `${nextName} 需要帮助` });
    await help.getByRole('button', { name: /^登\s?记$/ }).click();
    await help.getByText('请选择需要什么帮助').waitFor();
    await chooseOption(page, help.getByRole('combobox', { name: '需要什么帮助' }), '买药');
    // How: the page's 联系方式 (电话), which the dialog starts from.
    expect(await help.locator('.ant-select').filter({ has: page.getByRole('combobox', { name: '联系方式' }) }).innerText()).toContain('电话');
    await help.getByLabel('备注').fill('女儿电话 138 1234 5678');
    await help.getByRole('button', { name: /^登\s?记$/ }).click();
    await help.getByText('请勿填写手机号：联系电话记入居民档案').waitFor();
    await help.getByLabel('备注').fill('降压药快吃完了，女儿在外地');
    await help.getByRole('button', { name: /^登\s?记$/ }).click();
    await help.waitFor({ state: 'detached' });
    await expect.poll(() => countsShown(page)).toMatchObject({ safe: '平安1', needs_help: '需要帮助1', pending: `未点到${(total - 2).toLocaleString('zh-CN')}` });
    await expect.poll(() => page.getByTestId('rc-summary').getByTestId('rc-progress-text').innerText()).toBe(`已点到 2 / ${total.toLocaleString('zh-CN')} 人`);

    // Those who need help, by the state filter (in the address): the need and the note on the card, and 已帮扶.
    await chooseOption(page, page.getByRole('combobox', { name: '状态' }), '需要帮助');
    await page.waitForURL(/state=needs_help/);
    await expect.poll(() => people.count()).toBe(1);
    const needy = people.first();
    expect(await needy.getByTestId('rc-person-name').innerText()).toBe(nextName);
    expect(await needy.getByTestId('rc-person-need').innerText()).toBe('需要：买药');
    expect(await needy.getByTestId('rc-person-note').innerText()).toBe('备注：降压药快吃完了，女儿在外地');
    expect(await needy.getByTestId('rc-person-last').innerText()).toMatch(/已联系 1 次 · 社区书记 · \d{2}-\d{2} \d{2}:\d{2} · 电话/);
    expect(await needy.getByTestId('rc-safe').count()).toBe(0);
    await needy.getByTestId('rc-helped').click();
    const helped = page.getByRole('dialog', { name: `${nextName} 已帮扶` });
    await helped.getByRole('button', { name: /^登\s?记$/ }).click();
    await helped.getByText('请写明帮扶了什么').waitFor();
    await chooseOption(page, helped.getByRole('combobox', { name: '联系方式' }), '上门');
    await helped.getByLabel('帮扶情况').fill('志愿者 15:30 送药上门');
    await helped.getByRole('button', { name: /^登\s?记$/ }).click();
    await helped.waitFor({ state: 'detached' });
    await expect.poll(() => countsShown(page)).toMatchObject({ needs_help: '需要帮助0', helped: '已帮扶1' });
    await expect.poll(() => people.count()).toBe(0);
    const after = await api<RollCall>(`/api/roll-calls/${id}`);
    expect(after.counts).toEqual({ pending: total - 2, safe: 1, needs_help: 0, unreachable: 0, helped: 1 });

    // A check someone else made meanwhile (another worker on the same list): the tap is refused, said, and the list shows it.
    await chooseOption(page, page.getByRole('combobox', { name: '状态' }), '未点到');
    await page.waitForURL(/state=pending/);
    const target = people.first();
    const targetName = await target.getByTestId('rc-person-name').innerText();
    const targetAddress = await target.getByTestId('rc-person-address').innerText();
    const pending = await api<{ items: Item[] }>(`/api/roll-calls/${id}/items?status=pending&pageSize=200`);
    const item = pending.items.find((i) => i.nameMasked === targetName && i.address === targetAddress)!;
    expect(item, `${targetName} ${targetAddress}`).toBeTruthy();
    const other = await page.request.post(`${base}/api/roll-calls/${id}/items/${item.id}/check`, {
      headers: { 'x-csrf-token': await csrfToken(page, base), 'X-Purpose': 'service.assistance', 'Idempotency-Key': crypto.randomUUID() },
      data: { outcome: 'unreachable', method: 'phone', version: item.version },
    });
    expect(other.status()).toBe(200);
    await target.getByTestId('rc-safe').click();
    await page.getByText('别人刚刚登记过这个人，名单已刷新，请看看最新情况再登记。').waitFor();
    // Refreshed: the person is no longer among those not yet reached; the counts say 联系不上 1.
    await expect.poll(() => countsShown(page)).toMatchObject({ unreachable: '联系不上1', safe: '平安1' });
    await expect.poll(async () => (await people.allInnerTexts()).some((t) => t.includes(targetAddress))).toBe(false);
    expect((await api<RollCall>(`/api/roll-calls/${id}`)).counts).toEqual({ pending: total - 3, safe: 1, needs_help: 0, unreachable: 1, helped: 1 });

    // Accessible (WCAG 2.0/2.1 A and AA, serious and critical), with one level-1 heading.
    const found = await axeViolations(page);
    expect(found.length, describeViolations('roll call (phone)', found)).toBe(0);
    expect(admin.problems.filter((p) => p !== EXPECTED_409)).toEqual([]);
  });

  it('a street officer sees the roll call and its progress per grid, but no names and no buttons', async () => {
    const base = suite.base;
    const street = await suite.loggedIn('street', { viewport: DESKTOP });
    const { page } = street;
    const list = (await (await page.request.get(`${base}/api/roll-calls?status=open`)).json()) as { items: RollCall[] };
    const rc = list.items.find((r) => r.title === title);
    expect(rc, 'the roll call of the first test').toBeTruthy();

    await page.getByRole('menuitem', { name: '关爱点名' }).click();
    await page.waitForURL(`${base}/roll-calls`);
    // Street staff manage no roll call: no 发起点名.
    await page.getByTestId('rc-list').waitFor();
    expect(await page.getByTestId('rc-start').count()).toBe(0);
    const card = page.getByTestId('rc-card').filter({ hasText: title });
    await expect.poll(() => card.getByTestId('rc-progress-text').innerText()).toBe(`已点到 3 / ${rc!.total.toLocaleString('zh-CN')} 人`);
    expect(await card.innerText()).toContain('A社区');

    await card.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await expect.poll(() => page.getByTestId('rc-summary').getByTestId('rc-progress-text').innerText()).toBe(`已点到 3 / ${rc!.total.toLocaleString('zh-CN')} 人`);
    expect((await countsShown(page))).toMatchObject({ safe: '平安1', unreachable: '联系不上1', helped: '已帮扶1', needs_help: '需要帮助0' });
    // Progress per grid, in the order of their numbers.
    const grids = page.getByTestId('rc-grids-table').locator('tbody tr');
    await expect.poll(() => grids.count()).toBeGreaterThan(1);
    const gridNames = (await grids.locator('td:first-child').allInnerTexts()).map((s) => s.trim());
    expect(gridNames[0]).toBe('第一网格');
    // No list of people, no buttons, no 结束点名; the page says why.
    await page.getByTestId('rc-no-names').waitFor();
    expect(await page.getByTestId('rc-people').count()).toBe(0);
    expect(await page.getByTestId('rc-close').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toMatch(/[\u4e00-\u9fff]\*/);
    // The server agrees: the names need roll-call:check.
    expect((await page.request.get(`${base}/api/roll-calls/${rc!.id}/items`, { headers: { 'X-Purpose': 'service.assistance' } })).status()).toBe(403);
    expect(street.problems).toEqual([]);
  });

  it('the secretary ends the roll call: it moves to 已结束, and nobody can be checked any more', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.getByRole('menuitem', { name: '关爱点名' }).click();
    await page.waitForURL(`${base}/roll-calls`);
    await page.getByTestId('rc-card').filter({ hasText: title }).getByRole('link', { name: title }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('rc-people-list').getByTestId('rc-person').first().waitFor();

    // 结束点名 asks first, saying how many are still not reached.
    await page.getByTestId('rc-close').click();
    const confirm = page.locator('.ant-popconfirm');
    await expect.poll(() => confirm.innerText()).toMatch(/结束后不能再登记。[\s\S]*仍有 \S+ 人未点到或联系不上/);
    await confirm.getByRole('button', { name: '结束点名' }).click();
    await expect.poll(() => page.getByTestId('rc-state').innerText()).toBe('已结束');
    await expect.poll(() => page.getByTestId('rc-close').count()).toBe(0);
    await expect.poll(() => page.getByTestId('rc-people').getByTestId('rc-safe').count()).toBe(0);
    await page.getByText('这次点名已经结束，不能再登记。').waitFor();
    expect(await page.getByTestId('rc-summary').getByTestId('rc-due').innerText()).toMatch(/已于 \d{2}-\d{2} \d{2}:\d{2} 结束/);

    // The server refuses a check on it (409 roll_call_closed), and the list shows it under 已结束.
    const items = (await (await page.request.get(`${base}/api/roll-calls/${id}/items?status=pending&pageSize=1`, { headers: { 'X-Purpose': 'service.assistance' } })).json()) as { items: Item[] };
    const late = await page.request.post(`${base}/api/roll-calls/${id}/items/${items.items[0]!.id}/check`, {
      headers: { 'x-csrf-token': await csrfToken(page, base), 'X-Purpose': 'service.assistance', 'Idempotency-Key': crypto.randomUUID() },
      data: { outcome: 'safe', method: 'phone', version: items.items[0]!.version },
    });
    expect(late.status()).toBe(409);
    expect(((await late.json()) as { error: { code: string } }).error.code).toBe('roll_call_closed');
    await page.getByRole('link', { name: '返回关爱点名' }).click();
    await page.waitForURL(`${base}/roll-calls`);
    await expect.poll(() => page.getByTestId('rc-card').filter({ hasText: title }).count()).toBe(0);
    await page.locator('label', { hasText: '已结束' }).click();
    await page.waitForURL(/status=closed/);
    await expect.poll(() => page.getByTestId('rc-card').filter({ hasText: title }).count()).toBe(1);
    expect(admin.problems).toEqual([]);
  });
  it('报平安: a resident on a phone answers for the 85-year-old of the household — 平安 in one tap, then 需要帮助 (买药) — and the worker sees it as the resident’s answer', async () => {
    const base = suite.base;
    const worker = await suite.loggedIn('admin', { viewport: DESKTOP });
    const resident = await suite.loggedIn('resident', { viewport: PHONE });
    const { page } = resident;
    const post = async (path: string, data: unknown) => {
      const res = await worker.page.request.post(`${base}${path}`, {
        headers: { 'x-csrf-token': await csrfToken(worker.page, base), 'Idempotency-Key': crypto.randomUUID() }, data,
      });
      expect(res.status(), `${path}: ${await res.text()}`).toBeLessThan(300);
      return res.json();
    };
    // The resident's household gets a member aged 85 (a synthetic person), and the community a roll call of those 80+.
    const selfId = await ownResidentId(page, base);
    const profile = await worker.page.request.get(`${base}/api/residents/${selfId}`);
    const householdId = ((await profile.json()) as { household: { id: string } }).household.id;
    const elder = (await post('/api/residents', {
      householdId, name: '韦阿婆', idNumber: validId('33092119410312246'), relation: 'parent', residenceType: 'registered',
    })) as { id: string; nameMasked: string };
    const rcTitle = `寒潮蓝色预警关爱点名 ${Date.now() % 100000}`;
    const rc = (await post('/api/roll-calls', { title: rcTitle, tags: ['elderly80'], dueHours: 4 })) as RollCall;

    // The resident's workbench: the card first, with the elder by masked name.
    await page.goto(`${base}/`);
    const card = page.getByTestId('rc-mine');
    await card.waitFor();
    expect(await card.getByRole('heading', { level: 2 }).innerText()).toBe('社区关爱点名：请报平安');
    const entry = card.getByTestId('rc-mine-entry').filter({ hasText: elder.nameMasked });
    await entry.waitFor();
    expect(await card.innerText()).toContain(rcTitle);
    expect(await entry.getAttribute('data-status')).toBe('pending');
    expect(await scrollsSideways(page)).toBe(false);

    // 平安, one tap.
    await entry.getByTestId('rc-mine-safe').click();
    await page.getByText(`已报告：${elder.nameMasked} 平安`).first().waitFor();
    await expect.poll(() => entry.getAttribute('data-status')).toBe('safe');
    expect(await entry.innerText()).toContain('已报：平安');

    // Then 需要帮助: what help is needed (the dialog says what is missing), a note without phone numbers.
    await entry.getByTestId('rc-mine-help').click();
    const dialog = page.getByRole('dialog', { name: `${elder.nameMasked} 需要帮助` });
    await dialog.getByRole('button', { name: /^报\s?告$/ }).click();
    await dialog.getByText('请选择需要什么帮助').waitFor();
    await chooseOption(page, dialog.getByRole('combobox', { name: '需要什么帮助' }), '买药');
    await dialog.getByLabel('补充说明（选填）').fill('儿子电话 139 8765 4321');
    await dialog.getByRole('button', { name: /^报\s?告$/ }).click();
    await dialog.getByText('请勿填写手机号：联系电话记入居民档案').waitFor();
    await dialog.getByLabel('补充说明（选填）').fill('降压药只剩两天的量');
    await dialog.getByRole('button', { name: /^报\s?告$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => entry.getAttribute('data-status')).toBe('needs_help');

    // The worker's list: the elder needs medicine, as the resident answered (method self), with the note.
    const items = await worker.page.request.get(`${base}/api/roll-calls/${rc.id}/items?status=needs_help`, { headers: { 'X-Purpose': 'service.assistance' } });
    const seen = ((await items.json()) as { items: Array<Item & { need: string; method: string; note: string }> }).items.find((i) => i.residentId === elder.id);
    expect(seen).toMatchObject({ status: 'needs_help', need: 'medicine', method: 'self', note: '降压药只剩两天的量' });
    const found = await axeViolations(page);
    expect(found.length, describeViolations('报平安 (phone)', found)).toBe(0);
    expect(resident.problems).toEqual([]);
  });
});
