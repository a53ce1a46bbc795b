import { describe, expect, it } from 'vitest';
import { login, scrollsSideways } from '../src/actions';
import { e2eSuite } from '../src/suite';

type Row = { id: string; nameMasked: string; relation: string; age: number };

describe('moving out, death and return on the resident profile', () => {
  const suite = e2eSuite('resident-status');

  it('the community admin records a move out (the person leaves the list, the profile shows it), then the return', async () => {
    const browser = await suite.browser({ viewport: { width: 390, height: 844 } });
    const { page } = browser;
    const base = suite.base;
    await login(page, base, 'admin');
    // An adult who is not the head of a household, from the first page of the list.
    const list = (await (await page.request.get(`${base}/api/residents?pageSize=50`)).json()) as { items: Row[]; total: number };
    const person = list.items.find((x) => x.relation !== 'head' && x.age >= 18 && x.age < 60)!;
    expect(person).toBeTruthy();
    const inList = async () => {
      const r = (await (await page.request.get(`${base}/api/residents?pageSize=100`)).json()) as { items: Row[]; total: number };
      return { total: r.total, has: r.items.some((x) => x.id === person.id) };
    };
    expect((await inList()).has).toBe(true);

    await page.goto(`${base}/registry/residents/${person.id}`);
    await page.getByTestId('resident-name').waitFor();
    await page.getByTestId('change-status').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('迁出或死亡登记').waitFor();
    await dialog.getByText('迁出本辖区').click();
    await dialog.getByRole('button', { name: /确\s*认/ }).click();
    await dialog.getByText('请填写说明（至少 2 个字）').waitFor(); // the note is required
    await dialog.getByLabel('说明').fill('随子女迁往杭州');
    await dialog.getByRole('button', { name: /确\s*认/ }).click();
    await expect.poll(() => page.getByTestId('resident-status').innerText()).toBe('已迁出');
    await page.getByText('该居民已登记为迁出').waitFor();
    await expect.poll(async () => (await page.getByTestId('status-history').innerText()).includes('在册 → 已迁出')).toBe(true);
    expect(await scrollsSideways(page)).toBe(false);
    const after = await inList();
    expect(after.has).toBe(false);
    expect(after.total).toBe(list.total - 1);

    await page.getByTestId('change-status').click();
    await page.getByRole('dialog').getByText('迁回登记').waitFor();
    await page.getByRole('dialog').getByLabel('说明').fill('已迁回原住址');
    await page.getByRole('dialog').getByRole('button', { name: /确\s*认/ }).click();
    await expect.poll(() => page.getByTestId('resident-status').count()).toBe(0);
    expect((await inList()).has).toBe(true);
    expect(browser.problems).toEqual([]);
  });
  it('when the head of a household dies, the household page asks for a new head and the admin names one', async () => {
    const browser = await suite.browser();
    const { page } = browser;
    const base = suite.base;
    await login(page, base, 'admin');
    type Household = { id: string; version: number; headResidentId: string | null; members: Row[] };
    const list = (await (await page.request.get(`${base}/api/residents?pageSize=100`)).json()) as { items: Array<Row & { householdId: string }> };
    let target: { head: Row & { householdId: string }; other: Row } | null = null;
    for (const r of list.items.filter((x) => x.relation === 'head')) {
      const h = (await (await page.request.get(`${base}/api/households/${r.householdId}`)).json()) as Household;
      const other = h.members.find((m) => m.id !== r.id && m.age >= 18);
      if (h.headResidentId === r.id && other) {
        target = { head: r, other };
        break;
      }
    }
    expect(target).not.toBeNull();
    const { head, other } = target!;

    await page.goto(`${base}/registry/residents/${head.id}`);
    await page.getByTestId('change-status').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('死亡', { exact: true }).click();
    await dialog.getByLabel('说明').fill('病故');
    await dialog.getByRole('button', { name: /确\s*认/ }).click();
    await expect.poll(() => page.getByTestId('resident-status').innerText()).toBe('已死亡');

    await page.goto(`${base}/registry/households/${head.householdId}`);
    await page.getByTestId('household-no-head').waitFor();
    await page.getByTestId('set-head').click();
    const naming = page.getByRole('dialog');
    await naming.getByText('指定户主', { exact: true }).waitFor();
    await naming.getByRole('combobox').click();
    await page.locator('.ant-select-item-option', { hasText: `${other.nameMasked}（${other.age}岁）` }).first().click();
    await naming.getByRole('button', { name: /确\s*认/ }).click();
    await expect.poll(() => page.getByTestId('household-no-head').count()).toBe(0);
    const h = (await (await page.request.get(`${base}/api/households/${head.householdId}`)).json()) as Household;
    expect(h.headResidentId).toBe(other.id);
    expect(browser.problems).toEqual([]);
  });
});
