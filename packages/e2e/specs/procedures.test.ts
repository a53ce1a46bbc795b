// 工作规程 (ADR 0088) in the browser: the community secretary revises 返乡人员排查流程 on 工作规程 — adds a required step
// and moves it up in the draft editor, is told when the draft was saved elsewhere meanwhile (409 stale_version: the
// latest is reloaded), saves and publishes version 3 with a change note; the grid worker, on a phone, starts the
// checklist of version 3 on 我的清单 for one of their work tasks, ticks the steps (a note on the first; the optional one left), is refused 完成 with
// the missing required step named, ticks it and completes; the secretary sees the run under version 3.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, csrfToken } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

const TITLE = '返乡人员排查流程';
const NEW_STEP = '复核登记结果';
const NOTE = '增加复核登记结果步骤';
const SUBJECT = `幸福小区7幢${Date.now() % 1000}室`;
/** The refusals this spec provokes on purpose (a stale draft, 完成 with a step open), as the browser logs them. */
const expectedProblem = (p: string) => /the server responded with a status of 409 \(Conflict\)/.test(p);
const steps = (page: Page) => page.getByTestId('proc-edit-step');

describe('procedures (工作规程) and checklists (我的清单)', () => {
  const suite = e2eSuite('procedures');
  let procedureUrl = '';

  it('the secretary revises a procedure: a new required step moved into place, a stale save reloaded, version 3 published with a change note', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('admin', { viewport: DESKTOP });
    await page.getByRole('menuitem', { name: '工作规程' }).click();
    await page.waitForURL(`${base}/procedures`);
    await page.getByRole('heading', { level: 1, name: '工作规程' }).waitFor();
    const card = page.locator(`[data-testid="proc-card"][data-title="${TITLE}"]`);
    expect(await card.getByTestId('proc-current').innerText()).toBe('第 2 版');
    expect(await card.innerText()).toContain('社区书记 于');
    const axe = await axeViolations(page);
    expect(axe.length, describeViolations('工作规程 (desktop)', axe)).toBe(0);

    await card.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    procedureUrl = page.url();
    const pid = new URL(procedureUrl).pathname.split('/').pop()!;
    await page.getByTestId('proc-revise').click();
    await page.getByRole('heading', { name: '编辑草稿（第 3 版）' }).waitFor();
    expect(await steps(page).count()).toBe(6); // from version 2

    // Meanwhile the draft is saved elsewhere (another tab): this page's save is refused as stale and the latest reloads.
    await page.getByTestId('proc-step-add').click();
    await steps(page).last().getByTestId('proc-step-title').fill(NEW_STEP);
    const detail = await (await page.request.get(`${base}/api/procedures/${pid}`)).json() as { versions: Array<{ status: string; version: number; steps: unknown[] }> };
    const draft = detail.versions.find((v) => v.status === 'draft')!;
    const other = await page.request.put(`${base}/api/procedures/${pid}/draft`, {
      headers: { 'x-csrf-token': await csrfToken(page, base), 'Idempotency-Key': crypto.randomUUID() }, data: { steps: draft.steps, version: draft.version },
    });
    expect(other.status()).toBe(200);
    await page.getByTestId('proc-save').click();
    await page.getByTestId('proc-stale').filter({ hasText: '草稿已被其他人修改，已载入最新内容' }).waitFor();
    await expect.poll(() => steps(page).count(), { timeout: 10_000 }).toBe(6);

    // Again: the new step, required, moved up above 登记并上报; then 保存 and 发布 with a change note.
    await page.getByTestId('proc-step-add').click();
    await steps(page).last().getByTestId('proc-step-title').fill(NEW_STEP);
    await steps(page).last().getByTestId('proc-step-detail').fill('对照登记表复核一遍，无误后签字。');
    expect(await steps(page).last().getByRole('checkbox', { name: '必做' }).isChecked()).toBe(true);
    await steps(page).last().getByTestId('proc-step-up').click();
    expect(await steps(page).nth(5).getByTestId('proc-step-title').inputValue()).toBe(NEW_STEP);
    expect(await steps(page).nth(6).getByTestId('proc-step-title').inputValue()).toBe('登记并上报');
    expect(await page.getByTestId('proc-publish').isDisabled()).toBe(true); // unsaved changes are saved first
    await page.getByTestId('proc-save').click();
    await page.getByText('草稿已保存').waitFor();
    await page.getByTestId('proc-stale').waitFor({ state: 'detached' });
    await page.getByTestId('proc-publish').click();
    const dialog = page.getByRole('dialog', { name: '发布第 3 版' });
    await dialog.waitFor();
    await dialog.getByText('发布后，第 2 版将废止').waitFor();
    await page.getByTestId('proc-change-note-input').fill(NOTE);
    await page.getByTestId('proc-publish-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    const v3 = page.locator('[data-testid="proc-version"][data-number="3"]');
    await expect.poll(() => v3.getAttribute('data-status'), { timeout: 10_000 }).toBe('published');
    expect(await v3.getByTestId('proc-change-note').innerText()).toBe(`修订说明：${NOTE}`);
    expect(await page.locator('[data-testid="proc-version"][data-number="2"]').getAttribute('data-status')).toBe('superseded');
    expect(await page.getByTestId('proc-current-steps').locator('li').nth(5).innerText()).toContain(NEW_STEP);
    await suite.shot(page, 'published', true);
    expect(problems.filter((p) => !expectedProblem(p))).toEqual([]);
  });

  it('the grid worker, on a phone, runs the checklist: 完成 is refused naming the missing step, then completes', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('grid1', { viewport: PHONE });
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('menuitem', { name: '我的清单' }).click();
    await page.waitForURL(`${base}/me/checklists`);
    await page.getByRole('heading', { level: 1, name: '我的清单' }).waitFor();

    await page.getByTestId('checklist-start').click();
    const dialog = page.getByRole('dialog', { name: '开始一份清单' });
    await dialog.waitFor();
    await chooseOption(page, page.getByTestId('checklist-procedure'), `${TITLE}（第 3 版）`);
    await page.getByTestId('checklist-subject').fill(SUBJECT);
    // For one of the worker's open work tasks (the demo gives grid 1's worker some).
    await page.getByTestId('checklist-task').click();
    await page.locator('.ant-select-item-option:visible').first().click();
    await page.getByTestId('checklist-start-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    const run = page.locator(`[data-testid="checklist-open"][data-subject="${SUBJECT}"]`);
    await run.waitFor();
    expect(await run.getByTestId('checklist-step').count()).toBe(7);
    expect(await run.innerText()).toContain('关联任务');
    const step = (no: number) => run.locator(`[data-testid="checklist-step"][data-no="${no}"]`);
    await step(1).getByTestId('checklist-note-input').fill('名单住址一致');
    // Every required step but the new one (6); 张贴告知单 (5) is optional and stays open.
    for (const no of [1, 2, 3, 4, 7]) {
      await step(no).locator('.ant-checkbox-wrapper').click();
      await expect.poll(() => step(no).getAttribute('data-done'), { timeout: 10_000 }).toBe('yes');
    }
    expect(await step(1).getByTestId('checklist-note').innerText()).toBe('备注：名单住址一致');
    expect(await run.getByTestId('checklist-progress').innerText()).toContain('已完成 5/7 步');
    const axe = await axeViolations(page);
    expect(axe.length, describeViolations('我的清单 (phone)', axe)).toBe(0);

    await run.getByTestId('checklist-complete').click();
    const missing = run.getByTestId('checklist-missing');
    await missing.waitFor();
    expect(await missing.innerText()).toContain(`6. ${NEW_STEP}`);
    expect(await missing.innerText()).not.toContain('张贴告知单');
    await suite.shot(page, 'missing', true);

    await step(6).locator('.ant-checkbox-wrapper').click();
    await expect.poll(() => step(6).getAttribute('data-done'), { timeout: 10_000 }).toBe('yes');
    await run.getByTestId('checklist-complete').click();
    await page.getByText('清单已完成').waitFor();
    await run.waitFor({ state: 'detached' });
    await page.locator(`[data-testid="checklist-done"][data-subject="${SUBJECT}"]`).waitFor();
    expect(await page.locator(`[data-testid="checklist-done"][data-subject="${SUBJECT}"]`).innerText()).toContain('第 3 版');
    expect(problems.filter((p) => !expectedProblem(p))).toEqual([]);
  });

  it('the secretary sees the run under version 3', async () => {
    const { page, problems } = await suite.loggedIn('admin', { viewport: DESKTOP });
    await page.goto(procedureUrl);
    const v3 = page.locator('[data-testid="proc-version"][data-number="3"]');
    await v3.waitFor();
    expect(await v3.getByTestId('proc-version-runs').innerText()).toBe('按此版本开始 1 次，完成 1 次');
    await v3.getByTestId('proc-show-runs').click();
    // Version 3's runs only (the list of all versions stays shown until the filtered one arrives).
    await expect.poll(() => page.getByTestId('proc-run').count(), { timeout: 10_000 }).toBe(1);
    const row = page.locator(`[data-testid="proc-run"][data-subject="${SUBJECT}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-version')).toBe('3');
    expect(await row.getAttribute('data-status')).toBe('done');
    expect(await row.innerText()).toContain('第一网格网格员');
    const axe = await axeViolations(page);
    expect(axe.length, describeViolations('a procedure’s page (desktop)', axe)).toBe(0);
    await suite.shot(page, 'runs', true);
    expect(problems).toEqual([]);
  });
});
