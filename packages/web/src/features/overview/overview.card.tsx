import { ArrowLeftOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, List, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Figure, getOverview, type OverviewArea } from './api';
import {
  AREA_KEY, CARE_TILES, formatFigure, isAreaGone, isEmpty, overviewRefetchMs, PEOPLE_TILES, registryLinkFor, trailDown, trailFromParams, trailPatch, trailUp,
} from './overview.logic';
import './overview.css';
import { ErrorAlert } from '../../lib/error-alert';
import { useUrlState } from '../../lib/url-state';

/**
 * 人口概况: the workbench card of community, street and district staff — residents, households, floating population,
 * age groups and people needing care in the caller's area, and the same per area below it (tap to go down a level).
 * Figures that select a list link to the resident list when the caller may read residents.
 * The area shown is kept in the address (`?area=…`, overview.logic: trailFromParams): Back goes up a level, a reload
 * stays; an area the caller may not see (or a broken address) shows their own area with a short notice.
 */
export function OverviewCard({ canReadResidents }: { canReadResidents: boolean }) {
  const { t, i18n } = useTranslation();
  const [params, updateParams] = useUrlState();
  const { trail, malformed } = trailFromParams(params);
  const orgId = trail.at(-1);
  // Set when the address named an area that is not there for the caller; cleared by the next step down or up.
  const [notice, setNotice] = useState(false);
  const q = useQuery({
    queryKey: ['registry', 'overview', orgId ?? 'mine'], queryFn: ({ signal }) => getOverview(orgId, signal),
    // Older figures shown while the server recounts some communities behind them (ADR 0048 addendum): ask again shortly.
    refetchInterval: (query) => overviewRefetchMs(query.state.data),
  });
  const gone = malformed || (q.isError && isAreaGone(q.error, orgId !== undefined));
  // Unknown, outside the caller's area or not an area id at all: the caller's own area, in place of this address (so
  // that Back does not come here again).
  useEffect(() => {
    if (!gone) return;
    setNotice(true);
    updateParams((draft) => {
      draft.delete(AREA_KEY);
    }, { replace: true });
  }, [gone, updateParams]);
  const go = (next: string[]) => {
    setNotice(false);
    updateParams(trailPatch(next));
  };
  const fmt = (v: number | null) => formatFigure(v, t('overview.lessThanFive'), i18n.language);

  if (q.isPending || gone) return <Card title={<h2 className="rx-card-title">{t('overview.title')}</h2>}><Skeleton active /></Card>;
  if (q.isError) {
    return (
      <Card
        title={<h2 className="rx-card-title">{t('overview.title')}</h2>}
        extra={trail.length ? <Button size="small" icon={<ArrowLeftOutlined />} onClick={() => go(trailUp(trail))}>{t('overview.back')}</Button> : null}
      >
        <ErrorAlert error={q.error} title={t('overview.error')} onRetry={() => void q.refetch()} style={{ marginBottom: 0 }} />
      </Card>
    );
  }
  const o = q.data;
  const gridId = o.area.level === 'grid' ? o.area.id : undefined;
  const tile = (f: Figure) => {
    const link = canReadResidents ? registryLinkFor(f, gridId) : undefined;
    const body = (
      <>
        <span className="rx-ov-value" data-testid={`ov-${f}`}>{fmt(o.area.figures[f])}</span>
        <span className="rx-ov-label">{t(`overview.figures.${f}`)}</span>
      </>
    );
    return link ? <Link key={f} to={link} className="rx-ov-tile rx-ov-link">{body}</Link> : <div key={f} className="rx-ov-tile">{body}</div>;
  };

  const figs = (c: OverviewArea) => (
    <Space size={12} wrap className="rx-ov-child-figs">
      <span>{t('overview.figures.residents')} {fmt(c.figures.residents)}</span>
      <span>{t('overview.figures.households')} {fmt(c.figures.households)}</span>
      <span>{t('overview.figures.elderly60')} {fmt(c.figures.elderly60)}</span>
      <span>{t('overview.figures.elderlyAlone')} {fmt(c.figures.elderlyAlone)}</span>
    </Space>
  );

  return (
    <Card
      data-testid="overview-card"
      title={<h2 className="rx-card-title">{trail.length ? t('overview.titleOf', { name: o.area.name }) : t('overview.title')}</h2>}
      extra={trail.length ? <Button size="small" icon={<ArrowLeftOutlined />} onClick={() => go(trailUp(trail))}>{t('overview.back')}</Button> : null}
    >
      {notice && !trail.length && (
        <Alert type="info" showIcon closable onClose={() => setNotice(false)} title={t('overview.areaGone')} style={{ marginBottom: 12 }} data-testid="ov-area-gone" />
      )}
      {isEmpty(o.area.figures) ? (
        <Typography.Paragraph type="secondary">{t('overview.empty')}</Typography.Paragraph>
      ) : (
        <>
          <h3 className="rx-ov-group">{t('overview.groups.people')}</h3>
          <div className="rx-ov-tiles">{PEOPLE_TILES.map(tile)}</div>
          <h3 className="rx-ov-group">{t('overview.groups.care')}</h3>
          <div className="rx-ov-tiles">{CARE_TILES.map(tile)}</div>
        </>
      )}
      {o.children.length > 0 && (
        <>
          <h3 className="rx-ov-group">{t(o.area.level === 'grid' ? 'overview.compoundsHeader' : 'overview.childHeader')}</h3>
          <List
            size="small"
            dataSource={o.children}
            renderItem={(c) => (
              <List.Item
                key={c.id}
                actions={canReadResidents && c.level === 'grid' ? [<Link key="list" to={`/registry?grid=${encodeURIComponent(c.id)}`}>{t('overview.open')}</Link>] : []}
              >
                {c.level === 'compound' ? (
                  // A grid's residential compounds: figures only (a compound is not an area one can open).
                  <div className="rx-ov-child" data-testid={`ov-child-${c.code}`}>
                    <span className="rx-ov-child-name">{c.name}</span>
                    {figs(c)}
                  </div>
                ) : (
                  // No aria-label: the button's name is what it shows (the area and its figures; WCAG 2.5.3).
                  <button type="button" className="rx-ov-child" onClick={() => go(trailDown(trail, c.id))} data-testid={`ov-child-${c.code}`}>
                    <span className="rx-ov-child-name">{c.name}</span>
                    {figs(c)}
                    <RightOutlined aria-hidden />
                  </button>
                )}
              </List.Item>
            )}
          />
        </>
      )}
      <Typography.Paragraph type="secondary" className="rx-ov-foot">
        {t('overview.asOf', { date: o.asOf })} · {t('overview.computedAt', { time: new Date(o.computedAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' }) })}
        {o.refreshing ? ` · ${t('overview.refreshing')}` : ''}
        {o.suppressed ? ` · ${t('overview.suppressedHint')}` : ''}
      </Typography.Paragraph>
    </Card>
  );
}
