// 居家隔离 (quarantine:read; ADR 0080): four tabs (in the address) — 今日, the board of the active orders with today's
// figures; 待审批, the orders awaiting the street office (批准 / 驳回 for quarantine:approve); 全部, every order with a
// state filter and a name search; 隔离需求, the needs (taking them needs quarantine:serve, whose holders also have the
// page of their own). 新建隔离 for quarantine:propose.
import { useState, type ReactNode } from 'react';
import { Button, Tabs, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { useUrlState } from '../../lib/url-state';
import { BoardTab } from './board.tab';
import { NeedsList } from './needs.list';
import { NewOrderModal } from './new-order.modal';
import { AllTab, PendingTab } from './orders.tab';
import { pageTabFromParams, type PageTab } from './quarantine.logic';

export function QuarantinePage() {
  const { t } = useTranslation();
  usePageTitle(t('quarantine.title'));
  const me = useMe();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const tab = pageTabFromParams(params);
  const [proposing, setProposing] = useState(false);
  const may = {
    propose: hasPermission(me, 'quarantine:propose'), approve: hasPermission(me, 'quarantine:approve'),
    check: hasPermission(me, 'quarantine:check'), serve: hasPermission(me, 'quarantine:serve'),
  };
  const item = (key: PageTab, node: ReactNode) => ({
    key,
    label: <span data-testid={`qr-tab-${key}`}>{t(`quarantine.tabs.${key}`)}</span>,
    children: tab === key ? node : null,
  });
  return (
    <div data-testid="quarantine-page">
      <div className="rx-qr-head">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('quarantine.title')}</Typography.Title>
        {may.propose && (
          <Button type="primary" size={isMobile ? 'large' : 'middle'} icon={<PlusOutlined />} onClick={() => setProposing(true)} data-testid="qr-propose">
            {t('quarantine.propose.button')}
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('quarantine.description')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k === 'today' ? null : k, status: null, q: null, page: null }, { replace: true })}
        size={isMobile ? 'middle' : 'large'}
        items={[
          item('today', <BoardTab mayCheck={may.check} />),
          item('pending', <PendingTab mayApprove={may.approve} />),
          item('all', <AllTab />),
          item('needs', <NeedsList mayServe={may.serve} />),
        ]}
      />
      {proposing && <NewOrderModal onClose={() => setProposing(false)} />}
    </div>
  );
}
