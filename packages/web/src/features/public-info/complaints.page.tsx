// 投诉与举报 (complaint:read; ADR 0086): the queue of one's area and what is assigned to one — open first by due time,
// each with its SLA badge (正常 / 即将到期 / 已超时 / 已办结) — and a complaint's drawer: what was reported (the contact
// masked, the photo), its history, and (complaint:handle) 受理 with a priority and an assignee, 指派, 答复 (the reporter
// sees it) or 内部备注, 办结 / 不予受理 with the reason.
import { useState } from 'react';
import { App, Button, DatePicker, Empty, Form, Input, Pagination, Radio, Segmented, Select, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { Drawer } from '../../lib/dialog';
import { useDrawerFocus, useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure, Figures } from '../../lib/figures-card';
import { useMutation } from '../../lib/single-flight';
import { useUrlState } from '../../lib/url-state';
import {
  acceptComplaint, assignComplaint, closeComplaint, COMPLAINT_CATEGORIES, complaintPhotoUrl, COMPLAINTS_KEY, getComplaint, listComplaints, PRIORITIES, REPLY_MAX, replyComplaint,
  type Complaint, type ComplaintCategory, type Priority,
} from './api';
import { QUEUE_FILTERS, queueFiltersOf, queueQueryOf, type QueueFilter } from './public-info.logic';
import { at, SlaTag } from './shared';

export function ComplaintsPage() {
  const { t } = useTranslation();
  usePageTitle(t('publicInfo.complaints.title'));
  const isMobile = useIsMobile();
  // 状态, 类别, 提交日期 and the page are kept in the address (a link or a reload shows the same queue).
  const [params, setParams] = useUrlState();
  const f = queueFiltersOf(params);
  const set = (patch: Record<string, string | undefined>) => setParams(patch, { resetPage: true });
  const page = f.page;
  const [openId, setOpenId] = useState<string | null>(null);
  const q = useQuery({
    queryKey: [...COMPLAINTS_KEY, 'queue', queueQueryOf(f)], queryFn: ({ signal }) => listComplaints(queueQueryOf(f), signal), placeholderData: keepPreviousData, refetchInterval: 60_000,
  });
  const now = new Date();
  return (
    <div className="rx-pi-page" data-testid="pi-complaints-page">
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('publicInfo.complaints.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('publicInfo.complaints.description')}</Typography.Paragraph>
      {q.data && (
        <Figures>
          <Figure label={t('publicInfo.complaints.figures.open')} value={q.data.figures.open} testId="pi-fig-open" />
          <Figure label={t('publicInfo.complaints.figures.overdue')} value={q.data.figures.overdue} testId="pi-fig-overdue" valueStyle={q.data.figures.overdue ? { color: '#cf1322' } : undefined} />
        </Figures>
      )}
      <Space wrap style={{ margin: '12px 0' }}>
        <div className="rx-scroll-x">
          <Segmented<QueueFilter>
            value={f.filter}
            onChange={(v) => set({ filter: v === 'all' ? undefined : v })}
            options={QUEUE_FILTERS.map((x) => ({ value: x, label: t(`publicInfo.complaints.filters.${x}`) }))}
            data-testid="pi-queue-filter"
          />
        </div>
        <Select<ComplaintCategory>
          allowClear
          aria-label={t('publicInfo.complaints.category')}
          placeholder={t('publicInfo.complaints.categoryAll')}
          value={f.category}
          onChange={(v) => set({ category: v })}
          options={COMPLAINT_CATEGORIES.map((c) => ({ value: c, label: t(`publicInfo.complaintCategories.${c}`) }))}
          style={{ width: isMobile ? '100%' : 180 }}
          data-testid="pi-queue-category"
        />
        <DatePicker.RangePicker
          aria-label={t('publicInfo.complaints.dates')}
          placeholder={[t('publicInfo.complaints.dateFrom'), t('publicInfo.complaints.dateTo')]}
          inputReadOnly={isMobile}
          style={isMobile ? { width: '100%' } : undefined}
          value={[f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null]}
          onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
          data-testid="pi-queue-dates"
        />
        <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()}>{t('publicInfo.refresh')}</Button>
      </Space>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : !q.data.items.length ? (
        <Empty description={t('publicInfo.complaints.empty')} />
      ) : (
        <>
          <ul className="rx-pi-list">
            {q.data.items.map((c) => (
              <li key={c.id} className="rx-card rx-pi-card" data-testid="pi-complaint" data-ticket={c.ticket} data-status={c.status}>
                <h3>{t(`publicInfo.complaintCategories.${c.category}`)} · {c.place}</h3>
                <div className="rx-pi-tags">
                  <Tag data-testid="pi-complaint-status">{t(`publicInfo.complaintStatuses.${c.status}`)}</Tag>
                  <SlaTag c={c} now={now} />
                  {c.priority !== 'normal' && <Tag color="volcano">{t(`publicInfo.priorities.${c.priority}`)}</Tag>}
                  <span className="rx-pi-quiet">{c.ticket} · {c.communityName} · {at(c.submittedAt)}</span>
                </div>
                <div>{c.description}</div>
                {c.assignee && <div className="rx-pi-quiet">{t('publicInfo.complaints.detail.assignee')}：{c.assignee.name}</div>}
                <div className="rx-pi-actions"><Button onClick={() => setOpenId(c.id)} data-testid="pi-complaint-open">{t('publicInfo.complaints.open')}</Button></div>
              </li>
            ))}
          </ul>
          {q.data.total > q.data.pageSize && <Pagination style={{ marginTop: 12 }} current={page} pageSize={q.data.pageSize} total={q.data.total} onChange={(n) => setParams({ page: n > 1 ? String(n) : undefined })} />}
        </>
      )}
      {openId && <ComplaintDrawer id={openId} onClose={() => setOpenId(null)} />}
    </div>
  );
}

function ComplaintDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  useFocusReturn();
  const drawerFocus = useDrawerFocus();
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const d = useQuery({ queryKey: [...COMPLAINTS_KEY, 'one', id], queryFn: ({ signal }) => getComplaint(id, signal) });
  const [priority, setPriority] = useState<Priority>('normal');
  const [assignee, setAssignee] = useState<string | undefined>();
  const [reply, setReply] = useState('');
  const [replyPublic, setReplyPublic] = useState(true);
  const [reason, setReason] = useState('');
  const done = () => {
    void message.success(t('publicInfo.complaints.detail.done'));
    void qc.invalidateQueries({ queryKey: COMPLAINTS_KEY });
  };
  const act = useMutation({
    mutationFn: async (a: { kind: 'accept' | 'assign' | 'reply' | 'resolved' | 'rejected'; c: Complaint }) => {
      if (a.kind === 'accept') return acceptComplaint(a.c.id, { priority, ...(assignee ? { assigneeId: assignee } : {}), version: a.c.version });
      if (a.kind === 'assign') return assignComplaint(a.c.id, { assigneeId: assignee!, version: a.c.version });
      if (a.kind === 'reply') return replyComplaint(a.c.id, { text: reply.trim(), public: replyPublic, version: a.c.version });
      return closeComplaint(a.c.id, { outcome: a.kind, reason: reason.trim(), version: a.c.version });
    },
    onSuccess: (_r, a) => {
      if (a.kind === 'reply') setReply('');
      done();
    },
  });
  const mayHandle = hasPermission(me, 'complaint:handle');
  const c = d.data?.complaint;
  const open = c && (c.status === 'new' || c.status === 'accepted');
  return (
    <Drawer {...drawerFocus} open width={560} onClose={onClose} title={c ? t('publicInfo.complaints.detail.title', { ticket: c.ticket }) : ''} destroyOnHidden>
      {d.isPending ? <Skeleton active /> : d.isError ? <ErrorAlert error={d.error} /> : c && (
        <div data-testid="pi-detail" data-status={c.status}>
          <div className="rx-pi-tags">
            <Tag>{t(`publicInfo.complaintCategories.${c.category}`)}</Tag>
            <Tag data-testid="pi-detail-status">{t(`publicInfo.complaintStatuses.${c.status}`)}</Tag>
            <SlaTag c={c} now={new Date()} />
          </div>
          <dl className="rx-facts">
            <div><dt>{t('publicInfo.complaints.detail.community')}</dt><dd>{c.communityName}</dd></div>
            <div><dt>{t('publicInfo.complaints.detail.place')}</dt><dd>{c.place}</dd></div>
            <div><dt>{t('publicInfo.complaints.detail.description')}</dt><dd>{c.description}</dd></div>
            <div><dt>{t('publicInfo.complaints.detail.contact')}</dt><dd data-testid="pi-detail-contact">{c.contactMasked ?? t('publicInfo.complaints.detail.none')}</dd></div>
            <div><dt>{t('publicInfo.complaints.detail.submitted')}</dt><dd>{at(c.submittedAt)}</dd></div>
            <div><dt>{t('publicInfo.complaints.due')}</dt><dd>{at(c.dueAt)}</dd></div>
            <div><dt>{t('publicInfo.complaints.detail.priority')}</dt><dd>{t(`publicInfo.priorities.${c.priority}`)}</dd></div>
            <div><dt>{t('publicInfo.complaints.detail.assignee')}</dt><dd data-testid="pi-detail-assignee">{c.assignee?.name ?? t('publicInfo.complaints.detail.none')}</dd></div>
            {c.resolution && <div><dt>{t('publicInfo.complaints.detail.resolution')}</dt><dd>{c.resolution}</dd></div>}
          </dl>
          {c.laneReport && <Typography.Paragraph data-testid="pi-detail-lane">{t('publicInfo.complaints.detail.laneReport', { ref: c.laneReport.ref, status: c.laneReport.status })}</Typography.Paragraph>}
          {c.hasPhoto && <img className="rx-pi-photo" src={complaintPhotoUrl(c.id)} alt={t('publicInfo.complaints.detail.photo')} />}
          <Typography.Title level={5}>{t('publicInfo.complaints.detail.history')}</Typography.Title>
          <ul className="rx-pi-history" data-testid="pi-history">
            {d.data.history.map((h, i) => (
              <li key={i} data-kind={h.kind}>
                <span className="rx-pi-quiet">{at(h.at)} · {t(`publicInfo.events.${h.kind}`, { defaultValue: h.kind })}{h.by ? ` · ${h.by}` : ''}</span>
                {h.text && <div>{h.text}</div>}
              </li>
            ))}
          </ul>
          {act.isError && <ErrorAlert error={act.error} />}
          {mayHandle && open && (
            <Form layout="vertical">
              {d.data.assignable.length > 0 && (
                <>
                  {c.status === 'new' && (
                    <Form.Item label={t('publicInfo.complaints.detail.priority')}>
                      <Radio.Group value={priority} onChange={(e) => setPriority(e.target.value as Priority)} options={PRIORITIES.map((p) => ({ value: p, label: t(`publicInfo.priorities.${p}`) }))} />
                    </Form.Item>
                  )}
                  <Form.Item label={t('publicInfo.complaints.detail.chooseAssignee')}>
                    <Select allowClear value={assignee} onChange={setAssignee} options={d.data.assignable.map((u) => ({ value: u.id, label: u.name }))} data-testid="pi-assignee" />
                  </Form.Item>
                  <Space wrap style={{ marginBottom: 16 }}>
                    {c.status === 'new' && <Button type="primary" loading={act.isPending} onClick={() => void act.mutateAsync({ kind: 'accept', c }).catch(() => undefined)} data-testid="pi-accept">{t('publicInfo.complaints.detail.accept')}</Button>}
                    <Button disabled={!assignee} loading={act.isPending} onClick={() => void act.mutateAsync({ kind: 'assign', c }).catch(() => undefined)} data-testid="pi-assign">{t('publicInfo.complaints.detail.assign')}</Button>
                  </Space>
                </>
              )}
              <Form.Item label={t('publicInfo.complaints.detail.reply')}>
                <Radio.Group value={replyPublic} onChange={(e) => setReplyPublic(e.target.value as boolean)} style={{ marginBottom: 8 }}
                  options={[{ value: true, label: t('publicInfo.complaints.detail.replyPublic') }, { value: false, label: t('publicInfo.complaints.detail.replyNote') }]} />
                <Input.TextArea rows={3} maxLength={REPLY_MAX} value={reply} onChange={(e) => setReply(e.target.value)} data-testid="pi-reply-text" />
                <Button style={{ marginTop: 8 }} disabled={!reply.trim()} loading={act.isPending} onClick={() => void act.mutateAsync({ kind: 'reply', c }).catch(() => undefined)} data-testid="pi-reply-send">
                  {t('publicInfo.complaints.detail.send')}
                </Button>
              </Form.Item>
              <Form.Item label={t('publicInfo.complaints.detail.reason')}>
                <Input.TextArea rows={3} maxLength={REPLY_MAX} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="pi-reason" />
                <Space wrap style={{ marginTop: 8 }}>
                  <Button type="primary" disabled={!reason.trim()} loading={act.isPending} onClick={() => void act.mutateAsync({ kind: 'resolved', c }).catch(() => undefined)} data-testid="pi-resolve">{t('publicInfo.complaints.detail.close')}</Button>
                  <Button danger disabled={!reason.trim()} loading={act.isPending} onClick={() => void act.mutateAsync({ kind: 'rejected', c }).catch(() => undefined)} data-testid="pi-reject">{t('publicInfo.complaints.detail.reject')}</Button>
                </Space>
              </Form.Item>
            </Form>
          )}
        </div>
      )}
    </Drawer>
  );
}
