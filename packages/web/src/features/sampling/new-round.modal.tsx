// 新建轮次 (sampling:manage): a name, the day (today by default), the tube's pool size (单采, or 5 / 10 / 20 合 1; 10
// by default) and a note. A field the server refuses (a name already used) is said on that field. Mounted only while
// open.
import { useRef } from 'react';
import { App, DatePicker, Form, Input, Radio, type ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { createRound, DEFAULT_POOL_SIZE, NOTE_MAX, POOL_SIZES, ROUND_NAME_MAX, ROUNDS_KEY, type RoundBody } from './api';
import { roundBody, SubmissionKeys, textProblem } from './sampling.logic';
import { poolText, problemText, useDialogSize } from './shared';

type Values = { name?: string; roundDate?: Dayjs | null; poolSize?: number; note?: string };

export function NewRoundModal({ onClose }: { onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize();
  const [form] = Form.useForm<Values>();
  const keys = useRef(new SubmissionKeys());
  const save = useMutation({
    mutationFn: (body: RoundBody) => createRound(body, keys.current.for(body)),
    onSuccess: (r) => {
      keys.current.done();
      void message.success(t('sampling.newRound.created', { name: r.name }));
      void queryClient.invalidateQueries({ queryKey: ROUNDS_KEY });
      onClose();
    },
  });
  const labels = {
    name: t('sampling.newRound.name'), roundDate: t('sampling.newRound.date'), poolSize: t('sampling.newRound.pool'), note: t('sampling.newRound.note'),
  };
  const submit = (v: Values) => {
    const r = roundBody({ name: v.name, roundDate: v.roundDate ? v.roundDate.format('YYYY-MM-DD') : null, poolSize: v.poolSize, note: v.note });
    if (r.ok) void save.mutateAsync(r.body).catch(() => undefined);
  };
  const text = (required: boolean, max: number, empty: string) => [{
    validator: async (_: unknown, v: string | undefined) => {
      const p = textProblem(v, required, max);
      if (p) throw new Error(p === 'empty' ? empty : problemText(p, t, max));
    },
  }];
  return (
    <Modal
      open
      {...dialogSize}
      title={t('sampling.newRound.title')}
      okText={t('sampling.newRound.submit')}
      cancelText={t('sampling.newRound.cancel')}
      okButtonProps={{ size, 'data-testid': 'smp-round-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<Values>
        form={form}
        name="samplingRound"
        layout="vertical"
        size={size}
        initialValues={{ roundDate: dayjs(), poolSize: DEFAULT_POOL_SIZE }}
        onFinish={submit}
      >
        <Form.Item name="name" label={labels.name} required rules={text(true, ROUND_NAME_MAX, t('sampling.newRound.nameEmpty'))}>
          <Input maxLength={ROUND_NAME_MAX} showCount placeholder={t('sampling.newRound.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="roundDate" label={labels.roundDate} required rules={[{ required: true, message: t('sampling.newRound.dateEmpty') }]}>
          <DatePicker format="YYYY-MM-DD" allowClear={false} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="poolSize" label={labels.poolSize} required extra={t('sampling.newRound.poolHelp')} rules={[{ required: true, message: t('sampling.newRound.poolEmpty') }]}>
          <Radio.Group
            aria-label={labels.poolSize}
            optionType="button"
            buttonStyle="solid"
            className="rx-smp-pools"
            options={POOL_SIZES.map((n) => ({ value: n, label: poolText(n, t) }))}
          />
        </Form.Item>
        <Form.Item name="note" label={labels.note} rules={text(false, NOTE_MAX, '')} style={{ marginBottom: 0 }}>
          <Input.TextArea maxLength={NOTE_MAX} showCount autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('sampling.newRound.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
