import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session';
import { PendingBadge } from '../../lib/pending-badge';
import { exportPendingCount } from './api';
import { decidesIn } from './pending-approvals.logic';

/**
 * How many export requests wait for the caller's decision (the server counts what its canDecide allows); not asked of
 * someone who decides none. Under the page's query key, so a decision or a new request there updates it at once; the
 * menu badge and the workbench's 待我审批 share it (one fetch for both).
 */
export function useExportPendingCount() {
  const enabled = decidesIn(useMe(), 'exports');
  const query = useQuery({ queryKey: ['registry', 'exports', 'pending-count'], queryFn: ({ signal }) => exportPendingCount(signal), enabled, refetchInterval: 60_000 });
  return { enabled, query };
}

/** The count of export requests waiting for the caller's decision, next to 导出审批. */
export function ExportsPendingBadge() {
  const { t } = useTranslation();
  const { enabled, query } = useExportPendingCount();
  const n = enabled ? (query.data?.pending ?? 0) : 0;
  return <PendingBadge n={n} label={t('registry.exports.badge', { n })} testId="export-pending-badge" />;
}
