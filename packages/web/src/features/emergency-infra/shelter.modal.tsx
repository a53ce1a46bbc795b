// 新增避难场所 / 编辑 (shelter:manage): name, kind, address, capacity, area, facilities, status and the inspection
// interval. A change is sent against the version the admin saw — someone else's change meanwhile (409 stale_version) is
// said, the list read again and the form filled with the new values. A field the server refuses (a duplicate name, a
// number in the address) is named on that field. Mounted only while open.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Checkbox, Form, Input, InputNumber, Radio, Select, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import {
  ADDRESS_MAX, AREA_MAX, CAPACITY_MAX, CAPACITY_MIN, createShelter, DEFAULT_INTERVAL_DAYS, INTERVAL_DAYS_MAX, INTERVAL_DAYS_MIN, NAME_MAX, SHELTER_FACILITIES,
  SHELTER_KINDS, SHELTER_STATUSES, SHELTERS_KEY, updateShelter, type Shelter, type ShelterFacility, type ShelterKind, type ShelterStatus,
} from './api';
import { capacityValid, intervalDaysValid, shelterBody, SubmissionKeys, textProblem } from './emergency-infra.logic';
import { conflictText, isConflict, useDialogSize } from './shared';

type Values = {
  name?: string; kind?: ShelterKind; address?: string; capacity?: number | null; areaM2?: number | null;
  facilities?: ShelterFacility[]; status?: ShelterStatus; intervalDays?: number | null;
};

const valuesOf = (s: Shelter | null): Values => (s
  ? { name: s.name, kind: s.kind, address: s.address, capacity: s.capacity, areaM2: s.areaM2, facilities: s.facilities, status: s.status, intervalDays: s.intervalDays }
  : { facilities: [], status: 'standby', intervalDays: DEFAULT_INTERVAL_DAYS });

export function ShelterModal({ shelter, onClose }: {
  /** The shelter as the list shows it now (refreshed after a conflict); null to add one. */
  shelter: Shelter | null;
  onClose: () => void;
}) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize();
  const [form] = Form.useForm<Values>();
  const keys = useRef(new SubmissionKeys());
  const creating = shelter === null;
  const [conflict, setConflict] = useState<unknown>(null);
  // Someone else changed it: the form shows the new values (the admin checks them and saves again).
  useEffect(() => {
    if (shelter) form.setFieldsValue(valuesOf(shelter));
  }, [form, shelter, shelter?.version]);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const body = shelterBody({
        name: v.name ?? '', kind: v.kind!, address: v.address ?? '', capacity: v.capacity!, areaM2: v.areaM2 ?? null,
        facilities: v.facilities ?? [], status: v.status!, intervalDays: v.intervalDays!,
      });
      if (shelter === null) return createShelter(body, keys.current.for(body));
      return updateShelter(shelter.id, { ...body, version: shelter.version });
    },
    onMutate: () => setConflict(null),
    onSuccess: (saved) => {
      keys.current.done();
      void message.success(t(creating ? 'emergencyInfra.shelters.form.created' : 'emergencyInfra.shelters.form.updated', { name: saved.name }));
      void queryClient.invalidateQueries({ queryKey: SHELTERS_KEY });
      onClose();
    },
    onError: (e) => {
      if (!isConflict(e) || !(e as { code?: string }).code?.startsWith('stale')) return;
      setConflict(e);
      void queryClient.invalidateQueries({ queryKey: SHELTERS_KEY });
    },
  });
  const labels = {
    name: t('emergencyInfra.shelters.form.name'), kind: t('emergencyInfra.shelters.form.kind'), address: t('emergencyInfra.shelters.form.address'),
    capacity: t('emergencyInfra.shelters.form.capacity'), areaM2: t('emergencyInfra.shelters.form.area'), facilities: t('emergencyInfra.shelters.form.facilities'),
    status: t('emergencyInfra.shelters.form.status'), intervalDays: t('emergencyInfra.shelters.form.interval'),
  };
  const noNumbers = (emptyKey: 'emergencyInfra.shelters.form.addressEmpty', max: number) => ({
    validator: async (_: unknown, v: string | undefined) => {
      const p = textProblem(v, true, max);
      if (p) throw new Error(p === 'empty' ? t(emptyKey) : t(`emergencyInfra.problems.${p}`, { max }));
    },
  });
  return (
    <Modal
      open
      {...dialogSize}
      title={shelter === null ? t('emergencyInfra.shelters.form.createTitle') : t('emergencyInfra.shelters.form.editTitle', { name: shelter.name })}
      okText={t('emergencyInfra.shelters.form.submit')}
      cancelText={t('emergencyInfra.shelters.form.cancel')}
      okButtonProps={{ size, 'data-testid': 'sh-form-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      className="rx-ei-modal"
    >
      {conflict !== null ? (
        <Alert type="warning" showIcon role="alert" style={{ marginBottom: 12 }} title={conflictText(conflict, t, i18n.language, 'emergencyInfra.shelters.form.stale')} data-testid="sh-form-conflict" />
      ) : save.isError ? (
        <ErrorAlert error={save.error} form={form} labels={labels} />
      ) : null}
      <Form<Values>
        form={form}
        name="shelterForm"
        layout="vertical"
        initialValues={valuesOf(shelter)}
        onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}
      >
        <Form.Item name="name" label={labels.name} required rules={[{ validator: async (_, v: string | undefined) => {
          const s = (v ?? '').trim();
          if (!s) throw new Error(t('emergencyInfra.shelters.form.nameEmpty'));
          if (s.length > NAME_MAX) throw new Error(t('emergencyInfra.problems.too_long', { max: NAME_MAX }));
        } }]}>
          <Input size={size} maxLength={NAME_MAX} showCount placeholder={t('emergencyInfra.shelters.form.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="kind" label={labels.kind} required rules={[{ required: true, message: t('emergencyInfra.shelters.form.kindEmpty') }]}>
          <Select
            size={size}
            data-testid="sh-form-kind"
            placeholder={t('emergencyInfra.shelters.form.kindPlaceholder')}
            options={SHELTER_KINDS.map((k) => ({ value: k, label: t(`emergencyInfra.shelters.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="address" label={labels.address} required rules={[noNumbers('emergencyInfra.shelters.form.addressEmpty', ADDRESS_MAX)]}>
          <Input size={size} maxLength={ADDRESS_MAX} showCount placeholder={t('emergencyInfra.shelters.form.addressPlaceholder')} />
        </Form.Item>
        <div className="rx-ei-form-row">
          <Form.Item
            name="capacity"
            label={labels.capacity}
            extra={t('emergencyInfra.shelters.form.capacityHelp')}
            required
            rules={[{ validator: async (_, v: number | null | undefined) => { if (!capacityValid(v)) throw new Error(t('emergencyInfra.shelters.form.capacityRange')); } }]}
          >
            <InputNumber size={size} min={CAPACITY_MIN} max={CAPACITY_MAX} precision={0} suffix={t('emergencyInfra.shelters.form.people')} style={{ width: '100%' }} inputMode="numeric" />
          </Form.Item>
          <Form.Item
            name="areaM2"
            label={labels.areaM2}
            rules={[{ validator: async (_, v: number | null | undefined) => {
              if (v !== null && v !== undefined && !(Number.isInteger(v) && v >= 1 && v <= AREA_MAX)) throw new Error(t('emergencyInfra.shelters.form.areaRange'));
            } }]}
          >
            <InputNumber size={size} min={1} max={AREA_MAX} precision={0} suffix={t('emergencyInfra.shelters.form.areaUnit')} style={{ width: '100%' }} inputMode="numeric" />
          </Form.Item>
        </div>
        <Form.Item name="facilities" label={labels.facilities}>
          <Checkbox.Group
            className="rx-ei-facilities"
            options={SHELTER_FACILITIES.map((f) => ({ value: f, label: t(`emergencyInfra.shelters.facilities.${f}`) }))}
          />
        </Form.Item>
        <Form.Item name="status" label={labels.status} required rules={[{ required: true }]}>
          <Radio.Group
            aria-label={labels.status}
            optionType="button"
            buttonStyle="solid"
            size={size}
            options={SHELTER_STATUSES.map((s) => ({ value: s, label: t(`emergencyInfra.shelters.statuses.${s}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="intervalDays"
          label={labels.intervalDays}
          extra={t('emergencyInfra.shelters.form.intervalHelp')}
          required
          style={{ marginBottom: 0 }}
          rules={[{ validator: async (_, v: number | null | undefined) => { if (!intervalDaysValid(v)) throw new Error(t('emergencyInfra.shelters.form.intervalRange')); } }]}
        >
          <InputNumber size={size} min={INTERVAL_DAYS_MIN} max={INTERVAL_DAYS_MAX} precision={0} suffix={t('emergencyInfra.shelters.form.days')} style={{ width: 180 }} inputMode="numeric" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
