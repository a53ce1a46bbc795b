// The server serves the built web app: its files, and the HTML shell for the client-side routes — but a missing built
// file is a 404, not the shell (which the browser would reject as a module script with MIME type text/html).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { isClientRoute } from './errors';

describe('web shell and static files', () => {
  let t: TestApp;
  let webDir: string;
  beforeAll(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renxing-web-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-abc.js"></script></body></html>');
    fs.writeFileSync(path.join(webDir, 'assets', 'index-abc.js'), 'export const x = 1;\n');
    t = await createTestApp({ seed: false, config: { webDir } });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('serves a built file with its type', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/assets/index-abc.js' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.body).toContain('export const x');
  });

  it('answers client-side routes (deep links, query strings) with the HTML shell', async () => {
    for (const url of ['/', '/registry', '/registry/residents/0193a1b2-0000-7000-8000-000000000001', '/audit?page=2']) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type'], url).toMatch(/^text\/html/);
      expect(r.body, url).toContain('<div id="root">');
    }
  });

  it('a missing built file or file name is a 404 in the error format, not the shell', async () => {
    for (const url of ['/assets/index-old123.js', '/assets/missing.css', '/favicon-missing.png', '/robots.txt', '/api/no-such-route']) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type'], url).toMatch(/application\/json/);
      expect(r.json().error.code, url).toBe('not_found');
    }
  });

  it('isClientRoute: API, assets and names with an extension are not client routes', () => {
    expect(isClientRoute('/registry/import')).toBe(true);
    expect(isClientRoute('/self-reports?status=open#top')).toBe(true);
    expect(isClientRoute('/api/auth/me')).toBe(false);
    expect(isClientRoute('/assets/x')).toBe(false);
    expect(isClientRoute('/sw.js')).toBe(false);
    expect(isClientRoute('/a/b.webmanifest')).toBe(false);
  });
});
