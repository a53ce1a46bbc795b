// 指挥部 今日 (command:read; ADR 0090): who is on duty now, tonight's dispatch meeting (召开 / 进入), the open decisions with
// the overdue ones flagged, the working groups; links to the roster's week, the groups and past meetings.
import { Button, Card, Empty, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { shanghaiMinute } from '../../lib/shanghai-time';
import { useMutation } from '../../lib/single-flight';
import { useUrlState } from '../../lib/url-state';
import { COMMAND_KEY, getMeetings, getToday, openMeeting, type Decision } from './api';
import { byUrgency, ownerName } from './command.logic';
import { useCentre } from './use-centre';

export function DecisionLine({ d }: { d: Decision }) {
  const { t } = useTranslation();
  return (
    <li className="rx-command-decision" data-testid="command-decision">
      <span className="rx-command-strong">{d.title}</span>
      <Space wrap size={4} style={{ marginLeft: 8 }}>
        {d.overdue ? <Tag color="red" data-testid="decision-overdue">{t('command.overdue')}</Tag> : <Tag>{t(`command.decisionStatus.${d.status}`)}</Tag>}
        <span className="rx-command-muted">{t('command.owner', { name: ownerName(d) })}</span>
        <span className="rx-command-muted">{t('command.due', { date: d.dueDate })}</span>
      </Space>
      {d.note && <div className="rx-command-muted">{d.note}</div>}
    </li>
  );
}

export function CommandPage() {
  const { t } = useTranslation();
  usePageTitle(t('command.title'));
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [, setParams] = useUrlState();
  const { query: centres, centres: list, centre } = useCentre();
  const orgId = centre?.id ?? '';
  const today = useQuery({ queryKey: [...COMMAND_KEY, orgId, 'today'], queryFn: ({ signal }) => getToday(orgId, signal), enabled: !!orgId });
  const meetings = useQuery({ queryKey: [...COMMAND_KEY, orgId, 'meetings'], queryFn: ({ signal }) => getMeetings(orgId, signal), enabled: !!orgId });
  const open = useMutation({
    mutationFn: () => openMeeting(orgId),
    onSuccess: (m) => { void qc.invalidateQueries({ queryKey: COMMAND_KEY }); void navigate(`/command/meetings/${m.meeting.id}`); },
  });
  if (centres.isPending) return <Skeleton active />;
  if (centres.isError) return <ErrorAlert error={centres.error} onRetry={() => void centres.refetch()} />;
  const q = `?org=${encodeURIComponent(orgId)}`;
  return (
    <div className="rx-command" data-testid="command-page">
      <Typography.Title level={1} style={{ fontSize: 24 }}>{centre ? `${centre.name}${t('command.title')}` : t('command.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('command.description')}</Typography.Paragraph>
      {!centre ? <Empty description={t('command.noCentre')} /> : (
        <>
          {list.length > 1 && (
            <Select value={orgId} onChange={(v) => setParams({ org: v })} options={list.map((c) => ({ value: c.id, label: c.name }))} aria-label={t('command.pick')} style={{ minWidth: 200, marginBottom: 12 }} />
          )}
          {today.isPending ? <Skeleton active /> : today.isError ? <ErrorAlert error={today.error} onRetry={() => void today.refetch()} /> : (
            <div className="rx-command-grid">
              <Card title={t('command.today.meeting')} size="small" data-testid="command-meeting-card">
                {today.data.meeting ? (
                  <Space direction="vertical">
                    <span>{shanghaiMinute(today.data.meeting.startsAt)} <Tag color={today.data.meeting.status === 'open' ? 'blue' : undefined}>{t(`command.status.${today.data.meeting.status}`)}</Tag></span>
                    <Button type="primary" onClick={() => void navigate(`/command/meetings/${today.data!.meeting!.id}`)} data-testid="command-go-meeting">{t('command.today.go')}</Button>
                  </Space>
                ) : (
                  <Space direction="vertical">
                    <span>{t('command.today.noMeeting')}</span>
                    {today.data.canManage && (
                      <Button type="primary" loading={open.isPending} onClick={() => void open.mutateAsync().catch(() => undefined)} data-testid="command-open-meeting">{t('command.today.open')}</Button>
                    )}
                  </Space>
                )}
                {open.isError && <ErrorAlert error={open.error} />}
              </Card>
              <Card title={t('command.today.onDuty')} size="small" data-testid="command-on-duty" extra={<Link to={`/command/roster${q}`}>{t('command.today.roster')}</Link>}>
                <div><span className="rx-command-muted">{t('command.today.leader')}：</span>{today.data.onDuty.leader?.user.name ?? t('command.today.nobody')}</div>
                <div><span className="rx-command-muted">{t('command.today.officers')}：</span>
                  {today.data.onDuty.officers.length ? today.data.onDuty.officers.map((o) => `${o.user.name}${o.group ? `（${o.group.name}）` : ''}`).join('、') : t('command.today.nobody')}</div>
              </Card>
              <Card title={t('command.today.decisions')} size="small" data-testid="command-decisions">
                <div className="rx-command-muted">{t('command.today.counts', today.data.counts)}</div>
                {!today.data.decisions.length ? <Empty description={t('command.today.noDecisions')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
                  <ul className="rx-command-list">{byUrgency(today.data.decisions).map((d) => <DecisionLine key={d.id} d={d} />)}</ul>
                )}
              </Card>
              <Card title={t('command.today.groups')} size="small" data-testid="command-groups" extra={<Link to={`/command/groups${q}`}>{t('command.today.manageGroups')}</Link>}>
                <ul className="rx-command-list">
                  {today.data.groups.map((g) => (
                    <li key={g.id}><span className="rx-command-strong">{g.name}</span> <span className="rx-command-muted">{g.lead?.name ?? t('command.today.noLead')} · {t('command.today.members', { n: g.members })}</span></li>
                  ))}
                </ul>
              </Card>
              <Card title={t('command.today.meetings')} size="small">
                <ul className="rx-command-list">
                  {(meetings.data?.items ?? []).map((m) => (
                    <li key={m.id}><Link to={`/command/meetings/${m.id}`}>{t('command.meeting.title', { date: m.date })}</Link> <Tag>{t(`command.status.${m.status}`)}</Tag></li>
                  ))}
                </ul>
              </Card>
            </div>
          )}
        </>
      )}
    </div>
  );
}
