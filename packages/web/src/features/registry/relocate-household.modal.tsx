import { useState } from 'react';
import { Alert, type ButtonProps, Form, Input, Typography } from 'antd';
import { Modal, useConfirm } from '../../lib/dialog';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import type { Household } from './api';
import { HouseholdPicker } from './household-picker';
import type { HouseholdRelocation } from './relocate.logic';
import { useVersionedCommand } from './use-versioned-command';
import { useFocusReturn } from '../../lib/dialog-focus';

/** POST /api/households/:id/relocate (server: registry.service.ts relocateHousehold). */
export function relocateHousehold(id: string, body: { version: number; toHouseholdId: string; reason: string }): Promise<HouseholdRelocation> {
  return request(`/api/households/${encodeURIComponent(id)}/relocate`, { method: 'POST', body });
}

type Values = { toHouseholdId?: string; reason: string };

/**
 * "整户迁移": every active member moves to the chosen household (room) in one step, with a move record each; the form
 * asks for the room and the reason, then for a confirmation. `onMoved` gets the server's answer (the page goes to the
 * target household and says what happened).
 */
export function RelocateHouseholdModal({ household, onClose, onChanged, onMoved }: {
  household: Household; onClose: () => void; onChanged: () => void; onMoved: (r: HouseholdRelocation) => void;
}) {
  useFocusReturn();
  const { t } = useTranslation();
  const ask = useConfirm();
  const [form] = Form.useForm<Values>();
  const n = household.members.length;
  const [targetLabel, setTargetLabel] = useState<string>();

  const move = useVersionedCommand({
    form,
    fields: ['toHouseholdId', 'reason'],
    send: (v: Values) => relocateHousehold(household.id, { version: household.version, toHouseholdId: v.toHouseholdId!, reason: v.reason.trim() }),
    doneText: t('relocate.done'),
    staleText: t('relocate.stale'),
    onDone: onMoved,
    onChanged,
    onClose,
  });

  const confirm = (v: Values) =>
    void ask({
      title: t('relocate.confirm', { n }),
      content: t('relocate.confirmPath', { from: household.address, to: targetLabel ?? '' }),
      okText: t('relocate.submit'),
      okButtonProps: { 'data-testid': 'relocate-confirm' } as ButtonProps,
      cancelText: t('relocate.cancel'),
      onOk: () => move.submit(v),
    });

  return (
    <Modal
      open
      title={t('relocate.title')}
      onCancel={onClose}
      okText={t('relocate.submit')}
      cancelText={t('relocate.cancel')}
      okButtonProps={{ loading: move.pending, 'data-testid': 'relocate-submit' } as ButtonProps}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>{household.address}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('relocate.hint', { n })}</Typography.Paragraph>
      {move.alert && <Alert type={move.alert.type} showIcon role="alert" title={move.alert.title} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={confirm}>
        <Form.Item
          name="toHouseholdId"
          label={t('relocate.target')}
          extra={t('relocate.targetHint')}
          rules={[{ required: true, message: t('relocate.targetRequired') }]}
        >
          <HouseholdPicker excludeId={household.id} onLabel={setTargetLabel} />
        </Form.Item>
        <Form.Item name="reason" label={t('relocate.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('relocate.reasonRequired') }]}>
          <Input.TextArea rows={2} maxLength={200} placeholder={t('relocate.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
