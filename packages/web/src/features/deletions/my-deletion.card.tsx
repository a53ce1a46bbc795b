// 我的信息 → 申请删除我的信息 (PIPL Art. 47, ADR 0037): the resident asks for their care tags or whole record to be
// deleted and sees their requests with the decision and the community's reply. Phone first: one column, large type.
import { Alert, App, Button, Form, Input, Radio, Select, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import { Popconfirm, useConfirm } from '../../lib/dialog';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorText } from '../../lib/errors';
import { detailText } from '../../lib/errors.logic';
import { myDeletions, submitDeletion, withdrawDeletion, type DeletionScope, type MyDeletion } from './api';
import { canWithdraw, decidedAtKey, DELETION_GROUNDS, DELETION_SCOPES, deletionBody, NOTE_MAX, staleErrors, STATUS_COLOR, type DeletionForm } from './deletions.logic';
import './deletions.css';

function MyRequest({ d }: { d: MyDeletion }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  // Sent by mistake (e.g. the whole record instead of the care tags): the resident takes an open request back.
  const withdraw = useMutation({
    mutationFn: () => withdrawDeletion(d.id),
    onSuccess: () => void message.success(t('deletions.card.withdrawn')),
    onError: (e) => void message.error(errorText(e, t, i18n.language)),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['me', 'deletions'] }),
  });
  return (
    <li className="rx-del-item" data-testid="my-deletion">
      <div className="rx-del-head">
        <span>{t(`deletions.scopes.${d.scope}`)}</span>
        <Tag color={STATUS_COLOR[d.status]} data-testid="my-deletion-status">{t(`deletions.statuses.${d.status}`)}</Tag>
      </div>
      <dl className="rx-del-facts">
        <div><dt>{t('deletions.staff.ground')}</dt><dd>{t(`deletions.grounds.${d.ground}`)}</dd></div>
        {d.note && <div><dt>{t('deletions.card.noteLabel')}</dt><dd>{d.note}</dd></div>}
        <div><dt>{t('deletions.card.submittedAt')}</dt><dd>{dayjs(d.createdAt).format('YYYY-MM-DD HH:mm')}</dd></div>
        {d.decidedAt && <div><dt>{t(decidedAtKey(d.status))}</dt><dd>{dayjs(d.decidedAt).format('YYYY-MM-DD HH:mm')}</dd></div>}
        {d.reply && <div><dt>{t('deletions.card.reply')}</dt><dd data-testid="my-deletion-reply">{d.reply}</dd></div>}
      </dl>
      {canWithdraw(d) && (
        <Popconfirm
          title={t('deletions.card.withdrawConfirm')} okText={t('deletions.card.withdrawOk')} cancelText={t('deletions.card.withdrawCancel')}
          onConfirm={() => withdraw.mutateAsync().catch(() => undefined)}
        >
          <Button block loading={withdraw.isPending} data-testid="my-deletion-withdraw">{t('deletions.card.withdraw')}</Button>
        </Popconfirm>
      )}
    </li>
  );
}

export function MyDeletionCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const qc = useQueryClient();
  const [form] = Form.useForm<DeletionForm>();
  const scope = Form.useWatch('scope', form) as DeletionScope | undefined;
  const mine = useQuery({ queryKey: ['me', 'deletions'], queryFn: ({ signal }) => myDeletions(signal) });
  const hasOpen = !!mine.data?.items.some((d) => d.status === 'open');
  const send = useMutation({
    mutationFn: submitDeletion,
    onSuccess: () => {
      void message.success(t('deletions.card.sent'));
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['me', 'deletions'] });
    },
    onError: (e) => {
      if (!isApiError(e)) return;
            const fields = e.details
        .map((d) => ({ name: d.path.replace(/^body\./, ''), errors: [detailText(d, i18n.language)] }))
        .filter((f) => ['ground', 'scope', 'note'].includes(f.name));
      if (fields.length) form.setFields(fields as { name: keyof DeletionForm; errors: string[] }[]);
    },
  });
  const onFinish = (v: DeletionForm) => {
    const r = deletionBody(v);
    if (!r.ok) {
      form.setFields([{ name: r.path, errors: [t(`deletions.card.errors.${r.error}`)] }]);
      return;
    }
    if (r.body.scope === 'record') {
      confirm({
        title: t('deletions.card.confirmRecord'), okText: t('deletions.card.confirmOk'), cancelText: t('deletions.card.cancel'), okButtonProps: { danger: true },
        onOk: () => send.mutateAsync(r.body),
      });
      return;
    }
    send.mutate(r.body);
  };
  if (mine.data && !mine.data.linked) return null;
  return (
    <section className="rx-panel" data-testid="deletion-card">
      <h2>{t('deletions.card.title')}</h2>
      <p className="rx-hint">{t('deletions.card.intro')}</p>
      {hasOpen ? (
        <Alert type="info" showIcon title={t('deletions.card.openExists')} className="rx-gap" />
      ) : (
        <Form form={form} layout="vertical" size="large" onFinish={onFinish} onValuesChange={(changed: Partial<DeletionForm>) => form.setFields(staleErrors(changed))} requiredMark={false}>
          <Form.Item name="ground" label={t('deletions.card.ground')}>
            <Select placeholder={t('deletions.card.groundPlaceholder')} options={DELETION_GROUNDS.map((g) => ({ value: g, label: t(`deletions.grounds.${g}`) }))} data-testid="deletion-ground" />
          </Form.Item>
          <Form.Item name="scope" label={t('deletions.card.scope')} extra={scope ? t(`deletions.card.scopeHints.${scope}`) : undefined}>
            <Radio.Group className="rx-del-radios" data-testid="deletion-scope">
              {DELETION_SCOPES.map((s) => <Radio key={s} value={s} data-testid={`deletion-scope-${s}`}>{t(`deletions.scopes.${s}`)}</Radio>)}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="note" label={t('deletions.card.note')} extra={t('deletions.card.idHint')}>
            <Input.TextArea rows={3} maxLength={NOTE_MAX} showCount data-testid="deletion-note" />
          </Form.Item>
          {send.isError && !isApiError(send.error) && <Alert type="error" showIcon title={errorText(send.error, t, i18n.language)} className="rx-gap" />}
          {send.isError && isApiError(send.error) && send.error.details.length === 0 && (
            <Alert type="error" showIcon title={errorText(send.error, t, i18n.language)} className="rx-gap" />
          )}
          <Button type="primary" danger htmlType="submit" block loading={send.isPending} data-testid="deletion-submit">{t('deletions.card.submit')}</Button>
        </Form>
      )}
      <h3 className="rx-del-sub">{t('deletions.card.mine')}</h3>
      {mine.isError && <Alert type="error" showIcon title={errorText(mine.error, t, i18n.language)} />}
      {mine.data && mine.data.items.length === 0 && <p>{t('deletions.card.empty')}</p>}
      {mine.data && mine.data.items.length > 0 && (
        <ol className="rx-del-list" data-testid="my-deletions">
          {mine.data.items.map((d) => <MyRequest key={d.id} d={d} />)}
        </ol>
      )}
    </section>
  );
}
