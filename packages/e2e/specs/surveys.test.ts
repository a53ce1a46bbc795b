// 问卷调查 (ADR 0077) in the browser: the community secretary writes an anonymous survey with a single-choice, a
// multiple-choice, a 1–5 score and a text question — an option list with one option and an empty question are shown on
// their fields — saves it and publishes it (发布后题目不能再修改); the resident answers it on a phone from the workbench
// (the anonymous note first, the required questions named), sees the results, and is not offered it again; the secretary
// types in one paper form (已录入第 1 份, the form clear for the next); the results page shows the two answers with
// two-decimal percentages. The demo's thesis survey shows the published figures: 44.74 % / 36.84 % / 18.42 % and
// 86.84 % / 13.16 % of 38 paper answers.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { confirmWith, csrfToken, scrollsSideways } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

type Survey = { id: string; title: string; status: string; anonymous: boolean; responses: number; version: number };

const TITLE = `冬季老人出行需求问卷 ${Date.now() % 100000}`;
const Q = {
  single: { text: '您家里有几位 80 岁以上的老人？', options: ['没有', '1 位', '2 位及以上'] },
  multiple: { text: '冬季出行最需要哪些帮助？', options: ['代买药品', '陪同就医', '上门理发'] },
  scale: { text: '您对社区助老服务的满意度' },
  text: { text: '其他建议' },
};

async function surveys(page: Page, base: string, status?: string): Promise<Survey[]> {
  const res = await page.request.get(`${base}/api/surveys${status ? `?status=${status}` : ''}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: Survey[] }).items;
}

/** An option's row on a results card: its count and its percentage as shown. */
async function optionFigures(card: Locator, label: string): Promise<{ count: string; percent: string }> {
  const row = card.locator(`[data-testid="sv-option"][data-label="${label}"]`);
  return { count: (await row.getByTestId('sv-count').innerText()).trim(), percent: (await row.getByTestId('sv-percent').innerText()).trim() };
}

const resultCard = (page: Page, text: string) => page.getByTestId('sv-result').filter({ has: page.getByRole('heading', { level: 3, name: new RegExp(`\\d+\\. ${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });

describe('surveys (问卷调查)', () => {
  const suite = e2eSuite('surveys');
  let surveyId = '';

  it('the secretary writes an anonymous survey of four kinds of question; what is wrong is shown on its field; saved and published', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.getByRole('menuitem', { name: '问卷调查' }).click();
    await page.waitForURL(`${base}/surveys`);
    await page.getByRole('heading', { level: 1, name: '问卷调查' }).waitFor();
    // The demo's surveys are listed: the thesis's (closed, anonymous, 38 answers) among them.
    const thesis = page.getByTestId('sv-card').filter({ hasText: 'A社区疫情防控韧性治理居民问卷（2022）' });
    await thesis.waitFor();
    expect(await thesis.getByTestId('sv-responses').innerText()).toBe('38 份回答');
    expect(await thesis.getByTestId('sv-status').innerText()).toBe('已结束');
    expect(await thesis.getByTestId('sv-anonymous').innerText()).toBe('匿名');
    // The state filter (in the address).
    await page.getByTestId('sv-filter').getByText('已结束', { exact: true }).click();
    await page.waitForURL(/status=closed/);
    await expect.poll(async () => new Set(await page.getByTestId('sv-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))))).toEqual(new Set(['closed']));

    await page.getByTestId('sv-new').click();
    await page.waitForURL(`${base}/surveys/new`);
    await page.getByLabel('问卷标题').fill(TITLE);
    await page.getByLabel('说明（选填）').fill('了解冬季老人出行的困难，社区据此安排志愿者。约 1 分钟。');
    // Anonymous by default, and what it means is said next to it.
    const anonymous = page.getByRole('switch', { name: '匿名问卷' });
    expect(await anonymous.getAttribute('aria-checked')).toBe('true');
    await page.getByText('匿名问卷不记录是谁填写的，连填写时间也只记到日期。').waitFor();

    const blocks = page.getByTestId('sv-edit-q');
    // 单选: its text and only one option (the second removed).
    await page.getByTestId('sv-add-single').click();
    const q1 = blocks.nth(0);
    await q1.getByLabel('题目', { exact: true }).fill(Q.single.text);
    await q1.getByLabel('选项 1', { exact: true }).fill(Q.single.options[0]!);
    await q1.getByTestId('sv-remove-option').nth(1).click();
    // 多选 with three options.
    await page.getByTestId('sv-add-multiple').click();
    const q2 = blocks.nth(1);
    await q2.getByLabel('题目', { exact: true }).fill(Q.multiple.text);
    await q2.getByTestId('sv-add-option').click();
    for (const [i, o] of Q.multiple.options.entries()) await q2.getByLabel(`选项 ${i + 1}`, { exact: true }).fill(o);
    // 打分: the end labels are there to start with.
    await page.getByTestId('sv-add-scale').click();
    const q3 = blocks.nth(2);
    await q3.getByLabel('题目', { exact: true }).fill(Q.scale.text);
    expect(await q3.getByLabel('1 分表示').inputValue()).toBe('很不满意');
    expect(await q3.getByLabel('5 分表示').inputValue()).toBe('很满意');
    // 填空, optional, its text left empty for now.
    await page.getByTestId('sv-add-text').click();
    const q4 = blocks.nth(3);
    await q4.getByRole('switch', { name: '必答' }).click();
    expect(await blocks.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['single', 'multiple', 'scale', 'text']);

    // Saving names each problem on its field, and nothing is sent.
    await page.getByTestId('sv-save').click();
    await q1.getByTestId('sv-options-error').waitFor();
    expect(await q1.getByTestId('sv-options-error').innerText()).toBe('选择题需要 2 至 10 个选项');
    await q4.getByText('请填写', { exact: true }).waitFor();
    expect(await page.getByTestId('sv-fix').innerText()).toContain('还有 2 处需要改正');
    expect(page.url()).toBe(`${base}/surveys/new`);
    // Fixed: the options, moved into order, and the question text.
    await q1.getByTestId('sv-add-option').click();
    await q1.getByTestId('sv-add-option').click();
    await q1.getByLabel('选项 2', { exact: true }).fill(Q.single.options[2]!);
    await q1.getByLabel('选项 3', { exact: true }).fill(Q.single.options[1]!);
    await q1.getByRole('button', { name: '选项 3 上移' }).click();
    expect(await q1.getByLabel('选项 2', { exact: true }).inputValue()).toBe(Q.single.options[1]);
    await q4.getByLabel('题目', { exact: true }).fill(Q.text.text);
    await expect.poll(() => page.getByTestId('sv-fix').count()).toBe(0);
    await suite.shot(page, 'editor', true);
    const editor = await axeViolations(page);
    expect(editor.length, describeViolations('survey editor (desktop)', editor)).toBe(0);
    await page.getByTestId('sv-save').click();
    await page.waitForURL(/\/surveys\/[^/]+\/edit$/);
    await page.getByText('已保存为草稿').first().waitFor();
    surveyId = /\/surveys\/([^/]+)\/edit$/.exec(page.url())![1]!;
    const draft = (await surveys(page, base, 'draft')).find((s) => s.id === surveyId);
    expect(draft).toMatchObject({ title: TITLE, status: 'draft', anonymous: true, version: 1 });

    // 发布: asked first; the survey's page then says 进行中.
    await page.getByTestId('sv-publish').click();
    const ask = page.getByRole('dialog').filter({ hasText: '发布这份问卷？' });
    await ask.getByText('发布后题目不能再修改').waitFor();
    await confirmWith(ask.getByRole('button', { name: /^发\s?布$/ }));
    await page.waitForURL(`${base}/surveys/${surveyId}`);
    await expect.poll(() => page.getByTestId('sv-status').innerText()).toBe('进行中');
    await page.getByText('还没有人填写。').waitFor();
    // Published: the editor no longer edits it.
    await page.goto(`${base}/surveys/${surveyId}/edit`);
    await page.getByTestId('sv-not-draft').waitFor();
    expect(admin.problems).toEqual([]);
  });

  it('the resident answers it on a phone from the workbench, sees the results, and is not offered it again', async () => {
    const base = suite.base;
    expect(surveyId, 'the survey published in the first test').not.toBe('');
    const resident = await suite.loggedIn('resident', { viewport: PHONE });
    const { page } = resident;
    await page.goto(`${base}/`);
    const card = page.getByTestId('sv-mine');
    await card.waitFor();
    const item = card.locator(`[data-testid="sv-mine-item"][data-title="${TITLE}"]`);
    await item.waitFor();
    expect(await item.getAttribute('data-answered')).toBe('false');
    expect(await scrollsSideways(page)).toBe(false);
    await card.scrollIntoViewIfNeeded();
    await suite.shot(page, 'workbench-phone');
    await item.getByTestId('sv-mine-fill').click();
    await page.waitForURL(`${base}/me/surveys/${surveyId}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    // The anonymous note before answering.
    expect(await page.getByTestId('sv-note').innerText()).toContain('本问卷匿名，不记录您的姓名和填写时间；请不要在填空题中写姓名、电话。');
    const submit = page.getByTestId('sv-submit');
    expect((await submit.innerText()).replace(/\s+/g, '')).toBe('还有3道必答题没有填');
    // Sending names the required questions.
    await submit.click();
    await expect.poll(() => page.getByTestId('sv-answer-error').count()).toBe(3);
    const blocks = page.getByTestId('sv-answer');
    await blocks.nth(0).getByText(Q.single.options[1]!, { exact: true }).click();
    await blocks.nth(1).getByText('代买药品', { exact: true }).click();
    await blocks.nth(1).getByText('陪同就医', { exact: true }).click();
    // The score: five big buttons with the end labels.
    await blocks.nth(2).getByText('1 很不满意').waitFor();
    await blocks.nth(2).getByText('5 很满意').waitFor();
    await blocks.nth(2).locator('.ant-radio-button-wrapper').nth(3).click();
    expect(await blocks.nth(2).getByRole('radio', { name: '4 分' }).isChecked()).toBe(true);
    await blocks.nth(3).getByRole('textbox').fill('希望增加上门送药');
    await expect.poll(() => page.getByTestId('sv-answer-error').count()).toBe(0);
    expect((await submit.innerText()).replace(/\s+/g, '')).toBe('提交');
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'answer-phone', true);
    const form = await axeViolations(page);
    expect(form.length, describeViolations('answering a survey (phone)', form)).toBe(0);
    await submit.click();
    await page.getByTestId('sv-thanks').getByText('感谢您的填写！').waitFor();

    // The results are public: one answer so far, with the warning.
    await page.getByTestId('sv-view-results').click();
    await page.waitForURL(/view=results/);
    await page.getByTestId('sv-few').waitFor();
    const single = resultCard(page, Q.single.text);
    await single.waitFor();
    expect(await optionFigures(single, Q.single.options[1]!)).toEqual({ count: '1 人', percent: '100.00%' });
    expect(await optionFigures(single, Q.single.options[0]!)).toEqual({ count: '0 人', percent: '0.00%' });

    // Not offered again: the workbench says 已填写, the page says so, and the server refuses a second answer.
    await page.goto(`${base}/`);
    await expect.poll(() => item.getAttribute('data-answered')).toBe('true');
    expect(await item.getByTestId('sv-mine-answered').innerText()).toBe('已填写');
    expect(await item.getByTestId('sv-mine-fill').count()).toBe(0);
    await page.goto(`${base}/me/surveys/${surveyId}`);
    await page.getByText('您已经填写过这份问卷了，谢谢！').waitFor();
    expect(await page.getByTestId('sv-submit').count()).toBe(0);
    const again = await page.request.post(`${base}/api/me/surveys/${surveyId}/responses`, {
      headers: { 'x-csrf-token': await csrfToken(page, base) }, data: { answers: { q1: Q.single.options[0], q2: ['代买药品'], q3: 3 } },
    });
    expect(again.status()).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('already_answered');
    expect(resident.problems).toEqual([]);
  });

  it('the secretary types in a paper form; the results show the two answers with two-decimal percentages', async () => {
    const base = suite.base;
    expect(surveyId).not.toBe('');
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.goto(`${base}/surveys/${surveyId}`);
    await page.getByTestId('sv-paper').click();
    const dialog = page.getByRole('dialog', { name: `录入纸质问卷：${TITLE}` });
    const blocks = dialog.getByTestId('sv-answer');
    await blocks.first().waitFor();
    await blocks.nth(0).getByText(Q.single.options[0]!, { exact: true }).click();
    await blocks.nth(1).getByText('代买药品', { exact: true }).click();
    await blocks.nth(2).locator('.ant-radio-button-wrapper').nth(1).click();
    await page.getByTestId('sv-paper-submit').click();
    await dialog.getByTestId('sv-paper-done').waitFor();
    expect(await dialog.getByTestId('sv-paper-done').innerText()).toContain('已录入第 1 份');
    await suite.shot(page, 'paper');
    // The form is clear for the next paper form.
    expect(await blocks.nth(0).getByRole('radio', { name: Q.single.options[0]! }).isChecked()).toBe(false);
    expect((await page.getByTestId('sv-paper-submit').innerText()).replace(/\s+/g, '')).toBe('还有3道必答题没有填');
    await dialog.getByRole('button', { name: '录完了' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Two answers (one online, one on paper): few, so the warning; the percentages of those answering each question.
    await expect.poll(() => page.getByTestId('sv-counts').innerText()).toBe('共 2 份：线上 1 份，纸质 1 份');
    await page.getByTestId('sv-few').waitFor();
    const single = resultCard(page, Q.single.text);
    expect(await optionFigures(single, Q.single.options[0]!)).toEqual({ count: '1 人', percent: '50.00%' });
    expect(await optionFigures(single, Q.single.options[1]!)).toEqual({ count: '1 人', percent: '50.00%' });
    expect(await optionFigures(single, Q.single.options[2]!)).toEqual({ count: '0 人', percent: '0.00%' });
    const multiple = resultCard(page, Q.multiple.text);
    expect(await optionFigures(multiple, '代买药品')).toEqual({ count: '2 人', percent: '100.00%' });
    expect(await optionFigures(multiple, '陪同就医')).toEqual({ count: '1 人', percent: '50.00%' });
    expect(await resultCard(page, Q.scale.text).getByTestId('sv-mean').innerText()).toBe('平均 3.00 分');
    const text = resultCard(page, Q.text.text);
    expect(await text.getByTestId('sv-answered').innerText()).toBe('1 人作答');
    expect(await text.getByTestId('sv-text').allInnerTexts()).toEqual(['希望增加上门送药']);
    expect((await surveys(page, base, 'open')).find((s) => s.id === surveyId)?.responses).toBe(2);
    await suite.shot(page, 'results', true);
    const found = await axeViolations(page);
    expect(found.length, describeViolations('survey results (desktop)', found)).toBe(0);
    expect(admin.problems).toEqual([]);
  });

  it('the thesis survey’s page shows the published figures of its 38 paper answers', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('grid1', { viewport: PHONE });
    const { page } = admin;
    const thesis = (await surveys(page, base, 'closed')).find((s) => s.title === 'A社区疫情防控韧性治理居民问卷（2022）');
    expect(thesis, 'the demo has the thesis survey').toBeTruthy();
    await page.goto(`${base}/surveys/${thesis!.id}`);
    await expect.poll(() => page.getByTestId('sv-counts').innerText()).toBe('共 38 份：线上 0 份，纸质 38 份');
    expect(await page.getByTestId('sv-few').count()).toBe(0);
    // Closed: no paper forms any more.
    expect(await page.getByTestId('sv-paper').count()).toBe(0);
    const lanes = resultCard(page, '您所在的社区有没有应急通道？');
    expect(await optionFigures(lanes, '社区有通道但乱占现象严重')).toEqual({ count: '17 人', percent: '44.74%' });
    expect(await optionFigures(lanes, '社区没有应急通道')).toEqual({ count: '14 人', percent: '36.84%' });
    expect(await optionFigures(lanes, '社区有通道且畅通')).toEqual({ count: '7 人', percent: '18.42%' });
    const supplies = resultCard(page, '社区有没有解决社区的资金、技术、物资、服务问题？');
    expect(await optionFigures(supplies, '没有解决')).toEqual({ count: '33 人', percent: '86.84%' });
    expect(await optionFigures(supplies, '解决了')).toEqual({ count: '5 人', percent: '13.16%' });
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'thesis-phone', true);
    const found = await axeViolations(page);
    expect(found.length, describeViolations('thesis survey results (phone)', found)).toBe(0);
    expect(admin.problems).toEqual([]);
  });
});
