// 工作任务 (ADR 0087) in the browser: the community secretary sees each worker's load on 工作任务, dispatches a
// disinfection to the grid 1 worker (a mobile number in the title is refused on that field) and a door-to-door check
// one per grid (grid 2 has no grid worker: it waits 待分派); the grid worker, on a phone, finds it on the workbench and
// on 我的任务, is told a disinfection needs a photo, completes it with a note and a photo; the secretary sees the result
// and the photo under 已办结 and sends it back (退回) with a reason, which the worker then reads on the task.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

const TITLE = `5幢楼道消杀 ${Date.now() % 100000}`;
const CHECK = `独居老人入户核查 ${Date.now() % 100000}`;
/** A 1×1 PNG (synthetic). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
/** The refusals this spec provokes on purpose (a mobile in a title), as the browser logs them. */
const expectedProblem = (p: string) => /the server responded with a status of 400 \(Bad Request\)/.test(p);
const fieldError = (page: Page, testId: string) => page.locator('.ant-form-item', { has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');
const card = (page: Page, title: string) => page.locator(`[data-testid="task-card"][data-title="${title}"]`);

describe('work tasks (工作任务)', () => {
  const suite = e2eSuite('tasks');

  it('the secretary sees the load, dispatches to a worker (a mobile in the title refused on its field) and one per grid', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('admin', { viewport: DESKTOP });
    await page.getByRole('menuitem', { name: '工作任务' }).click();
    await page.waitForURL(`${base}/tasks`);
    await page.getByRole('heading', { level: 1, name: '工作任务' }).waitFor();
    const row = page.locator('[data-testid="task-load-row"][data-user="第一网格网格员"]');
    await row.waitFor();
    const before = Number(await row.getByTestId('task-load-open').innerText());
    const axe = await axeViolations(page);
    expect(axe.length, describeViolations('工作任务 (desktop)', axe)).toBe(0);

    await page.getByTestId('task-dispatch').click();
    const dialog = page.getByRole('dialog', { name: '派发任务' });
    await dialog.waitFor();
    await chooseOption(page, page.getByTestId('task-d-kind'), '消杀');
    await dialog.getByText('这类任务办结时须上传现场照片。').waitFor();
    await page.getByTestId('task-d-title').fill('联系 13812345678 消杀');
    await page.getByTestId('task-d-place').fill('幸福小区5幢');
    await chooseOption(page, page.getByTestId('task-d-assignee'), '第一网格网格员');
    const dialogAxe = await axeViolations(page);
    expect(dialogAxe.length, describeViolations('派发任务 dialog', dialogAxe)).toBe(0);
    await page.getByTestId('task-dispatch-ok').click();
    await fieldError(page, 'task-d-title').filter({ hasText: '手机号' }).waitFor();
    await suite.shot(page, 'dispatch-error');
    await page.getByTestId('task-d-title').fill(TITLE);
    await page.getByTestId('task-dispatch-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    await card(page, TITLE).waitFor();
    expect(await card(page, TITLE).getByTestId('task-assignee').innerText()).toBe('第一网格网格员');
    await expect.poll(async () => Number(await row.getByTestId('task-load-open').innerText()), { timeout: 10_000 }).toBe(before + 1);

    // One per grid: grid 1's goes to its worker, grid 2 (no grid worker) waits 待分派.
    await page.getByTestId('task-dispatch').click();
    await dialog.waitFor();
    await page.getByTestId('task-d-title').fill(CHECK);
    await dialog.getByText('按网格派发').click();
    // A multiple select keeps its list open: both grids in one go (grid 2 is named as having no grid worker), then a
    // click on the dialog's title closes the list (Escape would close the dialog too).
    await page.getByTestId('task-d-grids').click();
    await page.locator('.ant-select-item-option:visible', { hasText: '第一网格' }).first().click();
    await page.locator('.ant-select-item-option:visible', { hasText: '第二网格（无网格员）' }).first().click();
    await dialog.getByText('派发任务', { exact: true }).first().click();
    await page.getByTestId('task-dispatch-ok').click();
    await page.getByText('已派发 2 条任务，其中 1 条待分派').waitFor();
    await expect.poll(async () => page.locator(`[data-testid="task-card"][data-title="${CHECK}"]`).count(), { timeout: 10_000 }).toBe(2);
    expect(await card(page, CHECK).getByTestId('task-assignee').allInnerTexts()).toEqual(expect.arrayContaining(['第一网格网格员', '待分派']));
    await suite.shot(page, 'board', true);
    expect(problems.filter((p) => !expectedProblem(p))).toEqual([]);
  });

  it('the grid worker, on a phone, completes the disinfection with a note and the photo it needs', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('grid1', { viewport: PHONE });
    await page.getByTestId('task-card-mine').waitFor();
    await page.getByTestId('task-card-mine').getByRole('link', { name: '查看全部' }).click();
    await page.waitForURL(`${base}/me/tasks`);
    const mine = card(page, TITLE);
    await mine.waitFor();
    expect(await mine.innerText()).toContain('幸福小区5幢');
    const axe = await axeViolations(page);
    expect(axe.length, describeViolations('我的任务 (phone)', axe)).toBe(0);
    await mine.getByTestId('task-complete').click();
    const dialog = page.getByRole('dialog', { name: `完成：${TITLE}` });
    await dialog.waitFor();
    await page.getByTestId('task-result-input').fill('楼道、电梯按键和扶手已消杀两遍');
    await page.getByTestId('task-complete-ok').click();
    await dialog.getByText('这类任务须上传现场照片').waitFor();
    const dialogAxe = await axeViolations(page);
    expect(dialogAxe.length, describeViolations('完成 dialog (phone)', dialogAxe)).toBe(0);
    expect(await page.getByTestId('task-photo-input-choose').innerText()).toContain('拍照或选择照片');
    await page.getByTestId('task-photo-input').setInputFiles({ name: 'xiaosha.png', mimeType: 'image/png', buffer: PNG });
    // The chosen photo is shown, with 换一张 and 移除; removed, it is asked for again; chosen again, it is sent.
    await page.getByTestId('task-photo-input-preview').waitFor();
    expect(await page.getByTestId('task-photo-input-choose').innerText()).toContain('换一张');
    await page.getByTestId('task-photo-input-remove').click();
    await page.getByTestId('task-photo-input-preview').waitFor({ state: 'detached' });
    await page.getByTestId('task-complete-ok').click();
    await dialog.getByText('这类任务须上传现场照片').waitFor();
    await page.getByTestId('task-photo-input').setInputFiles({ name: 'xiaosha.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('task-photo-input-preview').waitFor();
    await suite.shot(page, 'complete-photo-phone', true);
    await page.getByTestId('task-complete-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('task-mine-done-list').locator(`[data-title="${TITLE}"]`).waitFor();
    expect(await page.getByTestId('task-mine-done-list').locator(`[data-title="${TITLE}"]`).getByTestId('task-result').innerText()).toBe('楼道、电梯按键和扶手已消杀两遍');
    await suite.shot(page, 'mine-phone', true);
    expect(problems).toEqual([]);
  });

  it('the secretary finds the result and the photo under 已办结 and sends it back; the worker reads why', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('admin', { viewport: DESKTOP });
    await page.goto(`${base}/tasks?status=done`);
    const done = card(page, TITLE);
    await done.waitFor();
    expect(await done.getByTestId('task-result').innerText()).toBe('楼道、电梯按键和扶手已消杀两遍');
    const img = done.locator('img[data-testid="task-photo"], [data-testid="task-photo"] img').first();
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth), { timeout: 10_000 }).toBe(1);
    await done.getByTestId('task-reopen').click();
    await page.getByTestId('task-reason').fill('照片看不清电梯按键，请补拍');
    await page.getByTestId('task-reason-ok').click();
    await page.getByText('已退回，执行人会收到通知').waitFor();
    await expect.poll(() => card(page, TITLE).count(), { timeout: 10_000 }).toBe(0);

    const worker = await suite.loggedIn('grid1', { viewport: PHONE });
    await worker.page.goto(`${base}/me/tasks`);
    const back = card(worker.page, TITLE);
    await back.waitFor();
    expect(await back.innerText()).toContain('照片看不清电梯按键，请补拍');
    expect(problems).toEqual([]);
    expect(worker.problems).toEqual([]);
  });
});
