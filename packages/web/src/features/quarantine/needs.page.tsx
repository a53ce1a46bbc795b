// 隔离需求 (quarantine:serve; ADR 0080): the volunteers', grid workers' and community admins' page of what people in
// quarantine need, open first, with 我来办 and 已办结 — its own menu row, since volunteers hold quarantine:serve only
// (the menu takes one permission per row). Readers without it see the same list on 居家隔离's 隔离需求 tab.
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { NeedsList } from './needs.list';

export function NeedsPage() {
  const { t } = useTranslation();
  usePageTitle(t('quarantine.needs.title'));
  const me = useMe();
  return (
    <div data-testid="quarantine-needs-page">
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('quarantine.needs.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('quarantine.needs.description')}</Typography.Paragraph>
      <NeedsList mayServe={hasPermission(me, 'quarantine:serve')} />
    </div>
  );
}
