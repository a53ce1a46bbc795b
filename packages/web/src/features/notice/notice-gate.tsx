// After login, a resident who has not acknowledged the current version of the processing notice reads it here once
// (PRIV-03, ADR 0029). Staff are never asked; "later" puts it off for this visit, so nobody is locked out.
import { Alert, Button, Skeleton } from 'antd';
import { Modal } from '../../lib/dialog';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useMe } from '../../auth/session';
import { useIsMobile } from '../../app/use-is-mobile';
import { errorText } from '../../lib/errors';
import { acknowledgeNotice, fetchNotice, fetchNoticeAck, NOTICE_ACK_KEY, NOTICE_KEY } from './api';
import { shouldAskForNotice } from './notice.logic';
import { NoticeView } from './notice.view';

export function NoticeGate() {
  const me = useMe();
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const [postponed, setPostponed] = useState(false);
  const eligible = me.permissions.includes('notice:ack') && !me.mustChangePassword;
  const ack = useQuery({ queryKey: NOTICE_ACK_KEY, queryFn: ({ signal }) => fetchNoticeAck(signal), enabled: eligible, staleTime: Infinity, retry: false });
  const open = shouldAskForNotice(me, ack.data, postponed);
  const notice = useQuery({ queryKey: NOTICE_KEY, queryFn: ({ signal }) => fetchNotice(signal), enabled: open, staleTime: 5 * 60_000 });
  const confirm = useMutation({
    mutationFn: (version: string) => acknowledgeNotice(version),
    onSuccess: (status) => queryClient.setQueryData(NOTICE_ACK_KEY, status),
    onError: (e) => {
      // The notice changed while it was open: show the new version.
      if (isApiError(e) && e.status === 409) void queryClient.invalidateQueries({ queryKey: NOTICE_KEY });
    },
  });
  if (!open) return null;
  const stale = isApiError(confirm.error) && confirm.error.status === 409;
  return (
    <Modal
      open
      title={t('notice.askTitle')}
      closable={false}
      maskClosable={false}
      keyboard={false}
      width={isMobile ? '100%' : 760}
      style={isMobile ? { top: 0, maxWidth: '100vw', margin: 0, paddingBottom: 0 } : undefined}
      styles={{ body: { maxHeight: isMobile ? 'calc(100vh - 170px)' : '65vh', overflowY: 'auto' } }}
      data-testid="notice-gate"
      footer={
        <div className="rx-notice-actions">
          <Button size="large" onClick={() => setPostponed(true)} data-testid="notice-later">
            {t('notice.later')}
          </Button>
          <Button
            size="large"
            type="primary"
            disabled={!notice.data}
            loading={confirm.isPending}
            onClick={() => notice.data && confirm.mutate(notice.data.version)}
            data-testid="notice-ack"
          >
            {t('notice.iHaveRead')}
          </Button>
        </div>
      }
    >
      <p>{t('notice.askIntro')}</p>
      {confirm.isError && (
        <Alert
          type={stale ? 'info' : 'error'}
          showIcon
          role="alert"
          style={{ marginBottom: 12 }}
          title={stale ? t('notice.changed') : t('notice.ackFailed')}
          description={stale ? undefined : errorText(confirm.error, t, i18n.language)}
        />
      )}
      {notice.isPending && <Skeleton active paragraph={{ rows: 8 }} />}
      {notice.isError && <Alert type="error" showIcon title={t('notice.loadFailed')} action={<Button onClick={() => void notice.refetch()}>{t('notice.retry')}</Button>} />}
      {notice.data && <NoticeView notice={notice.data} headingLevel={2} />}
    </Modal>
  );
}
