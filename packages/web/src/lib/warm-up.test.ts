import { describe, expect, it } from 'vitest';
import { installNewVersionReload, RELOAD_KEY } from './new-version';
import { warmUp } from './warm-up';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

/** A window with the parts the reload and the warm-up use: real events and timers, a counted reload. */
function fakeWindow(server: { up: boolean } = { up: true }) {
  const target = new EventTarget();
  const data = new Map<string, string>();
  const win = {
    reloads: 0,
    idleCalls: 0,
    healthChecks: 0,
    // The server's health check: answers while `server.up`, fails like a dropped connection otherwise.
    fetch: (url: RequestInfo | URL) => {
      win.healthChecks += String(url) === '/healthz' ? 1 : 0;
      return server.up ? Promise.resolve(new Response('{}')) : Promise.reject(new TypeError('Failed to fetch'));
    },
    addEventListener: target.addEventListener.bind(target),
    dispatchEvent: target.dispatchEvent.bind(target),
    setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms) as unknown as number,
    clearTimeout: (h: number) => clearTimeout(h),
    requestIdleCallback: (fn: () => void) => {
      win.idleCalls += 1;
      return setTimeout(fn, 1) as unknown as number;
    },
    cancelIdleCallback: (h: number) => clearTimeout(h),
    location: { reload: () => void (win.reloads += 1) },
    sessionStorage: { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) },
  };
  return win;
}

/**
 * What Vite's preload helper does with a dynamic import that fails (as built into dist/assets/index-*.js by Vite 8:
 * `e().catch(i)` where `i` dispatches `vite:preloadError` with the error as payload and, unless prevented, rethrows it).
 */
function viteImport(win: ReturnType<typeof fakeWindow>, load: () => Promise<unknown>): Promise<unknown> {
  return load().catch((error: unknown) => {
    const event = new Event('vite:preloadError', { cancelable: true }) as Event & { payload?: unknown };
    event.payload = error;
    win.dispatchEvent(event);
    if (!event.defaultPrevented) throw error;
  });
}

const missingChunk = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module: http://x/assets/app-layout-1a2b.js'));

describe('code loaded ahead of need (ADR 0064)', () => {
  it('a needed chunk that fails reloads the page once (a new version)', async () => {
    const win = fakeWindow();
    installNewVersionReload(win);
    await expect(viteImport(win, missingChunk)).rejects.toThrow(/dynamically imported module/);
    await tick();
    expect(win.reloads).toBe(1);
    expect(win.sessionStorage.getItem(RELOAD_KEY)).not.toBeNull();
  });

  it('a needed chunk that fails while the server does not answer is no new version: no reload into an error page', async () => {
    const server = { up: false };
    const win = fakeWindow(server);
    installNewVersionReload(win);
    await expect(viteImport(win, missingChunk)).rejects.toThrow(/dynamically imported module/);
    await tick();
    expect(win.healthChecks).toBe(1);
    expect(win.reloads).toBe(0);
    expect(win.sessionStorage.getItem(RELOAD_KEY)).toBeNull();
    // Back up: the next failure is a new version again.
    server.up = true;
    await expect(viteImport(win, missingChunk)).rejects.toThrow();
    await tick();
    expect(win.reloads).toBe(1);
  });

  it('a chunk loaded ahead of need that fails does not reload (the typed form stays); the same chunk needed later does', async () => {
    const win = fakeWindow();
    installNewVersionReload(win);
    warmUp([() => viteImport(win, missingChunk)], win);
    await tick();
    await tick();
    expect(win.idleCalls).toBe(1);
    expect(win.reloads).toBe(0);
    expect(win.sessionStorage.getItem(RELOAD_KEY)).toBeNull();

    await expect(viteImport(win, missingChunk)).rejects.toThrow();
    await tick();
    expect(win.reloads).toBe(1);
  });

  it('runs the loaders one at a time, in order, each when the page is idle, and goes on after a failure', async () => {
    const win = fakeWindow();
    const events: string[] = [];
    let releaseFirst!: () => void;
    warmUp([
      () => {
        events.push('a:start');
        return new Promise<void>((resolve) => (releaseFirst = () => (events.push('a:end'), resolve())));
      },
      () => {
        events.push('b:start');
        throw new Error('evaluation failed');
      },
      () => {
        events.push('c:start');
        return Promise.resolve();
      },
    ], win);
    expect(events).toEqual([]);
    await tick();
    expect(events).toEqual(['a:start']);
    await tick();
    expect(events).toEqual(['a:start']);
    releaseFirst();
    await tick();
    await tick();
    await tick();
    expect(events).toEqual(['a:start', 'a:end', 'b:start', 'c:start']);
    expect(win.idleCalls).toBe(3);
  });

  it('stops what has not started when cancelled (the user signed in first)', async () => {
    const win = fakeWindow();
    const started: string[] = [];
    let releaseFirst!: () => void;
    const stop = warmUp([() => (started.push('a'), new Promise<void>((resolve) => (releaseFirst = resolve))), async () => void started.push('b')], win);
    await tick();
    expect(started).toEqual(['a']);
    stop();
    releaseFirst();
    await tick();
    await tick();
    expect(started).toEqual(['a']);
    expect(win.idleCalls).toBe(1);
  });

  it('waits for a timer where the browser has no idle callback', async () => {
    const win = { ...fakeWindow(), requestIdleCallback: undefined, cancelIdleCallback: undefined };
    let ran = false;
    warmUp([async () => void (ran = true)], win);
    await tick();
    expect(ran).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(ran).toBe(true);
  });
});
