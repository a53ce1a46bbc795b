// 卡口 over MQTT (ADR 0081, SECURITY tests 49–51 on the embedded broker): a terminal is admitted with its device key only
// for a gate of the key's area, publishes only to its own events topic, cannot subscribe to '#'; its events are decided
// and answered on its decision topic; a redelivered event is stored once; an event naming another device is dropped and
// raised as a security alert.
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, type TestApp } from '../../../test/harness';
import { FIXTURE_IDS, seedScopedFixture } from '../../../test/registry-fixture';
import { connectBus, type EmbeddedBroker, type MessageBus, startEmbeddedBroker } from '../../platform/mqtt/broker';
import { systemActor } from '../audit';
import { gateBrokerAccess, startGateIngest } from './gates.mqtt';

const until = async (what: () => Promise<boolean>, ms = 5_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await what()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
};

describe('卡口 over MQTT on the embedded broker (ADR 0081)', () => {
  let t: TestApp;
  let broker: EmbeddedBroker;
  let bus: MessageBus;
  let key = '';
  let otherKey = '';
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    t = await createTestApp({ clockStart: '2026-12-04T09:00:00+08:00' });
    const fx = await seedScopedFixture(t);
    const admin = await t.login('admin');
    for (const [name, deviceId] of [['东门', 'GATE-M-EAST'], ['南门', 'GATE-M-SOUTH']] as const) {
      const r = await as(t, admin).post('/api/gates', { name, kind: 'pedestrian', gridId: fx.g1.id, deviceId, policy: { samplingHours: 0, samplingAction: 'review', unknown: 'review' } });
      expect(r.statusCode, r.body).toBe(201);
    }
    const sec = (await t.services.auth.findByUsername('secadmin'))!;
    const issue = async (orgId: string) => (await t.services.auth.createApiToken(null, { name: `闸机-${orgId.slice(-4)}`, role: 'device', orgId, scopes: ['device:event'], createdBy: sec.id }, systemActor('test:tokens'))).token;
    key = await issue(t.orgs.community.id);
    otherKey = await issue(t.orgs.other.id);
    const access = gateBrokerAccess({ gates: t.services.gates, authenticateToken: (x) => t.services.auth.authenticateToken(x) });
    broker = await startEmbeddedBroker('127.0.0.1', 0, access);
    bus = await connectBus(broker.url, undefined, access.ingest);
    await startGateIngest(bus, { gates: t.services.gates, logger: t.platform.logger, mismatch: (a, b) => t.services.gates.identityMismatch(a, b) });
  });
  afterAll(async () => {
    for (const c of clients) await Promise.race([c.endAsync(true).catch(() => undefined), new Promise((r) => setTimeout(r, 1_000))]);
    await bus?.close();
    await broker?.close();
    await t?.close();
  });

  const connect = async (username?: string, password?: string) => {
    const c = await mqtt.connectAsync(broker.url, { username, password, reconnectPeriod: 0, connectTimeout: 3_000, clean: true });
    clients.push(c);
    return c;
  };
  const refused = async (username?: string, password?: string) => connect(username, password).then(() => false, () => true);
  const rows = async (eventId: string) => (await t.platform.database.db.selectFrom('gate_events').select('id').where('event_id', '=', eventId).execute()).length;
  const event = (eventId: string, over: Record<string, unknown> = {}) => JSON.stringify({ deviceId: 'GATE-M-EAST', eventId, direction: 'in', method: 'idcard', idNumber: FIXTURE_IDS.R1, ...over });

  it('no key, a wrong key, another area’s key, or a device id that is no gate: refused at connect', async () => {
    expect(await refused()).toBe(true);
    expect(await refused('GATE-M-EAST', 'not-a-key')).toBe(true);
    expect(await refused('GATE-M-EAST', otherKey)).toBe(true);
    expect(await refused('GATE-NOWHERE', key)).toBe(true);
    expect(await refused('renxing-gate-ingest', key)).toBe(true);
  });

  it('a terminal publishes its event and reads the decision on its own topic; a redelivery is stored once', async () => {
    const c = await connect('GATE-M-EAST', key);
    const answers: string[] = [];
    c.on('message', (_topic, payload) => answers.push(payload.toString()));
    const granted = await c.subscribeAsync('gate/GATE-M-EAST/decision', { qos: 1 });
    expect(granted[0]!.qos).toBe(1);
    for (let i = 0; i < 3; i++) await c.publishAsync('gate/GATE-M-EAST/events', event('m-1'), { qos: 1 });
    expect(await until(async () => answers.length >= 3)).toBe(true);
    // Handled as they come: one answer is the decision, the two others say it was stored already.
    const parsed = answers.map((a) => JSON.parse(a) as { duplicate: boolean });
    expect(parsed.find((a) => !a.duplicate)).toEqual({ eventId: 'm-1', decision: 'allow', reasons: ['resident'], duplicate: false });
    expect(parsed.filter((a) => a.duplicate)).toHaveLength(2);
    expect(await rows('m-1')).toBe(1);
  });

  it('another device’s topic and "#" are not this terminal’s: nothing is stored, nothing is received', async () => {
    const spy = await connect('GATE-M-SOUTH', key);
    const seen: string[] = [];
    spy.on('message', (topic) => seen.push(topic));
    // The broker answers both subscriptions with the failure code 128, which the client reports as an error.
    await expect(spy.subscribeAsync('#', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    await expect(spy.subscribeAsync('gate/GATE-M-EAST/decision', { qos: 1 })).rejects.toThrow(/Subscribe error/);
    // Publishing to another device's topic is refused (the broker drops the client).
    await spy.publishAsync('gate/GATE-M-EAST/events', event('m-2'), { qos: 0 }).catch(() => undefined);
    const c = await connect('GATE-M-EAST', key);
    await c.publishAsync('gate/GATE-M-EAST/events', event('m-3'), { qos: 1 });
    expect(await until(async () => (await rows('m-3')) === 1)).toBe(true);
    expect(await rows('m-2')).toBe(0);
    expect(seen).toEqual([]);
  });

  it('an event naming another device than its topic is dropped and raised as a security alert', async () => {
    const c = await connect('GATE-M-SOUTH', key);
    await c.publishAsync('gate/GATE-M-SOUTH/events', event('m-4'), { qos: 1 });
    const alert = async () => t.platform.database.db.selectFrom('security_alerts').select(['kind', 'severity', 'details']).where('kind', '=', 'device_identity_mismatch').executeTakeFirst();
    expect(await until(async () => !!(await alert()))).toBe(true);
    expect(await alert()).toMatchObject({ severity: 'high' });
    expect(JSON.parse(String((await alert())!.details))).toEqual({ topicDevice: 'GATE-M-SOUTH', payloadDevice: 'GATE-M-EAST' });
    expect(await rows('m-4')).toBe(0);
  });
});
