import { Alert, Form, Select, Typography } from 'antd';
import { Modal } from '../../lib/dialog';
import { useTranslation } from 'react-i18next';
import { request } from '../../api/client';
import type { Household } from './api';
import { headCandidates, headConflict } from './household-head.logic';
import { useVersionedCommand } from './use-versioned-command';
import { useFocusReturn } from '../../lib/dialog-focus';

/** POST /api/households/:id/head (server: registry.service.ts setHouseholdHead). */
export function setHouseholdHead(id: string, body: { version: number; residentId: string }): Promise<{ id: string; headResidentId: string; version: number }> {
  return request(`/api/households/${encodeURIComponent(id)}/head`, { method: 'POST', body });
}

export { headCandidates } from './household-head.logic';

type Values = { residentId?: string };

/** "指定户主": after the head moved out or died, or when the family names another adult. */
export function HouseholdHeadModal({ household, onClose, onChanged }: { household: Household; onClose: () => void; onChanged: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const candidates = headCandidates(household);

  const save = useVersionedCommand({
    form,
    fields: ['residentId'],
    send: (v: Values) => setHouseholdHead(household.id, { version: household.version, residentId: v.residentId! }),
    doneText: t('householdHead.done'),
    staleText: t('householdHead.stale'),
    onChanged,
    onClose,
  });

  return (
    <Modal
      open
      title={t('householdHead.title')}
      onCancel={onClose}
      okText={t('householdHead.submit')}
      cancelText={t('householdHead.cancel')}
      okButtonProps={{ loading: save.pending, disabled: candidates.length === 0 }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>{household.address}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('householdHead.hint')}</Typography.Paragraph>
      {headConflict(household) && <Alert type="warning" showIcon title={t('householdHead.conflict')} style={{ marginBottom: 12 }} data-testid="head-conflict" />}
      {save.alert && <Alert type={save.alert.type} showIcon role="alert" title={save.alert.title} style={{ marginBottom: 12 }} />}
      {candidates.length === 0 ? (
        <Alert type="info" showIcon title={t('householdHead.noCandidates')} />
      ) : (
        <Form<Values> form={form} layout="vertical" onFinish={(v) => save.submit(v)}>
          <Form.Item name="residentId" label={t('householdHead.member')} rules={[{ required: true, message: t('householdHead.memberRequired') }]}>
            <Select
              options={candidates.map((c) => ({ value: c.id, label: t('householdHead.option', { name: c.nameMasked, age: c.age }) }))}
              placeholder={t('householdHead.memberPlaceholder')}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
