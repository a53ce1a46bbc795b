import { useMediaQuery } from '../lib/use-media-query';

// Phone widths (below antd's `md` breakpoint): side menu becomes a drawer, controls get larger.
export function useIsMobile(): boolean {
  return useMediaQuery('(max-width: 767.98px)');
}
