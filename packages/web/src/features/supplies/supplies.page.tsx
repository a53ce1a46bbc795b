// 物资保障 / Supplies (supply:read; ADR 0075, 0076): three tabs (in the address) — 库存, each warehouse's stock and
// ledger with the movements for supply:manage; 发放, the distribution rounds with their progress and 新建发放批次 for
// supply:allocate; 预约领取, the reservation offers with 新建预约发放 for supply:allocate.
import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { useUrlState } from '../../lib/url-state';
import { OffersTab } from './offers.tab';
import { RoundsTab } from './rounds.tab';
import { StockTab } from './stock.tab';
import { tabFromParams } from './supplies.logic';

export function SuppliesPage() {
  const { t } = useTranslation();
  usePageTitle(t('supplies.title'));
  const me = useMe();
  const [params, setParams] = useUrlState();
  const tab = tabFromParams(params);
  const may = { manage: hasPermission(me, 'supply:manage'), allocate: hasPermission(me, 'supply:allocate') };
  return (
    <div data-testid="supplies-page">
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('supplies.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('supplies.description')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k === 'rounds' || k === 'offers' ? k : null, status: null, page: null }, { replace: true })}
        size="large"
        items={[
          { key: 'stock', label: <span data-testid="sup-tab-stock">{t('supplies.tabs.stock')}</span>, children: tab === 'stock' ? <StockTab mayManage={may.manage} /> : null },
          { key: 'rounds', label: <span data-testid="sup-tab-rounds">{t('supplies.tabs.rounds')}</span>, children: tab === 'rounds' ? <RoundsTab mayAllocate={may.allocate} /> : null },
          { key: 'offers', label: <span data-testid="sup-tab-offers">{t('supplies.tabs.offers')}</span>, children: tab === 'offers' ? <OffersTab mayAllocate={may.allocate} /> : null },
        ]}
      />
    </div>
  );
}
