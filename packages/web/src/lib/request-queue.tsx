import { Fragment, type ReactNode } from 'react';
import { Segmented, Skeleton } from 'antd';
import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorAlert } from './error-alert';
import { queueEmptyText, type QueueEmpty } from './request-queue.logic';

/**
 * A staff queue of residents' requests (更正申请, 删除申请, 未成年人信息查阅审批): the status filter (a Segmented that scrolls
 * inside its own box when wider than a phone, 全部 last), then loading, a failed load with 重试 when retrying can help, the
 * empty queue's words, or the list of cards. The page renders each card; the queue's layout is the same on every page.
 */
export function RequestQueue<S extends string, I extends { id: string }>(p: {
  statuses: readonly S[];
  status: S | 'all';
  onStatus: (status: S | 'all') => void;
  statusLabel: (status: S) => string;
  filterLabel: string;
  allLabel: string;
  list: UseQueryResult<{ items: I[] }>;
  empty: QueueEmpty;
  testIds: { filter?: string; empty: string; list: string };
  listClassName?: string;
  children: (item: I) => ReactNode;
}) {
  const { list } = p;
  const first = p.statuses[0] as S;
  return (
    <>
      <div className="rx-gap rx-scroll-x">
        <Segmented
          aria-label={p.filterLabel}
          value={p.status}
          onChange={(v) => p.onStatus(v as S | 'all')}
          options={[...p.statuses.map((s) => ({ value: s as string, label: p.statusLabel(s) })), { value: 'all', label: p.allLabel }]}
          data-testid={p.testIds.filter}
        />
      </div>
      {list.isPending && <Skeleton active paragraph={{ rows: 4 }} />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        <section className="rx-panel rx-panel-tight" data-testid={p.testIds.empty}>
          <p>{queueEmptyText(p.empty, p.status, first, p.statusLabel)}</p>
        </section>
      )}
      {list.data && list.data.items.length > 0 && (
        <ol className={p.listClassName ?? 'rx-card-list'} data-testid={p.testIds.list}>
          {list.data.items.map((item) => <Fragment key={item.id}>{p.children(item)}</Fragment>)}
        </ol>
      )}
    </>
  );
}
