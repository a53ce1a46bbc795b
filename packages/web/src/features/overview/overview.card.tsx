import { ArrowLeftOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, List, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Figure, getOverview, type OverviewArea } from './api';
import { CARE_TILES, formatFigure, isEmpty, overviewRefetchMs, PEOPLE_TILES, registryLinkFor } from './overview.logic';
import './overview.css';
import { isRetryable } from '../../lib/errors.logic';

/**
 * 人口概况: the workbench card of community, street and district staff — residents, households, floating population,
 * age groups and people needing care in the caller's area, and the same per area below it (tap to go down a level).
 * Figures that select a list link to the resident list when the caller may read residents.
 */
export function OverviewCard({ canReadResidents }: { canReadResidents: boolean }) {
  const { t, i18n } = useTranslation();
  const [trail, setTrail] = useState<OverviewArea[]>([]);
  const orgId = trail.at(-1)?.id;
  const q = useQuery({
    queryKey: ['registry', 'overview', orgId ?? 'mine'], queryFn: ({ signal }) => getOverview(orgId, signal),
    // Older figures shown while the server recounts some communities behind them (ADR 0048 addendum): ask again shortly.
    refetchInterval: (query) => overviewRefetchMs(query.state.data),
  });
  const fmt = (v: number | null) => formatFigure(v, t('overview.lessThanFive'), i18n.language);

  if (q.isPending) return <Card title={<h2 className="rx-card-title">{t('overview.title')}</h2>}><Skeleton active /></Card>;
  if (q.isError) {
    return (
      <Card title={<h2 className="rx-card-title">{t('overview.title')}</h2>}>
        <Alert type="warning" showIcon title={t('overview.error')} action={isRetryable(q.error) ? <Button onClick={() => void q.refetch()}>{t('app.retry')}</Button> : undefined} />
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
      extra={trail.length ? <Button size="small" icon={<ArrowLeftOutlined />} onClick={() => setTrail(trail.slice(0, -1))}>{t('overview.back')}</Button> : null}
    >
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
                  <button type="button" className="rx-ov-child" onClick={() => setTrail([...trail, c])} data-testid={`ov-child-${c.code}`}>
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
