// A dialog that asks for one short text before an action goes out — 驳回 (the reason), 撤销 (the reason), 已办结 (what
// was done): required, at most 200 characters, no ID or mobile numbers (as the server). A conflict (the record changed
// meanwhile, already decided …) is said in our words and the lists are read again. Mounted only while open.
import { Alert, Form, Input, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { NOTE_MAX } from './api';
import { textProblem } from './quarantine.logic';
import { conflictText, isConflict, textRule } from './shared';

type Values = { note?: string };

export function NoteModal(p: {
  title: string; label: string; placeholder: string; empty: string; okText: string; cancelText: string;
  /** The field's name as the server names it in a refusal (`note`, `reason`). */
  field: 'note' | 'reason';
  danger?: boolean; testId: string;
  send: (text: string) => Promise<unknown>;
  /** After a success (the caller says so and reads again); a conflict reads again through `onConflict`. */
  onDone: () => void;
  onConflict?: () => void;
  onClose: () => void;
}) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { modal: dialogSize, size } = useDialogSize();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (text: string) => p.send(text),
    onSuccess: () => {
      p.onDone();
      p.onClose();
    },
    onError: (e) => {
      if (isConflict(e)) p.onConflict?.();
    },
  });
  const submit = (v: Values) => {
    if (!textProblem(v.note, true, NOTE_MAX)) void save.mutateAsync((v.note ?? '').trim()).catch(() => undefined);
  };
  return (
    <Modal
      open
      {...dialogSize}
      title={p.title}
      okText={p.okText}
      cancelText={p.cancelText}
      okButtonProps={{ size, danger: p.danger, 'data-testid': `${p.testId}-submit` } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={p.onClose}
      destroyOnHidden
    >
      {save.isError && (isConflict(save.error) ? (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={conflictText(save.error, t, i18n.language)} data-testid={`${p.testId}-conflict`} />
      ) : (
        <ErrorAlert error={save.error} labels={{ [p.field]: p.label }} />
      ))}
      <Form<Values> form={form} name={p.testId} layout="vertical" size={size} onFinish={submit}>
        <Form.Item name="note" label={p.label} required rules={textRule((v) => textProblem(v, true, NOTE_MAX), t, NOTE_MAX, p.empty)} style={{ marginBottom: 0 }}>
          <Input.TextArea maxLength={NOTE_MAX} showCount autoSize={{ minRows: 3, maxRows: 6 }} placeholder={p.placeholder} data-testid={`${p.testId}-note`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
