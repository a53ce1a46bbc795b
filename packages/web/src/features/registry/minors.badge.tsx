import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session';
import { PendingBadge } from '../../lib/pending-badge';
import { minorPendingCount } from './minors.api';
import { decidesIn } from './pending-approvals.logic';

/**
 * How many minors' data requests wait for the caller's decision (ADR 0035); not asked of someone who decides none. The
 * menu badge and the workbench's 待我审批 share the query (one fetch for both); the page's changes invalidate it.
 */
export function useMinorPendingCount() {
  const enabled = decidesIn(useMe(), 'minors');
  const query = useQuery({ queryKey: ['minor-access', 'pending-count'], queryFn: ({ signal }) => minorPendingCount(signal), enabled, refetchInterval: 60_000 });
  return { enabled, query };
}

/** The count of minors' data requests waiting for the caller's decision, next to the menu entry (ADR 0035). */
export function MinorsPendingBadge() {
  const { t } = useTranslation();
  const { enabled, query } = useMinorPendingCount();
  const n = enabled ? (query.data?.pending ?? 0) : 0;
  return <PendingBadge n={n} label={t('minors.badge', { n })} testId="minor-pending-badge" />;
}
