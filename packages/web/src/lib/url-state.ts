import { useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { LatestUrlParams, type UrlUpdate, type UrlUpdateOptions } from './url-state.logic';

export { applyUrlUpdate, type UrlPatch, type UrlUpdate, type UrlUpdateOptions, type UrlValue } from './url-state.logic';

/**
 * A page's state kept in the URL query (filters, page number, tab): use this instead of react-router's
 * `useSearchParams`. Returns the params of the location being shown and `update(patch | draft => …, options)`, which
 * applies each update to the latest params — including updates made earlier in the same tick that the page has not
 * rendered yet — and navigates once per call (`replace: true` to replace the history entry).
 */
export function useUrlState(): [URLSearchParams, (update: UrlUpdate, options?: UrlUpdateOptions) => void] {
  const location = useLocation();
  const navigate = useNavigate();
  const navigateRef = useRef(navigate);
  const holder = useRef<LatestUrlParams | null>(null);
  holder.current ??= new LatestUrlParams(location, (search, options) => void navigateRef.current(`?${search}`, options));

  // Before any event handler of the new render can run: a navigation made elsewhere (back/forward, a link) is adopted.
  useLayoutEffect(() => {
    navigateRef.current = navigate;
    holder.current!.sync(location);
  }, [location, navigate]);

  const params = useMemo(() => new URLSearchParams(location.search), [location.search]);
  const update = useCallback((u: UrlUpdate, options?: UrlUpdateOptions) => {
    holder.current!.update(u, options);
  }, []);
  return [params, update];
}
