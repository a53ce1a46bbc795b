// 我的志愿服务 (volunteer:serve; ADR 0085), phone first: one's hours and shifts done, one's upcoming shifts with 签到 /
// 签退 (check-in opens on the day an hour before the start; a refusal is said in words), and the community's open
// shifts with 报名. Grocery runs for people in quarantine stay on 隔离需求 (the quarantine module), linked from here.
import { App, Button, Empty, Skeleton, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure, Figures } from '../../lib/figures-card';
import { useMutation } from '../../lib/single-flight';
import { checkShift, getMine, MINE_KEY, signUp, type MyShift, type Shift } from './api';
import { checkInOpen, checkState, clockOf } from './volunteers.logic';
import './volunteers.css';

const KIND_COLOURS: Record<string, string> = { gate: 'geekblue', sampling: 'cyan', grocery: 'green', other: 'default' };

export function MyVolunteeringPage() {
  const { t } = useTranslation();
  usePageTitle(t('volunteers.mine.title'));
  const me = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: MINE_KEY, queryFn: ({ signal }) => getMine(signal), refetchInterval: 60_000 });
  const done = (text: string) => {
    void message.success(text);
    void qc.invalidateQueries({ queryKey: MINE_KEY });
  };
  const act = useMutation({
    mutationFn: async (a: { what: 'in' | 'out' | 'signUp'; shift: Shift }): Promise<{ minutes: number | null }> => (a.what === 'signUp' ? signUp(a.shift.id).then(() => ({ minutes: null })) : checkShift(a.shift.id, a.what)),
    onSuccess: (r, a) => done(a.what === 'signUp' ? t('volunteers.mine.signedUp')
      : a.what === 'in' ? t('volunteers.mine.checkedIn') : t('volunteers.mine.checkedOut', { minutes: r.minutes ?? 0 })),
  });
  const busy = (what: string, id: string) => act.isPending && act.variables?.what === what && act.variables.shift.id === id;
  const now = new Date();
  const kind = (s: Shift) => <Tag color={KIND_COLOURS[s.kind] ?? 'default'}>{t(`volunteers.kinds.${s.kind}`, { defaultValue: s.kind })}</Tag>;
  return (
    <div className="rx-vol-mine" data-testid="vol-mine-page">
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('volunteers.mine.title')}</Typography.Title>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : !q.data.onRoster ? (
        <Empty description={t('volunteers.mine.notOnRoster')} data-testid="vol-mine-off" />
      ) : (
        <>
          <Typography.Paragraph strong>{q.data.nameMasked}</Typography.Paragraph>
          <Figures>
            <Figure testId="vol-mine-hours" value={q.data.hours} label={t('volunteers.mine.hours')} />
            <Figure testId="vol-mine-done" value={q.data.shiftsDone} label={t('volunteers.mine.shiftsDone')} />
          </Figures>
          {act.isError && <ErrorAlert error={act.error} style={{ marginTop: 12 }} />}
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>{t('volunteers.mine.upcoming')}</Typography.Title>
          {!q.data.myShifts.length ? <Empty description={t('volunteers.mine.noUpcoming')} /> : (
            <ul className="rx-vol-list">
              {q.data.myShifts.map((s: MyShift) => {
                const st = checkState(s);
                const open = checkInOpen(s, now);
                return (
                  <li key={s.id} className="rx-card rx-vol-card" data-testid="vol-my-shift" data-title={s.title} data-state={st}>
                    <h3>{s.title}</h3>
                    <div className="rx-vol-tags">{kind(s)}<span>{s.day} {s.starts}–{s.ends}</span></div>
                    <div className="rx-vol-quiet">{s.place}{s.note ? ` · ${s.note}` : ''}</div>
                    <div className="rx-vol-tags">
                      <Tag color={st === 'done' ? 'green' : st === 'in' ? 'blue' : 'default'} data-testid="vol-my-state">
                        {t(`volunteers.shifts.state.${st}`, { at: clockOf(s.checkedInAt), minutes: s.minutes ?? 0 })}
                      </Tag>
                    </div>
                    {st !== 'done' && (
                      <div className="rx-vol-actions">
                        {st === 'none' ? (
                          <Button type={open ? 'primary' : 'default'} size="large" loading={busy('in', s.id)} onClick={() => void act.mutateAsync({ what: 'in', shift: s }).catch(() => undefined)} data-testid="vol-check-in">
                            {t('volunteers.mine.checkIn')}
                          </Button>
                        ) : (
                          <Button type="primary" size="large" loading={busy('out', s.id)} onClick={() => void act.mutateAsync({ what: 'out', shift: s }).catch(() => undefined)} data-testid="vol-check-out">
                            {t('volunteers.mine.checkOut')}
                          </Button>
                        )}
                        {st === 'none' && !open && <span className="rx-vol-quiet">{t('volunteers.mine.opensAt')}</span>}
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>
            {t('volunteers.mine.open')} <Button type="text" icon={<ReloadOutlined />} aria-label={t('volunteers.refresh')} onClick={() => void q.refetch()} />
          </Typography.Title>
          {!q.data.openShifts.length ? <Empty description={t('volunteers.mine.noOpen')} /> : (
            <ul className="rx-vol-list">
              {q.data.openShifts.map((s) => (
                <li key={s.id} className="rx-card rx-vol-card" data-testid="vol-open-shift" data-title={s.title}>
                  <h3>{s.title}</h3>
                  <div className="rx-vol-tags">{kind(s)}<span>{s.day} {s.starts}–{s.ends}</span><Tag color="orange">{t('volunteers.mine.slotsLeft', { n: s.slots - s.filled })}</Tag></div>
                  <div className="rx-vol-quiet">{s.place}{s.note ? ` · ${s.note}` : ''}</div>
                  <div className="rx-vol-actions">
                    <Button type="primary" size="large" loading={busy('signUp', s.id)} onClick={() => void act.mutateAsync({ what: 'signUp', shift: s }).catch(() => undefined)} data-testid="vol-sign-up">
                      {t('volunteers.mine.signUp')}
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {hasPermission(me, 'quarantine:serve') && (
            <Typography.Paragraph className="rx-vol-needs" style={{ marginTop: 16 }}>
              {t('volunteers.mine.needs')} <Link to="/quarantine/needs">{t('volunteers.mine.toNeeds')}</Link>
            </Typography.Paragraph>
          )}
        </>
      )}
    </div>
  );
}
