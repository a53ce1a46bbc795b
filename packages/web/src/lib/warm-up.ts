// Code the next screen needs, loaded and run while the user is still busy with this one (ADR 0064). The login page is
// the case: a community worker's phone takes seconds to evaluate the signed-in workbench's code (the app layout, the
// dashboard, most of the component library). Loaded after the form is drawn — so the form comes first — and while the
// user types, so that signing in does not wait for it.
import { markFailedAheadOfNeed } from './new-version';

type IdleWindow = {
  requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number;
  cancelIdleCallback?: (handle: number) => void;
  setTimeout: (callback: () => void, ms: number) => number;
  clearTimeout: (handle: number) => void;
};

/** Longest wait for an idle moment before a load starts anyway (a page that never idles still gets its code). */
export const WARM_UP_IDLE_TIMEOUT_MS = 1500;

/**
 * Runs the loaders one after another, each when the page is next idle (each evaluation is one long task: in turn,
 * typing stays responsive between them). A loader that fails is left alone — the failure is marked as ahead of need,
 * so the new-version reload (lib/new-version.ts) does not wipe the form, and the code is loaded again when it is
 * needed. Returns a function that cancels what has not started yet.
 */
export function warmUp(loaders: ReadonlyArray<() => Promise<unknown>>, win: IdleWindow = window as unknown as IdleWindow): () => void {
  let stopped = false;
  let cancel: (() => void) | null = null;
  const whenIdle = (fn: () => void) => {
    if (win.requestIdleCallback && win.cancelIdleCallback) {
      const handle = win.requestIdleCallback(fn, { timeout: WARM_UP_IDLE_TIMEOUT_MS });
      cancel = () => win.cancelIdleCallback!(handle);
    } else {
      const handle = win.setTimeout(fn, 200);
      cancel = () => win.clearTimeout(handle);
    }
  };
  const run = (i: number) => {
    if (stopped || i >= loaders.length) return;
    whenIdle(() => {
      cancel = null;
      if (stopped) return;
      let loading: Promise<unknown>;
      try {
        loading = loaders[i]!();
      } catch (error) {
        loading = Promise.reject(error);
      }
      loading.catch(markFailedAheadOfNeed).finally(() => run(i + 1));
    });
  };
  run(0);
  return () => {
    stopped = true;
    cancel?.();
  };
}
