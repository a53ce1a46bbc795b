import { useState } from 'react';
import { Alert, Button, Card, Empty, Pagination, Skeleton, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { errorText } from '../../lib/errors';
import { formatCount } from '../../lib/numbers';
import { DataTable } from '../../lib/table';
import { importErrorsUrl } from './api';
import { IMPORT_HISTORY_KEY, IMPORT_HISTORY_PAGE_SIZE, listImportRuns, type ImportRun } from './import-history.api';
import { hasErrorReport, importRunColor, importRunFile, importRunKind, importRunOutcomeKey, importRunStored } from './import-history.logic';

const when = (r: ImportRun) => dayjs(r.createdAt).format('YYYY-MM-DD HH:mm');

/**
 * 导入记录: earlier runs (imports and checks) in the caller's area, or in `orgId`, newest first; a download link for the
 * problem list of runs that had problems. The import page invalidates IMPORT_HISTORY_KEY when a run finishes.
 */
export function ImportHistory({ orgId }: { orgId?: string }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const [lastOrg, setLastOrg] = useState(orgId);
  if (lastOrg !== orgId) {
    setLastOrg(orgId);
    setPage(1);
  }
  const q = useQuery({
    queryKey: [...IMPORT_HISTORY_KEY, orgId ?? null, page],
    queryFn: ({ signal }) => listImportRuns({ page, orgId }, signal),
    placeholderData: keepPreviousData,
  });
  const items = q.data?.items ?? [];
  const total = q.data?.total ?? 0;

  const n = (v: number) => formatCount(v, i18n.language);
  const stored = (r: ImportRun, count: number) => {
    const v = importRunStored(r, count);
    return v === '—' ? v : n(v);
  };
  const by = (r: ImportRun) => r.by?.displayName ?? t('registry.importHistory.unknownUser');
  const outcome = (r: ImportRun) => <Tag color={importRunColor(r.status)}>{t(importRunOutcomeKey(r, (k) => i18n.exists(k)) as 'registry.importHistory.title')}</Tag>;
  const report = (r: ImportRun) =>
    hasErrorReport(r) ? (
      <Button
        size="small"
        icon={<DownloadOutlined />}
        href={importErrorsUrl(r.id, 'xlsx')}
        download
        aria-label={t('registry.importHistory.downloadAria', { time: when(r) })}
        data-testid="import-history-download"
      >
        {t('registry.importHistory.download')}
      </Button>
    ) : null;

  const columns: ColumnsType<ImportRun> = [
    { title: t('registry.importHistory.when'), key: 'when', width: 150, render: (_, r) => when(r) },
    { title: t('registry.importHistory.by'), key: 'by', width: 130, render: (_, r) => by(r) },
    { title: t('registry.importHistory.file'), key: 'file', width: 120, render: (_, r) => importRunFile(r) },
    { title: t('registry.importHistory.kind'), key: 'kind', render: (_, r) => t(`registry.importHistory.kinds.${importRunKind(r)}`) },
    { title: t('registry.importHistory.rows'), dataIndex: 'rows', align: 'right', width: 70, render: (v: number) => n(v) },
    {
      title: t('registry.importHistory.imported'), key: 'imported', align: 'right', width: 80,
      render: (_, r) => <span title={r.dryRun ? t('registry.importHistory.checkedCounts', { imported: n(r.imported), updated: n(r.updated) }) : undefined}>{stored(r, r.imported)}</span>,
    },
    { title: t('registry.importHistory.updated'), key: 'updated', align: 'right', width: 70, render: (_, r) => stored(r, r.updated) },
    { title: t('registry.importHistory.errors'), dataIndex: 'errorCount', align: 'right', width: 100, render: (v: number) => n(v) },
    { title: t('registry.importHistory.outcome'), key: 'outcome', width: 110, render: (_, r) => outcome(r) },
    { title: t('registry.importHistory.report'), key: 'report', width: 100, render: (_, r) => report(r) },
  ];

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="import-history"
      title={
        <Typography.Title level={2} style={{ fontSize: 17, margin: 0 }}>
          {t('registry.importHistory.title')}
        </Typography.Title>
      }
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>
          {t('registry.importHistory.refresh')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('registry.importHistory.intro')}</Typography.Paragraph>
      {q.isError && <Alert type="error" showIcon role="alert" title={errorText(q.error, t, i18n.language)} style={{ marginBottom: 12 }} />}
      {q.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={t('registry.importHistory.empty')} />
      ) : isMobile ? (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="import-history-list">
          {items.map((r) => (
            <li key={r.id} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="import-history-item">
              <Space wrap size={[8, 4]} style={{ width: '100%', justifyContent: 'space-between' }}>
                <Typography.Text strong>{when(r)}</Typography.Text>
                {outcome(r)}
              </Space>
              <div>
                {t(`registry.importHistory.kinds.${importRunKind(r)}`)} · {by(r)} · {importRunFile(r)}
              </div>
              <Typography.Text type="secondary">
                {t('registry.importHistory.counts', { rows: n(r.rows), imported: n(r.imported), updated: n(r.updated), errors: n(r.errorCount) })}
              </Typography.Text>
              {hasErrorReport(r) && <div style={{ marginTop: 6 }}>{report(r)}</div>}
            </li>
          ))}
        </ul>
      ) : (
        <DataTable<ImportRun>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={items}
          pagination={false}
          scroll={{ x: 960 }}
          data-testid="import-history-table"
        />
      )}
      {total > IMPORT_HISTORY_PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 12, textAlign: 'center' }}
          current={page}
          pageSize={IMPORT_HISTORY_PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          simple={isMobile}
          onChange={setPage}
        />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, textAlign: 'center' }}>
          {t('registry.importHistory.total', { total: n(total) })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
