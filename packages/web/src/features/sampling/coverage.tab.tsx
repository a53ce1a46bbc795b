// 覆盖情况: the round's coverage per grid — 应采 (active residents not 暂时外出), 已采, 外出 (counted apart) and the share —
// as a table on a desktop and a card each on a phone. Choosing a grid (in the address) shows its buildings the same way
// and 未采样名单: who is expected and not sampled yet (masked name, address, age, care tags, 建议上门 for people 80+ or
// tagged disabled / chronic), for the grid or one of its buildings. That list is an audited read: the page says so.
import { useMemo, type HTMLAttributes } from 'react';
import { Alert, Button, Card, Empty, Pagination, Skeleton, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EyeOutlined, HomeOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { useMe } from '../../auth/session';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { DataTable } from '../../lib/table';
import { useUrlState } from '../../lib/url-state';
import { CareTags } from '../registry';
import {
  COVERAGE_KEY, getCoverage, listMissing, MISSING_KEY, MISSING_PAGE_SIZE, type BuildingCoverage, type GridCoverage, type Missing, type Round,
} from './api';
import { byAreaName, missingFiltersFromParams, seesPeople } from './sampling.logic';
import { CoverageBar } from './shared';

type Row = { id: string; name: string; expected: number; sampled: number; away?: number };

const gridRow = (g: GridCoverage): Row => ({ id: g.gridId, name: g.name, expected: g.expected, sampled: g.sampled, away: g.away });
const buildingRow = (b: BuildingCoverage): Row => ({ id: b.buildingId, name: b.name, expected: b.expected, sampled: b.sampled });

/** Grids or buildings: a table on a desktop, cards on a phone; the chosen one marked; choosing one is a button. */
function CoverageRows({ rows, kind, chosen, onChoose, chooseLabel }: {
  rows: Row[]; kind: 'grid' | 'building'; chosen: string | undefined; onChoose: (id: string) => void; chooseLabel: (name: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const n = (v: number) => formatCount(v, i18n.language);
  const withAway = kind === 'grid';
  const open = (r: Row) => (
    <Button
      type={r.id === chosen ? 'primary' : 'link'}
      size={isMobile ? 'large' : 'small'}
      icon={kind === 'grid' ? <EyeOutlined /> : <HomeOutlined />}
      aria-label={chooseLabel(r.name)}
      aria-pressed={r.id === chosen}
      onClick={() => onChoose(r.id)}
      data-testid={`smp-${kind}-open`}
      style={isMobile ? undefined : { paddingInline: r.id === chosen ? 8 : 0 }}
    >
      {r.name}
    </Button>
  );
  if (isMobile) {
    return (
      <ul className="rx-card-list" data-testid={`smp-${kind}-list`}>
        {rows.map((r) => (
          <li key={r.id} className={`rx-card rx-smp-cov${r.id === chosen ? ' rx-smp-cov-chosen' : ''}`} data-testid={`smp-${kind}`} data-name={r.name} data-chosen={r.id === chosen}>
            {open(r)}
            <div className="rx-smp-quiet" data-testid={`smp-${kind}-figures`}>
              {t('sampling.coverage.cardLine', { expected: n(r.expected), sampled: n(r.sampled) })}
              {withAway && r.away ? ` · ${t('sampling.coverage.awayN', { n: n(r.away) })}` : ''}
            </div>
            <CoverageBar sampled={r.sampled} expected={r.expected} label={r.name} words={false} />
          </li>
        ))}
      </ul>
    );
  }
  const columns: ColumnsType<Row> = [
    { title: t(`sampling.coverage.cols.${kind}`), key: 'name', render: (_, r) => open(r) },
    { title: t('sampling.coverage.cols.expected'), key: 'expected', align: 'right', width: 90, render: (_, r) => <span data-testid="smp-cov-expected">{n(r.expected)}</span> },
    { title: t('sampling.coverage.cols.sampled'), key: 'sampled', align: 'right', width: 90, render: (_, r) => <span data-testid="smp-cov-sampled">{n(r.sampled)}</span> },
    ...(withAway ? [{ title: t('sampling.coverage.cols.away'), key: 'away', align: 'right' as const, width: 90, render: (_: unknown, r: Row) => <span data-testid="smp-cov-away">{n(r.away ?? 0)}</span> }] : []),
    { title: t('sampling.coverage.cols.coverage'), key: 'coverage', width: 260, render: (_, r) => <CoverageBar sampled={r.sampled} expected={r.expected} label={r.name} words={false} /> },
  ];
  return (
    <DataTable<Row>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      rowClassName={(r) => (r.id === chosen ? 'rx-smp-row-chosen' : '')}
      data-testid={`smp-${kind}-table`}
      onRow={(r) => ({ 'data-testid': `smp-${kind}`, 'data-name': r.name, 'data-chosen': r.id === chosen } as HTMLAttributes<HTMLElement>)}
    />
  );
}

/** 未采样名单 of the grid (or one building): masked, page by page; an audited read. */
function MissingList({ round, gridId, buildingId, page, place }: { round: Round; gridId: string; buildingId?: string; page: number; place: string }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const [, setParams] = useUrlState();
  const f = { gridId, buildingId, page };
  const q = useQuery({
    queryKey: [...MISSING_KEY, round.id, f],
    queryFn: ({ signal }) => listMissing(round.id, f, signal),
    placeholderData: keepPreviousData,
  });
  const rows = q.data?.items ?? [];
  const total = q.data?.total ?? 0;
  const address = (m: Missing) => m.address ?? <Typography.Text type="secondary">{t('sampling.missing.restricted')}</Typography.Text>;
  const tags = (m: Missing) => (
    <span className="rx-smp-tags" style={{ margin: 0 }}>
      {m.suggestDoorToDoor && <Tag color="volcano" style={{ marginInlineEnd: 0 }} data-testid="smp-door">{t('sampling.missing.door')}</Tag>}
      <CareTags tags={m.tags} />
    </span>
  );
  const age = (m: Missing) => (m.age === null || m.age === undefined ? '—' : t('sampling.missing.age', { n: m.age }));
  const columns: ColumnsType<Missing> = [
    { title: t('sampling.missing.cols.name'), key: 'name', width: 110, render: (_, m) => <strong data-testid="smp-missing-name">{m.nameMasked}</strong> },
    { title: t('sampling.missing.cols.address'), key: 'address', render: (_, m) => <span data-testid="smp-missing-address">{address(m)}</span> },
    { title: t('sampling.missing.cols.age'), key: 'age', width: 80, render: (_, m) => age(m) },
    { title: t('sampling.missing.cols.tags'), key: 'tags', render: (_, m) => tags(m) },
  ];
  return (
    <Card
      size="small"
      title={<h2 className="rx-smp-h2">{t('sampling.missing.title', { place })}</h2>}
      style={{ marginTop: 16 }}
      data-testid="smp-missing"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }} data-testid="smp-missing-audited">{t('sampling.missing.audited')}</Typography.Paragraph>
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Empty description={t('sampling.missing.empty')} />
      ) : isMobile ? (
        <ul className="rx-card-list" data-testid="smp-missing-list">
          {rows.map((m) => (
            <li key={m.residentId} className={`rx-card rx-smp-missing${m.suggestDoorToDoor ? ' rx-smp-missing-door' : ''}`} data-testid="smp-missing-row" data-door={m.suggestDoorToDoor}>
              <div className="rx-smp-row-head">
                <strong data-testid="smp-missing-name">{m.nameMasked}</strong>
                <span className="rx-smp-quiet">{age(m)}</span>
              </div>
              <div data-testid="smp-missing-address">{address(m)}</div>
              {(m.suggestDoorToDoor || m.tags.length > 0) && <div style={{ marginTop: 4 }}>{tags(m)}</div>}
            </li>
          ))}
        </ul>
      ) : (
        <DataTable<Missing>
          rowKey="residentId"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={q.isFetching && q.isPlaceholderData}
          pagination={false}
          data-testid="smp-missing-table"
          onRow={(m) => ({ 'data-testid': 'smp-missing-row', 'data-door': m.suggestDoorToDoor } as HTMLAttributes<HTMLElement>)}
        />
      )}
      {total > MISSING_PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={page}
          pageSize={MISSING_PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          simple={isMobile}
          onChange={(p) => setParams({ page: p > 1 ? p : null })}
        />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, textAlign: 'center' }} data-testid="smp-missing-total">
          {t('sampling.missing.total', { total: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

export function CoverageTab({ round }: { round: Round }) {
  const { t } = useTranslation();
  const me = useMe();
  const [params, setParams] = useUrlState();
  const f = useMemo(() => missingFiltersFromParams(params), [params]);
  const all = useQuery({ queryKey: [...COVERAGE_KEY, round.id, 'grids'], queryFn: ({ signal }) => getCoverage(round.id, undefined, signal) });
  const grid = useQuery({
    queryKey: [...COVERAGE_KEY, round.id, 'grid', f.gridId],
    queryFn: ({ signal }) => getCoverage(round.id, f.gridId, signal),
    enabled: !!f.gridId,
  });
  const grids = all.data?.grids ?? [];
  const chosenGrid = grids.find((g) => g.gridId === f.gridId);
  const buildings = grid.data?.buildings ?? [];
  const chosenBuilding = buildings.find((b) => b.buildingId === f.buildingId);
  const gridName = chosenGrid?.name ?? grid.data?.grids.find((g) => g.gridId === f.gridId)?.name ?? '';
  const place = chosenBuilding ? `${gridName} ${chosenBuilding.name}` : gridName;
  return (
    <div data-testid="smp-coverage-tab">
      <Card size="small" title={<h2 className="rx-smp-h2">{t('sampling.coverage.grids')}</h2>} data-testid="smp-grids">
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('sampling.coverage.help')}</Typography.Paragraph>
        {all.isError && <ErrorAlert error={all.error} onRetry={() => void all.refetch()} />}
        {all.isPending ? (
          <Skeleton active />
        ) : grids.length === 0 ? (
          <Empty description={t('sampling.coverage.empty')} />
        ) : (
          <CoverageRows
            rows={grids.map(gridRow).sort((a, b) => byAreaName(a.name, b.name))}
            kind="grid"
            chosen={f.gridId}
            chooseLabel={(name) => t('sampling.coverage.chooseGrid', { name })}
            onChoose={(id) => setParams({ grid: id === f.gridId ? null : id, building: null, page: null })}
          />
        )}
      </Card>
      {f.gridId && (
        <>
          <Card
            size="small"
            title={<h2 className="rx-smp-h2">{t('sampling.coverage.buildings', { grid: gridName })}</h2>}
            extra={f.buildingId ? (
              <Button size="small" onClick={() => setParams({ building: null, page: null })} data-testid="smp-building-all">{t('sampling.coverage.allBuildings')}</Button>
            ) : undefined}
            style={{ marginTop: 16 }}
            data-testid="smp-buildings"
          >
            {grid.isError && <ErrorAlert error={grid.error} onRetry={() => void grid.refetch()} />}
            {grid.isPending ? (
              <Skeleton active />
            ) : buildings.length === 0 ? (
              <Empty description={t('sampling.coverage.noBuildings')} />
            ) : (
              <CoverageRows
                rows={buildings.map(buildingRow).sort((a, b) => byAreaName(a.name, b.name))}
                kind="building"
                chosen={f.buildingId}
                chooseLabel={(name) => t('sampling.coverage.chooseBuilding', { name })}
                onChoose={(id) => setParams({ building: id === f.buildingId ? null : id, page: null })}
              />
            )}
          </Card>
          {seesPeople(me.org.level) ? (
            <MissingList round={round} gridId={f.gridId} buildingId={f.buildingId} page={f.page} place={place} />
          ) : (
            <Alert type="info" showIcon style={{ marginTop: 16 }} title={t('sampling.missing.notYours')} data-testid="smp-missing-not-yours" />
          )}
        </>
      )}
    </div>
  );
}
