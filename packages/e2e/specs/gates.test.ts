// 卡口 (ADR 0081) in the browser: the community secretary sees the demo's gates (东门 / 南门 / 西门: terminals, rules in
// words, 西门's missing notice, today's figures as the server counts them), creates 北门 with a terminal id — one in use
// is refused on its field — and its own rules, posts 西门's notice, and shows a gate's visitor QR code; the flow shows
// the day's figures, each gate's hours as a chart and the week. A visitor on a phone, without an account, opens a gate's
// poster page, is told a bad mobile on its field, registers and gets a code for today as a QR code (kept on reopening);
// an unknown gate says so. The volunteer on a phone at 卡口值守 scans that code (放行, green), an unknown but valid ID
// number (需核实, orange, resolved 核实后放行 there), a quarantined demo resident going out (不放行, red, 居家隔离中) and
// something unreadable (said on the field). The grid worker turns a passage to check away with a note on 通行记录 and
// sees the visitor entered; the secretary registers a vehicle with its owner (a wrong plate said on the field) and removes it. The street
// office sees the gates and the flow, not the passages. Synthetic data only (ID numbers and mobiles invented here).
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, confirmWith, csrfToken, getJson, menuEntries, scrollsSideways } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { validId } from '../src/ids';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

type Gate = {
  id: string; name: string; communityName: string; gridId: string; gridName: string; deviceId: string | null; signageOn: string | null; status: string;
  policy: { samplingHours: number; samplingAction: string; unknown: string }; today: { in: number; out: number; deny: number; review: number };
};
type Passage = { id: string; gateId: string; decision: string; direction: string; review: { outcome: string; note: string | null } | null; reasons: Array<{ code: string }> };
type Flow = { date: string; totals: Record<'in' | 'out' | 'allow' | 'deny' | 'review' | 'visitors' | 'vehicles', number>; gates: Array<{ gateId: string; name: string; in: number; out: number }>; days: unknown[] };
type Order = { id: string; residentId: string; kind: string; status: string };

/** What the browser logs for the refusals these tests provoke on purpose (a terminal id in use, a bad mobile, a gate not found …). */
const expectedProblem = (p: string) => /the server responded with a status of (400 \(Bad Request\)|404 \(Not Found\)|409 \(Conflict\))/.test(p);

/** An invented person nobody in the demo is (Beijing Dongcheng, a birth date of this test's own). */
const UNKNOWN_ID = validId('11010119850217432');
const VISITOR = { name: '测试访客', phone: '13905718866', host: '5幢2单元301室' };
const GREEN = 'rgb(35, 120, 4)';
const ORANGE = 'rgb(173, 78, 0)';
const RED = 'rgb(168, 7, 26)';

const gatesOf = async (page: Page, base: string) => (await getJson<{ items: Gate[] }>(page, base, '/api/gates')).items;
const byName = (gates: Gate[], name: string) => {
  const g = gates.find((x) => x.name === name);
  if (!g) throw new Error(`no gate ${name}`);
  return g;
};
const card = (page: Page, name: string): Locator => page.locator(`[data-testid="gt-gate"][data-name="${name}"]`);
/** A form's field (its .ant-form-item, where antd writes the field's message), by its label. */
const fieldOf = (scope: Locator, label: string): Locator => scope.locator('.ant-form-item').filter({ has: scope.page().getByLabel(label, { exact: true }) });
const background = (l: Locator) => l.evaluate((el) => (globalThis as unknown as { getComputedStyle: (e: unknown) => { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
const focusedId = (page: Page) => page.evaluate<string>("document.activeElement ? document.activeElement.id : ''");
/** What a USB card reader or QR scanner does: types into the focused field and presses Enter. */
async function scan(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}
const figure = async (page: Page, id: string) => Number((await page.getByTestId(id).locator('strong').innerText()).replace(/[,\s]/g, ''));

describe('gates (卡口)', () => {
  const suite = e2eSuite('gates');
  // Shared by the tests, in order: the gate the visitor registers at and the code they get.
  let east: Gate | undefined;
  let visitorCode = '';

  it('the secretary sees the demo gates, creates one with a terminal id and rules (one in use is refused on its field), posts a notice and shows a poster', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    expect(await menuEntries(page)).toEqual(expect.arrayContaining(['卡口管理', '卡口值守']));
    await page.getByRole('menuitem', { name: '卡口管理' }).click();
    await page.waitForURL(`${base}/gates`);
    await page.getByRole('heading', { level: 1, name: '卡口管理' }).waitFor();
    await card(page, '东门').waitFor();

    const gates = await gatesOf(page, base);
    expect(gates.map((g) => g.name)).toEqual(['东门', '南门', '西门']);
    east = byName(gates, '东门');
    // The cards: terminal, rules in words, today's figures as the server counts them.
    expect(await card(page, '东门').getByTestId('gt-device').innerText()).toBe('GATE-A-EAST');
    expect(await card(page, '东门').getByTestId('gt-policy').innerText()).toBe('核酸 72 小时内阴性，否则需核实；未登记人员需核实');
    expect(await card(page, '西门').getByTestId('gt-device').innerText()).toBe('人工值守（没有设备）');
    expect(await card(page, '西门').getByTestId('gt-policy').innerText()).toBe('核酸 48 小时内阴性，否则需核实；未登记人员需核实');
    for (const g of gates) {
      for (const k of ['in', 'out', 'deny', 'review'] as const) {
        expect(await card(page, g.name).getByTestId(`gt-today-${k}`).locator('strong').innerText(), `${g.name} ${k}`).toBe(String(g.today[k]));
      }
    }
    expect(byName(gates, '西门').today.review, 'the demo leaves passages to check at 西门').toBeGreaterThan(0);
    // 西门 has no notice posted: a warning on its card only.
    expect(await card(page, '西门').getByTestId('gt-no-signage').innerText()).toContain('未张贴告知标识');
    expect(await card(page, '东门').getByTestId('gt-no-signage').count()).toBe(0);
    expect(await card(page, '东门').getByTestId('gt-signage').innerText()).toBe(`${east.signageOn} 已张贴`);
    await suite.shot(page, 'gates-desktop');
    const found = await axeViolations(page);
    expect(found.length, describeViolations('gates (desktop)', found)).toBe(0);

    // 新建卡口: nothing typed is said; a terminal id in use is refused on its field; then 北门 with its own rules.
    await page.getByTestId('gt-new').click();
    const dialog = page.getByRole('dialog', { name: '新建卡口' });
    await dialog.getByLabel('卡口名称').waitFor();
    await page.getByTestId('gt-save').click();
    await fieldOf(dialog, '卡口名称').getByText('请填写卡口名称').waitFor();
    await fieldOf(dialog, '所在网格').locator('.ant-form-item-explain-error', { hasText: '请选择网格' }).waitFor();
    await dialog.getByLabel('卡口名称').fill('北门');
    await dialog.getByRole('radiogroup', { name: '类型' }).getByText('人车混行').click();
    const grids = (await getJson<{ items: Array<{ id: string; name: string; level: string }> }>(page, base, '/api/orgs/levels')).items.filter((o) => o.level === 'grid');
    await chooseOption(page, dialog.getByLabel('所在网格'), grids[0]!.name);
    await dialog.getByLabel('位置（选填）').fill('北门临时岗亭');
    await dialog.getByLabel('设备编号（选填）').fill('bad id');
    await page.getByTestId('gt-save').click();
    await fieldOf(dialog, '设备编号（选填）').getByText('设备编号只能是 4–40 位字母、数字、- 或 _').waitFor();
    await dialog.getByLabel('设备编号（选填）').fill('GATE-A-EAST');
    await chooseOption(page, dialog.getByLabel('核酸要求'), '24 小时内阴性');
    await dialog.getByRole('radiogroup', { name: '核酸不符合时' }).getByText('不放行').click();
    await dialog.getByRole('radiogroup', { name: '未登记的人' }).getByText('不放行').click();
    const taken = page.waitForResponse((r) => r.url() === `${base}/api/gates` && r.request().method() === 'POST');
    await page.getByTestId('gt-save').click();
    expect((await taken).status()).toBe(409);
    await fieldOf(dialog, '设备编号（选填）').getByText('设备编号已被使用').waitFor();
    await dialog.getByLabel('设备编号（选填）').fill('GATE-A-NORTH');
    const created = page.waitForResponse((r) => r.url() === `${base}/api/gates` && r.request().method() === 'POST');
    await page.getByTestId('gt-save').click();
    const answer = await created;
    expect(answer.status()).toBe(201);
    expect(answer.request().postDataJSON()).toEqual({
      name: '北门', kind: 'mixed', gridId: grids[0]!.id, location: '北门临时岗亭', deviceId: 'GATE-A-NORTH', signageOn: null,
      policy: { samplingHours: 24, samplingAction: 'deny', unknown: 'deny' },
    });
    await dialog.waitFor({ state: 'detached' });
    const north = card(page, '北门');
    await north.waitFor();
    expect(await north.getByTestId('gt-device').innerText()).toBe('GATE-A-NORTH');
    expect(await north.getByTestId('gt-policy').innerText()).toBe('核酸 24 小时内阴性，否则不放行；未登记人员不放行');
    expect(await north.getByTestId('gt-no-signage').count()).toBe(1);
    expect(byName(await gatesOf(page, base), '北门')).toMatchObject({ deviceId: 'GATE-A-NORTH', gridId: grids[0]!.id, status: 'active', policy: { samplingHours: 24, samplingAction: 'deny', unknown: 'deny' } });

    // 编辑 西门: the notice is posted today; the warning goes.
    await card(page, '西门').getByTestId('gt-edit').click();
    const edit = page.getByRole('dialog', { name: '编辑卡口：西门' });
    const date = edit.getByLabel('告知标识张贴日期（选填）');
    await date.click();
    await date.fill(east.signageOn!.slice(0, 4) + '-01-01');
    await date.press('Enter');
    await page.getByTestId('gt-save').click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => card(page, '西门').getByTestId('gt-no-signage').count()).toBe(0);
    expect(byName(await gatesOf(page, base), '西门').signageOn).toBe(`${east.signageOn!.slice(0, 4)}-01-01`);

    // 访客二维码: the visitor page of the gate, to download and print.
    await card(page, '东门').getByTestId('gt-poster').click();
    const poster = page.getByRole('dialog', { name: '访客二维码：东门' });
    await poster.getByTestId('gt-poster-qr').locator('canvas').waitFor();
    expect(await poster.getByTestId('gt-poster-url').innerText()).toBe(`${base}/visit/${east.id}`);
    await suite.shot(page, 'gates-poster');
    await poster.getByRole('button', { name: '关闭' }).first().click();
    await poster.waitFor({ state: 'detached' });
    expect(admin.problems.filter((p) => !expectedProblem(p))).toEqual([]);
  });

  it('the flow: the day’s figures as the server counts them, each gate’s hours as a chart, the week', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.goto(`${base}/gates?tab=flow`);
    await page.getByTestId('gt-flow-totals').waitFor();
    const flow = await getJson<Flow>(page, base, '/api/gates/flow');
    for (const k of ['in', 'out', 'allow', 'deny', 'review', 'visitors', 'vehicles'] as const) expect(await figure(page, `gt-flow-${k}`), k).toBe(flow.totals[k]);
    expect(flow.totals.in + flow.totals.out).toBeGreaterThan(0);
    // One section per gate with its figures; a chart where the day had passages.
    const sections = page.getByTestId('gt-flow-gate');
    expect(await sections.count()).toBe(flow.gates.length);
    for (const g of flow.gates) {
      const s = page.locator(`[data-testid="gt-flow-gate"][data-id="${g.gateId}"]`);
      expect(await s.getByTestId('gt-flow-gate-in').innerText()).toBe(String(g.in));
      expect(await s.getByTestId('gt-flow-gate-out').innerText()).toBe(String(g.out));
      if (g.in + g.out > 0) {
        expect(await s.getByTestId('gt-flow-busiest').innerText()).toMatch(/^最忙时段 \d+:00–\d+:00（\d+ 人次）$/);
        await s.getByTestId('gt-flow-chart').locator('canvas').waitFor();
      }
    }
    // The last 7 days, oldest first, the day asked for last.
    const days = page.getByTestId('gt-flow-day');
    expect(await days.count()).toBe(7);
    expect(await days.last().getAttribute('data-date')).toBe(flow.date);
    await page.getByTestId('gt-flow-week-chart').locator('canvas').waitFor();
    await suite.shot(page, 'flow-desktop', true);
    const found = await axeViolations(page);
    expect(found.length, describeViolations('gate flow (desktop)', found)).toBe(0);
    expect(admin.problems).toEqual([]);
  });

  it('a visitor on a phone, without an account: a bad mobile is said on its field; registered, they get today’s code as a QR code', async () => {
    expect(east, 'the east gate of the first test').toBeDefined();
    const base = suite.base;
    const visitor = await suite.browser({ viewport: PHONE });
    const { page } = visitor;
    const pub = (await (await page.request.get(`${base}/api/public/gates/${east!.id}`)).json()) as { name: string; communityName: string; open: boolean };
    expect(pub).toMatchObject({ name: '东门', open: true });
    await page.goto(`${base}/visit/${east!.id}`);
    await page.getByRole('heading', { level: 1, name: '访客登记' }).waitFor();
    await page.getByTestId('gt-visit-gate').waitFor();
    expect(await page.getByTestId('gt-visit-gate').innerText()).toBe(`${pub.communityName} · 东门`);
    const form = page.locator('form');
    // Nothing typed: each field says so, nothing is sent.
    await page.getByTestId('gt-visit-submit').click();
    await fieldOf(form, '姓名').getByText('请填写姓名').waitFor();
    await fieldOf(form, '手机号').getByText('请填写手机号').waitFor();
    await page.getByLabel('姓名', { exact: true }).fill(VISITOR.name);
    await page.getByLabel('手机号', { exact: true }).fill('1390571');
    await page.getByLabel('拜访楼栋/房号', { exact: true }).fill(VISITOR.host);
    await page.getByRole('radiogroup', { name: '来访事由' }).getByText('送货').click();
    // The server refuses the mobile: said on its field.
    const refused = page.waitForResponse((r) => r.url().endsWith('/visits') && r.request().method() === 'POST');
    await page.getByTestId('gt-visit-submit').click();
    expect((await refused).status()).toBe(400);
    await fieldOf(form, '手机号').getByText('请填写 11 位手机号').waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'visit-phone-error');
    const withError = await axeViolations(page);
    expect(withError.length, describeViolations('visitor registration with a field error (phone)', withError)).toBe(0);

    await page.getByLabel('手机号', { exact: true }).fill(VISITOR.phone);
    const sent = page.waitForResponse((r) => r.url().endsWith('/visits') && r.request().method() === 'POST');
    await page.getByTestId('gt-visit-submit').click();
    const answer = await sent;
    expect(answer.status()).toBe(201);
    expect(answer.request().postDataJSON()).toEqual({ ...VISITOR, reason: 'delivery' });
    const done = page.getByTestId('gt-visit-done');
    await done.waitFor();
    visitorCode = await page.getByTestId('gt-visit-code').innerText();
    expect(visitorCode).toMatch(/^RXV-[A-Z0-9]{10}$/);
    expect(await done.getAttribute('data-code')).toBe(visitorCode);
    expect(await page.getByTestId('gt-visit-qr').locator('svg').count()).toBe(1);
    expect(await page.getByTestId('gt-visit-show').innerText()).toBe('请在卡口出示此码，仅限当日有效');
    const pass = (await answer.json()) as { date: string; nameMasked: string };
    expect(await page.getByTestId('gt-visit-date').innerText()).toBe(`有效日期：${pass.date}`);
    expect(pass.nameMasked).toBe('测***');
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'visit-phone-code', true);
    const found = await axeViolations(page);
    expect(found.length, describeViolations('visitor code (phone)', found)).toBe(0);
    // Opening the poster's link again the same day shows the code again.
    await page.reload();
    await expect.poll(() => page.getByTestId('gt-visit-code').innerText()).toBe(visitorCode);

    // A gate that does not exist says so plainly.
    await page.goto(`${base}/visit/no-such-gate`);
    await page.getByTestId('gt-visit-notfound').waitFor();
    expect(await page.getByTestId('gt-visit-notfound').innerText()).toContain('找不到这个卡口');
    expect(visitor.problems.filter((p) => !expectedProblem(p))).toEqual([]);
  });

  it('the volunteer at 卡口值守 on a phone: the visitor passes (green), an unknown person is checked and let in (orange), a quarantined resident going out is stopped (red)', async () => {
    expect(visitorCode, 'the visitor’s code of the test before').toMatch(/^RXV-/);
    const base = suite.base;
    // The demo's quarantined resident, and their ID number as the card reader would read it (revealed by the secretary).
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const orders = (await getJson<{ items: Order[] }>(admin.page, base, '/api/quarantine/orders?status=active&pageSize=100')).items;
    const quarantined = orders.find((o) => o.kind === 'home_quarantine');
    expect(quarantined, 'the demo has an active home quarantine').toBeDefined();
    const revealed = await admin.page.request.post(`${base}/api/residents/${quarantined!.residentId}/reveal`, {
      headers: { 'x-csrf-token': await csrfToken(admin.page, base), 'x-purpose': 'epidemic.screening' }, data: { field: 'idNumber', reason: '卡口核验演示' },
    });
    expect(revealed.status()).toBe(200);
    const quarantinedId = ((await revealed.json()) as { value: string }).value;
    expect(quarantinedId).toMatch(/^\d{17}[\dX]$/);

    const volunteer = await suite.loggedIn('volunteer', { viewport: PHONE });
    const { page } = volunteer;
    await page.getByRole('button', { name: '打开菜单' }).click();
    const entries = await menuEntries(page);
    expect(entries).toContain('卡口值守');
    expect(entries).not.toContain('卡口管理');
    await page.getByRole('menuitem', { name: '卡口值守' }).click();
    await page.waitForURL(`${base}/gates/station`);
    await page.getByRole('heading', { level: 1, name: '卡口值守' }).waitFor();
    await chooseOption(page, page.getByLabel('卡口', { exact: true }), '东门');
    await expect.poll(() => focusedId(page), { message: 'the scan field takes the reader' }).toBe('gt-scan');
    expect(((await page.getByTestId('gt-scan').boundingBox())!).height).toBeGreaterThanOrEqual(48);

    // 1. The visitor's code: 放行, green; the field is empty again and has the keyboard.
    const result = page.getByTestId('gt-result');
    await scan(page, visitorCode);
    await expect.poll(() => result.getAttribute('data-decision')).toBe('allow');
    expect(await page.getByTestId('gt-result-word').innerText()).toBe('放行');
    expect(await background(result)).toBe(GREEN);
    expect(await page.getByTestId('gt-result-who').innerText()).toBe(`访客 测*** · 拜访 ${VISITOR.host} · 送货`);
    expect(await page.getByTestId('gt-result-reasons').innerText()).toContain('已登记访客（当日有效）');
    expect(await page.getByTestId('gt-scan').inputValue()).toBe('');
    await expect.poll(() => focusedId(page)).toBe('gt-scan');
    await suite.shot(page, 'station-phone-allow');

    // 2. An unknown person: 需核实, orange; 核实后放行 right there.
    await scan(page, UNKNOWN_ID);
    await expect.poll(() => result.getAttribute('data-decision')).toBe('review');
    expect(await background(result)).toBe(ORANGE);
    expect(await page.getByTestId('gt-result-who').innerText()).toBe('未登记人员');
    expect(await page.getByTestId('gt-result-reasons').innerText()).toContain('未登记人员，请核实身份并登记');
    const reviewId = (await result.getAttribute('data-id'))!;
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'station-phone-review');
    const atReview = await axeViolations(page);
    expect(atReview.length, describeViolations('gate station with a passage to check (phone)', atReview)).toBe(0);
    const reviewed = page.waitForResponse((r) => r.url().endsWith(`/api/gates/events/${reviewId}/review`));
    await page.getByTestId('gt-result-let-in').click();
    expect((await reviewed).status()).toBe(200);
    await expect.poll(() => page.getByTestId('gt-result-review').innerText()).toBe('已核实放行');
    await expect.poll(() => focusedId(page)).toBe('gt-scan');
    const events = (await getJson<{ items: Passage[] }>(page, base, `/api/gates/events?gateId=${east!.id}&decision=review`)).items;
    expect(events.find((e) => e.id === reviewId)).toMatchObject({ direction: 'in', review: { outcome: 'let_in' } });
    // The queue drops it when its refetch after the review has been drawn (a CI run read it a moment before).
    await expect.poll(() => page.locator(`[data-testid="gt-queue"] [data-testid="gt-passage"][data-id="${reviewId}"]`).count()).toBe(0);

    // 3. 出: the quarantined resident is stopped, red, 居家隔离中.
    await page.getByRole('radiogroup', { name: '方向' }).getByText('出', { exact: true }).click();
    await expect.poll(() => focusedId(page)).toBe('gt-scan');
    await scan(page, quarantinedId);
    await expect.poll(() => result.getAttribute('data-decision')).toBe('deny');
    expect(await page.getByTestId('gt-result-word').innerText()).toBe('不放行');
    expect(await background(result)).toBe(RED);
    expect(await page.getByTestId('gt-result-reasons').locator('[data-code="quarantine_out"]').innerText()).toBe('居家隔离中，不得外出');
    const who = await page.getByTestId('gt-result-who').innerText();
    expect(who).toMatch(/^\S\*+ · \d{6}\*+\d{3}[\dX]$/);
    expect(who).not.toContain(quarantinedId);
    await page.getByTestId('gt-result-address').waitFor();
    await suite.shot(page, 'station-phone-deny');

    // 4. Something no reader sends: said under the field, and left in it to correct.
    await scan(page, 'ABC123');
    const error = page.getByTestId('gt-scan-error');
    await error.waitFor();
    expect(await error.innerText()).toBe('无法识别：请读取身份证、扫描个人码或访客码，或输入车牌号');
    await expect.poll(() => page.getByTestId('gt-scan').inputValue()).toBe('ABC123');
    expect(await page.getByTestId('gt-scan').getAttribute('aria-invalid')).toBe('true');
    expect(await result.getAttribute('data-decision')).toBe('deny'); // the last answer stays

    // This session's checks, newest first.
    expect(await page.getByTestId('gt-recent-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-decision')))).toEqual(['deny', 'review', 'allow']);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'station-phone-full', true);
    const found = await axeViolations(page);
    expect(found.length, describeViolations('gate station (phone)', found)).toBe(0);
    // The server holds the passages: the volunteer's checks at 东门, in and out.
    const today = (await getJson<{ items: Passage[] }>(page, base, `/api/gates/events?gateId=${east!.id}&pageSize=10`)).items;
    expect(today.slice(0, 3).map((e) => [e.decision, e.direction])).toEqual([['deny', 'out'], ['review', 'in'], ['allow', 'in']]);
    expect(today[0]!.reasons.map((r) => r.code)).toContain('quarantine_out');
    expect(volunteer.problems.filter((p) => !expectedProblem(p))).toEqual([]);
    expect(admin.problems).toEqual([]);
  });

  it('the grid worker turns a passage to check away with a note on 通行记录 and sees the visitor entered; the secretary registers a vehicle with its owner and removes it', async () => {
    const base = suite.base;
    const grid = await suite.loggedIn('grid1', { viewport: DESKTOP });
    const { page } = grid;
    await page.goto(`${base}/gates?tab=events&decision=open`);
    const list = page.getByTestId('gt-events-list');
    await list.waitFor();
    const open = (await getJson<{ items: Passage[]; total: number }>(page, base, '/api/gates/events?open=1')).items;
    expect(open.length).toBeGreaterThan(0);
    const first = list.getByTestId('gt-passage').first();
    expect(await first.getAttribute('data-id')).toBe(open[0]!.id);
    expect(await first.getAttribute('data-open')).toBe('true');
    await first.getByTestId('gt-turn-away').click();
    const dialog = page.getByRole('dialog', { name: '劝返' });
    await dialog.getByTestId('gt-review-note').fill('已电话联系住户，对方不认识来人');
    await page.getByTestId('gt-review-submit').click();
    await dialog.waitFor({ state: 'detached' });
    // Resolved, it leaves the 待核实 list; on 全部 it shows how and why.
    await expect.poll(() => list.locator(`[data-testid="gt-passage"][data-id="${open[0]!.id}"]`).count()).toBe(0);
    await page.getByRole('radiogroup', { name: '显示' }).getByText('全部', { exact: true }).click();
    const row = page.locator(`[data-testid="gt-passage"][data-id="${open[0]!.id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('gt-passage-review').innerText()).toMatch(/^已劝返（.+ \d{2}:\d{2}）：已电话联系住户，对方不认识来人$/);
    await suite.shot(page, 'events-desktop');
    const found = await axeViolations(page);
    expect(found.length, describeViolations('gate passages (desktop)', found)).toBe(0);

    // 访客: the visitor of the test before has come in.
    await page.getByTestId('gt-tab-visits').click();
    const visit = page.getByTestId('gt-visit').filter({ hasText: VISITOR.host });
    await visit.waitFor();
    expect(await visit.getByTestId('gt-visit-name').innerText()).toBe('测***');
    expect(await visit.getByTestId('gt-visit-status').innerText()).toBe('已进入');
    // 车辆: the grid worker reads them, without 登记车辆.
    await page.getByTestId('gt-tab-vehicles').click();
    await page.getByTestId('gt-vehicle').first().waitFor();
    expect(await page.getByTestId('gt-add-vehicle').count()).toBe(0);
    expect(grid.problems).toEqual([]);

    // The same passages on the grid worker's phone: the filters fit, nothing scrolls sideways.
    const phone = await suite.loggedIn('grid1', { viewport: PHONE });
    await phone.page.goto(`${base}/gates?tab=events`);
    await phone.page.getByTestId('gt-events-list').waitFor();
    expect(await scrollsSideways(phone.page)).toBe(false);
    await suite.shot(phone.page, 'events-phone');
    const onPhone = await axeViolations(phone.page);
    expect(onPhone.length, describeViolations('gate passages (phone)', onPhone)).toBe(0);
    expect(phone.problems).toEqual([]);

    // The secretary registers a supplies van with its driver's household as owner; a wrong plate is said on its field.
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    await admin.page.goto(`${base}/gates?tab=vehicles`);
    const before = (await getJson<{ items: unknown[] }>(admin.page, base, '/api/gates/vehicles')).items.length;
    await expect.poll(() => admin.page.getByTestId('gt-vehicle').count()).toBe(before);
    await admin.page.getByTestId('gt-add-vehicle').click();
    const add = admin.page.getByRole('dialog', { name: '登记车辆' });
    await add.getByLabel('车牌号').fill('浙123');
    await admin.page.getByTestId('gt-vehicle-save').click();
    await fieldOf(add, '车牌号').getByText('车牌号格式不正确（如 浙L12345）').waitFor();
    await add.getByLabel('车牌号').fill('浙L E2E19');
    await add.getByRole('radiogroup', { name: '车辆类型' }).getByText('业主车辆').click();
    await add.getByLabel('查找车主').fill('王');
    await admin.page.getByTestId('gt-owner-search-button').click();
    await add.getByTestId('gt-owner-hit').first().click();
    const owner = await add.getByTestId('gt-owner-chosen').innerText();
    expect(owner).toMatch(/^车主：王\*+/);
    const saved = admin.page.waitForResponse((r) => r.url() === `${base}/api/gates/vehicles` && r.request().method() === 'POST');
    await admin.page.getByTestId('gt-vehicle-save').click();
    const registered = await saved;
    expect(registered.status()).toBe(201);
    expect(registered.request().postDataJSON()).toMatchObject({ plate: '浙L E2E19', kind: 'resident', residentId: expect.any(String) });
    const vehicle = (await registered.json()) as { id: string; plateMasked: string };
    expect(vehicle.plateMasked).toMatch(/^浙L\S*\*+\S*9$/);
    await add.waitFor({ state: 'detached' });
    await expect.poll(() => admin.page.getByTestId('gt-vehicle').count()).toBe(before + 1);
    const listed = admin.page.locator(`[data-testid="gt-vehicle"][data-id="${vehicle.id}"]`);
    expect(await listed.getByTestId('gt-plate').innerText()).toBe(vehicle.plateMasked);
    expect(await listed.innerText()).toMatch(/车主 王\*+/);
    // 删除, confirmed: the plate reads as unregistered at the gates from now on.
    await listed.getByTestId('gt-vehicle-remove').click();
    await confirmWith(admin.page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }));
    await expect.poll(() => admin.page.getByTestId('gt-vehicle').count()).toBe(before);
    expect((await getJson<{ items: Array<{ id: string }> }>(admin.page, base, '/api/gates/vehicles')).items.map((v) => v.id)).not.toContain(vehicle.id);
    expect(admin.problems.filter((p) => !expectedProblem(p))).toEqual([]);
  });

  it('the street office sees the gates (read only) and the flow, not the passages, visitors or vehicles', async () => {
    const base = suite.base;
    const street = await suite.loggedIn('street', { viewport: DESKTOP });
    const { page } = street;
    const entries = await menuEntries(page);
    expect(entries).toContain('卡口管理');
    expect(entries).not.toContain('卡口值守');
    await page.getByRole('menuitem', { name: '卡口管理' }).click();
    await page.waitForURL(`${base}/gates`);
    await card(page, '东门').waitFor();
    const gates = await gatesOf(page, base);
    expect(gates.map((g) => g.name)).toEqual(expect.arrayContaining(['东门', '南门', '西门', '北门']));
    expect(await page.getByTestId('gt-gate').count()).toBe(gates.length);
    expect(await page.getByTestId('gt-new').count()).toBe(0);
    expect(await page.getByTestId('gt-edit').count()).toBe(0);
    expect(await page.getByTestId('gt-poster').count()).toBe(0);
    expect(await page.getByRole('tab').allInnerTexts()).toEqual(['卡口', '客流']);
    // The passages' address opens the gates instead.
    await page.goto(`${base}/gates?tab=events`);
    await card(page, '东门').waitFor();
    expect(await page.getByTestId('gt-events').count()).toBe(0);
    const denied = await page.request.get(`${base}/api/gates/events`);
    expect(denied.status()).toBe(403);
    await page.getByTestId('gt-tab-flow').click();
    await page.getByTestId('gt-flow-totals').waitFor();
    const flow = await getJson<Flow>(page, base, '/api/gates/flow');
    expect(await figure(page, 'gt-flow-in')).toBe(flow.totals.in);
    expect(await page.getByTestId('gt-flow-gate').count()).toBe(gates.length);
    const found = await axeViolations(page);
    expect(found.length, describeViolations('gate flow (street office)', found)).toBe(0);
    expect(street.problems.filter((p) => !/status of 403/.test(p))).toEqual([]);
  });
});
