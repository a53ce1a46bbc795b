import net from 'node:net';
import tls from 'node:tls';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';

/** The embedded MQTT broker (aedes) used when MQTT_URL is not set; gate devices and the ingest role connect to it. */
export type EmbeddedBroker = { url: string; port: number; close(): Promise<void> };

/**
 * Who may connect to the embedded broker and what each may publish and subscribe to (SECURITY IOT-04 on the embedded
 * broker; an external one is configured with certificates and an ACL file). `username` is the identity a client
 * authenticated as. Without it the broker admits everyone (tests of the bus itself).
 */
export type BrokerAccess = {
  authenticate(username: string | undefined, password: string | undefined): Promise<boolean>;
  canPublish(username: string, topic: string): boolean;
  canSubscribe(username: string, topic: string): boolean;
};

/** The embedded broker's certificate (chain) and private key, PEM: it then takes MQTT over TLS only. */
export type BrokerTls = { cert: Buffer | string; key: Buffer | string };

/**
 * Starts aedes on host:port (port 0 = any free port); with `tlsOptions`, over TLS (TLS 1.2 or later; the URL is
 * `mqtts://`) and nothing in the clear — the gate terminals' device keys travel in the CONNECT packet.
 */
export async function startEmbeddedBroker(host: string, port: number, access?: BrokerAccess, tlsOptions?: BrokerTls): Promise<EmbeddedBroker> {
  const users = new WeakMap<object, string>();
  const broker = await Aedes.createBroker(access ? {
    authenticate: (client, username, password, done) => {
      access.authenticate(username, password?.toString('utf8')).then((ok) => {
        if (ok && username) {
          users.set(client, username);
          done(null, true);
        } else {
          // 5 = not authorized (MQTT 3.1.1 CONNACK), 4 = bad user name or password.
          done(Object.assign(new Error('not authorized'), { returnCode: username ? 4 : 5 }) as never, false);
        }
      }, () => done(Object.assign(new Error('not authorized'), { returnCode: 5 }) as never, false));
    },
    authorizePublish: (client, packet, done) => {
      const who = client ? users.get(client) : undefined;
      // The broker itself (client null: $SYS, wills) publishes freely; a client only where its identity allows.
      if (!client || (who && access.canPublish(who, packet.topic))) done(null);
      else done(new Error('publish not allowed'));
    },
    authorizeSubscribe: (client, sub, done) => {
      const who = users.get(client);
      done(null, who && access.canSubscribe(who, sub.topic) ? sub : null);
    },
  } : undefined);
  const server = tlsOptions
    ? tls.createServer({ cert: tlsOptions.cert, key: tlsOptions.key, minVersion: 'TLSv1.2' }, broker.handle as (s: net.Socket) => void)
    : net.createServer(broker.handle as (s: net.Socket) => void);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as net.AddressInfo).port;
  return {
    url: `${tlsOptions ? 'mqtts' : 'mqtt'}://${host}:${actual}`,
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

/**
 * How a client checks an mqtts broker beyond the system's trusted roots: `ca` — certificates to trust as well (a
 * self-signed one); `ownBroker` — the server connecting to its own embedded broker in this process over loopback, where
 * the certificate is checked against `ca` but not against the address (a certificate names the host terminals dial,
 * not 127.0.0.1).
 */
export type BusTls = { ca?: Array<Buffer | string>; ownBroker?: boolean };
const pem = (c: Buffer | string): string => (typeof c === 'string' ? c : c.toString('utf8'));

/** An MQTT client connection (to the embedded broker or an external one such as Mosquitto). */
export async function connectBus(
  url: string, clientId = `renxing-${process.pid}-${Math.random().toString(36).slice(2, 8)}`, credentials?: { username: string; password: string }, tlsCheck?: BusTls,
): Promise<MessageBus> {
  const secure = tlsCheck?.ca ? { ca: [...tls.rootCertificates, ...tlsCheck.ca.map(pem)], rejectUnauthorized: true } : {};
  const own = tlsCheck?.ownBroker ? { checkServerIdentity: () => undefined } : {};
  const client: MqttClient = await mqtt.connectAsync(url, { clientId, clean: true, reconnectPeriod: 1000, connectTimeout: 5000, ...credentials, ...secure, ...own });
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
