// 新增通道 (lane:manage): a lane of the caller's community — name, kind, where it runs. A duplicate name or a number in
// the location is named on its field. Mounted only while open.
import { useRef } from 'react';
import { App, Form, Input, Radio, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { createLane, LANE_KINDS, LANES_KEY, LOCATION_MAX, NAME_MAX, type LaneKind } from './api';
import { SubmissionKeys, textProblem } from './emergency-infra.logic';
import { useDialogSize } from './shared';

type Values = { name?: string; kind?: LaneKind; location?: string };

export function LaneModal({ onClose }: { onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(480);
  const [form] = Form.useForm<Values>();
  const keys = useRef(new SubmissionKeys());
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = { name: (v.name ?? '').trim(), kind: v.kind!, location: (v.location ?? '').trim() };
      return createLane(body, keys.current.for(body));
    },
    onSuccess: (saved) => {
      keys.current.done();
      void message.success(t('emergencyInfra.lanes.laneForm.created', { name: saved.name }));
      void queryClient.invalidateQueries({ queryKey: LANES_KEY });
      onClose();
    },
  });
  const labels = { name: t('emergencyInfra.lanes.laneForm.name'), kind: t('emergencyInfra.lanes.laneForm.kind'), location: t('emergencyInfra.lanes.laneForm.location') };
  return (
    <Modal
      open
      {...dialogSize}
      title={t('emergencyInfra.lanes.laneForm.title')}
      okText={t('emergencyInfra.lanes.laneForm.submit')}
      cancelText={t('emergencyInfra.lanes.laneForm.cancel')}
      okButtonProps={{ size, 'data-testid': 'ln-lane-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      className="rx-ei-modal"
    >
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<Values> form={form} name="laneForm" layout="vertical" onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}>
        <Form.Item name="name" label={labels.name} required rules={[{ validator: async (_, v: string | undefined) => {
          const s = (v ?? '').trim();
          if (!s) throw new Error(t('emergencyInfra.lanes.laneForm.nameEmpty'));
          if (s.length > NAME_MAX) throw new Error(t('emergencyInfra.problems.too_long', { max: NAME_MAX }));
        } }]}>
          <Input size={size} maxLength={NAME_MAX} placeholder={t('emergencyInfra.lanes.laneForm.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="kind" label={labels.kind} required rules={[{ required: true, message: t('emergencyInfra.lanes.laneForm.kindEmpty') }]}>
          <Radio.Group
            aria-label={labels.kind}
            optionType="button"
            buttonStyle="solid"
            size={size}
            options={LANE_KINDS.map((k) => ({ value: k, label: t(`emergencyInfra.lanes.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="location" label={labels.location} required style={{ marginBottom: 16 }} rules={[{ validator: async (_, v: string | undefined) => {
          const p = textProblem(v, true, LOCATION_MAX);
          if (p) throw new Error(p === 'empty' ? t('emergencyInfra.lanes.laneForm.locationEmpty') : t(`emergencyInfra.problems.${p}`, { max: LOCATION_MAX }));
        } }]}>
          <Input size={size} maxLength={LOCATION_MAX} showCount placeholder={t('emergencyInfra.lanes.laneForm.locationPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
