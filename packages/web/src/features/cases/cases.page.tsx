// 病例与密接 (case:read): two tabs kept in the address — 病例 (the cases of the caller's area, newest report first, filtered
// by status, classification and a code search; 登记病例 for the district, case:manage) and 传播链 (the chain as a graph,
// with the same links as a list for screen readers).
import type { ReactNode } from 'react';
import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { useUrlState } from '../../lib/url-state';
import { CasesTab } from './cases.tab';
import { ChainTab } from './chain.tab';
import { PAGE_TABS, pageTab, type PageTab } from './cases.logic';

export function CasesPage() {
  const { t } = useTranslation();
  usePageTitle(t('cases.title'));
  const me = useMe();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const tab = pageTab(params);
  const manage = hasPermission(me, 'case:manage');
  const nodes: Record<PageTab, ReactNode> = {
    cases: <CasesTab manage={manage} />,
    chain: <ChainTab />,
  };
  return (
    <div data-testid="cases-page">
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('cases.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('cases.description')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        size={isMobile ? 'middle' : 'large'}
        onChange={(k) => setParams({ tab: k === 'cases' ? null : k }, { replace: true })}
        items={PAGE_TABS.map((key) => ({
          key,
          label: <span data-testid={`cs-tab-${key}`}>{t(`cases.tabs.${key}`)}</span>,
          children: tab === key ? nodes[key] : null,
        }))}
      />
    </div>
  );
}
