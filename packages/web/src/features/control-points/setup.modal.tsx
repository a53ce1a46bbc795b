// 设为管控点 / 设置 (control-point:manage): the person responsible (包保责任人, searched among the community's staff and
// volunteers) and the patrol interval. A compound without a point gets one (POST /api/control-points); an existing
// point is changed against the version the admin saw — someone else's change meanwhile (409 stale) is said, the board
// read again and the form filled with the new settings. Mounted only while open.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Form, InputNumber, Select, type ButtonProps } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { roleLabel } from '../../lib/labels';
import { useMutation } from '../../lib/single-flight';
import {
  CONTROL_POINTS_KEY, createPoint, DEFAULT_INTERVAL, INTERVAL_MAX, INTERVAL_MIN, leadCandidates, updatePoint, type PointView,
} from './api';
import { intervalValid, setupRequest, SubmissionKeys } from './control-points.logic';
import { conflictText, FlagTags, isConflict, useDialogSize } from './shared';

type SetupValues = { leadUserId?: string; intervalHours?: number | null };

/** The search typed into the lead's field, sent a moment after typing stops (each search is an audited read of staff names). */
function useSettled(value: string, ms = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export function SetupModal({ point, onClose }: {
  /** The compound as the board shows it now (refreshed after a conflict). */
  point: PointView;
  onClose: () => void;
}) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize();
  const [form] = Form.useForm<SetupValues>();
  const [typed, setTyped] = useState('');
  const keys = useRef(new SubmissionKeys());
  const q = useSettled(typed);
  const creating = point.pointId === null;
  const candidates = useQuery({
    queryKey: [...CONTROL_POINTS_KEY, 'lead-candidates', point.communityId, q],
    queryFn: ({ signal }) => leadCandidates(point.communityId, q, signal),
    staleTime: 30_000,
  });
  const options = useMemo(() => {
    const list = candidates.data?.items ?? [];
    const current = point.lead && !list.some((c) => c.id === point.lead!.id) ? [{ ...point.lead, role: '', orgName: '' }] : [];
    return [...current, ...list].map((c) => ({
      value: c.id,
      label: [c.name, c.role ? roleLabel(c.role, t) : '', c.orgName].filter(Boolean).join(' · '),
    }));
  }, [candidates.data, point.lead, t]);

  // Someone else changed the point: the form shows the new settings (the admin checks them and saves again).
  const [conflict, setConflict] = useState<unknown>(null);
  useEffect(() => {
    form.setFieldsValue({ leadUserId: point.lead?.id, intervalHours: point.intervalHours ?? DEFAULT_INTERVAL });
  }, [form, point.version, point.lead?.id, point.intervalHours]);

  const save = useMutation({
    mutationFn: async (v: SetupValues) => {
      const r = setupRequest(point, { leadUserId: v.leadUserId!, intervalHours: v.intervalHours! });
      if (r === null) return null;
      return r.kind === 'create' ? createPoint(r.body, keys.current.for(r.body)) : updatePoint(r.pointId, r.body);
    },
    onMutate: () => setConflict(null),
    onSuccess: (saved) => {
      keys.current.done();
      if (saved === null) void message.info(t('controlPoint.setup.unchanged'));
      else void message.success(t(creating ? 'controlPoint.setup.created' : 'controlPoint.setup.updated', { name: point.compoundName }));
      void queryClient.invalidateQueries({ queryKey: CONTROL_POINTS_KEY });
      onClose();
    },
    onError: (e) => {
      if (!isConflict(e)) return;
      setConflict(e);
      void queryClient.invalidateQueries({ queryKey: CONTROL_POINTS_KEY });
    },
  });
  const labels = { leadUserId: t('controlPoint.setup.lead'), intervalHours: t('controlPoint.setup.interval') };
  return (
    <Modal
      open
      {...dialogSize}
      title={t(creating ? 'controlPoint.setup.createTitle' : 'controlPoint.setup.editTitle', { name: point.compoundName })}
      okText={t('controlPoint.setup.submit')}
      cancelText={t('controlPoint.setup.cancel')}
      okButtonProps={{ size, 'data-testid': 'cp-setup-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      className="rx-cp-modal"
    >
      <div className="rx-cp-tags" style={{ marginBottom: 12 }}><FlagTags p={point} /></div>
      {conflict !== null ? (
        <Alert type="warning" showIcon role="alert" style={{ marginBottom: 12 }} title={conflictText(conflict, t, i18n.language)} data-testid="cp-setup-conflict" />
      ) : save.isError ? (
        <ErrorAlert error={save.error} form={form} labels={labels} />
      ) : null}
      <Form<SetupValues>
        form={form}
        name="controlPointSetup"
        layout="vertical"
        initialValues={{ leadUserId: point.lead?.id, intervalHours: point.intervalHours ?? DEFAULT_INTERVAL }}
        onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}
      >
        <Form.Item
          name="leadUserId"
          label={labels.leadUserId}
          extra={t('controlPoint.setup.leadHelp')}
          required
          rules={[{ required: true, message: t('controlPoint.setup.leadEmpty') }]}
        >
          <Select
            data-testid="cp-setup-lead"
            size={size}
            placeholder={t('controlPoint.setup.leadPlaceholder')}
            showSearch={{ onSearch: setTyped, filterOption: false }}
            loading={candidates.isFetching}
            options={options}
            notFoundContent={candidates.isFetching ? undefined : t('controlPoint.setup.noCandidates')}
            onBlur={() => setTyped('')}
          />
        </Form.Item>
        {candidates.isError && <ErrorAlert error={candidates.error} onRetry={() => void candidates.refetch()} />}
        <Form.Item
          name="intervalHours"
          label={labels.intervalHours}
          extra={t('controlPoint.setup.intervalHelp')}
          required
          style={{ marginBottom: 0 }}
          rules={[{ validator: async (_, v: number | null | undefined) => { if (!intervalValid(v)) throw new Error(t('controlPoint.setup.intervalRange')); } }]}
        >
          <InputNumber min={INTERVAL_MIN} max={INTERVAL_MAX} precision={0} suffix={t('controlPoint.setup.hours')} style={{ width: 180 }} size={size} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
