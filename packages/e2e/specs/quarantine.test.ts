// 居家隔离 (ADR 0080) in the browser: the community secretary sees today's board — the figures as the server counts them
// and one card per active order with day N/M, this morning's and this afternoon's checks, sampling today, the open needs
// and a door opened today in orange —, records a check of 37.6 °C on a card (red in the dialog and in the order's
// checks), proposes an order for a resident found by the search (待审批; the same resident again is refused plainly);
// the street office approves it and it joins the board; the secretary releases the health monitoring on its last day
// (an order not yet due says 未到期) and opens its 解除隔离证明 (JC-…, printable); the volunteer takes an open need on
// 隔离需求 and completes it; the demo resident, put under an order through the API, records this slot's check on the
// workbench and asks for groceries, and the board shows the check done; the board and the resident's card on a phone;
// the street office rejects an order with its reason, the secretary changes a door sensor (one in use is refused on its
// field) and withdraws an order with its reason.
import { shanghaiDate } from '@renxing/shared';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { confirmWith, csrfToken, getJson, menuEntries, ownResidentId, postJson, scrollsSideways } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

type Slot = 'am' | 'pm';
type BoardItem = {
  id: string; nameMasked: string; address: string | null; gridName: string; day: number | null; days: number; endDate: string;
  checksDue: Slot[]; checksDone: Slot[]; samplingToday: boolean; openNeeds: number; lastDoorOpenAt: string | null;
};
type Board = { date: string; counts: { active: number; pending: number; checksMissing: number; samplingToday: number; endingToday: number }; items: BoardItem[] };
type Check = { id: string; date: string; slot: Slot; temperature: number; symptoms: string[]; fever: boolean; by: string };
type Order = {
  id: string; residentId: string; nameMasked: string; status: string; policyCode: string; startDate: string; endDate: string; day: number | null; days: number;
  sensorId: string | null; version: number; certificateNo: string | null; checksPerDay: number; cancelReason: string | null;
};
type OrderDetail = Order & { checks: Check[]; needs: Need[] };
type Need = { id: string; orderId: string; kind: string; detail: string; status: string; takenBy: string | null; doneNote: string | null; version: number };
type Page_<T> = { items: T[]; total: number };
type Mine = { order: (Order & { checks: Check[]; needs: Need[]; slotNow: Slot }) | null; certificate: unknown };

/** What the browser logs for the refusal the test provokes on purpose (the same resident proposed twice). */
const EXPECTED_409 = 'console.error: Failed to load resource: the server responded with a status of 409 (Conflict)';
const SLOT = { am: '上午', pm: '下午' } as const;
const RED = 'rgb(207, 19, 34)';

const board = (page: Page, base: string) => getJson<Board>(page, base, '/api/quarantine/board');
const orders = async (page: Page, base: string) => (await getJson<Page_<Order>>(page, base, '/api/quarantine/orders?pageSize=100')).items;
const order = (page: Page, base: string, id: string) => getJson<OrderDetail>(page, base, `/api/quarantine/orders/${id}`);
/** Today in the server's calendar (Asia/Shanghai). */
const shanghaiToday = () => {
  const d = shanghaiDate(new Date());
  return `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
};

/** Scrolls the resident's card to the top of the screen, below the sticky header (for the screenshots). */
const SCROLL_TO_CARD = "(() => { document.querySelector('[data-testid=\"qr-mine\"]').scrollIntoView({ block: 'start' }); window.scrollBy(0, -96); })()";
const boardRow = (page: Page, id: string): Locator => page.locator(`[data-testid="qr-board-row"][data-id="${id}"]`);
/** A form's field (its .ant-form-item, where antd writes the field's message), by its label. */
const fieldOf = (scope: Locator, label: string): Locator => scope.locator('.ant-form-item').filter({ has: scope.page().getByLabel(label, { exact: true }) });
/** The colour an element is drawn in (evaluated in the page, where globalThis is the window). */
const colorOf = (l: Locator) => l.evaluate((el) => (globalThis as unknown as { getComputedStyle: (e: unknown) => { color: string } }).getComputedStyle(el).color);

describe('home quarantine (居家隔离)', () => {
  const suite = e2eSuite('quarantine');
  // Shared by the tests, in order: the order the secretary proposes and the street office approves.
  let proposed = { id: '', name: '' };

  it('the secretary sees today\'s board: the figures as the server counts them, one card per active order with its day, checks, sampling, needs and a door opened today', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.getByRole('menuitem', { name: '居家隔离' }).click();
    await page.waitForURL(`${base}/quarantine`);
    await page.getByRole('heading', { level: 1, name: '居家隔离' }).waitFor();
    await page.getByTestId('qr-board-list').waitFor();

    const b = await board(page, base);
    // The demo: three active orders, one awaiting approval, the health monitoring ending today.
    expect(b.counts).toMatchObject({ active: 3, pending: 1, endingToday: 1 });
    expect(b.items).toHaveLength(3);
    const fig = (k: keyof Board['counts']) => page.getByTestId(`qr-fig-${k}`).locator('strong').innerText();
    for (const k of ['active', 'pending', 'checksMissing', 'samplingToday', 'endingToday'] as const) expect(await fig(k), k).toBe(String(b.counts[k]));
    expect(await page.getByTestId('qr-board-date').innerText()).toContain(b.date);

    const rows = page.getByTestId('qr-board-list').getByTestId('qr-board-row');
    await expect.poll(() => rows.count()).toBe(3);
    for (const item of b.items) {
      const row = boardRow(page, item.id);
      expect(await row.getByTestId('qr-board-link').innerText()).toBe(item.nameMasked);
      expect(item.nameMasked).toMatch(/\*/);
      expect(await row.getByTestId('qr-board-day').innerText()).toBe(`第 ${item.day}/${item.days} 天`);
      // Each slot due so far: done ✓ or 待测.
      for (const slot of item.checksDue) {
        const mark = row.getByTestId(`qr-slot-${slot}`);
        const done = item.checksDone.includes(slot);
        expect(await mark.getAttribute('data-done'), `${item.nameMasked} ${slot}`).toBe(String(done));
        expect(await mark.innerText()).toContain(done ? `${SLOT[slot]} ✓` : `${SLOT[slot]} 待测`);
      }
      expect(await row.getByTestId('qr-board-sampling').count()).toBe(item.samplingToday ? 1 : 0);
      if (item.openNeeds > 0) expect(await row.getByTestId('qr-board-needs').innerText()).toBe(`需求 ${item.openNeeds} 条`);
      // The secretary records checks.
      expect(await row.getByTestId('qr-board-check').count()).toBe(1);
    }
    // 居家隔离14天 on day 3: this morning's check is in.
    const fourteen = b.items.find((i) => i.days === 14)!;
    expect(fourteen.day).toBe(3);
    expect(fourteen.checksDone).toContain('am');
    expect(await boardRow(page, fourteen.id).getByTestId('qr-slot-am').getAttribute('data-done')).toBe('true');
    // The door sensor that opened this morning: the time in orange.
    const opened = b.items.find((i) => i.lastDoorOpenAt)!;
    expect(opened).toBeDefined();
    const door = boardRow(page, opened.id).getByTestId('qr-board-door');
    expect(await door.innerText()).toMatch(/^门磁开启 \d{2}-\d{2} \d{2}:\d{2}$/);
    expect(await door.getAttribute('data-today')).toBe('true');
    expect(await colorOf(door)).toBe('rgb(173, 78, 0)');
    // The health monitoring on its last day: 今日期满.
    const last = b.items.find((i) => i.endDate === b.date)!;
    expect(last.day).toBe(last.days);
    expect(await boardRow(page, last.id).getByTestId('qr-board-ending').innerText()).toBe('今日期满');
    await suite.shot(page, 'board-desktop');
    const found = await axeViolations(page);
    expect(found.length, describeViolations('quarantine board (desktop)', found)).toBe(0);
    expect(admin.problems).toEqual([]);
  });

  it('a fever: the secretary records 37.6 °C on a card — red in the dialog — and the order\'s checks show it in red', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.goto(`${base}/quarantine`);
    const b = await board(page, base);
    // The 7-day home quarantine (not ending today) has a slot still due.
    const item = b.items.find((i) => i.days === 7 && i.endDate !== b.date && i.checksDue.some((s) => !i.checksDone.includes(s)))!;
    expect(item).toBeDefined();
    const slot = item.checksDue.find((s) => !item.checksDone.includes(s))!;
    await boardRow(page, item.id).getByTestId('qr-board-check').click();
    const dialog = page.getByRole('dialog', { name: `录入体温：${item.nameMasked}` });
    const temp = dialog.getByLabel('体温（°C）');
    await temp.waitFor();
    // Nothing typed: the field says so.
    await page.getByTestId('qr-check-submit').click();
    await fieldOf(dialog, '体温（°C）').getByText('请填写体温').waitFor();
    await temp.fill('43');
    await page.getByTestId('qr-check-submit').click();
    await fieldOf(dialog, '体温（°C）').getByText('体温应在 35.0 到 42.0 之间').waitFor();
    await temp.fill('37.6');
    const hint = dialog.getByTestId('qr-check-fever');
    await hint.waitFor();
    expect(await hint.innerText()).toBe('发热，提交后会通知社区医生');
    expect(await colorOf(hint)).toBe(RED);
    expect(await colorOf(temp)).toBe(RED);
    // The symptoms are the self-report's.
    await dialog.getByRole('checkbox', { name: '咳嗽' }).check();
    if (item.checksDue.length > 1) expect(await dialog.getByRole('radio', { name: SLOT[slot] }).isChecked()).toBe(true);
    await page.getByTestId('qr-check-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`已录入 ${item.nameMasked} ${SLOT[slot]}体温 37.6 °C（异常，已通知社区医生）`).first().waitFor();
    await expect.poll(() => boardRow(page, item.id).getByTestId(`qr-slot-${slot}`).getAttribute('data-done')).toBe('true');

    const detail = await order(page, base, item.id);
    const check = detail.checks.find((c) => c.date === b.date && c.slot === slot)!;
    expect(check).toMatchObject({ temperature: 37.6, symptoms: ['cough'], fever: true });
    await boardRow(page, item.id).getByTestId('qr-board-link').click();
    await page.waitForURL(`${base}/quarantine/orders/${item.id}`);
    await page.getByRole('heading', { level: 1, name: item.nameMasked }).waitFor();
    const row = page.locator(`[data-testid="qr-check-row"][data-date="${b.date}"][data-slot="${slot}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-fever')).toBe('true');
    const cell = row.getByTestId('qr-temperature');
    expect(await cell.innerText()).toBe('37.6\u00a0°C');
    expect(await colorOf(cell)).toBe(RED);
    expect(await row.innerText()).toContain('咳嗽');
    // An earlier, normal check is not red.
    const normal = page.locator('[data-testid="qr-check-row"][data-fever="false"]').first().getByTestId('qr-temperature');
    expect(await colorOf(normal)).not.toBe(RED);
    expect(admin.problems).toEqual([]);
  });

  it('the secretary proposes an order for a resident found by the search: it awaits approval; the same resident again is refused plainly', async () => {
    const base = suite.base;
    // The demo resident's own record is kept for the workbench test.
    const resident = await suite.loggedIn('resident', { viewport: DESKTOP });
    const residentId = await ownResidentId(resident.page, base);
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.goto(`${base}/quarantine`);
    const taken = new Set([...(await orders(page, base)).filter((o) => o.status === 'pending' || o.status === 'active').map((o) => o.residentId), residentId]);

    await page.getByTestId('qr-propose').click();
    const form = page.getByRole('dialog', { name: '新建居家隔离' });
    await form.getByLabel('查找居民').waitFor();
    // Nobody chosen: the field says so; the start date is today (the server's calendar).
    await page.getByTestId('qr-propose-submit').click();
    await form.getByText('请先查找并选择居民').waitFor();
    await form.getByText('请选择隔离方案').waitFor();
    expect(await form.getByLabel('开始日期').inputValue()).toBe(shanghaiToday());

    await form.getByLabel('查找居民').fill('王');
    await page.getByTestId('qr-propose-search-button').click();
    const hits = form.getByTestId('qr-propose-hit');
    await hits.first().waitFor();
    const shown = await hits.evaluateAll((els) => els.map((e) => ({
      id: e.getAttribute('data-id') ?? '',
      name: e.querySelector('[data-testid="qr-propose-hit-name"]')?.textContent ?? '',
      address: e.querySelector('[data-testid="qr-propose-hit-address"]')?.textContent ?? '',
    })));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThanOrEqual(8);
    for (const h of shown) {
      expect(h.name).toMatch(/^王\*+$/);
      expect(h.address.length).toBeGreaterThan(0);
    }
    const pick = shown.find((h) => !taken.has(h.id) && !h.address.includes('受限'))!;
    expect(pick, 'a 王 without an order').toBeDefined();
    await form.locator(`[data-testid="qr-propose-hit"][data-id="${pick.id}"]`).click();
    expect(await page.getByTestId('qr-propose-chosen-name').innerText()).toBe(`已选：${pick.name}`);
    expect(await page.getByTestId('qr-propose-chosen-address').innerText()).toBe(pick.address);
    await expect.poll(() => form.getByText('请先查找并选择居民').count()).toBe(0);

    await form.locator('label', { hasText: '居家隔离14天' }).click();
    await form.getByText('密切接触者', { exact: true }).click();
    const sensor = `MC-E2E-${Date.now() % 100000}`;
    await form.getByLabel('门磁编号（选填）').fill('MC 01');
    await page.getByTestId('qr-propose-submit').click();
    await fieldOf(form, '门磁编号（选填）').getByText('4–40 位字母、数字、- 或 _').waitFor();
    await form.getByLabel('门磁编号（选填）').fill(sensor);
    await form.getByLabel('备注（选填）').fill('与确诊病例同一单元');
    await page.getByTestId('qr-propose-submit').click();
    await form.waitFor({ state: 'detached' });
    await page.getByText(`已提交 ${pick.name} 的居家隔离，等待街道审批`).first().waitFor();
    await page.waitForURL(/\/quarantine\/orders\/[^/]+$/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: pick.name }).waitFor();
    expect(await page.getByTestId('qr-status').innerText()).toBe('待审批');
    expect(await page.getByTestId('qr-fact-policy').innerText()).toBe('居家隔离14天');
    expect(await page.getByTestId('qr-fact-reason').innerText()).toBe('密切接触者');
    expect(await page.getByTestId('qr-fact-sensor').innerText()).toBe(sensor);
    expect(await page.getByTestId('qr-fact-address').innerText()).toBe(pick.address);
    await page.getByTestId('qr-order-pending-note').waitFor();
    // The secretary does not approve; no check before it is approved.
    expect(await page.getByTestId('qr-approve').count()).toBe(0);
    expect(await page.getByTestId('qr-order-check').count()).toBe(0);
    const created = await order(page, base, id);
    expect(created).toMatchObject({ residentId: pick.id, status: 'pending', policyCode: 'home14', sensorId: sensor, startDate: shanghaiToday(), version: 1 });
    proposed = { id, name: pick.name };

    // The same resident again: refused plainly, on the resident's field too.
    await page.goto(`${base}/quarantine`);
    await page.getByTestId('qr-propose').click();
    const again = page.getByRole('dialog', { name: '新建居家隔离' });
    await again.getByLabel('查找居民').fill('王');
    await page.getByTestId('qr-propose-search-button').click();
    await again.locator(`[data-testid="qr-propose-hit"][data-id="${pick.id}"]`).click();
    await again.locator('label', { hasText: '居家隔离7天' }).click();
    await again.getByText('其他', { exact: true }).click();
    await page.getByTestId('qr-propose-submit').click();
    const already = again.getByTestId('qr-propose-already');
    await already.waitFor();
    expect(await already.innerText()).toContain('这位居民已有未结束的隔离记录，不能重复提出');
    await again.locator('.ant-form-item').filter({ hasText: '隔离人员' }).locator('.ant-form-item-explain').getByText('这位居民已有未结束的隔离记录，不能重复提出').waitFor();
    expect((await orders(page, base)).filter((o) => o.residentId === pick.id)).toHaveLength(1);
    expect(admin.problems.filter((p) => p !== EXPECTED_409)).toEqual([]);
  });

  it('the street office approves it on 待审批, and it joins the board on day 1', async () => {
    const base = suite.base;
    expect(proposed.id, 'the order the secretary proposed').not.toBe('');
    const street = await suite.loggedIn('street', { viewport: DESKTOP });
    const { page } = street;
    await page.getByRole('menuitem', { name: '居家隔离' }).click();
    await page.waitForURL(`${base}/quarantine`);
    // The street office approves but neither proposes nor records checks.
    expect(await page.getByTestId('qr-propose').count()).toBe(0);
    await page.getByTestId('qr-tab-pending').click();
    await page.waitForURL(/tab=pending/);
    const card = page.locator(`[data-testid="qr-order"][data-id="${proposed.id}"]`);
    await card.waitFor();
    expect(await card.getByTestId('qr-order-link').innerText()).toBe(proposed.name);
    expect(await card.getByTestId('qr-order-policy').innerText()).toContain('居家隔离14天 · 密切接触者');
    expect(await card.getByTestId('qr-order-note').innerText()).toBe('与确诊病例同一单元');
    await card.getByTestId('qr-approve').click();
    await page.getByText(`批准对 ${proposed.name} 的居家隔离14天？`).waitFor();
    await confirmWith(page.getByTestId('qr-approve-ok'));
    await page.getByText(`已批准：${proposed.name}`).first().waitFor();
    await card.waitFor({ state: 'detached' });
    expect(await order(page, base, proposed.id)).toMatchObject({ status: 'active', day: 1, version: 2 });

    await page.getByTestId('qr-tab-today').click();
    const row = boardRow(page, proposed.id);
    await row.waitFor();
    expect(await row.getByTestId('qr-board-link').innerText()).toBe(proposed.name);
    expect(await row.getByTestId('qr-board-day').innerText()).toBe('第 1/14 天');
    // Day 1 is a sampling day.
    expect(await row.getByTestId('qr-board-sampling').innerText()).toBe('今日采样');
    expect(await row.getByTestId('qr-board-check').count()).toBe(0);
    const b = await board(page, base);
    expect(b.counts.active).toBe(4);
    expect(await page.getByTestId('qr-fig-active').locator('strong').innerText()).toBe('4');
    expect(street.problems).toEqual([]);
  });

  it('the secretary releases the health monitoring on its last day and opens its certificate (JC-…); an order not yet due says 未到期', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.goto(`${base}/quarantine`);
    const b = await board(page, base);
    // 居家隔离14天 on day 3: 解除隔离 is disabled, and says why.
    const early = b.items.find((i) => i.days === 14 && i.day === 3)!;
    await boardRow(page, early.id).getByTestId('qr-board-link').click();
    await page.waitForURL(`${base}/quarantine/orders/${early.id}`);
    const disabled = page.getByTestId('qr-release');
    await disabled.waitFor();
    expect(await disabled.isDisabled()).toBe(true);
    expect(await page.getByTestId('qr-release-why').innerText()).toBe(`未到期：${early.endDate} 期满后才能解除`);
    // Its sampling days: day 1 past, day 4 ahead.
    expect(await page.locator('[data-testid="qr-timeline-day"][data-day="1"]').getAttribute('data-state')).toBe('done');
    expect(await page.locator('[data-testid="qr-timeline-day"][data-day="4"]').getAttribute('data-state')).toBe('ahead');

    const last = b.items.find((i) => i.endDate === b.date)!;
    await page.goto(`${base}/quarantine`);
    await boardRow(page, last.id).getByTestId('qr-board-link').click();
    await page.waitForURL(`${base}/quarantine/orders/${last.id}`);
    // Its last day is a sampling day (健康监测 1, 3, 7): today.
    expect(await page.locator(`[data-testid="qr-timeline-day"][data-day="${last.days}"]`).getAttribute('data-state')).toBe('today');
    await page.getByTestId('qr-release').click();
    await page.getByText(`解除 ${last.nameMasked} 的隔离？`).waitFor();
    await confirmWith(page.getByTestId('qr-release-ok'));
    await page.getByText(`已解除隔离：${last.nameMasked}`).first().waitFor();
    await expect.poll(() => page.getByTestId('qr-status').innerText()).toBe('已解除');
    const released = await order(page, base, last.id);
    expect(released.status).toBe('released');
    expect(released.certificateNo).toMatch(/^JC-\d{8}-[0-9A-F]{6}$/);
    expect(released.certificateNo).toBe(`JC-${b.date.replaceAll('-', '')}-${last.id.replaceAll('-', '').slice(-6).toUpperCase()}`);
    expect(await page.getByTestId('qr-fact-certificate').innerText()).toBe(released.certificateNo);
    expect(await page.getByTestId('qr-release').count()).toBe(0);

    await page.getByTestId('qr-order-certificate').click();
    await page.waitForURL(`${base}/quarantine/orders/${last.id}/certificate`);
    await page.getByRole('heading', { level: 1, name: '解除隔离证明' }).waitFor();
    expect(await page.getByTestId('qr-cert-no').innerText()).toBe(`证明编号：${released.certificateNo}`);
    expect(await page.getByTestId('qr-cert-number').innerText()).toBe(released.certificateNo);
    expect(await page.getByTestId('qr-cert-name').innerText()).toBe(last.nameMasked);
    expect(await page.getByTestId('qr-cert-id').innerText()).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(await page.getByTestId('qr-cert-community').innerText()).toBe('A社区');
    expect(await page.getByTestId('qr-cert-policy').innerText()).toBe('居家健康监测7天');
    expect(await page.getByTestId('qr-cert-period').innerText()).toBe(`${released.startDate} 至 ${released.endDate}`);
    expect(await page.getByTestId('qr-cert-footer').innerText()).toBe('本证明由系统生成，编号可在社区核验。');
    expect(await page.getByTestId('qr-cert-print').isVisible()).toBe(true);
    // Printed: the certificate alone, without the menu, the header or the buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('qr-cert-print').isVisible()).toBe(false);
    expect(await page.locator('.ant-layout-sider').isVisible()).toBe(false);
    expect(await page.getByTestId('qr-certificate').isVisible()).toBe(true);
    await suite.shot(page, 'certificate-print', true);
    await page.emulateMedia({ media: 'screen' });
    const found = await axeViolations(page);
    expect(found.length, describeViolations('release certificate', found)).toBe(0);
    expect(admin.problems).toEqual([]);
  });

  it('the volunteer opens 隔离需求, takes an open need and completes it', async () => {
    const base = suite.base;
    const volunteer = await suite.loggedIn('volunteer', { viewport: DESKTOP });
    const { page } = volunteer;
    const entries = await menuEntries(page);
    expect(entries).toContain('隔离需求');
    expect(entries).not.toContain('居家隔离');
    await page.getByRole('menuitem', { name: '隔离需求' }).click();
    await page.waitForURL(`${base}/quarantine/needs`);
    await page.getByRole('heading', { level: 1, name: '隔离需求' }).waitFor();
    const api = (await getJson<Page_<Need>>(page, base, '/api/quarantine/needs?pageSize=100')).items;
    const cards = page.getByTestId('qr-needs-list').getByTestId('qr-need');
    await expect.poll(() => cards.count()).toBe(api.length);
    // Open first, then taken, then done.
    const states = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    const rank = { open: 0, taken: 1, done: 2 } as Record<string, number>;
    expect(states.map((s) => rank[s!])).toEqual([...states.map((s) => rank[s!])].sort());
    expect(states.filter((s) => s === 'open').length).toBeGreaterThanOrEqual(2);
    expect(states).toContain('taken');
    expect(states).toContain('done');

    const first = cards.first();
    const needId = (await first.getAttribute('data-id'))!;
    const need = api.find((n) => n.id === needId)!;
    const card = page.locator(`[data-testid="qr-need"][data-id="${needId}"]`);
    expect(await card.getByTestId('qr-need-name').innerText()).toMatch(/\*/);
    expect(await card.getByTestId('qr-need-address').innerText()).toMatch(/^A社区 /);
    expect(await card.getByTestId('qr-need-detail').innerText()).toBe(need.detail);
    await card.getByTestId('qr-need-take').click();
    await expect.poll(() => card.getAttribute('data-status')).toBe('taken');
    expect(await card.getByTestId('qr-need-taken-by').innerText()).toBe('办理人：志愿者');
    expect(await card.getByTestId('qr-need-take').count()).toBe(0);

    await card.getByTestId('qr-need-done').click();
    const dialog = page.getByRole('dialog', { name: /^已办结：/ });
    await dialog.getByLabel('办理情况').waitFor();
    await page.getByTestId('qr-need-done-dialog-submit').click();
    await dialog.getByText('请写明办理情况').waitFor();
    await dialog.getByLabel('办理情况').fill('已送到门口，已电话告知本人');
    await page.getByTestId('qr-need-done-dialog-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => card.getAttribute('data-status')).toBe('done');
    expect(await card.getByTestId('qr-need-done-note').innerText()).toBe('办理情况：已送到门口，已电话告知本人');
    const after = (await getJson<Page_<Need>>(page, base, '/api/quarantine/needs?pageSize=100')).items.find((n) => n.id === needId)!;
    expect(after).toMatchObject({ status: 'done', doneNote: '已送到门口，已电话告知本人', takenBy: '志愿者', version: need.version + 2 });
    expect(volunteer.problems).toEqual([]);
  });

  it('the demo resident, put under an order, records this slot\'s check on the workbench (a phone) and asks for groceries; the board shows the check done', async () => {
    const base = suite.base;
    const resident = await suite.loggedIn('resident', { viewport: PHONE });
    const rp = resident.page;
    // Not under quarantine: no card.
    expect(await getJson<Mine>(rp, base, '/api/me/quarantine')).toEqual({ order: null, certificate: null });
    await rp.getByRole('heading', { level: 1, name: '工作台' }).waitFor();
    expect(await rp.getByTestId('qr-mine').count()).toBe(0);
    const residentId = await ownResidentId(rp, base);

    // The community proposes a 7-day home quarantine from today and the street office approves it (through the API).
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const today = (await board(admin.page, base)).date;
    const o = await postJson<Order>(admin.page, base, '/api/quarantine/orders', { residentId, policyCode: 'home7', reason: 'close_contact', startDate: today });
    const street = await suite.loggedIn('street', { viewport: DESKTOP });
    await postJson(street.page, base, `/api/quarantine/orders/${o.id}/decide`, { decision: 'approve', version: o.version });

    await rp.reload();
    const card = rp.getByTestId('qr-mine');
    await card.waitFor();
    expect(await card.getByTestId('qr-mine-day').innerText()).toBe('居家隔离 第 1/7 天');
    const endDate = new Date(Date.parse(`${today}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
    expect(await card.getByTestId('qr-mine-end').innerText()).toBe(`${endDate} 期满`);
    // The sampling days, today's highlighted; today is one (day 1).
    expect(await card.locator('[data-testid="qr-timeline-day"]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-day'), e.getAttribute('data-state')])))
      .toEqual([['1', 'today'], ['4', 'ahead'], ['7', 'ahead']]);
    expect(await card.locator('[data-testid="qr-timeline-day"][data-day="1"]').getAttribute('aria-current')).toBe('date');
    await card.getByTestId('qr-mine-sampling-today').waitFor();

    const mine = await getJson<Mine>(rp, base, '/api/me/quarantine');
    const slot = mine.order!.slotNow;
    const check = card.getByTestId('qr-mine-check');
    expect(await check.innerText()).toContain(`${SLOT[slot]}体温`);
    await rp.evaluate(SCROLL_TO_CARD);
    await suite.shot(rp, 'resident-card-form-phone');
    // One tap for 没有不舒服 — after the temperature.
    await card.getByTestId('qr-mine-fine').click();
    await check.getByText('请填写体温').waitFor();
    await card.getByLabel('体温是多少？（°C）').fill('36.6');
    await card.getByTestId('qr-mine-fine').click();
    const done = card.getByTestId('qr-mine-check-done');
    await done.waitFor();
    expect(await done.innerText()).toContain(`${SLOT[slot]}体温已测：36.6 °C`);
    expect(await card.getByTestId('qr-mine-check').count()).toBe(0);
    const recorded = (await getJson<Mine>(rp, base, '/api/me/quarantine')).order!.checks;
    expect(recorded).toEqual([expect.objectContaining({ date: today, slot, temperature: 36.6, symptoms: [], fever: false, by: 'self' })]);

    // 我需要: groceries.
    await card.getByTestId('qr-mine-ask').click();
    const ask = card.getByTestId('qr-mine-ask-form');
    await ask.getByText('生活物资', { exact: true }).click();
    await ask.getByLabel('说明').fill('需要一箱牛奶和面包，放门口即可');
    await card.getByTestId('qr-mine-ask-submit').click();
    await card.getByTestId('qr-mine-asked').waitFor();
    expect(await card.getByTestId('qr-mine-asked').innerText()).toContain('已告诉社区：生活物资');
    const item = card.locator('[data-testid="qr-mine-need"][data-kind="groceries"]');
    await item.waitFor();
    expect(await item.getAttribute('data-status')).toBe('open');
    expect(await item.innerText()).toContain('需要一箱牛奶和面包，放门口即可');
    expect(await scrollsSideways(rp)).toBe(false);
    // The card's top below the sticky header.
    await rp.evaluate(SCROLL_TO_CARD);
    await suite.shot(rp, 'resident-card-phone');
    const found = await axeViolations(rp);
    expect(found.length, describeViolations('resident workbench with a quarantine (phone)', found)).toBe(0);
    expect(resident.problems).toEqual([]);

    // The board: the resident's check done, the need counted.
    await admin.page.goto(`${base}/quarantine`);
    const row = boardRow(admin.page, o.id);
    await row.waitFor();
    expect(await row.getByTestId(`qr-slot-${slot}`).getAttribute('data-done')).toBe('true');
    expect(await row.getByTestId('qr-board-needs').innerText()).toBe('需求 1 条');
    const needs = (await getJson<Page_<Need>>(admin.page, base, '/api/quarantine/needs?status=open&pageSize=100')).items;
    expect(needs.find((n) => n.orderId === o.id)).toMatchObject({ kind: 'groceries', detail: '需要一箱牛奶和面包，放门口即可', status: 'open' });
    expect(admin.problems).toEqual([]);
    expect(street.problems).toEqual([]);
  });

  it('on a phone: the board fits the screen, its figures and cards, and the check dialog takes the whole width', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: PHONE });
    const { page } = admin;
    await page.goto(`${base}/quarantine`);
    await page.getByRole('heading', { level: 1, name: '居家隔离' }).waitFor();
    const b = await board(page, base);
    const rows = page.getByTestId('qr-board-list').getByTestId('qr-board-row');
    await expect.poll(() => rows.count()).toBe(b.items.length);
    expect(await page.getByTestId('qr-fig-active').locator('strong').innerText()).toBe(String(b.counts.active));
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'board-phone', true);
    const withDue = b.items.find((i) => i.checksDue.length > 0)!;
    await boardRow(page, withDue.id).getByTestId('qr-board-check').click();
    const dialog = page.getByRole('dialog', { name: `录入体温：${withDue.nameMasked}` });
    await dialog.getByLabel('体温（°C）').waitFor();
    expect((await dialog.boundingBox())!.width).toBeGreaterThan(PHONE.width - 2);
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    const found = await axeViolations(page);
    expect(found.length, describeViolations('quarantine board (phone)', found)).toBe(0);
    expect(admin.problems).toEqual([]);
  });
  it('the street office rejects an order with its reason; the secretary changes a door sensor (one in use is refused on its field) and withdraws an order with its reason', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const street = await suite.loggedIn('street', { viewport: DESKTOP });
    const today = (await board(admin.page, base)).date;
    // Two residents without an order, found as the dialog finds them.
    const taken = new Set((await orders(admin.page, base)).filter((o) => o.status === 'pending' || o.status === 'active').map((o) => o.residentId));
    const search = await admin.page.request.post(`${base}/api/residents/search`, {
      headers: { 'x-csrf-token': await csrfToken(admin.page, base), 'x-purpose': 'epidemic.followup' }, data: { q: '张', limit: 8 },
    });
    expect(search.status()).toBe(200);
    const [a, b] = ((await search.json()) as { items: Array<{ id: string; access: string }> }).items.filter((h) => h.access === 'full' && !taken.has(h.id));
    expect(b, 'two 张 without an order').toBeDefined();
    const propose = (residentId: string) => postJson<Order>(admin.page, base, '/api/quarantine/orders', { residentId, policyCode: 'home7', reason: 'other', startDate: today });
    const rejected = await propose(a!.id);
    const withdrawn = await propose(b!.id);
    await postJson(street.page, base, `/api/quarantine/orders/${withdrawn.id}/decide`, { decision: 'approve', version: withdrawn.version });

    // 驳回 needs the reason.
    const sp = street.page;
    await sp.goto(`${base}/quarantine?tab=pending`);
    const card = sp.locator(`[data-testid="qr-order"][data-id="${rejected.id}"]`);
    await card.getByTestId('qr-reject').click();
    const reject = sp.getByRole('dialog', { name: `驳回：${rejected.nameMasked}` });
    await reject.getByLabel('驳回理由').waitFor();
    await sp.getByTestId('qr-reject-dialog-submit').click();
    await reject.getByText('请写明驳回理由').waitFor();
    await reject.getByLabel('驳回理由').fill('核实后不属于密切接触者');
    await sp.getByTestId('qr-reject-dialog-submit').click();
    await reject.waitFor({ state: 'detached' });
    await sp.getByText(`已驳回：${rejected.nameMasked}`).first().waitFor();
    await card.waitFor({ state: 'detached' });
    expect(await order(sp, base, rejected.id)).toMatchObject({ status: 'cancelled', cancelReason: '核实后不属于密切接触者', version: 2 });
    expect(street.problems).toEqual([]);

    // 更换门磁: a sensor in use on another order is refused on the field; another is saved.
    const ap = admin.page;
    const inUse = (await orders(ap, base)).find((o) => o.status === 'active' && o.sensorId)!;
    await ap.goto(`${base}/quarantine/orders/${withdrawn.id}`);
    await ap.getByTestId('qr-order-sensor').click();
    const sensor = ap.getByRole('dialog', { name: `更换门磁：${withdrawn.nameMasked}` });
    await sensor.getByLabel('门磁编号').fill(inUse.sensorId!);
    await ap.getByTestId('qr-sensor-submit').click();
    await fieldOf(sensor, '门磁编号').getByText('正在使用').waitFor();
    await sensor.getByRole('alert').getByText('这个门磁正用在另一户的隔离上').waitFor();
    await sensor.getByLabel('门磁编号').fill('MC-0199');
    await ap.getByTestId('qr-sensor-submit').click();
    await sensor.waitFor({ state: 'detached' });
    await ap.getByText('已保存门磁：MC-0199').first().waitFor();
    await expect.poll(() => ap.getByTestId('qr-fact-sensor').innerText()).toBe('MC-0199');

    // 撤销 with the reason.
    await ap.getByTestId('qr-order-cancel').click();
    const cancel = ap.getByRole('dialog', { name: `撤销隔离：${withdrawn.nameMasked}` });
    await ap.getByTestId('qr-cancel-dialog-submit').click();
    await cancel.getByText('请写明撤销原因').waitFor();
    await cancel.getByLabel('撤销原因').fill('本人已转至集中隔离点');
    await ap.getByTestId('qr-cancel-dialog-submit').click();
    await cancel.waitFor({ state: 'detached' });
    await expect.poll(() => ap.getByTestId('qr-status').innerText()).toBe('已撤销');
    expect(await ap.getByTestId('qr-order-cancelled-note').innerText()).toContain('本人已转至集中隔离点');
    expect(await ap.getByTestId('qr-order-cancel').count()).toBe(0);
    expect(await order(ap, base, withdrawn.id)).toMatchObject({ status: 'cancelled', cancelReason: '本人已转至集中隔离点', sensorId: 'MC-0199' });
    expect(admin.problems.filter((p) => p !== EXPECTED_409)).toEqual([]);
  });
});
