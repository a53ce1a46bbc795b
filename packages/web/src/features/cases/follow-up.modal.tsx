// 生成随访名单 (case:manage): the case's contacts of one kind (密接 or 次密接) not sent yet go out as a screening list (ADR
// 0083) titled by the case's code, with the deadline of the checks at the door. On success the list's page opens. When
// every contact of the kind was sent already the server answers 409 nothing_to_send: said plainly, nothing else to do.
// Mounted only while open.
import { useState } from 'react';
import { Alert, App, DatePicker, Form, Typography, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { CASES_KEY, sendFollowUp, type CaseView, type ContactKind, type FollowUpBody } from './api';
import { dueProblem, followUpBody, screeningListPath } from './cases.logic';

type Values = { dueAt?: Dayjs | null };

/** By default the checks are due 8 hours from now, on the hour (close contacts are to be found within hours). */
const defaultDue = () => dayjs().add(8, 'hour').startOf('hour');

export function FollowUpModal({ c, kind, unsent, onClose }: { c: CaseView; kind: ContactKind; unsent: number; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(560);
  const [form] = Form.useForm<Values>();
  const [initialDue] = useState(defaultDue);
  const send = useMutation({
    mutationFn: (body: FollowUpBody) => sendFollowUp(c.id, body),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: CASES_KEY });
      void queryClient.invalidateQueries({ queryKey: ['screening'] });
      void message.success(t('cases.followUp.done', { n: r.sent }));
      onClose();
      void navigate(screeningListPath(r.listId));
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'nothing_to_send') void queryClient.invalidateQueries({ queryKey: CASES_KEY });
    },
  });
  const nothing = isApiError(send.error) && send.error.status === 409 && send.error.code === 'nothing_to_send';
  const title = t(kind === 'close' ? 'cases.followUp.titleClose' : 'cases.followUp.titleSecondary');
  const submit = (v: Values) => {
    const r = followUpBody(kind, v.dueAt ? v.dueAt.toISOString() : null, new Date());
    if (r.ok) void send.mutateAsync(r.body).catch(() => undefined);
  };
  return (
    <Modal
      open
      {...dialogSize}
      title={title}
      okText={nothing ? t('cases.followUp.close') : t('cases.followUp.submit')}
      cancelText={t('cases.followUp.cancel')}
      okButtonProps={{ size, 'data-testid': 'cs-follow-up-submit' } as ButtonProps}
      cancelButtonProps={{ size, style: nothing ? { display: 'none' } : undefined }}
      confirmLoading={send.isPending}
      onOk={() => (nothing ? onClose() : form.submit())}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid="cs-follow-up-dialog" data-kind={kind}>
        {nothing ? (
          <Alert type="info" showIcon title={t('cases.followUp.none')} data-testid="cs-follow-up-nothing" />
        ) : (
          <>
            <Typography.Paragraph>{t(`cases.followUp.help.${kind}`, { code: c.code, n: unsent })}</Typography.Paragraph>
            {send.isError && <ErrorAlert error={send.error} form={form} labels={{ dueAt: t('cases.followUp.due') }} />}
            <Form<Values> form={form} name="caseFollowUp" layout="vertical" size={size} initialValues={{ dueAt: initialDue }} onFinish={submit}>
              <Form.Item
                name="dueAt"
                label={t('cases.followUp.due')}
                required
                style={{ marginBottom: 0 }}
                rules={[{
                  validator: async (_: unknown, v: Dayjs | null | undefined) => {
                    const p = dueProblem(v ? v.toISOString() : null, new Date());
                    if (p === 'empty') throw new Error(t('cases.followUp.dueEmpty'));
                    if (p === 'past') throw new Error(t('cases.followUp.duePast'));
                  },
                }]}
              >
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  placeholder={t('cases.followUp.duePlaceholder')}
                  disabledDate={(d) => d.isBefore(dayjs(), 'day')}
                  style={{ width: 240, maxWidth: '100%' }}
                  data-testid="cs-follow-up-due"
                />
              </Form.Item>
            </Form>
          </>
        )}
      </div>
    </Modal>
  );
}
