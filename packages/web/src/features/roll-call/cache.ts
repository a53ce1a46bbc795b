// What a check changes in the query cache: the person in the cached pages of the list (from the check's answer, not by
// reading the list again: that read is audited and would show in fifty residents' access logs after every tap), and
// the counts, reread (they name nobody).
import type { QueryClient } from '@tanstack/react-query';
import type { Page } from '../../api/types';
import { type ItemFilters, ROLL_CALL_KEY, type RollCallItem } from './api';
import { withChecked } from './roll-call.logic';

export function applyCheck(queryClient: QueryClient, rollCallId: string, item: RollCallItem): void {
  for (const [key, page] of queryClient.getQueriesData<Page<RollCallItem>>({ queryKey: [...ROLL_CALL_KEY, 'items', rollCallId] })) {
    if (!page) continue;
    const f = key[3] as ItemFilters | undefined;
    queryClient.setQueryData(key, withChecked(page, item, f?.status));
  }
  void queryClient.invalidateQueries({ queryKey: [...ROLL_CALL_KEY, 'detail', rollCallId] });
  void queryClient.invalidateQueries({ queryKey: [...ROLL_CALL_KEY, 'list'] });
}
