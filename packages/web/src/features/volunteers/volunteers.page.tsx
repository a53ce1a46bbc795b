// 志愿者 (volunteer:read; ADR 0085): the community's 报名审核 (通过 → the roster, 不通过 with a reason), 名册 (skills, days
// free, hours, shifts done) and 班次 of a week (slots filled, who is on them and their check-in state); with
// volunteer:manage, 发布班次 and 安排 a roster volunteer on a shift. The public application address is shown for the
// secretary to copy into the community's WeChat group. The tab, the status and the week are kept in the address.
import { useState, type ReactNode } from 'react';
import { App, Button, Empty, Form, Input, InputNumber, Segmented, Select, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { Modal, Popconfirm } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { DataTable } from '../../lib/table';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure, Figures } from '../../lib/figures-card';
import { useMutation } from '../../lib/single-flight';
import { useUrlState } from '../../lib/url-state';
import {
  APPLICATION_STATUSES, assignToShift, BANDS, createShift, decideApplication, getMeta, listAccounts, listApplications, listRoster, listShifts, NOTE_MAX, PLACE_MAX, REASON_MAX,
  retireVolunteer, ROSTER_STATUSES, SHIFT_KINDS, SKILLS, SLOTS_MAX, TITLE_MAX, updateVolunteer, VOLUNTEERS_KEY, WEEKDAYS, type Application, type ApplicationStatus, type Availability,
  type RosterEntry, type RosterStatus, type Meta, type Shift, type ShiftKind,
} from './api';
import { accountOptions, addDays, applyAddress, at, checkState, clockOf, shanghaiDay, validDay, weekOf, wordsOf } from './volunteers.logic';
import './volunteers.css';

type Tab = 'applications' | 'roster' | 'shifts';
const TABS: Tab[] = ['applications', 'roster', 'shifts'];

const dayOf = (iso: string) => shanghaiDay(new Date(iso));

function useVolMeta() {
  return useQuery({ queryKey: [...VOLUNTEERS_KEY, 'meta'], queryFn: ({ signal }) => getMeta(signal), staleTime: 600_000 });
}

export function VolunteersPage() {
  const { t } = useTranslation();
  usePageTitle(t('volunteers.title'));
  const me = useMe();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const tab: Tab = TABS.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'applications';
  const mayManage = hasPermission(me, 'volunteer:manage');
  const meta = useVolMeta();
  const item = (key: Tab, node: ReactNode) => ({ key, label: <span data-testid={`vol-tab-${key}`}>{t(`volunteers.tabs.${key}`)}</span>, children: tab === key ? node : null });
  return (
    <div className="rx-vol-page" data-testid="vol-page">
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('volunteers.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('volunteers.description')}</Typography.Paragraph>
      {me?.org.level === 'community' && (
        <div className="rx-vol-link" data-testid="vol-apply-link">
          <div className="rx-vol-quiet">{t('volunteers.link.label')}</div>
          <Typography.Text copyable={{ tooltips: [t('volunteers.link.copy'), t('volunteers.link.copied')] }} data-testid="vol-apply-address">
            {applyAddress(window.location.origin, me.org.code)}
          </Typography.Text>
        </div>
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k === 'applications' ? null : k, status: null, week: null, roster: null }, { replace: true })}
        size={isMobile ? 'middle' : 'large'}
        items={[
          item('applications', <ApplicationsTab meta={meta.data} mayManage={mayManage} />),
          item('roster', <RosterTab meta={meta.data} mayManage={mayManage} />),
          item('shifts', <ShiftsTab meta={meta.data} mayManage={mayManage} />),
        ]}
      />
    </div>
  );
}

function ApplicationsTab({ meta, mayManage }: { meta: Meta | undefined; mayManage: boolean }) {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useUrlState();
  const status: ApplicationStatus = APPLICATION_STATUSES.includes(params.get('status') as ApplicationStatus) ? (params.get('status') as ApplicationStatus) : 'pending';
  const q = useQuery({ queryKey: [...VOLUNTEERS_KEY, 'applications', status], queryFn: ({ signal }) => listApplications(status, signal) });
  const [rejecting, setRejecting] = useState<Application | null>(null);
  const [approving, setApproving] = useState<Application | null>(null);
  const lang = i18n.language;
  return (
    <div data-testid="vol-applications">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<ApplicationStatus> value={status} onChange={(v) => setParams({ status: v === 'pending' ? null : v }, { replace: true })}
          options={APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`volunteers.statuses.${s}`) }))} data-testid="vol-app-status" />
        <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()}>{t('volunteers.refresh')}</Button>
      </Space>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : !q.data.items.length ? <Empty description={t('volunteers.applications.empty')} /> : (
        <ul className="rx-vol-list">
          {q.data.items.map((a) => (
            <li key={a.id} className="rx-card rx-vol-card" data-testid="vol-application" data-status={a.status} data-phone={a.phoneMasked}>
              <h3>{a.nameMasked} · {a.phoneMasked}</h3>
              <div className="rx-vol-tags">
                <Tag color={a.status === 'pending' ? 'blue' : a.status === 'approved' ? 'green' : 'default'}>{t(`volunteers.statuses.${a.status}`)}</Tag>
                <span className="rx-vol-quiet">{t('volunteers.applications.submitted')} {at(a.createdAt)}{a.decidedAt ? ` · ${t('volunteers.applications.decidedAt')} ${at(a.decidedAt)}` : ''}</span>
              </div>
              <dl className="rx-facts">
                <div><dt>{t('volunteers.applications.skills')}</dt><dd>{wordsOf(a.skills, meta?.skills, lang)}</dd></div>
                <div><dt>{t('volunteers.applications.availability')}</dt><dd>{wordsOf(a.availability.weekdays, meta?.weekdays, lang)} · {wordsOf(a.availability.bands, meta?.bands, lang)}</dd></div>
                {a.note && <div><dt>{t('volunteers.applications.note')}</dt><dd>{a.note}</dd></div>}
                {a.reason && <div><dt>{t('volunteers.applications.reason')}</dt><dd>{a.reason}</dd></div>}
              </dl>
              {mayManage && a.status === 'pending' && (
                <div className="rx-vol-actions">
                  <Button type="primary" onClick={() => setApproving(a)} data-testid="vol-approve">
                    {t('volunteers.applications.approve')}
                  </Button>
                  <Button danger onClick={() => setRejecting(a)} data-testid="vol-reject">{t('volunteers.applications.reject')}</Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {rejecting && <RejectModal a={rejecting} onClose={() => setRejecting(null)} />}
      {approving && <ApproveModal a={approving} onClose={() => setApproving(null)} />}
    </div>
  );
}

function ApproveModal({ a, onClose }: { a: Application; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const accounts = useQuery({ queryKey: [...VOLUNTEERS_KEY, 'accounts'], queryFn: ({ signal }) => listAccounts(signal) });
  const [userId, setUserId] = useState<string | undefined>();
  const approve = useMutation({
    mutationFn: () => decideApplication(a.id, { decision: 'approve', version: a.version, ...(userId ? { userId } : {}) }),
    onSuccess: () => {
      void message.success(t('volunteers.applications.approved'));
      void qc.invalidateQueries({ queryKey: VOLUNTEERS_KEY });
      onClose();
    },
  });
  return (
    <Modal open title={t('volunteers.applications.approveTitle')} onCancel={onClose} destroyOnHidden
      okText={t('volunteers.applications.confirmApprove')} cancelText={t('volunteers.applications.cancel')} okButtonProps={{ loading: approve.isPending, 'data-testid': 'vol-approve-ok' } as never}
      onOk={() => void approve.mutateAsync().catch(() => undefined)}>
      <Typography.Paragraph>{a.nameMasked} · {a.phoneMasked}</Typography.Paragraph>
      {approve.isError && <ErrorAlert error={approve.error} />}
      {accounts.isError ? <ErrorAlert error={accounts.error} onRetry={() => void accounts.refetch()} /> : (
        <Form layout="vertical">
          <Form.Item label={t('volunteers.applications.linkAccount')} htmlFor="vol-approve-account" extra={t('volunteers.applications.linkHint')}>
            <Select id="vol-approve-account" allowClear loading={accounts.isPending} value={userId} onChange={setUserId} placeholder={t('volunteers.applications.noAccount')}
              options={accountOptions(accounts.data?.items ?? [], t)} data-testid="vol-approve-account" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

function RejectModal({ a, onClose }: { a: Application; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason?: string }>();
  const reject = useMutation({
    mutationFn: (reason: string) => decideApplication(a.id, { decision: 'reject', reason, version: a.version }),
    onSuccess: () => {
      void message.success(t('volunteers.applications.rejected'));
      void qc.invalidateQueries({ queryKey: VOLUNTEERS_KEY });
      onClose();
    },
  });
  return (
    <Modal open title={t('volunteers.applications.rejectTitle')} onCancel={onClose} destroyOnHidden
      okText={t('volunteers.applications.confirmReject')} cancelText={t('volunteers.applications.cancel')} okButtonProps={{ danger: true, loading: reject.isPending, 'data-testid': 'vol-reject-ok' } as never}
      onOk={() => void form.validateFields().then((v) => reject.mutateAsync((v.reason ?? '').trim())).catch(() => undefined)}>
      <Typography.Paragraph>{a.nameMasked} · {a.phoneMasked}</Typography.Paragraph>
      {reject.isError && <ErrorAlert error={reject.error} form={form} labels={{ reason: t('volunteers.applications.reason') }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('volunteers.applications.rejectReason')} rules={[{ required: true, whitespace: true, message: t('volunteers.applications.required') }]}>
          <Input.TextArea rows={3} maxLength={REASON_MAX} data-testid="vol-reject-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RosterTab({ meta, mayManage }: { meta: Meta | undefined; mayManage: boolean }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const status: RosterStatus = ROSTER_STATUSES.includes(params.get('roster') as RosterStatus) ? (params.get('roster') as RosterStatus) : 'active';
  const q = useQuery({ queryKey: [...VOLUNTEERS_KEY, 'roster', status], queryFn: ({ signal }) => listRoster(signal, status) });
  const [editing, setEditing] = useState<RosterEntry | null>(null);
  const [retiring, setRetiring] = useState<RosterEntry | null>(null);
  const lang = i18n.language;
  const retired = status === 'retired';
  const actions = (v: RosterEntry) => mayManage && (
    <Space wrap>
      {!retired && <Button onClick={() => setEditing(v)} data-testid="vol-roster-edit">{t('volunteers.roster.edit')}</Button>}
      {!retired && <Button danger onClick={() => setRetiring(v)} data-testid="vol-roster-retire">{t('volunteers.roster.retire')}</Button>}
      {retired && <ReinstateButton v={v} />}
    </Space>
  );
  const body = () => {
    if (q.isPending) return <Skeleton active />;
    if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
    if (!q.data.items.length) return <Empty description={t(retired ? 'volunteers.roster.emptyRetired' : 'volunteers.roster.empty')} />;
    const total = Math.round(q.data.items.reduce((s, v) => s + v.minutes, 0) / 6) / 10;
    return (
      <>
        {!retired && (
          <Figures>
            <Figure testId="vol-fig-people" value={q.data.items.length} label={t('volunteers.roster.people')} />
            <Figure testId="vol-fig-hours" value={total} label={t('volunteers.roster.hours')} />
          </Figures>
        )}
        {isMobile ? (
          <ul className="rx-vol-list" style={{ marginTop: 12 }}>
            {q.data.items.map((v) => (
              <li key={v.id} className="rx-card rx-vol-card" data-testid="vol-roster-row">
                <h3>{v.nameMasked}{v.phoneMasked ? ` · ${v.phoneMasked}` : ''}</h3>
                <div className="rx-vol-tags">
                  {v.account && <Tag color="green">{t('volunteers.roster.linked')}</Tag>}
                  <span className="rx-vol-quiet">{t('volunteers.roster.joined')} {dayOf(v.joinedAt)}</span>
                  {v.retiredAt && <span className="rx-vol-quiet">{t('volunteers.roster.retiredAt')} {dayOf(v.retiredAt)}</span>}
                </div>
                {v.retiredReason && <div>{t('volunteers.roster.retiredReason')}：{v.retiredReason}</div>}
                <div>{wordsOf(v.skills, meta?.skills, lang)}</div>
                <div className="rx-vol-quiet">{wordsOf(v.availability.weekdays, meta?.weekdays, lang)} · {wordsOf(v.availability.bands, meta?.bands, lang)}</div>
                <div>{t('volunteers.roster.hours')}：<strong>{v.hours}</strong> · {t('volunteers.roster.shiftsDone')}：<strong>{v.shiftsDone}</strong></div>
                {mayManage && <div className="rx-vol-actions">{actions(v)}</div>}
              </li>
            ))}
          </ul>
        ) : (
          <DataTable<RosterEntry> rowKey="id" size="middle" pagination={false} style={{ marginTop: 12 }} dataSource={q.data.items}
            onRow={() => ({ 'data-testid': 'vol-roster-row' } as never)}
            columns={[
              { title: t('volunteers.roster.name'), key: 'name', render: (_, v) => <>{v.nameMasked}{v.account && <Tag color="green" style={{ marginLeft: 6 }} title={v.account.name}>{t('volunteers.roster.linked')}</Tag>}</> },
              { title: t('volunteers.roster.phone'), dataIndex: 'phoneMasked' },
              { title: t('volunteers.roster.skills'), key: 'skills', render: (_, v) => wordsOf(v.skills, meta?.skills, lang) },
              { title: t('volunteers.roster.availability'), key: 'av', render: (_, v) => `${wordsOf(v.availability.weekdays, meta?.weekdays, lang)} · ${wordsOf(v.availability.bands, meta?.bands, lang)}` },
              { title: t('volunteers.roster.hours'), dataIndex: 'hours', align: 'right' },
              { title: t('volunteers.roster.shiftsDone'), dataIndex: 'shiftsDone', align: 'right' },
              retired
                ? { title: t('volunteers.roster.retiredAt'), key: 'left', render: (_, v) => <>{v.retiredAt ? dayOf(v.retiredAt) : ''}<div className="rx-vol-quiet">{v.retiredReason}</div></> }
                : { title: t('volunteers.roster.joined'), key: 'joined', render: (_, v) => dayOf(v.joinedAt) },
              ...(mayManage ? [{ title: t('volunteers.roster.actions'), key: 'actions', render: (_: unknown, v: RosterEntry) => actions(v) }] : []),
            ]} />
        )}
      </>
    );
  };
  return (
    <div data-testid="vol-roster">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<RosterStatus> value={status} onChange={(v) => setParams({ roster: v === 'active' ? null : v }, { replace: true })}
          options={ROSTER_STATUSES.map((x) => ({ value: x, label: t(`volunteers.roster.status.${x}`) }))} data-testid="vol-roster-status" />
        <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()}>{t('volunteers.refresh')}</Button>
      </Space>
      {body()}
      {editing && <EditVolunteerModal v={editing} meta={meta} onClose={() => setEditing(null)} />}
      {retiring && <RetireModal v={retiring} onClose={() => setRetiring(null)} />}
    </div>
  );
}

function ReinstateButton({ v }: { v: RosterEntry }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const back = useMutation({
    mutationFn: () => retireVolunteer(v.id, { retire: false, version: v.version }),
    onSuccess: () => {
      void message.success(t('volunteers.roster.reinstated'));
      void qc.invalidateQueries({ queryKey: VOLUNTEERS_KEY });
    },
    onError: (e) => void message.error(e instanceof Error ? e.message : String(e)),
  });
  return (
    <Popconfirm title={t('volunteers.roster.reinstateConfirm', { name: v.nameMasked })} okText={t('volunteers.roster.reinstate')} cancelText={t('volunteers.applications.cancel')}
      okButtonProps={{ 'data-testid': 'vol-reinstate-ok' } as never} onConfirm={() => back.mutateAsync().catch(() => undefined)}>
      <Button loading={back.isPending} data-testid="vol-roster-reinstate">{t('volunteers.roster.reinstate')}</Button>
    </Popconfirm>
  );
}

type EditValues = { skills: string[]; weekdays: string[]; bands: string[]; userId?: string };

function EditVolunteerModal({ v, meta, onClose }: { v: RosterEntry; meta: Meta | undefined; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const accounts = useQuery({ queryKey: [...VOLUNTEERS_KEY, 'accounts'], queryFn: ({ signal }) => listAccounts(signal) });
  const [form] = Form.useForm<EditValues>();
  const name = (list: Meta['skills'] | undefined, code: string) => list?.find((x) => x.code === code)?.[i18n.language.startsWith('en') ? 'en' : 'zh'] ?? code;
  const save = useMutation({
    mutationFn: (x: EditValues) => {
      const availability: Availability = { weekdays: x.weekdays, bands: x.bands };
      return updateVolunteer(v.id, { skills: x.skills, availability, userId: x.userId ?? null, version: v.version });
    },
    onSuccess: () => {
      void message.success(t('volunteers.roster.saved'));
      void qc.invalidateQueries({ queryKey: VOLUNTEERS_KEY });
      onClose();
    },
  });
  const required = [{ required: true, type: 'array' as const, min: 1, message: t('volunteers.roster.choose') }];
  return (
    <Modal open title={t('volunteers.roster.editTitle', { name: v.nameMasked })} onCancel={onClose} destroyOnHidden okText={t('volunteers.roster.save')}
      cancelText={t('volunteers.applications.cancel')} okButtonProps={{ loading: save.isPending, 'data-testid': 'vol-edit-ok' } as never}
      onOk={() => void form.validateFields().then((x) => save.mutateAsync(x)).catch(() => undefined)}>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={{ skills: t('volunteers.roster.skills'), userId: t('volunteers.roster.account') }} />}
      <Form form={form} layout="vertical" initialValues={{ skills: v.skills, weekdays: v.availability.weekdays, bands: v.availability.bands, userId: v.account?.id }}>
        <Form.Item name="skills" label={t('volunteers.roster.skills')} rules={required}>
          <Select mode="multiple" data-testid="vol-edit-skills" options={SKILLS.map((c) => ({ value: c, label: name(meta?.skills, c) }))} />
        </Form.Item>
        <Form.Item name="weekdays" label={t('volunteers.public.weekdays')} rules={required}>
          <Select mode="multiple" options={WEEKDAYS.map((c) => ({ value: c, label: name(meta?.weekdays, c) }))} />
        </Form.Item>
        <Form.Item name="bands" label={t('volunteers.public.bands')} rules={required}>
          <Select mode="multiple" options={BANDS.map((c) => ({ value: c, label: name(meta?.bands, c) }))} />
        </Form.Item>
        <Form.Item name="userId" label={t('volunteers.roster.account')}>
          <Select allowClear loading={accounts.isPending} placeholder={t('volunteers.roster.noAccount')} data-testid="vol-edit-account"
            options={accountOptions(accounts.data?.items ?? [], t, v.id)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RetireModal({ v, onClose }: { v: RosterEntry; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason?: string }>();
  const retire = useMutation({
    mutationFn: (reason: string) => retireVolunteer(v.id, { retire: true, reason, version: v.version }),
    onSuccess: (r) => {
      void message.success(t('volunteers.roster.retiredDone', { count: r.freedShifts }));
      void qc.invalidateQueries({ queryKey: VOLUNTEERS_KEY });
      onClose();
    },
  });
  return (
    <Modal open title={t('volunteers.roster.retireTitle', { name: v.nameMasked })} onCancel={onClose} destroyOnHidden
      okText={t('volunteers.roster.confirmRetire')} cancelText={t('volunteers.applications.cancel')} okButtonProps={{ danger: true, loading: retire.isPending, 'data-testid': 'vol-retire-ok' } as never}
      onOk={() => void form.validateFields().then((x) => retire.mutateAsync((x.reason ?? '').trim())).catch(() => undefined)}>
      <Typography.Paragraph type="secondary">{t('volunteers.roster.retireHint')}</Typography.Paragraph>
      {retire.isError && <ErrorAlert error={retire.error} form={form} labels={{ reason: t('volunteers.roster.retireReason') }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('volunteers.roster.retireReason')} rules={[{ required: true, whitespace: true, message: t('volunteers.roster.required') }]}>
          <Input.TextArea rows={2} maxLength={REASON_MAX} data-testid="vol-retire-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ShiftsTab({ meta, mayManage }: { meta: Meta | undefined; mayManage: boolean }) {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useUrlState();
  const today = shanghaiDay(new Date());
  const { from, to } = weekOf(validDay(params.get('week')) ?? today);
  const q = useQuery({ queryKey: [...VOLUNTEERS_KEY, 'shifts', from, to], queryFn: ({ signal }) => listShifts(from, to, signal) });
  const [publishing, setPublishing] = useState(false);
  const [assigning, setAssigning] = useState<Shift | null>(null);
  const week = (d: string | null) => setParams({ week: d }, { replace: true });
  const lang = i18n.language;
  const kindName = (k: string) => wordsOf([k], meta?.kinds, lang);
  return (
    <div data-testid="vol-shifts">
      <div className="rx-vol-week">
        <Button onClick={() => week(addDays(from, -7))} data-testid="vol-week-prev">{t('volunteers.shifts.prevWeek')}</Button>
        <strong data-testid="vol-week">{t('volunteers.shifts.range', { from, to })}</strong>
        <Button onClick={() => week(addDays(from, 7))} data-testid="vol-week-next">{t('volunteers.shifts.nextWeek')}</Button>
        {from !== weekOf(today).from && <Button type="link" onClick={() => week(null)}>{t('volunteers.shifts.thisWeek')}</Button>}
        {mayManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setPublishing(true)} data-testid="vol-publish">{t('volunteers.shifts.publish')}</Button>}
      </div>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : !q.data.items.length ? <Empty description={t('volunteers.shifts.empty')} /> : (
        <ul className="rx-vol-list">
          {q.data.items.map((s) => {
            const past = s.day < today;
            const full = s.filled >= s.slots;
            return (
              <li key={s.id} className="rx-card rx-vol-card" data-testid="vol-shift" data-title={s.title}>
                <h3>{s.title}</h3>
                <div className="rx-vol-tags">
                  <Tag>{kindName(s.kind)}</Tag>
                  <Tag color={full ? 'orange' : 'blue'} data-testid="vol-shift-filled">{t('volunteers.shifts.filled', { filled: s.filled, slots: s.slots })}</Tag>
                  {past && <Tag>{t('volunteers.shifts.past')}</Tag>}
                  <span className="rx-vol-quiet">{s.day} {s.starts}–{s.ends} · {s.place}</span>
                </div>
                {s.skill && <div className="rx-vol-quiet">{t('volunteers.shifts.skill', { skill: wordsOf([s.skill], meta?.skills, lang) })}</div>}
                {s.note && <div>{s.note}</div>}
                <ul className="rx-vol-members" aria-label={t('volunteers.shifts.members')}>
                  {(s.members ?? []).map((m) => {
                    const st = checkState(m);
                    return (
                      <li key={m.id} data-testid="vol-shift-member" data-state={st}>
                        <span>{m.nameMasked}</span>
                        <Tag bordered={false}>{t(`volunteers.shifts.source.${m.source}`)}</Tag>
                        <Tag color={st === 'done' ? 'green' : st === 'in' ? 'blue' : 'default'}>
                          {t(`volunteers.shifts.state.${st}`, { at: clockOf(m.checkedInAt), minutes: m.minutes ?? 0 })}
                        </Tag>
                      </li>
                    );
                  })}
                  {!s.members?.length && <li className="rx-vol-quiet">{t('volunteers.shifts.noMembers')}</li>}
                </ul>
                {mayManage && !past && !full && (
                  <div className="rx-vol-actions"><Button onClick={() => setAssigning(s)} data-testid="vol-assign">{t('volunteers.shifts.assign')}</Button></div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {publishing && <PublishModal meta={meta} onClose={() => setPublishing(false)} onDone={(day) => { setPublishing(false); if (weekOf(day).from !== from) week(day); }} />}
      {assigning && <AssignModal shift={assigning} onClose={() => setAssigning(null)} />}
    </div>
  );
}

type ShiftValues = { kind?: ShiftKind; title?: string; place?: string; day?: string; starts?: string; ends?: string; slots?: number; skill?: string; note?: string };

function PublishModal({ meta, onClose, onDone }: { meta: Meta | undefined; onClose: () => void; onDone: (day: string) => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<ShiftValues>();
  const zh = i18n.language.startsWith('zh');
  const save = useMutation({
    mutationFn: (v: ShiftValues) => createShift({
      kind: v.kind ?? 'gate', title: (v.title ?? '').trim(), place: (v.place ?? '').trim(), day: v.day ?? '', starts: v.starts ?? '', ends: v.ends ?? '', slots: v.slots ?? 1,
      ...(v.skill ? { skill: v.skill } : {}), ...(v.note?.trim() ? { note: v.note.trim() } : {}),
    }),
    onSuccess: (s) => {
      void message.success(t('volunteers.editor.saved'));
      void qc.invalidateQueries({ queryKey: VOLUNTEERS_KEY });
      onDone(s.day);
    },
  });
  const labels = {
    kind: t('volunteers.editor.kind'), title: t('volunteers.editor.titleField'), place: t('volunteers.editor.place'), day: t('volunteers.editor.day'), starts: t('volunteers.editor.starts'),
    ends: t('volunteers.editor.ends'), slots: t('volunteers.editor.slots'), skill: t('volunteers.editor.skill'), note: t('volunteers.editor.note'),
  };
  const required = [{ required: true, whitespace: true, message: t('volunteers.editor.required') }];
  const named = (list: Meta['kinds'] | undefined, codes: readonly string[]) => codes.map((c) => ({ value: c, label: wordsOf([c], list, zh ? 'zh-CN' : 'en') }));
  return (
    <Modal open title={t('volunteers.editor.title')} onCancel={onClose} destroyOnHidden okText={t('volunteers.editor.save')} cancelText={t('volunteers.editor.cancel')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'vol-editor-save' } as never}
      onOk={() => void form.validateFields().then((v) => save.mutateAsync(v)).catch(() => undefined)}>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<ShiftValues> form={form} layout="vertical" name="shift" initialValues={{ kind: 'gate', day: shanghaiDay(new Date()), starts: '08:00', ends: '12:00', slots: 2 }}>
        <Form.Item name="kind" label={labels.kind} rules={[{ required: true, message: t('volunteers.editor.required') }]}>
          <Select options={named(meta?.kinds, SHIFT_KINDS)} data-testid="vol-e-kind" />
        </Form.Item>
        <Form.Item name="title" label={labels.title} rules={required}><Input maxLength={TITLE_MAX} placeholder={t('volunteers.editor.titleHint')} data-testid="vol-e-title" /></Form.Item>
        <Form.Item name="place" label={labels.place} rules={required}><Input maxLength={PLACE_MAX} placeholder={t('volunteers.editor.placeHint')} data-testid="vol-e-place" /></Form.Item>
        <Form.Item name="day" label={labels.day} rules={required}><Input type="date" data-testid="vol-e-day" /></Form.Item>
        <Space wrap>
          <Form.Item name="starts" label={labels.starts} rules={required}><Input type="time" data-testid="vol-e-starts" /></Form.Item>
          <Form.Item name="ends" label={labels.ends} dependencies={['starts']} rules={[...required, ({ getFieldValue }) => ({
            validator: (_: unknown, v?: string) => (!v || !getFieldValue('starts') || v > String(getFieldValue('starts')) ? Promise.resolve() : Promise.reject(new Error(t('volunteers.editor.endsAfter')))),
          })]}>
            <Input type="time" data-testid="vol-e-ends" />
          </Form.Item>
          <Form.Item name="slots" label={labels.slots} rules={[{ required: true, message: t('volunteers.editor.required') }]}>
            <InputNumber min={1} max={SLOTS_MAX} precision={0} data-testid="vol-e-slots" />
          </Form.Item>
        </Space>
        <Form.Item name="skill" label={labels.skill}>
          <Select allowClear options={named(meta?.skills, (meta?.skills ?? []).map((s) => s.code))} data-testid="vol-e-skill" />
        </Form.Item>
        <Form.Item name="note" label={labels.note}><Input.TextArea rows={2} maxLength={NOTE_MAX} data-testid="vol-e-note" /></Form.Item>
      </Form>
    </Modal>
  );
}

function AssignModal({ shift, onClose }: { shift: Shift; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const roster = useQuery({ queryKey: [...VOLUNTEERS_KEY, 'roster', 'active'], queryFn: ({ signal }) => listRoster(signal) });
  const [who, setWho] = useState<string | undefined>();
  const on = new Set((shift.members ?? []).map((m) => m.volunteerId));
  const assign = useMutation({
    mutationFn: (volunteerId: string) => assignToShift(shift.id, volunteerId),
    onSuccess: () => {
      void message.success(t('volunteers.shifts.assigned'));
      void qc.invalidateQueries({ queryKey: VOLUNTEERS_KEY });
      onClose();
    },
  });
  return (
    <Modal open title={t('volunteers.shifts.assignTitle', { title: shift.title })} onCancel={onClose} destroyOnHidden okText={t('volunteers.shifts.assignOk')}
      cancelText={t('volunteers.editor.cancel')} okButtonProps={{ disabled: !who, loading: assign.isPending, 'data-testid': 'vol-assign-ok' } as never}
      onOk={() => void (who ? assign.mutateAsync(who).catch(() => undefined) : undefined)}>
      <Typography.Paragraph className="rx-vol-quiet">{shift.day} {shift.starts}–{shift.ends} · {shift.place} · {t('volunteers.shifts.filled', { filled: shift.filled, slots: shift.slots })}</Typography.Paragraph>
      {assign.isError && <ErrorAlert error={assign.error} />}
      {roster.isError ? <ErrorAlert error={roster.error} onRetry={() => void roster.refetch()} /> : (
        <Form layout="vertical">
          <Form.Item label={t('volunteers.shifts.chooseVolunteer')} htmlFor="vol-assign-who">
            <Select id="vol-assign-who" showSearch optionFilterProp="label" loading={roster.isPending} value={who} onChange={setWho} data-testid="vol-assign-who"
              options={(roster.data?.items ?? []).map((v) => ({ value: v.id, label: `${v.nameMasked} ${v.phoneMasked}`, disabled: on.has(v.id) }))} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
