// 安全提醒 on 账号与安全 (security admin, user:manage; ADR 0034): alerts the system raised about staff accounts — many
// residents' records opened in a short time, the daily export cap exceeded — newest first, in plain words. An alert
// names the account, never a resident; the admin acts on it in the account list below (sign out, disable), then
// acknowledges it (确认: seen, looking into it) or closes it with a note saying what was done (ADR 0034 addendum).
// Closed alerts are hidden unless 显示已关闭 is on.
import { App, Button, Form, Input, List, Space, Switch, Tag, Typography } from 'antd';
import { Modal } from '../../lib/dialog';
import { AlertOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { errorText } from '../../lib/errors';
import { roleLabel } from '../../lib/labels';
import { formatCount } from '../../lib/numbers';
import { acknowledgeSecurityAlert, closeSecurityAlert, listSecurityAlerts, type SecurityAlert } from './security-alerts.api';
import { alertActions, alertActor, alertHandled, alertText, CLOSE_NOTE_MIN } from './security-alerts.logic';
import { ErrorAlert } from '../../lib/error-alert';

const PAGE_SIZE = 10;
const KINDS = new Set(['browsing', 'daily_export_cap', 'search_outside_scope']);

export function SecurityAlertsSection() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [showClosed, setShowClosed] = useState(false);
  const [closing, setClosing] = useState<SecurityAlert | null>(null);
  const alerts = useQuery({
    queryKey: ['admin', 'security-alerts', page, showClosed],
    queryFn: ({ signal }) => listSecurityAlerts({ page, pageSize: PAGE_SIZE, status: showClosed ? 'all' : undefined }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'security-alerts'] });
  const ack = useMutation({
    mutationFn: (id: string) => acknowledgeSecurityAlert(id),
    onSuccess: () => void message.success(t('securityAlerts.acknowledgedDone')),
    // Someone else moved it on first (409 with the current status), or it is about the admin's own account (403).
    onError: (e) => void message.error(errorText(e, t, i18n.language)),
    onSettled: () => void refresh(),
  });
  const role = (r: string) => roleLabel(r, t);
  const when = (iso: string) => dayjs(iso).locale(i18n.language.startsWith('zh') ? 'zh-cn' : 'en').format(t('securityAlerts.timeFormat'));

  return (
    <section data-testid="security-alerts" style={{ marginBottom: 32 }}>
      <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
        <AlertOutlined aria-hidden /> {t('securityAlerts.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('securityAlerts.intro')}
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Switch
          checked={showClosed}
          onChange={(v) => {
            setShowClosed(v);
            setPage(1);
          }}
          aria-label={t('securityAlerts.showClosed')}
          data-testid="security-alerts-show-closed"
        />
        <Typography.Text>{t('securityAlerts.showClosed')}</Typography.Text>
      </Space>
      {alerts.error && (
        <ErrorAlert error={alerts.error} onRetry={() => void alerts.refetch()} />
      )}
      <List<SecurityAlert>
        bordered
        loading={alerts.isFetching && !alerts.data}
        dataSource={alerts.data?.items ?? []}
        // As secondary text: antd's own grey for an empty list (colorTextDisabled) is 1.8:1, too faint to read.
        locale={{ emptyText: <Typography.Text type="secondary">{t('securityAlerts.empty')}</Typography.Text> }}
        pagination={
          (alerts.data?.total ?? 0) > PAGE_SIZE
            ? { current: page, pageSize: PAGE_SIZE, total: alerts.data?.total ?? 0, onChange: setPage, showSizeChanger: false, size: 'small', showTotal: (total) => t('securityAlerts.total', { total: formatCount(total, i18n.language) }) }
            : false
        }
        renderItem={(a) => (
          <List.Item data-testid={`security-alert-${a.kind}`} data-status={a.status}>
            <div style={{ width: '100%' }}>
              <Space size={[6, 4]} wrap style={{ marginBottom: 4 }}>
                <Tag color={a.severity === 'high' ? 'red' : 'orange'}>{KINDS.has(a.kind) ? t(`securityAlerts.kinds.${a.kind}` as 'securityAlerts.kinds.browsing') : a.kind}</Tag>
                <Tag color={a.status === 'open' ? 'gold' : undefined}>{t(`securityAlerts.statuses.${a.status}`)}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>{when(a.createdAt)}</Typography.Text>
              </Space>
              <div style={{ fontWeight: 600, overflowWrap: 'anywhere' }}>{alertActor(a, t, role)}</div>
              <div style={{ overflowWrap: 'anywhere' }} data-testid="security-alert-text">{alertText(a, t, i18n.language)}</div>
              {alertHandled(a, t, when).map((line) => (
                <Typography.Paragraph key={line} type="secondary" style={{ margin: '4px 0 0', fontSize: 13, overflowWrap: 'anywhere' }} data-testid="security-alert-handled">
                  {line}
                </Typography.Paragraph>
              ))}
              {alertActions(a).length > 0 && (
                <Space size={8} wrap style={{ marginTop: 8 }}>
                  {alertActions(a).includes('acknowledge') && (
                    <Button
                      size={isMobile ? 'middle' : 'small'}
                      loading={ack.isPending && ack.variables === a.id}
                      onClick={() => ack.mutate(a.id)}
                      data-testid="security-alert-ack"
                    >
                      {t('securityAlerts.acknowledge')}
                    </Button>
                  )}
                  <Button size={isMobile ? 'middle' : 'small'} onClick={() => setClosing(a)} data-testid="security-alert-close">
                    {t('securityAlerts.close')}
                  </Button>
                </Space>
              )}
            </div>
          </List.Item>
        )}
      />
      <CloseAlertDialog alert={closing} onClose={() => setClosing(null)} onDone={() => void refresh()} />
    </section>
  );
}

/** Asks what was done (at least 4 characters) and closes the alert; a refusal (409 already closed, …) stays in the dialog. */
function CloseAlertDialog({ alert, onClose, onDone }: { alert: SecurityAlert | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const close = useMutation({
    mutationFn: (note: string) => closeSecurityAlert(alert!.id, note.trim()),
    onSuccess: () => {
      void message.success(t('securityAlerts.closedDone'));
      form.resetFields();
      onDone();
      onClose();
    },
    onError: () => onDone(),
  });
  return (
    <Modal
      open={alert !== null}
      title={t('securityAlerts.closeTitle')}
      okText={t('securityAlerts.close')}
      cancelText={t('securityAlerts.cancel')}
      confirmLoading={close.isPending}
      onOk={() => form.submit()}
      onCancel={() => {
        close.reset();
        form.resetFields();
        onClose();
      }}
      okButtonProps={{ 'data-testid': 'security-alert-close-ok' } as never}
      destroyOnHidden
    >
      <p style={{ marginTop: 0 }}>{t('securityAlerts.closeHint')}</p>
      <Form form={form} layout="vertical" onFinish={(v) => close.mutate(v.note ?? '')} initialValues={{ note: '' }}>
        <Form.Item
          name="note"
          label={t('securityAlerts.note')}
          validateFirst
          rules={[{ required: true, whitespace: true, message: t('securityAlerts.noteTooShort') }, {
            validator: (_r, v: string | undefined) => ((v ?? '').trim().length >= CLOSE_NOTE_MIN ? Promise.resolve() : Promise.reject(new Error(t('securityAlerts.noteTooShort')))),
          }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('securityAlerts.notePlaceholder')} data-testid="security-alert-note" />
        </Form.Item>
      </Form>
      {close.isError && <ErrorAlert error={close.error} />}
    </Modal>
  );
}
