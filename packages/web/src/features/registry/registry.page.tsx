import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Empty, Form, Input, Pagination, Select, Space, Spin, Tag, Typography } from 'antd';
import { Drawer } from '../../lib/dialog';
import type { ColumnsType } from 'antd/es/table';
import { ApartmentOutlined, CloseOutlined, ExportOutlined, FilterOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { hasPermission, useMe } from '../../auth/session';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { AreaPicker } from '../../lib/area-picker';
import { ErrorAlert } from '../../lib/error-alert';
import { useUrlState } from '../../lib/url-state';
import {
  CARE_TAGS, isStub, listResidents, RESIDENCE_TYPES, searchResidents, type CareTag, type ResidenceType, type ResidentFilters, type ResidentRow, type SearchKind,
} from './api';
import { ExportRequestModal } from './export-request.modal';
import { RestrictedTag } from './restricted';
import { inAddressPart, listShows, paramsFromView, viewFromParams, type View } from './registry.logic';
import { PlaceTree, type PlaceScope } from './place-tree';
import { CareTags, gridLoader, relationLabel, residenceLabel, sexLabel } from './shared';
import { DataTable } from '../../lib/table';
import { BLANK_HEIGHT } from '../../lib/table.logic';
import { useDrawerFocus } from '../../lib/dialog-focus';
import { labelled, phraseText, withNote } from '../../lib/labels';
import { formatCount } from '../../lib/numbers';

const SEARCH_LIMIT = 100;
const PAGE_SIZE = { desktop: 20, phone: 20 };

type Result = { items: ResidentRow[]; total: number; kind: SearchKind | 'list'; capped: boolean };

/** Search (typed text or a building chosen in the tree) or the paged list. */
async function loadResidents(v: View, pageSize: number, signal: AbortSignal): Promise<Result> {
  const filters: ResidentFilters = { gridId: v.gridId, tag: v.tag, residenceType: v.residenceType };
  const term = v.q.trim() || v.addr;
  if (term) {
    const res = await searchResidents({ ...filters, q: term, limit: SEARCH_LIMIT });
    // A building or unit: keep exact address parts only ("1幢" must not match "11幢").
    // Restricted records (stubs) have no visible address, so they never match a building or unit.
    const items = v.addr ? res.items.filter((r) => !isStub(r) && inAddressPart(r.address, v.addr!)) : res.items;
    return { items, total: items.length, kind: res.kind, capped: res.items.length >= SEARCH_LIMIT };
  }
  const res = await listResidents({ ...filters, page: v.page, pageSize }, signal);
  return { items: res.items, total: res.total, kind: 'list', capped: false };
}

function ResidentCard({ r, gridName }: { r: ResidentRow; gridName?: string }) {
  const { t } = useTranslation();
  if (isStub(r)) {
    return (
      <Link to={`/registry/residents/${r.id}`} className="rx-reg-card" data-testid="resident-card">
        <div className="rx-reg-card-main">
          <div className="rx-reg-card-head">
            <strong className="rx-reg-card-name">{r.nameMasked}</strong>
            <RestrictedTag />
          </div>
          <div className="rx-reg-card-line">
            <Typography.Text type="secondary">{t('registry.restricted.explain')}</Typography.Text>
          </div>
          {gridName && (
            <div className="rx-reg-card-line">
              <Typography.Text type="secondary">{gridName}</Typography.Text>
            </div>
          )}
        </div>
        <RightOutlined aria-hidden className="rx-reg-card-arrow" />
      </Link>
    );
  }
  return (
    <Link to={`/registry/residents/${r.id}`} className="rx-reg-card" data-testid="resident-card">
      <div className="rx-reg-card-main">
        <div className="rx-reg-card-head">
          <strong className="rx-reg-card-name">{r.nameMasked}</strong>
          <span>
            {sexLabel(t, r.sex)} · {t('registry.ageYears', { age: r.age })}
          </span>
          <Tag style={{ marginInlineEnd: 0 }}>{residenceLabel(t, r.residenceType)}</Tag>
        </div>
        <div className="rx-reg-card-line">{r.address}</div>
        <div className="rx-reg-card-line rx-mono">
          {r.idMasked}
          {r.phoneMasked && ` · ${r.phoneMasked}`}
        </div>
        {(r.tags.length > 0 || gridName) && (
          <div className="rx-reg-card-line">
            <CareTags tags={r.tags} />
            {gridName && <Typography.Text type="secondary">{gridName}</Typography.Text>}
          </div>
        )}
      </div>
      <RightOutlined aria-hidden className="rx-reg-card-arrow" />
    </Link>
  );
}

const GRID_PICKER_KEY = ['registry', 'grid-picker'] as const;
const isGrid = (n: { level: string }) => n.level === 'grid';

export function RegistryPage() {
  const treeDrawerFocus = useDrawerFocus();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [params, setParams] = useUrlState();
  const view = useMemo(() => viewFromParams(params), [params]);
  const [text, setText] = useState(view.q);
  const [treeOpen, setTreeOpen] = useState(false);
  const activeFilters = [view.tag, view.residenceType, view.addr ? undefined : view.gridId].filter(Boolean).length;
  // On a phone the filters start folded (unless one is in use) so that the first residents show without scrolling.
  const [filtersOpen, setFiltersOpen] = useState(() => !isMobile || activeFilters > 0);
  const [exportOpen, setExportOpen] = useState(false);
  const pageSize = isMobile ? PAGE_SIZE.phone : PAGE_SIZE.desktop;
  usePageTitle(t('registry.title'));

  useEffect(() => setText(view.q), [view.q]);

  // From the latest params (useUrlState), not this render's `view`: two quick changes (grid, then tag) must not overwrite each other.
  const update = (patch: Partial<View>) => setParams((prev) => paramsFromView({ ...viewFromParams(prev), page: 1, ...patch }));
  const goToPage = (page: number) => setParams((prev) => paramsFromView({ ...viewFromParams(prev), page }));

  const list = useQuery({
    queryKey: ['registry', 'residents', view, pageSize],
    queryFn: ({ signal }) => loadResidents(view, pageSize, signal),
    placeholderData: keepPreviousData,
  });

  const onChoose = (scope: PlaceScope) => {
    if (scope.kind === 'household') {
      void navigate(`/registry/households/${scope.householdId}`);
      return;
    }
    setTreeOpen(false);
    if (scope.kind === 'all') update({ gridId: undefined, addr: undefined, label: undefined, node: undefined });
    else if (scope.kind === 'grid') update({ gridId: scope.gridId, addr: undefined, label: scope.label, node: scope.key });
    else update({ gridId: scope.gridId, addr: scope.addr, label: scope.label, node: scope.key });
  };

  // Five columns fit a 1366 px screen next to the tree; tags sit under the name, the residence type under sex/age, the grid under the address.
  // A restricted record without a grant (stub) shows its masked name and "受限"; everything else reads "已隐藏".
  const hidden = <Typography.Text type="secondary">{t('registry.restricted.hidden')}</Typography.Text>;
  const columns: ColumnsType<ResidentRow> = [
    {
      title: t('registry.cols.name'),
      key: 'name',
      width: 120,
      render: (_, r) => (
        <div>
          <Link to={`/registry/residents/${r.id}`} aria-label={labelled(t('registry.open'), isStub(r) ? r.nameMasked : phraseText([r.nameMasked, r.address], i18n.language), i18n.language)} className="rx-reg-name-link">
            {r.nameMasked}
          </Link>
          <div>{isStub(r) ? <RestrictedTag /> : <CareTags tags={r.tags} />}</div>
        </div>
      ),
    },
    {
      title: t('registry.cols.sexAge'),
      key: 'sexAge',
      width: 96,
      render: (_, r) =>
        isStub(r) ? hidden : (
          <div>
            <div>{`${sexLabel(t, r.sex)} · ${r.age}`}</div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {residenceLabel(t, r.residenceType)}
            </Typography.Text>
          </div>
        ),
    },
    { title: t('registry.cols.idNumber'), key: 'idMasked', width: 196, render: (_, r) => (isStub(r) ? hidden : <span className="rx-mono rx-reg-nowrap">{r.idMasked}</span>) },
    {
      title: t('registry.cols.phone'),
      key: 'phoneMasked',
      width: 124,
      render: (_, r) =>
        isStub(r) ? hidden : r.phoneMasked ? <span className="rx-mono rx-reg-nowrap">{r.phoneMasked}</span> : <Typography.Text type="secondary">{t('registry.noPhone')}</Typography.Text>,
    },
    {
      title: t('registry.cols.address'),
      key: 'address',
      render: (_, r) => (
        <div>
          <div>{isStub(r) ? hidden : r.address}</div>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {[r.gridName, isStub(r) ? null : relationLabel(t, r.relation)].filter(Boolean).join(' · ')}
          </Typography.Text>
        </div>
      ),
    },
  ];

  const data = list.data;
  // Rows, the empty state, a wait, or nothing-loaded (the error with 重试 shows above): never "nobody found" after a failure.
  const shows = listShows({ rows: data?.items.length, fetching: list.isFetching, paused: list.isPaused, failed: list.isError });
  const notLoaded = (text: string) => (
    <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: '24px 0' }} data-testid="registry-not-loaded">
      {text}
    </Typography.Paragraph>
  );
  const noRows =
    shows === 'failed' ? notLoaded(t('registry.notLoaded'))
    : shows === 'offline' ? notLoaded(t('registry.offline'))
    : shows === 'empty' ? <Empty description={<>{t('registry.empty')}<br />{t('registry.emptyHint')}</>} />
    : null;
  // The filter's grid by name: the rows name their grid (server, ADR 0052); before any row came, the label in the URL.
  const filterGridName = view.gridId ? (data?.items.find((r) => r.gridId === view.gridId)?.gridName ?? (view.addr ? undefined : view.label)) ?? undefined : undefined;
  const scopeLabel = view.label ?? filterGridName;

  const filters = (
    <Space wrap size={[12, 12]} className="rx-reg-filters">
      <div className="rx-reg-field">
        <label htmlFor="reg-tag">{t('registry.tag')}</label>
        <Select<CareTag>
          id="reg-tag"
          allowClear
          placeholder={t('registry.tagAll')}
          value={view.tag}
          onChange={(v) => update({ tag: v })}
          options={CARE_TAGS.map((c) => ({ value: c, label: t(`registry.tags.${c}`) }))}
          style={{ width: isMobile ? '100%' : 150 }}
        />
      </div>
      <div className="rx-reg-field">
        <label htmlFor="reg-rt">{t('registry.residenceType')}</label>
        <Select<ResidenceType>
          id="reg-rt"
          allowClear
          placeholder={t('registry.residenceTypeAll')}
          value={view.residenceType}
          onChange={(v) => update({ residenceType: v })}
          options={RESIDENCE_TYPES.map((c) => ({ value: c, label: t(`registry.residenceTypes.${c}`) }))}
          style={{ width: isMobile ? '100%' : 130 }}
        />
      </div>
      {/* Loaded level by level (ADR 0052): a plain select of a community's grids, nothing for a single grid. */}
      <AreaPicker
        loader={gridLoader}
        cacheKey={GRID_PICKER_KEY}
        hideIfSingle
        render={(picker) => (
          <div className="rx-reg-field">
            <label htmlFor="reg-grid">{t('registry.grid')}</label>
            {picker}
          </div>
        )}
        id="reg-grid"
        allowClear
        placeholder={t('registry.gridAll')}
        selectable={isGrid}
        value={view.addr ? undefined : view.gridId}
        valueLabel={filterGridName}
        onChange={(v, _node, label) => update({ gridId: v, addr: undefined, label, node: v ? `grid:${v}` : undefined })}
        style={{ width: isMobile ? '100%' : 160 }}
      />
    </Space>
  );

  const results = (
    <>
      {list.error && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} />
      )}
      <div className="rx-reg-count" role="status" aria-live="polite" data-testid="registry-count">
        {data &&
          (data.kind === 'list'
            ? t('registry.total', { total: formatCount(data.total, i18n.language) })
            : (view.q
                ? withNote(t('registry.found', { n: formatCount(data.total, i18n.language) }), t(`registry.foundBy.${data.kind}`), i18n.language)
                : t('registry.found', { n: formatCount(data.total, i18n.language) })))}
      </div>
      {data?.capped && <Alert type="info" showIcon title={t('registry.capped', { n: SEARCH_LIMIT })} style={{ marginBottom: 12 }} />}
      {isMobile ? (
        <>
          {shows === 'loading' ? (
            <Spin style={{ display: 'block', margin: '24px auto' }} />
          ) : shows !== 'rows' ? (
            noRows
          ) : (
            <ul className="rx-reg-cards" data-testid="registry-list" aria-busy={list.isFetching}>
              {(data?.items ?? []).map((r) => (
                <li key={r.id} className="rx-reg-card-item">
                  <ResidentCard r={r} gridName={r.gridName ?? undefined} />
                </li>
              ))}
            </ul>
          )}
          {data?.kind === 'list' && data.total > pageSize && (
            <Pagination
              simple
              current={view.page}
              pageSize={pageSize}
              total={data.total}
              onChange={goToPage}
              style={{ marginTop: 12, textAlign: 'center' }}
            />
          )}
        </>
      ) : (
        <DataTable<ResidentRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.isFetching}
          data-testid="registry-table"
          onRow={(r) => ({ onDoubleClick: () => void navigate(`/registry/residents/${r.id}`) })}
          locale={{ emptyText: noRows ?? <div style={{ height: BLANK_HEIGHT }} /> }}
          pagination={
            data?.kind === 'list'
              ? {
                  current: view.page,
                  pageSize,
                  total: data.total,
                  showSizeChanger: false,
                  showTotal: (total) => t('registry.total', { total: formatCount(total, i18n.language) }),
                  onChange: goToPage,
                }
              : { pageSize: SEARCH_LIMIT, hideOnSinglePage: true }
          }
          scroll={{ x: 780 }}
        />
      )}
    </>
  );

  return (
    <div>
      <div className="rx-reg-titlebar">
        <Typography.Title level={1} className="rx-page-title" style={{ marginBottom: 0 }}>
          {t('registry.title')}
        </Typography.Title>
        <Space wrap>
          {isMobile && (
            <Button icon={<ApartmentOutlined />} onClick={() => setTreeOpen(true)} data-testid="open-tree">
              {t('registry.browse')}
            </Button>
          )}
          {hasPermission(me, 'resident:export') && (
            <Button icon={<ExportOutlined />} onClick={() => setExportOpen(true)} data-testid="open-export">
              {t('registry.export')}
            </Button>
          )}
        </Space>
      </div>

      <div className="rx-reg-layout">
        {!isMobile && (
          <Card size="small" title={t('registry.browseTitle')} className="rx-reg-tree-card">
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              {t('registry.treeHint')}
            </Typography.Paragraph>
            <PlaceTree onChoose={onChoose} selectedKey={view.node} />
          </Card>
        )}
        <div className="rx-reg-main">
          <Card size="small" style={{ marginBottom: 12 }}>
            <Form
              layout="vertical"
              onFinish={() => update({ q: text.trim() })}
              role="search"
            >
              <Form.Item label={t('registry.searchLabel')} htmlFor="reg-q" extra={t('registry.searchHint')} style={{ marginBottom: 12 }}>
                <Space.Compact style={{ width: '100%' }}>
                  <Input
                    id="reg-q"
                    value={text}
                    onChange={(e) => setText(e.target.value)}
                    placeholder={t('registry.searchPlaceholder')}
                    allowClear
                    maxLength={40}
                    autoComplete="off"
                    enterKeyHint="search"
                    data-testid="registry-search"
                    onClear={() => update({ q: '' })}
                  />
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                    {t('registry.searchButton')}
                  </Button>
                </Space.Compact>
              </Form.Item>
              {isMobile && (
                <Button
                  icon={<FilterOutlined />}
                  onClick={() => setFiltersOpen(!filtersOpen)}
                  aria-expanded={filtersOpen}
                  aria-controls="reg-filters"
                  style={{ marginBottom: filtersOpen ? 12 : 0 }}
                  data-testid="toggle-filters"
                >
                  {t('registry.filters')}
                  {activeFilters > 0 && <Badge count={activeFilters} color="#0958d9" style={{ marginInlineStart: 6 }} />}
                </Button>
              )}
              {(filtersOpen || !isMobile) && <div id="reg-filters">{filters}</div>}
            </Form>
            {scopeLabel && (
              <div className="rx-reg-scope" data-testid="registry-scope">
                <span>
                  {t('registry.scope')}：<strong>{scopeLabel}</strong>
                </span>
                <Button size="small" icon={<CloseOutlined />} onClick={() => onChoose({ kind: 'all' })}>
                  {t('registry.clearScope')}
                </Button>
              </div>
            )}
          </Card>
          {results}
        </div>
      </div>

      {isMobile && (
        <Drawer
          {...treeDrawerFocus}
          placement="left"
          open={treeOpen}
          onClose={() => setTreeOpen(false)}
          title={t('registry.browseTitle')}
          size={320}
          closable={{ 'aria-label': t('menu.close') }}
        >
          <Typography.Paragraph type="secondary">{t('registry.treeHint')}</Typography.Paragraph>
          <PlaceTree onChoose={onChoose} selectedKey={view.node} />
        </Drawer>
      )}
      {exportOpen && (
        <ExportRequestModal
          filters={{ gridId: view.gridId, tag: view.tag, residenceType: view.residenceType }}
          gridLabel={filterGridName}
          onClose={() => setExportOpen(false)}
        />
      )}
    </div>
  );
}
