// Headless Chromium (the system package at /usr/bin/chromium) with a fresh profile per session.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
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
  close: () => Promise<void>;
};

export async function launchBrowser(options: { viewport?: { width: number; height: number }; locale?: string } = {}): Promise<BrowserSession> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: options.viewport ?? { width: 1366, height: 800 },
    locale: options.locale ?? 'zh-CN',
    // The app turns Ant Design's animations off for users who ask for reduced motion; a click on a dialog still
    // animating in could be lost on a busy CI machine (seen: account-disable, security-admin).
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
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
  return {
    context,
    page,
    problems,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
