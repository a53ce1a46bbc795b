// 新建卡口 / 编辑 (gate:manage): name, kind, grid (of the admin's community), location, the terminal's id, the date the
// notice was posted, the rules — 核酸要求 (不要求 / 24 / 48 / 72 小时内阴性), what happens when the test does not fit and
// to people not registered (需核实 / 不放行) —, and when editing the state and, for a held terminal, its release. A field
// the server refuses (a terminal id in use: 409 device_taken) is said on that field; a gate changed meanwhile (409
// stale_version) is read again. Mounted only while open.
import { Alert, App, Checkbox, DatePicker, Form, Input, Radio, Select, type ButtonProps } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import {
  createGate, DEFAULT_POLICY, GATE_KINDS, GATES_KEY, listGrids, LOCATION_MAX, NAME_MAX, SAMPLING_HOURS, updateGate, type Effect, type Gate,
} from './api';
import { deviceIdValid, gateBody, type GateValues } from './gates.logic';

type Values = Omit<GateValues, 'signageOn'> & { signageOn?: Dayjs | null; status?: 'active' | 'inactive'; releaseDevice?: boolean };

const isStale = (e: unknown) => isApiError(e) && e.status === 409 && e.code === 'stale_version';

export function GateModal({ gate, onClose }: { gate: Gate | null; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(600);
  const [form] = Form.useForm<Values>();
  const hours = Form.useWatch('samplingHours', form);
  const grids = useQuery({ queryKey: [...GATES_KEY, 'grids'], queryFn: ({ signal }) => listGrids(signal), staleTime: 300_000 });
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = gateBody({ ...v, signageOn: v.signageOn ? v.signageOn.format('YYYY-MM-DD') : null });
      return gate
        ? updateGate(gate.id, { ...body, status: v.status ?? gate.status, version: gate.version, ...(v.releaseDevice ? { releaseDevice: true } : {}) })
        : createGate(body);
    },
    onSuccess: (g) => {
      void queryClient.invalidateQueries({ queryKey: GATES_KEY });
      void message.success(gate ? t('gates.form.saved') : t('gates.form.created', { name: g.name }));
      onClose();
    },
    onError: (e) => {
      if (isStale(e)) void queryClient.invalidateQueries({ queryKey: GATES_KEY });
    },
  });
  const labels = {
    name: t('gates.form.name'), kind: t('gates.form.kind'), gridId: t('gates.form.grid'), location: t('gates.form.location'), deviceId: t('gates.form.deviceId'),
    signageOn: t('gates.form.signageOn'), policy: t('gates.form.samplingHours'), status: t('gates.form.status'),
  };
  const effects = (['review', 'deny'] as const satisfies readonly Effect[]).map((x) => ({ value: x, label: t(`gates.effect.${x}`) }));
  const initial: Values = gate
    ? {
      name: gate.name, kind: gate.kind, gridId: gate.gridId, location: gate.location ?? '', deviceId: gate.deviceId ?? '', signageOn: gate.signageOn ? dayjs(gate.signageOn) : null,
      samplingHours: gate.policy.samplingHours, samplingAction: gate.policy.samplingAction, unknown: gate.policy.unknown, status: gate.status, releaseDevice: false,
    }
    : { kind: 'pedestrian', samplingHours: DEFAULT_POLICY.samplingHours, samplingAction: DEFAULT_POLICY.samplingAction, unknown: DEFAULT_POLICY.unknown, signageOn: null };
  return (
    <Modal
      open
      {...dialogSize}
      title={gate ? t('gates.form.editTitle', { name: gate.name }) : t('gates.form.newTitle')}
      okText={t('gates.form.save')}
      cancelText={t('gates.form.cancel')}
      okButtonProps={{ size, 'data-testid': 'gt-save' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {save.isError && (isStale(save.error)
        ? <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={t('gates.form.stale')} data-testid="gt-stale" />
        : <ErrorAlert error={save.error} form={form} labels={labels} />)}
      <Form<Values> form={form} name="gate" layout="vertical" size={size} initialValues={initial} onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}>
        <Form.Item name="name" label={labels.name} required rules={[{ required: true, whitespace: true, message: t('gates.form.nameEmpty') }]}>
          <Input maxLength={NAME_MAX} placeholder={t('gates.form.namePlaceholder')} data-testid="gt-form-name" />
        </Form.Item>
        <Form.Item name="kind" label={labels.kind}>
          <Radio.Group aria-label={labels.kind} optionType="button" options={GATE_KINDS.map((k) => ({ value: k, label: t(`gates.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="gridId" label={labels.gridId} required rules={[{ required: true, message: t('gates.form.gridEmpty') }]}>
          {grids.isError ? <ErrorAlert error={grids.error} title={t('gates.form.gridsFailed')} onRetry={() => void grids.refetch()} style={{ marginBottom: 0 }} /> : (
            <Select
              loading={grids.isPending}
              placeholder={t('gates.form.gridEmpty')}
              options={(grids.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
              data-testid="gt-form-grid"
            />
          )}
        </Form.Item>
        <Form.Item name="location" label={labels.location}>
          <Input maxLength={LOCATION_MAX} placeholder={t('gates.form.locationPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="deviceId"
          label={labels.deviceId}
          extra={t('gates.form.deviceHelp')}
          rules={[{ validator: async (_: unknown, v: string | undefined) => { if (!deviceIdValid(v)) throw new Error(t('gates.form.deviceFormat')); } }]}
        >
          <Input maxLength={40} autoComplete="off" className="rx-gt-mono" data-testid="gt-form-device" />
        </Form.Item>
        <Form.Item name="signageOn" label={labels.signageOn} extra={t('gates.form.signageHelp')}>
          <DatePicker format="YYYY-MM-DD" disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: 200 }} data-testid="gt-form-signage" />
        </Form.Item>
        <Form.Item name="samplingHours" label={labels.policy}>
          <Select
            style={{ maxWidth: 240 }}
            options={SAMPLING_HOURS.map((h) => ({ value: h, label: h === 0 ? t('gates.form.noRequirement') : t('gates.form.hoursOption', { h }) }))}
            data-testid="gt-form-hours"
          />
        </Form.Item>
        {hours !== 0 && (
          <Form.Item name="samplingAction" label={t('gates.form.samplingAction')}>
            <Radio.Group aria-label={t('gates.form.samplingAction')} options={effects} data-testid="gt-form-sampling-action" />
          </Form.Item>
        )}
        <Form.Item name="unknown" label={t('gates.form.unknown')}>
          <Radio.Group aria-label={t('gates.form.unknown')} options={effects} data-testid="gt-form-unknown" />
        </Form.Item>
        {gate && (
          <Form.Item name="status" label={labels.status}>
            <Radio.Group aria-label={labels.status} options={[{ value: 'active', label: t('gates.form.active') }, { value: 'inactive', label: t('gates.form.inactive') }]} />
          </Form.Item>
        )}
        {gate?.deviceHeldAt && (
          <Form.Item name="releaseDevice" valuePropName="checked">
            <Checkbox data-testid="gt-form-release">{t('gates.form.releaseDevice')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
