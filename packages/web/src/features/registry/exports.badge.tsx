import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../auth/session';
import { PendingBadge } from '../../lib/pending-badge';
import { exportPendingCount } from './api';

/**
 * The count of export requests waiting for the caller's decision, next to 导出审批 (the server counts what its
 * canDecide allows). Under the page's query key, so a decision or a new request there updates it at once.
 */
export function ExportsPendingBadge() {
  const me = useMe();
  const { t } = useTranslation();
  const enabled = (hasPermission(me, 'export:approve') || hasPermission(me, 'export:approve-district')) && !me.mustChangePassword;
  const q = useQuery({ queryKey: ['registry', 'exports', 'pending-count'], queryFn: ({ signal }) => exportPendingCount(signal), enabled, refetchInterval: 60_000 });
  const n = enabled ? (q.data?.pending ?? 0) : 0;
  return <PendingBadge n={n} label={t('registry.exports.badge', { n })} testId="export-pending-badge" />;
}
