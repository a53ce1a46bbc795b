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
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { DataTable } from '../../lib/table';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure, Figures } from '../../lib/figures-card';
import { useMutation } from '../../lib/single-flight';
import { useUrlState } from '../../lib/url-state';
import {
  APPLICATION_STATUSES, assignToShift, createShift, decideApplication, getMeta, listApplications, listRoster, listShifts, NOTE_MAX, PLACE_MAX, REASON_MAX, SHIFT_KINDS,
  SLOTS_MAX, TITLE_MAX, VOLUNTEERS_KEY, type Application, type ApplicationStatus, type RosterEntry, type Meta, type Shift, type ShiftKind,
} from './api';
import { addDays, applyAddress, at, checkState, clockOf, shanghaiDay, validDay, weekOf, wordsOf } from './volunteers.logic';
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
        onChange={(k) => setParams({ tab: k === 'applications' ? null : k, status: null, week: null }, { replace: true })}
        size={isMobile ? 'middle' : 'large'}
        items={[
          item('applications', <ApplicationsTab meta={meta.data} mayManage={mayManage} />),
          item('roster', <RosterTab meta={meta.data} />),
          item('shifts', <ShiftsTab meta={meta.data} mayManage={mayManage} />),
        ]}
      />
    </div>
  );
}

function ApplicationsTab({ meta, mayManage }: { meta: Meta | undefined; mayManage: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useUrlState();
  const status: ApplicationStatus = APPLICATION_STATUSES.includes(params.get('status') as ApplicationStatus) ? (params.get('status') as ApplicationStatus) : 'pending';
  const q = useQuery({ queryKey: [...VOLUNTEERS_KEY, 'applications', status], queryFn: ({ signal }) => listApplications(status, signal) });
  const [rejecting, setRejecting] = useState<Application | null>(null);
  const approve = useMutation({
    mutationFn: (a: Application) => decideApplication(a.id, { decision: 'approve', version: a.version }),
    onSuccess: () => {
      void message.success(t('volunteers.applications.approved'));
      void qc.invalidateQueries({ queryKey: VOLUNTEERS_KEY });
    },
  });
  const lang = i18n.language;
  return (
    <div data-testid="vol-applications">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<ApplicationStatus> value={status} onChange={(v) => setParams({ status: v === 'pending' ? null : v }, { replace: true })}
          options={APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`volunteers.statuses.${s}`) }))} data-testid="vol-app-status" />
        <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()}>{t('volunteers.refresh')}</Button>
      </Space>
      {approve.isError && <ErrorAlert error={approve.error} />}
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
                  <Button type="primary" loading={approve.isPending && approve.variables?.id === a.id} onClick={() => void approve.mutateAsync(a).catch(() => undefined)} data-testid="vol-approve">
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
    </div>
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

function RosterTab({ meta }: { meta: Meta | undefined }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const q = useQuery({ queryKey: [...VOLUNTEERS_KEY, 'roster'], queryFn: ({ signal }) => listRoster(signal) });
  const lang = i18n.language;
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data.items.length) return <Empty description={t('volunteers.roster.empty')} />;
  const total = Math.round(q.data.items.reduce((s, v) => s + v.minutes, 0) / 6) / 10;
  return (
    <div data-testid="vol-roster">
      <Figures>
        <Figure testId="vol-fig-people" value={q.data.items.length} label={t('volunteers.roster.people')} />
        <Figure testId="vol-fig-hours" value={total} label={t('volunteers.roster.hours')} />
      </Figures>
      {isMobile ? (
        <ul className="rx-vol-list" style={{ marginTop: 12 }}>
          {q.data.items.map((v) => (
            <li key={v.id} className="rx-card rx-vol-card" data-testid="vol-roster-row">
              <h3>{v.nameMasked} · {v.phoneMasked}</h3>
              <div className="rx-vol-tags">{v.linked && <Tag color="green">{t('volunteers.roster.linked')}</Tag>}<span className="rx-vol-quiet">{t('volunteers.roster.joined')} {dayOf(v.joinedAt)}</span></div>
              <div>{wordsOf(v.skills, meta?.skills, lang)}</div>
              <div className="rx-vol-quiet">{wordsOf(v.availability.weekdays, meta?.weekdays, lang)} · {wordsOf(v.availability.bands, meta?.bands, lang)}</div>
              <div>{t('volunteers.roster.hours')}：<strong>{v.hours}</strong> · {t('volunteers.roster.shiftsDone')}：<strong>{v.shiftsDone}</strong></div>
            </li>
          ))}
        </ul>
      ) : (
        <DataTable<RosterEntry> rowKey="id" size="middle" pagination={false} style={{ marginTop: 12 }} dataSource={q.data.items}
          onRow={() => ({ 'data-testid': 'vol-roster-row' } as never)}
          columns={[
            { title: t('volunteers.roster.name'), key: 'name', render: (_, v) => <>{v.nameMasked}{v.linked && <Tag color="green" style={{ marginLeft: 6 }}>{t('volunteers.roster.linked')}</Tag>}</> },
            { title: t('volunteers.roster.phone'), dataIndex: 'phoneMasked' },
            { title: t('volunteers.roster.skills'), key: 'skills', render: (_, v) => wordsOf(v.skills, meta?.skills, lang) },
            { title: t('volunteers.roster.availability'), key: 'av', render: (_, v) => `${wordsOf(v.availability.weekdays, meta?.weekdays, lang)} · ${wordsOf(v.availability.bands, meta?.bands, lang)}` },
            { title: t('volunteers.roster.hours'), dataIndex: 'hours', align: 'right' },
            { title: t('volunteers.roster.shiftsDone'), dataIndex: 'shiftsDone', align: 'right' },
            { title: t('volunteers.roster.joined'), key: 'joined', render: (_, v) => dayOf(v.joinedAt) },
          ]} />
      )}
    </div>
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
  const roster = useQuery({ queryKey: [...VOLUNTEERS_KEY, 'roster'], queryFn: ({ signal }) => listRoster(signal) });
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
