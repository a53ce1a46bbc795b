// 赋码 / 转码 (health:assign, the district): the colour (绿码 / 黄码 / 红码), the reason — only the epidemic-control reasons
// of the server's closed list that fit the colour chosen (AUD-05: a colour never changes for any other reason, and the
// dialog says so) — and an optional note. The server's refusals (400 non_epidemic_reason / reason_colour) are shown on
// the reason's field; 409 unchanged says that nothing would change. Mounted only while open.
import { useEffect } from 'react';
import { Alert, App, Form, Input, Radio, Skeleton, type ButtonProps } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import {
  APPEALS_KEY, assignColour, COLOURS, listReasons, NOTE_MAX, PEOPLE_KEY, PERSON_KEY, REASONS_KEY, SUMMARY_KEY, type AssignBody, type Colour, type Person,
} from './api';
import { assignBody, noteProblem, reasonFits, reasonsFor, type AssignValues } from './health.logic';
import { colourText, problemText, reasonText } from './shared';

export function AssignModal({ person, onClose }: { person: Person; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(560);
  const [form] = Form.useForm<AssignValues>();
  const colour = Form.useWatch('colour', form) as Colour | undefined;
  const reasons = useQuery({ queryKey: REASONS_KEY, queryFn: ({ signal }) => listReasons(signal), staleTime: Infinity });
  const list = reasons.data?.items ?? [];
  const choices = reasonsFor(colour, list);
  // A reason chosen for another colour no longer fits: cleared, so the field asks again.
  const chosen = Form.useWatch('reasonCode', form);
  useEffect(() => {
    if (chosen && colour && list.length && !reasonFits(chosen, colour, list)) form.setFieldValue('reasonCode', undefined);
  }, [colour, chosen, list, form]);
  const save = useMutation({
    mutationFn: (body: AssignBody) => assignColour(person.residentId, body),
    onSuccess: (p) => {
      void message.success(t('healthCodes.assign.done', { name: p.nameMasked, colour: colourText(p.colour, t) }));
      for (const key of [PEOPLE_KEY, SUMMARY_KEY, APPEALS_KEY]) void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: [...PERSON_KEY, person.residentId] });
      onClose();
    },
  });
  const labels = { colour: t('healthCodes.assign.colour'), reasonCode: t('healthCodes.assign.reason'), note: t('healthCodes.assign.note') };
  const submit = (v: AssignValues) => {
    const r = assignBody(v, list);
    if (r.ok) void save.mutateAsync(r.body).catch(() => undefined);
  };
  return (
    <Modal
      open
      {...dialogSize}
      title={t('healthCodes.assign.title', { name: person.nameMasked })}
      okText={t('healthCodes.assign.submit')}
      cancelText={t('healthCodes.assign.cancel')}
      okButtonProps={{ size, disabled: !reasons.data, 'data-testid': 'hc-assign-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid="hc-assign-dialog">
        <Alert type="info" showIcon icon={<SafetyCertificateOutlined />} title={t('healthCodes.assign.rule')} style={{ marginBottom: 12 }} data-testid="hc-assign-rule" />
        <div className="rx-hc-quiet" style={{ marginBottom: 8 }} data-testid="hc-assign-current">
          {t('healthCodes.assign.current', { colour: colourText(person.colour, t) })}
          {person.colour && ` · ${reasonText(person.reasonCode, person.reasonZh, t)}`}
        </div>
        {reasons.isError && <ErrorAlert error={reasons.error} onRetry={() => void reasons.refetch()} />}
        {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
        <Form<AssignValues> form={form} name="healthAssign" layout="vertical" size={size} onFinish={submit}>
          <Form.Item name="colour" label={labels.colour} required rules={[{ required: true, message: t('healthCodes.assign.colourEmpty') }]}>
            <Radio.Group aria-label={labels.colour} optionType="button" buttonStyle="solid" data-testid="hc-assign-colour">
              {COLOURS.map((c) => (
                <Radio.Button key={c} value={c} data-testid={`hc-assign-colour-${c}`}>
                  <span className={`rx-hc-dot rx-hc-dot-${c}`} aria-hidden /> {t(`healthCodes.colours.${c}`)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="reasonCode"
            label={labels.reasonCode}
            required
            extra={!colour ? t('healthCodes.assign.reasonFirst') : undefined}
            rules={[{
              validator: async (_: unknown, v: string | undefined) => {
                if (!v) throw new Error(t('healthCodes.assign.reasonEmpty'));
                if (list.length && !reasonFits(v, form.getFieldValue('colour') as Colour | undefined, list)) throw new Error(t('healthCodes.assign.reasonColour'));
              },
            }]}
          >
            {reasons.isPending ? <Skeleton.Input active block /> : (
              <Radio.Group
                aria-label={labels.reasonCode}
                className="rx-hc-reasons"
                disabled={!colour}
                options={choices.map((r) => ({ value: r.code, label: reasonText(r.code, r.zh, t) }))}
                data-testid="hc-assign-reasons"
              />
            )}
          </Form.Item>
          <Form.Item
            name="note"
            label={labels.note}
            rules={[{
              validator: async (_: unknown, v: string | undefined) => {
                const p = noteProblem(v);
                if (p) throw new Error(problemText(p, t, NOTE_MAX));
              },
            }]}
            style={{ marginBottom: 0 }}
          >
            <Input.TextArea maxLength={NOTE_MAX} showCount autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('healthCodes.assign.notePlaceholder')} data-testid="hc-assign-note" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
