// 复核: the single-tube retests a positive pool (混管阳性) or an invalid tube (样本无效) called for, pending first — masked
// name and ID number, grid, address, why, the tube they came from, where the retest stands (待复核 / 已采样 / 阴性 /
// 阳性) and its own tube — filtered by state (in the address), page by page. An audited read: the page says so.
import { useMemo, type HTMLAttributes } from 'react';
import { Alert, Button, Empty, Pagination, Segmented, Skeleton, Typography } from 'antd';
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
import { listRetests, RETEST_STATUSES, RETESTS_KEY, RETESTS_PAGE_SIZE, type Retest, type Round } from './api';
import { retestFiltersFromParams, seesPeople } from './sampling.logic';
import { at, ReasonTag, RetestStatusTag } from './shared';

export function RetestsTab({ round }: { round: Round }) {
  const me = useMe();
  if (!seesPeople(me.org.level)) return <RetestsFigures round={round} />;
  return <RetestsList round={round} />;
}

/** Above the community: how many retests are open, no names (the list is the community's and its grids'). */
function RetestsFigures({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  return (
    <div data-testid="smp-retests">
      <Alert type="info" showIcon title={t('sampling.retests.notYours', { n: formatCount(round.figures.retestsOpen, i18n.language) })} data-testid="smp-retests-not-yours" />
    </div>
  );
}

function RetestsList({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const f = useMemo(() => retestFiltersFromParams(params), [params]);
  const q = useQuery({
    queryKey: [...RETESTS_KEY, round.id, f],
    queryFn: ({ signal }) => listRetests(round.id, f, signal),
    placeholderData: keepPreviousData,
  });
  const rows = q.data?.items ?? [];
  const total = q.data?.total ?? 0;
  const size = isMobile ? 'large' : 'middle';
  const address = (r: Retest) => r.address ?? <Typography.Text type="secondary">{t('sampling.missing.restricted')}</Typography.Text>;
  const barcode = (b: string | null) => (b ? <span className="rx-smp-mono">{b}</span> : '—');
  const columns: ColumnsType<Retest> = [
    { title: t('sampling.retests.cols.name'), key: 'name', width: 90, render: (_, r) => <strong data-testid="smp-retest-name">{r.nameMasked}</strong> },
    { title: t('sampling.retests.cols.id'), key: 'id', width: 170, render: (_, r) => <span className="rx-smp-mono" data-testid="smp-retest-id">{r.idMasked}</span> },
    { title: t('sampling.retests.cols.grid'), key: 'grid', width: 100, render: (_, r) => r.gridName ?? t('sampling.retests.noGrid') },
    { title: t('sampling.retests.cols.address'), key: 'address', render: (_, r) => address(r) },
    { title: t('sampling.retests.cols.reason'), key: 'reason', width: 100, render: (_, r) => <ReasonTag reason={r.reason} /> },
    { title: t('sampling.retests.cols.source'), key: 'source', width: 130, render: (_, r) => <span data-testid="smp-retest-source">{barcode(r.sourceBarcode)}</span> },
    { title: t('sampling.retests.cols.status'), key: 'status', width: 90, render: (_, r) => <RetestStatusTag status={r.status} /> },
    { title: t('sampling.retests.cols.retest'), key: 'retest', width: 130, render: (_, r) => <span data-testid="smp-retest-barcode">{barcode(r.retestBarcode)}</span> },
    { title: t('sampling.retests.cols.updatedAt'), key: 'updatedAt', width: 100, render: (_, r) => at(r.updatedAt) },
  ];
  return (
    <div data-testid="smp-retests">
      <div className="rx-smp-toolbar">
        <div className="rx-scroll-x">
          <Segmented
            size={size}
            aria-label={t('sampling.retests.filter')}
            value={f.status ?? 'all'}
            onChange={(v) => setParams({ status: v === 'all' ? null : String(v) }, { resetPage: true })}
            options={[{ value: 'all', label: t('sampling.retests.all') }, ...RETEST_STATUSES.map((s) => ({ value: s, label: t(`sampling.retestStatuses.${s}`) }))]}
            data-testid="smp-retest-filter"
          />
        </div>
        <Button size={size} icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>{t('sampling.refresh')}</Button>
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }} data-testid="smp-retests-audited">{t('sampling.retests.help')}</Typography.Paragraph>
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Empty description={f.status ? t('sampling.retests.emptyFiltered') : t('sampling.retests.empty')} />
      ) : isMobile ? (
        <ul className="rx-card-list" data-testid="smp-retest-list">
          {rows.map((r) => (
            <li key={r.id} className={`rx-card rx-smp-retest rx-smp-retest-${r.status}`} data-testid="smp-retest" data-status={r.status}>
              <div className="rx-smp-row-head">
                <strong data-testid="smp-retest-name">{r.nameMasked}</strong>
                <span className="rx-smp-mono rx-smp-quiet" data-testid="smp-retest-id">{r.idMasked}</span>
                <RetestStatusTag status={r.status} />
              </div>
              <div>{address(r)}</div>
              <div className="rx-smp-tags">
                <ReasonTag reason={r.reason} />
                {r.gridName && <span className="rx-smp-quiet">{r.gridName}</span>}
              </div>
              <div className="rx-smp-quiet">
                {t('sampling.retests.sourceLine', { barcode: r.sourceBarcode })}
                {r.retestBarcode ? ` · ${t('sampling.retests.retestLine', { barcode: r.retestBarcode })}` : ''}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <DataTable<Retest>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={q.isFetching && q.isPlaceholderData}
          pagination={false}
          scroll={{ x: 1100 }}
          rowClassName={(r) => (r.status === 'pending' ? 'rx-smp-row-pending' : '')}
          data-testid="smp-retest-table"
          onRow={(r) => ({ 'data-testid': 'smp-retest', 'data-status': r.status } as HTMLAttributes<HTMLElement>)}
        />
      )}
      {total > RETESTS_PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={f.page}
          pageSize={RETESTS_PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          simple={isMobile}
          onChange={(p) => setParams({ page: p > 1 ? p : null })}
        />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="smp-retests-total">
          {t('sampling.retests.total', { total: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
    </div>
  );
}
