// 驳回 an appeal: the reason is required (at most 200 characters, no ID or mobile numbers, as the server), and the person
// who appealed will read it. A decision someone made meanwhile is said, and the list is read again. Mounted only while open.
import { Alert, Form, Input, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { decideAppeal, NOTE_MAX, type Appeal } from './api';
import { rejectProblem } from './health.logic';
import { appealConflictText, isConflict, problemText } from './shared';

type Values = { note?: string };

export function RejectModal({ appeal, onDone, onClose }: { appeal: Appeal; onDone: (a: Appeal) => void; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { modal: dialogSize, size } = useDialogSize();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (note: string) => decideAppeal(appeal.id, { decision: 'rejected', note, version: appeal.version }),
    onSuccess: (a) => {
      onDone(a);
      onClose();
    },
  });
  const label = t('healthCodes.appeals.rejectLabel');
  return (
    <Modal
      open
      {...dialogSize}
      title={t('healthCodes.appeals.rejectTitle', { name: appeal.nameMasked })}
      okText={t('healthCodes.appeals.rejectOk')}
      cancelText={t('healthCodes.appeals.cancel')}
      okButtonProps={{ size, danger: true, 'data-testid': 'hc-reject-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {save.isError && (isConflict(save.error) ? (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={appealConflictText(save.error, t, i18n.language)} data-testid="hc-reject-conflict" />
      ) : (
        <ErrorAlert error={save.error} form={form} labels={{ note: label }} />
      ))}
      <Form<Values>
        form={form}
        name="healthReject"
        layout="vertical"
        size={size}
        onFinish={(v) => {
          if (!rejectProblem(v.note)) void save.mutateAsync((v.note ?? '').trim()).catch(() => undefined);
        }}
      >
        <Form.Item
          name="note"
          label={label}
          required
          rules={[{
            validator: async (_: unknown, v: string | undefined) => {
              const p = rejectProblem(v);
              if (p) throw new Error(p === 'empty' ? t('healthCodes.appeals.rejectEmpty') : problemText(p, t, NOTE_MAX));
            },
          }]}
          style={{ marginBottom: 0 }}
        >
          <Input.TextArea maxLength={NOTE_MAX} showCount autoSize={{ minRows: 3, maxRows: 6 }} placeholder={t('healthCodes.appeals.rejectPlaceholder')} data-testid="hc-reject-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
