// 我的信息 (PRIV-09, PIPL art. 46): the resident's own record (ID and phone masked), a form to ask for a correction,
// and their requests with the community's reply. Built for a phone: one column, large type, cards.
import { App, Button, Checkbox, Form, Input, Radio, Select, Skeleton, Tag } from 'antd';
import { Popconfirm } from '../../lib/dialog';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { usePageTitle } from '../../app/use-page-title';
import { errorText } from '../../lib/errors';
import { listText, withNote } from '../../lib/labels';
import { myCorrections, myRecord, submitCorrection, withdrawCorrection, type CorrectionField, type MyCorrection } from './api';
import { MyConsentCard, MyWardsConsentCard } from '../consent';
import { MyDeletionCard } from '../deletions';
import { CORRECTION_FIELDS, correctionBody, formFieldOfError, PROPOSABLE_TAGS, proposedLabel, RESIDENCE_TYPES, staleErrors, STATUS_COLOR, type CorrectionForm } from './corrections.logic';
import './corrections.css';
import { detailText } from '../../lib/errors.logic';
import { ErrorAlert } from '../../lib/error-alert';

function CorrectionFormCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<CorrectionForm>();
  const field = Form.useWatch('field', form) as CorrectionField | undefined;
  const send = useMutation({
    mutationFn: submitCorrection,
    onSuccess: () => {
      void message.success(t('corrections.form.sent'));
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ['me', 'corrections'] });
    },
    onError: (e) => {
      if (!isApiError(e)) return;
            const fields = e.details
        .map((d) => ({ name: formFieldOfError(d.path, field), errors: [detailText(d, i18n.language)] }))
        .filter((f) => f.name !== null);
      if (fields.length) form.setFields(fields as { name: keyof CorrectionForm; errors: string[] }[]);
    },
  });
  const onFinish = (v: CorrectionForm) => {
    const r = correctionBody(v);
    if (!r.ok) {
      const name = formFieldOfError(r.path, v.field) ?? 'field';
      form.setFields([{ name, errors: [t(`corrections.form.errors.${r.error}`)] }]);
      return;
    }
    send.mutate(r.body);
  };
  return (
    <section className="rx-panel rx-panel-tight" data-testid="correction-form">
      <h2>{t('corrections.form.title')}</h2>
      <p className="rx-hint rx-hint-sm">{t('corrections.form.idHint')}</p>
      <Form form={form} layout="vertical" size="large" onFinish={onFinish} onValuesChange={(changed: Partial<CorrectionForm>) => form.setFields(staleErrors(changed))} requiredMark={false}>
        <Form.Item name="field" label={t('corrections.form.field')}>
          <Select
            placeholder={t('corrections.form.fieldPlaceholder')}
            options={CORRECTION_FIELDS.map((f) => ({ value: f, label: t(`corrections.fields.${f}`) }))}
            data-testid="correction-field"
          />
        </Form.Item>
        {(field === 'phone' || field === 'name' || field === 'other') && (
          <Form.Item name="text" label={t(`corrections.form.${field}`)}>
            {field === 'other' ? <Input.TextArea rows={3} maxLength={200} showCount /> : <Input inputMode={field === 'phone' ? 'tel' : 'text'} maxLength={field === 'phone' ? 20 : 30} data-testid="correction-text" />}
          </Form.Item>
        )}
        {field === 'residenceType' && (
          <Form.Item name="residenceType" label={t('corrections.form.residenceType')}>
            <Radio.Group options={RESIDENCE_TYPES.map((r) => ({ value: r, label: t(`registry.residenceTypes.${r}`) }))} />
          </Form.Item>
        )}
        {field === 'tags' && (
          <Form.Item name="tags" label={t('corrections.form.tags')}>
            <Checkbox.Group options={PROPOSABLE_TAGS.map((g) => ({ value: g, label: t(`registry.tags.${g}`) }))} />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('corrections.form.note')}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
        {send.isError && !(isApiError(send.error) && send.error.details.length) && <ErrorAlert error={send.error} className="rx-gap" />}
        <Button type="primary" htmlType="submit" block loading={send.isPending} data-testid="correction-submit">
          {t('corrections.form.submit')}
        </Button>
      </Form>
    </section>
  );
}

function MyRequest({ c }: { c: MyCorrection }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  // Sent with a mistake, or no longer needed: the resident takes an open request back (and may send a new one).
  const withdraw = useMutation({
    mutationFn: () => withdrawCorrection(c.id),
    onSuccess: () => void message.success(t('corrections.mine.withdrawn')),
    onError: (e) => void message.error(errorText(e, t, i18n.language)),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['me', 'corrections'] }),
  });
  return (
    <li className="rx-card" data-testid="my-correction">
      <div className="rx-cr-when">
        <strong>{t(`corrections.fields.${c.field}`)}</strong>
        <Tag color={STATUS_COLOR[c.status]}>{t(`corrections.statuses.${c.status}`)}</Tag>
      </div>
      <dl className="rx-facts">
        <div>
          <dt>{t('corrections.mine.proposed')}</dt>
          <dd>{proposedLabel(c.field, c.proposed, t)}</dd>
        </div>
        {c.note && (
          <div>
            <dt>{t('corrections.mine.note')}</dt>
            <dd>{c.note}</dd>
          </div>
        )}
        <div>
          <dt>{t('corrections.mine.submittedAt')}</dt>
          <dd>{dayjs(c.createdAt).format('YYYY-MM-DD HH:mm')}</dd>
        </div>
        {c.status === 'withdrawn' && c.resolvedAt && (
          <div>
            <dt>{t('corrections.mine.withdrawnAt')}</dt>
            <dd>{dayjs(c.resolvedAt).format('YYYY-MM-DD HH:mm')}</dd>
          </div>
        )}
        {c.reply && (
          <div>
            <dt>{t('corrections.mine.reply')}</dt>
            <dd data-testid="my-correction-reply">{c.reply}</dd>
          </div>
        )}
      </dl>
      {c.status === 'open' && (
        <Popconfirm
          title={t('corrections.mine.withdrawConfirm')} okText={t('corrections.mine.withdrawOk')} cancelText={t('corrections.mine.withdrawCancel')}
          onConfirm={() => withdraw.mutateAsync().catch(() => undefined)}
        >
          <Button block loading={withdraw.isPending} data-testid="my-correction-withdraw">{t('corrections.mine.withdraw')}</Button>
        </Popconfirm>
      )}
    </li>
  );
}

function MyRequests() {
  const { t } = useTranslation();
  const mine = useQuery({ queryKey: ['me', 'corrections'], queryFn: ({ signal }) => myCorrections(signal) });
  return (
    <section className="rx-panel rx-panel-tight">
      <h2>{t('corrections.mine.title')}</h2>
      {mine.isError && <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} />}
      {mine.data && mine.data.items.length === 0 && <p>{t('corrections.mine.empty')}</p>}
      {mine.data && mine.data.items.length > 0 && (
        <ol className="rx-card-list" data-testid="my-corrections">
          {mine.data.items.map((c) => <MyRequest key={c.id} c={c} />)}
        </ol>
      )}
    </section>
  );
}

export function MyRecordPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('corrections.myTitle'));
  const rec = useQuery({ queryKey: ['me', 'record'], queryFn: ({ signal }) => myRecord(signal) });
  const r = rec.data?.linked ? rec.data.record : null;
  return (
    <div className="rx-narrow rx-cr">
      <h1 className="rx-page-title">{t('corrections.myTitle')}</h1>
      <p className="rx-intro">{t('corrections.myIntro')}</p>
      {rec.isPending && <Skeleton active paragraph={{ rows: 6 }} />}
      {rec.isError && (
        <ErrorAlert error={rec.error} onRetry={() => void rec.refetch()} />
      )}
      {rec.data && !rec.data.linked && (
        <section className="rx-panel rx-panel-tight" data-testid="record-not-linked">
          <h2>{t('corrections.notLinkedTitle')}</h2>
          <p>{t('corrections.notLinkedBody')}</p>
        </section>
      )}
      {r && (
        <>
          <section className="rx-panel rx-panel-tight" data-testid="my-record">
            <dl className="rx-facts">
              <div><dt>{t('corrections.record.name')}</dt><dd>{r.name}</dd></div>
              <div><dt>{t('corrections.record.idNumber')}</dt><dd className="rx-cr-num">{r.idMasked}</dd></div>
              <div><dt>{t('corrections.record.phone')}</dt><dd className="rx-cr-num">{r.phoneMasked ?? t('corrections.record.noPhone')}</dd></div>
              <div><dt>{t('corrections.record.address')}</dt><dd>{r.address}</dd></div>
              <div><dt>{t('corrections.record.residenceType')}</dt><dd>{proposedLabel('residenceType', r.residenceType, t)}</dd></div>
              <div><dt>{t('corrections.record.tags')}</dt><dd>{proposedLabel('tags', r.tags.join(','), t)}</dd></div>
              <div>
                <dt>{t('corrections.record.household')}</dt>
                <dd>
                  {r.household.length === 0
                    ? t('corrections.record.noMembers')
                    : listText(r.household.map((m) => withNote(m.nameMasked, t(`registry.relations.${m.relation as 'head'}`, { defaultValue: m.relation }), i18n.language)), i18n.language)}
                </dd>
              </div>
            </dl>
          </section>
          <MyConsentCard />
          <MyWardsConsentCard />
          <CorrectionFormCard />
          {/* The requests right under the form that sends them (the deletion card lists its own). */}
          <MyRequests />
          <MyDeletionCard />
        </>
      )}
    </div>
  );
}
