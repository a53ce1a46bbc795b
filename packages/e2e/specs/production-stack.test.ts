// The production configuration in the browser: PostgreSQL (DATABASE_URL), sessions in Redis (REDIS_URL) and an external
// MQTT broker (MQTT_URL, Mosquitto). Every other spec runs on the embedded default (SQLite, database sessions, aedes).
// The spec creates its own database and drops it afterwards; PostgreSQL, Redis and Mosquitto must run on localhost (as
// for `npm run test:pg`), or be named by RENXING_E2E_PG_URL (a database to connect to for create/drop),
// RENXING_E2E_REDIS_URL and RENXING_E2E_MQTT_URL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkImportFile, existingBuilding, findImportedByPinyin } from '../src/actions';
import { badId, validId } from '../src/ids';
import { DESKTOP, e2eSuite } from '../src/suite';

const PG_ADMIN_URL = process.env.RENXING_E2E_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.RENXING_E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MQTT_URL = process.env.RENXING_E2E_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const DATABASE = `rx_e2e_${process.pid}_${Date.now()}`;
const DATABASE_URL = (() => {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${DATABASE}`;
  return u.toString();
})();

/** One statement on a short-lived connection (`url`: the admin database for create/drop, else the spec's own). */
async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const HEADER = '姓名,身份证号,手机号,小区,楼栋,单元,房号,与户主关系,人员类型,标签';

// An already running deployment (RENXING_E2E_BASE_URL) is not started by this spec, so its stack cannot be chosen here.
describe.skipIf(!!process.env.RENXING_E2E_BASE_URL)('the production stack: PostgreSQL, Redis sessions, external MQTT broker', () => {
  // Registered before the suite's hooks: the database exists before the server starts and is dropped after it stopped
  // (after-hooks run in reverse order).
  beforeAll(async () => {
    await query(PG_ADMIN_URL, `create database ${DATABASE}`);
  });
  afterAll(async () => {
    await query(PG_ADMIN_URL, `drop database if exists ${DATABASE} with (force)`);
  });
  // RENXING_SEED=demo: the server seeds the demo community into the new database itself (the suite's seeded template
  // is an SQLite data directory).
  const suite = e2eSuite('production-stack', { env: { DATABASE_URL, REDIS_URL, MQTT_URL, RENXING_SEED: 'demo' } });
  let redis: Redis;
  let tmp: string;
  beforeAll(() => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-e2e-prod-'));
  });
  afterAll(async () => {
    redis?.disconnect();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });
  const sessionsOf = (userId: string) => redis.scard(`rx:sess:user:${userId}`);

  it('imports part of a file, finds the person by pinyin initials, reveals the ID; the auditor sees the reveal', async () => {
    const base = suite.base;
    // The server really runs on what was configured: nothing silently fell back to SQLite, database sessions or aedes.
    const health = (await (await fetch(`${base}/healthz`)).json()) as { dialect: string };
    expect(health.dialect).toBe('postgres');
    expect(suite.output()).toMatch(new RegExp(`listening on http://\\S+ \\(postgres; .*; sessions Redis ${escape(REDIS_URL)}; MQTT ${escape(MQTT_URL)} \\(external\\)\\)`));

    const admin = await suite.loggedIn('admin', { viewport: DESKTOP });
    const { page } = admin;
    const adminId = ((await (await page.request.get(`${base}/api/auth/me`)).json()) as { user: { id: string } }).user.id;
    // The session is in Redis, and not in the database's sessions table.
    expect(await sessionsOf(adminId)).toBe(1);
    expect(await query<{ n: string }>(DATABASE_URL, 'select count(*) as n from sessions')).toEqual([{ n: '0' }]);

    // Three invented people in a new room; the second ID has a wrong check character.
    const { compound, building } = await existingBuilding(page, base);
    const room = '9907';
    const people = [
      { name: '闵澜舟', first17: '33090219760412701', relation: '户主', id: (f: string) => validId(f) },
      { name: '闵澜溪', first17: '33090219780919702', relation: '配偶', id: (f: string) => badId(f) },
      { name: '闵澜清', first17: '33090220020301703', relation: '子女', id: (f: string) => validId(f) },
    ];
    const file = path.join(tmp, '居民名单.csv');
    fs.writeFileSync(file, '\uFEFF' + [HEADER, ...people.map((p, i) => [p.name, p.id(p.first17), `1390008${7000 + i}`, compound, building, '1单元', room, p.relation, '户籍', ''].join(','))].join('\r\n') + '\r\n', 'utf8');

    await page.getByRole('navigation', { name: '主菜单' }).getByRole('menuitem', { name: '导入' }).click();
    await page.waitForURL(`${base}/registry/import`);
    const errorRows = await checkImportFile(page, file);
    await expect.poll(() => errorRows.count()).toBe(1);
    expect((await errorRows.first().locator('td').allInnerTexts()).slice(0, 3)).toEqual(['3', '2', '身份证号']);
    // Partial: the two good rows go in, the bad one is skipped.
    await page.getByTestId('mode-partial').click();
    await page.getByTestId('import-submit').click();
    await expect.poll(() => page.getByTestId('import-result').innerText()).toBe('已导入正确的行：新登记 2 人，更新 0 人；跳过 1 行有问题的数据。');
    await expect.poll(() => page.getByTestId('import-history-table').locator('tbody tr.ant-table-row').first().innerText())
      .toMatch(/社区书记[\s\S]*只导入正确的行\s+3\s+2\s+0\s+1\s+部分导入/);

    // Find 闵澜舟 by the initials "mlz" and open the profile.
    const ours = await findImportedByPinyin(page, base, 'mlz', `${compound} ${building} 1单元 ${room}`);
    await ours.locator('a').first().click();
    await page.waitForURL(/\/registry\/residents\/[^/]+$/);
    await expect.poll(() => page.getByTestId('resident-name').innerText()).toBe('闵澜舟');
    const residentId = new URL(page.url()).pathname.split('/').pop()!;

    // The ID number in full, with a reason.
    await page.getByTestId('reveal-idNumber').click();
    const dialog = page.getByRole('dialog', { name: '查看完整身份证号' });
    await dialog.getByLabel('查看原因').fill('入户核对身份');
    await dialog.getByRole('button', { name: '确认查看' }).click();
    await expect.poll(() => page.getByTestId('revealed-idNumber').innerText()).toBe(validId(people[0]!.first17));
    await suite.shot(page, 'revealed');
    expect(admin.problems).toEqual([]);

    // The auditor finds that reveal in the audit log, and the chain (on PostgreSQL) verifies.
    const auditor = await suite.loggedIn('auditor', { viewport: DESKTOP });
    const ap = auditor.page;
    const auditorId = ((await (await ap.request.get(`${base}/api/auth/me`)).json()) as { user: { id: string } }).user.id;
    expect(await sessionsOf(auditorId)).toBe(1);
    await ap.goto(`${base}/audit?action=reveal`);
    const rows = ap.getByTestId('audit-table').locator('tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toMatch(/admin（社区书记\/主任）[\s\S]*查看完整信息\s+reveal[\s\S]*成功/);
    await rows.first().click();
    const detail = ap.getByTestId('audit-detail');
    await detail.waitFor();
    expect(await detail.innerText()).toContain(residentId);
    expect(await detail.innerText()).toContain('入户核对身份');
    await ap.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    await ap.getByTestId('audit-verify').click();
    await expect.poll(() => ap.getByTestId('audit-verify-result').innerText()).toMatch(/哈希链完整：已校验 \d+ 条记录，未发现篡改。/);
    await suite.shot(ap, 'audit-reveal');

    // Logging out ends the session in Redis.
    await ap.getByTestId('user-menu').click();
    await ap.getByRole('menuitem', { name: '退出登录' }).click();
    await ap.waitForURL(`${base}/login`);
    expect((await ap.request.get(`${base}/api/auth/me`)).status()).toBe(401);
    expect(await sessionsOf(auditorId)).toBe(0);
    expect(auditor.problems).toEqual([]);
  });
});
