import { useState } from 'react';
import { Button, Space, Typography } from 'antd';
import { Drawer } from '../../lib/dialog';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { listAuditDisclosures } from '../../api/audit';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useIsMobile } from '../../app/use-is-mobile';
import { disclosedText, idsForClipboard } from './disclosures.logic';
import { DataTable } from '../../lib/table';
import { useDrawerFocus } from '../../lib/dialog-focus';

/** Ids per page of the drawer: a registry list or search (≤ 100) fits on one. */
const PAGE_SIZE = 100;

/** A row with `disclosed` > 0: "显示了 12 位居民" as a link that opens the drawer; nothing for other rows. */
export function DisclosedLink({ id, disclosed, onOpen }: { id: number; disclosed: number | undefined; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const text = disclosedText(disclosed, t);
  if (!text) return null;
  return (
    <Button
      type="link"
      size="small"
      style={{ paddingInline: 0, height: 'auto' }}
      data-testid="audit-disclosed"
      onClick={(e) => {
        // The row opens the detail drawer on click; this link opens the residents instead.
        e.stopPropagation();
        onOpen(id);
      }}
    >
      {text}
    </Button>
  );
}

/**
 * The resident record ids one audit row's list, search or household answer showed (ADR 0046), loaded from
 * GET /api/audit/:id/disclosures (audited on the server). Ids only — the auditor does not read residents (SECURITY D23).
 */
export function DisclosuresDrawer({ auditId, onClose }: { auditId: number | null; onClose: () => void }) {
  const drawerFocus = useDrawerFocus();
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['audit', 'disclosures', auditId, page],
    queryFn: ({ signal }) => listAuditDisclosures(auditId!, page, PAGE_SIZE, signal),
    enabled: auditId !== null,
    placeholderData: keepPreviousData,
  });
  // keepPreviousData may still hold another row's page while this one loads.
  const data = list.data && list.data.auditId === auditId ? list.data : undefined;
  const close = () => {
    setPage(1);
    onClose();
  };

  return (
    <Drawer
      {...drawerFocus}
      open={auditId !== null}
      onClose={close}
      title={t('auditDisclosures.title', { id: auditId ?? '' })}
      size={isMobile ? '100%' : 480}
      destroyOnHidden
    >
      <div data-testid="audit-disclosures">
        <Typography.Paragraph type="secondary">{t('auditDisclosures.intro')}</Typography.Paragraph>
        {list.error && (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
        )}
        {data && (
          <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
            <Typography.Text data-testid="audit-disclosures-total">{t('auditDisclosures.total', { total: formatCount(data.total, i18n.language) })}</Typography.Text>
            {data.residentIds.length > 0 && (
              <Typography.Text
                data-testid="audit-disclosures-copy"
                copyable={{
                  text: idsForClipboard(data.residentIds),
                  tooltips: [t('auditDisclosures.copyAll'), t('auditDisclosures.copied', { count: formatCount(data.residentIds.length, i18n.language) })],
                }}
              >
                {t('auditDisclosures.copyAll')}
              </Typography.Text>
            )}
          </Space>
        )}
        <DataTable<{ id: string; n: number }>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          dataSource={(data?.residentIds ?? []).map((id, i) => ({ id, n: (page - 1) * PAGE_SIZE + i + 1 }))}
          locale={{ emptyText: t('auditDisclosures.empty') }}
          columns={[
            { title: '#', dataIndex: 'n', width: 48 },
            {
              title: t('auditDisclosures.idColumn'),
              dataIndex: 'id',
              render: (id: string) => (
                <Typography.Text className="rx-mono" copyable data-testid="audit-disclosure-id" style={{ fontSize: isMobile ? 12 : 13, wordBreak: 'break-all' }}>
                  {id}
                </Typography.Text>
              ),
            },
          ]}
          pagination={
            data && data.total > PAGE_SIZE
              ? { current: page, pageSize: PAGE_SIZE, total: data.total, showSizeChanger: false, onChange: setPage }
              : false
          }
        />
      </div>
    </Drawer>
  );
}
