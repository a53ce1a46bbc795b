// 发起点名 (roll-call:manage): a title, the care tags whose holders are to be reached, the whole community or one grid
// of it, and the deadline. Mounted only while open; on success the new roll call's page opens.
import { useRef } from 'react';
import { App, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/session';
import { RequiredCheckboxGroup } from '../../lib/checkbox-group';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useMutation } from '../../lib/single-flight';
import { tagLabel } from '../registry';
import {
  areaLevel, CARE_TAGS, DEFAULT_DUE_HOURS, DEFAULT_TAGS, DUE_HOURS_MAX, DUE_HOURS_MIN, ROLL_CALL_KEY, ROLL_CALL_TITLE_MAX, startRollCall, type CareTag,
} from './api';
import { dueHoursValid, startBody, SubmissionKeys, titleProblem } from './roll-call.logic';

type StartValues = { title: string; tags: CareTag[]; gridId?: string | null; dueHours: number | null };

export function StartModal({ onClose }: { onClose: () => void }) {
  // Mounted only while open: the focus goes back to 发起点名 when it closes.
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<StartValues>();
  const keys = useRef(new SubmissionKeys());
  // A community's grids, to start a roll call of one of them; a grid worker's roll call is of their own grid.
  const community = me.org.level === 'community';
  const area = useQuery({ queryKey: [...ROLL_CALL_KEY, 'area'], queryFn: ({ signal }) => areaLevel(signal), enabled: community, staleTime: 5 * 60_000 });
  const grids = (area.data ?? []).filter((o) => o.level === 'grid' && o.id !== me.org.id);
  const save = useMutation({
    mutationFn: (v: StartValues) => {
      const body = startBody({ title: v.title, tags: v.tags, gridId: v.gridId, dueHours: v.dueHours! });
      return startRollCall(body, keys.current.for(body));
    },
    onSuccess: (rc) => {
      keys.current.done();
      void message.success(t('rollCall.start.started', { n: formatCount(rc.total, i18n.language) }));
      void queryClient.invalidateQueries({ queryKey: ROLL_CALL_KEY });
      onClose();
      navigate(`/roll-calls/${rc.id}`);
    },
  });
  const labels = { title: t('rollCall.start.name'), tags: t('rollCall.start.tags'), gridId: t('rollCall.start.grid'), dueHours: t('rollCall.start.due') };
  return (
    <Modal
      open
      title={t('rollCall.start.title')}
      okText={t('rollCall.start.submit')}
      cancelText={t('rollCall.start.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<StartValues>
        form={form}
        name="rollCallStart"
        layout="vertical"
        initialValues={{ title: '', tags: [...DEFAULT_TAGS], dueHours: DEFAULT_DUE_HOURS }}
        onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}
      >
        <Form.Item
          name="title"
          label={labels.title}
          required
          rules={[{
            validator: async (_, v: string | undefined) => {
              const p = titleProblem(v);
              if (p === 'empty') throw new Error(t('rollCall.start.problems.nameEmpty'));
              if (p === 'too_long') throw new Error(t('rollCall.start.problems.nameTooLong', { max: ROLL_CALL_TITLE_MAX }));
            },
          }]}
        >
          <Input maxLength={ROLL_CALL_TITLE_MAX} showCount placeholder={t('rollCall.start.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="tags"
          label={labels.tags}
          required
          extra={t('rollCall.start.tagsHelp')}
          rules={[{ validator: async (_, v: CareTag[] | undefined) => { if (!v?.length) throw new Error(t('rollCall.start.problems.tagsEmpty')); } }]}
        >
          <RequiredCheckboxGroup aria-label={labels.tags} options={CARE_TAGS.map((c) => ({ value: c, label: tagLabel(t, c) }))} />
        </Form.Item>
        {community ? (
          <Form.Item name="gridId" label={labels.gridId} extra={t('rollCall.start.gridHelp')}>
            <Select
              allowClear
              loading={area.isPending}
              placeholder={t('rollCall.start.gridAll')}
              options={grids.map((g) => ({ value: g.id, label: g.name }))}
            />
          </Form.Item>
        ) : (
          <Typography.Paragraph data-testid="rc-start-area">{t('rollCall.start.area', { area: me.org.name })}</Typography.Paragraph>
        )}
        <Form.Item
          name="dueHours"
          label={labels.dueHours}
          required
          extra={t('rollCall.start.dueHelp')}
          rules={[{ validator: async (_, v: number | null | undefined) => { if (!dueHoursValid(v)) throw new Error(t('rollCall.start.problems.dueRange')); } }]}
          style={{ marginBottom: 0 }}
        >
          <InputNumber min={DUE_HOURS_MIN} max={DUE_HOURS_MAX} precision={0} suffix={t('rollCall.start.dueHours')} style={{ width: 180 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
