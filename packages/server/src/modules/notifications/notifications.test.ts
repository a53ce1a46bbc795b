import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { uuidv7 } from '../../platform/ids';

let t: TestApp;
let doctor: Session;
let grid1: Session;
let street: Session;

const rowsOf = (kind: string) => t.platform.database.db.selectFrom('notifications').selectAll().where('kind', '=', kind).orderBy('recipient_id').execute();

beforeAll(async () => {
  t = await createTestApp();
  doctor = await t.login('doctor');
  grid1 = await t.login('grid1');
  street = await t.login('street');
});
afterAll(async () => {
  await t?.close();
});

describe('notify inside the caller’s write', () => {
  it('a write that fails after notifying takes its notifications with it; the other write of the same group commit keeps its own', async () => {
    const { writes } = t.platform.database;
    const at = t.clock.now();
    const before = { ...writes.stats };
    // Both are queued in the same tick, so they share one transaction, each in its own savepoint.
    const [failed, kept] = await Promise.allSettled([
      writes.run(async (trx) => {
        await t.services.notifications.notify(trx, { recipientIds: [doctor.userId, grid1.userId], kind: 'test_failed', objectType: 'resident', objectId: 'r-1', payload: { who: 'x' }, at });
        expect(await trx.selectFrom('notifications').select('id').where('kind', '=', 'test_failed').execute()).toHaveLength(2); // written, not yet committed
        throw new Error('the write fails after notifying');
      }),
      writes.run(async (trx) => {
        await t.services.notifications.notify(trx, { recipientIds: [doctor.userId], kind: 'test_kept', objectType: 'resident', objectId: 'r-2', payload: { who: 'y' }, at });
        return 'committed';
      }),
    ]);
    expect(failed.status).toBe('rejected');
    expect((failed as PromiseRejectedResult).reason.message).toBe('the write fails after notifying');
    expect(kept).toEqual({ status: 'fulfilled', value: 'committed' });
    expect(writes.stats.batches - before.batches).toBe(1);
    expect(writes.stats.items - before.items).toBe(2);

    expect(await rowsOf('test_failed')).toHaveLength(0);
    const ok = await rowsOf('test_kept');
    expect(ok.map((r) => r.recipient_id)).toEqual([doctor.userId]);
    expect(ok[0]).toMatchObject({ object_type: 'resident', object_id: 'r-2', alert_id: null, read_at: null });

    const list = (await as(t, doctor).get('/api/notifications')).json();
    expect(list.items.map((n: { kind: string }) => n.kind)).toEqual(['test_kept']);
    expect(list.items[0]).toMatchObject({ read: false, readAt: null, alert: null, subject: { type: 'resident', id: 'r-2', data: { who: 'y' } } });
  });

  it('a write of its own (one-item commit) that fails leaves no notification either', async () => {
    await expect(t.platform.database.writes.run(async (trx) => {
      await t.services.notifications.notify(trx, { recipientIds: [grid1.userId], kind: 'test_alone', at: t.clock.now() });
      throw new Error('rejected');
    })).rejects.toThrow('rejected');
    expect(await rowsOf('test_alone')).toHaveLength(0);
    expect((await as(t, grid1).get('/api/notifications')).json()).toMatchObject({ items: [], total: 0, unread: 0 });
  });
});

describe('my notifications', () => {
  let doctorsNote: string;
  let gridsNote: string;

  beforeAll(async () => {
    t.clock.advance(60_000);
    await t.platform.database.writes.run(async (trx) => {
      await t.services.notifications.notify(trx, { recipientIds: [doctor.userId], kind: 'test_mine', objectType: 'resident', objectId: 'r-doctor', at: t.clock.now() });
      await t.services.notifications.notify(trx, { recipientIds: [grid1.userId], kind: 'test_mine', objectType: 'resident', objectId: 'r-grid', at: t.clock.now() });
    });
    const rows = await rowsOf('test_mine');
    doctorsNote = rows.find((r) => r.recipient_id === doctor.userId)!.id;
    gridsNote = rows.find((r) => r.recipient_id === grid1.userId)!.id;
  });

  it('a user sees only their own notifications and counts', async () => {
    const g = (await as(t, grid1).get('/api/notifications')).json();
    expect(g.items.map((n: { id: string }) => n.id)).toEqual([gridsNote]);
    expect(g).toMatchObject({ total: 1, unread: 1, page: 1, pageSize: 20 });

    const d = (await as(t, doctor).get('/api/notifications')).json();
    const ids = d.items.map((n: { id: string }) => n.id);
    expect(ids).toContain(doctorsNote);
    expect(ids).not.toContain(gridsNote);
    const own = await t.platform.database.db.selectFrom('notifications').select('id').where('recipient_id', '=', doctor.userId).execute();
    expect(d.total).toBe(own.length);
    expect(d.unread).toBe(own.length);
    expect((await as(t, street).get('/api/notifications')).json()).toMatchObject({ items: [], total: 0, unread: 0 });
  });

  it('marking someone else’s notification read answers 404 and leaves it unread; read-all touches only mine', async () => {
    const other = await as(t, grid1).post(`/api/notifications/${doctorsNote}/read`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('not_found');
    expect((await as(t, grid1).post('/api/notifications/no-such-id/read')).statusCode).toBe(404);
    const readAll = await as(t, grid1).post('/api/notifications/read-all');
    expect(readAll.json()).toEqual({ updated: 1 });

    const stored = async (id: string) => (await t.platform.database.db.selectFrom('notifications').select('read_at').where('id', '=', id).executeTakeFirstOrThrow()).read_at;
    expect(await stored(doctorsNote)).toBeNull();
    expect(await stored(gridsNote)).not.toBeNull();
    expect((await as(t, doctor).get('/api/notifications?unread=true')).json().items.map((n: { id: string }) => n.id)).toContain(doctorsNote);

    // The owner can; a second time it is already read (0 updated, not 404).
    const first = await as(t, doctor).post(`/api/notifications/${doctorsNote}/read`);
    expect(first.json()).toEqual({ updated: 1 });
    const again = await as(t, doctor).post(`/api/notifications/${doctorsNote}/read`);
    expect(again.json()).toEqual({ updated: 0 });
    // Every change is audited (who saw a warning's notice, and when; ADR 0061); marking an already read one changes nothing.
    const audited = async (res: { headers: Record<string, unknown> }) =>
      t.platform.database.db.selectFrom('audit_log').select(['actor_id', 'action', 'object_type', 'object_id', 'count', 'outcome']).where('request_id', '=', String(res.headers['x-request-id'])).execute();
    expect(await audited(first)).toEqual([{ actor_id: doctor.userId, action: 'notification_read', object_type: 'notification', object_id: doctorsNote, count: 1, outcome: 'success' }]);
    expect(await audited(readAll)).toEqual([{ actor_id: grid1.userId, action: 'notification_read', object_type: 'notification', object_id: null, count: 1, outcome: 'success' }]);
    expect(await audited(again)).toEqual([]);
    expect(await stored(doctorsNote)).not.toBeNull();
    const g = (await as(t, grid1).get('/api/notifications')).json();
    expect(g).toMatchObject({ total: 1, unread: 0, items: [{ id: gridsNote, read: true }] });
  });
});

describe('order and paging', () => {
  // Alerts written as the warnings module would (fixture); their notifications go through the service.
  async function alert(gridIndex: number, level: 'red' | 'yellow', date: string, indicator = 'fever_reports') {
    const g = t.orgs.grids[gridIndex]!;
    const { codec } = t.platform.database;
    const id = uuidv7();
    await t.platform.database.writes.run((trx) => trx.insertInto('warning_alerts').values({
      id, grid_id: g.id, org_path: g.path, indicator_code: indicator, alert_date: date, level, cause: 'detector', observed: 7, status: 'raised',
      raised_at: codec.ts(t.clock.now()), version: 1,
    }).execute());
    return id;
  }
  const notifyAlert = (alertId: string, at: Date) =>
    t.platform.database.writes.run((trx) => t.services.notifications.notify(trx, { recipientIds: [street.userId], kind: 'warning_alert', alertId, at }));
  /** The ordering the list had as one SQL query joined to the alerts (the oracle). */
  const oracle = async (unread: boolean) => {
    let q = t.platform.database.db.selectFrom('notifications as n').leftJoin('warning_alerts as a', 'a.id', 'n.alert_id').select('n.id').where('n.recipient_id', '=', street.userId);
    if (unread) q = q.where('n.read_at', 'is', null);
    const rows = await q.orderBy('n.created_at', 'desc').orderBy(sql`case when a.level = 'red' then 0 else 1 end`).orderBy('a.alert_date', 'desc').orderBy('n.id', 'desc').execute();
    return rows.map((r) => r.id as string);
  };
  const allPages = async (pageSize: number, unread = false) => {
    const ids: string[] = [];
    for (let page = 1; page <= 20; page++) {
      const res = (await as(t, street).get(`/api/notifications?page=${page}&pageSize=${pageSize}${unread ? '&unread=true' : ''}`)).json();
      if (res.items.length === 0) break;
      expect(res.items.length).toBeLessThanOrEqual(pageSize);
      ids.push(...res.items.map((n: { id: string }) => n.id));
    }
    return ids;
  };

  it('newest first; at the same instant red before yellow, then the later alert day — on every page boundary', async () => {
    t.clock.advance(60_000);
    const t0 = t.clock.now();
    await t.platform.database.writes.run((trx) => t.services.notifications.notify(trx, { recipientIds: [street.userId], kind: 'test_subject', objectType: 'resident', objectId: 'r-9', at: t0 }));
    t.clock.advance(60_000);
    const t1 = t.clock.now();
    const a1 = await alert(0, 'red', '2025-05-30');
    const a2 = await alert(0, 'yellow', '2025-05-31');
    const a3 = await alert(1, 'red', '2025-05-31');
    const a4 = await alert(1, 'yellow', '2025-05-29');
    const a5 = await alert(2, 'yellow', '2025-05-31');
    for (const a of [a4, a1, a5, a2, a3]) await notifyAlert(a, t1);
    t.clock.advance(60_000);
    const t2 = t.clock.now();
    const a6 = await alert(3, 'yellow', '2025-05-28');
    const a7 = await alert(3, 'red', '2025-05-20', 'positive_pools');
    for (const a of [a6, a7]) await notifyAlert(a, t2);

    const rows = await t.platform.database.db.selectFrom('notifications').select(['id', 'alert_id', 'kind']).where('recipient_id', '=', street.userId).execute();
    const byAlert = new Map(rows.map((r) => [r.alert_id as string | null, r.id as string]));
    const [n2, n5] = [byAlert.get(a2)!, byAlert.get(a5)!].sort().reverse(); // same colour and day: higher id first
    const expected = [byAlert.get(a7), byAlert.get(a6), byAlert.get(a3), byAlert.get(a1), n2, n5, byAlert.get(a4), byAlert.get(null)];
    expect(await oracle(false)).toEqual(expected);
    for (const size of [1, 2, 3, 4, 5, 8, 20]) expect(await allPages(size), `pageSize ${size}`).toEqual(expected);

    const first = (await as(t, street).get('/api/notifications?pageSize=3')).json();
    expect(first).toMatchObject({ total: 8, unread: 8, page: 1, pageSize: 3 });
    expect(first.items[0]).toMatchObject({
      kind: 'warning_alert', read: false, subject: null,
      alert: { id: a7, level: 'red', status: 'raised', date: '2025-05-20', observed: 7, gridName: t.orgs.grids[3]!.name, indicator: { code: 'positive_pools' } },
    });
    expect(first.items[0].alert.indicator.nameZh).toEqual(expect.any(String));

    // Unread only: the same order without what was read.
    expect((await as(t, street).post(`/api/notifications/${byAlert.get(a1)}/read`)).json()).toEqual({ updated: 1 });
    expect(await allPages(2, true)).toEqual(expected.filter((id) => id !== byAlert.get(a1)));
    expect(await allPages(2, true)).toEqual(await oracle(true));
    const afterRead = (await as(t, street).get('/api/notifications?unread=true&page=2&pageSize=5')).json();
    expect(afterRead).toMatchObject({ total: 7, unread: 7, page: 2, pageSize: 5 });
    expect(afterRead.items).toHaveLength(2);
    expect((await as(t, street).get('/api/notifications?page=9&pageSize=5')).json()).toMatchObject({ items: [], total: 8, unread: 7 });
  });
});
