import { describe, expect, it } from 'vitest';
import { scrollsSideways, enrollSecondFactor } from '../src/actions';
import { DESKTOP, PHONE, e2eSuite } from '../src/suite';

// SECURITY.md PRIV-08 (《未成年人网络保护条例》): a child's full ID number is shown to a grid worker only after the
// community admin — the responsible person — approved the request (ADR 0035).
describe('minors’ data in the browser: asking, approval by the community admin, then the reveal (PRIV-08)', () => {
  const suite = e2eSuite('minors');

  it('the grid worker asks (需负责人批准); the admin approves on a phone with the second factor; the worker’s reveal then works and counts down', async () => {
    const base = suite.base;
    const worker = await suite.loggedIn('grid1', { viewport: DESKTOP });
    const wp = worker.page;
    // A child under 14 in the grid worker's grid (the demo community has families with children).
    const list = await wp.request.get(`${base}/api/residents?tag=minor&pageSize=100`, { headers: { 'X-Purpose': 'registry.maintenance' } });
    expect(list.status()).toBe(200);
    const items = ((await list.json()) as { items: Array<{ id: string; nameMasked: string; age?: number; idMasked?: string; access: string }> }).items;
    const child = items.find((x) => x.access === 'full' && x.age !== undefined && x.age < 14);
    expect(child, 'a child under 14 in grid 1 of the demo community').toBeDefined();

    await wp.goto(`${base}/registry/residents/${child!.id}`);
    await wp.getByTestId('resident-details').waitFor();
    const askButton = wp.getByTestId('minor-ask-idNumber');
    await askButton.waitFor();
    expect(await askButton.innerText()).toContain('需负责人批准');
    expect(await wp.getByTestId('reveal-idNumber').count()).toBe(0);

    // The request needs a reason of at least 4 characters.
    await askButton.click();
    const dialog = wp.getByRole('dialog', { name: '申请查看未成年人的身份证号' });
    await dialog.waitFor();
    await dialog.getByTestId('minor-ask-submit').click();
    await expect.poll(() => dialog.locator('.ant-form-item-explain-error').allInnerTexts()).toEqual(['请写明申请原因（至少 4 个字，空格不算）']);
    await dialog.getByTestId('minor-ask-reason').fill('核对疫苗接种登记');
    await dialog.getByTestId('minor-ask-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await wp.getByTestId('minor-pending-idNumber').waitFor();
    await suite.shot(wp, 'desktop-minor-pending');

    // The community admin, on a phone: the menu entry carries the count; the request shows the masked name and reason.
    const admin = await suite.loggedIn('admin', { viewport: PHONE });
    const ap = admin.page;
    await ap.getByRole('button', { name: '打开菜单' }).click();
    const entry = ap.getByRole('menuitem', { name: /未成年人查阅审批/ });
    await expect.poll(() => entry.innerText()).toMatch(/未成年人查阅审批\s*1/);
    await entry.click();
    await ap.waitForURL(`${base}/registry/minor-access`);
    await ap.getByRole('heading', { name: '未成年人信息查阅审批' }).waitFor();
    const card = ap.getByTestId('minor-request');
    await expect.poll(() => card.count()).toBe(1);
    const text = await card.innerText();
    expect(text).toContain(child!.nameMasked);
    expect(text).toContain('核对疫苗接种登记');
    expect(text).toContain('网格员');
    expect(await scrollsSideways(ap)).toBe(false);
    await suite.shot(ap, 'phone-minor-requests');

    // Rejecting needs a note; approving does not, but asks for the second factor (set up on first use).
    await card.getByTestId('minor-request-reject').click();
    await card.getByText('驳回请写明原因（至少 2 个字）').waitFor();
    await card.getByTestId('minor-request-approve').click();
    await enrollSecondFactor(ap);
    await ap.getByTestId('minor-requests-empty').waitFor();

    // The grid worker's profile now offers the usual reveal, with the looks left.
    await wp.reload();
    const approved = wp.getByTestId('minor-approved-idNumber');
    await approved.waitFor();
    expect(await approved.innerText()).toContain('还可查看 3 次');
    await wp.getByTestId('reveal-idNumber').click();
    const reveal = wp.getByRole('dialog', { name: '查看完整身份证号' });
    await reveal.getByLabel('查看原因').fill('核对疫苗接种登记');
    await reveal.getByRole('button', { name: '确认查看' }).click();
    await expect.poll(() => wp.getByTestId('revealed-idNumber').innerText()).toMatch(/^\d{17}[\dX]$/);
    expect((await wp.getByTestId('revealed-idNumber').innerText()).slice(-4)).toBe(child!.idMasked!.slice(-4));
    await expect.poll(() => approved.innerText()).toContain('还可查看 2 次');
    await suite.shot(wp, 'desktop-minor-revealed');

    expect(worker.problems).toEqual([]);
    expect(admin.problems).toEqual([]);
  });
});
