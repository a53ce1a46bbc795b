// 核酸采样 · one round (sampling:read): its name, day, state and pool size, the figures (应采, 已采, 覆盖率, 试管, 人次,
// the tubes by result, 待复核), 结束采样 for sampling:manage (against the version seen), and four tabs in the address —
// 覆盖情况 (per grid, a grid's buildings and who is missing), 试管 (the tubes and, in a drawer, a tube's people), 检测结果
// (the lab's sheets; importing one needs sampling:results) and 复核 (the retests a positive pool or an invalid tube
// called for).
import type { ReactNode } from 'react';
import { Alert, App, Button, Card, Result, Skeleton, Space, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined, StopOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { Popconfirm } from '../../lib/dialog';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure, Figures } from '../../lib/figures-card';
import { useMutation } from '../../lib/single-flight';
import { useUrlState } from '../../lib/url-state';
import { closeRound, getRound, ROUND_KEY, ROUNDS_KEY, type Round } from './api';
import { CoverageTab } from './coverage.tab';
import { ResultsTab } from './results.tab';
import { RetestsTab } from './retests.tab';
import { coveragePercent, percentText, roundTabFromParams, type RoundTab } from './sampling.logic';
import { at, conflictText, CoverageBar, PoolTag, RoundStatusTag } from './shared';
import { TubesTab } from './tubes.tab';

const REFRESH_MS = 60_000;

function RoundFigures({ round }: { round: Round }) {
  const { t } = useTranslation();
  const f = round.figures;
  const p = coveragePercent(f.sampled, f.expected);
  return (
    <Card size="small" style={{ marginTop: 12 }} data-testid="smp-round-figures">
      <div className="rx-smp-figures">
        <Figures>
          <Figure testId="smp-fig-expected" value={f.expected} label={t('sampling.figures.expected')} />
          <Figure testId="smp-fig-sampled" value={f.sampled} label={t('sampling.figures.sampled')} />
          <Figure testId="smp-fig-coverage" value={percentText(p)} label={t('sampling.figures.coverage')} />
          <Figure testId="smp-fig-tubes" value={f.tubes} label={t('sampling.figures.tubes')} />
          <Figure testId="smp-fig-people" value={f.people} label={t('sampling.figures.people')} />
          <Figure testId="smp-fig-pending" value={f.pending} label={t('sampling.results.pending')} />
          <Figure testId="smp-fig-negative" value={f.negative} label={t('sampling.results.negative')} />
          <Figure testId="smp-fig-positive" value={f.positive} label={t('sampling.results.positive')} valueClassName={f.positive > 0 ? 'rx-smp-alarm' : undefined} />
          <Figure testId="smp-fig-invalid" value={f.invalid} label={t('sampling.results.invalid')} valueClassName={f.invalid > 0 ? 'rx-smp-warn' : undefined} />
          <Figure testId="smp-fig-retests" value={f.retestsOpen} label={t('sampling.figures.retestsOpen')} valueClassName={f.retestsOpen > 0 ? 'rx-smp-alarm' : undefined} />
        </Figures>
      </div>
      <CoverageBar sampled={f.sampled} expected={f.expected} label={round.name} />
    </Card>
  );
}

export function RoundPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const tab = roundTabFromParams(params);
  // The figures move as the stations send tubes: read again each minute while the page is shown.
  const q = useQuery({ queryKey: [...ROUND_KEY, id], queryFn: ({ signal }) => getRound(id, signal), refetchInterval: REFRESH_MS });
  const round = q.data;
  usePageTitle(round ? round.name : t('sampling.title'));
  const close = useMutation({
    mutationFn: (v: { id: string; version: number }) => closeRound(v.id, v.version),
    onSuccess: (r) => {
      void message.success(t('sampling.round.closedMsg', { name: r.name }));
      queryClient.setQueryData<Round>([...ROUND_KEY, id], r);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: [...ROUND_KEY, id], exact: true });
      void queryClient.invalidateQueries({ queryKey: ROUNDS_KEY });
    },
  });
  const back = (
    <Link to="/sampling">
      <ArrowLeftOutlined /> {t('sampling.round.back')}
    </Link>
  );
  if (q.isPending) return <Skeleton active />;
  if (q.isError || !round) {
    if (isApiError(q.error) && q.error.status === 404) return <Result status="404" subTitle={t('sampling.round.notFound')} extra={back} />;
    return (
      <>
        <div style={{ marginBottom: 12 }}>{back}</div>
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  }
  const open = round.status === 'open';
  const mayClose = hasPermission(me, 'sampling:manage') && open;
  const mayImport = hasPermission(me, 'sampling:results');
  const choose = (k: string) => setParams({ tab: k === 'coverage' ? null : k, grid: null, building: null, page: null, q: null, result: null, status: null }, { replace: true });
  const tabItem = (key: RoundTab, node: ReactNode) => ({
    key,
    label: <span data-testid={`smp-tab-${key}`}>{t(`sampling.round.tabs.${key}`)}</span>,
    children: tab === key ? node : null,
  });
  return (
    <div data-testid="sampling-round-page">
      <div style={{ marginBottom: 12 }}>{back}</div>
      <div className="rx-smp-head">
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={1} style={{ margin: 0, fontSize: 24, overflowWrap: 'anywhere' }} data-testid="smp-round-name">{round.name}</Typography.Title>
          <Space size={[6, 6]} wrap style={{ marginTop: 8 }}>
            <RoundStatusTag status={round.status} />
            <PoolTag n={round.poolSize} />
            <span className="rx-smp-quiet" data-testid="smp-round-date">{t('sampling.rounds.date', { date: round.roundDate })}</span>
            {!open && round.closedAt && <span className="rx-smp-quiet" data-testid="smp-round-closed-at">{t('sampling.round.closedAt', { at: at(round.closedAt) })}</span>}
          </Space>
          {round.note && <div className="rx-smp-note" data-testid="smp-round-note">{t('sampling.round.note', { note: round.note })}</div>}
        </div>
        {mayClose && (
          <Popconfirm
            title={t('sampling.round.closeConfirm')}
            description={<div style={{ maxWidth: 320 }}>{t('sampling.round.closeHelp')}</div>}
            okText={t('sampling.round.closeOk')}
            cancelText={t('sampling.round.closeCancel')}
            okButtonProps={{ danger: true, 'data-testid': 'smp-round-close-ok' } as never}
            onConfirm={() => close.mutateAsync({ id: round.id, version: round.version }).catch(() => undefined)}
          >
            <Button danger size={isMobile ? 'large' : 'middle'} icon={<StopOutlined />} loading={close.isPending} data-testid="smp-round-close">{t('sampling.round.close')}</Button>
          </Popconfirm>
        )}
      </div>
      {close.isError && (isApiError(close.error) && close.error.status === 409 ? (
        <Alert type="error" showIcon role="alert" style={{ marginTop: 12 }} title={conflictText(close.error, t, i18n.language)} data-testid="smp-round-close-error" />
      ) : (
        <ErrorAlert error={close.error} style={{ marginTop: 12 }} />
      ))}
      {!open && <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('sampling.round.closedNote')} data-testid="smp-round-closed-note" />}
      <RoundFigures round={round} />
      <Tabs
        activeKey={tab}
        onChange={choose}
        size={isMobile ? 'middle' : 'large'}
        style={{ marginTop: 8 }}
        items={[
          tabItem('coverage', <CoverageTab round={round} />),
          tabItem('tubes', <TubesTab round={round} />),
          tabItem('results', <ResultsTab round={round} mayImport={mayImport} />),
          tabItem('retests', <RetestsTab round={round} />),
        ]}
      />
    </div>
  );
}
