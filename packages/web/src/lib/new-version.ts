// A new version of the web app was deployed while this tab was open: the old page asks for code chunks (a page's script
// or style sheet) that the server no longer has, and navigating to that page fails ("Unable to preload CSS …", "Failed
// to fetch dynamically imported module …"). Community workers keep the app open all day, so this is the normal case
// after an update, not an exotic error: reload the page once, at the address the user was going to, which loads the new
// version. If the reload did not help (the chunk is really missing), the route error page says so and offers a reload.

/** Reloads at most once in this window (a second failure soon after is not a stale tab: stop, show the error). */
export const RELOAD_WINDOW_MS = 30_000;
export const RELOAD_KEY = 'renxing.newVersionReloadAt';

const STALE_CHUNK = [
  /Unable to preload CSS/i,
  /Failed to fetch dynamically imported module/i,
  /error loading dynamically imported module/i,
  /Importing a module script failed/i,
  /'text\/html' is not a valid JavaScript MIME type/i,
];

/** True for the errors a browser raises when a code chunk of an older build cannot be loaded. */
export function isStaleChunkError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return STALE_CHUNK.some((re) => re.test(message));
}

/** Whether to reload now, given when this tab last reloaded for a new version (null: never). */
export function shouldReloadForNewVersion(lastReloadAt: number | null, now: number, windowMs = RELOAD_WINDOW_MS): boolean {
  return lastReloadAt === null || !Number.isFinite(lastReloadAt) || now - lastReloadAt > windowMs || now < lastReloadAt;
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

/** Reads the last reload time, records `now` and says whether to reload (sessionStorage may be unavailable: then no). */
export function claimNewVersionReload(storage: StorageLike | null, now: number): boolean {
  if (!storage) return false;
  try {
    const raw = storage.getItem(RELOAD_KEY);
    if (!shouldReloadForNewVersion(raw === null ? null : Number(raw), now)) return false;
    storage.setItem(RELOAD_KEY, String(now));
    return true;
  } catch {
    return false;
  }
}

function sessionStore(win: { readonly sessionStorage: StorageLike }): StorageLike | null {
  try {
    return win.sessionStorage;
  } catch {
    return null;
  }
}

/**
 * Failures of code loaded ahead of need (lib/warm-up.ts: the workbench's code, evaluated while the user types on the
 * login page). Such a failure is no reason to reload — a reload would wipe what the user has typed — and the code is
 * loaded again when it is needed, where a failure reloads as usual.
 */
const aheadOfNeed = new WeakSet<object>();

/** Marks the error of a load made ahead of need; see `aheadOfNeed`. Returns nothing: the failure is swallowed. */
export function markFailedAheadOfNeed(error: unknown): void {
  if (typeof error === 'object' && error !== null) aheadOfNeed.add(error);
}

/**
 * Whether the server answers at all (any HTTP status counts). A chunk that failed to load while it does not is no new
 * build: the network or the server is down, and a reload would only put the browser's own error page in the tab
 * (walk-through, session 24). Then nothing reloads; the route error page says the server cannot be reached and offers
 * to try again.
 */
export async function serverAnswers(fetchFn: (url: string, init: RequestInit) => Promise<unknown>): Promise<boolean> {
  try {
    await fetchFn('/healthz', { cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}

type ReloadWindow = Pick<Window, 'addEventListener' | 'setTimeout' | 'fetch'> & { location: Pick<Location, 'reload'>; readonly sessionStorage: StorageLike };

/**
 * Listens for Vite's `vite:preloadError` (a chunk of this build failed to load) and reloads once. The error still
 * reaches the router (no preventDefault: Vite would then resolve the import with nothing), whose error page says
 * "updated" for the moment until the reload, or for good when the reload did not help.
 *
 * Vite dispatches the event and then rejects the import with the same error (its payload); the import's own handlers
 * run as microtasks right after. So the decision waits for the next task: by then a load made ahead of need has marked
 * its error (markFailedAheadOfNeed), and that one does not reload.
 */
export function installNewVersionReload(win: ReloadWindow = window): void {
  win.addEventListener('vite:preloadError', (event) => {
    const error = (event as Event & { payload?: unknown }).payload;
    win.setTimeout(() => {
      if (typeof error === 'object' && error !== null && aheadOfNeed.has(error)) return;
      void serverAnswers((url, init) => win.fetch(url, init)).then((up) => {
        if (up && claimNewVersionReload(sessionStore(win), Date.now())) win.location.reload();
      });
    }, 0);
  });
}

/** For the route error page's button: reload here (the new version), allowing another automatic reload later. */
export function reloadForNewVersion(win: Window = window): void {
  win.location.reload();
}
