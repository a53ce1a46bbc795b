// 已整改: what was done about a patrol's problems (required, ≤ 200 characters, no ID or mobile numbers), against the
// patrol's version. Someone else's resolution meanwhile (409 already_resolved or stale) is said, and the history and
// the board are read again. Mounted only while open.
import { Alert, App, Form, Input, Typography, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { CHECKS, CONTROL_POINTS_KEY, NOTE_MAX, resolvePatrol, type PatrolView, type PointView } from './api';
import { textProblem } from './control-points.logic';
import { at, checksText, isConflict, useDialogSize } from './shared';

type ResolveValues = { resolution?: string };

export function ResolveModal({ point, patrol, onClose }: { point: PointView & { pointId: string }; patrol: PatrolView; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(480);
  const [form] = Form.useForm<ResolveValues>();
  const save = useMutation({
    mutationFn: (v: ResolveValues) => resolvePatrol(point.pointId, patrol.id, { resolution: (v.resolution ?? '').trim(), version: patrol.version }),
    onSuccess: () => {
      void message.success(t('controlPoint.resolve.saved'));
      void queryClient.invalidateQueries({ queryKey: CONTROL_POINTS_KEY });
      onClose();
    },
    onError: (e) => {
      if (isConflict(e)) void queryClient.invalidateQueries({ queryKey: CONTROL_POINTS_KEY });
    },
  });
  const conflict = isConflict(save.error);
  const problems = CHECKS.filter((c) => patrol.problems.includes(c) || patrol.checks[c] === 'problem');
  const labels = { resolution: t('controlPoint.resolve.resolution') };
  return (
    <Modal
      open
      {...dialogSize}
      title={t('controlPoint.resolve.title', { name: point.compoundName })}
      okText={t('controlPoint.resolve.submit')}
      cancelText={t('controlPoint.resolve.cancel')}
      okButtonProps={{ size, disabled: conflict, 'data-testid': 'cp-resolve-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      className="rx-cp-modal"
    >
      <Typography.Paragraph style={{ marginBottom: 4 }}>{t('controlPoint.resolve.problems', { checks: checksText(problems, t, i18n.language) })}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('controlPoint.resolve.found', { at: at(patrol.patrolledAt), who: patrol.patrolledBy.name })}</Typography.Paragraph>
      {conflict ? (
        <Alert type="warning" showIcon role="alert" style={{ marginBottom: 12 }} title={t('controlPoint.resolve.conflict')} data-testid="cp-resolve-conflict" />
      ) : save.isError ? (
        <ErrorAlert error={save.error} form={form} labels={labels} />
      ) : null}
      <Form<ResolveValues> form={form} name="controlPointResolve" layout="vertical" onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}>
        <Form.Item
          name="resolution"
          label={labels.resolution}
          required
          style={{ marginBottom: 16 }}
          rules={[{
            validator: async (_, v: string | undefined) => {
              const p = textProblem(v, true);
              if (p) throw new Error(t(`controlPoint.problems.${p}`, { max: NOTE_MAX }));
            },
          }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} showCount maxLength={NOTE_MAX} placeholder={t('controlPoint.resolve.placeholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
