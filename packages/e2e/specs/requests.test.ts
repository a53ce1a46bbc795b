// 上级任务统一受理 and 日报 (ADR 0093) in the browser: the district issues a request with three figures to its communities;
// the community secretary, on a phone, finds it in 上级任务, sees the figures pre-filled from live data with their
// source, corrects one with a reason, 填报 and 报送; the district sees the answer in the table and downloads the XLSX
// (its cells checked); the daily report page shows the figures.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

const TITLE = `疫情底数核对 ${Date.now() % 100000}`;
const pad = (n: number) => String(n).padStart(2, '0');

describe('upper-level requests (上级任务) and the daily report (日报)', () => {
  const suite = e2eSuite('requests');
  let requestUrl = '';

  it('the district issues a request with three figures; the community answers it from live data with a correction and 报送; the district reads the table and the xlsx', async () => {
    const base = suite.base;
    const district = await suite.loggedIn('district', { viewport: DESKTOP });
    const dp = district.page;
    await dp.getByRole('menuitem', { name: '上级任务' }).click();
    await dp.waitForURL(`${base}/requests`);
    await dp.getByTestId('rq-new').click();
    const dialog = dp.getByRole('dialog', { name: '登记 / 下发任务' });
    await dialog.waitFor();
    await dp.getByTestId('rq-dept').fill('区卫健委');
    await dp.getByTestId('rq-title').fill(TITLE);
    const t = new Date(Date.now() + 2 * 86_400_000 + 8 * 3_600_000); // two days on, written as Shanghai wall time
    const deadline = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} 18:00`;
    await dp.getByTestId('rq-deadline').click();
    await dp.keyboard.type(deadline);
    await dp.keyboard.press('Enter');
    for (const name of ['在册常住人口', '发热人数', '物资库存总量']) await dialog.getByLabel(name).check();
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await dp.getByTestId('rq-table').waitFor();
    requestUrl = dp.url();
    expect(await dp.getByTestId('rq-table').innerText()).toContain('待办');
    await suite.shot(dp, 'district-issued');

    // The community secretary on a phone.
    const admin = await suite.loggedIn('admin', { viewport: PHONE });
    const ap = admin.page;
    await ap.goto(`${base}/requests`);
    await ap.getByTestId('rq-item-link').filter({ hasText: TITLE }).click();
    await ap.getByRole('heading', { name: TITLE }).waitFor();
    const fig = (code: string) => ap.getByTestId(`rq-fig-${code}`);
    const system = async (code: string) => Number(await fig(code).getByTestId('rq-fig-system').innerText());
    const residents = await system('residents_active');
    expect(residents).toBeGreaterThan(0); // the demo register
    expect(await fig('residents_active').getByTestId('rq-fig-source').innerText()).toContain('人口台账');
    expect(await fig('residents_active').locator('input.ant-input-number-input').inputValue()).toBe(String(residents));
    const fever = await system('fever');
    const stock = await system('supply_units');
    await suite.shot(ap, 'prefilled');
    // Correct the fever count: a reason is asked for, and kept.
    await fig('fever').locator('input.ant-input-number-input').fill(String(fever + 2));
    await ap.getByTestId('rq-save').click();
    await ap.getByText('请填写所有数据，更正的须说明原因').waitFor();
    await fig('fever').getByTestId('rq-fig-reason').fill('两名发热人员由辖区诊所报告，尚未自报');
    await ap.getByTestId('rq-save').click();
    await expect.poll(async () => ap.getByTestId('rq-status').innerText(), { timeout: 10_000 }).toBe('已填报');
    await ap.getByText(`已更正（系统 ${fever}）：两名发热人员由辖区诊所报告，尚未自报`).waitFor();
    await ap.getByTestId('rq-submit').click();
    await expect.poll(async () => ap.getByTestId('rq-status').innerText(), { timeout: 10_000 }).toBe('已报送');
    await ap.getByText('已报送，不能再修改').waitFor();
    expect(await ap.getByTestId('rq-save').count()).toBe(0);
    await suite.shot(ap, 'submitted');

    // The district sees the answer in the table and downloads the XLSX.
    await dp.goto(requestUrl);
    await dp.getByTestId('rq-cell-fever').first().waitFor();
    expect(await dp.getByTestId('rq-cell-fever').first().innerText()).toBe(`${fever + 2} *`);
    const download = dp.waitForEvent('download');
    await dp.getByTestId('rq-xlsx').click();
    const file = await download;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await file.path())!);
    const rows = wb.worksheets[0]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]![0]).toBe(TITLE);
    expect(rows[2]).toEqual(['社区', '状态', '在册常住人口（人）', '发热人数（人）', '物资库存总量（件）', '报送时间', '更正说明']);
    const mine = rows.find((r) => r[1] === '已报送')!;
    expect(mine.slice(2, 5)).toEqual([residents, fever + 2, stock]);
    expect(String(mine[6])).toContain('两名发热人员由辖区诊所报告');
    expect(district.problems).toEqual([]);
    expect(admin.problems).toEqual([]);
  });

  it('日报 shows the day’s figures in their sections and offers the xlsx and print', async () => {
    const { page, problems } = await suite.loggedIn('admin', { viewport: PHONE });
    await page.goto(`${suite.base}/reports/daily`);
    await page.getByTestId('rd-sheet').waitFor();
    expect(await page.getByTestId('rd-sheet').innerText()).toContain('疫情防控工作日报');
    for (const section of ['人口底数', '健康监测', '核酸与隔离', '卡口通行', '物资与志愿服务', '群众诉求']) await page.getByText(section, { exact: true }).waitFor();
    expect(Number(await page.getByTestId('rd-fig-residents_active').getByTestId('rd-value').innerText())).toBeGreaterThan(0);
    const download = page.waitForEvent('download');
    await page.getByTestId('rd-xlsx').click();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await (await download).path())!);
    const rows = wb.worksheets[0]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows.find((r) => r[1] === '在册常住人口')![2]).toBe(Number(await page.getByTestId('rd-fig-residents_active').getByTestId('rd-value').innerText()));
    await suite.shot(page, 'daily');
    expect(problems).toEqual([]);
  });
});
