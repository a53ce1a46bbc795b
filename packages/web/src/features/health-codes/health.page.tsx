// 健康码 (health:read; ADR 0082): the summary tiles for everyone who opens it, then the tabs this user has (in the
// address) — 人员 and 申诉 for community staff and the district (the street office sees the figures only: its lists
// answer 403 figures_only, so it is not offered them), 上级导入 for health:import. 赋码 / 转码 and deciding appeals need
// health:assign.
import type { ReactNode } from 'react';
import { Alert, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { useUrlState } from '../../lib/url-state';
import { AppealsTab } from './appeals.tab';
import { pageTabFromParams, tabsFor, type PageTab } from './health.logic';
import { ImportsTab } from './imports.tab';
import { PeopleTab } from './people.tab';
import { SummaryCard } from './summary';

export function HealthCodesPage() {
  const { t } = useTranslation();
  usePageTitle(t('healthCodes.title'));
  const me = useMe();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const tabs = tabsFor(me);
  const tab = pageTabFromParams(params, tabs);
  const mayAssign = hasPermission(me, 'health:assign');
  const body: Record<PageTab, () => ReactNode> = {
    people: () => <PeopleTab mayAssign={mayAssign} />,
    appeals: () => <AppealsTab mayDecide={mayAssign} />,
    imports: () => <ImportsTab />,
  };
  return (
    <div data-testid="health-codes-page">
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('healthCodes.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('healthCodes.description')}</Typography.Paragraph>
      <SummaryCard />
      {tab === null ? (
        <Alert type="info" showIcon title={t('healthCodes.figuresOnly')} style={{ marginTop: 16 }} data-testid="hc-figures-only" />
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k === tabs[0] ? null : k, status: null, colour: null, mismatch: null, q: null, page: null }, { replace: true })}
          size={isMobile ? 'middle' : 'large'}
          style={{ marginTop: 8 }}
          items={tabs.map((key) => ({
            key,
            label: <span data-testid={`hc-tab-${key}`}>{t(`healthCodes.tabs.${key}`)}</span>,
            children: tab === key ? body[key]() : null,
          }))}
        />
      )}
    </div>
  );
}
