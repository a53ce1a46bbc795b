// 新增物资品类 (supply:manage): a name and its unit (unique together) and the category. Mounted only while open; the same
// name and unit again (409 duplicate) is said on the name field.
import { App, Form, Input, Select, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { createItem, ITEM_CATEGORIES, ITEM_NAME_MAX, ITEMS_KEY, UNIT_MAX, type ItemCategory } from './api';
import { textProblem } from './supplies.logic';
import { problemText, useDialogSize } from './shared';

type Values = { name?: string; unit?: string; category?: ItemCategory };

export function ItemModal({ onClose }: { onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(480);
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) => createItem({ name: (v.name ?? '').trim(), unit: (v.unit ?? '').trim(), category: v.category ?? 'other' }),
    onSuccess: (item) => {
      void message.success(t('supplies.item.saved', { name: item.name, unit: item.unit }));
      void queryClient.invalidateQueries({ queryKey: ITEMS_KEY });
      onClose();
    },
  });
  const labels = { name: t('supplies.item.name'), unit: t('supplies.item.unit'), category: t('supplies.item.category') };
  const rule = (max: number) => [{
    validator: async (_: unknown, v: string | undefined) => { const p = textProblem(v, true, max); if (p) throw new Error(problemText(p, t, max)); },
  }];
  return (
    <Modal
      open
      {...dialogSize}
      title={t('supplies.item.title')}
      okText={t('supplies.item.submit')}
      cancelText={t('supplies.item.cancel')}
      okButtonProps={{ size, 'data-testid': 'sup-item-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<Values> form={form} name="supplyItem" layout="vertical" size={size} initialValues={{ category: 'food' }} onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}>
        <Form.Item name="name" label={labels.name} required rules={rule(ITEM_NAME_MAX)}>
          <Input maxLength={ITEM_NAME_MAX} showCount placeholder={t('supplies.item.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="unit" label={labels.unit} required rules={rule(UNIT_MAX)}>
          <Input maxLength={UNIT_MAX} placeholder={t('supplies.item.unitPlaceholder')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="category" label={labels.category} required style={{ marginBottom: 8 }}>
          <Select options={ITEM_CATEGORIES.map((c) => ({ value: c, label: t(`supplies.categories.${c}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
