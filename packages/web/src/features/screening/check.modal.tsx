// 核查 (screening:check; grid workers and community admins), the same dialog on a list's page and on 我的排查任务: the
// result of the visit as four big choices — 已落实管控 (then the measure: 居家隔离, 健康监测, 集中隔离), 查无此人, 已离开本辖区
// (then where to, required), 信息有误 — a note (≤ 200, no ID or mobile numbers), and for an uncertain entry the
// candidate the system found to confirm (确认是此人). Sent against the version seen: a 409 (changed or checked meanwhile)
// shows the error and reloads the entries, and the dialog keeps the newest version. Mounted only while open.
import { useEffect } from 'react';
import { App, Checkbox, Form, Input, Radio, type ButtonProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { checkEntry, ENTRIES_KEY, LIST_KEY, LISTS_KEY, MEASURES, MINE_KEY, NOTE_MAX, OUTCOMES, type CheckBody, type EntryView } from './api';
import { checkBody, mayConfirm, noteRequired, type CheckValues } from './screening.logic';
import { outcomeText, problemText, StateTag } from './shared';

export function CheckModal({ entry, onClose }: { entry: EntryView; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(560);
  const [form] = Form.useForm<CheckValues>();
  const outcome = Form.useWatch('outcome', form) as string | undefined;
  const reread = () => {
    for (const key of [ENTRIES_KEY, MINE_KEY, LISTS_KEY]) void queryClient.invalidateQueries({ queryKey: key });
    void queryClient.invalidateQueries({ queryKey: [...LIST_KEY, entry.listId] });
  };
  const save = useMutation({
    mutationFn: (body: CheckBody) => checkEntry(entry.id, body),
    onSuccess: (e) => {
      void message.success(t('screening.check.done', { name: e.nameMasked, outcome: outcomeText(e.outcome, t) }));
      onClose();
    },
    onSettled: reread,
  });
  // Only 已落实管控 takes a measure: another choice clears it (and its message).
  useEffect(() => {
    if (outcome !== 'controlled') form.setFields([{ name: 'measure', value: undefined, errors: [] }]);
    if (!noteRequired(outcome)) form.setFields([{ name: 'note', errors: [] }]);
  }, [outcome, form]);
  const conflict = isApiError(save.error) && save.error.status === 409;
  const labels = { outcome: t('screening.check.outcome'), measure: t('screening.check.measure'), note: t('screening.check.note'), residentId: t('screening.check.confirm') };
  const submit = (v: CheckValues) => {
    const r = checkBody(v, entry);
    if (r.ok) void save.mutateAsync(r.body).catch(() => undefined);
  };
  const candidate = mayConfirm(entry) ? entry.resident : null;
  return (
    <Modal
      open
      {...dialogSize}
      title={t('screening.check.title', { name: entry.nameMasked })}
      okText={t('screening.check.submit')}
      cancelText={t('screening.check.cancel')}
      okButtonProps={{ size, 'data-testid': 'sc-check-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid="sc-check-dialog" data-entry={entry.id}>
        <div className="rx-sc-check-who">
          <strong>{t('screening.check.who', { name: entry.nameMasked, id: entry.idMasked ?? '—' })}</strong>
          <StateTag state={entry.state} confidence={entry.confidence} />
        </div>
        {(entry.address ?? entry.addressMasked) && <div className="rx-sc-quiet" style={{ marginBottom: 8 }}>{t('screening.entries.address', { address: entry.address ?? entry.addressMasked })}</div>}
        {save.isError && (
          <div data-testid={conflict ? 'sc-check-conflict' : 'sc-check-error'}>
            <ErrorAlert error={save.error} form={form} labels={labels} title={conflict ? t('screening.check.conflict') : undefined} />
          </div>
        )}
        <Form<CheckValues> form={form} name="screeningCheck" layout="vertical" size={size} onFinish={submit}>
          <Form.Item name="outcome" label={labels.outcome} required rules={[{ required: true, message: t('screening.check.outcomeEmpty') }]}>
            <Radio.Group aria-label={labels.outcome} className="rx-sc-outcomes" data-testid="sc-check-outcome">
              {OUTCOMES.map((o) => (
                <Radio key={o} value={o} data-testid={`sc-check-outcome-${o}`}>{t(`screening.outcomes.${o}`)}</Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          {outcome === 'controlled' && (
            <Form.Item name="measure" label={labels.measure} required rules={[{ required: true, message: t('screening.check.measureEmpty') }]}>
              <Radio.Group aria-label={labels.measure} className="rx-sc-outcomes" data-testid="sc-check-measure">
                {MEASURES.map((m) => (
                  <Radio key={m} value={m} data-testid={`sc-check-measure-${m}`}>{t(`screening.measures.${m}`)}</Radio>
                ))}
              </Radio.Group>
            </Form.Item>
          )}
          {candidate && (
            <Form.Item name="confirm" valuePropName="checked" extra={t('screening.check.confirmHelp', { name: candidate.nameMasked, id: candidate.idMasked, grid: candidate.gridName })}>
              <Checkbox data-testid="sc-check-confirm">{t('screening.check.confirm')}</Checkbox>
            </Form.Item>
          )}
          <Form.Item
            name="note"
            label={noteRequired(outcome) ? t('screening.check.noteLeft') : t('screening.check.noteOptional')}
            required={noteRequired(outcome)}
            rules={[{
              validator: async (_: unknown, v: string | undefined) => {
                const r = checkBody({ outcome: form.getFieldValue('outcome') as string | undefined, measure: 'home_quarantine', note: v }, entry);
                const p = r.ok ? null : r.problems.find((x) => x.field === 'note');
                if (p) throw new Error(problemText(p.problem, t, NOTE_MAX));
              },
            }]}
          >
            <Input.TextArea maxLength={NOTE_MAX} showCount autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('screening.check.notePlaceholder')} data-testid="sc-check-note" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
