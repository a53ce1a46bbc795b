import { SUPPRESSED_COUNT, TransparencyReportSchema } from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { scanPi } from '../../../test/pi-scan';
import { createFigures } from './transparency.figures';
import { monthRange } from './transparency.service';

type Fx = Awaited<ReturnType<typeof seedScopedFixture>>;

/**
 * ADR 0032 addendum: the report counts what residents took back and what was cancelled as their own lines —
 * correction requests withdrawn (ADR 0028 addendum), deletion requests withdrawn (ADR 0037 addendum), and emergency
 * periods cancelled before they began (ADR 0027 addendum: end date = the day before the start), which are neither
 * "declared" nor "ended" (they never covered a day). Small counts are still "<5".
 */
describe('transparency report: withdrawn requests and cancelled emergency periods (ADR 0032 addendum)', () => {
  let t: TestApp;
  let fx: Fx;
  const figures = () => createFigures(t.platform.database.db, t.platform.database.codec, { lockoutFailures: 5 });
  const areaOf = (path: string) => ({ path, above: path.split('/').filter(Boolean).map((_, i, a) => `/${a.slice(0, i + 1).join('/')}/`) });

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2025-05-03T09:00:00+08:00' });
    fx = await seedScopedFixture(t, 0);
    const resident = (await t.services.auth.findByUsername('resident'))!;
    await t.services.selfReports.linkAccount(resident.id, fx.R1.id);
    const me = await t.login('resident');

    // Six correction requests sent by mistake and withdrawn (one at a time fits the limit of 3 open), one applied.
    for (let i = 0; i < 6; i++) {
      const r = await as(t, me).post('/api/me/corrections', { field: 'other', proposed: `门牌号写错了 ${i}`, note: null });
      expect(r.statusCode, r.body).toBe(201);
      const w = await as(t, me).post(`/api/me/corrections/${r.json().id}/withdraw`, {});
      expect(w.statusCode, w.body).toBe(200);
    }
    const kept = await as(t, me).post('/api/me/corrections', { field: 'phone', proposed: '139 1234 5678', note: '换号了' });
    expect(kept.statusCode, kept.body).toBe(201);
    const grid1 = await t.login('grid1');
    // 部分修改 (changed in part) counts as 已更正 in the report, as 已按申请修改 does.
    expect((await as(t, grid1).post(`/api/registry/corrections/${kept.json().id}/resolve`, { decision: 'partly', reply: '已核实', version: 1 })).statusCode).toBe(200);

    // Two deletion requests taken back (one open at a time).
    for (let i = 0; i < 2; i++) {
      const d = await as(t, me).post('/api/me/deletion-requests', { ground: 'other', scope: 'record', note: '点错了' });
      expect(d.statusCode, d.body).toBe(201);
      expect((await as(t, me).post(`/api/me/deletion-requests/${d.json().id}/withdraw`, {})).statusCode).toBe(200);
    }

    // Emergency periods: community B from 2 May, ended on 3 May; the district from 20 May by mistake, cancelled today.
    const district = await t.login('district');
    const b = await as(t, district).post('/api/emergencies', { orgId: t.orgs.other.id, startDate: '2025-05-02', legalRef: 'B社区防控通告第1号' });
    expect(b.statusCode, b.body).toBe(201);
    expect((await as(t, district).post(`/api/emergencies/${b.json().id}/end`, { endDate: '2025-05-03', reason: '解除' })).statusCode).toBe(200);
    const wrong = await as(t, district).post('/api/emergencies', { orgId: t.orgs.district.id, startDate: '2025-05-20', legalRef: '定防指〔2025〕9号' });
    expect(wrong.statusCode, wrong.body).toBe(201);
    const cancel = await as(t, district).post(`/api/emergencies/${wrong.json().id}/end`, { endDate: '2025-05-03', reason: '开始日期填错' });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json().status).toBe('cancelled');
    t.clock.set('2025-06-02T10:00:00+08:00');
  });
  afterAll(async () => t.close());

  it('the read model counts withdrawals and cancellations on their own lines', async () => {
    const range = monthRange('2025-05');
    const all = await figures().month(range, null);
    expect(all.corrections).toEqual({ opened: 7, applied: 1, rejected: 0, withdrawn: 6 });
    expect(all.deletionRequests).toEqual({ requested: 2, erased: 0, restricted: 0, rejected: 0, withdrawn: 2 });
    // The cancelled period was never declared in force nor ended: only the B period is.
    expect(all.emergencies).toEqual({ declared: 1, ended: 1, cancelled: 1 });

    const a = await figures().month(range, areaOf(t.orgs.community.path));
    expect(a.corrections.withdrawn).toBe(6);
    expect(a.deletionRequests.withdrawn).toBe(2);
    expect(a.emergencies).toEqual({ declared: 0, ended: 0, cancelled: 1 }); // the cancelled one was for the district above A

    const b = await figures().month(range, areaOf(t.orgs.other.path));
    expect(b.corrections.withdrawn).toBe(0);
    expect(b.deletionRequests.withdrawn).toBe(0);
    expect(b.emergencies).toEqual({ declared: 1, ended: 1, cancelled: 1 });
  });

  it('the public report publishes them, with 1–4 as "<5", and nothing personal', async () => {
    const S = SUPPRESSED_COUNT;
    const r = await t.app.inject({ method: 'GET', url: '/api/transparency/2025-05' });
    expect(r.statusCode, r.body).toBe(200);
    const rep = TransparencyReportSchema.parse(r.json());
    // Withdrawn requests are neither resolved nor decided: resolved = applied + rejected = 1.
    expect(rep.corrections).toEqual({ opened: 7, resolved: S, applied: S, rejected: 0, withdrawn: 6 });
    expect(rep.deletionRequests).toEqual({ requested: S, erased: 0, restricted: 0, rejected: 0, withdrawn: S });
    expect(rep.emergencies).toEqual({
      declared: S, ended: S, cancelled: S,
      inForce: [{ area: 'B社区', level: 'community', startDate: '2025-05-02', endDate: '2025-05-03', legalRef: 'B社区防控通告第1号' }],
    });
    expect(scanPi(r.body)).toEqual([]);
    expect(r.body).not.toContain('开始日期填错');
    expect(r.body).not.toContain('门牌号');

    const a = TransparencyReportSchema.parse((await t.app.inject({ method: 'GET', url: `/api/transparency/2025-05?area=${t.orgs.community.code}` })).json());
    expect(a.emergencies).toEqual({ declared: 0, ended: 0, cancelled: S, inForce: [] });
    expect(a.corrections.withdrawn).toBe(6);
  });
});
