import { PHONE_WIDTH_QUERY, useMediaQuery } from '../lib/use-media-query';

export function useIsMobile(): boolean {
  return useMediaQuery(PHONE_WIDTH_QUERY);
}
