// 安全提醒 on 账号与安全 (security admin, user:manage; ADR 0034): alerts the system raised about staff accounts — many
// residents' records opened in a short time, the daily export cap exceeded — newest first, in plain words. An alert
// names the account, never a resident; the admin acts on it in the account list below (sign out, disable).
import { Alert, Button, List, Space, Tag, Typography } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/errors';
import { roleLabel } from '../../lib/labels';
import { listSecurityAlerts, type SecurityAlert } from './security-alerts.api';
import { alertActor, alertText } from './security-alerts.logic';

const PAGE_SIZE = 10;
const KINDS = new Set(['browsing', 'daily_export_cap']);

export function SecurityAlertsSection() {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const alerts = useQuery({
    queryKey: ['admin', 'security-alerts', page],
    queryFn: ({ signal }) => listSecurityAlerts({ page, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const role = (r: string) => roleLabel(r, t);
  const when = (iso: string) => dayjs(iso).locale(i18n.language.startsWith('zh') ? 'zh-cn' : 'en').format(t('securityAlerts.timeFormat'));

  return (
    <section data-testid="security-alerts" style={{ marginBottom: 32 }}>
      <Typography.Title level={3} style={{ fontSize: 18, margin: 0 }}>
        <AlertOutlined aria-hidden /> {t('securityAlerts.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('securityAlerts.intro')}
      </Typography.Paragraph>
      {alerts.error && (
        <Alert
          type="error"
          showIcon
          title={errorText(alerts.error, t, i18n.language)}
          action={<Button size="small" onClick={() => void alerts.refetch()}>{t('app.retry')}</Button>}
          style={{ marginBottom: 12 }}
        />
      )}
      <List<SecurityAlert>
        bordered
        loading={alerts.isFetching && !alerts.data}
        dataSource={alerts.data?.items ?? []}
        locale={{ emptyText: t('securityAlerts.empty') }}
        pagination={
          (alerts.data?.total ?? 0) > PAGE_SIZE
            ? { current: page, pageSize: PAGE_SIZE, total: alerts.data?.total ?? 0, onChange: setPage, showSizeChanger: false, size: 'small', showTotal: (total) => t('securityAlerts.total', { total }) }
            : false
        }
        renderItem={(a) => (
          <List.Item data-testid={`security-alert-${a.kind}`}>
            <div style={{ width: '100%' }}>
              <Space size={[6, 4]} wrap style={{ marginBottom: 4 }}>
                <Tag color={a.severity === 'high' ? 'red' : 'orange'}>{KINDS.has(a.kind) ? t(`securityAlerts.kinds.${a.kind}` as 'securityAlerts.kinds.browsing') : a.kind}</Tag>
                <Tag color={a.status === 'open' ? 'gold' : undefined}>{t(`securityAlerts.statuses.${a.status}`)}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>{when(a.createdAt)}</Typography.Text>
              </Space>
              <div style={{ fontWeight: 600, overflowWrap: 'anywhere' }}>{alertActor(a, t, role)}</div>
              <div style={{ overflowWrap: 'anywhere' }} data-testid="security-alert-text">{alertText(a, t)}</div>
            </div>
          </List.Item>
        )}
      />
    </section>
  );
}
