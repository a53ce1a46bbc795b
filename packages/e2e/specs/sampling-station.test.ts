// 采样台 (ADR 0079) in the browser: the collector opens the station from the menu, the demo's open round is chosen
// already, picks a site and station, and works with the keyboard alone, as a barcode scanner and an ID-card reader do
// (they type and press Enter): a tube barcode (a wrong one is said), ID numbers of walk-ins (synthetic, GB 11643 check
// character computed here; one with a lower-case x, one with a wrong check character, one twice) each with the name asked
// for, one member removed, 封管提交 — the tube is listed as 已提交 and the API holds it with its two people. The same
// barcode again is refused as used and its person stays for a new tube. Without a network a person is added unchecked
// (the name asked for) and a sealed tube waits (待上传 1 管), then goes out once when the network is back. The resident's
// workbench shows the personal sampling code as a QR code; the collector scans that code's text and sees the resident
// masked (not 外来人员), with the yellow 本轮已采样. And the station at phone size (390×844), where a single tube (单采) is
// full with its one person and goes out by itself.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption, getJson, menuEntries, scrollsSideways } from '../src/actions';
import { axeViolations, describeViolations } from '../src/axe';
import { checkChar, validId } from '../src/ids';
import { DESKTOP, e2eSuite, PHONE } from '../src/suite';

type Round = { id: string; name: string; roundDate: string; poolSize: number; status: string };
type TubeRow = { id: string; barcode: string; poolSize: number; members: number; siteName: string | null; station: number | null; doorToDoor: boolean; result: string };
type TubeDetail = TubeRow & { people: Array<{ nameMasked: string; idMasked: string; walkIn: boolean; repeat: boolean; residentId: string | null }> };

/** A run's own barcodes (the demo's are A/B/R + digits): never used before in this server. */
const RUN = Date.now().toString(36).toUpperCase();
const BARCODE_1 = `E2E-${RUN}-01`;
const BARCODE_2 = `E2E-${RUN}-02`;
const BARCODE_OFFLINE = `E2E-${RUN}-03`;
const BARCODE_CODE = `E2E-${RUN}-04`;
const BARCODE_PHONE = `E2E-${RUN}-05`;
const BARCODE_SINGLE = `E2E-${RUN}-06`;

/** Synthetic walk-ins: Beijing Dongcheng (110101), birth dates nobody in the demo community has. */
const person = (birth: string, seq: string) => validId(`110101${birth}${seq}`);
/** One whose check character is X: typed with a lower-case x, as some readers and people do. */
function personWithX(): string {
  for (let seq = 100; seq < 1000; seq++) {
    const first17 = `11010119770707${seq}`;
    if (checkChar(first17) === 'X') return first17 + 'x';
  }
  throw new Error('no sequence gives X');
}

/** What the browser logs for refusals a test provokes on purpose, and the requests cut while offline. */
const expectedProblem = (p: string) => /status of 409 \(Conflict\)/.test(p) || p.includes('ERR_INTERNET_DISCONNECTED');

async function openRound(page: Page, base: string): Promise<Round> {
  const rounds = (await getJson<{ items: Round[] }>(page, base, '/api/sampling/rounds?status=open')).items;
  expect(rounds, 'the demo seed holds one open round').toHaveLength(1);
  return rounds[0]!;
}
async function tubeByBarcode(page: Page, base: string, roundId: string, barcode: string): Promise<TubeRow[]> {
  return (await getJson<{ items: TubeRow[] }>(page, base, `/api/sampling/rounds/${roundId}/tubes?q=${encodeURIComponent(barcode)}`)).items
    .filter((t) => t.barcode === barcode);
}
/** The id of the element that has the keyboard (text: the specs compile without the DOM's types). */
const focusedId = (page: Page) => page.evaluate<string>("document.activeElement ? document.activeElement.id : ''");

/** The set-up: the site and station chosen, then 开始采样; the tube barcode's field has the keyboard. */
async function setUp(page: Page, site = '社区服务中心采样点', station = '2 号台'): Promise<void> {
  await page.getByTestId('ss-setup').waitFor();
  await chooseOption(page, page.getByRole('combobox', { name: '采样点' }), site);
  await chooseOption(page, page.getByRole('combobox', { name: '采样台' }), station);
  await page.getByTestId('ss-start').click();
  await page.getByTestId('ss-barcode').waitFor();
  await expect.poll(() => focusedId(page), { message: 'the barcode field takes the scanner' }).toBe('ss-barcode');
}

/** What a scanner or reader does: types into the focused field and presses Enter. */
async function scan(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** A walk-in: the reader types the ID number; the station asks for the name, which is typed and entered. */
async function walkIn(page: Page, idNumber: string, name: string): Promise<void> {
  await expect.poll(() => focusedId(page)).toBe('ss-person');
  const before = await page.getByTestId('ss-member').count();
  await scan(page, idNumber);
  const form = page.getByTestId('ss-walkin');
  await form.waitFor();
  expect(await form.innerText()).toContain('外来人员');
  await expect.poll(() => focusedId(page), { message: 'the name field takes the keyboard' }).toBe('ss-name');
  await scan(page, name);
  await form.waitFor({ state: 'detached' });
  await expect.poll(() => page.getByTestId('ss-member').count()).toBe(before + 1);
}

describe('the sampling station (采样台)', () => {
  const suite = e2eSuite('sampling-station');
  /** The resident's personal sampling code, read from their workbench (test 4, used in test 5). */
  let residentCode = '';

  it('a collector fills a tube by keyboard alone — walk-ins named, one removed — seals it, and the server holds it', async () => {
    const base = suite.base;
    const collector = await suite.loggedIn('collector', { viewport: DESKTOP });
    const { page } = collector;
    expect(await menuEntries(page)).toEqual(expect.arrayContaining(['核酸采样', '采样台']));
    await page.getByRole('menuitem', { name: '采样台' }).click();
    await page.waitForURL(`${base}/sampling/station`);
    await page.getByRole('heading', { level: 1, name: '采样台' }).waitFor();
    const round = await openRound(page, base);
    expect(round.poolSize).toBe(10);

    // The one open round is chosen already; the sites are the demo's two, with their stations.
    const roundField = page.locator('.rx-ss-field', { has: page.getByRole('combobox', { name: '采样轮次' }) });
    await expect.poll(() => roundField.innerText()).toContain(round.name);
    await page.getByTestId('ss-start').click();
    await page.getByText('请选择采样点', { exact: true }).waitFor();
    await page.getByRole('combobox', { name: '采样点' }).click();
    const siteOptions = page.locator('.ant-select-item-option:visible');
    await expect.poll(async () => (await siteOptions.allInnerTexts()).sort()).toEqual(['海滨广场采样点', '社区服务中心采样点'].sort());
    await page.keyboard.press('Escape');
    await setUp(page);
    expect(await page.getByTestId('ss-summary-round').innerText()).toContain(round.name);
    expect(await page.getByTestId('ss-summary-place').innerText()).toBe('社区服务中心采样点 · 2 号台');
    // 10 合 1 is the round's pool size.
    expect(await page.getByTestId('ss-pool').locator('.ant-segmented-item-selected').innerText()).toBe('10 合 1');

    // Step 1: a wrong barcode is said, and nothing moves on; the right one opens the tube.
    await scan(page, 'AB1');
    expect(await page.getByTestId('ss-barcode-error').innerText()).toContain('条码不对');
    await page.getByTestId('ss-barcode').fill('');
    await scan(page, BARCODE_1);
    await expect.poll(() => page.getByTestId('ss-tube-barcode').innerText()).toBe(`试管 ${BARCODE_1}`);
    expect(await page.getByTestId('ss-count').innerText()).toBe('已采 0 / 10 人');
    await expect.poll(() => focusedId(page)).toBe('ss-person');

    // Step 2: a wrong check character is refused on the spot; walk-ins are asked their names.
    const first = personWithX();
    const second = person('19660318', '215');
    const third = person('19881111', '046');
    const wrong = second.slice(0, 17) + (second.endsWith('0') ? '1' : '0');
    await scan(page, wrong);
    await expect.poll(() => page.getByTestId('ss-feedback').innerText()).toContain('最后一位校验码不对');
    expect(await page.getByTestId('ss-member').count()).toBe(0);
    await walkIn(page, first, '测试甲');
    // The answer: 外来人员, the ID masked (the lower-case x read as X).
    expect(await page.getByTestId('ss-answer-id').innerText()).toBe(`110101********${first.slice(14, 17)}X`);
    expect(await page.getByTestId('ss-answer-name').innerText()).toBe('测**');
    await walkIn(page, second, '测试乙');
    // The same person again: refused, nobody added.
    await scan(page, first.toUpperCase());
    await expect.poll(() => page.getByTestId('ss-feedback').innerText()).toBe('此人已经在本管第 1 位，不能重复加入。');
    expect(await page.getByTestId('ss-member').count()).toBe(2);
    await walkIn(page, third, '测试丙');
    expect(await page.getByTestId('ss-count').innerText()).toBe('已采 3 / 10 人');
    expect(await page.getByTestId('ss-member-pos').allInnerTexts()).toEqual(['1/10', '2/10', '3/10']);

    // 移除 the second; the others keep their order.
    await page.getByRole('button', { name: '移除第 2 位：测**' }).click();
    await expect.poll(() => page.getByTestId('ss-member').count()).toBe(2);
    expect(await page.getByTestId('ss-member-id').allInnerTexts()).toEqual([`110101********${first.slice(14, 17)}X`, `110101********${third.slice(14)}`]);
    expect(await page.getByTestId('ss-count').innerText()).toBe('已采 2 / 10 人');

    // 封管提交: one request; the station is back at step 1 at once; the tube is listed as sent.
    const sent = page.waitForResponse((r) => r.url().endsWith(`/api/sampling/rounds/${round.id}/tubes`) && r.request().method() === 'POST');
    await page.getByTestId('ss-seal').click();
    const answer = await sent;
    expect(answer.status()).toBe(201);
    expect(answer.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.request().postDataJSON()).toMatchObject({
      barcode: BARCODE_1, station: 2, poolSize: 10,
      members: [{ idNumber: first.toUpperCase(), name: '测试甲' }, { idNumber: third, name: '测试丙' }],
    });
    await expect.poll(() => focusedId(page)).toBe('ss-barcode');
    const item = page.locator(`[data-testid="ss-recent-item"][data-barcode="${BARCODE_1}"]`);
    await expect.poll(() => item.getAttribute('data-status')).toBe('ok');
    expect(await item.getByTestId('ss-recent-status').innerText()).toBe('已提交');
    expect(await item.getByTestId('ss-recent-people').innerText()).toBe('2 人');
    expect(await page.getByTestId('ss-sent').innerText()).toBe('已提交 1 管');
    expect(await page.getByTestId('ss-waiting').innerText()).toBe('待上传 0 管');

    // The server holds it: two people, walk-ins, masked; at the site and station chosen.
    const [row] = await tubeByBarcode(page, base, round.id, BARCODE_1);
    expect(row).toMatchObject({ barcode: BARCODE_1, poolSize: 10, members: 2, siteName: '社区服务中心采样点', station: 2, doorToDoor: false, result: 'pending' });
    const detail = await getJson<TubeDetail>(page, base, `/api/sampling/tubes/${row!.id}`);
    expect(detail.people.map((p) => [p.nameMasked, p.walkIn])).toEqual([['测**', true], ['测**', true]]);
    expect(collector.problems).toEqual([]);
  });

  it('the same barcode again is refused as used; its person stays in the tube for a new barcode', async () => {
    const base = suite.base;
    const collector = await suite.loggedIn('collector', { viewport: DESKTOP });
    const { page } = collector;
    await page.goto(`${base}/sampling/station`);
    await setUp(page, '海滨广场采样点', '1 号台');
    const round = await openRound(page, base);
    await scan(page, BARCODE_1);
    await walkIn(page, person('19590909', '337'), '测试丁');
    await page.getByTestId('ss-seal').click();
    // Refused: said so, and the person is back in the tube, waiting for another tube's barcode.
    const notice = page.getByTestId('ss-notice');
    await expect.poll(() => notice.innerText()).toContain(`试管 ${BARCODE_1} 的条码已经用过了`);
    expect(await notice.innerText()).toContain('1 人已放回本管，请扫描一支新试管');
    expect(await page.getByTestId('ss-member').count()).toBe(1);
    const item = page.locator(`[data-testid="ss-recent-item"][data-barcode="${BARCODE_1}"]`);
    await expect.poll(() => item.getAttribute('data-status')).toBe('restored');
    await expect.poll(() => focusedId(page)).toBe('ss-barcode');
    // The new tube takes the person; sealed and sent.
    await scan(page, BARCODE_2);
    await expect.poll(() => page.getByTestId('ss-tube-barcode').innerText()).toBe(`试管 ${BARCODE_2}`);
    expect(await page.getByTestId('ss-count').innerText()).toBe('已采 1 / 10 人');
    await page.getByTestId('ss-seal').click();
    await expect.poll(() => page.locator(`[data-testid="ss-recent-item"][data-barcode="${BARCODE_2}"]`).getAttribute('data-status')).toBe('ok');
    expect(await tubeByBarcode(page, base, round.id, BARCODE_1)).toHaveLength(1); // still the first test's tube only
    expect(await tubeByBarcode(page, base, round.id, BARCODE_2)).toMatchObject([{ members: 1, siteName: '海滨广场采样点', station: 1 }]);
    expect(collector.problems.filter((p) => !expectedProblem(p))).toEqual([]);
  });

  it('without a network a person is added unchecked and the sealed tube waits (待上传 1 管), then goes out once', async () => {
    const base = suite.base;
    const collector = await suite.loggedIn('collector', { viewport: DESKTOP });
    const { page, context } = collector;
    // Reads the server through another session (this one goes offline).
    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    await page.goto(`${base}/sampling/station`);
    await setUp(page);
    const round = await openRound(page, base);
    await scan(page, BARCODE_OFFLINE);
    await walkIn(page, person('19700101', '518'), '测试戊');

    await context.setOffline(true);
    // The check cannot be asked: the station says so and asks for the name, and adds the person unchecked.
    await scan(page, person('19720202', '624'));
    const offline = page.getByTestId('ss-offline-name');
    await offline.waitFor();
    expect(await offline.innerText()).toContain('网络断开，暂时无法核对身份');
    await expect.poll(() => focusedId(page)).toBe('ss-name');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('ss-name-error').innerText()).toBe('请填写姓名');
    await scan(page, '测试己');
    await expect.poll(() => page.getByTestId('ss-member').count()).toBe(2);
    expect(await page.getByTestId('ss-member').nth(1).getByTestId('ss-tag-unchecked').innerText()).toBe('未核对（无网络）');

    await page.getByTestId('ss-seal').click();
    await expect.poll(() => page.getByTestId('ss-waiting').innerText()).toBe('待上传 1 管');
    await page.getByTestId('ss-waiting-hint').waitFor();
    const item = page.locator(`[data-testid="ss-recent-item"][data-barcode="${BARCODE_OFFLINE}"]`);
    expect(await item.getAttribute('data-status')).toBe('waiting');
    expect(await item.getByTestId('ss-recent-status').innerText()).toBe('待上传');
    // The station is ready for the next tube meanwhile.
    await expect.poll(() => focusedId(page)).toBe('ss-barcode');
    expect(await tubeByBarcode(admin.page, base, round.id, BARCODE_OFFLINE)).toHaveLength(0);
    // Nothing of it in the browser's storage.
    const stored = await page.evaluate<string>('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })');
    expect(stored).not.toContain('110101');

    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('ss-waiting').innerText()).toBe('待上传 0 管');
    await expect.poll(() => item.getAttribute('data-status')).toBe('ok');
    expect(await page.getByTestId('ss-sent').innerText()).toBe('已提交 1 管');
    const rows = await tubeByBarcode(admin.page, base, round.id, BARCODE_OFFLINE);
    expect(rows).toMatchObject([{ members: 2 }]);
    const detail = await getJson<TubeDetail>(admin.page, base, `/api/sampling/tubes/${rows[0]!.id}`);
    expect(detail.people.map((p) => p.nameMasked)).toEqual(['测**', '测**']);
    expect(collector.problems.filter((p) => !expectedProblem(p))).toEqual([]);
  });

  it('the resident’s workbench shows the personal sampling code as a QR code, and the results', async () => {
    const resident = await suite.loggedIn('resident', { viewport: PHONE });
    const { page } = resident;
    const card = page.getByTestId('sm-card');
    await card.waitFor();
    expect(await card.getByRole('heading', { level: 2 }).innerText()).toBe('核酸采样');
    await card.getByTestId('sm-code').waitFor();
    residentCode = (await card.getByTestId('sm-code').innerText()).trim();
    expect(residentCode).toMatch(/^RXS-/);
    expect(await card.getByTestId('sm-qr').locator('svg, canvas').count()).toBeGreaterThan(0);
    expect(await card.getByTestId('sm-valid').innerText()).toMatch(/^今明两天有效（到 \d{2}-\d{2} \d{2}:\d{2}）$/);
    // The demo resident was sampled in yesterday's and today's rounds: newest first, each with its result in words.
    const results = card.getByTestId('sm-result');
    await expect.poll(() => results.count()).toBeGreaterThanOrEqual(2);
    const tags = await card.getByTestId('sm-result-tag').allInnerTexts();
    for (const tag of tags) expect(['待出结果', '阴性', '待复核', '阳性']).toContain(tag);
    expect(tags[0]).toBe('待出结果'); // today's round has no results yet
    await card.getByTestId('sm-qr').scrollIntoViewIfNeeded();
    await suite.shot(page, 'resident-card-phone');
    expect(await scrollsSideways(page)).toBe(false);
    const found = await axeViolations(page);
    expect(found.length, describeViolations('resident workbench with the sampling card (phone)', found)).toBe(0);
    expect(resident.problems).toEqual([]);
  });

  it('the collector scans the resident’s code: the resident, masked (not 外来人员), already sampled in this round', async () => {
    expect(residentCode, 'the code the resident showed').toMatch(/^RXS-/);
    const base = suite.base;
    const collector = await suite.loggedIn('collector', { viewport: DESKTOP });
    const { page } = collector;
    await page.goto(`${base}/sampling/station`);
    await setUp(page);
    const round = await openRound(page, base);
    await scan(page, BARCODE_CODE);
    await expect.poll(() => focusedId(page)).toBe('ss-person');
    await scan(page, residentCode);
    const feedback = page.getByTestId('ss-feedback');
    await feedback.waitFor();
    expect(await feedback.getAttribute('data-kind')).toBe('answer');
    const name = await page.getByTestId('ss-answer-name').innerText();
    expect(name).toMatch(/^\S\*+$/);
    expect(name).not.toContain('外来人员');
    expect(await page.getByTestId('ss-walkin').count()).toBe(0);
    expect(await page.getByTestId('ss-answer-grid').innerText()).not.toBe('');
    // Sampled in today's round already (the demo): the yellow warning, and still added.
    expect(await page.getByTestId('ss-answer-repeat').innerText()).toContain('此人本轮已经采过');
    expect(await page.getByTestId('ss-member').count()).toBe(1);
    expect(await page.getByTestId('ss-member').getByTestId('ss-tag-repeat').innerText()).toBe('本轮已采样');
    await suite.shot(page, 'station-desktop-repeat');
    await page.getByTestId('ss-seal').click();
    await expect.poll(() => page.locator(`[data-testid="ss-recent-item"][data-barcode="${BARCODE_CODE}"]`).getAttribute('data-status')).toBe('ok');
    const [row] = await tubeByBarcode(page, base, round.id, BARCODE_CODE);
    const detail = await getJson<TubeDetail>(page, base, `/api/sampling/tubes/${row!.id}`);
    expect(detail.people).toMatchObject([{ walkIn: false, repeat: true, nameMasked: name }]);
    expect(collector.problems).toEqual([]);
  });

  it('at phone size (390×844): the station from the menu, big fields, no sideways scrolling, accessible', async () => {
    const base = suite.base;
    const collector = await suite.loggedIn('collector', { viewport: PHONE });
    const { page } = collector;
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.getByRole('menuitem', { name: '采样台' }).click();
    await page.waitForURL(`${base}/sampling/station`);
    await setUp(page, '社区服务中心采样点', '3 号台');
    expect(await scrollsSideways(page)).toBe(false);
    const field = (await page.getByTestId('ss-barcode').boundingBox())!;
    expect(field.height).toBeGreaterThanOrEqual(48);
    await scan(page, BARCODE_PHONE);
    await walkIn(page, person('19800505', '731'), '测试庚');
    await walkIn(page, person('19810606', '842'), '测试辛');
    expect(await page.getByTestId('ss-count').innerText()).toBe('已采 2 / 10 人');
    for (const button of await page.getByTestId('ss-member-remove').all()) expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect((await page.getByTestId('ss-seal').boundingBox())!.height).toBeGreaterThanOrEqual(48);
    expect(await scrollsSideways(page)).toBe(false);
    await suite.shot(page, 'station-phone-mid-tube');
    await suite.shot(page, 'station-phone-mid-tube-full', true);
    const found = await axeViolations(page);
    expect(found.length, describeViolations('sampling station mid-tube (phone)', found)).toBe(0);
    await page.getByTestId('ss-seal').click();
    await expect.poll(() => page.locator(`[data-testid="ss-recent-item"][data-barcode="${BARCODE_PHONE}"]`).getAttribute('data-status')).toBe('ok');
    expect(await scrollsSideways(page)).toBe(false);

    // 单采: the tube is full with its one person and goes out by itself; the station is back at step 1.
    await page.getByTestId('ss-pool').getByText('单采', { exact: true }).click();
    expect(await page.getByTestId('ss-pool').locator('.ant-segmented-item-selected').innerText()).toBe('单采');
    await page.getByTestId('ss-barcode').focus();
    await scan(page, BARCODE_SINGLE);
    await expect.poll(() => page.getByTestId('ss-count').innerText()).toBe('已采 0 / 1 人');
    await expect.poll(() => focusedId(page)).toBe('ss-person');
    await scan(page, person('19900909', '153'));
    await page.getByTestId('ss-walkin').waitFor();
    await expect.poll(() => focusedId(page)).toBe('ss-name');
    await scan(page, '测试壬');
    const single = page.locator(`[data-testid="ss-recent-item"][data-barcode="${BARCODE_SINGLE}"]`);
    await expect.poll(() => single.getAttribute('data-status')).toBe('ok');
    expect(await single.getByTestId('ss-recent-people').innerText()).toBe('1 人');
    await expect.poll(() => focusedId(page)).toBe('ss-barcode');
    expect(await page.getByTestId('ss-tube-head').count()).toBe(0);
    const round = await openRound(page, base);
    expect(await tubeByBarcode(page, base, round.id, BARCODE_SINGLE)).toMatchObject([{ poolSize: 1, members: 1, station: 3 }]);
    expect(collector.problems).toEqual([]);
  });
});
