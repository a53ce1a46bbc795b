// 指挥部 (ADR 0090) in the browser: the district's duty officer opens 指挥部 (the 13 working groups of the demo, who is on
// duty today, yesterday's decision flagged 已逾期), holds tonight's dispatch meeting, 生成议程 — the agenda shows the live
// figure of the demo's overdue work task and brings yesterday's overdue decision back —, writes the minutes of the tasks
// item, records a decision for the street office with a deadline, and ends the meeting (the minutes lock); the street
// office signs in on a phone and finds the decision on 我的督办事项 (with yesterday's, overdue).
import { describe, expect, it } from 'vitest';
import { chooseOption, confirmWith } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

const DECISION = `街道督促社区完成药品需求统计 ${Date.now() % 100000}`;
const MINUTES = '第一网格的药品需求统计已逾期，街道督促社区今晚完成并报送。';

describe('command centre (指挥部)', () => {
  const suite = e2eSuite('command');

  it('the district generates tonight’s agenda from live figures, writes minutes, records a decision and ends the meeting; the owner sees it', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('district', { viewport: DESKTOP });
    await page.getByRole('menuitem', { name: '指挥部' }).click();
    await page.waitForURL(`${base}/command`);
    await page.getByRole('heading', { level: 1, name: '定海区指挥部' }).waitFor();
    await page.getByTestId('command-groups').getByText('党建+联防联控组').waitFor();
    expect(await page.getByTestId('command-on-duty').innerText()).toContain('区指挥部值班员');
    await page.getByTestId('command-decisions').getByTestId('decision-overdue').first().waitFor();
    const axe = await axeViolations(page);
    expect(axe.length, describeViolations('指挥部 (desktop)', axe)).toBe(0);

    await page.getByTestId('command-open-meeting').click();
    await page.waitForURL(/\/command\/meetings\//);
    await page.getByTestId('meeting-page').waitFor();
    await page.getByTestId('meeting-generate').click();
    const tasks = page.locator('[data-testid="agenda-item"][data-source="tasks"]');
    await tasks.waitFor();
    // The demo's community has one urgent task past its time: the live figure, kept on the agenda.
    expect(await tasks.getByTestId('agenda-figure').innerText()).toBe('1');
    expect(await tasks.getByTestId('agenda-parts').innerText()).toContain('逾期 1');
    const back = page.locator('[data-testid="agenda-item"][data-source="decisions"]');
    expect(await back.getByTestId('agenda-figure').innerText()).toBe('1');
    await back.getByText('督促A社区办结逾期的药品需求统计').waitFor();

    await tasks.getByTestId('minutes-edit').click();
    await tasks.getByTestId('minutes-input').fill(MINUTES);
    await tasks.getByTestId('minutes-save').click();
    await expect.poll(async () => tasks.getByTestId('agenda-minutes').innerText(), { timeout: 10_000 }).toBe(MINUTES);

    await page.getByTestId('meeting-decide').click();
    const dialog = page.getByRole('dialog', { name: '记录决议' });
    await dialog.waitFor();
    await page.getByTestId('decision-title-input').fill(DECISION);
    await chooseOption(page, page.getByTestId('decision-owner-select'), '街道防控办（昌国街道）');
    const due = await page.getByTestId('decision-due-input').inputValue();
    expect(due).toMatch(/^\d{4}-\d{2}-\d{2}$/); // tomorrow, the default
    await page.getByTestId('decision-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('meeting-decisions').getByText(DECISION).waitFor();

    await page.getByTestId('meeting-end').click();
    await confirmWith(page.getByTestId('meeting-end-ok'));
    await expect.poll(async () => page.getByTestId('meeting-status').innerText(), { timeout: 10_000 }).toBe('已结束');
    // Locked: no more editing of the minutes, the addendum instead.
    expect(await tasks.getByTestId('minutes-edit').count()).toBe(0);
    await page.getByTestId('meeting-addendum').waitFor();
    expect(await page.getByTestId('meeting-sheet').innerText()).toContain(MINUTES);
    expect(problems).toEqual([]);

    // The owner, on a phone.
    const owner = await suite.loggedIn('street', { viewport: PHONE });
    await owner.page.goto(`${base}/me/decisions`);
    await owner.page.getByRole('heading', { level: 1, name: '我的督办事项' }).waitFor();
    const mine = owner.page.getByTestId('my-decision').filter({ hasText: DECISION });
    await mine.waitFor();
    expect(await mine.innerText()).toContain(`时限 ${due}`);
    expect(await mine.innerText()).toContain('定海区 · 调度会交办');
    // Yesterday's decision of the demo is theirs too, and overdue.
    await owner.page.getByTestId('my-decision').filter({ hasText: '督促A社区办结逾期的药品需求统计' }).getByTestId('decision-overdue').waitFor();
    expect(owner.problems).toEqual([]);
  });
});
