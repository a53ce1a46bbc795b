import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { freePort, serverEnv, startServer, stopGracefully, tempDataDir } from '../test/reliability/server-process';

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
});
