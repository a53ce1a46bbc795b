// 应急预案与演练 (ADR 0089) in the browser: the community secretary opens 应急预案 (the typhoon plan is flagged
// 超期未演练), opens the epidemic plan, gives the empty 物资保障组 role the community doctor (安排人员), 安排演练 (next week, the default), and on the drill's page (a tablet) presses 开始,
// 完成 on the first steps (shown 按时 against their targets), ticks the attendance, 结束, and adds a finding in the review.
import { describe, expect, it } from 'vitest';
import { chooseOption } from '../src/actions';
import { e2eSuite, PHONE } from '../src/suite';

const FINDING = `物资组到场偏晚 ${Date.now() % 100000}`;

describe('emergency plans and drills (应急预案与演练)', () => {
  const suite = e2eSuite('plans');

  it('schedule a drill, run it (start, steps, attendance, finish) and add a finding', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('admin', { viewport: PHONE });
    await page.goto(`${base}/plans`);
    await page.getByRole('heading', { level: 1, name: '应急预案' }).waitFor();
    const typhoon = page.getByTestId('plan-card').filter({ hasText: '台风防御预案' });
    await typhoon.getByTestId('plan-overdue').waitFor();
    const epidemic = page.getByTestId('plan-card').filter({ hasText: '社区疫情防控应急预案' });
    await epidemic.getByTestId('plan-open-actions').waitFor();
    await epidemic.getByRole('link', { name: '社区疫情防控应急预案' }).click();
    await page.getByTestId('plan-page').waitFor();
    await page.getByTestId('plan-late-steps').waitFor();

    // 安排人员: 物资保障组 had nobody; the secretary gives it the community doctor, without a new revision.
    const supply = page.locator('[data-testid="plan-role"][data-role="物资保障组"]');
    expect(await supply.innerText()).toContain('未指定人员');
    await page.getByTestId('plan-staff').click();
    const staffDialog = page.getByRole('dialog', { name: '安排各角色的人员' });
    await staffDialog.waitFor();
    await chooseOption(page, page.locator('[data-testid="plan-staff-select"][data-role="物资保障组"]'), '社区医生');
    await staffDialog.getByText('人员变动不需要修订预案', { exact: false }).click();
    await page.getByTestId('plan-staff-ok').click();
    await staffDialog.waitFor({ state: 'hidden' });
    await expect.poll(() => supply.innerText()).toContain('社区医生');
    expect(await page.getByTestId('plan-status').innerText()).toBe('启用中');

    await page.getByTestId('plan-schedule').click();
    await page.getByRole('dialog', { name: '安排演练' }).waitFor();
    await page.getByTestId('drill-place-input').fill('社区党群服务中心');
    await page.getByTestId('drill-schedule-ok').click();
    await page.waitForURL(/\/drills\//);
    await page.getByTestId('drill-page').waitFor();
    expect(await page.getByTestId('drill-status').innerText()).toBe('待演练');

    await page.getByTestId('drill-start').click();
    await page.getByTestId('drill-elapsed').waitFor();
    expect(await page.getByTestId('drill-status').innerText()).toBe('演练中');
    const first = page.getByTestId('drill-step').first();
    await first.getByTestId('drill-step-done').click();
    await expect.poll(async () => first.getByTestId('drill-step-state').innerText(), { timeout: 10_000 }).toBe('按时');
    const second = page.getByTestId('drill-step').nth(1);
    await second.getByTestId('drill-step-done').click();
    await expect.poll(async () => second.getByTestId('drill-step-state').innerText(), { timeout: 10_000 }).toBe('按时');

    const attendance = page.getByTestId('drill-attendance');
    await attendance.getByRole('checkbox').first().check();
    await page.getByTestId('drill-residents-input').fill('12');
    await page.getByTestId('drill-attendance-save').click();
    await page.getByText('已保存签到').waitFor();

    await page.getByTestId('drill-finish').click();
    await page.getByTestId('drill-review').waitFor();
    expect(await page.getByTestId('drill-status').innerText()).toBe('已结束');
    await page.getByTestId('finding-text-input').fill(FINDING);
    await page.getByTestId('finding-action-input').fill('修订预案：物资保障组提前到场');
    await page.getByTestId('finding-add').click();
    await page.getByTestId('drill-finding').filter({ hasText: FINDING }).waitFor();
    expect(problems).toEqual([]);
  });
});
