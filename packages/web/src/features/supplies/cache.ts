// What a delivery changes in the query cache: the line in the cached pages of the list (from the answer, not by reading
// the list again: that read is audited and would show in fifty households' access logs after every tap), and the round
// and the round list, read again (their figures name nobody).
import type { QueryClient } from '@tanstack/react-query';
import type { Page } from '../../api/types';
import { LINES_KEY, ROUND_KEY, ROUNDS_KEY, type Line, type LineFilters } from './api';
import { withDelivered } from './supplies.logic';

export function applyDelivery(queryClient: QueryClient, roundId: string, line: Line): void {
  for (const [key, page] of queryClient.getQueriesData<Page<Line>>({ queryKey: [...LINES_KEY, roundId] })) {
    if (!page) continue;
    const f = key[3] as LineFilters | undefined;
    queryClient.setQueryData(key, withDelivered(page, line, f?.status));
  }
  void queryClient.invalidateQueries({ queryKey: [...ROUND_KEY, roundId], exact: true });
  void queryClient.invalidateQueries({ queryKey: ROUNDS_KEY });
}

/** Someone else changed a line meanwhile: the list (and the round) as they are now. */
export function reloadLines(queryClient: QueryClient, roundId: string): void {
  void queryClient.invalidateQueries({ queryKey: [...LINES_KEY, roundId] });
  void queryClient.invalidateQueries({ queryKey: [...ROUND_KEY, roundId], exact: true });
}
