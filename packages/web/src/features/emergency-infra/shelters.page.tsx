// 应急避难场所 (shelter:read; ADR 0078): each community's coverage (常住 N 人 · 可容纳 M 人 · 覆盖 X%, in a warning
// colour below 100 %), then the shelters as cards — kind, address, capacity, area, facilities, state, the last
// inspection and its problems, 待检查 when due (first). 新增 / 编辑 need shelter:manage, 检查 shelter:inspect; 检查记录
// is for everyone who sees the page.
import { useMemo, useState } from 'react';
import { Alert, Button, Empty, Skeleton, Tag, Typography } from 'antd';
import { AuditOutlined, EditOutlined, HistoryOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { listShelters, SHELTERS_KEY, type Coverage, type Shelter } from './api';
import { coverageOf, isDue, manyCommunities, sortShelters } from './emergency-infra.logic';
import { InspectModal } from './inspect.modal';
import { InspectionsDrawer } from './inspections.drawer';
import { ShelterModal } from './shelter.modal';
import { agoText, at, ShelterStatusTag, useNow } from './shared';

const REFRESH_MS = 60_000;

type Dialog = { kind: 'inspect' | 'history' | 'edit'; id: string } | { kind: 'create' };

function CoverageCard({ c }: { c: Coverage }) {
  const { t, i18n } = useTranslation();
  const shown = coverageOf(c);
  const fmt = (n: number) => formatCount(n, i18n.language);
  return (
    <li className={`rx-card rx-ei-coverage${shown.short ? ' rx-ei-coverage-short' : ''}`} data-testid="sh-coverage" data-short={shown.short} data-community={c.communityName}>
      <h2 className="rx-ei-coverage-name">{c.communityName}</h2>
      <div className="rx-ei-coverage-line" data-testid="sh-coverage-line">
        {shown.percent === null
          ? t('emergencyInfra.shelters.coverage.lineNoResidents', { residents: fmt(c.residents), capacity: fmt(c.capacity) })
          : t('emergencyInfra.shelters.coverage.line', { residents: fmt(c.residents), capacity: fmt(c.capacity), percent: fmt(shown.percent) })}
      </div>
      {shown.percent !== null && (
        <div className={shown.short ? 'rx-ei-warn' : 'rx-ei-good'} data-testid="sh-coverage-note">
          {shown.short ? t('emergencyInfra.shelters.coverage.short', { n: fmt(shown.missing) }) : t('emergencyInfra.shelters.coverage.enough')}
        </div>
      )}
    </li>
  );
}

function ShelterCard({ s, now, showCommunity, may, onOpen }: {
  s: Shelter; now: Date; showCommunity: boolean;
  may: { inspect: boolean; manage: boolean };
  onOpen: (kind: 'inspect' | 'history' | 'edit') => void;
}) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const due = isDue(s, now);
  const nameId = `sh-name-${s.id}`;
  const size = isMobile ? 'large' : 'middle';
  const fmt = (n: number) => formatCount(n, i18n.language);
  const last = s.lastInspectedAt
    ? t('emergencyInfra.shelters.card.lastValue', {
      when: agoText(s.lastInspectedAt, now, t),
      result: s.lastInspectionProblems ? t('emergencyInfra.shelters.card.problemsN', { n: s.lastInspectionProblems }) : t('emergencyInfra.shelters.card.allOk'),
    })
    : t('emergencyInfra.shelters.card.never');
  return (
    <li className={`rx-card rx-ei-card${due ? ' rx-ei-card-due' : ''} rx-ei-card-${s.status}`} data-testid="sh-card" data-due={due} data-shelter={s.name}>
      <div className="rx-ei-card-head">
        <h2 id={nameId} data-testid="sh-name">{s.name}</h2>
        <div className="rx-ei-tags" style={{ marginTop: 0 }}>
          {due && <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid="sh-due">{t('emergencyInfra.shelters.due')}</Tag>}
          <ShelterStatusTag status={s.status} />
        </div>
      </div>
      <div className="rx-ei-quiet" data-testid="sh-kind">
        {t(`emergencyInfra.shelters.kinds.${s.kind}`)}{showCommunity ? ` · ${s.communityName}` : ''}
      </div>
      <dl className="rx-facts rx-ei-facts">
        <div><dt>{t('emergencyInfra.shelters.card.address')}</dt><dd data-testid="sh-address">{s.address}</dd></div>
        <div><dt>{t('emergencyInfra.shelters.card.capacity')}</dt><dd data-testid="sh-capacity">{t('emergencyInfra.shelters.card.capacityValue', { n: fmt(s.capacity) })}</dd></div>
        {s.areaM2 !== null && <div><dt>{t('emergencyInfra.shelters.card.area')}</dt><dd data-testid="sh-area">{t('emergencyInfra.shelters.card.areaValue', { n: fmt(s.areaM2) })}</dd></div>}
        <div>
          <dt>{t('emergencyInfra.shelters.card.facilities')}</dt>
          <dd data-testid="sh-facilities">
            {s.facilities.length === 0 ? t('emergencyInfra.shelters.card.none') : (
              <span className="rx-ei-tags" style={{ marginTop: 0 }}>
                {s.facilities.map((f) => <Tag key={f} style={{ marginInlineEnd: 0 }}>{t(`emergencyInfra.shelters.facilities.${f}`)}</Tag>)}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('emergencyInfra.shelters.card.lastInspection')}</dt>
          <dd data-testid="sh-last" className={s.lastInspectionProblems ? 'rx-ei-alarm' : undefined}>
            {s.lastInspectedAt ? <span title={at(s.lastInspectedAt)}>{last}</span> : last}
          </dd>
        </div>
        {s.status !== 'closed' && (
          <div>
            <dt>{t('emergencyInfra.shelters.card.nextDue')}</dt>
            <dd data-testid="sh-next" className={due ? 'rx-ei-alarm' : undefined}>
              {!due && s.nextDueAt
                ? t('emergencyInfra.shelters.card.nextDueAt', { at: at(s.nextDueAt) })
                : s.nextDueAt ? t('emergencyInfra.shelters.card.overdueSince', { at: at(s.nextDueAt) }) : t('emergencyInfra.shelters.card.dueNow')}
            </dd>
          </div>
        )}
        <div><dt>{t('emergencyInfra.shelters.card.interval')}</dt><dd data-testid="sh-interval">{t('emergencyInfra.shelters.card.intervalValue', { n: s.intervalDays })}</dd></div>
      </dl>
      <div className="rx-ei-actions">
        {may.inspect && s.status !== 'closed' && (
          <Button type={due ? 'primary' : 'default'} size={size} icon={<AuditOutlined />} aria-describedby={nameId} onClick={() => onOpen('inspect')} data-testid="sh-inspect">
            {t('emergencyInfra.shelters.actions.inspect')}
          </Button>
        )}
        <Button size={size} icon={<HistoryOutlined />} aria-describedby={nameId} onClick={() => onOpen('history')} data-testid="sh-history-open">
          {t('emergencyInfra.shelters.actions.history')}
        </Button>
        {may.manage && (
          <Button size={size} icon={<EditOutlined />} aria-describedby={nameId} onClick={() => onOpen('edit')} data-testid="sh-edit">
            {t('emergencyInfra.shelters.actions.edit')}
          </Button>
        )}
      </div>
    </li>
  );
}

export function SheltersPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('emergencyInfra.shelters.title'));
  const me = useMe();
  const now = useNow();
  const isMobile = useIsMobile();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const q = useQuery({ queryKey: [...SHELTERS_KEY, 'list'], queryFn: ({ signal }) => listShelters(signal), refetchInterval: REFRESH_MS });
  const all = useMemo(() => q.data?.items ?? [], [q.data]);
  const coverage = q.data?.coverage ?? [];
  const shown = sortShelters(all, now);
  const may = { inspect: hasPermission(me, 'shelter:inspect'), manage: hasPermission(me, 'shelter:manage') };
  // A dialog follows its shelter as the list shows it now (after an inspection, a conflict, a refresh).
  const open = dialog && dialog.kind !== 'create' ? all.find((s) => s.id === dialog.id) : undefined;

  return (
    <div data-testid="shelters-page">
      <div className="rx-ei-head">
        <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('emergencyInfra.shelters.title')}</Typography.Title>
        <div className="rx-ei-head-actions">
          {may.manage && (
            <Button type="primary" size={isMobile ? 'large' : 'middle'} icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="sh-add">
              {t('emergencyInfra.shelters.add')}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} size={isMobile ? 'large' : 'middle'} onClick={() => void q.refetch()} loading={q.isFetching} data-testid="sh-refresh">{t('emergencyInfra.refresh')}</Button>
        </div>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('emergencyInfra.shelters.description')}</Typography.Paragraph>
      {!may.inspect && !may.manage && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('emergencyInfra.shelters.readOnly')} data-testid="sh-read-only" />}
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : (
        <>
          {coverage.length > 0 && (
            <section aria-label={t('emergencyInfra.shelters.coverage.title')} className="rx-ei-section">
              <ul className="rx-card-list rx-ei-coverages" data-testid="sh-coverages">
                {coverage.map((c) => <CoverageCard key={c.communityId} c={c} />)}
              </ul>
              <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0', fontSize: 13 }}>{t('emergencyInfra.shelters.coverage.note')}</Typography.Paragraph>
            </section>
          )}
          {shown.length === 0 ? (
            <Empty description={t('emergencyInfra.shelters.empty')} />
          ) : (
            <ul className="rx-card-list rx-ei-cards" data-testid="sh-list">
              {shown.map((s) => (
                <ShelterCard key={s.id} s={s} now={now} showCommunity={manyCommunities(all)} may={may} onOpen={(kind) => setDialog({ kind, id: s.id })} />
              ))}
            </ul>
          )}
          {all.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="sh-total">
              {t('emergencyInfra.shelters.total', { total: formatCount(all.length, i18n.language) })}
            </Typography.Paragraph>
          )}
        </>
      )}
      {dialog?.kind === 'create' && <ShelterModal shelter={null} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && open && <ShelterModal shelter={open} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'inspect' && open && <InspectModal shelter={open} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'history' && open && <InspectionsDrawer shelter={open} onClose={() => setDialog(null)} />}
    </div>
  );
}
