// The server serves the built web app: its files, and the HTML shell for the client-side routes — but a missing built
// file is a 404, not the shell (which the browser would reject as a module script with MIME type text/html).
import fs from 'node:fs';
import net from 'node:net';
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

/** A raw HTTP/1.1 request over a socket: the path goes out byte for byte (`..` not resolved, `%2e` not decoded). */
function rawGet(port: number, target: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('connect', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
}

// A rebuild (`npm run build`, emptyOutDir) or an in-place upgrade replaces the built files under a running server: the
// old hashed files are deleted, new ones written, and index.html rewritten to name them. Served without a restart.
describe('web app rebuilt under a running server', () => {
  let t: TestApp;
  let base: string;
  let webDir: string;
  const shell = (script: string) => `<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/${script}"></script></body></html>`;
  beforeAll(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'renxing-rebuild-'));
    webDir = path.join(base, 'dist');
    fs.mkdirSync(path.join(webDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(webDir, 'index.html'), shell('index-old111.js'));
    fs.writeFileSync(path.join(webDir, 'assets', 'index-old111.js'), 'export const build = "old";\n');
    // Beside the web directory, and a dot file in it: neither is ever sent.
    fs.writeFileSync(path.join(base, 'secret.txt'), 'TOP-SECRET-OUTSIDE');
    fs.writeFileSync(path.join(webDir, '.env'), 'TOP-SECRET-DOTFILE');
    t = await createTestApp({ seed: false, config: { webDir } });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(base, { recursive: true, force: true });
  });

  it('serves the new build\'s files and shell, and 404 for the old build\'s deleted files', async () => {
    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
    // Before: the old build, fetched once (whatever was read or listed at start, or on first use, is now warm).
    expect((await get('/assets/index-old111.js')).body).toContain('"old"');
    for (const url of ['/', '/registry']) expect((await get(url)).body, url).toContain('index-old111.js');
    const before = await get('/');
    expect(before.headers.etag).toBeTruthy();
    expect((await get('/', { 'if-none-match': String(before.headers.etag) })).statusCode).toBe(304);

    // The rebuild: old files deleted, new ones written (a large one with its Brotli and gzip copies), new shell.
    fs.rmSync(path.join(webDir, 'assets', 'index-old111.js'));
    fs.writeFileSync(path.join(webDir, 'assets', 'index-new222.js'), 'export const build = "new";\n');
    fs.writeFileSync(path.join(webDir, 'assets', 'index-new222.css'), 'body { color: red; }\n');
    fs.writeFileSync(path.join(webDir, 'assets', 'big-new333.js'), BIG);
    fs.writeFileSync(path.join(webDir, 'assets', 'big-new333.js.br'), zlib.brotliCompressSync(BIG));
    fs.writeFileSync(path.join(webDir, 'assets', 'big-new333.js.gz'), zlib.gzipSync(BIG));
    fs.writeFileSync(path.join(webDir, 'favicon-new.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    fs.mkdirSync(path.join(webDir, 'assets', 'fonts'));
    fs.writeFileSync(path.join(webDir, 'assets', 'fonts', 'x-444.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
    fs.writeFileSync(path.join(webDir, 'index.html'), shell('index-new222.js'));

    const js = await get('/assets/index-new222.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.body).toBe('export const build = "new";\n');
    const css = await get('/assets/index-new222.css');
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body).toContain('color: red');
    const font = await get('/assets/fonts/x-444.woff2');
    expect(font.statusCode).toBe(200);
    expect(font.headers['content-type']).toBe('font/woff2');
    const svg = await get('/favicon-new.svg');
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.headers['cache-control']).toBe('no-cache');
    // The precompressed copies of a new file are found too.
    const br = await get('/assets/big-new333.js', { 'accept-encoding': 'br, gzip' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(BIG);
    const gz = await get('/assets/big-new333.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(BIG);

    // The shell is the one on disk now, from the file and for every client route, and revalidated (no-cache).
    for (const url of ['/', '/index.html', '/registry', '/registry/residents/0193a1b2-0000-7000-8000-000000000001?tab=2']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type'], url).toMatch(/^text\/html/);
      expect(r.headers['cache-control'], url).toBe('no-cache');
      expect(r.body, url).toContain('/assets/index-new222.js');
      expect(r.body, url).not.toContain('index-old111');
    }
    // A browser holding the old shell revalidates it and gets the new one, not a 304.
    const again = await get('/', { 'if-none-match': String(before.headers.etag) });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('index-new222.js');

    // A page still open on the old build asks for its deleted files: 404 in the error format, not the shell.
    for (const url of ['/assets/index-old111.js', '/assets/index-old111.css']) {
      const r = await get(url, { 'accept-encoding': 'br, gzip' });
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type'], url).toMatch(/application\/json/);
      expect(r.json().error.code, url).toBe('not_found');
    }
  });

  it('sends nothing outside the web directory, nor its dot files, whatever the path looks like', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as net.AddressInfo).port;
    const tries = [
      '/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/.env', '/assets/../.env', '/assets/%2e%2e/.env',
    ];
    for (const url of tries) {
      const r = await rawGet(port, url);
      expect(r.status, url).toBeGreaterThanOrEqual(400);
      expect(r.text, url).not.toContain('TOP-SECRET');
    }
    // The same through inject, which resolves nothing either.
    for (const url of tries) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(r.body, url).not.toContain('TOP-SECRET');
    }
    // An encoded dot file name has no extension: a client route, answered with the shell, not the file.
    const encoded = await rawGet(port, '/%2eenv');
    expect(encoded.text).toContain('<div id="root">');
    expect(encoded.text).not.toContain('TOP-SECRET');
    // A path that stays inside is fine, and the directory itself is no listing.
    expect((await rawGet(port, '/assets/../index.html')).status).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/assets/' })).statusCode).toBe(404);
  });
});

describe('web app built after the server started', () => {
  it('serves it once the web directory appears, with no restart', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'renxing-late-'));
    const webDir = path.join(base, 'dist');
    const t = await createTestApp({ seed: false, config: { webDir } });
    try {
      expect((await t.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: '/assets/index-abc.js' })).statusCode).toBe(404);
      fs.mkdirSync(path.join(webDir, 'assets'), { recursive: true });
      fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
      fs.writeFileSync(path.join(webDir, 'assets', 'index-abc.js'), 'export const x = 1;\n');
      const page = await t.app.inject({ method: 'GET', url: '/registry' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<div id="root">');
      const js = await t.app.inject({ method: 'GET', url: '/assets/index-abc.js' });
      expect(js.statusCode).toBe(200);
      expect(js.headers['content-type']).toMatch(/javascript/);
      // The API is still the API: an unknown route there is a 404, never the shell.
      const api = await t.app.inject({ method: 'GET', url: '/api/no-such-route' });
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('not_found');
    } finally {
      await t.close();
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
