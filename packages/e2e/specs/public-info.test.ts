// 政务公开与群众监督 (ADR 0086) in the browser: someone without an account reports an overflowing bin point on a phone,
// gets a ticket and a code, and follows it (待受理); the community secretary accepts it on 投诉与举报, assigns the grid
// worker and answers the reporter, then closes it; the reporter's tracking page shows the answer and 已办结. The
// secretary publishes an announcement and it is on the community's public page; the community's RSS feed parses.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, getJson, scrollsSideways } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

const COMMUNITY = '330902001001';
const PLACE = '7 幢北侧垃圾投放点';
/** A one-pixel PNG (the server checks a photo by its first bytes). */
const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const WHAT = '垃圾桶满了三天没有清运，苍蝇很多';
/** The refusals this spec provokes on purpose (a mobile in the description, a wrong code), as the browser logs them. */
const expectedProblem = (p: string) => /the server responded with a status of (400 \(Bad Request\)|404 \(Not Found\))/.test(p);
const ANSWER = '已安排保洁今天下午清运，并增加一个垃圾桶';

async function track(page: Page, base: string, ticket: string, code: string) {
  await page.goto(`${base}/public/track`);
  await page.getByTestId('pi-t-ticket').fill(ticket);
  await page.getByTestId('pi-t-code').fill(code);
  await page.getByTestId('pi-t-submit').click();
  await page.getByTestId('pi-t-result').waitFor();
}

describe('announcements and complaints (政务公开与群众监督)', () => {
  const suite = e2eSuite('public-info');
  let ticket = '';
  let code = '';

  it('someone without an account reports on a phone, gets a ticket and a code, and follows it', async () => {
    const base = suite.base;
    const { page, problems } = await suite.browser({ viewport: PHONE });
    // Without a community in the address (not from a poster's QR code) the page asks for it first.
    await page.goto(`${base}/public/complaint`);
    await page.getByRole('heading', { level: 1, name: '投诉与举报' }).waitFor();
    await chooseOption(page, page.getByTestId('pi-c-community'), '昌国街道 · A社区');
    await page.waitForURL(`${base}/public/complaint?org=${COMMUNITY}`);
    expect(await page.getByTestId('pi-c-community-name').innerText()).toBe('社区：A社区');
    const formAxe = await axeViolations(page);
    expect(formAxe.length, describeViolations('complaint form (phone)', formAxe)).toBe(0);
    expect(await scrollsSideways(page)).toBe(false);
    // A mobile number in the description is refused on that field.
    await chooseOption(page, page.getByTestId('pi-c-category'), '环境卫生');
    await page.getByTestId('pi-c-place').fill(PLACE);
    await page.getByTestId('pi-c-description').fill(`${WHAT}，电话 13812345678`);
    await page.getByTestId('pi-c-submit').click();
    await page.getByText('情况描述中请勿填写手机号').first().waitFor();
    await page.getByTestId('pi-c-description').fill(WHAT);
    await page.getByTestId('pi-c-contact').fill('13900002222');
    await page.getByTestId('pi-c-submit').click();
    await page.getByTestId('pi-receipt').waitFor();
    ticket = await page.getByTestId('pi-receipt-ticket').innerText();
    code = await page.getByTestId('pi-receipt-code').innerText();
    expect(ticket).toMatch(/^TS-\d{8}-\d{4}$/);
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    await suite.shot(page, 'receipt-phone', true);

    await track(page, base, ticket.toLowerCase(), code);
    expect(await page.getByTestId('pi-t-result').getAttribute('data-status')).toBe('new');
    expect(await page.getByTestId('pi-t-status').innerText()).toBe('待受理');
    const shown = await page.getByTestId('pi-t-result').innerText();
    expect(shown).toContain('139****2222');
    expect(shown).not.toContain('13900002222');
    const trackAxe = await axeViolations(page);
    expect(trackAxe.length, describeViolations('tracking (phone)', trackAxe)).toBe(0);
    // A wrong code finds nothing.
    await page.getByTestId('pi-t-code').fill('AAAAAAAA');
    await page.getByTestId('pi-t-submit').click();
    await page.getByTestId('pi-t-notfound').waitFor();
    expect(problems.filter((p) => !expectedProblem(p))).toEqual([]);
  });

  it('the secretary accepts it, assigns the grid worker, answers the reporter and closes it; the reporter sees the answer', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('admin', { viewport: DESKTOP });
    await page.getByRole('menuitem', { name: '投诉与举报' }).click();
    await page.waitForURL(`${base}/complaints`);
    await page.getByRole('heading', { level: 1, name: '投诉与举报' }).waitFor();
    // The demo's overdue complaint carries its red badge.
    await page.locator('[data-sla="overdue"]').first().waitFor();
    const queueAxe = await axeViolations(page);
    expect(queueAxe.length, describeViolations('complaints queue', queueAxe)).toBe(0);
    const card = page.getByTestId('pi-complaint').and(page.locator(`[data-ticket="${ticket}"]`));
    await card.getByTestId('pi-complaint-open').click();
    const drawer = page.getByTestId('pi-detail');
    await drawer.waitFor();
    expect(await drawer.getByTestId('pi-detail-contact').innerText()).toBe('139****2222');
    await chooseOption(page, drawer.getByTestId('pi-assignee'), '第一网格网格员');
    await drawer.getByTestId('pi-accept').click();
    await expect.poll(() => drawer.getAttribute('data-status')).toBe('accepted');
    await expect.poll(() => drawer.getByTestId('pi-detail-assignee').innerText()).toBe('第一网格网格员');
    await drawer.getByTestId('pi-reply-text').fill(ANSWER);
    await drawer.getByTestId('pi-reply-send').click();
    await drawer.getByTestId('pi-history').getByText(ANSWER).waitFor();
    await suite.shot(page, 'complaint-drawer');
    await drawer.getByTestId('pi-reason').fill('已清运完毕，现场已恢复整洁');
    await drawer.getByTestId('pi-resolve').click();
    await expect.poll(() => drawer.getAttribute('data-status')).toBe('resolved');
    // The queue's filters are kept in the address: 已办结 + 环境卫生 shows it, another category does not.
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await page.getByTestId('pi-queue-filter').getByText('已办结', { exact: true }).click();
    await page.waitForURL(/filter=closed/);
    await chooseOption(page, page.getByTestId('pi-queue-category'), '环境卫生');
    await page.waitForURL(/category=sanitation/);
    await card.waitFor();
    await chooseOption(page, page.getByTestId('pi-queue-category'), '物资问题');
    await page.waitForURL(/category=supplies/);
    await expect.poll(() => card.count()).toBe(0);
    await page.reload();
    expect(new URL(page.url()).searchParams.get('filter')).toBe('closed');
    await page.getByTestId('pi-queue-category').getByText('物资问题').waitFor();

    const reporter = await suite.browser({ viewport: PHONE });
    await track(reporter.page, base, ticket, code);
    expect(await reporter.page.getByTestId('pi-t-status').innerText()).toBe('已办结');
    const history = await reporter.page.getByTestId('pi-t-history').innerText();
    expect(history).toContain(ANSWER);
    expect(history).toContain('已清运完毕，现场已恢复整洁');
    // Who handled it and the internal steps stay inside.
    expect(history).not.toContain('第一网格网格员');
    await suite.shot(reporter.page, 'track-phone', true);
    expect(problems).toEqual([]);
    expect(reporter.problems).toEqual([]);
  });

  it('the secretary publishes an announcement; it is on the community’s public page without signing in', async () => {
    const base = suite.base;
    const { page, problems } = await suite.loggedIn('admin', { viewport: DESKTOP });
    await page.getByRole('menuitem', { name: '公告' }).click();
    await page.waitForURL(`${base}/announcements`);
    await page.getByTestId('pi-add').click();
    const dialog = page.getByRole('dialog', { name: '写公告' });
    await dialog.getByTestId('pi-editor-title').fill('本周日社区义诊');
    await dialog.getByTestId('pi-editor-body').fill('本周日上午在党群服务中心义诊：\n\n- 量血压\n- 测血糖');
    await page.getByTestId('pi-editor-save').click();
    await page.getByTestId('pi-announcement').and(page.locator('[data-title="本周日社区义诊"]')).waitFor();
    await suite.shot(page, 'announcements');
    const listAxe = await axeViolations(page);
    expect(listAxe.length, describeViolations('announcements', listAxe)).toBe(0);
    // 编辑 keeps the first text: 历史版本 shows both, the newest on top, saying what changed.
    const mine = page.getByTestId('pi-announcement').and(page.locator('[data-title="本周日社区义诊"]'));
    await mine.getByTestId('pi-edit').click();
    const edit = page.getByRole('dialog', { name: '编辑公告' });
    await edit.getByTestId('pi-editor-body').fill('本周日上午在党群服务中心义诊：\n\n- 量血压\n- 测血糖\n- 视力检查');
    await page.getByTestId('pi-editor-save').click();
    await edit.waitFor({ state: 'hidden' });
    await mine.getByTestId('pi-history-open').click();
    const versions = page.getByTestId('pi-history').getByTestId('pi-version');
    await expect.poll(() => versions.count()).toBe(2);
    expect(await versions.nth(0).getByTestId('pi-version-changed').innerText()).toBe('改了：正文');
    expect(await versions.nth(0).innerText()).toContain('视力检查');
    expect(await versions.nth(1).getByTestId('pi-version-changed').innerText()).toBe('首次发布的原文');
    expect(await versions.nth(1).innerText()).not.toContain('视力检查');
    await suite.shot(page, 'announcement-history');
    const historyAxe = await axeViolations(page);
    expect(historyAxe.length, describeViolations('announcement versions', historyAxe)).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByTestId('pi-history').waitFor({ state: 'hidden' });

    const visitor = await suite.browser({ viewport: PHONE });
    await visitor.page.goto(`${base}/public/announcements?org=${COMMUNITY}`);
    const item = visitor.page.getByTestId('pi-public-item').and(visitor.page.locator('[data-title="本周日社区义诊"]'));
    await item.waitFor();
    await item.getByRole('link').click();
    await visitor.page.getByTestId('pi-public-title').waitFor();
    expect(await visitor.page.getByTestId('pi-body').locator('li').allInnerTexts()).toEqual(['量血压', '测血糖', '视力检查']);
    await suite.shot(visitor.page, 'public-item-phone', true);
    const itemAxe = await axeViolations(visitor.page);
    expect(itemAxe.length, describeViolations('public announcement (phone)', itemAxe)).toBe(0);

    // A resident sees it on the workbench's 社区公告 card.
    const resident = await suite.loggedIn('resident', { viewport: PHONE });
    const card = resident.page.getByTestId('pi-mine');
    await card.getByText('本周日社区义诊').waitFor();
    expect(await scrollsSideways(resident.page)).toBe(false);
    const cardAxe = await axeViolations(resident.page);
    expect(cardAxe.length, describeViolations('resident workbench (phone)', cardAxe)).toBe(0);
    // From the card to 我的投诉与举报: a report filed with the account, a photo with it; a renamed text file is refused.
    await card.getByTestId('pi-mine-complaints').click();
    await resident.page.waitForURL(`${base}/me/complaints`);
    await resident.page.getByRole('heading', { level: 1, name: '我的投诉与举报' }).waitFor();
    await resident.page.getByTestId('pi-m-place').fill('3幢楼道');
    await resident.page.getByTestId('pi-m-description').fill('楼道灯坏了一周，晚上看不见台阶');
    await resident.page.getByTestId('pi-m-photo').setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
    await resident.page.getByText('只能上传 JPEG 或 PNG 图片').waitFor();
    expect(await resident.page.getByTestId('pi-m-submit').isDisabled()).toBe(true);
    await resident.page.getByTestId('pi-m-photo').setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: PNG_1PX });
    await expect.poll(() => resident.page.getByTestId('pi-m-submit').isDisabled()).toBe(false);
    await resident.page.getByTestId('pi-m-submit').click();
    await resident.page.getByTestId('pi-my-receipt').waitFor();
    const mineItem = resident.page.getByTestId('pi-my-item').first();
    await expect.poll(() => mineItem.innerText()).toContain('楼道灯坏了一周');
    expect(await mineItem.getAttribute('data-status')).toBe('new');
    expect(await resident.page.getByTestId('pi-m-place').inputValue()).toBe('');
    expect(await scrollsSideways(resident.page)).toBe(false);
    await suite.shot(resident.page, 'my-complaints-phone', true);
    const myAxe = await axeViolations(resident.page);
    expect(myAxe.length, describeViolations('my complaints (phone)', myAxe)).toBe(0);
    // The staff see it, with its photo.
    const ticketOfMine = await mineItem.getAttribute('data-ticket');
    const staffView = (await getJson<{ items: Array<{ ticket: string; hasPhoto: boolean }> }>(page, base, '/api/complaints?category=sanitation')).items.find((i) => i.ticket === ticketOfMine);
    expect(staffView).toMatchObject({ hasPhoto: true });
    expect(problems).toEqual([]);
    expect(visitor.problems).toEqual([]);
    expect(resident.problems).toEqual([]);
  });

  it('the community’s RSS feed is RSS 2.0 a reader parses, and answers 304 to its own ETag', async () => {
    const base = suite.base;
    const { page } = await suite.browser({ viewport: DESKTOP });
    await page.goto(`${base}/public/announcements?org=${COMMUNITY}`);
    const res = await page.request.get(`${base}/api/public/feeds/${COMMUNITY}/rss.xml`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/rss+xml');
    const xml = await res.text();
    // Parsed by the browser's own XML parser (what a feed reader does).
    const parsed = await page.evaluate<{ error: boolean; version: string | null; titles: string[] }>(`(() => {
      const doc = new DOMParser().parseFromString(${JSON.stringify(xml)}, 'application/xml');
      return {
        error: doc.getElementsByTagName('parsererror').length > 0, version: doc.documentElement.getAttribute('version'),
        titles: [...doc.querySelectorAll('channel > item > title')].map((e) => e.textContent ?? ''),
      };
    })()`);
    expect(parsed.error).toBe(false);
    expect(parsed.version).toBe('2.0');
    expect(parsed.titles).toContain('本周日社区义诊');
    const again = await page.request.get(`${base}/api/public/feeds/${COMMUNITY}/rss.xml`, { headers: { 'if-none-match': res.headers().etag! } });
    expect(again.status()).toBe(304);
  });
});
