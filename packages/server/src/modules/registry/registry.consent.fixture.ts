// Shared setup of the consent tests (registry.consent.test.ts, registry.guardian-consent.test.ts; ADR 0033, ADR 0039):
// the app, the scoped fixture, the community admin, the privacy notice version, a compound for import files, a temp dir,
// and the helpers both use. Not a test file itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCnId } from '@renxing/shared';
import { expect } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture, SYSTEM_ACTOR } from '../../../test/registry-fixture';

export type ConsentFixture = {
  t: TestApp;
  fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  /** The community admin's session. */
  admin: Session;
  /** The current privacy notice version (a resident's consent names it). */
  noticeVersion: string;
  /** A temp dir for import files (removed by closeConsentFixture). */
  dir: string;
};

/**
 * A test app at 2025-06-01 09:00 (Shanghai) with the scoped fixture, the community admin logged in, and a compound named
 * `compound` with building 1幢 in grid 1 for the import files; `tmpPrefix` names the temp dir.
 */
export async function openConsentFixture(o: { compound: string; tmpPrefix: string }): Promise<ConsentFixture> {
  const t = await createTestApp({ clockStart: '2025-06-01T09:00:00+08:00' });
  const fx = await seedScopedFixture(t);
  const admin = await t.login('admin');
  const noticeVersion = (await t.app.inject({ method: 'GET', url: '/api/privacy/notice' })).json().version as string;
  const reg = t.services.registry;
  const c = await reg.createCompound(SYSTEM_ACTOR, { communityId: t.orgs.community.id, name: o.compound });
  await reg.createBuilding(SYSTEM_ACTOR, { compoundId: c.id, gridId: fx.g1.id, name: '1幢' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), o.tmpPrefix));
  return { t, fx, admin, noticeVersion, dir };
}

export async function closeConsentFixture(f: Pick<ConsentFixture, 't' | 'dir'>): Promise<void> {
  fs.rmSync(f.dir, { recursive: true, force: true });
  await f.t.close();
}

/** A number written with Chinese digits, for synthetic names (a name may not contain digits: 400 on body.name). */
export const cnNum = (n: number) => [...String(n)].map((d) => '零一二三四五六七八九'[Number(d)]).join('');

/** A resident's consent records, oldest first. */
export const consentRows = (t: TestApp, residentId: string) =>
  t.platform.database.db.selectFrom('resident_consents').selectAll().where('resident_id', '=', residentId).orderBy('recorded_at').orderBy('id').execute();

/**
 * A resident in household h1 (grid 1) created through the API by `s` (201 expected): a registered resident without a
 * phone, relation `other` unless `extra` says otherwise; the ID number from `birth` and `seq`.
 */
export async function addResident(f: Pick<ConsentFixture, 't' | 'fx'>, s: Session, p: { name: string; birth: string; seq: number }, extra: Record<string, unknown> = {}) {
  const res = await as(f.t, s).post('/api/residents', {
    householdId: f.fx.h1.id, name: p.name, idNumber: makeCnId('330902', p.birth, p.seq), phone: null, relation: 'other', residenceType: 'registered', ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; tags: string[] };
}

/** Uploads `file` (as `filename`) to the registry import as `s`, with the query string `q`. */
export function uploadCsv(t: TestApp, s: Session, file: string, filename: string, q: string) {
  const boundary = '----rxconsent';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`),
    fs.readFileSync(file),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.app.inject({ method: 'POST', url: `/api/registry/imports?${q}`, payload: body, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` } });
}
