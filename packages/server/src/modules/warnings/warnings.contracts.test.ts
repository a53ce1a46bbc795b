import {
  WarningAlertDetailSchema, WarningAlertListSchema, WarningAlertSchema, WarningIndicatorListSchema, WarningIndicatorSchema, WarningNotificationListSchema,
  WarningNotificationsUnreadSchema, WarningNotificationsUpdatedSchema, WarningRtResultSchema, WarningScopeListSchema, WarningSeriesSchema,
} from '@renxing/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { as, createTestApp, type Session, type TestApp } from '../../../test/harness';
import { seedWarningsDemo } from './warnings.seed';

// The web app types these answers with the shared contracts (packages/shared/src/contracts/warnings.ts). The schemas
// are strict: a field the server adds, drops or changes the type of makes the parse fail here.
let t: TestApp;
let admin: Session;
let grid1: Session;

function parsed<S extends z.ZodType>(schema: S, res: { statusCode: number; json: () => unknown }): z.infer<S> {
  expect(res.statusCode).toBe(200);
  const r = schema.safeParse(res.json());
  expect(r.success ? [] : r.error.issues).toEqual([]);
  return r.data as z.infer<S>;
}

beforeAll(async () => {
  t = await createTestApp();
  await seedWarningsDemo(t, t.platform);
  admin = await t.login('admin');
  grid1 = await t.login('grid1');
});
afterAll(async () => {
  await t?.close();
});

describe('warnings API answers match the shared contracts', () => {
  it('alerts, alert detail, series, acknowledge and resolve', async () => {
    const list = parsed(WarningAlertListSchema, await as(t, admin).get('/api/warnings/alerts?pageSize=100'));
    expect(list.items.length).toBeGreaterThan(0);
    const alert = list.items.find((a) => a.status === 'raised')!;
    // Each alert names its grid's community, so pages need not load the whole area tree to label grids (ADR 0048).
    expect(alert.grid.communityName).toBe(t.orgs.community.name);
    const detail = parsed(WarningAlertDetailSchema, await as(t, admin).get(`/api/warnings/alerts/${alert.id}`));
    expect(detail.series.length).toBeGreaterThan(0);
    parsed(WarningSeriesSchema, await as(t, admin).get(`/api/warnings/series?gridId=${alert.grid.id}&indicator=${alert.indicator.code}`));
    const acked = parsed(WarningAlertSchema, await as(t, admin).post(`/api/warnings/alerts/${alert.id}/acknowledge`, { note: '已电话核实', version: alert.version }));
    expect(acked.acknowledged?.by).not.toBeNull();
    const resolved = parsed(WarningAlertSchema, await as(t, admin).post(`/api/warnings/alerts/${alert.id}/resolve`, { note: '已排查处置', version: acked.version }));
    expect(resolved.status).toBe('resolved');
  });

  it('indicators (and the answer to an update), scopes, R_t with projection', async () => {
    const inds = parsed(WarningIndicatorListSchema, await as(t, admin).get('/api/warnings/indicators'));
    const fever = inds.items.find((i) => i.code === 'fever_reports')!;
    parsed(WarningIndicatorSchema, await as(t, admin).post('/api/warnings/indicators/fever_reports/update', { enabled: true, version: fever.version }));
    parsed(WarningScopeListSchema, await as(t, admin).get('/api/warnings/scopes'));
    parsed(WarningScopeListSchema, await as(t, admin).get(`/api/warnings/scopes?parentId=${t.orgs.community.id}`));
    // Both kinds of projection: none (no registered residents here to count) and an SEIR band (population given).
    const none = parsed(WarningRtResultSchema, await as(t, admin).get('/api/warnings/rt?indicator=fever_reports'));
    expect(none.rows.length).toBeGreaterThan(0);
    expect(none.projection).toEqual({ available: false, reason: 'population_unknown' });
    const band = parsed(WarningRtResultSchema, await as(t, admin).get('/api/warnings/rt?indicator=fever_reports&population=5000'));
    expect(band.projection.available && band.projection.days.length).toBeGreaterThan(0);
  });

  it('notifications and marking them read', async () => {
    const list = parsed(WarningNotificationListSchema, await as(t, grid1).get('/api/notifications'));
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.some((n) => n.alert !== null)).toBe(true);
    // The bell's badge: the list's unread count, without the list.
    expect(parsed(WarningNotificationsUnreadSchema, await as(t, grid1).get('/api/notifications/unread'))).toEqual({ unread: list.unread });
    expect(list.unread).toBeGreaterThan(0);
    parsed(WarningNotificationsUpdatedSchema, await as(t, grid1).post(`/api/notifications/${list.items[0]!.id}/read`, {}));
    expect(parsed(WarningNotificationsUnreadSchema, await as(t, grid1).get('/api/notifications/unread'))).toEqual({ unread: list.unread - 1 });
    parsed(WarningNotificationsUpdatedSchema, await as(t, grid1).post('/api/notifications/read-all', {}));
    expect(parsed(WarningNotificationsUnreadSchema, await as(t, grid1).get('/api/notifications/unread'))).toEqual({ unread: 0 });
  });
});
