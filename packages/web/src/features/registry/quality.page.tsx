import { ArrowLeftOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Pagination, Select, Skeleton, Spin, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { PREGNANT_AGES } from '@renxing/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useUrlState } from '../../lib/url-state';
import { isStub, type ResidentRow } from './api';
import { getQuality, getQualityItems, type ListableKind, type QualityHousehold, type QualityKind, type QualityOverview } from './quality.api';
import { allClear, breakdown, isListable, orderedKinds, qualityParamsFromView, qualityViewFromParams, shownArea, type QualityView } from './quality.logic';
import { RestrictedTag } from './restricted';
import { CareTags, residenceLabel, sexLabel } from './shared';
import './quality.css';

/** Figures the kinds' descriptions name (the ages 孕妇 fits, from the rule the API and the import apply). */
const KIND_WORDS = { from: PREGNANT_AGES.from, to: PREGNANT_AGES.below - 1 };

const PAGE_SIZE = 20;

/**
 * 数据质量: the record problems of the caller's area a community admin or grid worker fixes before an emergency (ADR
 * 0020) — counts per kind with the breakdown by grid, and for each kind the residents or households, each a link to the
 * page where it is fixed. One column on a phone.
 */
export function QualityPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useUrlState();
  const view = useMemo(() => qualityViewFromParams(params), [params]);
  const go = (v: QualityView) => setParams(() => qualityParamsFromView(v));
  // A page of the open list, from the latest params (not this render's view).
  const goToPage = (page: number) => setParams((prev) => qualityParamsFromView({ ...qualityViewFromParams(prev), page }));
  usePageTitle(t('quality.title'));

  const q = useQuery({ queryKey: ['registry', 'quality'], queryFn: ({ signal }) => getQuality(signal) });
  const fmt = (v: number | null) => (v === null ? t('quality.lessThanFive') : formatCount(v, i18n.language));

  const title = (
    <Typography.Title level={1} className="rx-page-title" style={{ marginBottom: 8 }}>
      {t('quality.title')}
    </Typography.Title>
  );
  if (q.isPending) return <div>{title}<Card><Skeleton active /></Card></div>;
  if (q.isError) {
    return (
      <div>
        {title}
        <ErrorAlert error={q.error} title={t('quality.error')} onRetry={() => void q.refetch()} />
      </div>
    );
  }
  const o = q.data;
  const area = shownArea(o, view.org);
  const org = area.id === o.area.id ? undefined : area.id;

  if (view.kind) {
    return <KindList o={o} kind={view.kind} org={org} page={view.page} onPage={goToPage} onBack={() => go({ org, page: 1 })} />;
  }

  return (
    <div>
      {title}
      <Typography.Paragraph type="secondary" className="rx-q-intro">{t('quality.intro')}</Typography.Paragraph>
      {o.children.length > 0 && (
        <div className="rx-reg-field rx-q-area">
          <label htmlFor="q-area">{t('quality.area')}</label>
          <Select<string>
            id="q-area"
            value={area.id}
            onChange={(id) => go({ org: id === o.area.id ? undefined : id, page: 1 })}
            options={[{ value: o.area.id, label: t('quality.areaAll', { name: o.area.name }) }, ...o.children.map((c) => ({ value: c.id, label: c.name }))]}
            data-testid="quality-area"
          />
        </div>
      )}
      {allClear(area) && <Alert type="success" showIcon title={t('quality.allClear')} style={{ marginBottom: 12 }} />}
      <ul className="rx-q-kinds" data-testid="quality-kinds">
        {orderedKinds(area).map((k) => (
          <li key={k}>
            <KindCard k={k} count={area.counts[k]} fmt={fmt} split={org ? [] : breakdown(o, k)} onOpen={(to) => go({ kind: k as ListableKind, org: to, page: 1 })} org={org} />
          </li>
        ))}
      </ul>
      <Typography.Paragraph type="secondary" className="rx-q-foot">
        {t('quality.asOf', { date: o.asOf })} · {t('quality.computedAt', { time: new Date(o.computedAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' }) })}
        {o.suppressed ? ` · ${t('quality.suppressedHint')}` : ''}
      </Typography.Paragraph>
    </div>
  );
}

/** One kind: label, count, what it means, where it is (per grid), and the button to its list. */
function KindCard({ k, count, fmt, split, onOpen, org }: {
  k: QualityKind; count: number | null; fmt: (v: number | null) => string; split: ReturnType<typeof breakdown>; onOpen: (org: string | undefined) => void; org: string | undefined;
}) {
  const { t } = useTranslation();
  const listable = isListable(k);
  const zero = count === 0;
  return (
    <section className={`rx-q-kind${zero ? ' rx-q-kind-zero' : ''}`} aria-labelledby={`q-${k}`} data-testid={`quality-${k}`}>
      <div className="rx-q-kind-head">
        <h2 id={`q-${k}`} className="rx-q-kind-label">{t(`quality.kinds.${k}.label`)}</h2>
        <span className="rx-q-kind-count" data-testid={`quality-count-${k}`}>{fmt(count)}</span>
      </div>
      <div className="rx-q-kind-desc">{t(`quality.kinds.${k}.desc`, KIND_WORDS)}</div>
      {split.length > 0 && (
        <div className="rx-q-split" aria-label={t('quality.perChild')}>
          {split.map((c) =>
            listable ? (
              <Button key={c.id} size="small" onClick={() => onOpen(c.id)}>{c.name} {fmt(c.count)}</Button>
            ) : (
              <Tag key={c.id}>{c.name} {fmt(c.count)}</Tag>
            ),
          )}
        </div>
      )}
      {!zero && (listable ? (
        <Button type="primary" ghost className="rx-q-open" onClick={() => onOpen(org)} data-testid={`quality-open-${k}`}>
          {t('quality.open')} <RightOutlined aria-hidden />
        </Button>
      ) : (
        <div className="rx-q-kind-desc">{t('quality.fixHint', { fix: t(`quality.kinds.${k}.fix`) })}</div>
      ))}
    </section>
  );
}

/** The residents or households of one kind, paged; each a link to where the worker fixes it. */
function KindList({ o, kind, org, page, onPage, onBack }: {
  o: QualityOverview; kind: ListableKind; org: string | undefined; page: number; onPage: (p: number) => void; onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const area = shownArea(o, org);
  const gridName = new Map(o.children.map((c) => [c.id, c.name]));
  const list = useQuery({
    queryKey: ['registry', 'quality', 'items', kind, org ?? 'mine', page],
    queryFn: ({ signal }) => getQualityItems({ kind, orgId: org, page, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
    gcTime: 0,
  });
  const data = list.data;
  return (
    <div>
      <button type="button" className="rx-reg-back rx-q-backbtn" onClick={onBack} data-testid="quality-back">
        <ArrowLeftOutlined /> {t('quality.back')}
      </button>
      <Typography.Title level={1} className="rx-page-title" style={{ marginBottom: 8 }}>
        {t('quality.listOf', { kind: t(`quality.kinds.${kind}.label`), area: area.name })}
      </Typography.Title>
      <Alert type="info" showIcon title={t('quality.fixHint', { fix: t(`quality.kinds.${kind}.fix`) })} style={{ marginBottom: 12 }} />
      {list.error && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} />
      )}
      <div className="rx-reg-count" role="status" aria-live="polite" data-testid="quality-total">
        {data && t('quality.total', { total: formatCount(data.total, i18n.language) })}
      </div>
      {list.isPending ? (
        <Spin style={{ display: 'block', margin: '24px auto' }} />
      ) : data && data.items.length === 0 ? (
        <Empty description={t('quality.none')} />
      ) : data ? (
        <ul className="rx-reg-cards rx-q-list" data-testid="quality-list" aria-busy={list.isFetching}>
          {data.subject === 'resident'
            ? data.items.map((r) => <li key={r.id} className="rx-reg-card-item"><ResidentItem r={r} gridName={gridName.get(r.gridId)} /></li>)
            : data.items.map((h) => <li key={h.id} className="rx-reg-card-item"><HouseholdItem h={h} kind={kind} gridName={gridName.get(h.gridId)} /></li>)}
        </ul>
      ) : null}
      {data && data.total > PAGE_SIZE && (
        <Pagination simple current={page} pageSize={PAGE_SIZE} total={data.total} onChange={onPage} style={{ marginTop: 12, textAlign: 'center' }} />
      )}
    </div>
  );
}

function ResidentItem({ r, gridName }: { r: ResidentRow; gridName?: string }) {
  const { t } = useTranslation();
  return (
    <Link to={`/registry/residents/${r.id}`} className="rx-reg-card" data-testid="quality-item">
      <div className="rx-reg-card-main">
        <div className="rx-reg-card-head">
          <strong className="rx-reg-card-name">{r.nameMasked}</strong>
          {isStub(r) ? <RestrictedTag /> : <span>{sexLabel(t, r.sex)} · {t('registry.ageYears', { age: r.age })}</span>}
          {!isStub(r) && <Tag style={{ marginInlineEnd: 0 }}>{residenceLabel(t, r.residenceType)}</Tag>}
        </div>
        {isStub(r) ? (
          <div className="rx-reg-card-line"><Typography.Text type="secondary">{t('registry.restricted.explain')}</Typography.Text></div>
        ) : (
          <>
            <div className="rx-reg-card-line">{r.address}</div>
            <div className="rx-reg-card-line rx-mono">{r.idMasked}{r.phoneMasked ? ` · ${r.phoneMasked}` : ` · ${t('quality.noPhone')}`}</div>
            {r.tags.length > 0 && <div className="rx-reg-card-line"><CareTags tags={r.tags} /></div>}
          </>
        )}
        {gridName && <div className="rx-reg-card-line"><Typography.Text type="secondary">{gridName}</Typography.Text></div>}
      </div>
      <RightOutlined aria-hidden className="rx-reg-card-arrow" />
    </Link>
  );
}

function HouseholdItem({ h, kind, gridName }: { h: QualityHousehold; kind: ListableKind; gridName?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Link to={`/registry/households/${h.id}`} className="rx-reg-card" data-testid="quality-item">
      <div className="rx-reg-card-main">
        <div className="rx-reg-card-head">
          <strong className="rx-reg-card-name">{h.address}</strong>
        </div>
        <div className="rx-reg-card-line">
          {t('quality.members', { n: formatCount(h.activeMembers, i18n.language) })}
          {kind === 'household_no_head' && ` · ${t('quality.noHead')}`}
          {kind === 'household_head_inactive' && ` · ${t('quality.headInactive')}`}
        </div>
        {gridName && <div className="rx-reg-card-line"><Typography.Text type="secondary">{gridName}</Typography.Text></div>}
      </div>
      <RightOutlined aria-hidden className="rx-reg-card-arrow" />
    </Link>
  );
}
