// 发放: the distribution rounds of the caller's area, 进行中 or 已结束 (in the address), each with its title (a link to
// its page), the item and warehouse, the area, the rule, and its progress — households delivered and quantity handed
// out. 新建发放批次 for supply:allocate. No names here: the households are on a round's own page.
import { useMemo, useState } from 'react';
import { Button, Empty, Pagination, Radio, Skeleton, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useUrlState } from '../../lib/url-state';
import { CareTags } from '../registry';
import { listRounds, ROUNDS_KEY, ROUNDS_PAGE_SIZE, type Round } from './api';
import { NewRoundModal } from './new-round.modal';
import { roundFiltersFromParams } from './supplies.logic';
import { at, RoundProgressLines, RoundStatusTag } from './shared';

function RoundCard({ r }: { r: Round }) {
  const { t } = useTranslation();
  return (
    <li className="rx-card rx-sup-round" data-testid="sup-round" data-title={r.title}>
      <h2><Link to={`/supplies/rounds/${encodeURIComponent(r.id)}`}>{r.title}</Link></h2>
      <div className="rx-sup-tags">
        <RoundStatusTag status={r.status} />
        <Tag style={{ marginInlineEnd: 0 }} data-testid="sup-round-rule">{t(`supplies.rules.${r.rule}`)}</Tag>
        <CareTags tags={r.tags} />
      </div>
      <div className="rx-sup-quiet" data-testid="sup-round-item">{t('supplies.rounds.item', { item: r.itemName, warehouse: r.warehouseName })} · {r.orgName}</div>
      <RoundProgressLines r={r} label={r.title} />
      <div className="rx-sup-quiet">{t('supplies.rounds.by', { who: r.createdBy.name, at: at(r.createdAt) })}</div>
    </li>
  );
}

export function RoundsTab({ mayAllocate }: { mayAllocate: boolean }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const f = useMemo(() => roundFiltersFromParams(params), [params]);
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: [...ROUNDS_KEY, f],
    queryFn: ({ signal }) => listRounds(f, signal),
    placeholderData: keepPreviousData,
    // Progress moves as the workers deliver: read again each minute while the tab is shown.
    refetchInterval: 60_000,
  });
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const size = isMobile ? 'large' : 'middle';
  return (
    <div data-testid="sup-rounds">
      <div className="rx-sup-toolbar">
        {mayAllocate && (
          <Button type="primary" size={size} icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="sup-round-new">{t('supplies.rounds.new')}</Button>
        )}
        <Radio.Group
          optionType="button"
          size={size}
          aria-label={t('supplies.rounds.filter')}
          value={f.status}
          onChange={(e) => setParams({ status: e.target.value === 'closed' ? 'closed' : null, page: null })}
          options={[{ value: 'open', label: t('supplies.rounds.open') }, { value: 'closed', label: t('supplies.rounds.closed') }]}
        />
        <Button size={size} icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>{t('supplies.refresh')}</Button>
      </div>
      {creating && <NewRoundModal onClose={() => setCreating(false)} />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={f.status === 'closed' ? t('supplies.rounds.emptyClosed') : t('supplies.rounds.empty')} />
      ) : (
        <ul className="rx-card-list" data-testid="sup-round-list">
          {items.map((r) => <RoundCard key={r.id} r={r} />)}
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
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }}>
          {t('supplies.rounds.total', { total: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
    </div>
  );
}
