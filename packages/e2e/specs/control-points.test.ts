// 三无小区管控 (ADR 0074) in the browser: a grid worker on a phone opens the board from the menu, sees the demo's
// unmanaged compounds (one with an open problem, one not yet a control point), and records a patrol that finds the fire
// lane blocked — the form names what is still unanswered, and the card turns to 有问题; the community secretary opens
// 记录, records the fixes (已整改), and the card is 正常 again; then makes the remaining compound a control point with a
// 包保责任人, and a change someone else made meanwhile is said (409) and shown.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, csrfToken, scrollsSideways } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

type Status = 'problem' | 'due' | 'unassigned' | 'ok';
type Point = {
  compoundId: string; compoundName: string; threeNo: boolean; pointId: string | null; lead: { id: string; name: string } | null; intervalHours: number | null;
  lastPatrolAt: string | null; lastPatrolBy: string | null; openProblems: number; status: Status; version: number | null;
};
type Board = { items: Point[]; counts: Record<Status, number> };

/** What the browser logs for the refusal the test provokes on purpose (a change saved on a version someone else moved on). */
const EXPECTED_409 = 'console.error: Failed to load resource: the server responded with a status of 409 (Conflict)';

async function board(page: Page, base: string): Promise<Board> {
  const res = await page.request.get(`${base}/api/control-points`);
  expect(res.status()).toBe(200);
  return (await res.json()) as Board;
}

/** The card of a compound, by its name (the card's heading, exactly). */
const cardOf = (page: Page, name: string): Locator =>
  page.getByTestId('cp-card').filter({ has: page.getByRole('heading', { level: 2, name, exact: true }) });

/** The number on a count tile (有问题 / 巡查逾期 / 未设管控 / 正常). */
const countShown = async (page: Page, s: Status) => Number((await page.getByTestId(`cp-count-${s}`).locator('strong').innerText()).trim());

describe('unmanaged compounds as control points (三无小区管控)', () => {
  const suite = e2eSuite('control-points');
  // The compound patrolled by the grid worker, and the one set up by the secretary (shared by the tests, in order).
  let patrolled = '';

  it('a grid worker on a phone opens the board from the menu and records a patrol that finds the fire lane blocked: the card turns to 有问题', async () => {
    const base = suite.base;
    const grid = await suite.loggedIn('grid1', { viewport: PHONE });
    const { page } = grid;

    // The workbench says what needs the worker: the compound with the open problem first; its button opens the board
    // filtered to the problems.
    const todo = page.getByTestId('cp-attention');
    await todo.waitFor();
    const topItem = todo.getByTestId('cp-attention-item').first();
    expect(await topItem.getAttribute('data-status')).toBe('problem');
    expect(await topItem.innerText()).toContain('个问题未整改');
    await todo.getByTestId('cp-attention-open').click();
    await page.waitForURL(`${base}/control-points?status=problem`);
    await expect.poll(() => page.getByTestId('cp-list').getByTestId('cp-card').count()).toBeGreaterThan(0);
    expect(new Set(await page.getByTestId('cp-list').getByTestId('cp-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))))).toEqual(new Set(['problem']));
    await page.goto(`${base}/`);

    // From the menu drawer.
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('menuitem', { name: '三无小区管控' }).click();
    await page.waitForURL(`${base}/control-points`);
    await page.getByRole('heading', { level: 1, name: '三无小区管控' }).waitFor();

    // The demo's unmanaged compounds, as the server lists them (problem, due, unassigned, ok); one card each.
    const before = await board(page, base);
    expect(before.items.length).toBeGreaterThanOrEqual(2);
    expect(before.counts.problem, 'the demo has a compound with an open problem').toBeGreaterThanOrEqual(1);
    expect(before.counts.unassigned, 'the demo has a compound not yet a control point').toBeGreaterThanOrEqual(1);
    const cards = page.getByTestId('cp-list').getByTestId('cp-card');
    await expect.poll(() => cards.count()).toBe(before.items.length);
    expect(await cards.getByTestId('cp-name').allInnerTexts()).toEqual(before.items.map((p) => p.compoundName));
    for (const s of ['problem', 'due', 'unassigned', 'ok'] as const) expect(await countShown(page, s), s).toBe(before.counts[s]);
    // A three-no compound says 三无; the card with the open problem its lead, interval and last patrol ("2 小时前，…").
    const problemPoint = before.items.find((p) => p.status === 'problem')!;
    const problemCard = cardOf(page, problemPoint.compoundName);
    expect(await problemCard.getAttribute('data-status')).toBe('problem');
    expect(await problemCard.getByTestId('cp-status').innerText()).toBe('有问题');
    expect(await problemCard.getByTestId('cp-lead').innerText()).toBe(problemPoint.lead!.name);
    expect(await problemCard.getByTestId('cp-interval').innerText()).toBe(`${problemPoint.intervalHours} 小时`);
    expect(await problemCard.getByTestId('cp-last').innerText()).toMatch(/^(刚刚|\d+ 分钟前|\d+ 小时前|\d+ 天前)，\S+/);
    expect(await problemCard.getByTestId('cp-open').innerText()).toBe(`${problemPoint.openProblems} 个`);
    const threeNo = before.items.find((p) => p.threeNo);
    if (threeNo) expect(await cardOf(page, threeNo.compoundName).getByTestId('cp-flag').allInnerTexts()).toEqual(['三无']);
    // A compound without a point: no patrol, no history; a grid worker sets up nothing.
    const unassigned = before.items.find((p) => p.status === 'unassigned')!;
    expect(await cardOf(page, unassigned.compoundName).getByRole('button').count()).toBe(0);
    expect(await page.getByTestId('cp-setup').count()).toBe(0);
    expect(await scrollsSideways(page)).toBe(false);

    // The count tiles filter the cards (in the address); tapping the chosen one again shows all.
    await page.getByTestId('cp-count-unassigned').click();
    await page.waitForURL(/status=unassigned/);
    await expect.poll(() => cards.count()).toBe(before.counts.unassigned);
    expect(await page.getByTestId('cp-count-unassigned').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('cp-count-unassigned').click();
    await expect.poll(() => cards.count()).toBe(before.items.length);

    // The point to patrol: an overdue one if the demo has it (the story of ADR 0074), else a fine one, else the one with
    // the open problem (then one more problem is open there).
    const target = before.items.find((p) => p.status === 'due') ?? before.items.find((p) => p.status === 'ok') ?? problemPoint;
    patrolled = target.compoundName;
    const card = cardOf(page, patrolled);
    await card.getByTestId('cp-patrol').click();
    const form = page.getByRole('dialog', { name: `巡查：${patrolled}` });
    await form.getByRole('radiogroup', { name: '卡口有人值守' }).waitFor();
    // The dialog is the phone's width.
    const box = (await form.boundingBox())!;
    expect(box.width).toBeGreaterThan(PHONE.width - 2);
    // Nothing is chosen beforehand: the button says what is still to answer, and sending names each open check.
    const submit = page.getByTestId('cp-patrol-submit');
    expect((await submit.innerText()).replace(/\s+/g, '')).toBe('还差5项：卡口值守、出入登记、消杀、消防通道、环境卫生');
    await submit.click();
    await expect.poll(() => form.getByText('请选择正常或有问题').count()).toBe(5);
    for (const name of ['卡口有人值守', '出入登记']) {
      await form.getByRole('radiogroup', { name }).locator('label', { hasText: '正常' }).click();
    }
    // The count follows the last click once React has drawn it (a read right after the click raced it under load).
    await expect.poll(async () => (await submit.innerText()).replace(/\s+/g, '')).toBe('还差3项：消杀、消防通道、环境卫生');
    await form.getByRole('radiogroup', { name: '消防/应急通道畅通' }).locator('label', { hasText: '有问题' }).click();
    await form.getByTestId('cp-patrol-notify').waitFor();
    await expect.poll(async () => (await submit.innerText()).replace(/\s+/g, '')).toBe('还差2项：消杀、环境卫生');
    // One tap answers the rest 正常; the problem stays a problem.
    await form.getByTestId('cp-rest-ok').click();
    await form.getByTestId('cp-rest-ok').waitFor({ state: 'detached' });
    expect(await form.getByRole('radiogroup', { name: '消防/应急通道畅通' }).getByRole('radio', { name: '有问题' }).isChecked()).toBe(true);
    expect(await form.getByRole('radiogroup', { name: '消杀' }).getByRole('radio', { name: '正常' }).isChecked()).toBe(true);
    expect((await submit.innerText()).replace(/\s+/g, '')).toBe('提交巡查');
    // A note with a mobile number is refused before sending.
    await form.getByLabel('备注（选填）').fill('东侧消防通道堆放电动车，车主电话 138 1234 5678');
    await submit.click();
    await form.getByText('请勿填写手机号').waitFor();
    await form.getByLabel('备注（选填）').fill('东侧消防通道堆放电动车');
    await submit.click();
    await form.waitFor({ state: 'detached' });
    await page.getByText(`已记录巡查：${patrolled}，1 项有问题`).first().waitFor();

    // The card, from the board read again: 有问题, patrolled just now by the grid worker.
    await expect.poll(() => card.getAttribute('data-status')).toBe('problem');
    expect(await card.getByTestId('cp-status').innerText()).toBe('有问题');
    expect(await card.getByTestId('cp-last').innerText()).toBe('刚刚，第一网格网格员');
    const after = (await board(page, base)).items.find((p) => p.compoundName === patrolled)!;
    expect(after).toMatchObject({ status: 'problem', openProblems: target.openProblems + 1, lastPatrolBy: '第一网格网格员' });
    expect(await card.getByTestId('cp-open').innerText()).toBe(`${after.openProblems} 个`);
    expect(await countShown(page, 'problem')).toBe(before.counts.problem + (target.status === 'problem' ? 0 : 1));
    // The problem cards first.
    expect(await cards.first().getAttribute('data-status')).toBe('problem');

    // 记录: the new patrol first, the fire lane in red; a grid worker may record the fix too.
    await card.getByTestId('cp-history-open').click();
    const history = page.getByRole('dialog', { name: `巡查记录：${patrolled}` });
    const first = history.getByTestId('cp-patrol').first();
    await first.waitFor();
    expect(await first.getAttribute('data-state')).toBe('open');
    expect(await first.getByTestId('cp-patrol-checks').innerText()).toContain('消防/应急通道畅通');
    expect(await first.getByTestId('cp-patrol-note').innerText()).toBe('备注：东侧消防通道堆放电动车');
    expect(await first.getByTestId('cp-resolve').count()).toBe(1);
    expect(await scrollsSideways(page)).toBe(false);
    await history.getByRole('button', { name: '关闭' }).click();
    await history.waitFor({ state: 'detached' });

    const found = await axeViolations(page);
    expect(found.length, describeViolations('control points (phone)', found)).toBe(0);
    expect(grid.problems).toEqual([]);
  });

  it('the secretary opens 记录, records the fixes (已整改), and the card is 正常 again', async () => {
    const base = suite.base;
    expect(patrolled, 'the compound patrolled in the first test').not.toBe('');
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.getByRole('menuitem', { name: '三无小区管控' }).click();
    await page.waitForURL(`${base}/control-points`);
    const card = cardOf(page, patrolled);
    await expect.poll(() => card.getAttribute('data-status')).toBe('problem');

    await card.getByTestId('cp-history-open').click();
    const history = page.getByRole('dialog', { name: `巡查记录：${patrolled}` });
    await history.getByTestId('cp-patrol').first().waitFor();
    const open = history.locator('[data-testid="cp-patrol"][data-state="open"]');
    const openCount = await open.count();
    expect(openCount).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < openCount; i++) {
      const patrol = open.first();
      await patrol.getByTestId('cp-resolve').click();
      const dialog = page.getByRole('dialog', { name: `登记整改：${patrolled}` });
      await dialog.getByLabel('整改情况').waitFor();
      // What was done is required.
      await page.getByTestId('cp-resolve-submit').click();
      await dialog.getByText('请写明整改情况').waitFor();
      await dialog.getByLabel('整改情况').fill('已清走通道内堆放的电动车，并告知住户');
      await page.getByTestId('cp-resolve-submit').click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => open.count()).toBe(openCount - i - 1);
    }
    // The newest patrol: resolved — when, by whom, what.
    const newest = history.getByTestId('cp-patrol').first();
    expect(await newest.getAttribute('data-state')).toBe('resolved');
    const resolved = await newest.getByTestId('cp-patrol-resolved').innerText();
    expect(resolved).toMatch(/已整改 · \d{2}-\d{2} \d{2}:\d{2} · 社区书记/);
    expect(resolved).toContain('整改情况：已清走通道内堆放的电动车，并告知住户');
    expect(await newest.getByTestId('cp-resolve').count()).toBe(0);
    await history.getByRole('button', { name: '关闭' }).click();
    await history.waitFor({ state: 'detached' });

    // No open problem, patrolled just now: 正常.
    await expect.poll(() => card.getAttribute('data-status')).toBe('ok');
    expect(await card.getByTestId('cp-status').innerText()).toBe('正常');
    expect(await card.getByTestId('cp-open').innerText()).toBe('0 个');
    expect(await card.getByTestId('cp-next').innerText()).toMatch(/^\d{2}-\d{2} \d{2}:\d{2} 前$/);
    expect((await board(page, base)).items.find((p) => p.compoundName === patrolled)).toMatchObject({ status: 'ok', openProblems: 0 });
    expect(admin.problems).toEqual([]);
  });

  it('the secretary makes the remaining compound a control point with a 包保责任人; a change someone else made meanwhile is said and shown', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: PHONE });
    const { page } = admin;
    await page.goto(`${base}/control-points`);
    const before = await board(page, base);
    const compound = before.items.find((p) => p.status === 'unassigned')!;
    expect(compound, 'a compound not yet a control point').toBeTruthy();
    const card = cardOf(page, compound.compoundName);
    await expect.poll(() => card.getAttribute('data-status')).toBe('unassigned');

    await card.getByTestId('cp-setup').click();
    const form = page.getByRole('dialog', { name: `设为管控点：${compound.compoundName}` });
    await form.getByLabel('巡查间隔').waitFor();
    expect(await form.getByLabel('巡查间隔').inputValue()).toBe('24');
    // The responsible person is required.
    await page.getByTestId('cp-setup-submit').click();
    await form.getByText('请选择包保责任人').waitFor();
    // No interval (the field itself keeps a number to 4–168).
    await form.getByLabel('巡查间隔').fill('');
    await page.getByTestId('cp-setup-submit').click();
    await form.getByText('请填 4 至 168 之间的整数小时').waitFor();
    await form.getByLabel('巡查间隔').fill('12');
    await chooseOption(page, form.getByRole('combobox', { name: '包保责任人' }), '第一网格网格员');
    await page.getByTestId('cp-setup-submit').click();
    await form.waitFor({ state: 'detached' });
    await page.getByText(`已设为管控点：${compound.compoundName}`).first().waitFor();

    // Never patrolled: 巡查逾期 at once, with its lead and interval; nothing left unassigned.
    await expect.poll(() => card.getAttribute('data-status')).toBe('due');
    expect(await card.getByTestId('cp-lead').innerText()).toBe('第一网格网格员');
    expect(await card.getByTestId('cp-interval').innerText()).toBe('12 小时');
    expect(await card.getByTestId('cp-last').innerText()).toBe('还没有巡查过');
    expect(await card.getByTestId('cp-next').innerText()).toBe('请尽快巡查');
    expect(await countShown(page, 'unassigned')).toBe(before.counts.unassigned - 1);
    const point = (await board(page, base)).items.find((p) => p.compoundId === compound.compoundId)!;
    expect(point).toMatchObject({ status: 'due', intervalHours: 12, lead: { name: '第一网格网格员' }, version: 1 });

    // 设置: someone else changes the interval meanwhile; saving on the old version is refused, said, and the form shows theirs.
    await card.getByTestId('cp-setup').click();
    const settings = page.getByRole('dialog', { name: `管控点设置：${compound.compoundName}` });
    await expect.poll(() => settings.getByLabel('巡查间隔').inputValue()).toBe('12');
    const other = await page.request.post(`${base}/api/control-points/${point.pointId}/update`, {
      headers: { 'x-csrf-token': await csrfToken(page, base) }, data: { intervalHours: 48, version: point.version },
    });
    expect(other.status(), await other.text()).toBe(200);
    await settings.getByLabel('巡查间隔').fill('8');
    await page.getByTestId('cp-setup-submit').click();
    await settings.getByText('别人刚刚修改过这个管控点，已显示最新设置，请核对后再保存。').waitFor();
    await expect.poll(() => settings.getByLabel('巡查间隔').inputValue()).toBe('48');
    await expect.poll(() => card.getByTestId('cp-interval').innerText()).toBe('48 小时');
    // Saved again on the new version.
    await settings.getByLabel('巡查间隔').fill('8');
    await page.getByTestId('cp-setup-submit').click();
    await settings.waitFor({ state: 'detached' });
    await expect.poll(() => card.getByTestId('cp-interval').innerText()).toBe('8 小时');
    expect((await board(page, base)).items.find((p) => p.compoundId === compound.compoundId)).toMatchObject({ intervalHours: 8, version: 3 });
    expect(await scrollsSideways(page)).toBe(false);
    expect(admin.problems.filter((p) => p !== EXPECTED_409)).toEqual([]);
  });
});
