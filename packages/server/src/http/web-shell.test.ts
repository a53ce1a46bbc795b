// The server serves the built web app: its files, and the HTML shell for the client-side routes — but a missing built
// file is a 404, not the shell (which the browser would reject as a module script with MIME type text/html).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { isClientRoute } from './errors';
import { isHashedAsset } from './web-cache';

const BIG = `export const names = ${JSON.stringify(Array.from({ length: 2000 }, (_, i) => `第${i}网格`))};\n`;

describe('web shell and static files', () => {
  let t: TestApp;
  let webDir: string;
  beforeAll(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renxing-web-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/index-abc.js"></script></body></html>');
    fs.writeFileSync(path.join(webDir, 'assets', 'index-abc.js'), 'export const x = 1;\n');
    // What the web build writes beside a large file (vite.config.ts precompress): Brotli and gzip copies.
    fs.writeFileSync(path.join(webDir, 'assets', 'big-def.js'), BIG);
    fs.writeFileSync(path.join(webDir, 'assets', 'big-def.js.br'), zlib.brotliCompressSync(BIG));
    fs.writeFileSync(path.join(webDir, 'assets', 'big-def.js.gz'), zlib.gzipSync(BIG));
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

  it('sends the Brotli or gzip copy the browser accepts, with its type, and the file itself to one that accepts neither', async () => {
    const get = (encoding?: string) => t.app.inject({ method: 'GET', url: '/assets/big-def.js', headers: encoding ? { 'accept-encoding': encoding } : {} });
    const br = await get('gzip, deflate, br');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(BIG);
    const gz = await get('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(BIG);
    const plain = await get();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BIG);
    // The same URL in three encodings: a shared cache must key on Accept-Encoding.
    for (const r of [br, gz, plain]) expect(r.headers.vary).toMatch(/accept-encoding/i);
    // A small file has no copies: sent as it is, whatever is accepted.
    const small = await t.app.inject({ method: 'GET', url: '/assets/index-abc.js', headers: { 'accept-encoding': 'br' } });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body).toContain('export const x');
  });

  it('lets browsers keep hashed build files for good, and revalidate the HTML shell each time', async () => {
    for (const url of ['/assets/index-abc.js', '/assets/big-def.js']) {
      expect((await t.app.inject({ method: 'GET', url })).headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
    // The shell names the current build's files: served from the file (/) and as the client routes' fallback.
    for (const url of ['/', '/index.html', '/registry']) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.headers['content-type'], url).toMatch(/^text\/html/);
      expect(r.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('isHashedAsset: only assets/ of the web directory, whatever the folders above it are called', () => {
    expect(isHashedAsset('/srv/assets/dist', '/srv/assets/dist/assets/index-abc.js')).toBe(true);
    expect(isHashedAsset('/srv/assets/dist', '/srv/assets/dist/assets/index-abc.js.br')).toBe(true);
    expect(isHashedAsset('/srv/assets/dist', '/srv/assets/dist/index.html')).toBe(false);
    expect(isHashedAsset('/srv/assets/dist', '/srv/assets/dist/favicon.svg')).toBe(false);
    expect(isHashedAsset('/srv/web/dist', '/srv/web/dist/assets-old/x.js')).toBe(false);
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
