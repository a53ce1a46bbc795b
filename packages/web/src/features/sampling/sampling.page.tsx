// 核酸采样 (sampling:read; ADR 0079): two tabs (in the address) — 采样轮次, the rounds as cards, newest first, with their
// coverage, tube results and open retests, 新建轮次 for sampling:manage; 采样点, the community's sites with 新增采样点 /
// 编辑 for sampling:manage. 去采样 (the collection station, features/sampling-station) for sampling:collect.
import { Tabs, Typography } from 'antd';
import { ScanOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { LinkButton } from '../../lib/link-button';
import { useUrlState } from '../../lib/url-state';
import { RoundsTab } from './rounds.tab';
import { pageTabFromParams } from './sampling.logic';
import { SitesTab } from './sites.tab';

export const STATION_PATH = '/sampling/station';

export function SamplingPage() {
  const { t } = useTranslation();
  usePageTitle(t('sampling.title'));
  const me = useMe();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const tab = pageTabFromParams(params);
  const may = { manage: hasPermission(me, 'sampling:manage'), collect: hasPermission(me, 'sampling:collect') };
  return (
    <div data-testid="sampling-page">
      <div className="rx-smp-head">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('sampling.title')}</Typography.Title>
        {may.collect && (
          <LinkButton to={STATION_PATH} type="primary" size={isMobile ? 'large' : 'middle'} icon={<ScanOutlined />} data-testid="smp-to-station">
            {t('sampling.toStation')}
          </LinkButton>
        )}
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('sampling.description')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k === 'sites' ? k : null, status: null, page: null }, { replace: true })}
        size="large"
        items={[
          { key: 'rounds', label: <span data-testid="smp-tab-rounds">{t('sampling.tabs.rounds')}</span>, children: tab === 'rounds' ? <RoundsTab mayManage={may.manage} /> : null },
          { key: 'sites', label: <span data-testid="smp-tab-sites">{t('sampling.tabs.sites')}</span>, children: tab === 'sites' ? <SitesTab mayManage={may.manage} /> : null },
        ]}
      />
    </div>
  );
}
