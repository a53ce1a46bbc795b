import { Badge } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../auth/session';
import { minorPendingCount } from './minors.api';

/** The count of minors' data requests waiting for the caller's decision, next to the menu entry (ADR 0035). */
export function MinorsPendingBadge() {
  const me = useMe();
  const { t } = useTranslation();
  const enabled = hasPermission(me, 'minor_access:decide') && !me.mustChangePassword;
  const q = useQuery({ queryKey: ['minor-access', 'pending-count'], queryFn: ({ signal }) => minorPendingCount(signal), enabled, refetchInterval: 60_000 });
  const n = q.data?.pending ?? 0;
  if (!enabled || n === 0) return null;
  return (
    <Badge
      count={n}
      size="small"
      overflowCount={99}
      style={{ marginInlineStart: 8 }}
      title={t('minors.badge', { n })}
      aria-label={t('minors.badge', { n })}
      data-testid="minor-pending-badge"
    />
  );
}
