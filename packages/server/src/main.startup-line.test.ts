import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { connectBus } from './platform/mqtt/broker';
import { freePort, runRenxing, serverEnv, startServer, stopGracefully, tempDataDir } from '../test/reliability/server-process';

// The "listening on" line says what the process really runs on (database, session store, MQTT broker), so an operator —
// and the production-stack browser spec — can tell a setting that was ignored; it never prints a URL's password.
describe('renxing serve: the startup line', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('names Redis sessions and the external broker, with the broker password hidden', async () => {
    const d = tempDataDir('startup-line');
    dirs.push(d);
    // Redis and Mosquitto on localhost, as for the rest of the server suite (Mosquitto accepts any credentials there).
    const env = serverEnv(d, { REDIS_URL: 'redis://127.0.0.1:6379', MQTT_URL: 'mqtt://renxing:s3cret-pw@127.0.0.1:1883' });
    const s = await startServer(env, await freePort(), 60_000);
    try {
      const line = s.output().split('\n').find((l) => l.includes('listening on'))!;
      expect(line).toMatch(/\(sqlite; .*; sessions Redis redis:\/\/127\.0\.0\.1:6379; MQTT mqtt:\/\/renxing:\*\*\*@127\.0\.0\.1:1883 \(external\)\)$/);
      expect(s.output()).not.toContain('s3cret-pw');
    } finally {
      await stopGracefully(s);
    }
  });

  it('names database sessions and the embedded broker by default', async () => {
    const d = tempDataDir('startup-line');
    dirs.push(d);
    const env = serverEnv(d);
    delete env.MQTT_URL;
    const s = await startServer(env, await freePort(), 60_000);
    try {
      expect(s.output()).toMatch(/; sessions database; MQTT mqtt:\/\/127\.0\.0\.1:\d+ \(embedded\)\)\n/);
    } finally {
      await stopGracefully(s);
    }
  });

  it('with RENXING_MQTT_TLS_CERT / _KEY the embedded broker speaks mqtts, and a file it cannot read stops the start naming its variable', async () => {
    const d = tempDataDir('startup-line');
    dirs.push(d);
    const cert = path.join(d, 'broker.crt');
    const key = path.join(d, 'broker.key');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
      '-subj', '/CN=gates.renxing.test', '-addext', 'subjectAltName=DNS:gates.renxing.test,IP:127.0.0.1'], { stdio: 'ignore' });
    const env = serverEnv(d, { RENXING_MQTT_TLS_CERT: cert, RENXING_MQTT_TLS_KEY: key, RENXING_MQTT_PORT: '0' });
    delete env.MQTT_URL;
    const s = await startServer(env, await freePort(), 60_000);
    try {
      const m = /; MQTT mqtts:\/\/127\.0\.0\.1:(\d+) \(embedded\)\)\n/.exec(s.output());
      expect(m).not.toBeNull();
      // A TLS client trusting the certificate reaches the broker, which then asks for a gate's credentials (none given).
      await expect(connectBus(`mqtts://127.0.0.1:${m![1]}`, undefined, undefined, { ca: [fs.readFileSync(cert)] })).rejects.toThrow(/not authori[sz]ed/i);
    } finally {
      await stopGracefully(s);
    }
    const missing = runRenxing(['serve'], { ...env, RENXING_MQTT_TLS_KEY: path.join(d, 'nowhere.key'), PORT: String(await freePort()) });
    expect(missing.status).not.toBe(0);
    expect(`${missing.stdout}${missing.stderr}`).toMatch(/Invalid environment variable RENXING_MQTT_TLS_KEY: cannot read .*nowhere\.key \(ENOENT\)/);
  });
});
