// Security alerts: the security admin acknowledges and closes them (ADR 0034 addendum). Real app, SQLite or PostgreSQL
// (RENXING_TEST_DIALECT=postgres). Alerts are raised through the module's own `raise`, as the registry (browsing) and the
// exports (daily cap, SECURITY.md §7 C17 — exports.test.ts) do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, auditRows, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { DEMO_PASSWORD } from '../../seed/foundation';

const NOTE = '已核实为正常入户走访';

describe('security alerts: acknowledge and close', () => {
  let t: TestApp;
  let sec: Session;
  let grid1Id: string;
  let secId: string;

  /** Raises one browsing alert about grid1 (in grid 1 of community A) through the module's raise(), as the registry does. */
  const raise = async (o: { actorId?: string; orgPath?: string } = {}) =>
    t.platform.database.writes.run((trx) => t.services.securityAlerts.raise(trx, {
      kind: 'browsing', severity: 'high', actorId: o.actorId ?? grid1Id, orgPath: o.orgPath ?? t.orgs.grids[0]!.path, objectType: 'user',
      objectId: o.actorId ?? grid1Id, count: 31, details: { threshold: 30, windowMinutes: 60, action: 'step_up' }, at: t.clock.now(),
    }));
  const row = (id: string) => t.platform.database.db.selectFrom('security_alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const ack = (s: Session, id: string, body: unknown = {}) => as(t, s).post(`/api/admin/security-alerts/${id}/acknowledge`, body);
  const close = (s: Session, id: string, body: unknown = { note: NOTE }) => as(t, s).post(`/api/admin/security-alerts/${id}/close`, body);

  beforeAll(async () => {
    t = await createTestApp();
    sec = await t.login('secadmin');
    grid1Id = (await t.services.auth.findByUsername('grid1'))!.id;
    secId = sec.userId;
  });
  afterAll(async () => t.close());

  it('open → acknowledged → closed: who, when and the notes are stored, each step audited without the note', async () => {
    const id = await raise();
    const a = await ack(sec, id, { note: '正在联系网格长核实' });
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({ id, status: 'acknowledged', acknowledged: { by: { id: secId, displayName: '安全管理员' }, note: '正在联系网格长核实' }, closed: null });
    expect(a.json().acknowledged.at).toBe(t.clock.now().toISOString());
    expect(await row(id)).toMatchObject({ status: 'acknowledged', acknowledged_by: secId, ack_note: '正在联系网格长核实', closed_by: null, close_note: null });

    t.clock.advance(5 * 60_000);
    const c = await close(sec, id);
    expect(c.statusCode).toBe(200);
    expect(c.json()).toMatchObject({ status: 'closed', acknowledged: { by: { id: secId } }, closed: { by: { id: secId, displayName: '安全管理员' }, note: NOTE } });
    expect(c.json().closed.at).toBe(t.clock.now().toISOString());
    expect(await row(id)).toMatchObject({ status: 'closed', closed_by: secId, close_note: NOTE });

    const ackAudit = await auditRows(t, { action: 'security_alert_ack', object_id: id });
    const closeAudit = await auditRows(t, { action: 'security_alert_close', object_id: id });
    expect(ackAudit).toHaveLength(1);
    expect(closeAudit).toHaveLength(1);
    expect(ackAudit[0]).toMatchObject({ actor_id: secId, object_type: 'security_alert', outcome: 'success' });
    expect(closeAudit[0]).toMatchObject({ actor_id: secId, object_type: 'security_alert', outcome: 'success' });
    // The notes are free text that may name a person: the audit row names the field, never its value.
    expect(JSON.stringify([ackAudit, closeAudit])).not.toContain('核实');
    expect(JSON.stringify(closeAudit[0]!.fields)).toContain('close_note');
  });

  it("once one admin has dealt with an alert, every recipient's notification of it is marked read (the bells stop counting it)", async () => {
    const id = await raise();
    const other = await raise();
    const secIds = [secId, grid1Id]; // two recipients, as the browsing guard notifies every security admin above the user
    await t.platform.database.writes.run(async (trx) => {
      for (const alertId of [id, other]) {
        await t.services.notifications.notify(trx, { recipientIds: secIds, kind: 'browsing_alert', objectType: 'security_alert', objectId: alertId, at: t.clock.now() });
      }
    });
    const unread = async (alertId: string) => (await t.platform.database.db.selectFrom('notifications').select('recipient_id')
      .where('object_type', '=', 'security_alert').where('object_id', '=', alertId).where('read_at', 'is', null).execute()).length;
    expect([await unread(id), await unread(other)]).toEqual([2, 2]);
    expect((await ack(sec, id)).statusCode).toBe(200);
    expect([await unread(id), await unread(other)]).toEqual([0, 2]); // only that alert's
    // A refused step (409) settles nothing.
    expect((await ack(sec, id)).statusCode).toBe(409);
    expect(await unread(other)).toBe(2);
  });

  it('an open alert may be closed directly; acknowledging needs no note', async () => {
    const id = await raise();
    expect((await close(sec, id)).json()).toMatchObject({ status: 'closed', acknowledged: null, closed: { note: NOTE } });
    const other = await raise();
    const a = await ack(sec, other);
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({ status: 'acknowledged', acknowledged: { note: null } });
  });

  it('a wrong transition answers 409 with the current status and changes nothing', async () => {
    const id = await raise();
    expect((await ack(sec, id)).statusCode).toBe(200);
    const again = await ack(sec, id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'alert_status_conflict', details: [{ path: 'status', code: 'acknowledged' }] });
    expect(again.json().error.message).toContain('已知悉');
    expect((await close(sec, id)).statusCode).toBe(200);
    const before = await row(id);
    for (const r of [await ack(sec, id), await close(sec, id, { note: '再次关闭试试' })]) {
      expect(r.statusCode).toBe(409);
      expect(r.json().error.details[0]).toMatchObject({ path: 'status', code: 'closed' });
    }
    expect(await row(id)).toEqual(before);
    expect(await auditRows(t, { action: 'security_alert_close', object_id: id, outcome: 'denied' })).toHaveLength(1);
    expect(await auditRows(t, { action: 'security_alert_ack', object_id: id, outcome: 'denied' })).toHaveLength(2);
  });

  it('two admins closing at once: one wins, the other is told it is closed', async () => {
    const sec2Id = (await t.services.auth.createUser({ username: 'secadmin-b', displayName: '安全管理员乙', role: 'security_admin', orgId: t.orgs.city.id, password: DEMO_PASSWORD })).id;
    const sec2 = await t.login('secadmin-b');
    const id = await raise();
    const [r1, r2] = await Promise.all([close(sec, id, { note: '已核实为正常入户走访' }), close(sec2, id, { note: '已约谈本人，属于工作需要' })]);
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([200, 409]);
    const loser = r1.statusCode === 409 ? r1 : r2;
    expect(loser.json().error.details[0]).toMatchObject({ code: 'closed' });
    const stored = await row(id);
    expect(stored.closed_by).toBe(r1.statusCode === 200 ? secId : sec2Id);
    expect(stored.close_note).toBe(r1.statusCode === 200 ? '已核实为正常入户走访' : '已约谈本人，属于工作需要');
  });

  it('the closing note says what was done: at least 4 characters; bad input names the field', async () => {
    const id = await raise();
    for (const body of [{}, { note: '好的' }, { note: '   正常   ' }]) {
      const r = await close(sec, id, body);
      expect(r.statusCode).toBe(400);
      expect(r.json().error.details[0].path).toBe('body.note');
    }
    const extra = await ack(sec, id, { note: 'x', status: 'closed' });
    expect(extra.statusCode).toBe(400);
    expect((await row(id)).status).toBe('open');
  });

  it('unknown id and an alert outside the caller\'s area → 404, audited as denied; the list does not show it either', async () => {
    expect((await ack(sec, 'no-such-alert')).statusCode).toBe(404);
    await t.services.auth.createUser({ username: 'seca-b', displayName: 'B社区安全员', role: 'security_admin', orgId: t.orgs.other.id, password: DEMO_PASSWORD });
    const secB = await t.login('seca-b');
    const inA = await raise();
    const inB = await raise({ orgPath: t.orgs.otherGrids[0]!.path });
    for (const r of [await ack(secB, inA), await close(secB, inA)]) {
      expect(r.statusCode).toBe(404);
      expect(r.json().error.code).toBe('not_found');
    }
    expect((await row(inA)).status).toBe('open');
    expect(await auditRows(t, { actor_id: secB.userId, object_id: inA, outcome: 'denied', reason: 'not_found' })).toHaveLength(2);
    const listB = (await as(t, secB).get('/api/admin/security-alerts?status=all&pageSize=100')).json();
    expect(listB.items.map((x: { id: string }) => x.id)).toEqual([inB]);
    expect((await ack(secB, inB)).statusCode).toBe(200);
  });

  it('other roles get 403 on every alert route; nobody handles an alert about their own account', async () => {
    const id = await raise();
    for (const username of ['grid1', 'admin', 'auditor', 'sysadmin']) {
      const s = await t.login(username);
      expect((await ack(s, id)).statusCode).toBe(403);
      expect((await close(s, id)).statusCode).toBe(403);
      expect((await as(t, s).get('/api/admin/security-alerts')).statusCode).toBe(403);
    }
    expect((await row(id)).status).toBe('open');
    const own = await raise({ actorId: secId, orgPath: t.orgs.city.path });
    const r = await close(sec, own);
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('own_security_alert');
    expect((await row(own)).status).toBe('open');
  });

  it('the list shows open and acknowledged alerts by default; status filters, all shows closed ones too', async () => {
    const list = async (q = '') => (await as(t, sec).get(`/api/admin/security-alerts?pageSize=100${q}`)).json();
    const statuses = (b: { items: Array<{ status: string }> }) => new Set(b.items.map((x) => x.status));
    expect(statuses(await list())).toEqual(new Set(['open', 'acknowledged']));
    const closed = await list('&status=closed');
    expect(statuses(closed)).toEqual(new Set(['closed']));
    expect(closed.items[0]).toMatchObject({ closed: { by: { id: expect.any(String) }, note: expect.any(String) } });
    const all = await list('&status=all');
    expect(all.total).toBe((await list()).total + closed.total);
    expect(statuses(await list('&status=acknowledged'))).toEqual(new Set(['acknowledged']));
    expect((await as(t, sec).get('/api/admin/security-alerts?status=done')).statusCode).toBe(400);
  });
});
