// 调度会 (command:read; ADR 0090): the agenda built from live figures (each item keeps the figure of its generation, with
// a link to where it is looked at), minutes per item, who is present, the decisions with owner and deadline; 结束会议
// locks the minutes, corrections follow as addenda. The page prints as the 会议纪要 (the controls stay off the paper).
import { useState } from 'react';
import { App, Button, Form, Input, Radio, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { Modal, useConfirm } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { shanghaiMinute, shanghaiToday } from '../../lib/shanghai-time';
import { useMutation } from '../../lib/single-flight';
import {
  addAddendum, addItem, ADDENDUM_MAX, COMMAND_KEY, decide, DECISION_DETAIL_MAX, DECISION_TITLE_MAX, endMeeting, generateAgenda, getCandidates, getGroups, getMeeting,
  ITEM_TITLE_MAX, MINUTES_MAX, saveMinutes, setAttendance, type AgendaItem, type MeetingView,
} from './api';
import { addDays, figureParts, overdueListed } from './command.logic';
import { DecisionLine } from './command.page';

function ItemMinutes({ item, editable, meetingKey }: { item: AgendaItem; editable: boolean; meetingKey: readonly unknown[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(item.minutes ?? '');
  const save = useMutation({
    mutationFn: () => saveMinutes(item.id, { minutes: text.trim(), version: item.version }),
    onSuccess: (m) => { qc.setQueryData(meetingKey, m); setEditing(false); void message.success(t('command.meeting.saved')); },
  });
  return (
    <div className="rx-command-minutes">
      <div className="rx-command-muted">{t('command.meeting.minutes')}</div>
      {editing ? (
        <div className="rx-no-print">
          <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} maxLength={MINUTES_MAX} autoSize={{ minRows: 3 }} data-testid="minutes-input" aria-label={t('command.meeting.minutes')} />
          {save.isError && <ErrorAlert error={save.error} />}
          <Space style={{ marginTop: 8 }}>
            <Button type="primary" disabled={!text.trim()} loading={save.isPending} onClick={() => void save.mutateAsync().catch(() => undefined)} data-testid="minutes-save">{t('command.meeting.saveMinutes')}</Button>
            <Button onClick={() => setEditing(false)}>{t('command.meeting.cancel')}</Button>
          </Space>
        </div>
      ) : (
        <>
          <div className="rx-command-pre" data-testid="agenda-minutes">{item.minutes ?? t('command.meeting.noMinutes')}</div>
          {editable && <Button size="small" className="rx-no-print" onClick={() => { setText(item.minutes ?? ''); setEditing(true); }} data-testid="minutes-edit">{t('command.meeting.writeMinutes')}</Button>}
        </>
      )}
    </div>
  );
}

export function MeetingPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const key = [...COMMAND_KEY, 'meeting', id] as const;
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => getMeeting(id, signal) });
  usePageTitle(q.data ? t('command.meeting.title', { date: q.data.meeting.date }) : t('command.title'));
  const [dialog, setDialog] = useState<'item' | 'attendance' | 'decide' | 'addendum' | null>(null);
  const put = (m: MeetingView) => { qc.setQueryData(key, m); void qc.invalidateQueries({ queryKey: COMMAND_KEY }); };
  const gen = useMutation({ mutationFn: () => generateAgenda(id), onSuccess: (m) => { put(m); void message.success(t('command.meeting.generated')); } });
  const end = useMutation({ mutationFn: (version: number) => endMeeting(id, { version }), onSuccess: (m) => { put(m); void message.success(t('command.meeting.ended')); } });
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const m = d.meeting;
  const open = m.status === 'open';
  const editable = d.canManage && open;
  const label = (i: AgendaItem) => (i.source === 'other' ? i.title : t(`command.sources.${i.source}`));
  return (
    <div className="rx-command" data-testid="meeting-page">
      <Link to={`/command?org=${encodeURIComponent(m.command.id)}`} className="rx-no-print">{t('command.meeting.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 24 }}>{m.command.name} · {t('command.meeting.title', { date: m.date })}</Typography.Title>
      <Space wrap className="rx-no-print">
        <span>{t('command.meeting.startsAt', { at: shanghaiMinute(m.startsAt) })}</span>
        <Tag color={open ? 'blue' : undefined} data-testid="meeting-status">{t(`command.status.${m.status}`)}</Tag>
        {m.agendaAt && <span className="rx-command-muted">{t('command.meeting.agendaAt', { at: shanghaiMinute(m.agendaAt) })}</span>}
      </Space>
      <Space wrap className="rx-no-print rx-command-actions">
        {editable && (
          <Button type="primary" loading={gen.isPending} onClick={() => void gen.mutateAsync().catch(() => undefined)} data-testid="meeting-generate">
            {d.items.some((i) => i.source !== 'other') ? t('command.meeting.regenerate') : t('command.meeting.generate')}
          </Button>
        )}
        {editable && <Button onClick={() => setDialog('item')} data-testid="meeting-add-item">{t('command.meeting.addItem')}</Button>}
        {editable && <Button onClick={() => setDialog('attendance')} data-testid="meeting-attendance">{t('command.meeting.setAttendance')}</Button>}
        {editable && <Button onClick={() => setDialog('decide')} data-testid="meeting-decide">{t('command.meeting.decide')}</Button>}
        {editable && (
          <Button danger loading={end.isPending} data-testid="meeting-end"
            onClick={() => confirm({ title: t('command.meeting.end'), content: t('command.meeting.endConfirm'), okButtonProps: { 'data-testid': 'meeting-end-ok' } as never, onOk: () => end.mutateAsync(m.version) })}>
            {t('command.meeting.end')}
          </Button>
        )}
        {d.canManage && !open && <Button onClick={() => setDialog('addendum')} data-testid="meeting-addendum">{t('command.meeting.addAddendum')}</Button>}
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>{t('command.meeting.print')}</Button>
      </Space>
      {gen.isError && <ErrorAlert error={gen.error} />}
      {end.isError && <ErrorAlert error={end.error} />}

      <section className="rx-sheet rx-command-sheet" data-testid="meeting-sheet">
        <h2 className="rx-sheet-h2">{m.command.name} {t('command.meeting.sheet')}</h2>
        <div className="rx-command-muted">{t('command.meeting.sheetMeta', { command: m.command.name, date: m.date, status: t(`command.status.${m.status}`) })}
          {m.endedAt && m.endedBy && <> · {t('command.meeting.endedAt', { at: shanghaiMinute(m.endedAt), name: m.endedBy.name })}</>}</div>
        <p><strong>{t('command.meeting.attendance')}：</strong><span data-testid="meeting-present">{d.attendance.length ? d.attendance.map((a) => a.name).join('、') : t('command.meeting.none')}</span></p>
        {!d.items.length ? <Typography.Paragraph type="secondary">{t('command.meeting.noAgenda')}</Typography.Paragraph> : (
          <ol className="rx-command-agenda">
            {d.items.map((i) => (
              <li key={i.id} className="rx-command-item" data-testid="agenda-item" data-source={i.source}>
                <div className="rx-command-item-head">
                  <span className="rx-command-strong">{label(i)}</span>
                  {i.figure !== null && <Tag color={i.figure > 0 ? 'red' : 'green'} className="rx-command-figure" data-testid="agenda-figure">{i.figure}</Tag>}
                  {i.link && <Link to={i.link} className="rx-no-print">{t('command.meeting.view')}</Link>}
                </div>
                {figureParts(i).length > 0 && (
                  <div className="rx-command-muted" data-testid="agenda-parts">{t('command.meeting.figureAt')}：{figureParts(i).map(([k, n]) => t(`command.figures.${k}`, { n })).join(' · ')}</div>
                )}
                {overdueListed(i).length > 0 && (
                  <ul>{overdueListed(i).map((x) => <li key={x.id}>{x.title}（{x.owner}，{t('command.due', { date: x.dueDate })}）</li>)}</ul>
                )}
                <ItemMinutes item={i} editable={editable} meetingKey={key} />
              </li>
            ))}
          </ol>
        )}
        <h3>{t('command.meeting.decisions')}</h3>
        {!d.decisions.length ? <div className="rx-command-muted">{t('command.meeting.none')}</div> : (
          <ul className="rx-command-list" data-testid="meeting-decisions">{d.decisions.map((x) => <DecisionLine key={x.id} d={x} />)}</ul>
        )}
        {d.addenda.length > 0 && (
          <>
            <h3>{t('command.meeting.addenda')}</h3>
            <ul className="rx-command-list" data-testid="meeting-addenda">
              {d.addenda.map((a) => <li key={a.id}><div className="rx-command-pre">{a.body}</div><span className="rx-command-muted">{a.by.name} · {shanghaiMinute(a.at)}</span></li>)}
            </ul>
          </>
        )}
      </section>
      {dialog === 'item' && <ItemModal id={id} onDone={(v) => { put(v); setDialog(null); }} onClose={() => setDialog(null)} />}
      {dialog === 'addendum' && <AddendumModal id={id} onDone={(v) => { put(v); setDialog(null); }} onClose={() => setDialog(null)} />}
      {dialog === 'attendance' && <AttendanceModal view={d} onDone={(v) => { put(v); setDialog(null); }} onClose={() => setDialog(null)} />}
      {dialog === 'decide' && <DecideModal view={d} onDone={() => { void qc.invalidateQueries({ queryKey: COMMAND_KEY }); setDialog(null); }} onClose={() => setDialog(null)} />}
    </div>
  );
}

function ItemModal({ id, onDone, onClose }: { id: string; onDone: (m: MeetingView) => void; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const [form] = Form.useForm<{ title: string }>();
  const go = useMutation({ mutationFn: (v: { title: string }) => addItem(id, { title: v.title.trim() }), onSuccess: onDone });
  return (
    <Modal open title={t('command.meeting.addItem')} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: go.isPending } as never}
      onOk={() => void form.validateFields().then((v) => go.mutateAsync(v)).catch(() => undefined)}>
      {go.isError && <ErrorAlert error={go.error} form={form} labels={{ title: t('command.meeting.itemTitle') }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="title" label={t('command.meeting.itemTitle')} rules={[{ required: true, whitespace: true, message: t('command.meeting.required') }]}><Input maxLength={ITEM_TITLE_MAX} /></Form.Item>
      </Form>
    </Modal>
  );
}

function AddendumModal({ id, onDone, onClose }: { id: string; onDone: (m: MeetingView) => void; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const [form] = Form.useForm<{ body: string }>();
  const go = useMutation({ mutationFn: (v: { body: string }) => addAddendum(id, { body: v.body.trim() }), onSuccess: onDone });
  return (
    <Modal open title={t('command.meeting.addAddendum')} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: go.isPending, 'data-testid': 'addendum-ok' } as never}
      onOk={() => void form.validateFields().then((v) => go.mutateAsync(v)).catch(() => undefined)}>
      {go.isError && <ErrorAlert error={go.error} form={form} labels={{ body: t('command.meeting.addenda') }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="body" label={t('command.meeting.addenda')} extra={t('command.meeting.hint')} rules={[{ required: true, whitespace: true, message: t('command.meeting.required') }]}>
          <Input.TextArea maxLength={ADDENDUM_MAX} autoSize={{ minRows: 3 }} data-testid="addendum-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AttendanceModal({ view, onDone, onClose }: { view: MeetingView; onDone: (m: MeetingView) => void; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const orgId = view.meeting.command.id;
  const people = useQuery({ queryKey: [...COMMAND_KEY, orgId, 'candidates'], queryFn: ({ signal }) => getCandidates(orgId, signal) });
  const [ids, setIds] = useState<string[]>(view.attendance.map((a) => a.id));
  const go = useMutation({ mutationFn: () => setAttendance(view.meeting.id, { userIds: ids }), onSuccess: onDone });
  return (
    <Modal open title={t('command.meeting.setAttendance')} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: go.isPending, 'data-testid': 'attendance-ok' } as never}
      onOk={() => void go.mutateAsync().catch(() => undefined)}>
      {go.isError && <ErrorAlert error={go.error} />}
      <Select mode="multiple" style={{ width: '100%' }} value={ids} onChange={setIds} loading={people.isPending} aria-label={t('command.meeting.attendance')} data-testid="attendance-select"
        optionFilterProp="label" options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.orgName}）` }))} />
    </Modal>
  );
}

type DecideValues = { title: string; detail?: string; ownerKind: 'user' | 'group'; ownerUserId?: string; ownerGroupId?: string; dueDate: string; itemId?: string };

function DecideModal({ view, onDone, onClose }: { view: MeetingView; onDone: () => void; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const orgId = view.meeting.command.id;
  const people = useQuery({ queryKey: [...COMMAND_KEY, orgId, 'candidates'], queryFn: ({ signal }) => getCandidates(orgId, signal) });
  const groups = useQuery({ queryKey: [...COMMAND_KEY, orgId, 'groups'], queryFn: ({ signal }) => getGroups(orgId, signal) });
  const [form] = Form.useForm<DecideValues>();
  const kind = Form.useWatch('ownerKind', form) ?? 'user';
  const go = useMutation({
    mutationFn: (v: DecideValues) => decide(view.meeting.id, {
      title: v.title.trim(), ...(v.detail?.trim() ? { detail: v.detail.trim() } : {}), dueDate: v.dueDate, ...(v.itemId ? { itemId: v.itemId } : {}),
      ...(v.ownerKind === 'group' ? { ownerGroupId: v.ownerGroupId } : { ownerUserId: v.ownerUserId }),
    }),
    onSuccess: () => { void message.success(t('command.meeting.decided')); onDone(); },
  });
  const labels = { title: t('command.meeting.decisionTitle'), detail: t('command.meeting.detail'), ownerUserId: t('command.meeting.ownerUser'), ownerGroupId: t('command.meeting.ownerGroup'), dueDate: t('command.meeting.dueDate'), itemId: t('command.meeting.forItem') };
  return (
    <Modal open title={t('command.meeting.decide')} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: go.isPending, 'data-testid': 'decision-ok' } as never}
      onOk={() => void form.validateFields().then((v) => go.mutateAsync(v)).catch(() => undefined)}>
      {go.isError && <ErrorAlert error={go.error} form={form} labels={labels} />}
      <Form form={form} layout="vertical" initialValues={{ ownerKind: 'user', dueDate: addDays(shanghaiToday(), 1) }}>
        <Form.Item name="title" label={labels.title} rules={[{ required: true, whitespace: true, message: t('command.meeting.required') }]}><Input maxLength={DECISION_TITLE_MAX} data-testid="decision-title-input" /></Form.Item>
        <Form.Item name="detail" label={labels.detail} extra={t('command.meeting.hint')}><Input.TextArea maxLength={DECISION_DETAIL_MAX} autoSize={{ minRows: 2 }} /></Form.Item>
        <Form.Item name="ownerKind" label={t('command.meeting.ownerKind')}>
          <Radio.Group options={[{ value: 'user', label: labels.ownerUserId }, { value: 'group', label: labels.ownerGroupId }]} optionType="button" />
        </Form.Item>
        {kind === 'user' ? (
          <Form.Item name="ownerUserId" label={labels.ownerUserId} rules={[{ required: true, message: t('command.meeting.required') }]}>
            <Select showSearch optionFilterProp="label" loading={people.isPending} data-testid="decision-owner-select"
              options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.orgName}）` }))} />
          </Form.Item>
        ) : (
          <Form.Item name="ownerGroupId" label={labels.ownerGroupId} rules={[{ required: true, message: t('command.meeting.required') }]}>
            <Select showSearch optionFilterProp="label" loading={groups.isPending} data-testid="decision-group-select"
              options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))} />
          </Form.Item>
        )}
        <Form.Item name="dueDate" label={labels.dueDate} rules={[{ required: true, message: t('command.meeting.required') }]}><Input type="date" min={shanghaiToday()} data-testid="decision-due-input" /></Form.Item>
        {view.items.length > 0 && (
          <Form.Item name="itemId" label={labels.itemId}>
            <Select allowClear options={view.items.map((i) => ({ value: i.id, label: i.source === 'other' ? i.title : t(`command.sources.${i.source}`) }))} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
