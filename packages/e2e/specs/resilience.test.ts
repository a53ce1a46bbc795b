// 韧性评估 (ADR 0092) in the browser: the community secretary opens 韧性评估 (the three seeded past quarters on the trend),
// 发起本季度评估, sees the automatic indicators with the numbers they came from, scores a manual indicator with its
// evidence in the dialog (the other manual ones through the API, as the same user), 定稿, sees the new quarter on the
// trend, and opens the printable 评估报告 and checks what it says.
import { describe, expect, it } from 'vitest';
import { csrfToken } from '../src/actions';
import { e2eSuite } from '../src/suite';

const EVIDENCE = `全体网格员参加应急培训两次并考核 ${Date.now() % 100000}`;
const MANUAL = ['public_education', 'info_release', 'supplies_reserve', 'lanes_clear', 'tech_backup', 'psych_support', 'party_mobilisation', 'resident_drill'];

describe('resilience assessment (韧性评估)', () => {
  const suite = e2eSuite('resilience');

  it('compute an assessment, read the automatic indicators, score a manual one, finalise, see the trend and the report', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('admin');
    await page.goto(`${base}/resilience`);
    await page.getByRole('heading', { level: 1, name: /韧性评估/ }).waitFor();
    await page.getByTestId('rs-radar').waitFor();
    await page.getByTestId('rs-trend-chart').waitFor();
    expect(await page.getByTestId('rs-trend-point').count()).toBe(3);
    const periods = await page.getByTestId('rs-trend-point').allInnerTexts();

    await page.getByTestId('rs-start').click();
    await page.waitForURL(/\/resilience\/assessments\//);
    await page.getByTestId('rs-assessment-page').waitFor();
    expect(await page.getByTestId('rs-status').innerText()).toBe('草稿');
    // Automatic indicators with their explanations (the numbers they came from).
    const grid = page.getByTestId('rs-row-grid_coverage');
    expect(await grid.getByTestId('rs-explanation').innerText()).toMatch(/在册居民 \d+ 人，其中 \d+ 人所在网格已配备网格员/);
    expect(await page.getByTestId('rs-row-volunteers_per_1000').getByTestId('rs-explanation').innerText()).toMatch(/活跃志愿者 \d+ 人/);
    expect(await page.getByTestId('rs-row-survey_positive').getByTestId('rs-explanation').innerText()).toContain('A社区疫情防控韧性治理居民问卷');
    expect(await page.getByTestId('rs-row-plan_drilled').getByTestId('rs-explanation').innerText()).toMatch(/已发布预案 \d+ 份/);
    await page.getByTestId('rs-unscored').waitFor();
    expect(await page.getByTestId('rs-finalise').isDisabled()).toBe(true);

    // 评分 in the dialog.
    await page.getByTestId('rs-score-staff_training').click();
    const dialog = page.getByRole('dialog', { name: /评分：工作人员应急培训/ });
    await dialog.waitFor();
    await dialog.getByTestId('rs-level-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '3 · 中等' }).click();
    await dialog.getByTestId('rs-evidence').fill(EVIDENCE);
    await page.getByTestId('rs-score-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByTestId('rs-row-staff_training');
    await row.getByText(EVIDENCE).waitFor();
    expect(await row.getByTestId('rs-level').innerText()).toBe('3 级 · 中等');

    // The other manual indicators through the API, as the same user (version-checked).
    const id = page.url().split('/assessments/')[1]!.split(/[/?#]/)[0]!;
    const csrf = await csrfToken(page, base);
    let version = ((await (await page.request.get(`${base}/api/resilience/assessments/${id}`)).json()) as { version: number }).version;
    for (const code of MANUAL) {
      const res = await page.request.put(`${base}/api/resilience/assessments/${id}/manual/${code}`, { headers: { 'x-csrf-token': csrf }, data: { version, level: 2, evidence: '按台账和现场检查评分' } });
      expect(res.status(), code).toBe(200);
      version = ((await res.json()) as { version: number }).version;
    }
    await page.reload();
    await page.getByTestId('rs-assessment-page').waitFor();
    expect(await page.getByTestId('rs-unscored').count()).toBe(0);

    // 定稿.
    await page.getByTestId('rs-finalise').click();
    await page.getByTestId('rs-finalise-ok').click();
    await expect.poll(async () => page.getByTestId('rs-status').innerText(), { timeout: 10_000 }).toBe('已定稿');
    expect(await page.getByTestId('rs-score-staff_training').count()).toBe(0);
    const overall = await page.getByTestId('rs-overall').innerText();

    // The trend now has the new quarter, with its overall score.
    await page.goto(`${base}/resilience`);
    await page.getByTestId('rs-trend-chart').waitFor();
    await expect.poll(async () => page.getByTestId('rs-trend-point').count()).toBe(4);
    const points = await page.getByTestId('rs-trend-point').allInnerTexts();
    expect(points.slice(0, 3)).toEqual(periods);
    expect(points[3]).toMatch(new RegExp(`^\\d{4}-Q\\d：${overall.replace('.', '\\.')}$`));
    expect(await page.getByTestId('rs-overall').innerText()).toBe(overall);

    // 评估报告: the A4 page with the title, period, scores, indicators and suggestions.
    await page.getByTestId('rs-report-link').click();
    await page.getByTestId('rs-report').waitFor();
    expect(await page.getByTestId('rs-report-title').innerText()).toMatch(/^A社区韧性评估报告$/);
    expect(await page.getByTestId('rs-report-sub').innerText()).toContain(points[3]!.split('：')[0]!);
    expect(await page.getByTestId('rs-report-summary').innerText()).toContain(`综合得分 ${overall}`);
    expect(await page.getByTestId('rs-report-dimensions').innerText()).toMatch(/组织韧性[\s\S]*制度韧性[\s\S]*物理韧性[\s\S]*技术韧性/);
    const report = await page.getByTestId('rs-report').innerText();
    expect(report).toContain(EVIDENCE);
    expect(report).toContain('应急认知');
    expect(report).toContain('薄弱环节与改进建议');
    expect(await page.getByTestId('rs-report-draft').count()).toBe(0);
    await page.getByTestId('rs-radar').waitFor();
    // The print stylesheet hides the buttons (打印 / 另存为 PDF makes the PDF).
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('rs-print').isVisible()).toBe(false);
    expect(await page.getByTestId('rs-report').isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });
});
