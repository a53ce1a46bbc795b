// 处理 (lane:manage): 已清理 or 核实无占用, and what was done (required, ≤ 200, no ID or mobile numbers), against the
// report's version. Someone else's handling meanwhile (409 not_open or stale_version) is said, and the list is read
// again. Mounted only while open.
import { Alert, App, Form, Input, Radio, Typography, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { handleReport, LANES_KEY, REPORT_OUTCOMES, TEXT_MAX, type Report, type ReportOutcome } from './api';
import { placeOf, textProblem } from './emergency-infra.logic';
import { conflictText, isConflict, useDialogSize } from './shared';

type Values = { outcome?: ReportOutcome; resolution?: string };

export function HandleModal({ report, onClose }: { report: Report; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(480);
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const save = useMutation({
    mutationFn: (v: Values) => handleReport(report.id, { outcome: v.outcome!, resolution: (v.resolution ?? '').trim(), version: report.version }),
    onSuccess: () => {
      void message.success(t('emergencyInfra.lanes.handle.saved', { ref: report.ref }));
      void queryClient.invalidateQueries({ queryKey: LANES_KEY });
      onClose();
    },
    onError: (e) => {
      if (isConflict(e)) void queryClient.invalidateQueries({ queryKey: LANES_KEY });
    },
  });
  const conflict = isConflict(save.error);
  const labels = { outcome: t('emergencyInfra.lanes.handle.outcome'), resolution: t('emergencyInfra.lanes.handle.resolution') };
  return (
    <Modal
      open
      {...dialogSize}
      title={t('emergencyInfra.lanes.handle.title', { ref: report.ref })}
      okText={t('emergencyInfra.lanes.handle.submit')}
      cancelText={t('emergencyInfra.lanes.handle.cancel')}
      okButtonProps={{ size, disabled: conflict, 'data-testid': 'ln-handle-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      className="rx-ei-modal"
    >
      <Typography.Paragraph style={{ marginBottom: 4 }}><strong>{placeOf(report, i18n.language)}</strong></Typography.Paragraph>
      <Typography.Paragraph type="secondary">{report.description}</Typography.Paragraph>
      {conflict ? (
        <Alert type="warning" showIcon role="alert" style={{ marginBottom: 12 }} title={conflictText(save.error, t, i18n.language, 'emergencyInfra.lanes.handle.stale')} data-testid="ln-handle-conflict" />
      ) : save.isError ? (
        <ErrorAlert error={save.error} form={form} labels={labels} />
      ) : null}
      <Form<Values> form={form} name="laneReportHandle" layout="vertical" onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}>
        <Form.Item name="outcome" label={labels.outcome} required rules={[{ required: true, message: t('emergencyInfra.lanes.handle.outcomeEmpty') }]}>
          <Radio.Group
            aria-label={labels.outcome}
            optionType="button"
            buttonStyle="solid"
            size={size}
            className="rx-ei-outcome"
            data-testid="ln-handle-outcome"
            options={REPORT_OUTCOMES.map((o) => ({ value: o, label: t(`emergencyInfra.lanes.handle.outcomes.${o}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="resolution"
          label={labels.resolution}
          required
          style={{ marginBottom: 16 }}
          rules={[{
            validator: async (_, v: string | undefined) => {
              const p = textProblem(v, true);
              if (p) throw new Error(t(`emergencyInfra.problems.${p}`, { max: TEXT_MAX }));
            },
          }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 6 }}
            showCount
            maxLength={TEXT_MAX}
            placeholder={t(outcome === 'unfounded' ? 'emergencyInfra.lanes.handle.placeholderUnfounded' : 'emergencyInfra.lanes.handle.placeholderCleared')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
