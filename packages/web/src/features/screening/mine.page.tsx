// 我的排查任务 (screening:check; grid workers, community admins): the open entries that reached the caller's grid or
// community across the open lists — the door-to-door list, read on a phone. One card per person: 卡口已见，人在辖区 first
// (the person came in through a gate: go there first), the masked name big, the address, arrival and origin, which list
// and by when, why it came to this worker (比对到本网格居民 … / 可能是 … 请确认 / 没有比对到居民), and 核查, the same dialog
// as on a list's page.
import { useMemo, useState } from 'react';
import { Button, Empty, Skeleton, Tag, Typography } from 'antd';
import { AuditOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { useNow } from '../../lib/use-now';
import { LISTS_KEY, listLists, listMine, MINE_KEY, type EntryView, type ListView } from './api';
import { CheckModal } from './check.modal';
import { EntryCard } from './entries';
import { isOverdue, mineOrder } from './screening.logic';
import { at } from './shared';

function ListLine({ list, now }: { list: ListView | undefined; now: Date }) {
  const { t } = useTranslation();
  if (!list) return null;
  const overdue = isOverdue(list, now);
  return (
    <div className="rx-sc-quiet" data-testid="sc-entry-list">
      <Link to={`/screening/lists/${encodeURIComponent(list.id)}`}>{t('screening.mine.fromList', { title: list.title })}</Link>
      {' · '}
      <span className={overdue ? 'rx-sc-overdue' : undefined}>{t('screening.mine.due', { at: at(list.dueAt) })}</span>
      {overdue && <Tag color="red" style={{ marginInlineStart: 6 }}>{t('screening.mine.overdue')}</Tag>}
    </div>
  );
}

export function ScreeningMinePage() {
  const { t } = useTranslation();
  usePageTitle(t('screening.mine.title'));
  const now = useNow();
  const q = useQuery({ queryKey: MINE_KEY, queryFn: ({ signal }) => listMine(signal), refetchInterval: 60_000 });
  // The lists' names and deadlines (the entries name their list by id).
  const lists = useQuery({ queryKey: LISTS_KEY, queryFn: ({ signal }) => listLists(signal), staleTime: 60_000 });
  const byId = useMemo(() => new Map((lists.data?.items ?? []).map((l) => [l.id, l])), [lists.data]);
  const items = useMemo(() => mineOrder(q.data?.items ?? []), [q.data]);
  const [checking, setChecking] = useState<EntryView | null>(null);
  const fresh = checking ? items.find((x) => x.id === checking.id) ?? checking : null;
  return (
    <div className="rx-sc-mine" data-testid="screening-mine-page">
      <div className="rx-sc-head">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('screening.mine.title')}</Typography.Title>
        <Button size="large" icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>{t('screening.refresh')}</Button>
      </div>
      <Typography.Paragraph className="rx-sc-mine-intro" style={{ marginTop: 8 }}>{t('screening.mine.description')}</Typography.Paragraph>
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={t('screening.mine.empty')} data-testid="sc-mine-empty" />
      ) : (
        <>
          <Typography.Paragraph strong data-testid="sc-mine-count">{t('screening.mine.count', { n: items.length })}</Typography.Paragraph>
          <ul className="rx-card-list" data-testid="sc-mine-list">
            {items.map((e) => (
              <EntryCard
                key={e.id}
                e={e}
                showWhy
                listLine={<ListLine list={byId.get(e.listId)} now={now} />}
                actions={(
                  <Button type="primary" size="large" block icon={<AuditOutlined />} onClick={() => setChecking(e)} data-testid="sc-check">
                    {t('screening.entries.check')}
                  </Button>
                )}
              />
            ))}
          </ul>
        </>
      )}
      {fresh && <CheckModal entry={fresh} onClose={() => setChecking(null)} />}
    </div>
  );
}
