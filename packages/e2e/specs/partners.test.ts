// 多方协同与社会组织服务 (ADR 0091) in the browser: the community secretary sees the partner registry (the demo's 12
// social organisations, 4 registered and 8 filed), registers a filed social organisation, sets it 牵头 for a task type
// on the 责任矩阵 and reads the 409 in words when a second unit is set to lead the same task type, then records a day of
// free haircuts on the barbers' page and sees the total grow; a resident on a phone books a counselling slot on 服务预约,
// the organisation's volunteer confirms it on 我的服务组织 (the secretary sees the slot taken, not by whom), and the
// resident sees it 已确认.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, getJson } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

const ORG = `邻里互助社 ${Date.now() % 100000}`;
/** The refusal this spec provokes on purpose (a second lead), as the browser logs it. */
const expectedProblem = (p: string) => /the server responded with a status of 409 \(Conflict\)/.test(p);
const cell = (page: Page, kind: string, unit: string) => page.locator(`[data-testid="matrix-row"][data-kind="${kind}"] [data-testid="matrix-cell"][data-unit="${unit}"]`);

describe('partners (多方协同)', () => {
  const suite = e2eSuite('partners');

  it('the secretary registers a filed organisation, sets it 牵头 (a second lead is refused in words) and records a haircut day', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('admin', { viewport: DESKTOP });
    await page.getByRole('menuitem', { name: '多方协同' }).click();
    await page.waitForURL(`${base}/partners`);
    await page.getByRole('heading', { level: 1, name: '多方协同' }).waitFor();
    await page.getByTestId('partners-social-total').waitFor();
    expect(await page.getByTestId('partners-social-total').locator('strong').innerText()).toBe('12');
    expect(await page.getByTestId('partners-social-registered').locator('strong').innerText()).toBe('4');
    expect(await page.getByTestId('partners-social-filed').locator('strong').innerText()).toBe('8');
    const axe = await axeViolations(page);
    expect(axe.length, describeViolations('多方协同 (desktop)', axe)).toBe(0);

    await page.getByTestId('partners-add').click();
    const dialog = page.getByRole('dialog', { name: '登记协同单位' });
    await dialog.waitFor();
    await page.getByTestId('partners-f-name').fill(ORG);
    await dialog.getByText('已备案', { exact: true }).click();
    await page.getByTestId('partners-f-contact').fill('钱小梅');
    await page.getByTestId('partners-f-phone').fill('13905809999');
    await page.getByTestId('partners-f-services').fill('邻里互助、代购');
    await page.getByTestId('partners-form-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator(`[data-testid="partners-row"][data-name="${ORG}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('已备案');
    expect(await row.innerText()).toContain('139****9999');
    expect(await row.innerText()).not.toContain('13905809999');
    await expect.poll(async () => page.getByTestId('partners-social-filed').locator('strong').innerText(), { timeout: 10_000 }).toBe('9');
    await suite.shot(page, 'registry');

    // 责任矩阵: the new organisation leads 其他; the residents' committee cannot lead it too.
    await page.getByTestId('partners-tab-matrix').click();
    await page.getByTestId('partners-matrix').waitFor();
    await suite.shot(page, 'matrix');
    await chooseOption(page, cell(page, 'other', ORG), '牵头');
    await page.getByText('已保存').first().waitFor();
    const committee = cell(page, 'other', '幸福社区居民委员会');
    await committee.click();
    await page.locator('.ant-select-item-option:visible', { hasText: '牵头' }).first().click();
    await page.getByText(`该任务类型已由「${ORG}」牵头，每类任务只能有一个牵头单位`).waitFor();
    await suite.shot(page, 'matrix-lead-taken');
    expect(await cell(page, 'other', ORG).innerText()).toContain('牵头');
    expect(await committee.innerText()).not.toContain('牵头');

    // The barbers' page: record a day of free haircuts; the total grows.
    await page.getByTestId('partners-tab-registry').click();
    await page.locator('[data-testid="partners-row"][data-name="暖心理发志愿服务社"]').getByTestId('partners-open').click();
    await page.getByRole('heading', { level: 1, name: '暖心理发志愿服务社' }).waitFor();
    const service = page.locator('[data-testid="partner-service"][data-name="义剪"]');
    const served = async () => Number((await service.getByTestId('partner-service-total').innerText()).replace(/,/g, '').match(/共 (\d+) 人次/)![1]);
    const before = await served();
    expect(before).toBeGreaterThan(5000);
    await service.getByTestId('partner-record').click();
    const rec = page.getByRole('dialog', { name: '记录服务：义剪' });
    await rec.waitFor();
    await page.getByTestId('partner-r-place').fill('社区广场');
    await page.getByTestId('partner-r-served').fill('36');
    await page.getByTestId('partner-record-ok').click();
    await rec.waitFor({ state: 'hidden' });
    await expect.poll(served, { timeout: 10_000 }).toBe(before + 36);
    await page.getByTestId('partner-records').getByText('社区广场').first().waitFor();
    await suite.shot(page, 'organisation');
    expect(problems.filter((p) => !expectedProblem(p))).toEqual([]);
  });

  it('a resident books a counselling slot on a phone; the organisation confirms; the resident sees it confirmed', async () => {
    const base = suite.base;
    const r = await suite.loggedIn('resident', { viewport: PHONE });
    const { page } = r;
    await page.goto(`${base}/services/book`);
    await page.getByRole('heading', { level: 1, name: '服务预约' }).waitFor();
    const svc = page.locator('[data-testid="book-service"][data-name="心理疏导（远程）"]');
    await svc.getByTestId('book-slot').first().waitFor();
    const axe = await axeViolations(page);
    expect(axe.length, describeViolations('服务预约 (phone)', axe)).toBe(0);
    await svc.getByTestId('book-slot').first().click();
    const dialog = page.getByRole('dialog', { name: '预约 心理疏导（远程）' });
    await dialog.waitFor();
    await page.getByTestId('book-note').fill('居家隔离后睡不好，想聊一聊');
    await page.getByTestId('book-ok').click();
    await dialog.waitFor({ state: 'hidden' });
    const mine = page.getByTestId('my-booking').first();
    await mine.waitFor();
    expect(await mine.getByTestId('my-booking-status').innerText()).toBe('待确认');
    await suite.shot(page, 'booked-phone');

    // The organisation's volunteer, on 我的服务组织, opens the counselling centre, sees who booked and confirms.
    const v = await suite.loggedIn('volunteer', { viewport: PHONE });
    await v.page.goto(`${base}/me/partners`);
    const org = v.page.locator('[data-testid="my-partner"][data-name="心语心理咨询服务中心"]');
    await org.getByText('1 个预约待确认').waitFor();
    await org.getByRole('link', { name: '心语心理咨询服务中心' }).click();
    await v.page.getByRole('heading', { level: 1, name: '心语心理咨询服务中心' }).waitFor();
    const slot = v.page.locator('[data-testid="partner-slot"]', { hasText: '居家隔离后睡不好，想聊一聊' });
    await slot.waitFor();
    expect(await slot.innerText()).toContain('待确认');
    await slot.getByRole('button', { name: '确认' }).click();
    await v.page.getByText('已确认预约，已通知居民').waitFor();
    await suite.shot(v.page, 'confirmed-by-organisation');
    expect(v.problems).toEqual([]);
    // The community secretary sees the slot taken, not by whom.
    const me = (await getJson<{ items: Array<{ id: string; service: { id: string } }> }>(page, base, '/api/me/service-bookings')).items[0]!;
    const a = await suite.loggedIn('admin', { viewport: DESKTOP });
    const seen = await getJson<{ isMember: boolean; items: Array<{ taken: boolean; booking: unknown }> }>(a.page, base, `/api/services/${me.service.id}/slots`);
    expect(seen.isMember).toBe(false);
    expect(seen.items.filter((s) => s.taken).every((s) => s.booking === null)).toBe(true);

    await page.getByTestId('book-refresh').click();
    await expect.poll(async () => page.getByTestId('my-booking').first().getByTestId('my-booking-status').innerText(), { timeout: 10_000 }).toBe('已确认');
    await suite.shot(page, 'confirmed-phone');
    expect(r.problems).toEqual([]);
  });
});
