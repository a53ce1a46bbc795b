// 值班表 (command:read; ADR 0090): a week of the command's roster, a day per card (on a phone one under another): the
// 带班领导 and the 值班员 with their groups; command:manage puts people on duty and takes them off (the same person twice
// on a day, or a second leader, is refused with the reason).
import { useState } from 'react';
import { App, Button, Form, Input, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { Modal, Popconfirm } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { addDuty, COMMAND_KEY, DUTY_ROLES, getCandidates, getGroups, getRoster, removeDuty, type DutyRole } from './api';
import { addDays } from './command.logic';
import { useCentre } from './use-centre';

export function RosterPage() {
  const { t } = useTranslation();
  usePageTitle(t('command.roster.title'));
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { query: centres, centre } = useCentre();
  const orgId = centre?.id ?? '';
  const [from, setFrom] = useState<string | undefined>(undefined);
  const q = useQuery({ queryKey: [...COMMAND_KEY, orgId, 'roster', from ?? ''], queryFn: ({ signal }) => getRoster(orgId, from, signal), enabled: !!orgId });
  const [adding, setAdding] = useState<string | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => removeDuty(orgId, id),
    onSuccess: () => { void message.success(t('command.roster.removed')); void qc.invalidateQueries({ queryKey: COMMAND_KEY }); },
  });
  if (centres.isPending) return <Skeleton active />;
  if (centres.isError) return <ErrorAlert error={centres.error} />;
  if (!centre) return <Typography.Paragraph>{t('command.noCentre')}</Typography.Paragraph>;
  return (
    <div className="rx-command" data-testid="roster-page">
      <Link to={`/command?org=${encodeURIComponent(orgId)}`}>{t('command.meeting.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 24 }}>{centre.name} · {t('command.roster.title')}</Typography.Title>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Button onClick={() => setFrom(addDays(q.data.from, -7))}>{t('command.roster.prev')}</Button>
            <Button onClick={() => setFrom(undefined)}>{t('command.roster.thisWeek')}</Button>
            <Button onClick={() => setFrom(addDays(q.data.from, 7))}>{t('command.roster.next')}</Button>
            <span>{q.data.from} – {addDays(q.data.from, 6)}</span>
          </Space>
          {remove.isError && <ErrorAlert error={remove.error} />}
          <div className="rx-command-week">
            {q.data.days.map((d) => (
              <div key={d.date} className={`rx-command-day${d.date === q.data.today ? ' rx-command-today' : ''}`} data-testid="roster-day">
                <div className="rx-command-strong">{d.date}{d.date === q.data.today && <Tag color="blue" style={{ marginLeft: 6 }}>{t('command.roster.today')}</Tag>}</div>
                {[...(d.leader ? [{ ...d.leader, role: 'leader' as const }] : []), ...d.officers.map((o) => ({ ...o, role: 'officer' as const }))].map((e) => (
                  <div key={e.id}>
                    <span className="rx-command-muted">{t(`command.roster.roles.${e.role}`)}：</span>{e.user.name}{e.group ? `（${e.group.name}）` : ''}
                    {q.data.canManage && (
                      <Popconfirm title={t('command.roster.remove')} onConfirm={() => remove.mutateAsync(e.id)}>
                        <Button type="link" size="small">{t('command.roster.remove')}</Button>
                      </Popconfirm>
                    )}
                  </div>
                ))}
                {!d.leader && !d.officers.length && <div className="rx-command-muted">{t('command.today.nobody')}</div>}
                {q.data.canManage && <Button size="small" onClick={() => setAdding(d.date)} data-testid="roster-add">{t('command.roster.add')}</Button>}
              </div>
            ))}
          </div>
        </>
      )}
      {adding && <DutyModal orgId={orgId} date={adding} onClose={() => setAdding(null)} />}
    </div>
  );
}

function DutyModal({ orgId, date, onClose }: { orgId: string; date: string; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  type V = { date: string; role: DutyRole; userId: string; groupId?: string };
  const [form] = Form.useForm<V>();
  const people = useQuery({ queryKey: [...COMMAND_KEY, orgId, 'candidates'], queryFn: ({ signal }) => getCandidates(orgId, signal) });
  const groups = useQuery({ queryKey: [...COMMAND_KEY, orgId, 'groups'], queryFn: ({ signal }) => getGroups(orgId, signal) });
  const go = useMutation({
    mutationFn: (v: V) => addDuty(orgId, { date: v.date, role: v.role, userId: v.userId, ...(v.groupId ? { groupId: v.groupId } : {}) }),
    onSuccess: () => { void message.success(t('command.roster.added')); void qc.invalidateQueries({ queryKey: COMMAND_KEY }); onClose(); },
  });
  const labels = { date: t('command.roster.date'), role: t('command.roster.role'), userId: t('command.roster.person'), groupId: t('command.roster.group') };
  return (
    <Modal open title={t('command.roster.add')} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: go.isPending } as never}
      onOk={() => void form.validateFields().then((v) => go.mutateAsync(v)).catch(() => undefined)}>
      {go.isError && <ErrorAlert error={go.error} form={form} labels={labels} />}
      <Form form={form} layout="vertical" initialValues={{ date, role: 'officer' }}>
        <Form.Item name="date" label={labels.date} rules={[{ required: true }]}><Input type="date" /></Form.Item>
        <Form.Item name="role" label={labels.role} rules={[{ required: true }]}>
          <Select options={DUTY_ROLES.map((r) => ({ value: r, label: t(`command.roster.roles.${r}`) }))} />
        </Form.Item>
        <Form.Item name="userId" label={labels.userId} rules={[{ required: true, message: t('command.meeting.required') }]}>
          <Select showSearch optionFilterProp="label" loading={people.isPending} options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.orgName}）` }))} />
        </Form.Item>
        <Form.Item name="groupId" label={labels.groupId}>
          <Select allowClear options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
