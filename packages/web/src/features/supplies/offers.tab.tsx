// 预约领取 (ADR 0076): the reservation offers of the caller's area, 进行中 or 已结束 (in the address), each with its
// title (a link to its page with the pickup desk), the item and warehouse, the quota per household, what is reserved
// of the total, what is picked up, the households, the place and the reservation window. 新建预约发放 for
// supply:allocate. No names here.
import { useMemo, useState } from 'react';
import { Button, Empty, Pagination, Progress, Radio, Skeleton, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useUrlState } from '../../lib/url-state';
import { listOffers, OFFERS_KEY, OFFERS_PAGE_SIZE, type Offer } from './api';
import { NewOfferModal } from './new-offer.modal';
import { percentOf, roundFiltersFromParams } from './supplies.logic';
import { at, OfferStatusTag } from './shared';

function OfferCard({ o }: { o: Offer }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatCount(v, i18n.language);
  const percent = percentOf(o.reserved, o.total);
  return (
    <li className="rx-card rx-sup-round" data-testid="sup-offer" data-title={o.title}>
      <h2><Link to={`/supplies/offers/${encodeURIComponent(o.id)}`}>{o.title}</Link></h2>
      <div className="rx-sup-tags">
        <OfferStatusTag status={o.status} />
        <Tag style={{ marginInlineEnd: 0 }} data-testid="sup-offer-quota">{t('supplies.offers.quota', { n: n(o.quota), unit: o.unit })}</Tag>
      </div>
      <div className="rx-sup-quiet" data-testid="sup-offer-item">{t('supplies.offers.item', { item: o.itemName, warehouse: o.warehouseName })} · {o.orgName}</div>
      <div className="rx-sup-progress">
        <span data-testid="sup-offer-reserved">{t('supplies.offers.reserved', { done: n(o.reserved), total: n(o.total), unit: o.unit })}</span>
        <Progress percent={percent} size="small" aria-label={`${o.title} ${percent}%`} />
        <span data-testid="sup-offer-picked">{t('supplies.offers.pickedUp', { n: n(o.pickedUp), unit: o.unit })}</span>
        {' · '}
        <span data-testid="sup-offer-households">{t('supplies.offers.households', { n: n(o.households) })}</span>
      </div>
      <div>{t('supplies.offers.place', { place: o.place })}</div>
      <div className="rx-sup-quiet">{t('supplies.offers.window', { from: at(o.opensAt), to: at(o.closesAt) })}</div>
      <div className="rx-sup-quiet">{t('supplies.offers.by', { who: o.createdBy.name, at: at(o.createdAt) })}</div>
    </li>
  );
}

export function OffersTab({ mayAllocate }: { mayAllocate: boolean }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const f = useMemo(() => roundFiltersFromParams(params), [params]);
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: [...OFFERS_KEY, f],
    queryFn: ({ signal }) => listOffers(f, signal),
    placeholderData: keepPreviousData,
    // Reservations come in while the tab is shown: read again each minute.
    refetchInterval: 60_000,
  });
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const size = isMobile ? 'large' : 'middle';
  return (
    <div data-testid="sup-offers">
      <div className="rx-sup-toolbar">
        {mayAllocate && (
          <Button type="primary" size={size} icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="sup-offer-new">{t('supplies.offers.new')}</Button>
        )}
        <Radio.Group
          optionType="button"
          size={size}
          aria-label={t('supplies.offers.filter')}
          value={f.status}
          onChange={(e) => setParams({ status: e.target.value === 'closed' ? 'closed' : null, page: null })}
          options={[{ value: 'open', label: t('supplies.offers.open') }, { value: 'closed', label: t('supplies.offers.closed') }]}
        />
        <Button size={size} icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>{t('supplies.refresh')}</Button>
      </div>
      {creating && <NewOfferModal onClose={() => setCreating(false)} />}
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={f.status === 'closed' ? t('supplies.offers.emptyClosed') : t('supplies.offers.empty')} />
      ) : (
        <ul className="rx-card-list" data-testid="sup-offer-list">
          {items.map((o) => <OfferCard key={o.id} o={o} />)}
        </ul>
      )}
      {total > OFFERS_PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={f.page}
          pageSize={OFFERS_PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          simple={isMobile}
          onChange={(page) => setParams({ page: page > 1 ? page : null })}
        />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }}>
          {t('supplies.offers.total', { total: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
    </div>
  );
}
