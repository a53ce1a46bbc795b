// 结束名单 (screening:import, the list's importer side): with every entry done a plain confirmation; with entries open,
// the count and 仍要结束 with a reason (≥ 4 characters, no ID or mobile numbers). A 409 open_entries (entries still open
// when the page thought none, or checked meanwhile) shows the count it gives and asks for the forced close. Mounted only
// while open.
import { useState } from 'react';
import { Alert, App, Checkbox, Form, Input, Typography, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { CLOSE_REASON_MAX, CLOSE_REASON_MIN, closeList, LIST_KEY, LISTS_KEY, type CloseBody, type ListView } from './api';
import { closeBody, closeReasonProblem, openCountOf } from './screening.logic';
import { problemText } from './shared';

type Values = { force?: boolean; reason?: string };

export function CloseModal({ list, onClose }: { list: ListView; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(520);
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState(list.figures.open);
  const [notForced, setNotForced] = useState(false);
  const force = Form.useWatch('force', form) as boolean | undefined;
  const save = useMutation({
    mutationFn: (body: CloseBody) => closeList(list.id, body),
    onSuccess: (l) => {
      void message.success(t('screening.close.done'));
      queryClient.setQueryData<{ list: ListView }>([...LIST_KEY, list.id], (old) => (old ? { ...old, list: l } : old));
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 409 && e.code === 'open_entries') setOpen(openCountOf(e.details, e.localized('zh-CN'), Math.max(open, 1)));
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: LISTS_KEY });
      void queryClient.invalidateQueries({ queryKey: [...LIST_KEY, list.id] });
    },
  });
  const submit = (v: Values) => {
    const r = closeBody(open, v, list.version);
    if (r.ok) void save.mutateAsync(r.body).catch(() => undefined);
    else if (r.problem === 'not_forced') setNotForced(true);
  };
  const openConflict = isApiError(save.error) && save.error.code === 'open_entries';
  return (
    <Modal
      open
      {...dialogSize}
      title={t('screening.close.title', { title: list.title })}
      okText={t('screening.close.submit')}
      cancelText={t('screening.close.cancel')}
      okButtonProps={{ size, danger: true, 'data-testid': 'sc-close-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid="sc-close-dialog">
        <Typography.Paragraph>{t('screening.close.help')}</Typography.Paragraph>
        {open > 0 ? (
          <Alert type="warning" showIcon title={t('screening.close.openLeft', { n: open })} style={{ marginBottom: 12 }} data-testid="sc-close-open" data-open={open} />
        ) : (
          <Alert type="success" showIcon title={t('screening.close.allDone')} style={{ marginBottom: 12 }} data-testid="sc-close-all-done" />
        )}
        {save.isError && !openConflict && <ErrorAlert error={save.error} form={form} labels={{ reason: t('screening.close.reason'), force: t('screening.close.force') }} />}
        <Form<Values> form={form} name="screeningClose" layout="vertical" size={size} onFinish={submit}>
          {open > 0 && (
            <>
              <Form.Item
                name="force"
                valuePropName="checked"
                validateStatus={notForced && !force ? 'error' : undefined}
                help={notForced && !force ? t('screening.close.forceEmpty') : undefined}
              >
                <Checkbox data-testid="sc-close-force" onChange={() => setNotForced(false)}>{t('screening.close.force')}</Checkbox>
              </Form.Item>
              {force && (
                <Form.Item
                  name="reason"
                  label={t('screening.close.reason')}
                  required
                  rules={[{
                    validator: async (_: unknown, v: string | undefined) => {
                      const p = closeReasonProblem(v);
                      if (p) throw new Error(problemText(p, t, CLOSE_REASON_MAX, CLOSE_REASON_MIN));
                    },
                  }]}
                      >
                  <Input.TextArea maxLength={CLOSE_REASON_MAX} showCount autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('screening.close.reasonPlaceholder')} data-testid="sc-close-reason" />
                </Form.Item>
              )}
            </>
          )}
        </Form>
      </div>
    </Modal>
  );
}
