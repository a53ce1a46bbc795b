// 采样轮次: the rounds of the caller's area, newest first (all, 进行中 or 已结束, in the address), each a card — its name
// (a link to its page), date, pool size, state, the coverage bar (已采 / 应采), the tubes by result and the open retests
// in red. 新建轮次 for sampling:manage. Counts only: no one is named here.
import { useMemo, useState } from 'react';
import { Button, Empty, Pagination, Radio, Skeleton, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useUrlState } from '../../lib/url-state';
import { listRounds, ROUNDS_KEY, ROUNDS_PAGE_SIZE, type Round } from './api';
import { NewRoundModal } from './new-round.modal';
import { resultCounts, roundFiltersFromParams } from './sampling.logic';
import { CoverageBar, PoolTag, RoundStatusTag } from './shared';

const REFRESH_MS = 60_000;

/** 待出结果 3 · 阴性 40 · 阳性 1 · 无效 0, and 待复核 N in red when any. */
export function TubeCounts({ r }: { r: Round }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatCount(v, i18n.language);
  return (
    <div className="rx-smp-counts" data-testid="smp-round-counts">
      <span data-testid="smp-round-tubes">{t('sampling.rounds.tubes', { n: n(r.figures.tubes), people: n(r.figures.people) })}</span>
      {resultCounts(r.figures).map(({ result, n: v }) => (
        <span key={result} className={`rx-smp-count rx-smp-count-${result}${v > 0 ? ' rx-smp-count-some' : ''}`} data-testid={`smp-count-${result}`}>
          {t(`sampling.results.${result}`)} {n(v)}
        </span>
      ))}
      {r.figures.retestsOpen > 0 && (
        <strong className="rx-smp-alarm" data-testid="smp-round-retests">{t('sampling.rounds.retestsOpen', { n: n(r.figures.retestsOpen) })}</strong>
      )}
    </div>
  );
}

function RoundCard({ r, showCommunity }: { r: Round; showCommunity: boolean }) {
  const { t } = useTranslation();
  return (
    <li className={`rx-card rx-smp-round rx-smp-round-${r.status}`} data-testid="smp-round" data-name={r.name} data-status={r.status}>
      <h2><Link to={`/sampling/rounds/${encodeURIComponent(r.id)}`} data-testid="smp-round-link">{r.name}</Link></h2>
      <div className="rx-smp-tags">
        <RoundStatusTag status={r.status} />
        <PoolTag n={r.poolSize} />
      </div>
      <div className="rx-smp-quiet" data-testid="smp-round-date">
        {t('sampling.rounds.date', { date: r.roundDate })}{showCommunity ? ` · ${r.communityName}` : ''}
      </div>
      <CoverageBar sampled={r.figures.sampled} expected={r.figures.expected} label={r.name} />
      <TubeCounts r={r} />
    </li>
  );
}

export function RoundsTab({ mayManage }: { mayManage: boolean }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const f = useMemo(() => roundFiltersFromParams(params), [params]);
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: [...ROUNDS_KEY, f],
    queryFn: ({ signal }) => listRounds(f, signal),
    placeholderData: keepPreviousData,
    // Coverage moves as the stations send tubes: read again each minute while the tab is shown.
    refetchInterval: REFRESH_MS,
  });
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const size = isMobile ? 'large' : 'middle';
  const showCommunity = new Set(items.map((r) => r.communityId)).size > 1;
  return (
    <div data-testid="smp-rounds">
      <div className="rx-smp-toolbar">
        {mayManage && (
          <Button type="primary" size={size} icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="smp-round-new">{t('sampling.rounds.new')}</Button>
        )}
        <Radio.Group
          optionType="button"
          size={size}
          aria-label={t('sampling.rounds.filter')}
          value={f.status ?? 'all'}
          onChange={(e) => setParams({ status: e.target.value === 'all' ? null : String(e.target.value), page: null })}
          options={[
            { value: 'all', label: t('sampling.rounds.all') },
            { value: 'open', label: t('sampling.statuses.open') },
            { value: 'closed', label: t('sampling.statuses.closed') },
          ]}
          data-testid="smp-round-filter"
        />
        <Button size={size} icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>{t('sampling.refresh')}</Button>
      </div>
      {creating && <NewRoundModal onClose={() => setCreating(false)} />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={t(f.status === 'closed' ? 'sampling.rounds.emptyClosed' : f.status === 'open' ? 'sampling.rounds.emptyOpen' : 'sampling.rounds.empty')} />
      ) : (
        <ul className="rx-card-list rx-smp-rounds" data-testid="smp-round-list">
          {items.map((r) => <RoundCard key={r.id} r={r} showCommunity={showCommunity} />)}
        </ul>
      )}
      {total > ROUNDS_PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={f.page}
          pageSize={ROUNDS_PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          simple={isMobile}
          onChange={(page) => setParams({ page: page > 1 ? page : null })}
        />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="smp-rounds-total">
          {t('sampling.rounds.total', { total: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
    </div>
  );
}
