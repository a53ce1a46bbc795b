// 工作组 (command:read; ADR 0090): the command's working groups with lead, members and duties; command:manage adds and
// edits them (members are staff of the command's org or below).
import { useState } from 'react';
import { App, Button, Empty, Form, Input, Select, Skeleton, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { COMMAND_KEY, createGroup, DUTIES_MAX, getCandidates, getGroups, GROUP_NAME_MAX, updateGroup, type Group } from './api';
import { useCentre } from './use-centre';

export function GroupsPage() {
  const { t } = useTranslation();
  usePageTitle(t('command.groups.title'));
  const { query: centres, centre } = useCentre();
  const orgId = centre?.id ?? '';
  const q = useQuery({ queryKey: [...COMMAND_KEY, orgId, 'groups'], queryFn: ({ signal }) => getGroups(orgId, signal), enabled: !!orgId });
  const [editing, setEditing] = useState<Group | 'new' | null>(null);
  if (centres.isPending) return <Skeleton active />;
  if (centres.isError) return <ErrorAlert error={centres.error} />;
  if (!centre) return <Typography.Paragraph>{t('command.noCentre')}</Typography.Paragraph>;
  return (
    <div className="rx-command" data-testid="groups-page">
      <Link to={`/command?org=${encodeURIComponent(orgId)}`}>{t('command.meeting.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 24 }}>{centre.name} · {t('command.groups.title')}</Typography.Title>
      {q.data?.canManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('command.groups.add')}</Button>}
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : !q.data.items.length ? <Empty description={t('command.groups.empty')} /> : (
        <ul className="rx-command-cards">
          {q.data.items.map((g) => (
            <li key={g.id} className="rx-command-day" data-testid="command-group">
              <div className="rx-command-strong">{g.name}</div>
              <div><span className="rx-command-muted">{t('command.groups.lead')}：</span>{g.lead?.name ?? t('command.today.noLead')}</div>
              <div><span className="rx-command-muted">{t('command.groups.members')}：</span>{g.members.map((m) => m.name).join('、') || t('command.meeting.none')}</div>
              {g.duties && <div className="rx-command-muted">{g.duties}</div>}
              {q.data.canManage && <Button size="small" onClick={() => setEditing(g)}>{t('command.groups.edit')}</Button>}
            </li>
          ))}
        </ul>
      )}
      {editing && <GroupModal orgId={orgId} group={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  );
}

function GroupModal({ orgId, group, onClose }: { orgId: string; group: Group | null; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  type V = { name: string; duties?: string; leadId?: string; memberIds?: string[] };
  const [form] = Form.useForm<V>();
  const people = useQuery({ queryKey: [...COMMAND_KEY, orgId, 'candidates'], queryFn: ({ signal }) => getCandidates(orgId, signal) });
  const go = useMutation({
    mutationFn: (v: V) => group
      ? updateGroup(orgId, group.id, { name: v.name.trim(), duties: v.duties?.trim() || null, leadId: v.leadId ?? null, memberIds: v.memberIds ?? [], version: group.version })
      : createGroup(orgId, { name: v.name.trim(), ...(v.duties?.trim() ? { duties: v.duties.trim() } : {}), ...(v.leadId ? { leadId: v.leadId } : {}), memberIds: v.memberIds ?? [] }),
    onSuccess: () => { void message.success(t('command.groups.saved')); void qc.invalidateQueries({ queryKey: COMMAND_KEY }); onClose(); },
  });
  const options = (people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.orgName}）` }));
  const labels = { name: t('command.groups.name'), duties: t('command.groups.duties'), leadId: t('command.groups.lead'), memberIds: t('command.groups.members') };
  return (
    <Modal open title={group ? group.name : t('command.groups.add')} onCancel={onClose} destroyOnHidden okButtonProps={{ loading: go.isPending } as never}
      onOk={() => void form.validateFields().then((v) => go.mutateAsync(v)).catch(() => undefined)}>
      {go.isError && <ErrorAlert error={go.error} form={form} labels={labels} />}
      <Form form={form} layout="vertical" initialValues={group ? { name: group.name, duties: group.duties ?? '', leadId: group.lead?.id, memberIds: group.members.map((m) => m.id) } : {}}>
        <Form.Item name="name" label={labels.name} rules={[{ required: true, whitespace: true, message: t('command.meeting.required') }]}><Input maxLength={GROUP_NAME_MAX} /></Form.Item>
        <Form.Item name="duties" label={labels.duties} extra={t('command.meeting.hint')}><Input.TextArea maxLength={DUTIES_MAX} autoSize={{ minRows: 2 }} /></Form.Item>
        <Form.Item name="leadId" label={labels.leadId}><Select allowClear showSearch optionFilterProp="label" options={options} /></Form.Item>
        <Form.Item name="memberIds" label={labels.memberIds}><Select mode="multiple" optionFilterProp="label" options={options} /></Form.Item>
      </Form>
    </Modal>
  );
}
