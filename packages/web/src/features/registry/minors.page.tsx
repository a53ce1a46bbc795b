// 未成年人信息查阅审批 / Minors' data requests (PRIV-08, ADR 0035): the community admin — the responsible person —
// approves or rejects staff requests to see a child's full ID or phone number. Names are masked; approving and
// rejecting ask for the second factor (the fetch wrapper opens the code dialog on mfa_required and retries).
import { useState } from 'react';
import { Alert, App, Button, Input, Tag } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { errorText } from '../../lib/errors';
import { roleLabel } from '../../lib/labels';
import { decideMinorAccess, minorRequests, type MinorRequest, type MinorRequestStatus } from './minors.api';
import { decisionNote, MINOR_QUEUE_STATUSES, MINOR_STATUS_COLOR } from './minors.logic';
import { RequestQueue } from '../../lib/request-queue';
import './minors.css';

const time = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

function RequestCard({ r }: { r: MinorRequest }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState(false);
  const decide = useMutation({
    mutationFn: (d: { decision: 'approve' | 'reject'; note: string }) => decideMinorAccess(r.id, d.decision, d.note),
    onSuccess: (_, d) => {
      void message.success(t(d.decision === 'approve' ? 'minors.page.approvedDone' : 'minors.page.rejectedDone'));
      void qc.invalidateQueries({ queryKey: ['minor-access'] });
    },
  });
  const go = (decision: 'approve' | 'reject') => {
    const n = decisionNote(decision, note);
    if (n === null) return setNoteError(true);
    decide.mutate({ decision, note: n });
  };
  const purposeLabel = t(`registry.purposes.${r.purpose}` as 'registry.purposes.registry.maintenance', { defaultValue: r.purpose });
  return (
    <li className="rx-card" data-testid="minor-request">
      <div className="rx-minors-head">
        <Link to={`/registry/residents/${r.residentId}`} data-testid="minor-request-resident">
          {r.residentName} · {t('minors.page.openResident')}
        </Link>
        <Tag color={MINOR_STATUS_COLOR[r.status]}>{t(`minors.statuses.${r.status}`)}</Tag>
      </div>
      <dl className="rx-facts rx-minors-facts">
        <div><dt>{t('minors.page.field')}</dt><dd>{t(`minors.fields.${r.field}`)}</dd></div>
        <div>
          <dt>{t('minors.page.requester')}</dt>
          <dd>{r.requester.displayName} · {roleLabel(r.requester.role, t)}</dd>
        </div>
        <div><dt>{t('minors.page.reason')}</dt><dd data-testid="minor-request-reason">{r.reason}</dd></div>
        <div><dt>{t('minors.page.purpose')}</dt><dd>{purposeLabel}</dd></div>
        <div>
          <dt>{t('minors.page.submittedAt')}</dt>
          <dd>
            {time(r.createdAt)}
            {r.status === 'pending' && <div className="rx-minor-hint">{t('minors.page.lapsesAt', { time: time(r.expiresAt) })}</div>}
            {r.status === 'approved' && <div className="rx-minor-hint">{t('minors.page.usable', { n: r.usesLeft, time: time(r.expiresAt) })}</div>}
          </dd>
        </div>
        {r.decision && (
          <>
            <div><dt>{t('minors.page.decidedBy')}</dt><dd>{r.decision.by.displayName} · {time(r.decision.at)}</dd></div>
            {r.decision.note && <div><dt>{t('minors.page.decisionNote')}</dt><dd>{r.decision.note}</dd></div>}
          </>
        )}
      </dl>
      {r.canDecide && (
        <>
          <Input.TextArea
            style={{ marginTop: 10 }}
            rows={2}
            maxLength={200}
            placeholder={t('minors.page.notePlaceholder')}
            aria-label={t('minors.page.note')}
            status={noteError ? 'error' : undefined}
            value={note}
            onChange={(e) => (setNote(e.target.value), setNoteError(false))}
            data-testid="minor-request-note"
          />
          {noteError && <Alert type="warning" showIcon title={t('minors.page.noteRequired')} style={{ marginTop: 8 }} />}
          {decide.isError && <Alert type="error" showIcon role="alert" title={errorText(decide.error, t, i18n.language)} style={{ marginTop: 8 }} />}
          <div className="rx-card-actions rx-minors-actions">
            <Button type="primary" icon={<CheckOutlined />} loading={decide.isPending && decide.variables?.decision === 'approve'} onClick={() => go('approve')} data-testid="minor-request-approve">
              {t('minors.page.approve')}
            </Button>
            <Button danger icon={<CloseOutlined />} loading={decide.isPending && decide.variables?.decision === 'reject'} onClick={() => go('reject')} data-testid="minor-request-reject">
              {t('minors.page.reject')}
            </Button>
          </div>
        </>
      )}
    </li>
  );
}

export function MinorsPage() {
  const { t } = useTranslation();
  usePageTitle(t('minors.page.title'));
  const [status, setStatus] = useState<MinorRequestStatus | 'all'>('pending');
  const list = useQuery({ queryKey: ['minor-access', 'list', status], queryFn: ({ signal }) => minorRequests(status, signal), gcTime: 0 });
  return (
    <div className="rx-narrow rx-minors">
      <h1 className="rx-page-title">{t('minors.page.title')}</h1>
      <p className="rx-intro">{t('minors.page.intro')}</p>
      <RequestQueue
        statuses={MINOR_QUEUE_STATUSES}
        status={status}
        onStatus={setStatus}
        statusLabel={(s) => t(`minors.statuses.${s}`)}
        filterLabel={t('minors.page.statusFilter')}
        allLabel={t('minors.page.all')}
        list={list}
        empty={{ waiting: t('minors.page.empty'), status: (label) => t('minors.page.emptyStatus', { status: label }), all: t('minors.page.emptyAll') }}
        testIds={{ filter: 'minor-status-filter', empty: 'minor-requests-empty', list: 'minor-requests' }}
        listClassName="rx-card-list rx-minors-list"
      >
        {(r) => <RequestCard r={r} />}
      </RequestQueue>
    </div>
  );
}
