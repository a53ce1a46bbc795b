// 登记车辆 (gate:manage): the plate (the server reads it, 浙L12345 or a new-energy plate; a wrong one or one registered
// already is said on the field), the kind, an optional owner found by the resident search (as 新建隔离 finds a
// resident: hits masked, with their address), and a note. Mounted only while open.
import { useState } from 'react';
import { App, Button, Empty, Form, Input, Radio, Space, Spin, Typography, type ButtonProps } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { addVehicle, GATES_KEY, NOTE_MAX, searchResidents, VEHICLE_KINDS, VEHICLES_KEY, type ResidentHit, type VehicleKind } from './api';

type Values = { plate?: string; kind?: VehicleKind; residentId?: string; note?: string };

const hitAddress = (h: ResidentHit): string | null => (h.access === 'full' ? h.address : null);

/** The resident search and its hits; the chosen one replaces them (重新选择 brings the search back). */
function OwnerPicker({ value, onChange, chosen, onChoose, size }: {
  value?: string; onChange?: (id: string | undefined) => void; chosen: ResidentHit | null; onChoose: (h: ResidentHit | null) => void; size: 'large' | 'middle';
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [empty, setEmpty] = useState(false);
  const hits = useQuery({
    queryKey: [...GATES_KEY, 'owner-search', search], queryFn: ({ signal }) => searchResidents(search, signal), enabled: search.length > 0, staleTime: 30_000,
  });
  const run = () => {
    const text = q.trim();
    setEmpty(!text);
    if (text) setSearch(text);
  };
  if (value && chosen) {
    return (
      <div className="rx-gt-chosen" data-testid="gt-owner-chosen">
        <strong>{t('gates.vehicles.chosen', { name: chosen.nameMasked })}</strong>
        <span className="rx-gt-quiet">{hitAddress(chosen) ?? t('gates.vehicles.restricted')}</span>
        <Button type="link" size={size} style={{ paddingInline: 0 }} onClick={() => { onChoose(null); onChange?.(undefined); }}>{t('gates.vehicles.change')}</Button>
      </div>
    );
  }
  const items = hits.data?.items ?? [];
  return (
    <div>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          id="gt-owner-search"
          aria-label={t('gates.vehicles.search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onPressEnter={(e) => { e.preventDefault(); run(); }}
          placeholder={t('gates.vehicles.searchPlaceholder')}
          maxLength={40}
          size={size}
          data-testid="gt-owner-search"
        />
        <Button icon={<SearchOutlined />} onClick={run} size={size} data-testid="gt-owner-search-button">{t('gates.vehicles.searchButton')}</Button>
      </Space.Compact>
      {empty && <Typography.Text type="danger">{t('gates.vehicles.searchEmpty')}</Typography.Text>}
      {hits.isError && <ErrorAlert error={hits.error} onRetry={() => void hits.refetch()} style={{ marginTop: 8, marginBottom: 0 }} />}
      {search && hits.isFetching && <div style={{ marginTop: 8 }}><Spin size="small" /> {t('gates.vehicles.searching')}</div>}
      {search && hits.isSuccess && !hits.isFetching && items.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('gates.vehicles.noHits')} style={{ margin: '8px 0' }} />
      )}
      {items.length > 0 && !hits.isFetching && (
        <ul className="rx-gt-hits" data-testid="gt-owner-hits">
          {items.map((h) => (
            <li key={h.id}>
              <button type="button" className="rx-gt-hit" aria-label={t('gates.vehicles.pick', { name: h.nameMasked })} onClick={() => { onChoose(h); onChange?.(h.id); }} data-testid="gt-owner-hit">
                <strong>{h.nameMasked}</strong>
                <span className="rx-gt-quiet">{hitAddress(h) ?? t('gates.vehicles.restricted')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
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
