import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { connectBus, startEmbeddedBroker } from './broker';

/** An MQTT 3.1.1 CONNECT (client id "x", clean session, keep-alive 60 s), as a plain client would send it. */
const MQTT_CONNECT = Buffer.from([0x10, 13, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60, 0, 1, 0x78]);

/** A self-signed certificate for `name` (and 127.0.0.1), made by the machine's openssl for this run. */
function selfSigned(dir: string, name: string) {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', `/CN=${name}`, '-addext', `subjectAltName=DNS:${name},IP:127.0.0.1`], { stdio: 'ignore' });
  return { certFile: cert, keyFile: key, cert: readFileSync(cert), key: readFileSync(key) };
}

async function roundTrip(url: string) {
  const sub = await connectBus(url);
  const pub = await connectBus(url);
  const got: string[] = [];
  const done = new Promise<void>((resolve) => {
    void sub.subscribe('renxing/test/+/events', (topic, payload) => {
      got.push(`${topic}=${payload.toString()}`);
      resolve();
    });
  });
  await new Promise((r) => setTimeout(r, 50));
  await pub.publish('renxing/test/gate-01/events', '{"eventId":"e1"}');
  await done;
  await sub.close();
  await pub.close();
  return got;
}

describe('MQTT', () => {
  it('the embedded broker (aedes) delivers a QoS 1 message', async () => {
    const b = await startEmbeddedBroker('127.0.0.1', 0);
    try {
      expect(await roundTrip(b.url)).toEqual(['renxing/test/gate-01/events={"eventId":"e1"}']);
    } finally {
      await b.close();
    }
  });

  it('the same client code works against the external Mosquitto on 127.0.0.1:1883', async () => {
    expect(await roundTrip(process.env.RENXING_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883')).toEqual(['renxing/test/gate-01/events={"eventId":"e1"}']);
  });

  describe('the embedded broker over TLS (RENXING_MQTT_TLS_CERT / _KEY)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rx-mqtt-tls-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('speaks mqtts only: a client trusting the certificate gets the message; an untrusting one and a plain one are refused', async () => {
      const c = selfSigned(dir, 'broker.renxing.test');
      const b = await startEmbeddedBroker('127.0.0.1', 0, undefined, { cert: c.cert, key: c.key });
      try {
        expect(b.url).toBe(`mqtts://127.0.0.1:${b.port}`);
        const sub = await connectBus(b.url, undefined, undefined, { ca: [c.cert] });
        const pub = await connectBus(b.url, undefined, undefined, { ca: [c.cert] });
        const got = new Promise<string>((resolve) => void sub.subscribe('renxing/test/+/events', (topic, p) => resolve(`${topic}=${p.toString()}`)));
        await new Promise((r) => setTimeout(r, 50));
        await pub.publish('renxing/test/gate-01/events', '{"eventId":"tls"}');
        expect(await got).toBe('renxing/test/gate-01/events={"eventId":"tls"}');
        await Promise.all([sub.close(), pub.close()]);
        // Not trusting the self-signed certificate: the handshake fails.
        await expect(connectBus(b.url)).rejects.toThrow(/self[- ]signed|certificate/i);
        // A certificate of another broker trusted instead: refused all the same.
        const other = selfSigned(dir, 'other.renxing.test');
        await expect(connectBus(b.url, undefined, undefined, { ca: [other.cert] })).rejects.toThrow(/self[- ]signed|certificate|verify/i);
        // MQTT in the clear to the TLS port: a CONNECT gets no CONNACK (0x20), the connection is closed.
        const answer = await new Promise<Buffer>((resolve, reject) => {
          const sock = net.connect(b.port, '127.0.0.1', () => sock.write(MQTT_CONNECT));
          const chunks: Buffer[] = [];
          sock.on('data', (d) => chunks.push(d));
          sock.on('close', () => resolve(Buffer.concat(chunks)));
          sock.on('error', () => undefined);
          setTimeout(() => { sock.destroy(); reject(new Error('the TLS port kept a plain connection open')); }, 10_000);
        });
        expect(answer[0]).not.toBe(0x20);
      } finally {
        await b.close();
      }
    });

    it('the server reaching its own broker: the certificate checked against the one given, not against 127.0.0.1', async () => {
      const c = selfSigned(dir, 'gates.example.test');
      const b = await startEmbeddedBroker('127.0.0.1', 0, undefined, { cert: c.cert, key: c.key });
      try {
        const own = await connectBus(b.url, undefined, undefined, { ca: [c.cert], ownBroker: true });
        await own.close();
      } finally {
        await b.close();
      }
    });

    it('the configuration takes both files or neither, naming the one missing', () => {
      const base = { RENXING_DATA_DIR: dir };
      expect(loadConfig({ ...base }).mqttTls).toBeNull();
      expect(loadConfig({ ...base, RENXING_MQTT_TLS_CERT: 'b.crt', RENXING_MQTT_TLS_KEY: 'b.key' }).mqttTls).toEqual({ certFile: join(process.cwd(), 'b.crt'), keyFile: join(process.cwd(), 'b.key') });
      expect(() => loadConfig({ ...base, RENXING_MQTT_TLS_CERT: 'b.crt' })).toThrow(/^Invalid environment variable RENXING_MQTT_TLS_KEY: required with RENXING_MQTT_TLS_CERT/);
      expect(() => loadConfig({ ...base, RENXING_MQTT_TLS_KEY: 'b.key' })).toThrow(/^Invalid environment variable RENXING_MQTT_TLS_CERT: required with RENXING_MQTT_TLS_KEY/);
    });
  });
});
