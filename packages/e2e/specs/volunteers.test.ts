// 志愿者 (ADR 0085) in the browser: someone without an account applies on a phone from the community's address (a wrong
// mobile is shown on its field; the receipt shows the masked name and mobile and 待审核); the community secretary
// approves it on 报名审核 (the roster grows by one), publishes a shift starting half an hour from now (built from the
// clock, so the spec passes at any hour, also across midnight in Shanghai) (a mobile number in the title is
// refused on that field) and puts a roster volunteer on it; the `volunteer` account signs itself up for that shift on
// 我的志愿服务, checks in and out (its minutes counted), and an early check-in on tomorrow's shift is refused in words.
// Approving offers the community's volunteer accounts to link (one already held is shown and cannot be chosen); on a
// phone a volunteer is taken off the roster with a reason (required), found under 已退出, and put back.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, menuEntries, scrollsSideways } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

const PHONE_NO = '13900007788';
const SHIFT = `北门卡口临时班 ${Date.now() % 100000}`;
/** The refusals this spec provokes on purpose (a wrong mobile, a mobile in a title, an early check-in), as the browser logs them. */
const expectedProblem = (p: string) => /the server responded with a status of (400 \(Bad Request\)|409 \(Conflict\))/.test(p);
/** A Shanghai wall-clock day and HH:MM of an instant, as the server stores shift times. */
const shanghai = (ms: number) => { const iso = new Date(ms + 8 * 3_600_000).toISOString(); return { day: iso.slice(0, 10), hm: iso.slice(11, 16) }; };
/**
 * The shift this spec publishes, relative to now so the spec passes at any hour: it starts half an hour from now
 * (check-in is open, from an hour before), on tomorrow's date when that is past midnight in Shanghai; it never
 * starts after 23:50 (then it starts a little after midnight), so it ends later the same day.
 */
const SHIFT_AT = (() => {
  let start = shanghai(Date.now() + 30 * 60_000);
  if (start.hm > '23:50') start = shanghai(Date.now() + 45 * 60_000);
  const [h, m] = start.hm.split(':').map(Number) as [number, number];
  const endMin = Math.min(h * 60 + m + 180, 23 * 60 + 59);
  return { day: start.day, starts: start.hm, ends: `${String(Math.floor(endMin / 60)).padStart(2, '0')}:${String(endMin % 60).padStart(2, '0')}` };
})();

/** The error under a form field (antd's Form.Item explanation), found from the field's control. */
const fieldError = (page: Page, testId: string) => page.locator('.ant-form-item', { has: page.getByTestId(testId) }).locator('.ant-form-item-explain-error');

describe('volunteers (志愿者)', () => {
  const suite = e2eSuite('volunteers');

  it('someone without an account applies on a phone; a wrong mobile is shown on its field; the receipt is masked and 待审核', async () => {
    const base = suite.base;
    const { page, problems } = await suite.browser({ viewport: PHONE });
    await page.goto(`${base}/public/volunteer`);
    await page.getByRole('heading', { level: 1, name: '志愿者报名' }).waitFor();
    await chooseOption(page, page.getByTestId('vol-p-community'), 'A社区');
    await page.waitForURL(/\/public\/volunteer\?org=330902001001/);
    await page.getByTestId('vol-p-name').fill('王晓明');
    await page.getByTestId('vol-p-phone').fill('1390000');
    await page.getByTestId('vol-p-skills').getByText('卡口值守').click();
    await page.getByTestId('vol-p-skills').getByText('采购配送').click();
    await page.getByTestId('vol-p-weekdays').getByText('周六').click();
    await page.getByTestId('vol-p-bands').getByText('上午').click();
    expect(await page.getByTestId('vol-p-consent').innerText()).toContain('同意');
    const axe = await axeViolations(page);
    expect(axe.length, describeViolations('volunteer form (phone)', axe)).toBe(0);
    expect(await scrollsSideways(page)).toBe(false);
    await page.getByTestId('vol-p-submit').click();
    await fieldError(page, 'vol-p-phone').filter({ hasText: '手机号不正确' }).waitFor();
    await suite.shot(page, 'form-error-phone', true);
    await page.getByTestId('vol-p-phone').fill(PHONE_NO);
    await page.getByTestId('vol-p-submit').click();
    await page.getByTestId('vol-receipt').waitFor();
    expect(await page.getByTestId('vol-receipt-name').innerText()).toBe('王**');
    expect(await page.getByTestId('vol-receipt-phone').innerText()).toBe('139****7788');
    expect(await page.getByTestId('vol-receipt-status').innerText()).toBe('待审核');
    expect(await page.getByTestId('vol-receipt').innerText()).not.toContain(PHONE_NO);
    await suite.shot(page, 'receipt-phone', true);
    // In English: the form's words and the server's names of skills, days and times.
    await page.getByRole('button', { name: '再报一个' }).click();
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 1, name: 'Volunteer with your community' }).waitFor();
    await page.getByTestId('vol-p-skills').getByText('Gate duty').waitFor();
    await page.getByTestId('vol-p-weekdays').getByText('Sat').waitFor();
    expect(problems.filter((p) => !expectedProblem(p))).toEqual([]);
  });

  it('the secretary approves it, publishes a shift starting soon (a mobile in the title refused on its field) and assigns a volunteer', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('admin', { viewport: DESKTOP });
    await page.getByRole('menuitem', { name: '志愿者' }).click();
    await page.waitForURL(`${base}/volunteers`);
    await page.getByRole('heading', { level: 1, name: '志愿者' }).waitFor();
    expect(await page.getByTestId('vol-apply-address').innerText()).toMatch(/\/public\/volunteer\?org=330902001001$/);
    // 报名审核: pending first; the new application and the demo's 郑美玲 (周末有空).
    const mine = page.locator(`[data-testid="vol-application"][data-phone="139****7788"]`);
    await mine.waitFor();
    const card = await mine.innerText();
    expect(card).toContain('王**');
    expect(card).toContain('采购配送、卡口值守');
    expect(card).toContain('周六 · 上午');
    expect(card).not.toContain(PHONE_NO);
    await page.getByTestId('vol-application').filter({ hasText: '周末有空' }).waitFor();
    const pageAxe = await axeViolations(page);
    expect(pageAxe.length, describeViolations('志愿者 报名审核 (desktop)', pageAxe)).toBe(0);
    // 通过 asks which volunteer account to link (optional): the demo's account is held by 林** and cannot be chosen again.
    await mine.getByTestId('vol-approve').click();
    const approveDialog = page.getByRole('dialog', { name: '通过报名' });
    await approveDialog.waitFor();
    await page.getByTestId('vol-approve-account').click();
    await page.locator('.ant-select-item-option-disabled').filter({ hasText: '已关联 林**' }).waitFor();
    await approveDialog.getByText('王** · 139****7788').click();
    await page.getByTestId('vol-approve-ok').click();
    await approveDialog.waitFor({ state: 'hidden' });
    await mine.waitFor({ state: 'detached' });
    await page.getByTestId('vol-app-status').getByText('已通过', { exact: true }).click();
    await page.waitForURL(/status=approved/);
    await page.locator(`[data-testid="vol-application"][data-phone="139****7788"]`).waitFor();

    // 名册: the demo's five and the new one; 林** (the volunteer account) linked, with its four hours.
    await page.getByTestId('vol-tab-roster').click();
    await page.waitForURL(/tab=roster/);
    await expect.poll(() => page.getByTestId('vol-roster-row').count()).toBe(6);
    expect(await page.getByTestId('vol-roster').innerText()).toContain('已绑定账号');

    // 班次: this week; publish one starting half an hour from now.
    await page.getByTestId('vol-tab-shifts').click();
    await page.waitForURL(/tab=shifts/);
    await page.getByTestId('vol-week').waitFor();
    await page.getByTestId('vol-publish').click();
    const dialog = page.getByRole('dialog', { name: '发布班次' });
    await dialog.waitFor();
    await page.getByTestId('vol-e-title').fill('北门卡口 13812345678');
    await page.getByTestId('vol-e-place').fill('北门卡口');
    await page.getByTestId('vol-e-day').fill(SHIFT_AT.day);
    await page.getByTestId('vol-e-starts').fill(SHIFT_AT.starts);
    await page.getByTestId('vol-e-ends').fill(SHIFT_AT.ends);
    await page.getByTestId('vol-e-slots').fill('3');
    await page.getByTestId('vol-editor-save').click();
    await fieldError(page, 'vol-e-title').filter({ hasText: '班次名称中请勿填写手机号' }).waitFor();
    await page.getByTestId('vol-e-title').fill(SHIFT);
    await page.getByTestId('vol-editor-save').click();
    await dialog.waitFor({ state: 'hidden' });
    // Published after 23:20 in Shanghai it is tomorrow's: show its week (next week's on a Sunday evening).
    if (SHIFT_AT.day !== shanghai(Date.now()).day) await page.goto(`${base}/volunteers?tab=shifts&week=${SHIFT_AT.day}`);
    const shift = page.locator(`[data-testid="vol-shift"][data-title="${SHIFT}"]`);
    await shift.waitFor();
    expect(await shift.getByTestId('vol-shift-filled').innerText()).toBe('已排 0/3 人');
    // 安排 周** (the demo's second volunteer) on it.
    await shift.getByTestId('vol-assign').click();
    await page.getByRole('dialog', { name: `安排志愿者：${SHIFT}` }).waitFor();
    await chooseOption(page, page.getByTestId('vol-assign-who'), '周**');
    await page.getByTestId('vol-assign-ok').click();
    await expect.poll(() => shift.getByTestId('vol-shift-filled').innerText()).toBe('已排 1/3 人');
    expect(await shift.getByTestId('vol-shift-member').first().innerText()).toContain('周**');
    await suite.shot(page, 'shifts-desktop', true);
    // On a phone: the shifts and the publish dialog without sideways scrolling; the roster as cards.
    await page.setViewportSize(PHONE);
    await shift.waitFor();
    // The page lays itself out again for the phone after the resize (the week's table becomes cards): poll until it has.
    await expect.poll(() => scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'shifts-phone', true);
    await page.getByTestId('vol-publish').click();
    await dialog.waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    const dialogAxe = await axeViolations(page);
    expect(dialogAxe.length, describeViolations('发布班次 (phone)', dialogAxe)).toBe(0);
    await suite.shot(page, 'publish-phone');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('vol-tab-roster').click();
    await expect.poll(() => page.getByTestId('vol-roster-row').count()).toBe(6);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'roster-phone', true);
    // 退出 on a phone: 吴** leaves with a reason (required), is listed under 已退出 with it, and is put back (恢复).
    const wu = page.getByTestId('vol-roster-row').filter({ hasText: '吴**' });
    await wu.getByTestId('vol-roster-retire').click();
    const retireDialog = page.getByRole('dialog', { name: '退出名册：吴**' });
    await retireDialog.waitFor();
    await page.getByTestId('vol-retire-ok').click();
    await fieldError(page, 'vol-retire-reason').filter({ hasText: '请填写原因' }).waitFor();
    await page.getByTestId('vol-retire-reason').fill('本人申请，搬离本社区');
    await page.getByTestId('vol-retire-ok').click();
    await retireDialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('vol-roster-row').count()).toBe(5);
    await page.getByTestId('vol-roster-status').getByText('已退出', { exact: true }).click();
    await page.waitForURL(/roster=retired/);
    const left = page.getByTestId('vol-roster-row').filter({ hasText: '吴**' });
    await left.waitFor();
    expect(await left.innerText()).toContain('本人申请，搬离本社区');
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'roster-retired-phone', true);
    await left.getByTestId('vol-roster-reinstate').click();
    await page.getByTestId('vol-reinstate-ok').click();
    await left.waitFor({ state: 'detached' });
    await page.getByTestId('vol-roster-status').getByText('在册', { exact: true }).click();
    await expect.poll(() => page.getByTestId('vol-roster-row').count()).toBe(6);
    expect(problems.filter((p) => !expectedProblem(p))).toEqual([]);
  });

  it('the volunteer signs up for the shift on a phone, checks in and out; an early check-in is refused in words', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('volunteer', { viewport: DESKTOP });
    expect(await menuEntries(page)).toContain('我的志愿服务');
    // The workbench's card: the hours served (the demo's gate shift two days ago) and the way to the page.
    await page.getByTestId('vol-card-hours').waitFor();
    expect(await page.getByTestId('vol-card-hours').innerText()).toContain('4');
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/me/volunteering`);
    await page.getByRole('heading', { level: 1, name: '我的志愿服务' }).waitFor();
    await page.getByTestId('vol-mine-hours').waitFor();
    expect(await page.getByTestId('vol-mine-hours').innerText()).toContain('4');
    // Tomorrow's sampling shift (the demo put 林** on it): check-in is not open yet.
    const tomorrow = page.locator('[data-testid="vol-my-shift"][data-title="核酸采样秩序维护"]');
    await tomorrow.getByTestId('vol-check-in').click();
    await page.getByRole('alert').filter({ hasText: '签到从班次开始前一小时起开放' }).waitFor();
    // Sign up for the shift starting soon.
    const open = page.locator(`[data-testid="vol-open-shift"][data-title="${SHIFT}"]`);
    await open.getByTestId('vol-sign-up').click();
    const mine = page.locator(`[data-testid="vol-my-shift"][data-title="${SHIFT}"]`);
    await mine.waitFor();
    await expect.poll(() => open.count()).toBe(0);
    expect(await mine.getAttribute('data-state')).toBe('none');
    await mine.getByTestId('vol-check-in').click();
    await expect.poll(() => mine.getAttribute('data-state')).toBe('in');
    expect(await mine.getByTestId('vol-my-state').innerText()).toMatch(/^已签到 \d\d:\d\d$/);
    await suite.shot(page, 'mine-phone', true);
    expect(await scrollsSideways(page)).toBe(false);
    const axe = await axeViolations(page);
    expect(axe.length, describeViolations('我的志愿服务 (phone)', axe)).toBe(0);
    await mine.getByTestId('vol-check-out').click();
    await expect.poll(() => mine.getAttribute('data-state')).toBe('done');
    expect(await mine.getByTestId('vol-my-state').innerText()).toMatch(/^已签退 · \d+ 分钟$/);
    // In English too.
    await page.getByTestId('language-switch').click();
    await page.getByRole('heading', { level: 1, name: 'My volunteering' }).waitFor();
    expect(await mine.getByTestId('vol-my-state').innerText()).toMatch(/^Checked out · \d+ min$/);
    await suite.shot(page, 'mine-phone-en', true);
    expect(problems.filter((p) => !expectedProblem(p))).toEqual([]);
  });
});
