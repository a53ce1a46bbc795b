import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/harness';
import { systemActor } from '../audit';
import { FIELD_REGISTRY, type FieldPolicy } from './field-registry';
import { buildNotice, createNoticeService, FIELD_LABELS, NOTICE_TEXT_VERSION, NOTICED_CLASSES, type NoticeGroup } from './notice';

/** Every personal / sensitive / special column of a registry, as table.column. */
function noticedColumns(registry: Record<string, Record<string, FieldPolicy>>): string[] {
  return Object.entries(registry).flatMap(([t, cols]) => Object.entries(cols).filter(([, p]) => NOTICED_CLASSES.has(p.class)).map(([c]) => `${t}.${c}`)).sort();
}
const listed = (groups: NoticeGroup[]) => groups.flatMap((g) => g.items.flatMap((i) => i.fields.flatMap((f) => f.columns))).sort();
const collected = (doc: { sections: Array<{ id: string; groups?: NoticeGroup[] }> }) => doc.sections.find((s) => s.id === 'collected')!.groups!;

describe('processing notice (个人信息处理规则, PRIV-03)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('is public: no login; its generated section lists every personal and sensitive column of the registry, by purpose and legal basis', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/privacy/notice' });
    expect(r.statusCode).toBe(200);
    const n = r.json();
    expect(n.version.startsWith(`${NOTICE_TEXT_VERSION}+`)).toBe(true);
    for (const lang of ['zh-CN', 'en'] as const) {
      const groups = collected(n.content[lang]);
      expect(listed(groups)).toEqual(noticedColumns(FIELD_REGISTRY));
      // Every purpose that has personal data is a group, under the basis the registry gives it.
      const purposes = new Set(Object.values(FIELD_REGISTRY).flatMap((cols) => Object.values(cols).filter((p) => NOTICED_CLASSES.has(p.class) && !p.derivedFrom).map((p) => `${p.purpose[0]}|${p.basis}`)));
      expect(new Set(groups.map((g) => `${g.purpose}|${g.basis}`))).toEqual(purposes);
      expect(n.content[lang].sections.map((s: { id: string }) => s.id)).toEqual(['processor', 'purposes', 'methods', 'collected', 'rights', 'children', 'contact']);
    }
    // Retention in words, from the registry.
    const zh = collected(n.content['zh-CN']);
    const monitoring = zh.find((g) => g.purpose === 'epidemic.monitoring')!;
    expect(monitoring.basis).toBe('public_health_emergency');
    expect(monitoring.items[0]!.retention).toBe('28 天；应急期结束后 30 天内删除（以先到者为准）');
    expect(zh.find((g) => g.purpose === 'export')!.items[0]!.retention).toBe('不超过 3 年');
    expect(zh.find((g) => g.purpose === 'security')!.items[0]!.retention).toBe('退出登录或登录过期后删除');
    // A derived column (masked copy, blind index, search key) is listed with its source, not on its own.
    const id = zh.flatMap((g) => g.items.flatMap((i) => i.fields)).find((f) => f.columns.includes('residents.id_number_enc'))!;
    expect(id.label).toBe('身份证号（加密保存）');
    expect(id.columns).toEqual(expect.arrayContaining(['residents.id_bidx', 'residents.id_masked', 'residents.id_tail']));
    expect(r.body).toContain('我的信息查阅记录');
    expect(r.body).toContain('我的信息”页面');
  });

  it('has a section on children under 14 (PIPL Art. 31): guardian consent to care tags, given or withdrawn on 我的信息 — a new text version, so residents acknowledge again', async () => {
    const n = (await t.app.inject({ method: 'GET', url: '/api/privacy/notice' })).json();
    const section = (lang: 'zh-CN' | 'en') => n.content[lang].sections.find((s: { id: string }) => s.id === 'children') as { heading: string; paragraphs: string[] };
    const zh = section('zh-CN');
    expect(zh.heading).toBe('未满 14 周岁的儿童');
    const zt = zh.paragraphs.join('');
    expect(zt).toContain('第三十一条');
    expect(zt).toContain('须经其父母或其他监护人同意');
    expect(zt).toContain('“我的信息”页面');
    expect(zt).toContain('随时撤回同意');
    const en = section('en');
    expect(en.heading).toBe('Children under 14');
    const et = en.paragraphs.join(' ');
    expect(et).toContain('PIPL Art. 28 and 31');
    expect(et).toContain('consent of a parent or other guardian');
    expect(et).toContain('“My information”');
    expect(et).toContain('withdraw that consent at any time');
    // The text changed, so its version did: an acknowledgement of the version before it no longer counts.
    expect(NOTICE_TEXT_VERSION).toBe('2026-11.1');
    expect(n.version.startsWith('2026-11.1+')).toBe(true);
    const resident = (await t.services.auth.findByUsername('resident'))!;
    const before = buildNotice({ processor: null, contact: null, textVersion: '2025-06.1' }).version;
    await t.platform.database.db.insertInto('notice_acks').values({ user_id: resident.id, version: before, acknowledged_at: t.platform.database.codec.ts(t.clock.now()) }).execute();
    const me = await t.login('resident');
    expect((await as(t, me).get('/api/me/notice-ack')).json()).toEqual({ version: n.version, acknowledged: false, acknowledgedAt: null });
    await t.platform.database.db.deleteFrom('notice_acks').where('user_id', '=', resident.id).execute();
  });

  it('names every personal column in everyday words (zh-CN and English)', () => {
    const sources = Object.entries(FIELD_REGISTRY).flatMap(([tb, cols]) =>
      Object.entries(cols).filter(([, p]) => NOTICED_CLASSES.has(p.class) && !(p.derivedFrom && cols[p.derivedFrom])).map(([c]) => `${tb}.${c}`));
    expect(sources.filter((k) => !FIELD_LABELS[k])).toEqual([]);
  });

  it('a new personal column in the registry appears in the notice and gives a new version', () => {
    const base = buildNotice({ processor: null, contact: null });
    const registry = { ...FIELD_REGISTRY, residents: { ...FIELD_REGISTRY.residents, blood_type: { ...FIELD_REGISTRY.residents!.sex!, purpose: ['epidemic.lab'] } } };
    const next = buildNotice({ processor: null, contact: null, registry });
    expect(listed(collected(next.content.en))).toContain('residents.blood_type');
    expect(collected(next.content.en).map((g) => g.purpose)).toContain('epidemic.lab');
    expect(next.version).not.toBe(base.version);
    // The configured processor is named, and is part of the version too.
    const named = buildNotice({ processor: '定海区某街道办事处', contact: '0580-0000000' });
    expect(JSON.stringify(named.content['zh-CN'])).toContain('个人信息处理者：定海区某街道办事处');
    expect(named.version).not.toBe(base.version);
  });

  it('lists the emergency periods in force (the current legal basis of self-reports), outside the versioned text', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/privacy/notice' })).json();
    expect(before.emergencies).toEqual([]);
    await t.services.emergencies.ensureDeclared(systemActor('test'), t.orgs.district.id, '2025-05-01', '舟山市新冠防控指挥部通告 2025 第1号', 'test');
    const after = (await t.app.inject({ method: 'GET', url: '/api/privacy/notice' })).json();
    expect(after.emergencies).toEqual([{ area: '定海区', since: '2025-05-01', legalRef: '舟山市新冠防控指挥部通告 2025 第1号' }]);
    expect(after.version).toBe(before.version);
  });

  it('a resident acknowledges the current version once: stored with the time and audited', async () => {
    const me = await t.login('resident');
    const version = t.services.notice.version();
    expect((await as(t, me).get('/api/me/notice-ack')).json()).toEqual({ version, acknowledged: false, acknowledgedAt: null });
    const r = await as(t, me).post('/api/me/notice-ack', { version });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ version, acknowledged: true, acknowledgedAt: t.clock.now().toISOString() });
    t.clock.advance(60_000);
    const again = await as(t, me).post('/api/me/notice-ack', { version });
    expect(again.json().acknowledgedAt).toBe(r.json().acknowledgedAt);
    const { db } = t.platform.database;
    expect(await db.selectFrom('notice_acks').selectAll().where('user_id', '=', me.userId).execute()).toHaveLength(1);
    const audited = await db.selectFrom('audit_log').selectAll().where('action', '=', 'notice_ack').execute();
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actor_id: me.userId, object_type: 'notice', object_id: version, outcome: 'success' });
    expect((await as(t, me).get('/api/me/notice-ack')).json().acknowledged).toBe(true);

    // A new version of the notice (new text or a new registry column): the resident is asked again.
    const next = createNoticeService(t.platform.database, t.services.audit, t.services.orgs, () => t.clock.now(), { processor: null, contact: null, textVersion: '2099-01.1' });
    expect(next.version()).not.toBe(version);
    expect(await next.status(me.userId)).toEqual({ version: next.version(), acknowledged: false, acknowledgedAt: null });
  });

  it('validates the body (400 naming version), refuses an old version (409), and only residents acknowledge', async () => {
    const me = await t.login('resident');
    const missing = await as(t, me).post('/api/me/notice-ack', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.map((d: { path: string }) => d.path)).toContain('body.version');
    expect((await as(t, me).post('/api/me/notice-ack', { version: t.services.notice.version(), extra: 1 })).statusCode).toBe(400);
    const stale = await as(t, me).post('/api/me/notice-ack', { version: '2024-01.1+deadbeef' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'notice_version_mismatch', details: [{ path: 'version' }] });

    const staff = await t.login('grid1');
    expect((await as(t, staff).post('/api/me/notice-ack', { version: t.services.notice.version() })).statusCode).toBe(403);
    expect((await as(t, staff).get('/api/me/notice-ack')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/me/notice-ack', payload: { version: t.services.notice.version() } })).statusCode).toBe(401);
    expect(await t.platform.database.db.selectFrom('notice_acks').selectAll().where('user_id', '=', staff.userId).execute()).toEqual([]);
  });
});
