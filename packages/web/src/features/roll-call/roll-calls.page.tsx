// 关爱点名 / Care roll calls (roll-call:read; starting one roll-call:manage; ADR 0073): the roll calls of the caller's
// area, 进行中 and 已结束 in two tabs (in the address), each with its care tags, who started it and when, the deadline
// (已超时 in red), the progress and the counts. No names here: the people are on a roll call's own page.
import { useMemo, useState } from 'react';
import { Button, Empty, Pagination, Radio, Skeleton, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useUrlState } from '../../lib/url-state';
import { CareTags } from '../registry';
import { listRollCalls, ROLL_CALL_KEY, ROLL_CALLS_PAGE_SIZE, type RollCall } from './api';
import { listFiltersFromParams, sortRollCalls } from './roll-call.logic';
import { at, CountsList, Deadline, ProgressLine, useNow } from './shared';
import { StartModal } from './start.modal';

function RollCallCard({ r, now }: { r: RollCall; now: Date }) {
  const { t } = useTranslation();
  const closed = r.closedAt !== null;
  return (
    <li className="rx-card rx-rc-card" data-testid="rc-card">
      <h2>
        <Link to={`/roll-calls/${r.id}`}>{r.title}</Link>
      </h2>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
        <Tag color={closed ? 'default' : 'processing'} style={{ marginInlineEnd: 0 }}>{t(closed ? 'rollCall.state.closed' : 'rollCall.state.open')}</Tag>
        <CareTags tags={r.tags} />
      </div>
      <div className="rx-rc-meta">{r.orgName} · {t('rollCall.list.startedBy', { name: r.startedBy.name, at: at(r.startedAt) })}</div>
      <div className="rx-rc-meta"><Deadline r={r} now={now} /></div>
      <ProgressLine r={r} label={r.title} />
      <CountsList counts={r.counts} />
    </li>
  );
}

export function RollCallsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('rollCall.title'));
  const me = useMe();
  const isMobile = useIsMobile();
  const now = useNow();
  const [params, setParams] = useUrlState();
  const f = useMemo(() => listFiltersFromParams(params), [params]);
  const [starting, setStarting] = useState(false);
  const list = useQuery({
    queryKey: [...ROLL_CALL_KEY, 'list', f],
    queryFn: ({ signal }) => listRollCalls(f, signal),
    placeholderData: keepPreviousData,
    // Progress moves as the workers go through their lists: read again each minute while the page is shown.
    refetchInterval: 60_000,
  });
  // A roll call is of a community or of one grid: those who manage one start it there (the server says the same).
  const mayStart = hasPermission(me, 'roll-call:manage') && (me.org.level === 'community' || me.org.level === 'grid');
  const items = useMemo(() => sortRollCalls(list.data?.items ?? []), [list.data]);
  const total = list.data?.total ?? 0;

  return (
    <div data-testid="roll-calls-page">
      <div className="rx-rc-head">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('rollCall.title')}</Typography.Title>
        {mayStart && (
          <Button type="primary" icon={<PlusOutlined />} size={isMobile ? 'large' : 'middle'} onClick={() => setStarting(true)} data-testid="rc-start">
            {t('rollCall.start.open')}
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('rollCall.description')}</Typography.Paragraph>
      {starting && <StartModal onClose={() => setStarting(false)} />}

      <div className="rx-rc-toolbar">
        <Radio.Group
          optionType="button"
          aria-label={t('rollCall.tabs.label')}
          value={f.status}
          onChange={(e) => setParams({ status: e.target.value === 'closed' ? 'closed' : null, page: null })}
          options={[
            { value: 'open', label: t('rollCall.tabs.open') },
            { value: 'closed', label: t('rollCall.tabs.closed') },
          ]}
        />
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>{t('rollCall.detail.refresh')}</Button>
      </div>

      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={f.status === 'closed' ? t('rollCall.list.emptyClosed') : t('rollCall.list.empty')} />
      ) : (
        <ul className="rx-card-list" data-testid="rc-list">
          {items.map((r) => <RollCallCard key={r.id} r={r} now={now} />)}
        </ul>
      )}
      {total > ROLL_CALLS_PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={f.page}
          pageSize={ROLL_CALLS_PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          simple={isMobile}
          onChange={(page) => setParams({ page: page > 1 ? page : null })}
        />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="rc-total">
          {t('rollCall.list.total', { total: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
    </div>
  );
}
