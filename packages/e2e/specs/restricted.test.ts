import { describe, expect, it } from 'vitest';
import { enrollSecondFactor } from '../src/actions';
import { DESKTOP, e2eSuite } from '../src/suite';

describe('restricted records and break-the-glass in the browser (SECURITY E26, G34)', () => {
  const suite = e2eSuite('restricted');

  it('the community admin restricts a record (second factor on first use); the grid worker sees a stub, gives a reason and opens it; the admin is told', async () => {
    const base = suite.base;
    const worker = await suite.loggedIn('grid1', { viewport: DESKTOP });
    // A resident of the grid worker's grid (the list the registry page shows).
    const list = await worker.page.request.get(`${base}/api/residents?page=1&pageSize=1`, { headers: { 'X-Purpose': 'registry.maintenance' } });
    expect(list.status()).toBe(200);
    const target = ((await list.json()) as { items: Array<{ id: string; nameMasked: string }> }).items[0]!;

    // The community admin opens the profile and restricts it, with a reason.
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const ap = admin.page;
    await ap.goto(`${base}/registry/residents/${target.id}`);
    const fullName = await ap.getByTestId('resident-name').innerText();
    expect(fullName).not.toContain('*');
    await ap.getByTestId('restriction-toggle').click();
    const restrict = ap.getByRole('dialog', { name: '设为受限档案' });
    await restrict.getByTestId('restriction-reason').fill('家庭暴力庇护对象');
    await restrict.getByTestId('restriction-submit').click();
    // Restricting is privileged: the admin binds an authenticator first, then the action goes through by itself.
    await enrollSecondFactor(ap);
    await restrict.waitFor({ state: 'detached' });
    await ap.getByTestId('restricted-tag').waitFor();
    await suite.shot(ap, 'desktop-admin-restricted');

    // The grid worker now sees only the masked name and why.
    const wp = worker.page;
    await wp.goto(`${base}/registry/residents/${target.id}`);
    const stub = wp.getByTestId('restricted-profile');
    await stub.waitFor();
    expect(await wp.getByTestId('resident-name').innerText()).toBe(target.nameMasked);
    expect(await stub.innerText()).toContain('受限档案');
    expect(await wp.locator('body').innerText()).not.toContain(fullName);
    expect(await wp.getByTestId('resident-details').count()).toBe(0);
    await suite.shot(wp, 'desktop-stub');

    // Break the glass: a reason is required; then the record opens with a banner saying until when.
    await wp.getByTestId('break-glass').click();
    const ask = wp.getByRole('dialog', { name: '临时查阅受限档案' });
    await ask.getByTestId('break-glass-submit').click();
    await expect.poll(() => ask.locator('.ant-form-item-explain-error').allInnerTexts()).toEqual(['请写明理由（至少 2 个字）']);
    await ask.getByTestId('break-glass-reason').fill('入户核查发热');
    await ask.getByTestId('break-glass-submit').click();
    await ask.waitFor({ state: 'detached' });
    await expect.poll(() => wp.getByTestId('resident-name').innerText()).toBe(fullName);
    expect(await wp.getByTestId('break-glass-banner').innerText()).toMatch(/临时查阅中（\d\d:\d\d 前有效）/);
    await wp.getByTestId('resident-details').waitFor();
    await suite.shot(wp, 'desktop-opened');

    // The admin's bell says who opened whose record; opening it leads to the record. Until it is opened the page asks
    // only for the unread count: the list names the resident (masked), and reading it is audited.
    const asked: string[] = [];
    ap.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/notifications')) asked.push(new URL(r.url()).pathname); });
    await ap.reload();
    await expect.poll(() => ap.getByTestId('notification-bell').getAttribute('aria-label')).toMatch(/\d+ 条未读通知/);
    // (The count may be asked more than once — a poll, a focus — but the list never.)
    expect(asked).toContain('/api/notifications/unread');
    expect(asked.filter((p) => p !== '/api/notifications/unread')).toEqual([]);
    await ap.getByTestId('notification-bell').click();
    const note = ap.locator('[data-testid^="notification-"]', { hasText: '临时查阅了受限档案' });
    await expect.poll(() => note.count()).toBe(1);
    expect(await note.innerText()).toContain(target.nameMasked);
    expect(await note.innerText()).not.toContain('入户核查发热');
    expect(asked.filter((p) => p !== '/api/notifications/unread')).toEqual(['/api/notifications']);
    await note.click();
    await ap.waitForURL(`${base}/registry/residents/${target.id}`);

    expect(worker.problems).toEqual([]);
    expect(admin.problems).toEqual([]);
  });
});
