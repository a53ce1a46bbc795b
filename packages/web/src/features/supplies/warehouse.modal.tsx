// 新建储备点 (supply:manage): a name (unique in the org) and where it is. The warehouse belongs to the caller's street or
// community. Mounted only while open; a name already used (409 duplicate) is said on the name field.
import { App, Form, Input, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { ADDRESS_MAX, createWarehouse, WAREHOUSE_NAME_MAX, WAREHOUSES_KEY } from './api';
import { textProblem } from './supplies.logic';
import { problemText, useDialogSize } from './shared';

type Values = { name?: string; address?: string };

export function WarehouseModal({ onClose }: { onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(480);
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) => createWarehouse({ name: (v.name ?? '').trim(), address: (v.address ?? '').trim() }),
    onSuccess: (w) => {
      void message.success(t('supplies.warehouse.saved', { name: w.name }));
      void queryClient.invalidateQueries({ queryKey: WAREHOUSES_KEY });
      onClose();
    },
  });
  const labels = { name: t('supplies.warehouse.name'), address: t('supplies.warehouse.address') };
  const rule = (max: number) => [{
    validator: async (_: unknown, v: string | undefined) => { const p = textProblem(v, true, max); if (p) throw new Error(problemText(p, t, max)); },
  }];
  return (
    <Modal
      open
      {...dialogSize}
      title={t('supplies.warehouse.title')}
      okText={t('supplies.warehouse.submit')}
      cancelText={t('supplies.warehouse.cancel')}
      okButtonProps={{ size, 'data-testid': 'sup-warehouse-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<Values> form={form} name="supplyWarehouse" layout="vertical" size={size} onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}>
        <Form.Item name="name" label={labels.name} required rules={rule(WAREHOUSE_NAME_MAX)}>
          <Input maxLength={WAREHOUSE_NAME_MAX} showCount placeholder={t('supplies.warehouse.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="address" label={labels.address} required rules={rule(ADDRESS_MAX)} style={{ marginBottom: 8 }}>
          <Input maxLength={ADDRESS_MAX} showCount placeholder={t('supplies.warehouse.addressPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
