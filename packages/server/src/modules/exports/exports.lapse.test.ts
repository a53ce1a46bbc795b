import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedScopedFixture } from '../../../test/registry-fixture';
import { housekeeping } from '../../platform/jobs/housekeeping';

/**
 * An export request nobody decides before `expires_at` lapses; the housekeeping job then settles the approvers' notices
 * (their bells stop counting it) and tells the requester — once (SQLite, or PostgreSQL with RENXING_TEST_DIALECT=postgres).
 */
describe('export requests that lapse undecided', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedScopedFixture>>;
  const db = () => t.platform.database.db;
  const codec = () => t.platform.database.codec;

  /** Every notification about these exports, as stored (to show that a run changes nothing). */
  const stored = (...ids: string[]) =>
    db().selectFrom('notifications').selectAll().where('object_type', '=', 'export').where('object_id', 'in', ids).orderBy('id').execute();
  const unread = async (who: Session) => ((await as(t, who).get('/api/notifications/unread')).json() as { unread: number }).unread;
  const bell = async (who: Session) =>
    (await as(t, who).get('/api/notifications')).json() as { unread: number; items: Array<{ kind: string; read: boolean; subject: { id: string; data: Record<string, string> } | null }> };
  const job = async () => (await housekeeping(t.platform.database, t.clock.now())).steps['export-lapsed'];

  /** A community-level request (plaintext ID number asked for) of grid 1's one resident, by the community admin. */
  const request = async (admin: Session) => {
    const r = await as(t, admin).post('/api/exports', {
      kind: 'residents', filters: { gridId: fx.g1.id }, columns: ['name', 'idNumber'], unmasked: ['idNumber'], purpose: 'epidemic.screening', reason: '核对第一网格名单', format: 'xlsx',
    });
    expect(r.statusCode).toBe(202);
    return r.json() as { id: string; status: string; expiresAt: string };
  };

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-03-01T10:00:00+08:00' });
    fx = await seedScopedFixture(t, 0);
  });
  afterAll(async () => t.close());

  it('settles the approvers\' notices of a request nobody decided in time, tells the requester once, and leaves decided ones alone', async () => {
    const admin = await t.loginMfa('admin');
    const street = await t.loginMfa('street');
    const lapsing = await request(admin);
    const decided = await request(admin);
    expect((await as(t, street).post(`/api/exports/${decided.id}/approve`, { decision: 'approve', note: '同意，限本次排查' })).statusCode).toBe(200);
    const decidedBefore = await stored(decided.id);
    // The decision settled its request notices and told the requester, whose notice is still unread.
    expect(decidedBefore.filter((n) => n.kind === 'export_decided').map((n) => n.read_at)).toEqual([null]);

    // Still inside the approval window: the job does nothing, the request still waits on the approvers' bells.
    expect(await job()).toEqual({ lapsed: 0 });
    expect(await unread(street)).toBe(1);
    expect((await stored(lapsing.id)).map((n) => [n.kind, n.read_at])).toEqual([['export_request', null], ['export_request', null]]);

    // Nobody decided it in time.
    t.clock.set(new Date(Date.parse(lapsing.expiresAt) + 60_000));
    const street2 = await t.loginMfa('street');
    const district = await t.loginMfa('district');
    expect(await unread(street2)).toBe(1);
    expect(await unread(district)).toBe(1);
    expect(await job()).toEqual({ lapsed: 1 });

    // The approvers' bells no longer count it; their notices stay in the list, read.
    expect(await unread(street2)).toBe(0);
    expect(await unread(district)).toBe(0);
    expect((await bell(district)).items.find((n) => n.subject?.id === lapsing.id)).toMatchObject({ kind: 'export_request', read: true });
    const requests = (await stored(lapsing.id)).filter((n) => n.kind === 'export_request');
    expect(requests).toHaveLength(2);
    expect(requests.every((n) => codec().readTs(n.read_at) === t.clock.now().toISOString())).toBe(true);

    // The requester is told: area, grid, count and when it lapsed (no resident, no reason), pointing at the export.
    const admin2 = await t.loginMfa('admin');
    const mine = (await bell(admin2)).items.filter((n) => n.subject?.id === lapsing.id);
    expect(mine).toEqual([expect.objectContaining({ kind: 'export_lapsed', read: false })]);
    expect(mine[0]!.subject!.data).toEqual({ area: 'A社区', grid: fx.g1.name, rows: '1', expiredAt: lapsing.expiresAt });
    // The list shows it expired, as before.
    expect((await as(t, admin2).get(`/api/exports/${lapsing.id}`)).json().status).toBe('expired');

    // Again, and later: nothing changes — no second notice, no read time moved.
    const after = await stored(lapsing.id, decided.id);
    expect(await job()).toEqual({ lapsed: 0 });
    t.clock.advance(3600_000);
    expect(await job()).toEqual({ lapsed: 0 });
    expect(await stored(lapsing.id, decided.id)).toEqual(after);

    // The decided request (since past its download window too) kept its notices as the decision left them.
    expect(await stored(decided.id)).toEqual(decidedBefore);
  });

  it('a request lapsing while an approver\'s bell is read by hand is still settled once, and the requester still told', async () => {
    const admin = await t.loginMfa('admin');
    const street = await t.loginMfa('street');
    const e = await request(admin);
    expect((await as(t, street).post('/api/notifications/read-all', {})).statusCode).toBe(200);
    t.clock.set(new Date(Date.parse(e.expiresAt)));
    // At expires_at exactly the request has lapsed (effectiveStatus: expires_at <= now).
    expect(await job()).toEqual({ lapsed: 1 });
    const notes = await stored(e.id);
    expect(notes.filter((n) => n.kind === 'export_request').every((n) => n.read_at !== null)).toBe(true);
    expect(notes.filter((n) => n.kind === 'export_lapsed').map((n) => [n.recipient_id, n.read_at])).toEqual([[(await t.services.auth.findByUsername('admin'))!.id, null]]);
    expect(await job()).toEqual({ lapsed: 0 });
  });
});
