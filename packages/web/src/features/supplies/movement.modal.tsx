// 入库 / 接收捐赠 / 出库 / 盘点 (supply:manage): the item, the quantity (for 盘点 the quantity counted), who it is with —
// the donor of a donation and whom an issue went to are required — and a note. Mounted only while open; on success
// the warehouse's card shows the new stock from the answer, and the warehouses and the ledger are read again. An issue
// the shelf cannot cover (409 insufficient_stock) is said on the quantity field.
import { useRef } from 'react';
import { App, Form, Input, InputNumber, Select, Typography, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useMutation } from '../../lib/single-flight';
import { MOVEMENTS_KEY, NOTE_MAX, PARTY_MAX, QUANTITY_MAX, recordMovement, WAREHOUSES_KEY, type Item, type MovementKind, type Warehouse } from './api';
import { availableOf, movementBody, partyRule, quantityValid, SubmissionKeys, textProblem, withStock, type MovementValues } from './supplies.logic';
import { problemText, useDialogSize } from './shared';

export function MovementModal({ warehouse, kind, items, itemsLoading, onClose }: {
  warehouse: Warehouse; kind: MovementKind; items: Item[]; itemsLoading: boolean; onClose: () => void;
}) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize();
  const [form] = Form.useForm<MovementValues>();
  const keys = useRef(new SubmissionKeys());
  const itemId = Form.useWatch('itemId', form);
  const chosen = items.find((i) => i.id === itemId);
  const onShelf = availableOf([warehouse], warehouse.id, itemId);
  const rule = partyRule(kind);
  const kindText = t(`supplies.kinds.${kind}`);
  const save = useMutation({
    mutationFn: (v: MovementValues) => {
      const r = movementBody(kind, v);
      if (!r.ok) throw new Error(r.field);
      return recordMovement(warehouse.id, r.body, keys.current.for(r.body));
    },
    onSuccess: (saved) => {
      keys.current.done();
      const item = items.find((i) => i.id === saved.movement.itemId);
      void message.success(t('supplies.movement.saved', {
        kind: kindText, item: saved.movement.itemName, n: formatCount(saved.quantity, i18n.language), unit: saved.movement.unit,
      }));
      queryClient.setQueryData<{ items: Warehouse[] }>(WAREHOUSES_KEY, (old) => old && {
        items: withStock(old.items, warehouse.id, {
          itemId: saved.movement.itemId, name: saved.movement.itemName, unit: saved.movement.unit, category: item?.category ?? 'other',
        }, saved.quantity),
      });
      void queryClient.invalidateQueries({ queryKey: WAREHOUSES_KEY });
      void queryClient.invalidateQueries({ queryKey: [...MOVEMENTS_KEY, warehouse.id] });
      onClose();
    },
  });
  const quantityLabel = kind === 'adjust' ? t('supplies.movement.counted') : t('supplies.movement.quantity');
  const partyLabel = rule === 'none' ? '' : t(`supplies.movement.party.${kind as 'receipt' | 'donation' | 'issue'}`);
  const labels = { itemId: t('supplies.movement.item'), quantity: quantityLabel, party: partyLabel, note: t('supplies.movement.note') };
  const min = kind === 'adjust' ? 0 : 1;
  return (
    <Modal
      open
      {...dialogSize}
      title={t('supplies.movement.title', { kind: kindText, warehouse: warehouse.name })}
      okText={t('supplies.movement.submit')}
      cancelText={t('supplies.movement.cancel')}
      okButtonProps={{ size, 'data-testid': 'sup-move-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      className="rx-sup-modal"
    >
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<MovementValues>
        form={form}
        name="supplyMovement"
        layout="vertical"
        size={size}
        onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}
      >
        <Form.Item name="itemId" label={labels.itemId} required rules={[{ required: true, message: t('supplies.movement.itemEmpty') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={itemsLoading}
            placeholder={t('supplies.movement.itemPlaceholder')}
            options={items.map((i) => ({ value: i.id, label: `${i.name}（${i.unit}）` }))}
            data-testid="sup-move-item"
          />
        </Form.Item>
        {chosen && (
          <Typography.Paragraph type="secondary" style={{ marginTop: -12 }} data-testid="sup-move-onshelf">
            {t('supplies.movement.onShelf', { n: formatCount(onShelf, i18n.language), unit: chosen.unit })}
          </Typography.Paragraph>
        )}
        <Form.Item
          name="quantity"
          label={labels.quantity}
          required
          extra={kind === 'adjust' ? t('supplies.movement.countedHelp') : undefined}
          rules={[{ validator: async (_, v: number | null | undefined) => { if (!quantityValid(kind, v)) throw new Error(t('supplies.movement.quantityRange', { min })); } }]}
        >
          <InputNumber min={min} max={QUANTITY_MAX} precision={0} suffix={chosen?.unit} style={{ width: 200 }} inputMode="numeric" />
        </Form.Item>
        {rule !== 'none' && (
          <Form.Item
            name="party"
            label={labels.party}
            required={rule === 'required'}
            extra={t('supplies.movement.partyHelp')}
            rules={[{
              validator: async (_, v: string | undefined) => {
                const p = textProblem(v, rule === 'required', PARTY_MAX);
                if (p) throw new Error(problemText(p, t, PARTY_MAX, partyLabel));
              },
            }]}
          >
            <Input maxLength={PARTY_MAX} placeholder={t(`supplies.movement.partyPlaceholder.${kind as 'receipt' | 'donation' | 'issue'}`)} />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={labels.note}
          style={{ marginBottom: 24 }}
          rules={[{ validator: async (_, v: string | undefined) => { const p = textProblem(v, false, NOTE_MAX); if (p) throw new Error(problemText(p, t)); } }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} showCount maxLength={NOTE_MAX} placeholder={t('supplies.movement.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
