// 卡口管理 (gate:read; ADR 0081): tabs in the address — 卡口 (each gate with its terminal, rules, notice and today's
// figures; 新建卡口 / 编辑 / 访客二维码 for gate:manage), 客流 (per gate and hour of a day, and the week), and for gate duty
// (gate:operate) 通行记录 (a day's passages, those to check resolved here), 访客 (a day's visitors) and 车辆 (registered
// vehicles; added and removed with gate:manage). The street and district see 卡口 (read only) and 客流.
import type { ReactNode } from 'react';
import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { useUrlState } from '../../lib/url-state';
import { EventsTab } from './events.tab';
import { FlowTab } from './flow.tab';
import { pageTab, pageTabs, type PageTab } from './gates.logic';
import { GatesTab } from './gates.tab';
import { VehiclesTab } from './vehicles.tab';
import { VisitsTab } from './visits.tab';
import './gates.css';

export function GatesPage() {
  const { t } = useTranslation();
  usePageTitle(t('gates.title'));
  const me = useMe();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const operate = hasPermission(me, 'gate:operate');
  const manage = hasPermission(me, 'gate:manage');
  const tab = pageTab(params, operate);
  const nodes: Record<PageTab, ReactNode> = {
    gates: <GatesTab manage={manage} />,
    flow: <FlowTab />,
    events: <EventsTab />,
    visits: <VisitsTab />,
    vehicles: <VehiclesTab manage={manage} />,
  };
  return (
    <div className="rx-gt" data-testid="gates-page">
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('gates.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('gates.description')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        size={isMobile ? 'middle' : 'large'}
        onChange={(k) => setParams({ tab: k === 'gates' ? null : k, page: null, decision: null, date: null, gate: null }, { replace: true })}
        items={pageTabs(operate).map((key) => ({
          key,
          label: <span data-testid={`gt-tab-${key}`}>{t(`gates.tabs.${key}`)}</span>,
          children: tab === key ? nodes[key] : null,
        }))}
      />
    </div>
  );
}
