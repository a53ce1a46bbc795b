// 三无小区管控 / Unmanaged compounds (control-point:read; ADR 0074): every compound of the caller's area lacking property
// management, a competent authority or a fence, as a card — its flags, state, the person responsible, the interval, the
// last patrol ("3 小时前，王网格员"), when the next is due (red once overdue) and its open problems — problems first, then
// overdue, not set up, fine. The counts on top filter the cards (in the address). 巡查 and 已整改 need
// control-point:patrol, 设为管控点 / 设置 control-point:manage; street and district staff read only.
import { useMemo, useState } from 'react';
import { Alert, Button, Empty, Skeleton, Typography } from 'antd';
import { AuditOutlined, HistoryOutlined, ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useUrlState } from '../../lib/url-state';
import { CONTROL_POINTS_KEY, listPoints, POINT_STATUSES, type Counts, type PointStatus, type PointView } from './api';
import { countsOf, displayStatus, filterPoints, isOverdue, manyCommunities, sortPoints, statusFromParams, toggleStatus } from './control-points.logic';
import { HistoryDrawer } from './history.drawer';
import { PatrolModal } from './patrol.modal';
import { SetupModal } from './setup.modal';
import { agoText, at, FlagTags, overdueText, StatusTag, useNow } from './shared';

const REFRESH_MS = 60_000;

type Dialog = { kind: 'patrol' | 'history' | 'setup'; compoundId: string };
type Pointed = PointView & { pointId: string };
const hasPoint = (p: PointView): p is Pointed => p.pointId !== null;

/** 有问题 / 巡查逾期 / 未设管控 / 正常 with their numbers; each a toggle that filters the cards. */
function CountsBar({ counts, chosen, onChoose }: { counts: Counts; chosen: PointStatus | undefined; onChoose: (s: PointStatus) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="rx-cp-counts" role="group" aria-label={t('controlPoint.counts.label')} data-testid="cp-counts">
      {POINT_STATUSES.map((s) => (
        <button
          key={s}
          type="button"
          className={`rx-cp-count rx-cp-count-${s}${counts[s] > 0 ? ' rx-cp-count-some' : ''}${chosen === s ? ' rx-cp-count-chosen' : ''}`}
          aria-pressed={chosen === s}
          onClick={() => onChoose(s)}
          data-testid={`cp-count-${s}`}
        >
          <strong>{formatCount(counts[s], i18n.language)}</strong>
          <span>{t(`controlPoint.statuses.${s}`)}</span>
        </button>
      ))}
    </div>
  );
}

function PointCard({ p, now, showCommunity, may, onOpen }: {
  p: PointView; now: Date; showCommunity: boolean;
  may: { patrol: boolean; manage: boolean };
  onOpen: (kind: Dialog['kind']) => void;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const status = displayStatus(p, now);
  const overdue = isOverdue(p, now);
  const nameId = `cp-name-${p.compoundId}`;
  const size = isMobile ? 'large' : 'middle';
  return (
    <li className={`rx-card rx-cp-card rx-cp-card-${status}`} data-testid="cp-card" data-status={status} data-compound={p.compoundName}>
      <div className="rx-cp-card-head">
        <h2 id={nameId} data-testid="cp-name">{p.compoundName}</h2>
        <StatusTag status={status} />
      </div>
      {showCommunity && <div className="rx-cp-quiet" data-testid="cp-community">{p.communityName}</div>}
      <div className="rx-cp-tags"><FlagTags p={p} /></div>
      {p.pointId === null ? (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>{t('controlPoint.card.notSet')}</Typography.Paragraph>
      ) : (
        <dl className="rx-facts rx-cp-facts">
          <div><dt>{t('controlPoint.card.lead')}</dt><dd data-testid="cp-lead">{p.lead?.name ?? '—'}</dd></div>
          <div><dt>{t('controlPoint.card.interval')}</dt><dd data-testid="cp-interval">{p.intervalHours !== null ? t('controlPoint.card.intervalValue', { n: p.intervalHours }) : '—'}</dd></div>
          <div>
            <dt>{t('controlPoint.card.lastPatrol')}</dt>
            <dd data-testid="cp-last">
              {p.lastPatrolAt
                ? <span title={at(p.lastPatrolAt)}>{t('controlPoint.card.lastPatrolValue', { when: agoText(p.lastPatrolAt, now, t), who: p.lastPatrolBy ?? '' })}</span>
                : t('controlPoint.card.never')}
            </dd>
          </div>
          <div>
            <dt>{t('controlPoint.card.nextDue')}</dt>
            <dd data-testid="cp-next" className={overdue ? 'rx-cp-overdue' : undefined}>
              {!overdue && p.nextDueAt
                ? t('controlPoint.card.nextDueAt', { at: at(p.nextDueAt) })
                : p.nextDueAt && Date.parse(p.nextDueAt) <= now.getTime()
                  ? `${overdueText(p.nextDueAt, now, t)}（${at(p.nextDueAt)}）`
                  : t('controlPoint.card.nextDueNow')}
            </dd>
          </div>
          <div>
            <dt>{t('controlPoint.card.openProblems')}</dt>
            <dd data-testid="cp-open" className={p.openProblems > 0 ? 'rx-cp-overdue' : undefined}>{t('controlPoint.card.openProblemsValue', { n: p.openProblems })}</dd>
          </div>
        </dl>
      )}
      {(p.pointId !== null || may.manage) && (
        <div className="rx-cp-actions">
          {p.pointId !== null && may.patrol && (
            <Button type="primary" size={size} icon={<AuditOutlined />} aria-describedby={nameId} onClick={() => onOpen('patrol')} data-testid="cp-patrol">
              {t('controlPoint.actions.patrol')}
            </Button>
          )}
          {p.pointId !== null && (
            <Button size={size} icon={<HistoryOutlined />} aria-describedby={nameId} onClick={() => onOpen('history')} data-testid="cp-history-open">
              {t('controlPoint.actions.history')}
            </Button>
          )}
          {may.manage && (
            <Button
              size={size}
              type={p.pointId === null ? 'primary' : 'default'}
              icon={<SettingOutlined />}
              aria-describedby={nameId}
              onClick={() => onOpen('setup')}
              data-testid="cp-setup"
            >
              {t(p.pointId === null ? 'controlPoint.actions.setup' : 'controlPoint.actions.edit')}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

export function ControlPointsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('controlPoint.title'));
  const me = useMe();
  const now = useNow();
  const [params, setParams] = useUrlState();
  const status = statusFromParams(params);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  // The states move with patrols made by others and with the clock: read again each minute while the page is shown.
  const q = useQuery({ queryKey: [...CONTROL_POINTS_KEY, 'list'], queryFn: ({ signal }) => listPoints(signal), refetchInterval: REFRESH_MS });
  const all = useMemo(() => q.data?.items ?? [], [q.data]);
  const counts = countsOf(all, now);
  const shown = sortPoints(filterPoints(all, status, now), now);
  const showCommunity = manyCommunities(all);
  const may = { patrol: hasPermission(me, 'control-point:patrol'), manage: hasPermission(me, 'control-point:manage') };
  // A dialog follows its compound as the board shows it now (after a patrol, a conflict, a refresh).
  const open = dialog ? all.find((p) => p.compoundId === dialog.compoundId) : undefined;

  return (
    <div data-testid="control-points-page">
      <div className="rx-cp-head">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('controlPoint.title')}</Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching} data-testid="cp-refresh">{t('controlPoint.refresh')}</Button>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('controlPoint.description')}</Typography.Paragraph>
      {!may.patrol && !may.manage && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('controlPoint.readOnly')} data-testid="cp-read-only" />}
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : (
        <>
          <CountsBar counts={counts} chosen={status} onChoose={(s) => setParams({ status: toggleStatus(status, s) ?? null }, { replace: true })} />
          {status && (
            <div className="rx-cp-filter" data-testid="cp-filter">
              {t('controlPoint.counts.showing', { status: t(`controlPoint.statuses.${status}`) })}
              <Button type="link" onClick={() => setParams({ status: null }, { replace: true })}>{t('controlPoint.counts.showAll')}</Button>
            </div>
          )}
          {shown.length === 0 ? (
            <Empty description={status ? t('controlPoint.emptyFiltered', { status: t(`controlPoint.statuses.${status}`) }) : t('controlPoint.empty')} />
          ) : (
            <ul className="rx-card-list rx-cp-cards" data-testid="cp-list">
              {shown.map((p) => (
                <PointCard key={p.compoundId} p={p} now={now} showCommunity={showCommunity} may={may} onOpen={(kind) => setDialog({ kind, compoundId: p.compoundId })} />
              ))}
            </ul>
          )}
          {all.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="cp-total">
              {t('controlPoint.total', { total: formatCount(all.length, i18n.language) })}
            </Typography.Paragraph>
          )}
        </>
      )}
      {dialog?.kind === 'patrol' && open && hasPoint(open) && <PatrolModal point={open} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'history' && open && hasPoint(open) && (
        <HistoryDrawer point={open} mayResolve={may.patrol} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'setup' && open && <SetupModal point={open} onClose={() => setDialog(null)} />}
    </div>
  );
}
