import net from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';

/** The embedded MQTT broker (aedes) used when MQTT_URL is not set; gate devices and the ingest role connect to it. */
export type EmbeddedBroker = { url: string; port: number; close(): Promise<void> };

/** Starts aedes on host:port (port 0 = any free port). */
export async function startEmbeddedBroker(host: string, port: number): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  const server = net.createServer(broker.handle as (s: net.Socket) => void);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as net.AddressInfo).port;
  return {
    url: `mqtt://${host}:${actual}`,
    port: actual,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => broker.close(() => r()));
    },
  };
}

/** Port for publish/subscribe used by modules (gate events, alerts fan-out to devices). */
export interface MessageBus {
  readonly url: string;
  publish(topic: string, payload: string | Buffer, qos?: 0 | 1): Promise<void>;
  subscribe(pattern: string, handler: (topic: string, payload: Buffer) => Promise<void> | void, qos?: 0 | 1): Promise<void>;
  close(): Promise<void>;
}

/** An MQTT client connection (to the embedded broker or an external one such as Mosquitto). */
export async function connectBus(url: string, clientId = `renxing-${process.pid}-${Math.random().toString(36).slice(2, 8)}`): Promise<MessageBus> {
  const client: MqttClient = await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 1000, connectTimeout: 5000 });
  const handlers: Array<{ pattern: string; re: RegExp; fn: (topic: string, payload: Buffer) => Promise<void> | void }> = [];
  client.on('message', (topic, payload) => {
    for (const h of handlers) if (h.re.test(topic)) void Promise.resolve(h.fn(topic, payload)).catch(() => undefined);
  });
  const toRe = (p: string) => new RegExp(`^${p.split('/').map((s) => (s === '+' ? '[^/]+' : s === '#' ? '.*' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`);
  return {
    url,
    async publish(topic, payload, qos = 1) {
      await client.publishAsync(topic, payload, { qos });
    },
    async subscribe(pattern, fn, qos = 1) {
      handlers.push({ pattern, re: toRe(pattern), fn });
      await client.subscribeAsync(pattern, { qos });
    },
    async close() {
      await client.endAsync();
    },
  };
}
