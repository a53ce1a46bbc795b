// `npm run bench -- gates` (SECURITY.md §4 "gate-event ingest at 200 events/s: lag < 5 s", ADR 0081): gate terminals'
// passage events over MQTT through the embedded broker into the decision and back.
//
// A fresh SQLite database: the demo foundation, --residents residents (seedScale), one gate with a terminal id and its
// device key. Four terminal clients connect to the embedded broker with the key (as terminals do) and publish together
// --rate events a second for --seconds seconds (each event a resident picked at random, looked up, decided on registry,
// quarantine, sampling and health code, stored, answered on gate/<id>/decision). Lag = publish → decision received.
// Baseline, same run, same broker and clients: the same messages answered by a subscriber that echoes them unread
// (the broker's and the clients' own share of the lag). Then one event repeated three times is stored once.
//
// Last line: RESULT gates events=… rate_eps=… lag_p50_ms=… lag_p99_ms=… lag_max_ms=… baseline_p99_ms=… stored=…
import crypto from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { openApp } from './impact';

const log = (s: string) => process.stderr.write(`[gates] ${s}\n`);
const arg = (k: string, d: number) => {
  const v = process.argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
  return v === undefined ? d : Number(v);
};

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};

/** Publishes `total` events at `rate` a second from `clients`, and waits for every answer; lags in ms. */
async function drive(clients: MqttClient[], device: string, total: number, rate: number, body: (i: number) => string): Promise<number[]> {
  const sent = new Map<string, number>();
  const lags: number[] = [];
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => { resolveAll = r; });
  const onAnswer = (_t: string, payload: Buffer) => {
    const id = (JSON.parse(payload.toString()) as { eventId: string }).eventId;
    const t0 = sent.get(id);
    if (t0 === undefined) return;
    sent.delete(id);
    lags.push(performance.now() - t0);
    if (lags.length === total) resolveAll();
  };
  for (const c of clients) c.on('message', onAnswer);
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const payload = body(i);
    sent.set((JSON.parse(payload) as { eventId: string }).eventId, performance.now());
    void clients[i % clients.length]!.publishAsync(`gate/${device}/events`, payload, { qos: 1 });
  }
  const timeout = new Promise<void>((r) => setTimeout(r, 60_000));
  await Promise.race([all, timeout]);
  for (const c of clients) c.off('message', onAnswer);
  if (lags.length < total) log(`only ${lags.length} of ${total} answered within 60 s`);
  return lags;
}

export async function run() {
  const rate = arg('rate', 200);
  const seconds = arg('seconds', 10);
  const residents = arg('residents', 20_000);
  const total = rate * seconds;
  const app = await openApp('sqlite');
  const { seedScale } = await import('../packages/server/src/modules/registry');
  const { systemActor } = await import('../packages/server/src/modules/audit');
  const { startEmbeddedBroker, connectBus } = await import('../packages/server/src/platform/mqtt/broker');
  const { gateBrokerAccess, startGateIngest } = await import('../packages/server/src/modules/gates');
  const actor = systemActor('bench:gates');
  log(`seeding ${residents} residents`);
  await seedScale(app.platform, app.services.audit, app.services.orgs, actor, residents);
  const { db } = app.platform.database;
  const ids = (await db.selectFrom('residents').select('id').limit(5000).execute()).map((r) => String(r.id));
  const admin = (await app.services.auth.findByUsername('admin'))!;
  const pa = await app.services.auth.principalWithoutSession(admin);
  const grid = await db.selectFrom('orgs').select('id').where('level', '=', 'grid').where('path', 'like', `${pa.orgPath}%`).executeTakeFirstOrThrow();
  const device = 'GATE-BENCH-01';
  await app.services.gates.create(pa, actor, { name: '东门', kind: 'pedestrian', gridId: String(grid.id), deviceId: device });
  const sec = (await app.services.auth.findByUsername('secadmin'))!;
  const key = (await app.services.auth.createApiToken(null, { name: '压测闸机', role: 'device', orgId: admin.orgId, scopes: ['device:event'], createdBy: sec.id }, actor)).token;

  const access = gateBrokerAccess({ gates: app.services.gates, authenticateToken: (t) => app.services.auth.authenticateToken(t) });
  const broker = await startEmbeddedBroker('127.0.0.1', 0, access);
  const bus = await connectBus(broker.url, undefined, access.ingest);
  await startGateIngest(bus, { gates: app.services.gates, logger: app.platform.logger, mismatch: (a, b) => app.services.gates.identityMismatch(a, b) });
  const clients = await Promise.all([0, 1, 2, 3].map(() => mqtt.connectAsync(broker.url, { username: device, password: key, reconnectPeriod: 0 })));
  for (const c of clients) await c.subscribeAsync(`gate/${device}/decision`, { qos: 1 });

  const runId = crypto.randomBytes(3).toString('hex');
  const event = (prefix: string) => (i: number) => JSON.stringify({ deviceId: device, eventId: `${prefix}-${runId}-${i}`, direction: i % 2 ? 'in' : 'out', method: 'face', residentId: ids[i % ids.length], matchScore: 0.95 });

  // Baseline: the ingest's user echoes each event unread (a second broker client with the ingest's own identity).
  const echo = await connectBus(broker.url, undefined, access.ingest);
  const echoing = new Set<string>();
  await echo.subscribe(`gate/+/events`, async (topic, payload) => {
    const body = payload.toString();
    if (!body.includes('"eventId":"base-')) return;
    const id = (JSON.parse(body) as { eventId: string }).eventId;
    if (echoing.has(id)) return;
    echoing.add(id);
    await echo.publish(topic.replace(/events$/, 'decision'), JSON.stringify({ eventId: id }));
  });
  log(`baseline: ${total} echoed messages at ${rate}/s`);
  const base = await drive(clients, device, total, rate, event('base'));
  log(`ingest: ${total} events at ${rate}/s`);
  const t0 = performance.now();
  const lags = await drive(clients, device, total, rate, event('live'));
  const wall = (performance.now() - t0) / 1000;
  const stored = Number((await db.selectFrom('gate_events').select((eb) => eb.fn.countAll().as('n')).where('event_id', 'like', `live-${runId}-%`).executeTakeFirstOrThrow()).n);
  // A redelivered event (QoS 1) is stored once.
  const again = JSON.stringify({ deviceId: device, eventId: `dup-${runId}`, direction: 'in', method: 'face', residentId: ids[0] });
  for (let i = 0; i < 3; i++) await clients[0]!.publishAsync(`gate/${device}/events`, again, { qos: 1 });
  await new Promise((r) => setTimeout(r, 1500));
  const dup = Number((await db.selectFrom('gate_events').select((eb) => eb.fn.countAll().as('n')).where('event_id', '=', `dup-${runId}`).executeTakeFirstOrThrow()).n);

  const f = (x: number) => x.toFixed(1);
  process.stdout.write(`gate ingest over MQTT, ${residents} residents, ${total} events at ${rate}/s (4 terminal connections):\n`);
  process.stdout.write(`  ingest:   answered ${lags.length}/${total} in ${wall.toFixed(1)} s; lag p50 ${f(pct(lags, 50))} ms, p99 ${f(pct(lags, 99))} ms, max ${f(Math.max(...lags))} ms\n`);
  process.stdout.write(`  baseline: echo without decision: lag p50 ${f(pct(base, 50))} ms, p99 ${f(pct(base, 99))} ms\n`);
  process.stdout.write(`  stored ${stored} rows for ${total} events; a redelivered event stored ${dup} time(s)\n`);
  for (const c of clients) await c.endAsync(true);
  await echo.close();
  await bus.close();
  await broker.close();
  await app.close();
  process.stdout.write(`RESULT gates events=${total} rate_eps=${(lags.length / wall).toFixed(0)} lag_p50_ms=${f(pct(lags, 50))} lag_p99_ms=${f(pct(lags, 99))} lag_max_ms=${f(Math.max(...lags))} baseline_p99_ms=${f(pct(base, 99))} stored=${stored} dup_rows=${dup}\n`);
}
