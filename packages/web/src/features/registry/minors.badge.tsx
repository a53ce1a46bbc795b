import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../auth/session';
import { PendingBadge } from '../../lib/pending-badge';
import { minorPendingCount } from './minors.api';

/** The count of minors' data requests waiting for the caller's decision, next to the menu entry (ADR 0035). */
export function MinorsPendingBadge() {
  const me = useMe();
  const { t } = useTranslation();
  const enabled = hasPermission(me, 'minor_access:decide') && !me.mustChangePassword;
  const q = useQuery({ queryKey: ['minor-access', 'pending-count'], queryFn: ({ signal }) => minorPendingCount(signal), enabled, refetchInterval: 60_000 });
  const n = enabled ? (q.data?.pending ?? 0) : 0;
  return <PendingBadge n={n} label={t('minors.badge', { n })} testId="minor-pending-badge" />;
}
