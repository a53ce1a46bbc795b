import { describe, expect, it } from 'vitest';
import { confirmWith, csrfToken, login, scrollsSideways } from '../src/actions';
import { e2eSuite, PHONE } from '../src/suite';

type Row = { id: string; relation: string; age: number; tags: string[]; restricted: boolean };
const CARE = ['living_alone', 'disabled', 'chronic', 'pregnant'];

describe('separate consent to care services (PRIV-07, ADR 0033)', () => {
  const suite = e2eSuite('consent');

  it('on a phone, a worker ticks a care tag with the resident’s written consent, then records the withdrawal: the tag goes at once', async () => {
    const browser = await suite.browser({ viewport: PHONE });
    const { page } = browser;
    const base = suite.base;
    await login(page, base, 'admin');
    // An adult without care tags (so without a consent), from the first page of the list.
    const list = (await (await page.request.get(`${base}/api/residents?pageSize=100`)).json()) as { items: Row[] };
    const person = list.items.find((x) => !x.restricted && x.age >= 18 && x.age < 60 && !x.tags.some((g) => CARE.includes(g)))!;
    expect(person).toBeTruthy();

    await page.goto(`${base}/registry/residents/${person.id}`);
    await page.getByTestId('resident-name').waitFor();
    const summary = page.getByTestId('consent-summary');
    expect(await summary.getByTestId('consent-state').innerText()).toBe('未同意');
    expect(await summary.innerText()).toContain('个人信息保护法第二十九条');

    // Ticking a care tag asks how the resident consented; saving without it names the field.
    await page.getByTestId('edit-resident').click();
    const drawer = page.getByRole('dialog', { name: '修改居民信息' });
    expect(await drawer.getByTestId('consent-attestation').count()).toBe(0);
    await drawer.getByRole('checkbox', { name: '慢病' }).check();
    await drawer.getByTestId('consent-attestation').waitFor();
    await drawer.getByTestId('edit-save').click();
    await drawer.getByText('请选择方式').waitFor();
    await drawer.getByRole('radio', { name: '书面同意书' }).check();
    await drawer.getByLabel('说明（可不填）').fill('同意书存社区档案柜');
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'phone-attestation');
    await drawer.getByTestId('edit-save').click();
    await drawer.waitFor({ state: 'hidden' });
    await expect.poll(() => summary.getByTestId('consent-state').innerText()).toBe('已同意');
    expect(await page.getByTestId('resident-details').innerText()).toContain('慢病');
    expect(await summary.innerText()).toMatch(/书面同意书 · \d{4}-\d\d-\d\d \d\d:\d\d · 规则版本 /);
    expect(await summary.innerText()).toContain('同意书存社区档案柜');
    await summary.scrollIntoViewIfNeeded();
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'phone-profile-consent');

    // The resident withdrew by phone: the worker records it in the dialog; the tag is deleted at once.
    await summary.getByTestId('consent-withdraw').click();
    const dialog = page.getByRole('dialog', { name: '登记居民撤回同意' });
    await dialog.getByText('立即删除').waitFor();
    await dialog.getByRole('radio', { name: '口头撤回（工作人员记录）' }).check();
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'phone-withdraw');
    await dialog.getByTestId('consent-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => summary.getByTestId('consent-state').innerText()).toBe('未同意');
    expect(await page.getByTestId('resident-details').innerText()).not.toContain('慢病');
    const after = (await (await page.request.get(`${base}/api/residents/${person.id}`)).json()) as { tags: string[]; consent: { valid: boolean; history: unknown[] } };
    expect(after.tags.some((g) => CARE.includes(g))).toBe(false);
    expect(after.consent).toMatchObject({ valid: false, history: [expect.anything()] });
    expect(await summary.innerText()).toContain('同意记录');

    // The same panel in English.
    await page.getByTestId('language-switch').click();
    await expect.poll(() => summary.getByTestId('consent-state').innerText()).toBe('No consent');
    expect(await page.getByTestId('resident-details').innerText()).toContain('Separate consent');
    expect(browser.problems).toEqual([]);
  });

  it('the resident gives and withdraws their own consent on 我的信息 (phone)', async () => {
    const resident = await suite.loggedIn('resident', { viewport: PHONE });
    const { page } = resident;
    const base = suite.base;
    await page.goto(`${base}/me/record`);
    const card = page.getByTestId('my-consent');
    await card.waitFor();
    const state = card.getByTestId('my-consent-state');
    await expect.poll(() => state.innerText()).not.toBe('');
    const withdraw = async () => {
      await card.getByTestId('my-consent-withdraw').click();
      await confirmWith(page.getByTestId('my-consent-withdraw-ok'));
      await expect.poll(() => state.innerText()).toBe('未同意');
    };
    // The demo may have recorded a written consent for this person (care tags): withdraw it first.
    if ((await state.innerText()) === '已同意') await withdraw();
    expect(await card.getByTestId('my-consent-give').isDisabled()).toBe(true);
    await card.getByTestId('my-consent-agree').click();
    await card.getByTestId('my-consent-give').click();
    await expect.poll(() => state.innerText()).toBe('已同意');
    expect(await card.innerText()).toContain('居民本人在线同意');
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'phone-my-consent', true);
    await withdraw();
    const mine = (await (await page.request.get(`${base}/api/me/consent`)).json()) as { valid: boolean; tags: string[]; history: Array<{ method: string; withdrawMethod: string | null }> };
    expect(mine.valid).toBe(false);
    expect(mine.tags).toEqual([]);
    expect(mine.history[0]).toMatchObject({ method: 'portal', withdrawMethod: 'portal' });

    // The resident asks for a correction; the community admin answers it. The resident's bell says so (residents had
    // no bell, and were never told: walk-through, session 25), and the notice opens 我的信息.
    const asked = await page.request.post(`${base}/api/me/corrections`, {
      headers: { 'x-csrf-token': await csrfToken(page, base), origin: base },
      data: { field: 'phone', proposed: '139 0000 1234', note: null },
    });
    expect(asked.status()).toBe(201);
    // The admin answers on the corrections page. 已按申请修改 is refused while the record still has the old number (the
    // resident would be told of a change not made); the admin records 不予更正 with a reply instead.
    const admin = await suite.loggedIn('admin');
    await admin.page.goto(`${base}/registry/corrections`);
    const request = admin.page.getByTestId('correction-request').first();
    await request.getByTestId('correction-show').click();
    await request.getByTestId('correction-reply').fill('请带新号码的实名登记凭证到社区核实');
    await request.getByTestId('correction-applied').click();
    await expect.poll(() => request.getByRole('alert').innerText()).toContain('居民档案中的手机号还不是申请的内容');
    await request.getByTestId('correction-rejected').click();
    await admin.page.getByText('已记录处理结果').waitFor();
    const answered = (await (await page.request.get(`${base}/api/me/corrections`)).json()) as { items: Array<{ status: string; reply: string }> };
    expect(answered.items[0]).toMatchObject({ status: 'rejected', reply: '请带新号码的实名登记凭证到社区核实' });
    // The refused 已按申请修改 is logged by Chromium as a failed resource (409): the expected answer.
    expect(admin.problems.filter((p) => !/status of 409\b/.test(p))).toEqual([]);
    await page.goto(`${base}/`);
    const bell = page.getByTestId('notification-bell');
    await expect.poll(() => bell.getAttribute('aria-label')).toMatch(/1 条未读通知/);
    await bell.click();
    const notice = page.locator('[data-testid^="notification-"]').filter({ hasText: '更正' }).first();
    await notice.click();
    await page.waitForURL(`${base}/me/record`);
    expect(resident.problems).toEqual([]);
  });
});
