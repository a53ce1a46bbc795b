// The plan editor (plan:manage; ADR 0089): title, hazard, roles and steps as lines — a new plan, or a draft revision.
import { App, Form, Input, Select } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { createPlan, PLAN_HAZARDS, PLANS_KEY, TITLE_MAX, updatePlan, type Plan, type PlanHazard } from './api';
import { parseRoles, parseSteps, rolesText, stepsText } from './plans.logic';

type Values = { title?: string; hazard?: PlanHazard; roles?: string; steps?: string };

export function PlanEditor({ plan, onClose }: { plan?: Plan; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = { title: (v.title ?? '').trim(), hazard: v.hazard ?? 'epidemic', roles: parseRoles(v.roles ?? '', plan?.roles), steps: parseSteps(v.steps ?? '') };
      return plan ? updatePlan(plan.id, { ...body, version: plan.version }) : createPlan(body);
    },
    onSuccess: (saved) => {
      void message.success(t('plans.editor.saved'));
      void qc.invalidateQueries({ queryKey: PLANS_KEY });
      onClose();
      if (!plan) void navigate(`/plans/${saved.id}`);
    },
  });
  const submit = () => void form.validateFields().then((v) => save.mutateAsync(v)).catch(() => undefined);
  return (
    <Modal open width={720} title={plan ? t('plans.editor.editTitle', { n: plan.revision }) : t('plans.editor.newTitle')} onCancel={onClose} destroyOnHidden
      okButtonProps={{ loading: save.isPending, 'data-testid': 'plan-editor-ok' } as never} onOk={submit}>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={{ title: t('plans.editor.name'), hazard: t('plans.editor.hazard'), roles: t('plans.editor.roles'), steps: t('plans.editor.steps') }} />}
      <Form form={form} layout="vertical" initialValues={{
        title: plan?.title ?? '', hazard: plan?.hazard ?? 'epidemic', roles: plan ? rolesText(plan.roles) : '', steps: plan ? stepsText(plan.steps) : '',
      }}>
        <Form.Item name="title" label={t('plans.editor.name')} rules={[{ required: true, whitespace: true, message: t('plans.editor.required') }, { min: 2, max: TITLE_MAX }]}>
          <Input maxLength={TITLE_MAX} data-testid="plan-title-input" />
        </Form.Item>
        <Form.Item name="hazard" label={t('plans.editor.hazard')} rules={[{ required: true }]}>
          <Select options={PLAN_HAZARDS.map((h) => ({ value: h, label: t(`plans.hazards.${h}`) }))} />
        </Form.Item>
        <Form.Item name="roles" label={t('plans.editor.roles')} extra={t('plans.editor.hint')}>
          <Input.TextArea rows={5} data-testid="plan-roles-input" />
        </Form.Item>
        <Form.Item name="steps" label={t('plans.editor.steps')}>
          <Input.TextArea rows={8} data-testid="plan-steps-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
