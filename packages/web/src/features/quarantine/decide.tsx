// 批准 / 驳回 of a pending order (quarantine:approve), against the version seen: 批准 asks once more (it restricts a
// person's freedom), 驳回 asks for the reason. A decision someone made meanwhile is said, and the lists are read again.
// Used on 待审批 and on the order's page.
import { useState } from 'react';
import { Alert, App, Button, Space } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { Popconfirm } from '../../lib/dialog';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { BOARD_KEY, decideOrder, ORDER_KEY, ORDERS_KEY, type Order } from './api';
import { NoteModal } from './note.modal';
import { conflictText, isConflict, policyText } from './shared';

export function DecideButtons({ order }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const [rejecting, setRejecting] = useState(false);
  const size = isMobile ? 'large' : 'middle';
  const reread = () => {
    void queryClient.invalidateQueries({ queryKey: ORDERS_KEY });
    void queryClient.invalidateQueries({ queryKey: [...ORDER_KEY, order.id] });
    void queryClient.invalidateQueries({ queryKey: BOARD_KEY });
  };
  const approve = useMutation({
    mutationFn: (v: { id: string; version: number }) => decideOrder(v.id, { decision: 'approve', version: v.version }),
    onSuccess: (o) => void message.success(t('quarantine.decide.approved', { name: o.nameMasked })),
    onSettled: reread,
  });
  return (
    <div className="rx-qr-decide" data-testid="qr-decide">
      <Space wrap>
        <Popconfirm
          title={t('quarantine.decide.approveConfirm', { name: order.nameMasked, policy: policyText(order, t) })}
          description={<div style={{ maxWidth: 320 }}>{t('quarantine.decide.approveHelp')}</div>}
          okText={t('quarantine.decide.approveOk')}
          cancelText={t('quarantine.decide.cancel')}
          okButtonProps={{ 'data-testid': 'qr-approve-ok' } as never}
          onConfirm={() => approve.mutateAsync({ id: order.id, version: order.version }).catch(() => undefined)}
        >
          <Button type="primary" size={size} icon={<CheckOutlined />} loading={approve.isPending} data-testid="qr-approve">{t('quarantine.decide.approve')}</Button>
        </Popconfirm>
        <Button danger size={size} icon={<CloseOutlined />} onClick={() => setRejecting(true)} data-testid="qr-reject">{t('quarantine.decide.reject')}</Button>
      </Space>
      {approve.isError && (isConflict(approve.error) ? (
        <Alert type="error" showIcon role="alert" style={{ marginTop: 8 }} title={conflictText(approve.error, t, i18n.language)} data-testid="qr-decide-conflict" />
      ) : (
        <ErrorAlert error={approve.error} style={{ marginTop: 8, marginBottom: 0 }} />
      ))}
      {rejecting && (
        <NoteModal
          title={t('quarantine.decide.rejectTitle', { name: order.nameMasked })}
          label={t('quarantine.decide.rejectLabel')}
          placeholder={t('quarantine.decide.rejectPlaceholder')}
          empty={t('quarantine.decide.rejectEmpty')}
          okText={t('quarantine.decide.rejectOk')}
          cancelText={t('quarantine.decide.cancel')}
          field="note"
          danger
          testId="qr-reject-dialog"
          send={(note) => decideOrder(order.id, { decision: 'reject', note, version: order.version })}
          onDone={() => {
            void message.success(t('quarantine.decide.rejected', { name: order.nameMasked }));
            reread();
          }}
          onConflict={reread}
          onClose={() => setRejecting(false)}
        />
      )}
    </div>
  );
}
