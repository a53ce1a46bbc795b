// 物资预约 (ADR 0076) in the browser: the community secretary offers masks for reservation — a quota per household, the
// total from the shelf, pickup slots from the generator, listed before anything is sent; a slot the server refuses
// (it ends before reservations open) is said on that slot — and the masks leave the shelf. The resident (whose
// household has a member aged 80+, so it may reserve at once) reserves on a phone from the workbench: a quantity above
// the quota is said on the field, then the quota and a slot give a large pickup code. The grid worker at the desk types
// the code (in small letters) on a phone, sees the household (masked) and confirms the pickup; the resident's card then
// says 已领取. The secretary ends the offer and what was not picked up goes back to the shelf.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, confirmWith, csrfToken, getJson as getJsonAs, scrollsSideways } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

type StockRow = { itemId: string; name: string; unit: string; quantity: number };
type Warehouse = { id: string; name: string; stock: StockRow[] };
type Offer = {
  id: string; title: string; quota: number; total: number; reserved: number; pickedUp: number; households: number; status: string; returned: number | null;
  version: number; slots: Array<{ id: string; startsAt: string; endsAt: string; capacity: number; booked: number }>;
};
type MyEntry = {
  offer: { id: string; title: string; quota: number; left: number; reserveFrom: string; slots: Array<{ id: string; startsAt: string; endsAt: string; left: number }> };
  reservation: { id: string; code: string; quantity: number; slotId: string; status: string; version: number } | null;
};

/** What the browser logs for the refusals the test provokes on purpose (a slot refused by the server). */
const EXPECTED_REFUSAL = /Failed to load resource: the server responded with a status of (400|409|422)/;
const COMMUNITY_WAREHOUSE = '社区应急物资储备点';
const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const hm = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
const localDateTime = (d: Date) => `${ymd(d)}T${hm(d)}`;

const getJson = <T,>(page: Page, base: string, path: string) => getJsonAs<T>(page, base, path, { 'X-Purpose': 'service.assistance' });
const masksOnShelf = async (page: Page, base: string) =>
  (await getJson<{ items: Warehouse[] }>(page, base, '/api/supplies/warehouses')).items.find((w) => w.name === COMMUNITY_WAREHOUSE)?.stock.find((s) => s.name === '口罩')?.quantity ?? 0;

describe('supply reservations (物资预约)', () => {
  const suite = e2eSuite('supply-offers');
  const title = `口罩预约 ${Date.now() % 100000}`;
  let offerId = '';
  let code = '';

  it('the secretary offers masks for reservation: the slots are listed first, a slot the server refuses is said on it, and the total leaves the shelf', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.goto(`${base}/supplies?tab=offers`);
    await page.getByTestId('sup-offer-new').click();
    const form = page.getByRole('dialog', { name: '新建预约发放' });
    await form.getByLabel('预约名称').waitFor();
    const before = await masksOnShelf(page, base);
    expect(before, 'the demo stocks masks').toBeGreaterThan(100);

    await form.getByLabel('预约名称').fill(title);
    await chooseOption(page, form.getByLabel('从哪个储备点出'), COMMUNITY_WAREHOUSE);
    await chooseOption(page, form.getByLabel('预约什么物资'), '口罩');
    expect(await form.getByTestId('sup-offer-available').innerText()).toBe(`这个储备点现有：${before.toLocaleString('zh-CN')} 只`);
    await form.getByLabel('每户限额').fill('5');
    await form.getByLabel('总量').fill('4');
    await form.getByLabel('领取地点').fill('社区服务中心一楼');
    await page.getByTestId('sup-offer-submit').click();
    // What is wrong is said on its field before anything is sent.
    await form.getByText('每户限额不能超过总量').waitFor();
    await form.getByLabel('总量').fill('100');
    expect(await form.getByLabel('弱势户优先小时数').inputValue()).toBe('2');
    await form.getByText('有独居老人、残疾人、孕产妇、婴幼儿等关爱对象的住户可提前预约', { exact: false }).waitFor();

    // Slots from now (rounded down to five minutes), two of half an hour; the next morning when that would pass midnight.
    const now = new Date();
    let start = new Date(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours(), now.getMinutes() - (now.getMinutes() % 5));
    if (start.getHours() >= 23) start = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0);
    const end = new Date(start.getTime() + 60 * 60_000);
    await form.getByLabel('第一天').fill(ymd(start));
    await form.getByLabel('每天开始').fill(hm(start));
    await form.getByLabel('每天结束').fill(hm(end));
    await form.getByLabel('每段分钟数').fill('30');
    await form.getByLabel('每段可约户数').fill('20');
    const slots = form.getByTestId('sup-offer-slot');
    await expect.poll(() => slots.count()).toBe(2);
    expect(await form.getByTestId('sup-offer-slot-preview').innerText()).toContain('将生成 2 个领取时段');
    const mmdd = `${pad(start.getMonth() + 1)}-${pad(start.getDate())}`;
    expect(await slots.first().innerText()).toBe(`${mmdd} ${hm(start)}–${hm(new Date(start.getTime() + 30 * 60_000))}`);

    // Reservations opening tomorrow: the slots (today) end before it, and the server says so on the first slot.
    await form.getByLabel('预约开始').fill(localDateTime(new Date(end.getTime() + 86_400_000)));
    await form.getByLabel('预约截止').fill(localDateTime(new Date(end.getTime() + 2 * 86_400_000)));
    await page.getByTestId('sup-offer-submit').click();
    await slots.first().getByRole('alert').waitFor();
    expect(await slots.first().getByRole('alert').innerText()).toContain('领取时段须在预约开始之后');
    await suite.shot(page, 'new-offer');

    // Reservations open now.
    await form.getByLabel('预约开始').fill(localDateTime(new Date(Date.now() - 60_000)));
    await form.getByLabel('预约截止').fill(localDateTime(new Date(end.getTime() + 86_400_000)));
    const found = await axeViolations(page);
    expect(found.length, describeViolations('new offer dialog (desktop)', found)).toBe(0);
    await page.getByTestId('sup-offer-submit').click();
    await page.waitForURL(/\/supplies\/offers\/[^/?]+$/);
    offerId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const offer = await getJson<Offer>(page, base, `/api/supplies/offers/${offerId}`);
    expect(offer).toMatchObject({ title, quota: 5, total: 100, reserved: 0, pickedUp: 0, status: 'open' });
    expect(offer.slots.length).toBe(2);
    expect(offer.slots.every((s) => s.capacity === 20)).toBe(true);
    expect(await page.getByTestId('sup-offer-fig-total').innerText()).toContain('100');
    expect(await page.getByTestId('sup-offer-fig-left').innerText()).toContain('100');
    // The masks left the shelf.
    expect(await masksOnShelf(page, base)).toBe(before - 100);

    // The offer is listed on 预约领取.
    await page.goto(`${base}/supplies?tab=offers`);
    const card = page.locator(`[data-testid="sup-offer"][data-title="${title}"]`);
    await card.waitFor();
    expect(await card.getByTestId('sup-offer-quota').innerText()).toBe('每户限 5 只');
    expect(await card.getByTestId('sup-offer-reserved').innerText()).toBe('已预约 0 / 100 只');
    expect(admin.problems.filter((p) => !EXPECTED_REFUSAL.test(p))).toEqual([]);
  });

  it('the resident reserves on a phone from the workbench: a quantity above the quota is said on the field; the quota and a slot give the pickup code', async () => {
    const base = suite.base;
    expect(offerId, 'the offer made in the test before').not.toBe('');
    const resident = await suite.loggedIn('resident', { viewport: PHONE });
    const { page } = resident;
    const mine = await getJson<{ items: MyEntry[] }>(page, base, '/api/me/supply-offers');
    const entry = mine.items.find((e) => e.offer.id === offerId)!;
    expect(entry, 'the offer is on the resident’s list').toBeDefined();
    // The household has a member aged 80+: it may reserve from the opening, not two hours later.
    expect(Date.parse(entry.offer.reserveFrom)).toBeLessThanOrEqual(Date.now());

    const card = page.getByTestId('sup-mine');
    await card.waitFor();
    const section = card.locator(`[data-testid="sup-mine-offer"][data-title="${title}"]`);
    await section.waitFor();
    expect(await section.getAttribute('data-view')).toBe('form');
    expect(await section.getByTestId('sup-mine-quota').innerText()).toBe('每户限 5 只');
    expect(await section.getByTestId('sup-mine-left').innerText()).toBe('还剩 100 只');
    expect(await section.getByTestId('sup-mine-place').innerText()).toBe('领取地点：社区服务中心一楼');
    const quantity = section.getByLabel('预约数量');
    expect(await quantity.inputValue()).toBe('5');

    // Above the quota: said under the field, nothing reserved.
    await quantity.fill('6');
    const slot = section.getByTestId('sup-mine-slot').first();
    expect(await slot.innerText()).toContain('剩余 20 户');
    await slot.click();
    await section.getByTestId('sup-mine-reserve').click();
    const quantityField = section.locator('.ant-form-item').filter({ has: page.getByLabel('预约数量') });
    await quantityField.getByText('每户最多 5 只').waitFor();
    expect((await getJson<{ items: MyEntry[] }>(page, base, '/api/me/supply-offers')).items.find((e) => e.offer.id === offerId)!.reservation).toBeNull();
    await suite.shot(page, 'reserve-phone');

    await quantity.fill('5');
    await section.getByTestId('sup-mine-reserve').click();
    const box = section.getByTestId('sup-mine-reservation');
    await box.waitFor();
    const shown = (await box.getByTestId('sup-mine-code').innerText()).trim();
    expect(shown).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    const after = (await getJson<{ items: MyEntry[] }>(page, base, '/api/me/supply-offers')).items.find((e) => e.offer.id === offerId)!;
    expect(after.reservation).toMatchObject({ code: shown, quantity: 5, status: 'reserved', slotId: entry.offer.slots[0]!.id });
    code = shown;
    await page.getByText(`预约成功，取件码 ${code}`).first().waitFor();
    expect(await box.getByTestId('sup-mine-status').innerText()).toBe('已预约');
    expect(await box.getByTestId('sup-mine-res-quantity').innerText()).toBe('预约数量：5 只');
    expect(await box.getByTestId('sup-mine-slot-time').innerText()).toMatch(/^领取时段：\d{2}-\d{2} \d{2}:\d{2}–\d{2}:\d{2}$/);
    // The code is large enough for the desk to read.
    const size = await box.getByTestId('sup-mine-code').evaluate((el) => parseFloat(el.ownerDocument.defaultView!.getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(32);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'code-phone');
    const found = await axeViolations(page);
    expect(found.length, describeViolations('resident workbench with a reservation (phone)', found)).toBe(0);
    expect(resident.problems).toEqual([]);
  });

  it('the grid worker at the desk types the code on a phone, sees the household and confirms the pickup; the resident then sees 已领取', async () => {
    const base = suite.base;
    expect(code, 'the code of the test before').not.toBe('');
    const grid = await suite.loggedIn('grid1', { viewport: PHONE });
    const { page } = grid;
    await page.goto(`${base}/supplies/offers/${encodeURIComponent(offerId)}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    // A grid worker hands over; the secretary ends the offer.
    expect(await page.getByTestId('sup-offer-close').count()).toBe(0);

    // The list by slot, read only when opened (an audited read): the household, reserved.
    const listReads: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (r.method() === 'GET' && u.pathname.endsWith('/reservations') && !u.searchParams.has('code')) listReads.push(u.search);
    });
    await page.waitForTimeout(300);
    expect(listReads).toEqual([]);
    await page.getByTestId('sup-res-list-toggle').click();
    const listed = page.getByTestId('sup-res-list').locator(`[data-testid="sup-res"][data-code="${code}"]`);
    await listed.waitFor();
    expect(await listed.getAttribute('data-status')).toBe('reserved');
    expect(listReads.length).toBe(1);

    // A code nobody has: said.
    const input = page.getByLabel('取件码');
    const wrong = code.startsWith('A') ? 'BBBBBB' : 'AAAAAA';
    await input.fill(wrong.toLowerCase());
    await page.getByTestId('sup-desk-none').waitFor();
    expect(await page.getByTestId('sup-desk-none').innerText()).toContain(`没有找到取件码 ${wrong} 的预约`);

    // The code in small letters, with a space: read as the code, looked up at the sixth character.
    await input.fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}`);
    expect(await input.inputValue()).toBe(code);
    const found = page.getByTestId('sup-desk-card');
    await found.waitFor();
    expect(await found.getAttribute('data-code')).toBe(code);
    expect(await found.getByTestId('sup-res-qty').innerText()).toBe('5 只');
    expect(await found.getByTestId('sup-res-status').innerText()).toBe('已预约');
    expect(await found.getByTestId('sup-res-head').innerText()).toContain('*');
    await suite.shot(page, 'desk-phone');
    await found.getByTestId('sup-res-pickup').click();
    await expect.poll(() => found.getAttribute('data-status')).toBe('picked_up');
    expect(await found.getByTestId('sup-res-status').innerText()).toBe('已领取');
    expect(await found.getByTestId('sup-res-picked').innerText()).toMatch(/\d{2}-\d{2} \d{2}:\d{2} 由 第一网格网格员 登记领取/);
    expect(await found.getByTestId('sup-res-pickup').count()).toBe(0);
    await expect.poll(async () => (await page.getByTestId('sup-offer-fig-pickedUp').innerText()).replace(/\s+/g, '')).toBe('已领取5');

    // Picking up again on the old version: refused (not_reserved).
    const res = (await getJson<{ items: Array<{ id: string; version: number; status: string }> }>(page, base, `/api/supplies/offers/${offerId}/reservations?code=${code}`)).items[0]!;
    expect(res.status).toBe('picked_up');
    const again = await page.request.post(`${base}/api/supplies/offers/${offerId}/reservations/${res.id}/pickup`, {
      headers: { 'x-csrf-token': await csrfToken(page, base), 'X-Purpose': 'service.assistance' }, data: { version: 1 },
    });
    expect(again.status()).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('not_reserved');

    // The list shows the pickup in place, not read again.
    await expect.poll(() => listed.getAttribute('data-status')).toBe('picked_up');
    expect(listReads.length).toBe(1);
    expect(await scrollsSideways(page)).toBe(false);
    const violations = await axeViolations(page);
    expect(violations.length, describeViolations('pickup desk (phone)', violations)).toBe(0);
    expect(grid.problems.filter((p) => !EXPECTED_REFUSAL.test(p))).toEqual([]);

    // The resident's card: 已领取, nothing to cancel.
    const resident = await suite.loggedIn('resident', { viewport: PHONE });
    const section = resident.page.locator(`[data-testid="sup-mine-offer"][data-title="${title}"]`);
    await section.waitFor();
    await expect.poll(() => section.getByTestId('sup-mine-status').innerText()).toBe('已领取');
    expect(await section.getByTestId('sup-mine-code').innerText()).toBe(code);
    expect(await section.getByTestId('sup-mine-cancel').count()).toBe(0);
    expect(resident.problems).toEqual([]);
  });

  it('the secretary ends the offer: what was not picked up goes back to the shelf', async () => {
    const base = suite.base;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    await page.goto(`${base}/supplies/offers/${encodeURIComponent(offerId)}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const masks = await masksOnShelf(page, base);
    await page.getByTestId('sup-offer-close').click();
    await page.getByText('未领取的预约作废，未领取的数量退回库存').waitFor();
    await confirmWith(page.getByTestId('sup-offer-close-ok'));
    await page.getByTestId('sup-offer-returned').waitFor();
    expect(await page.getByTestId('sup-offer-returned').innerText()).toContain(`未领取的 95 只已退回${COMMUNITY_WAREHOUSE}`);
    expect(await masksOnShelf(page, base)).toBe(masks + 95);
    expect((await getJson<Offer>(page, base, `/api/supplies/offers/${offerId}`)).status).toBe('closed');
    expect(admin.problems).toEqual([]);
  });
});
