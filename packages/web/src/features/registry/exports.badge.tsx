import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../auth/session';
import { PendingBadge } from '../../lib/pending-badge';
import { listExports } from './api';

/**
 * The count of export requests waiting for the caller's decision, next to 导出审批 (the server's canDecide: pending, in
 * scope, a role that may approve it, not the requester's own). The same query as the page, so a decision there updates it.
 */
export function ExportsPendingBadge() {
  const me = useMe();
  const { t } = useTranslation();
  const enabled = hasPermission(me, 'export:approve') && !me.mustChangePassword;
  const q = useQuery({ queryKey: ['registry', 'exports'], queryFn: ({ signal }) => listExports(signal), enabled, refetchInterval: 60_000 });
  const n = enabled ? (q.data?.items.filter((i) => i.canDecide).length ?? 0) : 0;
  return <PendingBadge n={n} label={t('registry.exports.badge', { n })} testId="export-pending-badge" />;
}
