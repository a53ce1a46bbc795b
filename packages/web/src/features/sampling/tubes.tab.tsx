// 试管: the round's tubes, newest first — barcode, how full, where (site and station, or 上门采样), who took it, when it
// was sealed, its result — searched by the barcode's beginning and filtered by result (in the address), page by page.
// No one is named in the list; a tube's people open in a drawer (an audited read).
import { useMemo, useState, type HTMLAttributes } from 'react';
import { Button, Empty, Input, Pagination, Select, Skeleton, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { useMe } from '../../auth/session';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { DataTable } from '../../lib/table';
import { useUrlState } from '../../lib/url-state';
import { listTubes, TUBE_RESULTS, TUBES_KEY, TUBES_PAGE_SIZE, type Round, type TubeRow } from './api';
import { actorName, barcodeQuery, seesPeople, tubeFiltersFromParams } from './sampling.logic';
import { at, ResultTag, usePlaceText } from './shared';
import { TubeDrawer } from './tube.drawer';

export function TubesTab({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const me = useMe();
  const mayOpen = seesPeople(me.org.level);
  const [params, setParams] = useUrlState();
  const f = useMemo(() => tubeFiltersFromParams(params), [params]);
  const [search, setSearch] = useState(f.q ?? '');
  const [openId, setOpenId] = useState<string | null>(null);
  const place = usePlaceText();
  const q = useQuery({
    queryKey: [...TUBES_KEY, round.id, f],
    queryFn: ({ signal }) => listTubes(round.id, f, signal),
    placeholderData: keepPreviousData,
  });
  const rows = q.data?.items ?? [];
  const total = q.data?.total ?? 0;
  const size = isMobile ? 'large' : 'middle';
  const n = (v: number) => formatCount(v, i18n.language);
  const fill = (tube: TubeRow) => t('sampling.tubes.fill', { members: tube.members, pool: tube.poolSize });
  const barcode = (tube: TubeRow) => (!mayOpen ? <span className="rx-smp-mono" data-testid="smp-tube-barcode">{tube.barcode}</span> : (
    <Button type="link" size={isMobile ? 'large' : 'small'} style={{ paddingInline: 0 }} className="rx-smp-mono"
      aria-label={t('sampling.tubes.openOf', { barcode: tube.barcode })} onClick={() => setOpenId(tube.id)} data-testid="smp-tube-open">
      {tube.barcode}
    </Button>
  ));
  const columns: ColumnsType<TubeRow> = [
    { title: t('sampling.tubes.cols.barcode'), key: 'barcode', render: (_, tube) => barcode(tube) },
    { title: t('sampling.tubes.cols.fill'), key: 'fill', width: 90, render: (_, tube) => <span data-testid="smp-tube-fill">{fill(tube)}</span> },
    { title: t('sampling.tubes.cols.place'), key: 'place', render: (_, tube) => place(tube) },
    { title: t('sampling.tubes.cols.by'), key: 'by', width: 120, render: (_, tube) => actorName(tube.collectedBy) || '—' },
    { title: t('sampling.tubes.cols.sealedAt'), key: 'sealedAt', width: 110, render: (_, tube) => at(tube.sealedAt) },
    { title: t('sampling.tubes.cols.result'), key: 'result', width: 100, render: (_, tube) => <ResultTag result={tube.result} /> },
    { title: t('sampling.tubes.cols.resultAt'), key: 'resultAt', width: 110, render: (_, tube) => at(tube.resultAt) },
  ];
  return (
    <div data-testid="smp-tubes">
      <div className={isMobile ? 'rx-smp-toolbar rx-smp-toolbar-phone' : 'rx-smp-toolbar'}>
        <div className="rx-smp-field rx-smp-field-wide" style={{ width: isMobile ? undefined : 240 }}>
          <label htmlFor="smp-tube-search">{t('sampling.tubes.search')}</label>
          <Input.Search
            id="smp-tube-search"
            size={size}
            value={search}
            allowClear
            maxLength={32}
            placeholder={t('sampling.tubes.searchPlaceholder')}
            enterButton={t('sampling.tubes.searchButton')}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => {
              const text = barcodeQuery(v);
              setSearch(text);
              setParams({ q: text || null }, { resetPage: true });
            }}
            data-testid="smp-tube-search"
          />
        </div>
        <div className="rx-smp-field" style={{ width: isMobile ? undefined : 160 }}>
          <label htmlFor="smp-tube-result">{t('sampling.tubes.result')}</label>
          <Select
            id="smp-tube-result"
            size={size}
            value={f.result ?? ''}
            onChange={(v) => setParams({ result: v || null }, { resetPage: true })}
            options={[{ value: '', label: t('sampling.tubes.resultAll') }, ...TUBE_RESULTS.map((r) => ({ value: r, label: t(`sampling.results.${r}`) }))]}
            data-testid="smp-tube-result"
          />
        </div>
        <Button size={size} icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>{t('sampling.refresh')}</Button>
      </div>
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Empty description={f.q || f.result ? t('sampling.tubes.emptyFiltered') : t('sampling.tubes.empty')} />
      ) : isMobile ? (
        <ul className="rx-card-list" data-testid="smp-tube-list">
          {rows.map((tube) => (
            <li key={tube.id} className={`rx-card rx-smp-tube rx-smp-tube-${tube.result}`} data-testid="smp-tube" data-barcode={tube.barcode} data-result={tube.result}>
              <div className="rx-smp-row-head">
                {barcode(tube)}
                <ResultTag result={tube.result} />
              </div>
              <div className="rx-smp-quiet">{fill(tube)} · {place(tube)}</div>
              <div className="rx-smp-quiet">{t('sampling.tubes.sealedBy', { at: at(tube.sealedAt), who: actorName(tube.collectedBy) || '—' })}</div>
            </li>
          ))}
        </ul>
      ) : (
        <DataTable<TubeRow>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={q.isFetching && q.isPlaceholderData}
          pagination={false}
          data-testid="smp-tube-table"
          onRow={(tube) => ({ 'data-testid': 'smp-tube', 'data-barcode': tube.barcode, 'data-result': tube.result } as HTMLAttributes<HTMLElement>)}
        />
      )}
      {total > TUBES_PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={f.page}
          pageSize={TUBES_PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          simple={isMobile}
          onChange={(p) => setParams({ page: p > 1 ? p : null })}
        />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="smp-tubes-total">
          {t('sampling.tubes.total', { total: n(total) })}
        </Typography.Paragraph>
      )}
      {openId && <TubeDrawer tubeId={openId} onClose={() => setOpenId(null)} />}
    </div>
  );
}
