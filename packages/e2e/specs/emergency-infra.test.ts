// 应急避难场所与应急通道 (ADR 0078) in the browser: the community secretary adds a shelter and sees the community's
// coverage grow; a grid worker on a phone inspects one — marks a problem, answers the rest 正常 in one tap — and the card
// shows it; a resident on a phone reports a blocked fire lane from the workbench (without a lane or a location the field
// says so) and gets a TD reference and a deadline; the secretary handles it on 应急通道 as 已清理; the resident's list
// then shows 已清理 and what was done.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, csrfToken, getJson, scrollsSideways } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

type Shelter = { id: string; name: string; capacity: number; status: string; due: boolean; lastInspectedAt: string | null; lastInspectionProblems: number | null };
type Coverage = { communityId: string; communityName: string; residents: number; capacity: number; share: number | null };
type Report = { id: string; ref: string; laneName: string | null; status: string; overdue: boolean; reporter: 'resident' | { name: string }; dueAt: string; resolution: string | null };
type Figures = { open: number; overdue: number; cleared30: number; clearedInTime30: number };

const NEW_SHELTER = '港湾社区文体中心';
const BLOCKED = '一辆黑色轿车停在通道口（浙L·A1234），消防车进不去';
const DONE = '已联系车主挪走车辆，通道恢复畅通';

const shelters = (page: Page, base: string) => getJson<{ items: Shelter[]; coverage: Coverage[] }>(page, base, '/api/shelters');
const fmt = (n: number) => new Intl.NumberFormat('zh-CN').format(n);

/** A shelter's card, by its name (the card's heading, exactly). */
const shelterCard = (page: Page, name: string): Locator =>
  page.getByTestId('sh-card').filter({ has: page.getByRole('heading', { level: 2, name, exact: true }) });

describe('shelters and emergency lanes (应急避难场所与应急通道)', () => {
  const suite = e2eSuite('emergency-infra');
  // The reference the resident got (shared by the tests, in order).
  let ref = '';

  it('the secretary sees the demo shelters and the coverage, adds a shelter, and the coverage grows', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.getByRole('menuitem', { name: '应急避难场所' }).click();
    await page.waitForURL(`${base}/shelters`);
    await page.getByRole('heading', { level: 1, name: '应急避难场所' }).waitFor();

    const before = await shelters(page, base);
    expect(before.items.map((s) => s.name)).toEqual(expect.arrayContaining(['社区党群服务中心', '港湾小学操场', '滨海公园']));
    expect(before.coverage).toHaveLength(1);
    const cov = before.coverage[0]!;
    const cards = page.getByTestId('sh-list').getByTestId('sh-card');
    await expect.poll(() => cards.count()).toBe(before.items.length);
    // The one never inspected is 待检查, and comes first.
    const park = shelterCard(page, '滨海公园');
    expect(await park.getAttribute('data-due')).toBe('true');
    expect(await park.getByTestId('sh-due').innerText()).toBe('待检查');
    expect(await park.getByTestId('sh-last').innerText()).toBe('还没有检查过');
    expect(await cards.first().getAttribute('data-due')).toBe('true');
    // The school's last inspection found a problem.
    expect(await shelterCard(page, '港湾小学操场').getByTestId('sh-last').innerText()).toMatch(/，1 项有问题$/);
    expect(await shelterCard(page, '港湾小学操场').getByTestId('sh-kind').innerText()).toBe('学校');
    expect(await shelterCard(page, '社区党群服务中心').getByTestId('sh-capacity').innerText()).toBe('200 人');

    // The coverage: residents against the capacity, in a warning colour below 100 %.
    const line = page.getByTestId('sh-coverage').getByTestId('sh-coverage-line');
    const percent = (c: Coverage) => { const e = (c.capacity / c.residents) * 100; return e >= 100 ? Math.round(e) : Math.floor(e); };
    expect(await line.innerText()).toBe(`常住 ${fmt(cov.residents)} 人 · 可容纳 ${fmt(cov.capacity)} 人 · 覆盖 ${fmt(percent(cov))}%`);
    expect(await page.getByTestId('sh-coverage').getAttribute('data-short')).toBe(String(cov.capacity < cov.residents));

    // 新增避难场所: what is required is said; then saved.
    await page.getByTestId('sh-add').click();
    const form = page.getByRole('dialog', { name: '新增避难场所' });
    await form.getByLabel('名称').waitFor();
    expect(await form.getByLabel('检查周期').inputValue()).toBe('30');
    await page.getByTestId('sh-form-submit').click();
    await form.getByText('请填写名称').waitFor();
    await form.getByText('请选择类型').waitFor();
    await form.getByText('请填 1 至 100000 之间的整数').waitFor();
    await form.getByLabel('名称').fill(NEW_SHELTER);
    await chooseOption(page, form.getByRole('combobox', { name: '类型' }), '体育馆');
    await form.getByLabel('地址').fill('港湾社区文体中心一楼');
    await form.getByLabel('可容纳人数').fill('300');
    await form.getByLabel('面积（选填）').fill('900');
    await form.getByRole('checkbox', { name: '供水' }).check();
    await form.getByRole('checkbox', { name: '照明' }).check();
    await page.getByTestId('sh-form-submit').click();
    await form.waitFor({ state: 'detached' });
    await page.getByText(`已新增：${NEW_SHELTER}`).first().waitFor();

    const card = shelterCard(page, NEW_SHELTER);
    await card.waitFor();
    expect(await card.getByTestId('sh-capacity').innerText()).toBe('300 人');
    expect(await card.getByTestId('sh-area').innerText()).toBe('900 平方米');
    expect(await card.getByTestId('sh-facilities').innerText()).toMatch(/供水\s*照明/);
    expect(await card.getByTestId('sh-status').innerText()).toBe('待用');
    expect(await card.getAttribute('data-due')).toBe('true');
    const after = (await shelters(page, base)).coverage[0]!;
    expect(after.capacity).toBe(cov.capacity + 300);
    await expect.poll(() => line.innerText()).toBe(`常住 ${fmt(after.residents)} 人 · 可容纳 ${fmt(after.capacity)} 人 · 覆盖 ${fmt(percent(after))}%`);
    expect(admin.problems).toEqual([]);
  });

  it('a grid worker on a phone inspects the new shelter: one problem, the rest 正常 in one tap', async () => {
    const base = suite.base;
    const grid = await suite.loggedIn('grid1', { viewport: PHONE });
    const { page } = grid;
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('menuitem', { name: '应急避难场所' }).click();
    await page.waitForURL(`${base}/shelters`);
    const card = shelterCard(page, NEW_SHELTER);
    await card.waitFor();
    // A grid worker inspects, but neither adds nor edits.
    expect(await page.getByTestId('sh-add').count()).toBe(0);
    expect(await card.getByTestId('sh-edit').count()).toBe(0);
    expect(await scrollsSideways(page)).toBe(false);

    await card.getByTestId('sh-inspect').click();
    const form = page.getByRole('dialog', { name: `检查：${NEW_SHELTER}` });
    await form.getByRole('radiogroup', { name: '通道畅通' }).waitFor();
    expect((await form.boundingBox())!.width).toBeGreaterThan(PHONE.width - 2);
    // Nothing chosen beforehand: the button names what is still to answer.
    const submit = page.getByTestId('sh-inspect-submit');
    expect((await submit.innerText()).replace(/\s+/g, '')).toBe('还差6项：通道畅通、标识清楚、供水、供电照明、卫生、物资设备');
    await submit.click();
    await expect.poll(() => form.getByText('请选择正常或有问题').count()).toBe(6);
    await form.getByRole('radiogroup', { name: '供水' }).locator('label', { hasText: '有问题' }).click();
    await form.getByTestId('sh-inspect-hint').waitFor();
    expect((await submit.innerText()).replace(/\s+/g, '')).toBe('还差5项：通道畅通、标识清楚、供电照明、卫生、物资设备');
    await form.getByTestId('sh-rest-ok').click();
    await form.getByTestId('sh-rest-ok').waitFor({ state: 'detached' });
    expect(await form.getByRole('radiogroup', { name: '供水' }).getByRole('radio', { name: '有问题' }).isChecked()).toBe(true);
    expect(await form.getByRole('radiogroup', { name: '卫生' }).getByRole('radio', { name: '正常' }).isChecked()).toBe(true);
    expect((await submit.innerText()).replace(/\s+/g, '')).toBe('提交检查');
    // A mobile number in the note is refused before sending.
    await form.getByLabel('备注（选填）').fill('一楼水龙头没水，物业电话 13812345678');
    await submit.click();
    await form.getByText('请勿填写手机号').waitFor();
    await form.getByLabel('备注（选填）').fill('一楼水龙头没水，已告知物业');
    await submit.click();
    await form.waitFor({ state: 'detached' });
    await page.getByText(`已记录检查：${NEW_SHELTER}，1 项有问题`).first().waitFor();

    await expect.poll(() => card.getAttribute('data-due')).toBe('false');
    expect(await card.getByTestId('sh-last').innerText()).toBe('刚刚，1 项有问题');
    const saved = (await shelters(page, base)).items.find((s) => s.name === NEW_SHELTER)!;
    expect(saved).toMatchObject({ due: false, lastInspectionProblems: 1 });

    await card.getByTestId('sh-history-open').click();
    const history = page.getByRole('dialog', { name: `检查记录：${NEW_SHELTER}` });
    const first = history.getByTestId('sh-inspection').first();
    await first.waitFor();
    expect(await first.getByTestId('sh-inspection-checks').innerText()).toBe('供水');
    expect(await first.getByTestId('sh-inspection-note').innerText()).toBe('备注：一楼水龙头没水，已告知物业');
    expect(await first.innerText()).toContain('第一网格网格员');
    await history.getByRole('button', { name: '关闭' }).click();
    await history.waitFor({ state: 'detached' });

    await suite.shot(page, 'shelters-phone', true);
    const found = await axeViolations(page);
    expect(found.length, describeViolations('shelters (phone)', found)).toBe(0);
    expect(grid.problems).toEqual([]);
  });

  it('a resident on a phone reports a blocked fire lane from the workbench and gets a TD reference and the deadline', async () => {
    const base = suite.base;
    const resident = await suite.loggedIn('resident', { viewport: PHONE });
    const { page } = resident;
    const card = page.getByTestId('ln-mine');
    await card.waitFor();
    await card.getByTestId('ln-mine-report').click();
    const form = page.getByRole('dialog', { name: '举报通道占用' });
    await form.getByLabel('占用情况').waitFor();
    expect((await form.boundingBox())!.width).toBeGreaterThan(PHONE.width - 2);

    // Neither a lane nor a location: the lane's field says so (as the server would, naming the field).
    await form.getByLabel('占用情况').fill(BLOCKED);
    await page.getByTestId('ln-report-submit').click();
    const laneField = form.locator('.ant-form-item').filter({ has: page.getByRole('combobox', { name: '通道' }) });
    await laneField.getByText('请选择通道，或写明位置').waitFor();
    const refused = await page.request.post(`${base}/api/me/lane-reports`, {
      headers: { 'x-csrf-token': await csrfToken(page, base) }, data: { description: BLOCKED },
    });
    expect(refused.status()).toBe(400);
    expect(((await refused.json()) as { error: { details: Array<{ path: string }> } }).error.details.map((d) => d.path.split('.').pop())).toContain('laneId');
    expect((await getJson<{ items: unknown[] }>(page, base, '/api/me/lane-reports')).items.length).toBe(1); // the demo's report only

    // The community's lanes to choose from.
    await chooseOption(page, form.getByRole('combobox', { name: '通道' }), '2号消防通道');
    await expect.poll(() => laneField.getByText('请选择通道，或写明位置').count()).toBe(0);
    await page.getByTestId('ln-report-submit').click();
    const done = form.getByTestId('ln-report-done');
    await done.waitFor();
    const refText = await form.getByTestId('ln-report-ref').innerText();
    expect(refText).toMatch(/^编号 TD-\d{8}-\d{3}$/);
    ref = refText.replace('编号 ', '');
    await suite.shot(page, 'report-done-phone');
    expect(await form.getByTestId('ln-report-due').innerText()).toMatch(/^社区应在 \d{2}-\d{2} \d{2}:\d{2} 前清理/);
    await page.getByTestId('ln-report-ok').click();
    await form.waitFor({ state: 'detached' });

    const item = card.locator(`[data-testid="ln-mine-item"][data-ref="${ref}"]`);
    await item.waitFor();
    expect(await item.getAttribute('data-status')).toBe('open');
    expect(await item.innerText()).toContain('2号消防通道');
    expect(await item.getByTestId('ln-status').innerText()).toBe('待处理');
    expect(await item.getByTestId('ln-mine-due').innerText()).toMatch(/^\d{2}-\d{2} \d{2}:\d{2} 前清理 · 还剩 (1 小时 \d+ 分|2 小时 [01] 分)$/);
    expect(await scrollsSideways(page)).toBe(false);
    const found = await axeViolations(page);
    expect(found.length, describeViolations('resident workbench with a lane report (phone)', found)).toBe(0);
    expect(resident.problems).toEqual([]);
  });

  it('the secretary handles the report on 应急通道 as 已清理; the resident then sees 已清理 and what was done', async () => {
    const base = suite.base;
    expect(ref, 'the reference the resident got').not.toBe('');
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    // From the workbench's shortcuts (常用功能).
    await page.getByRole('button', { name: /应急通道$/ }).click();
    await page.waitForURL(`${base}/lanes`);
    await page.getByRole('heading', { level: 1, name: '应急通道' }).waitFor();

    const lanes = await getJson<{ figures: Figures }>(page, base, '/api/lanes');
    expect(lanes.figures.open).toBeGreaterThanOrEqual(3);
    expect(lanes.figures.overdue).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('ln-figure-open').locator('strong').innerText()).toBe(String(lanes.figures.open));
    expect(await page.getByTestId('ln-figure-overdue').locator('strong').innerText()).toBe(String(lanes.figures.overdue));
    const reports = page.getByTestId('ln-reports').getByTestId('ln-report');
    await reports.first().waitFor();
    // Open first, by deadline: the overdue one on top, in red.
    const top = reports.first();
    expect(await top.getAttribute('data-overdue')).toBe('true');
    expect(await top.getByTestId('ln-deadline').innerText()).toMatch(/已超时/);
    expect(await page.getByTestId('ln-lanes').getByTestId('ln-lane').count()).toBe(4);
    expect(await page.getByTestId('ln-clearance-value').innerText()).toBe('举报后 2 小时内清理');

    const report = page.locator(`[data-testid="ln-report"][data-ref="${ref}"]`);
    await report.waitFor();
    await suite.shot(page, 'lanes-desktop', true);
    expect(await report.getByTestId('ln-reporter').innerText()).toBe('居民');
    expect(await report.getByTestId('ln-place').innerText()).toBe('2号消防通道');
    expect(await report.getByTestId('ln-description').innerText()).toBe(BLOCKED);
    expect(await report.getByTestId('ln-deadline').innerText()).toMatch(/还剩/);

    await report.getByTestId('ln-handle').click();
    const dialog = page.getByRole('dialog', { name: `处理举报：${ref}` });
    await dialog.getByLabel('处理情况').waitFor();
    await page.getByTestId('ln-handle-submit').click();
    await dialog.getByText('请选择处理结果').waitFor();
    await dialog.getByRole('radiogroup', { name: '处理结果' }).locator('label', { hasText: '已清理' }).click();
    await dialog.getByLabel('处理情况').fill(DONE);
    await page.getByTestId('ln-handle-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`已处理：${ref}`).first().waitFor();
    await expect.poll(() => report.getAttribute('data-status')).toBe('cleared');
    expect(await report.getByTestId('ln-handled').innerText()).toContain(`处理情况：${DONE}`);
    await expect.poll(async () => Number(await page.getByTestId('ln-figure-open').locator('strong').innerText())).toBe(lanes.figures.open - 1);
    // 已清理 filters the handled ones.
    await page.getByTestId('ln-filter').getByText('已清理', { exact: true }).click();
    await page.waitForURL(/status=cleared/);
    await expect.poll(async () => new Set(await reports.evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))))).toEqual(new Set(['cleared']));
    await report.waitFor();
    const handled = (await getJson<{ items: Report[] }>(page, base, '/api/lane-reports?status=cleared')).items.find((r) => r.ref === ref)!;
    expect(handled).toMatchObject({ status: 'cleared', resolution: DONE, reporter: 'resident' });
    expect(admin.problems).toEqual([]);

    const resident = await suite.loggedIn('resident', { viewport: PHONE });
    const item = resident.page.getByTestId('ln-mine').locator(`[data-testid="ln-mine-item"][data-ref="${ref}"]`);
    await item.waitFor();
    expect(await item.getAttribute('data-status')).toBe('cleared');
    expect(await item.getByTestId('ln-status').innerText()).toBe('已清理');
    expect(await item.getByTestId('ln-mine-resolution').innerText()).toBe(`处理情况：${DONE}`);
    expect(resident.problems).toEqual([]);
  });
});
