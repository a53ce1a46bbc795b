// The setup every spec file shares: one real server per file and fresh browser profiles per test, closed after the
// test. On a failed test, what each browser showed is kept (screenshot, HTML, console problems) in SHOTS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { login } from './actions';
import { closeBrowserProcess, launchBrowser, type BrowserSession } from './browser';
import { startServer, type RunningServer } from './harness';

/** Screenshots for a person to look at (not compared by the tests). */
export const SHOTS = process.env.RENXING_E2E_SHOTS ?? path.join(os.tmpdir(), 'rx-e2e-shots');
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 900 };

export type Viewport = { width: number; height: number };

/** Saves a screenshot as SHOTS/<prefix>-<name>.png. */
export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

export type Suite = {
  /** Base URL of this file's server (available from the first test on). */
  readonly base: string;
  /** A fresh browser profile (cookies, storage, language) for this test; closed after it. */
  browser: (options?: { viewport?: Viewport }) => Promise<BrowserSession>;
  /** A fresh browser logged in as a demo user (the login form, like a person), on the page the app lands on. */
  loggedIn: (username: string, options?: { viewport?: Viewport }) => Promise<BrowserSession>;
  /** Screenshot named after the spec: SHOTS/<spec>-<name>.png. */
  shot: (page: Page, name: string, fullPage?: boolean) => Promise<void>;
  /** Everything this file's server printed so far (its "listening on" line names the database, sessions and MQTT broker). */
  output: () => string;
};

/**
 * Call once inside a spec's `describe`: registers the hooks that start the server (beforeAll), close this test's
 * browsers (afterEach) and stop the server and delete its data (afterAll). `spec` prefixes screenshot file names.
 */
export function e2eSuite(spec: string, options: { env?: Record<string, string> } = {}): Suite {
  let server: RunningServer | undefined;
  const sessions: BrowserSession[] = [];
  let failures = 0;

  beforeAll(async () => {
    server = await startServer({ env: options.env });
  });
  afterAll(async () => {
    await closeBrowserProcess();
    await server?.stop();
  });
  afterEach(async (ctx) => {
    const open = sessions.splice(0);
    if (ctx.task.result?.state === 'fail') {
      fs.mkdirSync(SHOTS, { recursive: true });
      // One set of files per failed test (a later failure in the same spec no longer overwrites the first, which is
      // usually the one that tells), with the error and the spec's line that threw.
      failures++;
      const error = ctx.task.result.errors?.[0];
      const thrownAt = /specs\/[^\s)]+:\d+:\d+/.exec(error?.stack ?? '')?.[0] ?? '';
      for (const [i, s] of open.entries()) {
        const stem = path.join(SHOTS, `${spec}-failed-${failures}-${i}`);
        await s.page.screenshot({ path: `${stem}.png`, fullPage: true }).catch(() => {});
        fs.writeFileSync(`${stem}.html`, await s.page.content().catch(() => ''));
        fs.writeFileSync(`${stem}.problems.txt`, s.problems.join('\n'));
        // A short account for the CI log (.ci/run prints these): where the page was, what it showed, what the server
        // last said — the screenshots stay on the CI machine.
        const seen = await s.page.evaluate<{ dialogs: string[]; text: string }>(`({
          dialogs: [...document.querySelectorAll('[role="dialog"]')].map((d) => d.innerText.replace(/\\s+/g, ' ').slice(0, 200)),
          text: document.body.innerText.replace(/\\s+/g, ' ').slice(0, 600),
        })`).catch(() => ({ dialogs: [] as string[], text: '(the page could not be read)' }));
        const serverTail = (server?.output() ?? '').trim().split('\n').slice(-12).join('\n');
        fs.writeFileSync(`${stem}.summary.txt`, [
          `${ctx.task.name} — browser ${i}`, `error: ${(error?.message ?? '').split('\n')[0]} ${thrownAt}`, `url: ${s.page.url()}`, `dialogs: ${JSON.stringify(seen.dialogs)}`, `text: ${seen.text}`,
          `problems: ${s.problems.slice(-5).join(' | ') || 'none'}`, 'server (last lines):', serverTail,
        ].join('\n'));
      }
    }
    // Read before closing: an answer's body can no longer be read once its browser context is closed.
    const leaks = (await Promise.all(open.map((s) => s.leaks()))).flat();
    for (const s of open) await s.close();
    if (leaks.length) throw new Error(`full personal data in the API's answers (brief: masked by default):\n${leaks.join('\n')}`);
  });

  const suite: Suite = {
    get base() {
      if (!server) throw new Error('the server is not started yet (use the suite inside tests)');
      return server.baseUrl;
    },
    async browser(o = {}) {
      const s = await launchBrowser({ viewport: o.viewport });
      sessions.push(s);
      return s;
    },
    async loggedIn(username, o = {}) {
      const s = await suite.browser(o);
      await login(s.page, suite.base, username);
      return s;
    },
    shot: (page, name, fullPage = false) => shot(page, `${spec}-${name}`, fullPage),
    output: () => server?.output() ?? '',
  };
  return suite;
}
