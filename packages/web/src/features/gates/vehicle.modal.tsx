// 登记车辆 (gate:manage): the plate (the server reads it, 浙L12345 or a new-energy plate; a wrong one or one registered
// already is said on the field), the kind, an optional owner found by the resident search (as 新建隔离 finds a
// resident: hits masked, with their address), and a note. Mounted only while open.
import { useState } from 'react';
import { App, Form, Input, Radio, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { ResidentPicker as Picker } from '../../lib/resident-picker';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { addVehicle, GATES_KEY, NOTE_MAX, searchResidents, VEHICLE_KINDS, VEHICLES_KEY, type ResidentHit, type VehicleKind } from './api';

type Values = { plate?: string; kind?: VehicleKind; residentId?: string; note?: string };


/** The resident search of the dialog (lib/resident-picker), with this feature's search and words. */
function OwnerPicker(p: { value?: string; onChange?: (id: string | undefined) => void; chosen: ResidentHit | null; onChoose: (h: ResidentHit | null) => void; size: 'large' | 'middle' }) {
  const { t } = useTranslation();
  return <Picker {...p} search={searchResidents} queryKey={[...GATES_KEY, 'owner-search']} testIdPrefix="gt-owner" text={(k, v) => t(`gates.vehicles.${k}`, v)} />;
}

export function VehicleModal({ onClose }: { onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(560);
  const [form] = Form.useForm<Values>();
  const [chosen, setChosen] = useState<ResidentHit | null>(null);
  const save = useMutation({
    mutationFn: (v: Values) => addVehicle({
      plate: (v.plate ?? '').trim(), kind: v.kind ?? 'resident', ...(v.residentId ? { residentId: v.residentId } : {}), ...(v.note?.trim() ? { note: v.note.trim() } : {}),
    }),
    onSuccess: (x) => {
      void queryClient.invalidateQueries({ queryKey: VEHICLES_KEY });
      void message.success(t('gates.vehicles.added', { plate: x.plateMasked }));
      onClose();
    },
  });
  const labels = { plate: t('gates.vehicles.plate'), kind: t('gates.vehicles.kind'), residentId: t('gates.vehicles.owner'), note: t('gates.vehicles.note') };
  return (
    <Modal
      open
      {...dialogSize}
      title={t('gates.vehicles.add')}
      okText={t('gates.form.save')}
      cancelText={t('gates.form.cancel')}
      okButtonProps={{ size, 'data-testid': 'gt-vehicle-save' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<Values> form={form} name="gateVehicle" layout="vertical" size={size} initialValues={{ kind: 'resident' }} onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}>
        <Form.Item name="plate" label={labels.plate} required extra={t('gates.vehicles.plateHelp')} rules={[{ required: true, whitespace: true, message: t('gates.vehicles.plateEmpty') }]}>
          <Input maxLength={12} autoComplete="off" placeholder={t('gates.vehicles.platePlaceholder')} className="rx-gt-mono" style={{ maxWidth: 240 }} data-testid="gt-vehicle-plate" />
        </Form.Item>
        <Form.Item name="kind" label={labels.kind}>
          <Radio.Group aria-label={labels.kind} options={VEHICLE_KINDS.map((k) => ({ value: k, label: t(`gates.vehicleKinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="residentId" label={labels.residentId} htmlFor="gt-owner-search" extra={t('gates.vehicles.ownerHelp')}>
          <OwnerPicker chosen={chosen} onChoose={setChosen} size={size} />
        </Form.Item>
        <Form.Item name="note" label={labels.note} style={{ marginBottom: 0 }}>
          <Input maxLength={NOTE_MAX} placeholder={t('gates.vehicles.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
