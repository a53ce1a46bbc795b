import { randomBytes } from 'node:crypto';
import type { Principal } from '../../http/auth-context';
import type { Platform } from '../../platform/context';
import type { BrokerAccess, MessageBus } from '../../platform/mqtt/broker';
import { deviceEventBody } from './gates.routes';
import type { Gates } from './gates.service';

/**
 * 卡口 over MQTT (ADR 0081): a terminal publishes its passage events to `gate/<deviceId>/events` and reads the decision
 * on `gate/<deviceId>/decision`. On the embedded broker a terminal connects with its device id as the user name and the
 * device key (API token, role `device`, scope `device:event`) as the password; it is admitted only when a gate of the
 * key's area has that device id, may publish only to its own events topic and subscribe only to its own decision topic
 * (SECURITY IOT-04; an external broker does the same with client certificates and an ACL file). The server's own
 * ingest client has a secret made at each start. The payload's `deviceId` must be the topic's (IOT test 50): a mismatch
 * is dropped and raised as a security alert. A repeated `(deviceId, eventId)` is stored once (IOT-03).
 */
export const INGEST_USER = 'renxing-gate-ingest';
const EVENTS = /^gate\/([A-Za-z0-9_-]{4,40})\/events$/;

export function gateBrokerAccess(o: { gates: Gates; authenticateToken: (bearer: string) => Promise<Principal | null> }): BrokerAccess & { ingest: { username: string; password: string } } {
  const secret = randomBytes(24).toString('base64url');
  return {
    ingest: { username: INGEST_USER, password: secret },
    async authenticate(username, password) {
      if (!username || !password) return false;
      if (username === INGEST_USER) return password === secret;
      const p = await o.authenticateToken(password);
      if (!p || p.kind !== 'token' || !p.permissions.has('device:event')) return false;
      return (await o.gates.deviceInArea(username, p.orgPath)) !== null;
    },
    canPublish(username, topic) {
      if (username === INGEST_USER) return /^gate\/[A-Za-z0-9_-]{4,40}\/decision$/.test(topic);
      return topic === `gate/${username}/events`;
    },
    canSubscribe(username, topic) {
      if (username === INGEST_USER) return topic === 'gate/+/events';
      return topic === `gate/${username}/decision`;
    },
  };
}

/** Subscribes the ingest to every terminal's events and answers each on its decision topic. */
export async function startGateIngest(bus: MessageBus, o: {
  gates: Gates; logger: Platform['logger'];
  /** Raises a security alert (a terminal publishing another's identity). */
  mismatch: (topicDevice: string, payloadDevice: string) => Promise<void>;
}): Promise<void> {
  await bus.subscribe('gate/+/events', async (topic, payload) => {
    const m = EVENTS.exec(topic);
    if (!m) return;
    const device = m[1]!;
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      o.logger.warn({ device }, 'gate event over MQTT: not JSON; dropped');
      return;
    }
    const parsed = deviceEventBody.safeParse(body);
    if (!parsed.success) {
      o.logger.warn({ device, issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'gate event over MQTT: invalid; dropped');
      return;
    }
    if (parsed.data.deviceId !== device) {
      await o.mismatch(device, parsed.data.deviceId);
      return;
    }
    try {
      const r = await o.gates.deviceEvent(null, parsed.data);
      await bus.publish(`gate/${device}/decision`, JSON.stringify(r));
    } catch (e) {
      const err = e as { code?: string; message?: string };
      o.logger.warn({ device, code: err.code ?? null, err: { message: err.message } }, 'gate event over MQTT refused');
      await bus.publish(`gate/${device}/decision`, JSON.stringify({ eventId: parsed.data.eventId, error: err.code ?? 'failed' })).catch(() => undefined);
    }
  });
}
