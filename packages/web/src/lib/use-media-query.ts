import { useSyncExternalStore } from 'react';

/** Phone widths: below antd's `md` breakpoint (the side menu becomes a drawer, controls get larger). */
export const PHONE_WIDTH_QUERY = '(max-width: 767.98px)';

/** Whether a CSS media query matches now; the component renders again when that changes. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const mql = window.matchMedia(query);
      mql.addEventListener('change', onChange);
      return () => mql.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}
