// 更正申请 (staff, PRIV-09): residents' correction requests in the caller's area. Staff change the record through the
// resident page's normal edit, then record the outcome and a reply here; nothing is applied automatically.
import { Alert, App, Button, Input, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { resolveCorrection, staffCorrection, staffCorrections, type CorrectionDecision, type CorrectionStatus, type StaffCorrection } from './api';
import { proposedLabel, QUEUE_STATUSES, STATUS_COLOR } from './corrections.logic';
import { RequestQueue } from '../../lib/request-queue';
import './corrections.css';
import { ErrorAlert } from '../../lib/error-alert';

function Request({ c }: { c: StaffCorrection }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reply, setReply] = useState('');
  const [replyError, setReplyError] = useState(false);
  const detail = useQuery({ queryKey: ['corrections', 'one', c.id], queryFn: ({ signal }) => staffCorrection(c.id, signal), enabled: open, staleTime: 0 });
  const resolve = useMutation({
    mutationFn: (decision: CorrectionDecision) => resolveCorrection(c.id, { decision, reply: reply.trim(), version: c.version }),
    onSuccess: () => {
      void message.success(t('corrections.staff.done'));
      void qc.invalidateQueries({ queryKey: ['corrections'] });
    },
  });
  const decide = (d: CorrectionDecision) => {
    if (!reply.trim()) return setReplyError(true);
    resolve.mutate(d);
  };
  return (
    <li className="rx-card" data-testid="correction-request">
      <div className="rx-cr-when">
        <Link to={`/registry/residents/${c.residentId}`} data-testid="correction-resident">
          {c.residentName} · {t('corrections.staff.openResident')}
        </Link>
        <Tag color={STATUS_COLOR[c.status]}>{t(`corrections.statuses.${c.status}`)}</Tag>
      </div>
      <dl className="rx-facts">
        <div><dt>{t('corrections.staff.field')}</dt><dd>{t(`corrections.fields.${c.field}`)}</dd></div>
        <div>
          <dt>{t('corrections.staff.proposed')}</dt>
          <dd>{detail.data ? proposedLabel(c.field, detail.data.proposed, t) : proposedLabel(c.field, c.proposedMasked, t)}</dd>
        </div>
        {detail.data?.note && <div><dt>{t('corrections.staff.note')}</dt><dd>{detail.data.note}</dd></div>}
        <div><dt>{t('corrections.staff.submittedAt')}</dt><dd>{dayjs(c.createdAt).format('YYYY-MM-DD HH:mm')}</dd></div>
        {c.reply && <div><dt>{t('corrections.mine.reply')}</dt><dd>{c.reply}</dd></div>}
        {c.status === 'withdrawn' && c.resolvedAt && <div><dt>{t('corrections.mine.withdrawnAt')}</dt><dd>{dayjs(c.resolvedAt).format('YYYY-MM-DD HH:mm')}</dd></div>}
      </dl>
      {detail.isError && <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} />}
      {c.status === 'open' && !open && (
        <div className="rx-card-actions">
          <Button onClick={() => setOpen(true)} data-testid="correction-show">{t('corrections.staff.show')}</Button>
        </div>
      )}
      {c.status === 'open' && open && (
        <>
          <Input.TextArea
            className="rx-gap"
            style={{ marginTop: 10 }}
            rows={2}
            maxLength={200}
            placeholder={t('corrections.staff.reply')}
            aria-label={t('corrections.staff.reply')}
            status={replyError ? 'error' : undefined}
            value={reply}
            onChange={(e) => (setReply(e.target.value), setReplyError(false))}
            data-testid="correction-reply"
          />
          {replyError && <Alert type="warning" showIcon title={t('corrections.staff.replyRequired')} className="rx-gap" />}
          {resolve.isError && <ErrorAlert error={resolve.error} className="rx-gap" />}
          <div className="rx-card-actions">
            <Button type="primary" loading={resolve.isPending && resolve.variables === 'applied'} onClick={() => decide('applied')} data-testid="correction-applied">
              {t('corrections.staff.applied')}
            </Button>
            <Button loading={resolve.isPending && resolve.variables === 'partly'} onClick={() => decide('partly')} data-testid="correction-partly">
              {t('corrections.staff.partly')}
            </Button>
            <Button loading={resolve.isPending && resolve.variables === 'rejected'} onClick={() => decide('rejected')} data-testid="correction-rejected">
              {t('corrections.staff.rejected')}
            </Button>
          </div>
          <p className="rx-hint" style={{ marginTop: 6 }}>{t('corrections.staff.partlyHelp')}</p>
        </>
      )}
    </li>
  );
}

export function CorrectionsPage() {
  const { t } = useTranslation();
  usePageTitle(t('corrections.staff.title'));
  const [status, setStatus] = useState<CorrectionStatus | 'all'>('open');
  const list = useQuery({ queryKey: ['corrections', 'list', status], queryFn: ({ signal }) => staffCorrections(status, signal) });
  return (
    <div className="rx-narrow rx-cr">
      <h1 className="rx-page-title">{t('corrections.staff.title')}</h1>
      <p className="rx-intro">{t('corrections.staff.intro')}</p>
      <RequestQueue
        statuses={QUEUE_STATUSES}
        status={status}
        onStatus={setStatus}
        statusLabel={(s) => t(`corrections.statuses.${s}`)}
        filterLabel={t('corrections.staff.statusFilter')}
        allLabel={t('corrections.staff.all')}
        list={list}
        empty={{ waiting: t('corrections.staff.empty'), status: (label) => t('corrections.staff.emptyStatus', { status: label }), all: t('corrections.staff.emptyAll') }}
        testIds={{ empty: 'corrections-empty', list: 'corrections-list' }}
      >
        {(c) => <Request c={c} />}
      </RequestQueue>
    </div>
  );
}
