// 新建隔离 (quarantine:propose): find the resident (the resident search with the purpose 疫情随访, as the door-to-door
// report's; the hits masked, with their address), the policy (its days, sampling days and checks a day), the reason,
// the start date (today by default; 7 days back to 3 ahead), an optional door sensor and a note. A field the server
// refuses is said on that field; a resident who already has an order not ended is said plainly. On success the new
// order's page opens (待审批). Mounted only while open.
import { useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Radio, Spin, type ButtonProps } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { ResidentPicker as Picker } from '../../lib/resident-picker';
import { listText } from '../../lib/labels';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import {
  BOARD_KEY, listPolicies, NOTE_MAX, ORDERS_KEY, POLICIES_KEY, proposeOrder, REASONS, searchResidents, SENSOR_MAX, type Policy, type ProposeBody, type Reason,
  type ResidentHit,
} from './api';
import { orderPath } from './notice.logic';
import { proposeBody, sensorValid, sensorValue, shanghaiDay, startWindow, textProblem } from './quarantine.logic';
import { policyText, reasonText, textRule } from './shared';

type Values = { residentId?: string; policyCode?: string; reason?: Reason; startDate?: Dayjs | null; sensorId?: string; note?: string };


/** The resident search of the dialog (lib/resident-picker), with this feature's search and words. */
function ResidentPicker(p: { value?: string; onChange?: (id: string | undefined) => void; chosen: ResidentHit | null; onChoose: (h: ResidentHit | null) => void; size: 'large' | 'middle' }) {
  const { t } = useTranslation();
  return <Picker {...p} search={searchResidents} queryKey={['quarantine', 'resident-search']} testIdPrefix="qr-propose" text={(k, v) => t(k === 'restricted' ? 'quarantine.restricted' : `quarantine.propose.${k}`, v)} />;
}

function policyLine(p: Policy, t: TFunction, lang: string): string {
  return t('quarantine.propose.policyLine', { days: p.days, sampling: listText(p.samplingDays.map(String), lang), checks: p.checksPerDay });
}

export function NewOrderModal({ onClose }: { onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { modal: dialogSize, size } = useDialogSize(640);
  const [form] = Form.useForm<Values>();
  const [chosen, setChosen] = useState<ResidentHit | null>(null);
  const policies = useQuery({ queryKey: POLICIES_KEY, queryFn: ({ signal }) => listPolicies(signal), staleTime: 3_600_000 });
  // The server's calendar: a phone set to another time zone still starts on the community's today.
  const [today] = useState(() => shanghaiDay(new Date()));
  const range = startWindow(today);
  const save = useMutation({
    mutationFn: (body: ProposeBody) => proposeOrder(body),
    onSuccess: (o) => {
      void queryClient.invalidateQueries({ queryKey: ORDERS_KEY });
      void queryClient.invalidateQueries({ queryKey: BOARD_KEY });
      void message.success(t('quarantine.propose.created', { name: o.nameMasked }));
      onClose();
      void navigate(orderPath(o.id));
    },
    onError: (e) => {
      // 409 already_ordered names no field: it is about the resident chosen.
      if (isApiError(e) && e.status === 409 && e.code === 'already_ordered') form.setFields([{ name: 'residentId', errors: [t('quarantine.conflict.alreadyOrdered')] }]);
    },
  });
  const labels = {
    residentId: t('quarantine.propose.resident'), policyCode: t('quarantine.propose.policy'), reason: t('quarantine.propose.reason'),
    startDate: t('quarantine.propose.startDate'), sensorId: t('quarantine.propose.sensor'), note: t('quarantine.propose.note'),
  };
  const submit = (v: Values) => {
    const r = proposeBody({ ...v, startDate: v.startDate ? v.startDate.format('YYYY-MM-DD') : null }, today);
    if (r.ok) void save.mutateAsync(r.body).catch(() => undefined);
  };
  const already = save.isError && isApiError(save.error) && save.error.status === 409 && save.error.code === 'already_ordered';
  return (
    <Modal
      open
      {...dialogSize}
      title={t('quarantine.propose.title')}
      okText={t('quarantine.propose.submit')}
      cancelText={t('quarantine.propose.cancel')}
      okButtonProps={{ size, 'data-testid': 'qr-propose-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {already ? (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={t('quarantine.conflict.alreadyOrdered')} data-testid="qr-propose-already" />
      ) : save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<Values>
        form={form}
        name="quarantinePropose"
        layout="vertical"
        size={size}
        initialValues={{ startDate: dayjs(today) }}
        onFinish={submit}
      >
        <Form.Item name="residentId" label={labels.residentId} htmlFor="qr-propose-search" required rules={[{ required: true, message: t('quarantine.propose.residentEmpty') }]}>
          <ResidentPicker chosen={chosen} onChoose={setChosen} size={size} />
        </Form.Item>
        <Form.Item name="policyCode" label={labels.policyCode} required rules={[{ required: true, message: t('quarantine.propose.policyEmpty') }]}>
          {policies.isError ? (
            <ErrorAlert error={policies.error} title={t('quarantine.propose.policiesFailed')} onRetry={() => void policies.refetch()} style={{ marginBottom: 0 }} />
          ) : policies.isPending ? <Spin size="small" /> : (
            <Radio.Group aria-label={labels.policyCode} className="rx-qr-choices" data-testid="qr-propose-policies">
              {policies.data.items.map((p) => (
                <Radio key={p.code} value={p.code} data-testid={`qr-policy-${p.code}`}>
                  <span className="rx-qr-choice">
                    <strong>{policyText({ policyCode: p.code, policyName: p.nameZh }, t)}</strong>
                    <span className="rx-qr-quiet">{policyLine(p, t, i18n.language)}</span>
                  </span>
                </Radio>
              ))}
            </Radio.Group>
          )}
        </Form.Item>
        <Form.Item name="reason" label={labels.reason} required rules={[{ required: true, message: t('quarantine.propose.reasonEmpty') }]}>
          <Radio.Group aria-label={labels.reason} className="rx-qr-reasons" options={REASONS.map((r) => ({ value: r, label: reasonText(r, t) }))} />
        </Form.Item>
        <Form.Item
          name="startDate"
          label={labels.startDate}
          required
          rules={[{
            validator: async (_: unknown, v: Dayjs | null | undefined) => {
              if (!v) throw new Error(t('quarantine.propose.startEmpty'));
              const d = v.format('YYYY-MM-DD');
              if (d < range.min || d > range.max) throw new Error(t('quarantine.propose.startRange'));
            },
          }]}
        >
          <DatePicker
            format="YYYY-MM-DD"
            allowClear={false}
            style={{ width: 200 }}
            disabledDate={(d) => d.format('YYYY-MM-DD') < range.min || d.format('YYYY-MM-DD') > range.max}
          />
        </Form.Item>
        <Form.Item
          name="sensorId"
          label={labels.sensorId}
          rules={[{
            validator: async (_: unknown, v: string | undefined) => {
              const s = sensorValue(v);
              if (s && !sensorValid(s)) throw new Error(t('quarantine.propose.sensorFormat'));
            },
          }]}
        >
          <Input maxLength={SENSOR_MAX} placeholder={t('quarantine.propose.sensorPlaceholder')} className="rx-qr-mono" style={{ maxWidth: 280 }} />
        </Form.Item>
        <Form.Item name="note" label={labels.note} rules={textRule((v) => textProblem(v, false, NOTE_MAX), t, NOTE_MAX, '')} style={{ marginBottom: 0 }}>
          <Input.TextArea maxLength={NOTE_MAX} showCount autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('quarantine.propose.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
