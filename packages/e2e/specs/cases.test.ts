// 病例与密接 (ADR 0084) in the browser: the community registers a synthetic person (a valid-checksum ID number) in the demo
// resident's household; the district registers that person as a case by name and ID number — the server links the
// resident — (the form first says what it needs), adds a close contact (a synthetic ID number), sends the close contacts
// as a follow-up list and lands on the screening list's page showing that row; sending again is refused plainly
// (nothing_to_send). 修改 against a version changed meanwhile shows the conflict and the case as it is now. The contact
// becomes a case with the first as its source: the chain tab draws its canvas and lists the link. The community admin
// reads the same pages without any of the district's buttons.
import { makeCnId } from '@renxing/shared';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { csrfToken, getJson, menuEntries, ownResidentId } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite } from '../src/suite';

type CaseView = {
  id: string; code: string; classification: string; status: string; nameMasked: string; idMasked: string | null; residentId: string | null; communityName: string | null;
  sourceCaseId: string | null; sourceCode: string | null; exposureNote: string | null;
  contacts: { close: number; secondary: number; sent: number; checked: number; becameCases: number }; version: number;
};
type ContactView = {
  id: string; kind: string; nameMasked: string; idMasked: string | null; listId: string | null; becameCaseId: string | null; becameCaseCode: string | null;
  check: { status: string; outcome: string | null; state: string } | null;
};
type Entry = { id: string; nameMasked: string; idMasked: string | null };
/** The browser logs the 409 the test provokes (nothing_to_send, stale_version); nothing else may show. */
const EXPECTED_409 = 'console.error: Failed to load resource: the server responded with a status of 409 (Conflict)';

async function send<T>(page: Page, base: string, method: 'post' | 'put', p: string, data: unknown): Promise<T> {
  const res = await page.request[method](`${base}${p}`, { headers: { 'x-csrf-token': await csrfToken(page, base), 'Idempotency-Key': crypto.randomUUID() }, data });
  expect(res.status(), `${p}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}
const detailOf = (page: Page, base: string, id: string) => getJson<{ case: CaseView; contacts: ContactView[] }>(page, base, `/api/cases/${id}`);
/** A form's field (its .ant-form-item, where antd writes the field's message), by its label. */
const fieldOf = (scope: Locator, label: string): Locator => scope.locator('.ant-form-item').filter({ has: scope.page().locator('label', { hasText: label }) });
const pad = (n: number) => String(n).padStart(2, '0');
/** A day in the server's calendar (Asia/Shanghai), `days` from today, as the date pickers type it. */
const shanghaiDay = (days = 0) => {
  const d = new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};

describe('cases and contacts (病例与密接)', () => {
  const suite = e2eSuite('cases');
  const person = { name: '韦测病', idNumber: makeCnId('330902', '1984-09-12', 735) };
  const close = { name: '柯测密', idNumber: makeCnId('330902', '1990-03-15', 418) };
  let first: CaseView | null = null;
  let second: CaseView | null = null;

  it('the district registers a case, adds a close contact and sends the follow-up list: the screening list shows the contact', async () => {
    const base = suite.base;
    // The community registers a synthetic person in the demo resident's household (grid 1 of A社区).
    const resident = await suite.loggedIn('resident', { viewport: DESKTOP });
    const selfId = await ownResidentId(resident.page, base);
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const household = (await getJson<{ household: { id: string } }>(admin.page, base, `/api/residents/${selfId}`)).household.id;
    const made = await send<{ id: string }>(admin.page, base, 'post', '/api/residents', {
      householdId: household, name: person.name, idNumber: person.idNumber, relation: 'sibling', residenceType: 'registered',
    });

    const district = await suite.loggedIn('district', { viewport: DESKTOP });
    const { page } = district;
    await page.getByRole('menuitem', { name: '病例与密接' }).click();
    await page.waitForURL(`${base}/cases`);
    await page.getByRole('heading', { level: 1, name: '病例与密接' }).waitFor();
    // The demo's chain is listed, newest report first, as the server has it.
    const listed = (await getJson<{ items: CaseView[] }>(page, base, '/api/cases')).items;
    expect(listed.length).toBeGreaterThan(0);
    const rows = page.getByTestId('cs-cases-table').getByTestId('cs-case');
    await expect.poll(() => rows.count()).toBe(listed.length);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual(listed.map((c) => c.code));

    // 登记病例: nothing filled says what is needed; then the person by name and ID number.
    await page.getByTestId('cs-new').click();
    const dialog = page.getByRole('dialog', { name: '登记病例' });
    await dialog.getByTestId('cs-new-classification').waitFor();
    expect(await dialog.getByLabel('报告日期').inputValue()).toBe(shanghaiDay());
    await page.getByTestId('cs-new-submit').click();
    await fieldOf(dialog, '分类').getByText('请选择分类').waitFor();
    await fieldOf(dialog, '姓名').getByText('请填写').waitFor();
    await fieldOf(dialog, '身份证号').getByText('身份证号和手机号至少填一项').waitFor();
    await dialog.locator('label', { hasText: '确诊病例' }).click();
    const onset = dialog.getByLabel('发病日期（选填）');
    await onset.click();
    await onset.fill(shanghaiDay(-2));
    await onset.press('Enter');
    await expect.poll(() => onset.inputValue()).toBe(shanghaiDay(-2));
    await dialog.getByLabel('姓名').fill(person.name);
    await dialog.getByLabel('身份证号').fill(person.idNumber);
    await dialog.getByLabel('感染经过（选填）').fill('外地返回后发热');
    const created = page.waitForResponse((r) => r.url() === `${base}/api/cases` && r.request().method() === 'POST');
    await page.getByTestId('cs-new-submit').click();
    const res = await created;
    expect(res.status()).toBe(201);
    first = (await res.json()) as CaseView;
    // Given by ID number, the resident of the area is linked, not copied.
    expect(first).toMatchObject({ classification: 'confirmed', status: 'active', residentId: made.id, communityName: 'A社区', onsetOn: shanghaiDay(-2), reportedOn: shanghaiDay() });
    expect(first.code).toMatch(/^BL-\d{8}-\d{3}$/);
    await page.waitForURL(`${base}/cases/${first.id}`);
    expect(await page.getByTestId('cs-case-code').innerText()).toBe(first.code);
    expect(await page.getByTestId('cs-case-name').innerText()).toBe(first.nameMasked);
    expect(first.nameMasked).toMatch(/\*/);
    expect(await page.getByTestId('cs-case-community').innerText()).toBe('A社区');
    expect(await page.getByTestId('cs-classification').first().getAttribute('data-classification')).toBe('confirmed');

    // 添加密接: a close contact with a synthetic ID number.
    await page.getByTestId('cs-add-contact').click();
    const add = page.getByRole('dialog', { name: `添加密接：${first.code}` });
    await add.getByTestId('cs-contact-kind').waitFor();
    await page.getByTestId('cs-contact-submit').click();
    await fieldOf(add, '身份证号').getByText('身份证号、手机号、地址至少填一项').waitFor();
    await fieldOf(add, '接触方式').getByText('请选择接触方式').waitFor();
    await add.getByLabel('姓名').fill(close.name);
    await add.getByLabel('身份证号').fill(close.idNumber);
    await add.locator('label', { hasText: '同住' }).click();
    const added = page.waitForResponse((r) => r.url() === `${base}/api/cases/${first!.id}/contacts` && r.request().method() === 'POST');
    await page.getByTestId('cs-contact-submit').click();
    expect((await added).status()).toBe(201);
    await add.waitFor({ state: 'detached' });
    const { contacts } = await detailOf(page, base, first.id);
    expect(contacts).toHaveLength(1);
    const contact = contacts[0]!;
    expect(contact).toMatchObject({ kind: 'close', listId: null, idMasked: `330902********${close.idNumber.slice(-4)}` });
    const row = page.locator(`[data-testid="cs-contact"][data-id="${contact.id}"]`);
    expect(await row.getByTestId('cs-contact-name').innerText()).toBe(contact.nameMasked);
    expect(await row.getByTestId('cs-contact-id').innerText()).toBe(contact.idMasked);
    expect(await row.getByTestId('cs-contact-exposure').innerText()).toBe(`${shanghaiDay()} · 同住`);
    expect(await row.getByTestId('cs-check').getAttribute('data-state')).toBe('not_sent');
    await expect.poll(() => page.getByTestId('cs-follow-up-close').getAttribute('data-unsent')).toBe('1');
    const found = await axeViolations(page);
    expect(found.length, describeViolations('a case (desktop)', found)).toBe(0);
    await suite.shot(page, 'case-desktop', true);

    // 生成密接随访名单: sent as a screening list; its page shows the contact.
    await page.getByTestId('cs-follow-up-close').click();
    const follow = page.getByRole('dialog', { name: '生成密接随访名单' });
    await follow.getByText(`把病例 ${first.code} 还没下发的密接（1 人）`).waitFor();
    const sent = page.waitForResponse((r) => r.url() === `${base}/api/cases/${first!.id}/follow-up` && r.request().method() === 'POST');
    await page.getByTestId('cs-follow-up-submit').click();
    const sentRes = await sent;
    expect(sentRes.status()).toBe(201);
    const { listId, sent: n } = (await sentRes.json()) as { listId: string; sent: number };
    expect(n).toBe(1);
    await page.waitForURL(`${base}/screening/lists/${listId}`);
    await page.getByTestId('sc-list-title').filter({ hasText: first.code }).waitFor();
    const entries = (await getJson<{ items: Entry[] }>(page, base, `/api/screening/lists/${listId}/entries?pageSize=100`)).items;
    expect(entries).toHaveLength(1);
    const entry = page.getByTestId('sc-entries-table').locator(`[data-testid="sc-entry"][data-id="${entries[0]!.id}"]`);
    await entry.waitFor();
    expect(await entry.getByTestId('sc-entry-name').innerText()).toBe(contact.nameMasked);
    expect(await entry.getByTestId('sc-entry-id').innerText()).toBe(contact.idMasked);

    // Back on the case: the contact waits for the visit, its list a link; sending again is refused plainly.
    await page.goto(`${base}/cases/${first.id}`);
    await expect.poll(() => row.getByTestId('cs-check').getAttribute('data-state')).toBe('open');
    expect(await row.getByTestId('cs-check-list').getAttribute('href')).toBe(`/screening/lists/${listId}`);
    await page.getByTestId('cs-follow-up-close').click();
    const again = page.getByRole('dialog', { name: '生成密接随访名单' });
    await again.getByTestId('cs-follow-up-due').waitFor();
    const refused = page.waitForResponse((r) => r.url() === `${base}/api/cases/${first!.id}/follow-up` && r.request().method() === 'POST');
    await page.getByTestId('cs-follow-up-submit').click();
    const refusal = await refused;
    expect(refusal.status()).toBe(409);
    expect(((await refusal.json()) as { error: { code: string } }).error.code).toBe('nothing_to_send');
    await again.getByTestId('cs-follow-up-nothing').filter({ hasText: '这类接触者都已下发过随访名单，不用再生成。' }).waitFor();
    await page.getByTestId('cs-follow-up-submit').click();
    await again.waitFor({ state: 'detached' });

    expect(district.problems.filter((p) => p !== EXPECTED_409)).toEqual([]);
    expect(district.problems.filter((p) => p === EXPECTED_409)).toHaveLength(1);
    expect(admin.problems).toEqual([]);
    expect(resident.problems).toEqual([]);
  });

  it('修改 against a version changed meanwhile shows the conflict and the case as it is now; then it saves', async () => {
    const base = suite.base;
    expect(first).not.toBeNull();
    const c = first!;
    const district = await suite.loggedIn('district', { viewport: DESKTOP });
    const { page } = district;
    await page.goto(`${base}/cases/${c.id}`);
    await page.getByTestId('cs-case-code').filter({ hasText: c.code }).waitFor();
    await page.getByTestId('cs-edit').click();
    const dialog = page.getByRole('dialog', { name: `修改病例 ${c.code}` });
    await dialog.getByTestId('cs-edit-status').waitFor();
    // Someone else changes the note meanwhile.
    const now = (await detailOf(page, base, c.id)).case;
    await send(page, base, 'put', `/api/cases/${c.id}`, { exposureNote: '外地返回后发热，曾到药店', version: now.version });
    await dialog.locator('label', { hasText: '已治愈/解除' }).click();
    const stale = page.waitForResponse((r) => r.url() === `${base}/api/cases/${c.id}` && r.request().method() === 'PUT');
    await page.getByTestId('cs-edit-submit').click();
    expect((await stale).status()).toBe(409);
    await dialog.getByTestId('cs-edit-conflict').getByText('这个病例刚被别人改过，页面已更新，请看一下再改。').waitFor();
    // The dialog shows the case as it is now (the other change kept), against its newer version.
    await expect.poll(() => dialog.getByLabel('感染经过').inputValue()).toBe('外地返回后发热，曾到药店');
    await expect.poll(() => page.getByTestId('cs-edit-dialog').getAttribute('data-version')).toBe(String(now.version + 1));
    await dialog.locator('label', { hasText: '已治愈/解除' }).click();
    const saved = page.waitForResponse((r) => r.url() === `${base}/api/cases/${c.id}` && r.request().method() === 'PUT');
    await page.getByTestId('cs-edit-submit').click();
    const ok = await saved;
    expect(ok.status()).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'recovered', exposureNote: '外地返回后发热，曾到药店', version: now.version + 2 });
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('cs-status').first().getAttribute('data-status')).toBe('recovered');
    expect(district.problems.filter((p) => p !== EXPECTED_409)).toEqual([]);
  });

  it('the contact becomes a case with the first as its source: the chain draws a canvas and lists the link', async () => {
    const base = suite.base;
    const c = first!;
    const district = await suite.loggedIn('district', { viewport: DESKTOP });
    const { page } = district;
    await page.goto(`${base}/cases/${c.id}`);
    const contact = (await detailOf(page, base, c.id)).contacts[0]!;
    const row = page.locator(`[data-testid="cs-contact"][data-id="${contact.id}"]`);
    await row.getByTestId('cs-contact-to-case').click();
    const dialog = page.getByRole('dialog', { name: `转为病例：${contact.nameMasked}` });
    await dialog.getByText(`将以 ${c.code} 作为传染来源`).waitFor();
    await page.getByTestId('cs-to-case-submit').click();
    await fieldOf(dialog, '分类').getByText('请选择分类').waitFor();
    await dialog.locator('label', { hasText: '无症状感染者' }).click();
    const made = page.waitForResponse((r) => r.url() === `${base}/api/cases/${c.id}/contacts/${contact.id}/to-case` && r.request().method() === 'POST');
    await page.getByTestId('cs-to-case-submit').click();
    const res = await made;
    expect(res.status()).toBe(201);
    second = (await res.json()) as CaseView;
    expect(second).toMatchObject({ classification: 'asymptomatic', sourceCaseId: c.id, sourceCode: c.code });
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row.getByTestId('cs-contact-became').innerText()).toBe(`病例 ${second!.code}`);
    expect(await row.getByTestId('cs-contact-to-case').count()).toBe(0);

    // 病例: the second case names the first as its source.
    await page.getByRole('link', { name: '返回病例与密接' }).click();
    await page.waitForURL(`${base}/cases`);
    const secondRow = page.locator(`[data-testid="cs-case"][data-id="${second.id}"]`);
    expect(await secondRow.getByTestId('cs-case-source').innerText()).toBe(c.code);
    expect(await secondRow.getByTestId('cs-classification').innerText()).toBe('无症状感染者');
    // The code search finds it alone.
    const search = page.getByRole('searchbox', { name: '按病例编号查找' });
    await search.fill(second.code);
    await search.press('Enter');
    await page.waitForURL(/q=BL-/);
    await expect.poll(() => page.getByTestId('cs-cases-table').getByTestId('cs-case').count()).toBe(1);

    // 传播链: a canvas, and the link in the list for screen readers.
    await page.getByTestId('cs-tab-chain').click();
    await page.waitForURL(/tab=chain/);
    const chart = page.getByTestId('cs-chain-chart');
    await chart.locator('canvas').waitFor();
    expect(await chart.getAttribute('role')).toBe('img');
    const graph = await getJson<{ nodes: Array<{ id: string }>; edges: Array<{ from: string; to: string }> }>(page, base, '/api/cases/graph');
    expect(await chart.getAttribute('aria-label')).toContain(`${graph.nodes.length} 个病例，${graph.edges.length} 条传播关系`);
    const edge = page.locator(`[data-testid="cs-edge"][data-from="${c.id}"][data-to="${second.id}"]`);
    await edge.waitFor();
    expect((await edge.getByTestId('cs-edge-text').innerText()).replace(/\s+/g, ' ').trim()).toBe(`${c.code} → ${second.code}`);
    await expect.poll(() => page.getByTestId('cs-edges').getByTestId('cs-edge').count()).toBe(graph.edges.length);
    const found = await axeViolations(page);
    expect(found.length, describeViolations('the transmission chain (desktop)', found)).toBe(0);
    await suite.shot(page, 'chain-desktop', true);
    // A link of the list opens the case.
    await edge.getByRole('link', { name: second.code }).click();
    await page.waitForURL(`${base}/cases/${second.id}`);
    await page.getByTestId('cs-case-code').filter({ hasText: second.code }).waitFor();
    expect(district.problems).toEqual([]);
  });

  it('the community admin reads the cases, a case and the chain, without the district\'s buttons', async () => {
    const base = suite.base;
    const c = first!;
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    expect(await menuEntries(page)).toContain('病例与密接');
    await page.getByRole('menuitem', { name: '病例与密接' }).click();
    await page.waitForURL(`${base}/cases`);
    await page.getByRole('heading', { level: 1, name: '病例与密接' }).waitFor();
    const mine = (await getJson<{ items: CaseView[] }>(page, base, '/api/cases')).items;
    expect(mine.map((x) => x.id)).toContain(c.id);
    await expect.poll(() => page.getByTestId('cs-cases-table').getByTestId('cs-case').count()).toBe(mine.length);
    expect(await page.getByTestId('cs-new').count()).toBe(0);
    const found = await axeViolations(page);
    expect(found.length, describeViolations('cases (community admin)', found)).toBe(0);
    await page.locator(`[data-testid="cs-case"][data-id="${c.id}"]`).getByTestId('cs-case-open').click();
    await page.waitForURL(`${base}/cases/${c.id}`);
    await page.getByTestId('cs-contacts-table').getByTestId('cs-contact').first().waitFor();
    for (const id of ['cs-edit', 'cs-add-contact', 'cs-follow-up-close', 'cs-follow-up-secondary', 'cs-contact-to-case']) expect(await page.getByTestId(id).count(), id).toBe(0);
    // Writing is refused by the server too.
    const res = await page.request.post(`${base}/api/cases`, {
      headers: { 'x-csrf-token': await csrfToken(page, base) }, data: { classification: 'suspected', reportedOn: shanghaiDay(), name: '测', phone: '13900001111' },
    });
    expect(res.status()).toBe(403);
    await page.goto(`${base}/cases?tab=chain`);
    await page.getByTestId('cs-chain-chart').locator('canvas').waitFor();
    expect(admin.problems).toEqual([]);
  });
});
