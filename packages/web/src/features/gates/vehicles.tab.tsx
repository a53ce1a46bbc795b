// 车辆 (gate:operate): the community's registered vehicles — masked plate, kind, owner (masked), note. gate:manage adds
// 登记车辆 (vehicle.modal.tsx) and 删除 (confirmed; the gates then read the plate as 未登记车辆).
import { useState } from 'react';
import { App, Button, Empty, Skeleton, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { Popconfirm } from '../../lib/dialog';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { listVehicles, removeVehicle, VEHICLES_KEY, type Vehicle } from './api';
import { VehicleModal } from './vehicle.modal';

export function VehiclesTab({ manage }: { manage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: VEHICLES_KEY, queryFn: ({ signal }) => listVehicles(signal) });
  const [adding, setAdding] = useState(false);
  const remove = useMutation({
    mutationFn: (v: Pick<Vehicle, 'id' | 'version'>) => removeVehicle(v),
    onSuccess: () => void message.success(t('gates.vehicles.removed')),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: VEHICLES_KEY }),
  });
  return (
    <div data-testid="gt-vehicles">
      {manage && (
        <Button type="primary" size={isMobile ? 'large' : 'middle'} icon={<PlusOutlined />} onClick={() => setAdding(true)} style={{ marginBottom: 16 }} data-testid="gt-add-vehicle">
          {t('gates.vehicles.add')}
        </Button>
      )}
      {remove.isError && <ErrorAlert error={remove.error} />}
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : q.data.items.length === 0 ? (
        <Empty description={t('gates.vehicles.empty')} />
      ) : (
        <ul className="rx-card-list rx-gt-cards">
          {q.data.items.map((c) => (
            <li key={c.id} className="rx-card" data-testid="gt-vehicle" data-id={c.id}>
              <div className="rx-gt-row">
                <strong className="rx-gt-plate" data-testid="gt-plate">{c.plateMasked}</strong>
                <span className="rx-gt-kind">{t(`gates.vehicleKinds.${c.kind}`)}</span>
              </div>
              {c.residentNameMasked && <div>{t('gates.vehicles.ownerOf', { name: c.residentNameMasked })}</div>}
              {c.note && <Typography.Text type="secondary">{c.note}</Typography.Text>}
              {manage && (
                <div className="rx-card-actions">
                  <Popconfirm
                    title={t('gates.vehicles.removeConfirm')}
                    okText={t('gates.vehicles.remove')}
                    cancelText={t('gates.form.cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => remove.mutateAsync(c).catch(() => undefined)}
                  >
                    <Button danger icon={<DeleteOutlined />} aria-label={`${t('gates.vehicles.remove')} ${c.plateMasked}`} data-testid="gt-vehicle-remove">{t('gates.vehicles.remove')}</Button>
                  </Popconfirm>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {adding && <VehicleModal onClose={() => setAdding(false)} />}
    </div>
  );
}
