// 录入体温 (quarantine:check) for one person in quarantine: the slot (the current one by default, a missed morning
// first; only the slots due so far), the temperature (35.0–42.0 °C, one decimal; from 37.3 in red, with the note that
// the doctors will be told), the self-report's symptoms as checkboxes and a note. A retry of the same submission lands
// once (Idempotency-Key); a slot already recorded is said as such. Mounted only while open.
import { useRef } from 'react';
import { Alert, App, Checkbox, Form, Input, InputNumber, Radio, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { SubmissionKeys } from '../../lib/submission-keys';
import { useDialogSize } from '../../lib/use-dialog-size';
import { SYMPTOMS } from '../self-reports';
import { BOARD_KEY, NOTE_MAX, ORDER_KEY, recordCheck, type CheckBody, type Slot, type Symptom } from './api';
import { checkBody, isFeverish, temperatureProblem, temperatureText, textProblem } from './quarantine.logic';
import { conflictText, isConflict, slotText, textRule } from './shared';

export type CheckTarget = { orderId: string; nameMasked: string; slots: readonly Slot[]; slot: Slot };

type Values = { slot?: Slot; temperature?: number | null; symptoms?: Symptom[]; note?: string };

export function CheckModal({ target, onClose }: { target: CheckTarget; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize();
  const [form] = Form.useForm<Values>();
  const temperature = Form.useWatch('temperature', form);
  const keys = useRef(new SubmissionKeys());
  const save = useMutation({
    mutationFn: (body: CheckBody) => recordCheck(target.orderId, body, keys.current.for(body)),
    onSuccess: (c) => {
      keys.current.done();
      const values = { name: target.nameMasked, slot: slotText(c.slot, t), t: temperatureText(c.temperature) };
      void message.success(c.fever ? t('quarantine.check.doneFever', values) : t('quarantine.check.done', values));
      void queryClient.invalidateQueries({ queryKey: BOARD_KEY });
      void queryClient.invalidateQueries({ queryKey: [...ORDER_KEY, target.orderId] });
      onClose();
    },
    onError: (e) => {
      // Recorded meanwhile (already_checked) or the order ended: the board shows it as it is now.
      if (isConflict(e)) void queryClient.invalidateQueries({ queryKey: BOARD_KEY });
    },
  });
  const labels = { slot: t('quarantine.check.slot'), temperature: t('quarantine.check.temperature'), symptoms: t('quarantine.check.symptoms'), note: t('quarantine.check.note') };
  const submit = (v: Values) => {
    const r = checkBody({ temperature: v.temperature, symptoms: v.symptoms, note: v.note, slot: v.slot });
    if (r.ok) void save.mutateAsync(r.body).catch(() => undefined);
  };
  const fever = isFeverish(typeof temperature === 'number' ? temperature : null);
  return (
    <Modal
      open
      {...dialogSize}
      title={t('quarantine.check.title', { name: target.nameMasked })}
      okText={t('quarantine.check.submit')}
      cancelText={t('quarantine.check.cancel')}
      okButtonProps={{ size, 'data-testid': 'qr-check-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {save.isError && (isConflict(save.error) ? (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={conflictText(save.error, t, i18n.language)} data-testid="qr-check-conflict" />
      ) : (
        <ErrorAlert error={save.error} form={form} labels={labels} />
      ))}
      <Form<Values>
        form={form}
        name="quarantineCheck"
        layout="vertical"
        size={size}
        initialValues={{ slot: target.slot, symptoms: [] }}
        onFinish={submit}
      >
        {target.slots.length > 1 && (
          <Form.Item name="slot" label={labels.slot} required>
            <Radio.Group
              aria-label={labels.slot}
              optionType="button"
              buttonStyle="solid"
              options={target.slots.map((s) => ({ value: s, label: slotText(s, t) }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="temperature"
          label={labels.temperature}
          required
          extra={fever ? <span className="rx-qr-fever" data-testid="qr-check-fever">{t('quarantine.check.feverHint')}</span> : t('quarantine.check.temperatureHelp')}
          rules={[{
            validator: async (_: unknown, v: number | null | undefined) => {
              const p = temperatureProblem(v);
              if (p) throw new Error(t(p === 'empty' ? 'quarantine.check.temperatureEmpty' : p === 'range' ? 'quarantine.check.temperatureRange' : 'quarantine.check.temperatureDecimal'));
            },
          }]}
        >
          <InputNumber<number>
            step={0.1}
            inputMode="decimal"
            placeholder="36.5"
            style={{ width: 160 }}
            className={fever ? 'rx-qr-temp-input rx-qr-temp-input-fever' : 'rx-qr-temp-input'}
            data-testid="qr-check-temperature"
          />
        </Form.Item>
        <Form.Item name="symptoms" label={labels.symptoms} extra={t('quarantine.check.symptomsNone')}>
          <Checkbox.Group
            aria-label={labels.symptoms}
            role="group"
            className="rx-qr-symptoms"
            options={SYMPTOMS.map((s) => ({ value: s, label: t(`selfReports.symptoms.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="note" label={labels.note} rules={textRule((v) => textProblem(v, false, NOTE_MAX), t, NOTE_MAX, '')} style={{ marginBottom: 0 }}>
          <Input.TextArea maxLength={NOTE_MAX} showCount autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('quarantine.check.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
