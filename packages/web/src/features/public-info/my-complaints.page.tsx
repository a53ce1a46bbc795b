// 我的投诉与举报 (self:report; ADR 0086): a resident reports about their own community from inside the app — the same
// fields as the public form, photo included — and follows what they reported: the state, the time limit, the public
// replies and how it ended. Filed through /api/me/complaints, so it is linked to their account (no code to keep).
import { useState } from 'react';
import { Alert, Button, Card, Empty, Form, Skeleton, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { MY_COMPLAINTS_KEY, myComplaints, submitMyComplaint, type Receipt } from './api';
import { usePhotoPick } from '../../lib/photo-pick';
import { ComplaintFields, complaintInput, complaintLabels, type ComplaintValues } from './complaint-fields';
import { at, SlaTag } from './shared';

export function MyComplaintsPage() {
  const { t } = useTranslation();
  usePageTitle(t('publicInfo.my.title'));
  const qc = useQueryClient();
  const [form] = Form.useForm<ComplaintValues>();
  const photo = usePhotoPick();
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const q = useQuery({ queryKey: MY_COMPLAINTS_KEY, queryFn: ({ signal }) => myComplaints(signal) });
  const send = useMutation({
    mutationFn: (v: ComplaintValues) => submitMyComplaint(complaintInput(v, photo.photo)),
    onSuccess: (r) => {
      setReceipt(r);
      form.resetFields();
      photo.clear(); // the form's fields and the photo (its file input drawn anew)
      void qc.invalidateQueries({ queryKey: MY_COMPLAINTS_KEY });
    },
  });
  const now = new Date();
  return (
    <div className="rx-pi-page" data-testid="pi-my-page">
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('publicInfo.my.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('publicInfo.my.intro')}</Typography.Paragraph>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('publicInfo.my.new')}</h2>} style={{ marginBottom: 16 }}>
        {receipt && (
          <Alert type="success" showIcon style={{ marginBottom: 16 }} data-testid="pi-my-receipt" closable onClose={() => setReceipt(null)}
            title={t('publicInfo.my.sent', { ticket: receipt.ticket, at: at(receipt.dueAt) })} />
        )}
        {send.isError && <ErrorAlert error={send.error} form={form} labels={complaintLabels(t)} />}
        <Form<ComplaintValues> form={form} layout="vertical" size="large" name="myComplaint" requiredMark={false} initialValues={{ category: 'sanitation' }}
          onFinish={(v) => void send.mutateAsync(v).catch(() => undefined)}>
          <ComplaintFields prefix="pi-m" pick={photo} />
          <Button type="primary" size="large" htmlType="submit" loading={send.isPending} disabled={!!photo.problem} data-testid="pi-m-submit">{t('publicInfo.public.submit')}</Button>
        </Form>
      </Card>
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('publicInfo.my.list')}</Typography.Title>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : !q.data.items.length ? (
        <Empty description={t('publicInfo.my.empty')} />
      ) : (
        <ul className="rx-pi-list" data-testid="pi-my-list">
          {q.data.items.map((c) => (
            <li key={c.id} className="rx-card rx-pi-card" data-testid="pi-my-item" data-ticket={c.ticket} data-status={c.status}>
              <h3>{t(`publicInfo.complaintCategories.${c.category}`)} · {c.place}</h3>
              <div className="rx-pi-tags">
                <Tag data-testid="pi-my-status">{t(`publicInfo.complaintStatuses.${c.status}`)}</Tag>
                <SlaTag c={c} now={now} />
                <span className="rx-pi-quiet">{c.ticket} · {at(c.submittedAt)}</span>
              </div>
              <div>{c.description}</div>
              {c.contactMasked && <div className="rx-pi-quiet">{t('publicInfo.public.yourContact')}：{c.contactMasked}</div>}
              {c.replies.length > 0 && (
                <ul className="rx-pi-history" data-testid="pi-my-replies">
                  {c.replies.map((r, i) => <li key={i}><span className="rx-pi-quiet">{at(r.at)} · {t('publicInfo.events.reply')}</span><div>{r.text}</div></li>)}
                </ul>
              )}
              {c.resolution && <div data-testid="pi-my-resolution"><strong>{t(`publicInfo.complaintStatuses.${c.status}`)}：</strong>{c.resolution}</div>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
