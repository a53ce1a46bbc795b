// 待我审批 on the workbench (ADR 0069): how many requests wait for the caller's decision in each queue they decide in —
// resident exports (导出审批), minors' data requests (未成年人查阅审批) — each a link to its page, where the menu badge
// alone was easy to miss. The counts come from the same queries as the menu badges (one fetch serves both).
import { Card, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../auth/session';
import { ErrorAlert } from '../../lib/error-alert';
import { Figures } from '../../lib/figures-card';
import { formatCount } from '../../lib/numbers';
import { useExportPendingCount } from './exports.badge';
import { useMinorPendingCount } from './minors.badge';
import { type ApprovalQueue, approvalQueues, nothingPending, somethingPending } from './pending-approvals.logic';

/** Each queue is named as its menu entry, where the link leads. */
const QUEUE_NAME = { exports: 'menu.registryExports', minors: 'menu.registryMinors' } as const satisfies Record<ApprovalQueue, string>;

/**
 * Whether something waits for the caller's decision (the workbench puts 待我审批 first then). The same queries as the
 * card and the menu badges: no fetch of its own; a queue the caller does not decide in is not asked (its count stays
 * unknown and counts as nothing).
 */
export function useApprovalsWaiting(): boolean {
  const exports = useExportPendingCount();
  const minors = useMinorPendingCount();
  return somethingPending([exports.enabled ? exports.query.data?.pending : undefined, minors.enabled ? minors.query.data?.pending : undefined]);
}

export function PendingApprovalsCard() {
  const me = useMe();
  const { t, i18n } = useTranslation();
  const counts = { exports: useExportPendingCount().query, minors: useMinorPendingCount().query };
  const rows = approvalQueues(me).map((q) => ({ ...q, name: t(QUEUE_NAME[q.queue]), query: counts[q.queue] }));
  if (rows.length === 0) return null;
  const loading = rows.every((r) => r.query.isPending);
  return (
    <Card data-testid="dashboard-approvals" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('registry.approvals.title')}</h2>}>
      {rows.filter((r) => r.query.isError).map((r) => (
        <ErrorAlert key={r.queue} error={r.query.error} title={t('registry.approvals.error', { name: r.name })} onRetry={() => void r.query.refetch()} />
      ))}
      {loading ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : (
        <>
          {nothingPending(rows.map((r) => r.query.data?.pending)) && (
            <Typography.Paragraph type="secondary" data-testid="approvals-none">{t('registry.approvals.none')}</Typography.Paragraph>
          )}
          <Figures>
            {rows.map((r) => (
              // The figure box is the link: its name is what it shows (the count and the queue; WCAG 2.5.3).
              <Link key={r.queue} to={r.path} className="rx-figure" data-testid={`approvals-${r.queue}`}>
                <strong>{formatCount(r.query.data?.pending, i18n.language)}</strong>
                <span>{r.name}</span>
              </Link>
            ))}
          </Figures>
        </>
      )}
    </Card>
  );
}
