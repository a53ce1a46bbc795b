import { describe, expect, it } from 'vitest';
import { connectBus, startEmbeddedBroker } from './broker';

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
});
