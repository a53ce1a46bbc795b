// Headless Chromium (Debian's chromium-headless-shell, or chromium): one browser process per test worker, and a fresh
// browser context per session — its own cookies, storage, cache and permissions, like a new incognito profile.
// (A new Chromium process per session cost ~0.4 s of CPU each, 53 times per run.)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { fullPersonalData } from '../../server/test/full-personal-data';

/** Full Chromium, as people run it: the first-load benchmark measures with it (bench/first-load.ts). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The browser tests' Chromium: Debian's chromium-headless-shell when installed (.ci/run installs it), else full Chromium.
 * The same engine, version and flags without the full browser's UI layer: the browser processes of a spec took about a
 * quarter less CPU (session5-pages: 24 s against 31–35 s, user + sys), and the browser suite is bound by Chromium's CPU
 * (ADR 0045). It is what Playwright itself runs for headless tests. `CHROMIUM_PATH` picks a binary for both.
 */
export const TEST_CHROMIUM_PATH =
  process.env.CHROMIUM_PATH ?? (fs.existsSync('/usr/bin/chromium-headless-shell') ? '/usr/bin/chromium-headless-shell' : '/usr/bin/chromium');

/** Chromium's flags for tests and benchmarks (bench/first-load.ts): headless, and no calls out of this closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type BrowserSession = {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far (CSP violations show up here). */
  problems: string[];
  /** Full ID or phone numbers in the API's answers to this session so far (see `watchAnswers`); read after the test. */
  leaks: () => Promise<string[]>;
  close: () => Promise<void>;
};

/**
 * Routes that show a full value by design (as in the in-process tests' watch, packages/server/test/
 * watch-personal-data.ts): the reveal call, a correction request's proposed value, and the export file (its unmasked
 * columns are the ones a second person approved; the in-process watch checks that against the database).
 */
const SHOWS_FULL_VALUES = [/^\/api\/residents\/[^/]+\/reveal$/, /^\/api\/registry\/corrections\/[^/]+$/, /^\/api\/exports\/[^/]+\/file$/];

/**
 * The in-process watch's rule 2 in the browser (brief: personal data masked by default): every text answer of the API
 * that the app receives in a browser test is read for a full ID number or phone number. Archives (XLSX, zip) are left to
 * the in-process watch, which unpacks them.
 */
function watchAnswers(context: BrowserContext): () => Promise<string[]> {
  const leaks: string[] = [];
  const pending = new Set<Promise<void>>();
  context.on('response', (response: Response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/api/') || SHOWS_FULL_VALUES.some((re) => re.test(url.pathname))) return;
    if (!/json|text|csv/.test(response.headers()['content-type'] ?? '')) return;
    const reading = response.text().then(
      (body) => {
        for (const found of fullPersonalData(body)) leaks.push(`${response.request().method()} ${url.pathname}: ${found.text}`);
      },
      () => undefined, // no body (a redirect, or the page went away first)
    );
    pending.add(reading);
    void reading.finally(() => pending.delete(reading));
  });
  return async () => {
    await Promise.allSettled([...pending]);
    return [...leaks];
  };
}

let shared: Promise<Browser> | null = null;

/**
 * Running the suite at another date: `FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f +3h npx vitest run --project e2e`
 * (Debian's faketime) moves the clock of the test runner and of every server it starts, e.g. past midnight or a month
 * end in Asia/Shanghai. Chromium does not load the app under libfaketime, so it starts without it, and each page's
 * `Date` runs ahead (or behind) of the real clock by the runner's offset, reload after reload.
 */
const FAKED_TIME = /faketime/.test(process.env.LD_PRELOAD ?? '');
function browserEnv(): NodeJS.ProcessEnv | undefined {
  if (!FAKED_TIME) return undefined;
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k === 'LD_PRELOAD' || k.startsWith('FAKETIME')) delete env[k];
  return env;
}
/** How far the runner's (faked) clock is from the real one, asked of `date` without libfaketime (once per worker). */
let fakedOffset: number | null = null;
function fakedOffsetMs(): number {
  if (fakedOffset === null) fakedOffset = Date.now() - Number(execFileSync('date', ['+%s%3N'], { env: browserEnv(), encoding: 'utf8' }).trim());
  return fakedOffset;
}
/**
 * Runs in every page before its scripts: `Date` (now, new Date(), Date()) shifted by OFFSET ms. Text, not a function:
 * the test runner's transpiler would wrap a function's inner names in a helper that the page does not have.
 */
const SHIFT_DATE = `(() => {
  const Real = Date;
  function Shifted(...args) {
    if (!new.target) return new Real(Real.now() + OFFSET).toString();
    return args.length ? new Real(...args) : new Real(Real.now() + OFFSET);
  }
  Shifted.prototype = Real.prototype;
  Shifted.now = () => Real.now() + OFFSET;
  Shifted.parse = Real.parse;
  Shifted.UTC = Real.UTC;
  globalThis.Date = Shifted;
})();`;

/** The worker's Chromium, started on first use (and again if it died). */
function browserProcess(): Promise<Browser> {
  const current = shared;
  if (current) return current.then((b) => (b.isConnected() ? b : ((shared = null), browserProcess())));
  const started = chromium.launch({ executablePath: TEST_CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, env: browserEnv() });
  shared = started;
  started.catch(() => (shared = null));
  return started;
}

/** Closes the worker's Chromium (after a spec file; the next file starts its own). */
export async function closeBrowserProcess(): Promise<void> {
  const current = shared;
  shared = null;
  if (current) await (await current.catch(() => null))?.close();
}

export async function launchBrowser(options: { viewport?: { width: number; height: number }; locale?: string } = {}): Promise<BrowserSession> {
  const browser = await browserProcess();
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1366, height: 800 },
    locale: options.locale ?? 'zh-CN',
    // The app turns Ant Design's animations off for users who ask for reduced motion; a click on a dialog still
    // animating in could be lost on a busy CI machine (seen: account-disable, security-admin).
    reducedMotion: 'reduce',
  });
  if (FAKED_TIME) await context.addInitScript({ content: SHIFT_DATE.replaceAll('OFFSET', String(fakedOffsetMs())) });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const problems: string[] = [];
  const watch = (p: Page) => {
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      // Expected refusals (401, 403, 429) are logged by Chromium as failed resources; everything else is a problem.
      if (m.type() === 'error' && !/the server responded with a status of (401|403|429)\b/.test(m.text())) problems.push(`console.error: ${m.text()}`);
    });
  };
  watch(page);
  context.on('page', watch);
  const leaks = watchAnswers(context);
  return {
    context,
    page,
    problems,
    leaks,
    close: () => context.close(),
  };
}
