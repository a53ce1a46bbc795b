// 大数据+网格排查 (ADR 0083) in the browser: the community registers a synthetic person (a valid-checksum ID number) in the
// demo resident's household — the one household of grid 1 the test can reach —; the district imports a list (CSV made
// here, synthetic names) with that person's full ID number, the same person's masked ID under a traditional-character
// name, a person named only by an address in B社区, one by an address nowhere, and three rows the server refuses (no ID,
// phone or address; a full ID failing its checksum; a malformed date): the dialog shows the list's figures and the refused
// rows 行 / 列 / 问题; the list's page shows the tiles as the server counts them and each entry's explanation (its evidence
// with the points, and 为什么这样判断); the receipt downloads as a file. The grid worker is told, opens 我的排查任务 and
// checks an entry as 查无此人; on a phone the cards fit the screen and the check dialog takes its width. The entry kept at
// the district is sent to A社区 by the district and on to 第一网格 by the community admin (分派). The district then closes
// the list with entries still open: forced, with a reason.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCnId } from '@renxing/shared';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, getJson, ownResidentId, postJson, scrollsSideways } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

type Figures = {
  entries: number; matched: number; uncertain: number; unmatched: number; filtered: number; gateSeen: number; unrouted: number; open: number; done: number;
  byOutcome: Record<string, number>;
};
type ListView = { id: string; kind: string; title: string; status: string; figures: Figures; overdue: boolean; canManage: boolean; version: number; rowErrors: number };
type RowError = { row: number; field: string; message: string; messageEn: string };
type Evidence = { code: string; zh: string; en: string; points: number };
type Entry = {
  id: string; listId: string; row: number; nameMasked: string; idMasked: string | null; state: 'matched' | 'uncertain' | 'unmatched'; confidence: number;
  evidence: Evidence[]; resident: { id: string; nameMasked: string; gridName: string } | null; communityName: string | null; gridName: string | null;
  routed: boolean; urgent: boolean; status: 'open' | 'done'; outcome: string | null; version: number;
};

const entriesOf = async (page: Page, base: string, listId: string) =>
  (await getJson<{ items: Entry[]; total: number }>(page, base, `/api/screening/lists/${listId}/entries?pageSize=100`)).items;
const listOf = async (page: Page, base: string, listId: string) => (await getJson<{ list: ListView; errors: RowError[] }>(page, base, `/api/screening/lists/${listId}`)).list;
const entryRow = (scope: Page | Locator, id: string): Locator => scope.locator(`[data-testid="sc-entry"][data-id="${id}"]`);
const tileValue = (page: Page, key: string) => page.getByTestId(`sc-tile-${key}`).locator('strong').innerText();
/** A form's field (its .ant-form-item, where antd writes the field's message), by its label. */
const fieldOf = (scope: Locator, label: string): Locator => scope.locator('.ant-form-item').filter({ has: scope.page().locator('label', { hasText: label }) });
const pad = (n: number) => String(n).padStart(2, '0');
/** A time as the date picker types it (the device's local time), `days` from now. */
const pickerTime = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} 18:00`;
};

describe('screening (大数据+网格排查)', () => {
  const suite = e2eSuite('screening');
  const title = `第3批密接名单-${Date.now() % 100000}`;
  let listId = '';

  it('the district imports a list: the figures and the refused rows in the dialog, then each entry with its match and explanation; the receipt downloads as a file', async () => {
    const base = suite.base;
    // The community registers a synthetic person in the demo resident's household (grid 1).
    const resident = await suite.loggedIn('resident', { viewport: DESKTOP });
    const selfId = await ownResidentId(resident.page, base);
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const household = (await getJson<{ household: { id: string } }>(admin.page, base, `/api/residents/${selfId}`)).household.id;
    const known = makeCnId('330902', '1987-05-19', 617);
    await postJson(admin.page, base, '/api/residents', { householdId: household, name: '韦测排', idNumber: known, relation: 'sibling', residenceType: 'registered' });
    const badCheck = `${known.slice(0, 17)}${known.endsWith('0') ? '1' : '0'}`;
    const masked = `${known.slice(0, 6)}********${known.slice(14)}`;

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-sc-'));
    const fileName = `市流调组-密接-${Date.now() % 100000}.csv`;
    const file = path.join(dir, fileName);
    fs.writeFileSync(file, [
      '姓名,身份证号,手机号,地址,抵达日期,来源地,备注',
      `韦测排,${known},,,2026-11-28,上海市,`, // 1: matched (full ID and name) → grid 1
      `韋測排,${masked},,,2026-11-28,上海市,`, // 2: the same person, masked ID, traditional characters → to confirm
      '路测址,,,昌国街道B社区港湾路9幢,,宁波市,', // 3: no one matched; the address names B社区 → that community
      '柯测外,,,外省某县某路1号,,杭州市,', // 4: no one matched, no community named → kept at the district
      '缺测信,,,,,,', // 5: refused — no ID, phone or address
      `错测码,${badCheck},,,,,`, // 6: refused — a full ID failing its checksum
      `期测错,,,A社区1幢,2026-13-45,,`, // 7: refused — a malformed date
      '',
    ].join('\r\n'));

    const district = await suite.loggedIn('district', { viewport: DESKTOP });
    const { page } = district;
    await page.getByRole('menuitem', { name: '排查名单' }).click();
    await page.waitForURL(`${base}/screening`);
    await page.getByRole('heading', { level: 1, name: '排查名单' }).waitFor();
    await page.getByTestId('sc-import').click();
    const dialog = page.getByRole('dialog', { name: '导入排查名单' });
    await dialog.getByTestId('sc-import-kind').waitFor();
    // Nothing filled: each field says what it needs.
    await page.getByTestId('sc-import-submit').click();
    await fieldOf(dialog, '名单类别').getByText('请选择名单类别').waitFor();
    await fieldOf(dialog, '回执截止时间').getByText('请选择回执截止时间').waitFor();
    await dialog.getByText('请选择名单文件').waitFor();
    await dialog.locator('label', { hasText: '密切接触者' }).first().click();
    await dialog.getByLabel('名单名称').fill(title);
    await dialog.getByLabel('下发单位').fill('市疫情防控指挥部流调组');
    const due = dialog.getByLabel('回执截止时间');
    await due.click();
    await due.fill(pickerTime(1));
    await due.press('Enter');
    await expect.poll(() => due.inputValue()).toBe(pickerTime(1));
    await dialog.locator('input[type=file]').setInputFiles(file);
    await dialog.getByTestId('sc-import-file-name').filter({ hasText: fileName }).waitFor();
    const answer = page.waitForResponse((r) => r.url() === `${base}/api/screening/lists` && r.request().method() === 'POST');
    await page.getByTestId('sc-import-submit').click();
    const res = await answer;
    expect(res.status()).toBe(201);
    const created = (await res.json()) as { list: ListView; errors: RowError[] };
    listId = created.list.id;
    expect(created.list).toMatchObject({ title, kind: 'close_contact', status: 'open', canManage: true });
    expect(created.list.figures.entries).toBe(4);
    expect(created.errors.map((e) => [e.row, e.field])).toEqual([[5, '身份证号'], [6, '身份证号'], [7, '抵达日期']]);

    // The dialog: the list's figures as the server counts them, and the refused rows 行 / 列 / 问题.
    const result = dialog.getByTestId('sc-import-result');
    await result.waitFor();
    const f = created.list.figures;
    for (const [key, value] of [['matched', f.matched], ['uncertain', f.uncertain], ['unmatched', f.unmatched], ['open', f.open], ['done', f.done]] as const) {
      expect(await result.getByTestId(`sc-tile-${key}`).locator('strong').innerText(), key).toBe(String(value));
    }
    expect(await result.getByTestId('sc-import-errors-title').innerText()).toBe('有问题的行（3 行），这些行没有导入');
    const errorRows = result.getByTestId('sc-import-errors').getByTestId('sc-error');
    await expect.poll(() => errorRows.count()).toBe(3);
    const table = await errorRows.evaluateAll((els) => els.map((e) => [...e.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
    expect(table).toEqual(created.errors.map((e) => [`第 ${e.row} 行`, e.field, e.message]));
    expect(await result.getByTestId('sc-import-errors').locator('thead th').allInnerTexts()).toEqual(['行', '列', '问题']);
    await suite.shot(page, 'import-result-desktop');

    // The list's page: the tiles, then each entry as the server sees it.
    await page.getByTestId('sc-import-open').click();
    await page.waitForURL(`${base}/screening/lists/${listId}`);
    await page.getByTestId('sc-list-title').filter({ hasText: title }).waitFor();
    const list = await listOf(page, base, listId);
    await page.getByTestId('sc-figures').waitFor();
    for (const key of ['matched', 'uncertain', 'unmatched', 'gateSeen', 'open', 'done'] as const) {
      expect(await tileValue(page, key), key).toBe(String(list.figures[key]));
    }
    expect(await tileValue(page, 'controlled')).toBe(String(list.figures.byOutcome.already_controlled));
    expect(await page.getByTestId('sc-tile-unrouted').count()).toBe(list.figures.unrouted > 0 ? 1 : 0);

    const entries = await entriesOf(page, base, listId);
    expect(entries).toHaveLength(4);
    const rows = page.getByTestId('sc-entries-table').getByTestId('sc-entry');
    await expect.poll(() => rows.count()).toBe(entries.length);
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual(entries.map((e) => e.id));
    const matched = entries.find((e) => e.row === 1)!;
    expect(matched).toMatchObject({ state: 'matched', gridName: '第一网格', routed: true });
    expect(matched.confidence).toBeGreaterThanOrEqual(90);
    expect(matched.nameMasked).toMatch(/\*/);
    expect(matched.idMasked).toBe(masked);
    for (const e of entries) {
      const row = entryRow(page, e.id);
      expect(await row.getByTestId('sc-entry-name').innerText()).toBe(e.nameMasked);
      const tag = row.getByTestId('sc-state');
      expect(await tag.getAttribute('data-state')).toBe(e.state);
      expect(await tag.getAttribute('data-confidence')).toBe(String(e.confidence));
      expect(await tag.innerText()).toBe(`${{ matched: '比对成功', uncertain: '待确认', unmatched: '未比中' }[e.state]} ${e.confidence}`);
      expect(await row.getByTestId('sc-evidence').count(), `evidence of row ${e.row}`).toBe(e.evidence.length);
    }
    // The explanation of the match: the evidence with its points, and 为什么这样判断 with the total.
    const row1 = entryRow(page, matched.id);
    const tags = await row1.getByTestId('sc-evidence').evaluateAll((els) => els.map((el) => [el.getAttribute('data-code'), el.getAttribute('data-points')]));
    expect(tags.sort()).toEqual(matched.evidence.map((e) => [e.code, String(e.points)]).sort());
    const idEvidence = matched.evidence.find((e) => e.points >= 70)!;
    expect(idEvidence, 'the full ID number\'s evidence').toBeDefined();
    expect(await row1.locator(`[data-testid="sc-evidence"][data-code="${idEvidence.code}"]`).innerText()).toBe(`${idEvidence.zh} +${idEvidence.points}`);
    await row1.getByTestId('sc-why').click();
    const pop = page.getByTestId('sc-why-list').filter({ visible: true });
    await pop.waitFor();
    expect((await pop.getByTestId('sc-why-item').allInnerTexts()).map((s) => s.replace(/\s+/g, ' ').trim()).sort())
      .toEqual(matched.evidence.map((e) => `${e.zh} ${e.points > 0 ? `+${e.points}` : e.points < 0 ? `−${-e.points}` : '0'}`).sort());
    expect(await pop.getByTestId('sc-why-total').innerText()).toContain(`合计 ${matched.confidence} 分`);
    await suite.shot(page, 'list-desktop', true);
    await page.keyboard.press('Escape');
    // Routed where the ADR says: the match to its grid; the address naming B社区 to that community, its grid left open;
    // the one named nowhere kept at the district, 待分派.
    const toB = entries.find((e) => e.row === 3)!;
    expect(toB).toMatchObject({ state: 'unmatched', communityName: 'B社区', gridName: null, routed: true });
    expect(await entryRow(page, toB.id).getByTestId('sc-routed').innerText()).toBe('B社区（待分到网格）');
    const nowhere = entries.find((e) => e.row === 4)!;
    expect(nowhere).toMatchObject({ state: 'unmatched', routed: false });
    expect(await entryRow(page, nowhere.id).getByTestId('sc-unrouted').innerText()).toBe('待分派');
    expect(await entryRow(page, nowhere.id).getByTestId('sc-route').count()).toBe(1);
    // The district checks nothing itself.
    expect(await page.getByTestId('sc-check').count()).toBe(0);
    // 比对结果 filter: 未比中 only.
    await page.getByTestId('sc-filter-state').locator('label', { hasText: '未比中' }).click();
    await page.waitForURL(/state=unmatched/);
    await expect.poll(() => rows.count()).toBe(entries.filter((e) => e.state === 'unmatched').length);
    await page.getByTestId('sc-filter-state').locator('label', { hasText: '全部' }).click();
    await expect.poll(() => rows.count()).toBe(entries.length);

    // The receipt: a file (Excel), and the CSV masked.
    const download = page.waitForEvent('download');
    await page.getByTestId('sc-receipt-xlsx').click();
    const file1 = await download;
    expect(file1.suggestedFilename()).toBe(`回执-${title}.xlsx`);
    const saved = await file1.path();
    expect(fs.statSync(saved!).size).toBeGreaterThan(1000);
    expect(fs.readFileSync(saved!).subarray(0, 2).toString()).toBe('PK'); // a zip: an .xlsx
    const csv = await page.request.get(`${base}/api/screening/lists/${listId}/receipt?format=csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(csv.headers()['content-disposition']).toContain('attachment');
    const text = await csv.text();
    expect(text).toContain('序号,姓名,证件号,比对结果,置信度,社区,核查结果,管控措施,核查时间,备注');
    expect(text).toContain(masked);
    expect(text).not.toContain(known);

    const found = await axeViolations(page);
    expect(found.length, describeViolations('screening list (desktop)', found)).toBe(0);
    expect(district.problems).toEqual([]);
    expect(admin.problems).toEqual([]);
    expect(resident.problems).toEqual([]);
  });

  it('the district sends the entry kept at the district to A社区; the community admin sends it on to 第一网格', async () => {
    const base = suite.base;
    const district = await suite.loggedIn('district', { viewport: DESKTOP });
    const { page } = district;
    await page.goto(`${base}/screening/lists/${listId}?status=unrouted`);
    const rows = page.getByTestId('sc-entries-table').getByTestId('sc-entry');
    await expect.poll(() => rows.count()).toBe(1);
    const nowhere = (await entriesOf(page, base, listId)).find((e) => e.row === 4)!;
    await entryRow(page, nowhere.id).getByTestId('sc-route').click();
    const dialog = page.getByRole('dialog', { name: `分派：${nowhere.nameMasked}` });
    const picker = dialog.getByLabel('分派到社区');
    await picker.waitFor();
    await expect.poll(() => dialog.locator('.ant-select-disabled').count()).toBe(0);
    // Nothing chosen: the field asks.
    await page.getByTestId('sc-route-submit').click();
    await dialog.getByText('请选择', { exact: true }).waitFor();
    // The district's streets, then a street's communities (loaded when opened).
    await picker.click();
    const street = page.locator('.ant-select-tree-treenode:visible', { hasText: '昌国街道' }).first();
    await street.locator('.ant-select-tree-switcher').click();
    await page.locator('.ant-select-tree-treenode:visible .ant-select-tree-node-content-wrapper', { hasText: 'A社区' }).first().click();
    const sent = page.waitForResponse((r) => r.url() === `${base}/api/screening/entries/${nowhere.id}/route` && r.request().method() === 'POST');
    await page.getByTestId('sc-route-submit').click();
    expect((await sent).status()).toBe(200);
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('已分派到 A社区').first().waitFor();
    await expect.poll(() => rows.count()).toBe(0);
    expect((await entriesOf(page, base, listId)).find((e) => e.id === nowhere.id)).toMatchObject({ communityName: 'A社区', gridName: null, routed: true });
    expect(district.problems).toEqual([]);

    // The community admin: the entry waits for a grid (分派 on it alone); the choices are the community's grids.
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const ap = admin.page;
    await ap.goto(`${base}/screening/lists/${listId}`);
    const mineRows = ap.getByTestId('sc-entries-table').getByTestId('sc-entry');
    await expect.poll(async () => (await mineRows.count()) > 0).toBe(true);
    await expect.poll(() => ap.getByTestId('sc-route').count()).toBe(1);
    await entryRow(ap, nowhere.id).getByTestId('sc-route').click();
    const toGrid = ap.getByRole('dialog', { name: `分派：${nowhere.nameMasked}` });
    await toGrid.getByLabel('分派到网格').waitFor();
    await expect.poll(() => toGrid.locator('.ant-select-disabled').count()).toBe(0);
    await chooseOption(ap, toGrid.getByLabel('分派到网格'), '第一网格');
    await ap.getByTestId('sc-route-submit').click();
    await toGrid.waitFor({ state: 'detached' });
    await expect.poll(async () => (await entriesOf(ap, base, listId)).find((e) => e.id === nowhere.id)?.gridName).toBe('第一网格');
    await expect.poll(() => entryRow(ap, nowhere.id).getByTestId('sc-routed').innerText()).toBe('A社区 第一网格');
    expect(await ap.getByTestId('sc-route').count()).toBe(0);
    // The community admin checks too.
    expect(await entryRow(ap, nowhere.id).getByTestId('sc-check').count()).toBe(1);
    expect(admin.problems).toEqual([]);
  });

  it('the grid worker is told, opens 我的排查任务 and checks an entry as 查无此人', async () => {
    const base = suite.base;
    expect(listId).not.toBe('');
    const worker = await suite.loggedIn('grid1', { viewport: DESKTOP });
    const { page } = worker;
    // The bell: entries reached the grid — it opens 我的排查任务.
    await page.getByTestId('notification-bell').click();
    await page.locator('[data-testid^="notification-"]').filter({ hasText: /需要您上门核查/ }).first().click();
    await page.waitForURL(`${base}/screening/mine`);
    await page.getByRole('heading', { level: 1, name: '我的排查任务' }).waitFor();
    const mine = (await getJson<{ items: Entry[] }>(page, base, '/api/screening/mine')).items.filter((e) => e.listId === listId);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.gridName === '第一网格' && e.status === 'open')).toBe(true);
    const cards = page.getByTestId('sc-mine-list').getByTestId('sc-entry');
    await expect.poll(() => cards.count()).toBeGreaterThanOrEqual(mine.length);
    const target = mine.find((e) => e.state === 'uncertain') ?? mine.find((e) => e.resident)!;
    const card = entryRow(page, target.id);
    expect(await card.getByTestId('sc-entry-name').innerText()).toBe(target.nameMasked);
    expect(await card.getByTestId('sc-entry-list').innerText()).toContain(title);
    expect(await card.getByTestId('sc-entry-why').innerText()).toContain(target.resident!.nameMasked);
    await suite.shot(page, 'mine-desktop', true);

    await card.getByTestId('sc-check').click();
    const dialog = page.getByRole('dialog', { name: `核查：${target.nameMasked}` });
    await dialog.getByTestId('sc-check-outcome').waitFor();
    // Nothing chosen: the result is asked for; 已离开本辖区 asks where to.
    await page.getByTestId('sc-check-submit').click();
    await fieldOf(dialog, '核查结果').getByText('请选择核查结果').waitFor();
    await dialog.locator('label', { hasText: '已离开本辖区' }).click();
    await page.getByTestId('sc-check-submit').click();
    await fieldOf(dialog, '去了哪里（必填）').getByText('请填写').waitFor();
    await dialog.locator('label', { hasText: '查无此人' }).click();
    await dialog.getByLabel('说明（选填）').fill('上门两次无人应答，物业登记无此人');
    const sent = page.waitForResponse((r) => r.url() === `${base}/api/screening/entries/${target.id}/check` && r.request().method() === 'POST');
    await page.getByTestId('sc-check-submit').click();
    expect((await sent).status()).toBe(200);
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`已记录：${target.nameMasked} 查无此人`).first().waitFor();
    await card.waitFor({ state: 'detached' });
    const after = (await entriesOf(page, base, listId)).find((e) => e.id === target.id)!;
    expect(after).toMatchObject({ status: 'done', outcome: 'not_here', version: target.version + 1 });
    const found = await axeViolations(page);
    expect(found.length, describeViolations('my screening visits (desktop)', found)).toBe(0);
    expect(worker.problems).toEqual([]);
  });

  it('on a phone: 我的排查任务 as cards that fit the screen, big buttons, the check dialog across the width', async () => {
    const base = suite.base;
    const worker = await suite.loggedIn('grid1', { viewport: PHONE });
    const { page } = worker;
    await page.goto(`${base}/screening/mine`);
    await page.getByRole('heading', { level: 1, name: '我的排查任务' }).waitFor();
    const mine = (await getJson<{ items: Entry[] }>(page, base, '/api/screening/mine')).items;
    const cards = page.getByTestId('sc-mine-list').getByTestId('sc-entry');
    await expect.poll(() => cards.count()).toBe(mine.length);
    expect(mine.length).toBeGreaterThan(0);
    // 卡口已见 first, as the server orders them.
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-urgent')))).toEqual(mine.map((e) => String(e.urgent)).sort((a, b) => (a === b ? 0 : a === 'true' ? -1 : 1)));
    expect(await scrollsSideways(page)).toBe(false);
    const button = cards.first().getByTestId('sc-check');
    const box = (await button.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(40);
    expect(box.width).toBeGreaterThan(PHONE.width / 2);
    await suite.shot(page, 'mine-phone', true);
    await button.click();
    const dialog = page.getByRole('dialog', { name: /^核查：/ });
    await dialog.getByTestId('sc-check-outcome').waitFor();
    expect((await dialog.boundingBox())!.width).toBeGreaterThan(PHONE.width - 2);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'check-phone');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    const found = await axeViolations(page);
    expect(found.length, describeViolations('my screening visits (phone)', found)).toBe(0);
    expect(worker.problems).toEqual([]);
  });

  it('the district closes the list with entries still open: forced, with a reason', async () => {
    const base = suite.base;
    const district = await suite.loggedIn('district', { viewport: DESKTOP });
    const { page } = district;
    await page.goto(`${base}/screening/lists/${listId}`);
    await page.getByTestId('sc-list-title').filter({ hasText: title }).waitFor();
    const before = await listOf(page, base, listId);
    expect(before.figures.open).toBeGreaterThan(0);
    expect(before.figures.byOutcome.not_here).toBe(1);
    expect(await tileValue(page, 'done')).toBe(String(before.figures.done));
    await page.getByTestId('sc-close').click();
    const dialog = page.getByRole('dialog', { name: `结束名单：${title}` });
    expect(await dialog.getByTestId('sc-close-open').innerText()).toContain(`还有 ${before.figures.open} 人没有核查完`);
    await page.getByTestId('sc-close-submit').click();
    await dialog.getByText('有人还没核查完，要结束请勾选“仍要结束”并写明原因').waitFor();
    await dialog.getByTestId('sc-close-force').click();
    await dialog.getByLabel('结束原因').fill('收回');
    await page.getByTestId('sc-close-submit').click();
    await fieldOf(dialog, '结束原因').getByText('至少写 4 个字').waitFor();
    await dialog.getByLabel('结束原因').fill('上级已收回名单，转入下一批');
    await page.getByTestId('sc-close-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('sc-list-status').getAttribute('data-status')).toBe('closed');
    expect((await listOf(page, base, listId)).status).toBe('closed');
    expect(await page.getByTestId('sc-close').count()).toBe(0);
    expect(await page.getByTestId('sc-route').count()).toBe(0);
    // Closed: the receipt is still there.
    await page.getByTestId('sc-receipt-csv').waitFor();
    expect(district.problems).toEqual([]);
  });
});
