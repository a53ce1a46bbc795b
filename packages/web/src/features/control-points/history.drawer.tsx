// 记录: a point's patrols, newest first — when, who, the checks found wrong (or 全部正常), the note — and for an open
// problem 已整改 (control-point:patrol), which asks what was done; a resolved one says when, by whom and what.
import { useState } from 'react';
import { Button, Empty, Pagination, Skeleton, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { Drawer } from '../../lib/dialog';
import { useDrawerFocus, useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { CHECKS, CONTROL_POINTS_KEY, listPatrols, PATROLS_PAGE_SIZE, type PatrolView, type PointView } from './api';
import { ResolveModal } from './resolve.modal';
import { agoText, at, FlagTags, useNow } from './shared';

function PatrolItem({ p, now, mayResolve, onResolve }: { p: PatrolView; now: Date; mayResolve: boolean; onResolve: () => void }) {
  const { t } = useTranslation();
  const problems = CHECKS.filter((c) => p.problems.includes(c) || p.checks[c] === 'problem');
  const open = problems.length > 0 && p.resolvedAt === null;
  const state = problems.length === 0 ? 'ok' : open ? 'open' : 'resolved';
  return (
    <li className={`rx-card rx-cp-patrol rx-cp-patrol-${state}`} data-testid="cp-patrol" data-state={state}>
      <div className="rx-cp-patrol-head">
        <strong>{at(p.patrolledAt)}</strong>
        <span className="rx-cp-quiet">{agoText(p.patrolledAt, now, t)} · {p.patrolledBy.name}</span>
      </div>
      <div className="rx-cp-tags" data-testid="cp-patrol-checks">
        {problems.length === 0 ? (
          <Tag color="green" style={{ marginInlineEnd: 0 }}>{t('controlPoint.history.allOk')}</Tag>
        ) : (
          problems.map((c) => <Tag key={c} color="red" style={{ marginInlineEnd: 0 }}>{t(`controlPoint.checks.${c}`)}</Tag>)
        )}
        {open && <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid="cp-patrol-open">{t('controlPoint.history.open')}</Tag>}
      </div>
      {p.note && <div className="rx-cp-line" data-testid="cp-patrol-note">{t('controlPoint.history.note', { note: p.note })}</div>}
      {p.resolvedAt && (
        <div className="rx-cp-resolved" data-testid="cp-patrol-resolved">
          <div>{t('controlPoint.history.resolvedLine', { at: at(p.resolvedAt), who: p.resolvedBy ?? '' })}</div>
          {p.resolution && <div>{t('controlPoint.history.resolution', { resolution: p.resolution })}</div>}
        </div>
      )}
      {open && mayResolve && (
        <div className="rx-cp-actions">
          <Button type="primary" icon={<CheckOutlined />} onClick={onResolve} data-testid="cp-resolve">{t('controlPoint.history.resolve')}</Button>
        </div>
      )}
    </li>
  );
}

export function HistoryDrawer({ point, mayResolve, onClose }: { point: PointView & { pointId: string }; mayResolve: boolean; onClose: () => void }) {
  useFocusReturn();
  const drawerFocus = useDrawerFocus();
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const now = useNow();
  const [page, setPage] = useState(1);
  const [resolving, setResolving] = useState<PatrolView | null>(null);
  const q = useQuery({
    queryKey: [...CONTROL_POINTS_KEY, 'patrols', point.pointId, page],
    queryFn: ({ signal }) => listPatrols(point.pointId, page, signal),
    placeholderData: keepPreviousData,
  });
  const items = q.data?.items ?? [];
  const total = q.data?.total ?? 0;
  // The dialog follows the patrol as the list shows it now (a conflict refreshes it).
  const resolvingNow = resolving ? items.find((p) => p.id === resolving.id) ?? resolving : null;
  return (
    <Drawer
      {...drawerFocus}
      open
      title={t('controlPoint.history.title', { name: point.compoundName })}
      onClose={onClose}
      size={isMobile ? '100%' : 480}
      closable={{ 'aria-label': t('controlPoint.history.close') }}
      data-testid="cp-history"
    >
      <div className="rx-cp-tags" style={{ marginBottom: 12 }}><FlagTags p={point} /></div>
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={t('controlPoint.history.empty')} />
      ) : (
        <ul className="rx-card-list" data-testid="cp-patrols">
          {items.map((p) => <PatrolItem key={p.id} p={p} now={now} mayResolve={mayResolve} onResolve={() => setResolving(p)} />)}
        </ul>
      )}
      {total > PATROLS_PAGE_SIZE && (
        <Pagination style={{ marginTop: 16, textAlign: 'center' }} current={page} pageSize={PATROLS_PAGE_SIZE} total={total} showSizeChanger={false} simple onChange={setPage} />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }}>
          {t('controlPoint.history.total', { total: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
      {resolvingNow && <ResolveModal point={point} patrol={resolvingNow} onClose={() => setResolving(null)} />}
    </Drawer>
  );
}
