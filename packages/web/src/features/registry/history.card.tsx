import { useState } from 'react';
import { Card, Empty, List, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ResidentHistoryEntry } from '@renxing/shared';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { DataTable } from '../../lib/table';
import { getResidentHistory, type Purpose } from './api';
import { historyActionLabel, historyByLabel, historyFieldLabels, historyQueryKey } from './history.logic';
import { listText } from '../../lib/labels';

const PAGE_SIZE = 10;
const time = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** 变更记录: who changed what in a resident's record and when (field names only), newest first, 10 per page. */
export function ResidentHistoryCard({ residentId, purpose, version }: { residentId: string; purpose: Purpose; version: number }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: historyQueryKey(residentId, purpose, page, version),
    queryFn: ({ signal }) => getResidentHistory(residentId, { page, pageSize: PAGE_SIZE }, purpose, signal),
  });
  const h = q.data;
  const columns: ColumnsType<ResidentHistoryEntry> = [
    { title: t('registry.history.cols.at'), dataIndex: 'at', width: 150, render: (v: string) => time(v) },
    { title: t('registry.history.cols.action'), dataIndex: 'action', width: 170, render: (v: string) => historyActionLabel(v, t) },
    { title: t('registry.history.cols.fields'), dataIndex: 'fields', render: (v: string[]) => listText(historyFieldLabels(v, t), i18n.language) || '—' },
    { title: t('registry.history.cols.by'), dataIndex: 'by', render: (v: ResidentHistoryEntry['by']) => historyByLabel(v, t) },
    { title: t('registry.history.cols.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
  ];
  return (
    <Card title={t('registry.history.title')} size="small" style={{ marginTop: 16 }} data-testid="resident-history">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>{t('registry.history.hint')}</Typography.Paragraph>
      {q.error ? <ErrorAlert error={q.error} /> : null}
      {h && (
        <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="resident-history-summary">
          {t('registry.history.createdUpdated', { created: time(h.createdAt), updated: time(h.updatedAt), version: h.version })}
        </Typography.Paragraph>
      )}
      {h?.restricted && h.items.length === 0 ? (
        <Typography.Text type="secondary">{t('registry.history.restricted')}</Typography.Text>
      ) : isMobile ? (
        <List
          loading={q.isLoading}
          dataSource={h?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.history.empty')} /> }}
          pagination={h && h.total > PAGE_SIZE ? { current: page, pageSize: PAGE_SIZE, total: h.total, onChange: setPage, size: 'small', simple: true } : false}
          renderItem={(e) => (
            <List.Item>
              <div>
                <div><strong>{historyActionLabel(e.action, t)}</strong> · {time(e.at)}</div>
                {e.fields.length > 0 && <div>{listText(historyFieldLabels(e.fields, t), i18n.language)}</div>}
                <Typography.Text type="secondary">{historyByLabel(e.by, t)}{e.reason ? ` · ${e.reason}` : ''}</Typography.Text>
              </div>
            </List.Item>
          )}
        />
      ) : (
        <DataTable<ResidentHistoryEntry>
          size="small"
          rowKey={(e) => `${e.at}-${e.action}-${e.fields.join(',')}`}
          loading={q.isLoading}
          columns={columns}
          dataSource={h?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.history.empty')} /> }}
          pagination={h && h.total > PAGE_SIZE ? { current: page, pageSize: PAGE_SIZE, total: h.total, onChange: setPage, showSizeChanger: false } : false}
        />
      )}
    </Card>
  );
}
