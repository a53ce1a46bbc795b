// 病例与密接 · 传播链: the cases of the caller's area as a graph — each case a dot coloured by its classification (the legend
// names them), sized by its contacts, labelled with its code; an arrow from the source case to each case it infected;
// a case's generation to the right of its source (cases.logic.ts, layoutChain). A click on a dot opens the case. The
// same links as a list (传染来源 → 被传染的病例, each code a link) for screen readers and for anyone who prefers words.
import { useEffect, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import { Button, Empty, Skeleton, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { EChart, type ChartClick } from '../../lib/echart';
import { ErrorAlert } from '../../lib/error-alert';
import { DataTable } from '../../lib/table';
import { CLASSIFICATIONS, GRAPH_KEY, getGraph, STATUSES, type CaseStatus, type Classification } from './api';
import { casePath, chainHeight, chainOption, edgeRows, type EdgeRow } from './cases.logic';

export function ChainTab() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useQuery({ queryKey: GRAPH_KEY, queryFn: ({ signal }) => getGraph(signal), refetchInterval: 60_000 });
  const chain = q.data;
  // The drawing's width, so that the layout keeps its proportions (cases.logic.ts, chainPads); in steps of 40 pixels.
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.round((e?.contentRect.width ?? 0) / 40) * 40));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const option = useMemo(() => {
    if (!chain) return null;
    const classifications = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, t(`cases.classifications.${c}`)])) as Record<Classification, string>;
    const statuses = Object.fromEntries(STATUSES.map((s) => [s, t(`cases.statuses.${s}`)])) as Record<CaseStatus, string>;
    return chainOption(chain, {
      classifications, statuses, detail: (n) => t('cases.chain.detail', { n: n.contacts, onset: n.onsetOn ?? t('cases.chain.noOnset') }),
    }, width);
  }, [chain, t, width]);
  const rows = useMemo(() => (chain ? edgeRows(chain) : []), [chain]);
  const open = (e: ChartClick) => {
    const id = e.dataType === 'node' ? (e.data as { id?: string } | undefined)?.id : undefined;
    if (id && chain?.nodes.some((n) => n.id === id)) void navigate(casePath(id));
  };
  const columns: ColumnsType<EdgeRow> = [
    {
      title: `${t('cases.chain.cols.from')} → ${t('cases.chain.cols.to')}`, key: 'edge',
      render: (_, r) => (
        <span data-testid="cs-edge-text">
          <Link to={casePath(r.fromId)} className="rx-cs-mono">{r.from}</Link>
          {' → '}
          <Link to={casePath(r.toId)} className="rx-cs-mono">{r.to}</Link>
        </span>
      ),
    },
  ];
  return (
    <div data-testid="cs-chain" ref={box}>
      <div className="rx-cs-toolbar">
        <Typography.Text type="secondary" style={{ flex: 1, minWidth: 240 }}>{t('cases.chain.help')}</Typography.Text>
        <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>{t('cases.refresh')}</Button>
      </div>
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : !chain || chain.nodes.length === 0 ? (
        <Empty description={t('cases.chain.empty')} data-testid="cs-chain-empty" />
      ) : (
        <>
          <div className="rx-cs-chart">
            <EChart
              option={option!}
              height={chainHeight(chain)}
              label={t('cases.chain.label', { n: chain.nodes.length, e: rows.length })}
              testId="cs-chain-chart"
              onClick={open}
            />
          </div>
          <Typography.Title level={2} style={{ fontSize: 16, margin: '16px 0 8px' }} id="cs-edges-title">
            {t('cases.chain.tableTitle', { n: rows.length })}
          </Typography.Title>
          <DataTable<EdgeRow>
            rowKey="key"
            size="small"
            columns={columns}
            dataSource={rows}
            locale={{ emptyText: t('cases.chain.noEdges') }}
            pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            data-testid="cs-edges"
            onRow={(r) => ({ 'data-testid': 'cs-edge', 'data-from': r.fromId, 'data-to': r.toId } as HTMLAttributes<HTMLElement>)}
          />
        </>
      )}
    </div>
  );
}
