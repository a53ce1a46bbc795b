import { describe, expect, it } from 'vitest';
import { chooseOption, enrollSecondFactor, scrollsSideways, submitLogin } from '../src/actions';
import { PHONE, e2eSuite } from '../src/suite';

// PIPL Art. 47 (SECURITY.md PRIV-09, ADR 0037): a resident asks on 我的信息 for their whole record to be deleted; the
// community admin erases it with the second factor; the resident's account is closed with it; the auditor sees the
// deletion certificate and verifies the chain.
describe('deletion requests in the browser: the resident asks, the admin erases, the account is gone (PIPL Art. 47)', () => {
  const suite = e2eSuite('deletion-requests');

  it('the resident asks on a phone; the admin confirms what will be erased and passes the second factor; the resident can no longer log in', async () => {
    const base = suite.base;
    const resident = await suite.loggedIn('resident', { viewport: PHONE });
    const rp = resident.page;
    await rp.goto(`${base}/me/record`);
    const card = rp.getByTestId('deletion-card');
    await card.waitFor();
    expect(await card.innerText()).toContain('申请删除我的信息');
    // Without a reason the form says so under the field.
    await card.getByTestId('deletion-submit').click();
    await expect.poll(() => card.locator('.ant-form-item-explain-error').allInnerTexts()).toEqual(['请选择申请理由']);
    // A request sent by mistake is taken back (ADR 0037 addendum): 撤回申请, confirmed; the form comes back.
    await chooseOption(rp, card.getByTestId('deletion-ground'), '其他原因');
    await card.getByTestId('deletion-scope-care_tags').click();
    await card.getByTestId('deletion-submit').click();
    await expect.poll(() => card.getByTestId('my-deletion-status').allInnerTexts()).toEqual(['待处理']);
    await card.getByTestId('my-deletion-withdraw').click();
    await rp.locator('.ant-popconfirm').getByRole('button', { name: '撤回', exact: true }).click();
    await expect.poll(() => card.getByTestId('my-deletion-status').allInnerTexts()).toEqual(['已撤回']);
    expect(await card.getByTestId('my-deletion-withdraw').count()).toBe(0);
    await card.getByText('撤回时间').waitFor();
    await chooseOption(rp, card.getByTestId('deletion-ground'), '已永久搬离本地');
    await card.getByTestId('deletion-scope-record').click();
    await card.getByText('删除后您的居民账号随之停用').waitFor();
    await card.getByTestId('deletion-note').fill('全家已搬到外省，不再回来');
    await card.getByTestId('deletion-submit').click();
    const confirm = rp.getByRole('dialog').filter({ hasText: '确认申请删除整份档案' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: '确认提交' }).click();
    await expect.poll(() => card.getByTestId('my-deletion-status').allInnerTexts()).toEqual(['待处理', '已撤回']);
    await card.getByText('您已有一份待处理的删除申请').waitFor();
    expect(await scrollsSideways(rp)).toBe(false);
    await suite.shot(rp, 'phone-resident-requested', true);

    // The community admin, on a phone: the menu entry, the request with the note, the confirmation listing the effects.
    const admin = await suite.loggedIn('admin', { viewport: PHONE });
    const ap = admin.page;
    await ap.getByRole('button', { name: '打开菜单' }).click();
    await ap.getByRole('menuitem', { name: '删除申请' }).click();
    await ap.waitForURL(`${base}/registry/deletion-requests`);
    const item = ap.getByTestId('deletion-request');
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.innerText()).toContain('整份居民档案');
    await item.getByTestId('deletion-show').click();
    await expect.poll(() => item.getByTestId('deletion-note-clear').innerText()).toBe('全家已搬到外省，不再回来');
    expect(await scrollsSideways(ap)).toBe(false);
    await item.getByTestId('deletion-erase').click();
    const effects = ap.getByTestId('deletion-effects');
    await effects.waitFor();
    const listed = await effects.innerText();
    expect(listed).toContain('永久删除居民档案');
    expect(listed).toContain('停用并注销该居民的账号');
    expect(listed).toContain('此操作不可撤销');
    await suite.shot(ap, 'phone-admin-confirm');
    await ap.getByTestId('deletion-confirm').click();
    await enrollSecondFactor(ap);
    await ap.getByTestId('deletions-empty').waitFor();
    // Listed as erased, without a name.
    await ap.getByText('已删除', { exact: true }).first().click();
    await expect.poll(() => ap.getByTestId('deletion-request').innerText()).toContain('（档案已删除）');
    // A decided request is only looked at: no "查看并处理" on it (walk-through, session 25).
    expect((await ap.getByTestId('deletion-show').first().innerText()).replace(/\s/g, '')).toBe('查看详情');

    // The resident's session has ended and the account cannot log in any more.
    await rp.reload();
    await rp.waitForURL((url) => url.pathname === '/login');
    const fresh = await suite.browser({ viewport: PHONE });
    await fresh.page.goto(`${base}/login`);
    await submitLogin(fresh.page, 'resident');
    await fresh.page.getByRole('alert').first().waitFor();
    expect(new URL(fresh.page.url()).pathname).toBe('/login');

    // The auditor, on a desktop: the erasure's certificate on the audit page (counts only, no name), and the chain verifies.
    const auditor = await suite.loggedIn('auditor');
    const up = auditor.page;
    await up.goto(`${base}/audit`);
    const certs = up.getByTestId('deletion-certificates');
    await certs.waitFor();
    await expect.poll(() => certs.locator('tbody tr.ant-table-row').count()).toBe(1);
    const certRow = await certs.locator('tbody tr.ant-table-row').first().innerText();
    expect(certRow).toContain('整份居民档案');
    expect(certRow).toMatch(/residents\s*[:：]?\s*1/);
    expect(await certs.innerText()).not.toContain('全家已搬到外省');
    await certs.getByTestId('deletion-certificates-verify').click();
    await expect.poll(() => certs.getByTestId('deletion-certificates-verify-result').innerText()).toContain('证明链完整：已校验 1 份删除证明');
    await suite.shot(up, 'desktop-auditor-certificates');

    expect(resident.problems.filter((p) => !/401/.test(p))).toEqual([]);
    expect(admin.problems).toEqual([]);
    expect(auditor.problems).toEqual([]);
  });
});
