// Pure part of the URL-state hook (lib/url-state.ts), unit-tested in url-state.test.ts: how an update is applied to
// the query string, and the holder of the latest query string that makes two updates in one tick both survive.
//
// Why a holder: react-router's `setSearchParams(prev => …)` computes `prev` from the params of the last render, not
// from an update still on its way, so a second update made before the page re-renders (a filter that also resets the
// page, two handlers in one tick, a tree click and a select) overwrote the first one.

/** A value in a patch: null, undefined and '' delete the key; an array sets the key once per item (empty: deleted). */
export type UrlValue = string | number | null | undefined | readonly (string | number)[];
export type UrlPatch = Readonly<Record<string, UrlValue>>;
/**
 * An update: a patch of keys, or a function given a copy of the latest params that edits it in place or returns the
 * params to use instead (for pages that rebuild their whole query from a typed view).
 */
export type UrlUpdate = UrlPatch | ((draft: URLSearchParams) => URLSearchParams | void);
export type UrlUpdateOptions = {
  /** Replace the current history entry instead of adding one (default: add, like react-router's navigate). */
  replace?: boolean;
  /** Drop `page` before applying the update (a changed filter starts at the first page); an update may set it again. */
  resetPage?: boolean;
};

export const PAGE_KEY = 'page';

/** The canonical form of a query string ("?a=1" and "a=1" are the same), used to compare locations. */
export function normalizeSearch(search: string | URLSearchParams): string {
  return new URLSearchParams(search).toString();
}

/** The params after one update; `current` is never modified. */
export function applyUrlUpdate(current: string | URLSearchParams, update: UrlUpdate, options: Pick<UrlUpdateOptions, 'resetPage'> = {}): URLSearchParams {
  const draft = new URLSearchParams(current);
  if (options.resetPage) draft.delete(PAGE_KEY);
  if (typeof update === 'function') {
    const out = update(draft);
    return out ? new URLSearchParams(out) : draft;
  }
  for (const [key, value] of Object.entries(update)) {
    if (Array.isArray(value)) {
      draft.delete(key);
      for (const v of value as readonly (string | number)[]) if (v !== '') draft.append(key, String(v));
    } else if (value === null || value === undefined || value === '') {
      draft.delete(key);
    } else {
      draft.set(key, String(value)); // keeps the key where it was in the query
    }
  }
  return draft;
}

/** Navigates to `?search` (without the "?"). */
export type UrlNavigate = (search: string, options: { replace: boolean }) => void;
/** The part of a router location the holder reads: `key` changes on every navigation, even to the same URL. */
export type UrlLocation = { search: string; key: string };

/**
 * The latest query string of one page: updated synchronously by each `update` (so the next update in the same tick
 * starts from it), and re-read from the router's location when a navigation it did not make lands (back/forward, a
 * link). Locations it navigated to itself that the router commits on the way (an older update rendered before the
 * newer one) do not roll it back.
 */
export class LatestUrlParams {
  #latest: string;
  #seenKey: string;
  /** Query strings navigated to that the router has not shown yet, oldest first. */
  #pending: string[] = [];
  readonly #navigate: UrlNavigate;

  constructor(location: UrlLocation, navigate: UrlNavigate) {
    this.#latest = normalizeSearch(location.search);
    this.#seenKey = location.key;
    this.#navigate = navigate;
  }

  /** A copy of the latest params (including updates the router has not rendered yet). */
  get current(): URLSearchParams {
    return new URLSearchParams(this.#latest);
  }

  /** Call with every location the router commits. */
  sync(location: UrlLocation): void {
    if (location.key === this.#seenKey) return;
    this.#seenKey = location.key;
    const search = normalizeSearch(location.search);
    const at = this.#pending.indexOf(search);
    if (search === this.#latest) {
      this.#pending = []; // arrived
    } else if (at >= 0) {
      this.#pending = this.#pending.slice(at + 1); // one of ours, older than the latest: still on the way
    } else {
      this.#pending = []; // from elsewhere: the URL is the truth again
      this.#latest = search;
    }
  }

  /** Applies the update to the latest params, remembers the result and navigates to it once; returns the new params. */
  update(update: UrlUpdate, options: UrlUpdateOptions = {}): URLSearchParams {
    const next = applyUrlUpdate(this.#latest, update, options);
    this.#latest = next.toString();
    this.#pending.push(this.#latest);
    this.#navigate(this.#latest, { replace: options.replace ?? false });
    return new URLSearchParams(next);
  }
}
