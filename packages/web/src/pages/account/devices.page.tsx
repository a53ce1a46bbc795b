// 登录设备 (any logged-in user, ADR 0026): my signed-in devices with the current one marked; sign out one other device
// or all others at once. Reached from the user menu next to 修改密码.
import { Alert, App, Button, Card, Flex, Skeleton, Tag, Typography } from 'antd';
import { DesktopOutlined, LogoutOutlined, MobileOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { useIsMobile } from '../../app/use-is-mobile';
import { useConfirm } from '../../lib/dialog';
import { errorText } from '../../lib/errors';
import { endMyOtherSessions, endMySession, listMySessions, type MySession } from './devices.api';
import { deviceKind, orderDevices, otherDeviceCount } from './devices.logic';
import { ErrorAlert } from '../../lib/error-alert';

const KIND_ICON = { phone: MobileOutlined, computer: DesktopOutlined, unknown: QuestionCircleOutlined } as const;

export function DevicesPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('devices.title'));
  const { message } = App.useApp();
  const confirm = useConfirm();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ['auth', 'sessions'], queryFn: ({ signal }) => listMySessions(signal) });
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['auth', 'sessions'] });
  const when = (iso: string) => dayjs(iso).locale(i18n.language.startsWith('zh') ? 'zh-cn' : 'en').format(t('devices.timeFormat'));
  const label = (s: MySession) => s.deviceLabel ?? t('devices.unknownDevice');

  const endOne = useMutation({
    mutationFn: (s: MySession) => endMySession(s.id),
    onSuccess: () => {
      void message.success(t('devices.signOutDone'));
      reload();
    },
    onError: (e) => {
      void message.error(errorText(e, t, i18n.language));
      reload();
    },
  });
  const endOthers = useMutation({
    mutationFn: endMyOtherSessions,
    onSuccess: (out) => {
      void message.success(t('devices.signOutOthersDone', { count: out.ended }));
      reload();
    },
    onError: (e) => void message.error(errorText(e, t, i18n.language)),
  });

  const items = orderDevices(sessions.data?.items ?? []);
  const others = otherDeviceCount(items);

  const confirmOne = (s: MySession) =>
    void confirm({
      title: t('devices.signOutTitle', { device: label(s) }),
      content: t('devices.signOutBody'),
      okText: t('devices.signOutOk'),
      okButtonProps: { danger: true, 'data-testid': 'device-sign-out-confirm' } as never,
      cancelText: t('devices.cancel'),
      onOk: () => endOne.mutateAsync(s).catch(() => undefined),
    });
  const confirmOthers = () =>
    void confirm({
      title: t('devices.signOutOthersTitle'),
      content: t('devices.signOutOthersBody', { count: others }),
      okText: t('devices.signOutOthers'),
      okButtonProps: { danger: true, 'data-testid': 'devices-sign-out-others-confirm' } as never,
      cancelText: t('devices.cancel'),
      onOk: () => endOthers.mutateAsync().catch(() => undefined),
    });

  return (
    <>
      <Typography.Title level={1} className="rx-page-title" style={{ fontSize: 24 }}>
        {t('devices.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 720 }}>
        {t('devices.intro')}
      </Typography.Paragraph>
      {sessions.error && (
        <ErrorAlert error={sessions.error} onRetry={() => void sessions.refetch()} style={{ maxWidth: 720 }} />
      )}
      {sessions.isPending && <Skeleton active style={{ maxWidth: 720 }} />}
      <Flex vertical gap={12} style={{ maxWidth: 720 }} data-testid="devices-list">
        {items.map((s) => {
          const Icon = KIND_ICON[deviceKind(s.deviceLabel)];
          return (
            <Card key={s.id} size="small" data-testid="device-row" data-current={s.current ? 'true' : 'false'}>
              <Flex gap={12} align={isMobile ? 'flex-start' : 'center'} vertical={isMobile}>
                <Flex gap={12} align="flex-start" style={{ flex: 1, minWidth: 0 }}>
                  <Icon style={{ fontSize: 24, color: '#0958d9', marginTop: 2 }} aria-hidden />
                  <div style={{ minWidth: 0 }}>
                    <div style={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
                      {label(s)}
                      {s.current && (
                        <Tag color="blue" style={{ marginInlineStart: 8 }} data-testid="device-current">
                          {t('devices.current')}
                        </Tag>
                      )}
                    </div>
                    <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block' }}>
                      {s.ipNetwork ? t('devices.network', { network: s.ipNetwork }) : t('devices.unknownNetwork')}
                    </Typography.Text>
                    {/* One line on a wide screen; on a phone each time on its own line. */}
                    <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block' }}>
                      {t('devices.signedInAt', { time: when(s.signedInAt) })}
                      {isMobile ? <br /> : ' · '}
                      {t('devices.lastActiveAt', { time: when(s.lastActiveAt) })}
                    </Typography.Text>
                  </div>
                </Flex>
                {!s.current && (
                  <Button
                    danger
                    icon={<LogoutOutlined />}
                    size={isMobile ? 'large' : 'middle'}
                    block={isMobile}
                    loading={endOne.isPending && endOne.variables?.id === s.id}
                    onClick={() => confirmOne(s)}
                    data-testid="device-sign-out"
                  >
                    {t('devices.signOut')}
                  </Button>
                )}
              </Flex>
            </Card>
          );
        })}
      </Flex>
      {sessions.data && (
        <div style={{ maxWidth: 720, marginTop: 16 }}>
          {others > 0 ? (
            <Button danger type="primary" size={isMobile ? 'large' : 'middle'} block={isMobile} loading={endOthers.isPending} onClick={confirmOthers} data-testid="devices-sign-out-others">
              {t('devices.signOutOthers')}
            </Button>
          ) : (
            <Typography.Paragraph type="secondary">{t('devices.onlyThis')}</Typography.Paragraph>
          )}
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 16 }}
            title={t('devices.lostPhone')}
            action={<Button size="small" onClick={() => void navigate('/account/password')}>{t('devices.changePassword')}</Button>}
          />
        </div>
      )}
    </>
  );
}
