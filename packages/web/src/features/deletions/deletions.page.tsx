// 删除申请 (community admins, PIPL Art. 47, ADR 0037): residents' deletion requests of the caller's area. Each decision
// (delete / restrict processing / do not delete) is confirmed in a dialog that spells out what it will do; the server
// asks for the second factor (the app's code dialog opens by itself) and answers with the deletion certificate.
import { Alert, App, Button, Input, Tag } from 'antd';
import { Modal } from '../../lib/dialog';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { errorText } from '../../lib/errors';
import { decideDeletion, staffDeletion, staffDeletions, type DeletionDecision, type DeletionStatus, type StaffDeletion } from './api';
import { effectKeys, replyProblem, REPLY_MAX, QUEUE_STATUSES, STATUS_COLOR } from './deletions.logic';
import { RequestQueue } from '../../lib/request-queue';
import './deletions.css';

function Request({ d }: { d: StaffDeletion }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reply, setReply] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<DeletionDecision | null>(null);
  const detail = useQuery({ queryKey: ['deletions', 'one', d.id], queryFn: ({ signal }) => staffDeletion(d.id, signal), enabled: open, staleTime: 0 });
  const decide = useMutation({
    mutationFn: (decision: DeletionDecision) => decideDeletion(d.id, { decision, reply: reply.trim() || null, version: d.version }),
    onSuccess: (r) => {
      setConfirming(null);
      void message.success(t('deletions.staff.done', { seq: r.certificate.seq }));
      void qc.invalidateQueries({ queryKey: ['deletions'] });
    },
  });
  const ask = (decision: DeletionDecision) => {
    const p = replyProblem(decision, reply);
    setProblem(p);
    if (!p) setConfirming(decision);
  };
  const r = detail.data?.resident;
  return (
    <li className="rx-del-item" data-testid="deletion-request">
      <div className="rx-del-head">
        {d.recordErased ? (
          <span>{t('deletions.staff.erasedRecord')}</span>
        ) : (
          <Link to={`/registry/residents/${d.residentId}`} data-testid="deletion-resident">{d.residentName}</Link>
        )}
        <Tag color={STATUS_COLOR[d.status]} data-testid="deletion-status">{t(`deletions.statuses.${d.status}`)}</Tag>
      </div>
      <dl className="rx-del-facts">
        <div><dt>{t('deletions.staff.scope')}</dt><dd>{t(`deletions.scopes.${d.scope}`)}</dd></div>
        <div><dt>{t('deletions.staff.ground')}</dt><dd>{t(`deletions.grounds.${d.ground}`)}</dd></div>
        <div><dt>{t('deletions.staff.submittedAt')}</dt><dd>{dayjs(d.createdAt).format('YYYY-MM-DD HH:mm')}</dd></div>
        {d.decidedAt && <div><dt>{t('deletions.staff.decidedAt')}</dt><dd>{dayjs(d.decidedAt).format('YYYY-MM-DD HH:mm')}</dd></div>}
        {d.reply && <div><dt>{t('deletions.staff.reply')}</dt><dd>{d.reply}</dd></div>}
        {detail.data && <div><dt>{t('deletions.staff.note')}</dt><dd data-testid="deletion-note-clear">{detail.data.note ?? t('deletions.staff.noNote')}</dd></div>}
        {r && (
          <>
            <div>
              <dt>{t('deletions.staff.residentState')}</dt>
              <dd>{t(`residentStatus.status.${r.status as 'active'}`, { defaultValue: r.status })}{r.restricted ? ` · ${t('deletions.staff.restrictedNow')}` : ''}</dd>
            </div>
            <div><dt>{t('deletions.staff.householdSize')}</dt><dd>{r.householdSize}</dd></div>
          </>
        )}
        {detail.data?.certificate && (
          <div>
            <dt>{t('deletions.staff.certificate')}</dt>
            <dd>{t('deletions.staff.certificateLine', { seq: detail.data.certificate.seq, total: detail.data.certificate.total })}</dd>
          </div>
        )}
      </dl>
      {detail.isError && <Alert type="error" showIcon title={errorText(detail.error, t, i18n.language)} />}
      {!open && (
        <div className="rx-del-actions">
          {/* A decided request is only looked at: its button does not offer to decide it again. */}
          <Button onClick={() => setOpen(true)} data-testid="deletion-show">{t(d.status === 'open' ? 'deletions.staff.show' : 'deletions.staff.view')}</Button>
        </div>
      )}
      {open && d.status === 'open' && detail.data && (
        <>
          <Input.TextArea
            style={{ marginTop: 10 }}
            rows={2}
            maxLength={REPLY_MAX}
            placeholder={t('deletions.staff.replyLabel')}
            aria-label={t('deletions.staff.replyLabel')}
            status={problem ? 'error' : undefined}
            value={reply}
            onChange={(e) => (setReply(e.target.value), setProblem(null))}
            data-testid="deletion-reply"
          />
          {problem && <Alert type="warning" showIcon title={t(`deletions.staff.errors.${problem as 'replyRequired'}`)} style={{ marginTop: 8 }} />}
          <div className="rx-del-actions">
            <Button type="primary" danger onClick={() => ask('erase')} data-testid="deletion-erase">{t('deletions.staff.erase')}</Button>
            <Button onClick={() => ask('restrict')} data-testid="deletion-restrict">{t('deletions.staff.restrict')}</Button>
            <Button onClick={() => ask('reject')} data-testid="deletion-reject">{t('deletions.staff.reject')}</Button>
          </div>
        </>
      )}
      <Modal
        open={confirming !== null}
        title={confirming ? t('deletions.staff.confirmTitle', { decision: t(`deletions.decisions.${confirming}`) }) : ''}
        okText={confirming ? t('deletions.staff.confirmOk', { decision: t(`deletions.decisions.${confirming}`) }) : ''}
        cancelText={t('deletions.staff.cancel')}
        okButtonProps={{ danger: confirming === 'erase', 'data-testid': 'deletion-confirm' } as never}
        confirmLoading={decide.isPending}
        onOk={() => confirming && decide.mutate(confirming)}
        onCancel={() => (setConfirming(null), decide.reset())}
        destroyOnHidden
      >
        <p>{r ? `${t('deletions.staff.resident')}：${r.nameMasked} · ${t(`deletions.scopes.${d.scope}`)}` : null}</p>
        <p>{t('deletions.staff.confirmIntro')}</p>
        <ul className="rx-del-effects" data-testid="deletion-effects">
          {confirming && effectKeys(confirming, d.scope).map((k) => <li key={k}>{t(`deletions.effects.${k}`)}</li>)}
        </ul>
        <p className="rx-hint" style={{ marginTop: 12 }}>{t('deletions.staff.mfaHint')}</p>
        {decide.isError && <Alert type="error" showIcon title={errorText(decide.error, t, i18n.language)} />}
      </Modal>
    </li>
  );
}

export function DeletionsPage() {
  const { t } = useTranslation();
  usePageTitle(t('deletions.staff.title'));
  const [status, setStatus] = useState<DeletionStatus | 'all'>('open');
  const list = useQuery({ queryKey: ['deletions', 'list', status], queryFn: ({ signal }) => staffDeletions(status, signal) });
  return (
    <div className="rx-narrow rx-del">
      <h1 className="rx-page-title">{t('deletions.staff.title')}</h1>
      <p className="rx-intro">{t('deletions.staff.intro')}</p>
      <RequestQueue
        statuses={QUEUE_STATUSES}
        status={status}
        onStatus={setStatus}
        statusLabel={(s) => t(`deletions.statuses.${s}`)}
        filterLabel={t('deletions.staff.statusFilter')}
        allLabel={t('deletions.staff.all')}
        list={list}
        empty={{ waiting: t('deletions.staff.empty'), status: (label) => t('deletions.staff.emptyStatus', { status: label }), all: t('deletions.staff.emptyAll') }}
        testIds={{ empty: 'deletions-empty', list: 'deletions-list' }}
        listClassName="rx-del-list"
      >
        {(d) => <Request d={d} />}
      </RequestQueue>
    </div>
  );
}
