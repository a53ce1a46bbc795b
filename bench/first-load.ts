// `npm run bench -- first-load` (ADR 0063): how long a worker's phone takes to show the login form on a first visit
// (empty cache), and then, after signing in, the workbench — in headless Chromium with the CPU slowed down 4 times
// (a cheap phone; Chrome DevTools' own "mid-tier mobile" setting) and, with --net, a slow 4G line (150 ms round trip,
// 1.6 Mbit/s down).
//
// The baseline, measured in the same run, in the same browser and under the same slow-down: a static page of a few
// hundred bytes with a login form and no script, from a plain Node HTTP server — what any first page costs this
// machine at this moment (the machine is shared and noisy).
//
// Per run, a new browser context (no cache, no cookies): navigate to /login → the password field visible (login_ms);
// fill it in, wait --think-ms (default 3000: typing a user name and a password of 12 or more characters on a phone
// takes longer than that), submit → the dashboard's role field visible (workbench_ms). Medians over --runs (default 9) are
// printed with the JavaScript main-thread time (Chromium's ScriptDuration), the bytes on the wire and the requests.
//
// The server: `renxing serve` on a fresh data directory with the demo seed, serving packages/web/dist (built first
// when missing or older than its sources, as for the browser tests: packages/e2e/src/server-process.ts).
// --web-dir=<dist> serves another build (to compare two builds: run the bench once per build); --base-url=<url>
// measures a server already running (with the demo accounts).
//
// Last line: RESULT first-load login_ms=… baseline_ms=… workbench_ms=… script_ms=… kb=… requests=…
import http from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../packages/e2e/src/browser';
import { DEMO_PASSWORD, startServerProcess } from '../packages/e2e/src/server-process';

const log = (s: string) => process.stderr.write(`[first-load] ${s}\n`);

function parseOpts(argv: string[]) {
  const get = (k: string) => argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
  const runs = Number(get('runs') ?? 9);
  const cpu = Number(get('cpu') ?? 4);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
  if (!(cpu >= 1)) throw new Error('--cpu must be ≥ 1');
  const thinkMs = Number(get('think-ms') ?? 3000);
  if (!Number.isInteger(thinkMs) || thinkMs < 0) throw new Error('--think-ms must be a non-negative integer');
  return { runs, cpu, thinkMs, net: argv.includes('--net'), baseUrl: get('base-url'), webDir: get('web-dir') };
}

const BASELINE_HTML = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>登录</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head><body><form><label>用户名 <input name="u"></label>
<label>密码 <input type="password" name="p"></label><button>登录</button></form></body></html>`;

async function startBaseline(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    res.end(BASELINE_HTML);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The system as a newcomer starts it (the browser tests' server start, without vitest): demo seed, fresh data dir. */
async function startServer(webDir: string | undefined): Promise<{ url: string; stop: () => Promise<void> }> {
  log('starting the server with the demo community');
  const server = await startServerProcess({
    env: webDir ? { RENXING_WEB_DIR: path.resolve(webDir) } : {}, buildWeb: !webDir, timeoutMs: 180_000,
  });
  return { url: server.baseUrl, stop: server.stop };
}

type Sample = { ms: number; scriptMs: number; bytes: number; requests: number };

async function newPage(browser: Browser, o: { cpu: number; net: boolean }) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  if (o.cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: o.cpu });
  if (o.net) await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 });
  const wire = { bytes: 0, requests: 0 };
  cdp.on('Network.loadingFinished', (e) => {
    wire.bytes += e.encodedDataLength;
    wire.requests += 1;
  });
  const scriptMs = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return 1000 * (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0);
  };
  /** Runs `step` and returns its duration with the script time, bytes and requests it caused. */
  const measure = async (step: () => Promise<void>): Promise<Sample> => {
    const [s0, b0, r0] = [await scriptMs(), wire.bytes, wire.requests];
    const t0 = performance.now();
    await step();
    const ms = performance.now() - t0;
    // Requests that finish just after the marker still belong to this step.
    await page.waitForLoadState('networkidle').catch(() => {});
    return { ms, scriptMs: (await scriptMs()) - s0, bytes: wire.bytes - b0, requests: wire.requests - r0 };
  };
  return { page, context, measure };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function run(): Promise<void> {
  const o = parseOpts(process.argv.slice(2));
  const baseline = await startBaseline();
  const server = o.baseUrl ? { url: o.baseUrl.replace(/\/$/, ''), stop: async () => {} } : await startServer(o.webDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const base: Sample[] = [];
  const login: Sample[] = [];
  const workbench: Sample[] = [];
  try {
    log(`${o.runs} runs, CPU slowed ${o.cpu}×${o.net ? ', slow 4G' : ''}, ${o.thinkMs} ms to type, against ${server.url}`);
    for (let i = 0; i < o.runs; i++) {
      // Baseline and app alternate, so that a burst of load on the machine hits both alike.
      {
        const { page, context, measure } = await newPage(browser, o);
        base.push(await measure(async () => {
          await page.goto(baseline.url);
          await page.locator('input[type=password]').waitFor({ state: 'visible' });
        }));
        await context.close();
      }
      const { page, context, measure } = await newPage(browser, o);
      login.push(await measure(async () => {
        await page.goto(`${server.url}/login`);
        await page.getByLabel('密码', { exact: true }).waitFor({ state: 'visible' });
      }));
      await page.getByLabel('用户名', { exact: true }).fill('grid1');
      await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
      await page.waitForTimeout(o.thinkMs);
      workbench.push(await measure(async () => {
        await page.getByRole('button', { name: '登录', exact: true }).click();
        await page.getByTestId('me-role').waitFor({ state: 'visible' });
      }));
      await context.close();
      log(`run ${i + 1}: baseline ${base.at(-1)!.ms.toFixed(0)} ms, login ${login.at(-1)!.ms.toFixed(0)} ms, workbench ${workbench.at(-1)!.ms.toFixed(0)} ms`);
    }
  } finally {
    await browser.close();
    await server.stop();
    await baseline.close();
  }
  const row = (name: string, s: Sample[]) =>
    `${name.padEnd(10)} ${median(s.map((x) => x.ms)).toFixed(0).padStart(6)} ms   script ${median(s.map((x) => x.scriptMs)).toFixed(0).padStart(5)} ms   ${(median(s.map((x) => x.bytes)) / 1024).toFixed(0).padStart(5)} KiB   ${median(s.map((x) => x.requests))} requests`;
  process.stdout.write(`${row('baseline', base)}\n${row('login', login)}\n${row('workbench', workbench)}\n`);
  const m = (s: Sample[], k: keyof Sample) => median(s.map((x) => x[k]));
  process.stdout.write(
    `RESULT first-load login_ms=${m(login, 'ms').toFixed(0)} baseline_ms=${m(base, 'ms').toFixed(0)} workbench_ms=${m(workbench, 'ms').toFixed(0)} ` +
      `script_ms=${m(login, 'scriptMs').toFixed(0)} kb=${(m(login, 'bytes') / 1024).toFixed(0)} requests=${m(login, 'requests')}\n`,
  );
}
