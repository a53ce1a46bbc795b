// Header bell: unread count and the latest notifications (warnings, requests and their answers, security alerts); opening
// one marks it read and goes to its page (what each kind says and opens: notification-kinds.ts).
// The badge polls the count only; the latest notifications (which can name residents, masked — a read the server
// audits) are fetched when the bell is opened, not every minute in the background (ADR 0061, session 20 addendum).
import { useState } from 'react';
import { Alert, Badge, Button, Empty, Popover, Space, Spin } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { hasPermission, useMe } from '../../auth/session';
import { useIsMobile } from '../../app/use-is-mobile';
import { listNotifications, markAllNotificationsRead, markNotificationRead, type Notification, unreadNotifications } from './api';
import { formatCount } from '../../lib/numbers';
import { notificationLink, notificationText } from './notification-kinds';
import { LevelTag } from './shared';
import { noticeWhen } from './warnings.logic';

function NotificationList({ items, onOpen }: { items: Notification[]; onOpen: (n: Notification) => void }) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('warnings.bell.empty')} />;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: 360, overflowY: 'auto' }}>
      {items.map((n) => {
        const a = n.alert;
        const text = notificationText(n, t, i18n.language);
        return (
          <li key={n.id} style={{ borderBottom: '1px solid #f0f0f0' }}>
            <button
              type="button"
              onClick={() => onOpen(n)}
              data-testid={`notification-${n.id}`}
              style={{
                all: 'unset', boxSizing: 'border-box', cursor: 'pointer', display: 'block', width: '100%', padding: '10px 4px',
                fontWeight: n.read ? 400 : 600,
              }}
            >
              <Space size={6} align="start">
                {a && <LevelTag level={a.level} />}
                <span>
                  {text}
                  <br />
                  <span style={{ fontWeight: 400, color: 'rgba(0,0,0,0.55)', fontSize: 12 }}>
                    {noticeWhen(new Date(n.createdAt), a?.date ?? null, (date) => t('warnings.bell.dataOf', { date }))}
                  </span>
                </span>
              </Space>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function NotificationBell() {
  const me = useMe();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const isMobile = useIsMobile();
  // Everyone signed in has a bell: staff for warnings and requests, the security admin for security alerts (ADR 0034),
  // a resident for the answers to their correction and deletion requests (they were never told: walk-through, session 25).
  const canWarnings = hasPermission(me, 'warning:read');
  const count = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: ({ signal }) => unreadNotifications(signal),
    refetchInterval: 60_000,
  });
  const q = useQuery({
    queryKey: ['notifications', 'latest'],
    queryFn: ({ signal }) => listNotifications({ pageSize: 10 }, signal),
    enabled: open,
    // Fetched again at each opening (what arrived since), not kept fresh while closed.
    staleTime: 0,
    gcTime: 0,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const readOne = useMutation({ mutationFn: markNotificationRead, onSettled: refresh });
  const readAll = useMutation({ mutationFn: markAllNotificationsRead, onSettled: refresh });
  const unread = (open ? q.data?.unread : undefined) ?? count.data?.unread ?? 0;
  const onOpen = (n: Notification) => {
    if (!n.read) readOne.mutate(n.id);
    setOpen(false);
    const to = notificationLink(n);
    if (to) void navigate(to);
  };
  // On a phone the buttons are tappable (32 px) and the panel is centred under the bell and kept on screen: aligned to
  // the bell's right edge (desktop) it would run off the left edge of a 390 px screen. The count sits beside the bell
  // rather than over it.
  const footerSize = isMobile ? 'middle' : 'small';
  const content = (
    <div style={{ width: 300, maxWidth: 'calc(100vw - 48px)' }}>
      {q.isPending ? (
        <div role="status" aria-label={t('warnings.bell.loading')} style={{ padding: 24, textAlign: 'center' }} data-testid="notifications-loading"><Spin size="small" /></div>
      ) : q.isError ? (
        <Alert type="error" showIcon title={t('warnings.bell.loadFailed')} />
      ) : (
        <NotificationList items={q.data.items} onOpen={onOpen} />
      )}
      <Space style={{ marginTop: 8, width: '100%', justifyContent: 'space-between' }}>
        {canWarnings ? (
          <Button type="link" size={footerSize} onClick={() => { setOpen(false); void navigate('/warnings'); }}>
            {t('warnings.bell.viewAll')}
          </Button>
        ) : <span />}
        <Button size={footerSize} disabled={unread === 0} loading={readAll.isPending} onClick={() => readAll.mutate()}>
          {t('warnings.bell.markAll')}
        </Button>
      </Space>
    </div>
  );
  return (
    <Popover trigger="click" placement={isMobile ? 'bottom' : 'bottomRight'} open={open} onOpenChange={setOpen} title={t('warnings.bell.label')} content={content}>
      <Button
        type="text"
        aria-label={unread ? t('warnings.bell.unread', { n: formatCount(unread, i18n.language) }) : t('warnings.bell.label')}
        data-testid="notification-bell"
        icon={
          <Badge count={unread} size="small" overflowCount={99} offset={isMobile ? [8, -2] : undefined}>
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        }
      />
    </Popover>
  );
}
