// 举报占用: pick a lane of the community — or, when it is not listed, type where it is — and say what blocks it (a car's
// plate is fine; no ID or mobile numbers). The same dialog for staff (lane:report) and residents (self:report); each
// sends to its own address. After sending, the dialog shows the reference (TD-…) and the deadline. A field the server
// refuses is named on that field. Mounted only while open.
import { useRef, useState } from 'react';
import { App, Button, Form, Input, Result, Select, Typography, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { LANES_KEY, LOCATION_MAX, TEXT_MAX, type LaneKind, type ReportBody } from './api';
import { reportBody, SubmissionKeys, textProblem, type ReportValues } from './emergency-infra.logic';
import { at, useDialogSize } from './shared';

type LaneOption = { id: string; name: string; kind: LaneKind; location: string };

export function ReportModal({ lanes, lanesLoading, send, resident, onClose }: {
  lanes: readonly LaneOption[];
  lanesLoading?: boolean;
  /** Sends the report (the staff's or the resident's address), with the submission's Idempotency-Key. */
  send: (body: ReportBody, key: string) => Promise<{ ref: string; dueAt: string }>;
  /** The resident's wording after sending (what was done will show on their card). */
  resident: boolean;
  onClose: () => void;
}) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize();
  const [form] = Form.useForm<ReportValues>();
  const keys = useRef(new SubmissionKeys());
  const [done, setDone] = useState<{ ref: string; dueAt: string } | null>(null);
  const save = useMutation({
    mutationFn: (v: ReportValues) => {
      const body = reportBody(v);
      return send(body, keys.current.for(body));
    },
    onSuccess: (saved) => {
      keys.current.done();
      setDone({ ref: saved.ref, dueAt: saved.dueAt });
      void message.success(t('emergencyInfra.lanes.reportForm.doneTitle'));
      void queryClient.invalidateQueries({ queryKey: LANES_KEY });
    },
  });
  const labels = {
    laneId: t('emergencyInfra.lanes.reportForm.lane'), location: t('emergencyInfra.lanes.reportForm.location'),
    description: t('emergencyInfra.lanes.reportForm.description'),
  };
  const text = (required: boolean, max: number) => ({
    validator: async (_: unknown, v: string | undefined) => {
      const p = textProblem(v, required, max);
      if (p) throw new Error(t(`emergencyInfra.problems.${p}`, { max }));
    },
  });

  return (
    <Modal
      open
      {...dialogSize}
      title={t('emergencyInfra.lanes.reportForm.title')}
      okText={t('emergencyInfra.lanes.reportForm.submit')}
      cancelText={t('emergencyInfra.lanes.reportForm.cancel')}
      okButtonProps={{ size, danger: true, 'data-testid': 'ln-report-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      footer={done ? <Button type="primary" size={size} onClick={onClose} data-testid="ln-report-ok">{t('emergencyInfra.lanes.reportForm.ok')}</Button> : undefined}
      destroyOnHidden
      className="rx-ei-modal"
    >
      {done ? (
        <Result
          status="success"
          title={t('emergencyInfra.lanes.reportForm.doneTitle')}
          subTitle={
            <div data-testid="ln-report-done">
              <div className="rx-ei-ref" data-testid="ln-report-ref">{t('emergencyInfra.lanes.reportForm.doneRef', { ref: done.ref })}</div>
              <div data-testid="ln-report-due">
                {t(resident ? 'emergencyInfra.lanes.reportForm.doneDue' : 'emergencyInfra.lanes.reportForm.doneDueStaff', { due: at(done.dueAt) })}
              </div>
            </div>
          }
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('emergencyInfra.lanes.reportForm.intro')}</Typography.Paragraph>
          {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
          <Form<ReportValues> form={form} name="laneReport" layout="vertical" onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}>
            <Form.Item
              name="laneId"
              label={labels.laneId}
              dependencies={['location']}
              extra={!lanesLoading && lanes.length === 0 ? t('emergencyInfra.lanes.reportForm.noLanes') : undefined}
              rules={[({ getFieldValue }) => ({
                validator: async (_, v: string | undefined | null) => {
                  if (!v && !String(getFieldValue('location') ?? '').trim()) throw new Error(t('emergencyInfra.problems.lane_or_location'));
                },
              })]}
            >
              <Select
                size={size}
                allowClear
                loading={lanesLoading}
                data-testid="ln-report-lane"
                placeholder={t('emergencyInfra.lanes.reportForm.lanePlaceholder')}
                options={lanes.map((l) => ({ value: l.id, label: `${l.name}（${t(`emergencyInfra.lanes.kinds.${l.kind}`)}）· ${l.location}` }))}
              />
            </Form.Item>
            <Form.Item name="location" label={labels.location} rules={[text(false, LOCATION_MAX)]}>
              <Input size={size} maxLength={LOCATION_MAX} placeholder={t('emergencyInfra.lanes.reportForm.locationPlaceholder')} />
            </Form.Item>
            <Form.Item name="description" label={labels.description} required rules={[text(true, TEXT_MAX)]} style={{ marginBottom: 16 }}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} showCount maxLength={TEXT_MAX} placeholder={t('emergencyInfra.lanes.reportForm.descriptionPlaceholder')} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
