import { useState } from 'react';
import { Card, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ScissorOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { listAuditCheckpoints } from '../../api/audit';
import type { AuditCheckpoint } from '../../api/types';
import { formatCount } from '../../lib/numbers';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { DataTable } from '../../lib/table';

const PAGE_SIZE = 5;
const fmt = (ts: string) => dayjs(ts).format('YYYY-MM-DD HH:mm');
const day = (ts: string) => dayjs(ts).format('YYYY-MM-DD');

/**
 * 清理检查点 (ADR 0030): when the audit purge ran, up to which entry, how many entries it removed and when they were
 * written. Read-only: the purge runs with the daily retention job or `renxing audit purge`; nothing here changes it.
 * Counts, ids, times and hashes only — not a personal-data read.
 */
export function CheckpointsCard() {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['audit', 'checkpoints', page],
    queryFn: ({ signal }) => listAuditCheckpoints(page, PAGE_SIZE, signal),
    placeholderData: keepPreviousData,
  });
  const data = list.data;

  const columns: ColumnsType<AuditCheckpoint> = [
    { title: t('auditCheckpoints.cols.seq'), dataIndex: 'seq', width: 90, render: (seq: number) => `#${seq}` },
    { title: t('auditCheckpoints.cols.createdAt'), dataIndex: 'createdAt', width: 160, render: (ts: string) => <time dateTime={ts}>{fmt(ts)}</time> },
    { title: t('auditCheckpoints.cols.through'), dataIndex: 'throughId', width: 110, render: (id: number) => t('auditCheckpoints.throughRow', { id }) },
    { title: t('auditCheckpoints.cols.rows'), dataIndex: 'rowsPurged', width: 110, render: (count: number) => t('auditCheckpoints.rowsCount', { count: formatCount(count, i18n.language) }) },
    {
      title: t('auditCheckpoints.cols.span'),
      key: 'span',
      width: 210,
      render: (_, c) => t('auditCheckpoints.span', { from: day(c.oldestTs), to: day(c.newestTs) }),
    },
    {
      title: t('auditCheckpoints.cols.hash'),
      dataIndex: 'hash',
      render: (hash: string) => (
        <Typography.Text className="rx-mono" copyable={{ text: hash }} style={{ fontSize: 12 }} title={hash}>
          {`${hash.slice(0, 16)}…`}
        </Typography.Text>
      ),
    },
  ];

  // Phones: one line per checkpoint, no sideways scrolling.
  const phoneColumns: ColumnsType<AuditCheckpoint> = [
    {
      title: t('auditCheckpoints.title'),
      key: 'summary',
      render: (_, c) => (
        <div>
          <strong>#{c.seq}</strong>{' '}
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('auditCheckpoints.phoneLine', { time: fmt(c.createdAt), id: c.throughId, count: formatCount(c.rowsPurged, i18n.language) })}
          </Typography.Text>
        </div>
      ),
    },
  ];

  return (
    <Card
      style={{ marginBottom: 16 }}
      data-testid="audit-checkpoints"
      title={
        <h2 style={{ fontSize: 16, margin: 0 }}>
          <ScissorOutlined /> {t('auditCheckpoints.title')}
        </h2>
      }
    >
      <Typography.Paragraph type="secondary">
        {data?.retentionDays ? t('auditCheckpoints.intro', { days: data.retentionDays }) : t('auditCheckpoints.introNoDays')}
      </Typography.Paragraph>
      {list.error && (
        <ErrorAlert error={list.error} title={t('auditCheckpoints.loadFailed')} onRetry={() => void list.refetch()} />
      )}
      {data && data.total === 0 ? (
        <Typography.Text data-testid="audit-checkpoints-none">{t('auditCheckpoints.none')}</Typography.Text>
      ) : (
        <DataTable<AuditCheckpoint>
          rowKey="seq"
          size="small"
          columns={isMobile ? phoneColumns : columns}
          dataSource={data?.items ?? []}
          loading={list.isFetching}
          scroll={isMobile ? undefined : { x: 800 }}
          pagination={
            (data?.total ?? 0) > PAGE_SIZE
              ? { current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }
              : false
          }
        />
      )}
    </Card>
  );
}
