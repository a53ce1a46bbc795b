// 删除证明 (ADR 0037): the deletion certificates of the decisions on residents' deletion requests, on the audit page, and
// the check of their hash chain. Counts only — no resident appears here.
import { useState } from 'react';
import { Alert, Button, Card, Pagination, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { FileProtectOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { errorText } from '../../lib/errors';
import { deletionCertificates, verifyDeletionCertificates, type DeletionCertificateEntry } from './api';
import { certificateCounts } from './deletions.logic';
import { ErrorAlert } from '../../lib/error-alert';
import { DataTable } from '../../lib/table';

const PAGE_SIZE = 10;
const fmt = (ts: string) => dayjs(ts).format('YYYY-MM-DD HH:mm');

function Counts({ counts, none }: { counts: Record<string, number>; none: string }) {
  const lines = certificateCounts(counts);
  if (lines.length === 0) return <Typography.Text type="secondary">{none}</Typography.Text>;
  return (
    <span className="rx-mono" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
      {lines.map(([table, n], i) => (
        <span key={table}>
          {i > 0 && '; '}
          {table} {n}
        </span>
      ))}
    </span>
  );
}

function HashPrefix({ hash }: { hash: string }) {
  return (
    <Typography.Text className="rx-mono" copyable={{ text: hash }} style={{ fontSize: 12 }} title={hash}>
      {`${hash.slice(0, 12)}…`}
    </Typography.Text>
  );
}

/** The auditor's card: the certificates, newest first, paged, and "verify chain" with ok or the first broken certificate. */
export function DeletionCertificatesCard() {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['deletions', 'certificates', page],
    queryFn: ({ signal }) => deletionCertificates(page, PAGE_SIZE, signal),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({ mutationFn: verifyDeletionCertificates });
  const data = list.data;
  const none = t('deletions.certificates.noCounts');
  const decision = (c: DeletionCertificateEntry) => t(`deletions.decisions.${c.decision}`, { defaultValue: c.decision });
  const scope = (c: DeletionCertificateEntry) => t(`deletions.scopes.${c.scope}`, { defaultValue: c.scope });

  const columns: ColumnsType<DeletionCertificateEntry> = [
    { title: t('deletions.certificates.cols.seq'), dataIndex: 'seq', width: 70, render: (seq: number) => `#${seq}` },
    { title: t('deletions.certificates.cols.decidedAt'), dataIndex: 'decidedAt', width: 150, render: (ts: string) => <time dateTime={ts}>{fmt(ts)}</time> },
    { title: t('deletions.certificates.cols.decision'), key: 'decision', width: 110, render: (_, c) => decision(c) },
    { title: t('deletions.certificates.cols.scope'), key: 'scope', width: 150, render: (_, c) => scope(c) },
    { title: t('deletions.certificates.cols.total'), dataIndex: 'total', width: 90 },
    { title: t('deletions.certificates.cols.counts'), key: 'counts', render: (_, c) => <Counts counts={c.counts} none={none} /> },
    { title: t('deletions.certificates.cols.hash'), dataIndex: 'hash', width: 160, render: (hash: string) => <HashPrefix hash={hash} /> },
  ];
  const pageChange = { current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, onChange: setPage };

  return (
    <Card
      style={{ marginBottom: 16 }}
      data-testid="deletion-certificates"
      title={
        <h2 style={{ fontSize: 16, margin: 0 }}>
          <FileProtectOutlined /> {t('deletions.certificates.title')}
        </h2>
      }
    >
      <Typography.Paragraph type="secondary">{t('deletions.certificates.intro')}</Typography.Paragraph>
      <Button
        icon={<SafetyCertificateOutlined />}
        onClick={() => verify.mutate()}
        loading={verify.isPending}
        style={{ marginBottom: 12 }}
        data-testid="deletion-certificates-verify"
      >
        {verify.isPending ? t('deletions.certificates.verifying') : t('deletions.certificates.verify')}
      </Button>
      <div aria-live="polite">
        {verify.data && (
          <Alert
            data-testid="deletion-certificates-verify-result"
            type={verify.data.ok ? 'success' : 'error'}
            showIcon
            closable={{ onClose: () => verify.reset() }}
            title={
              verify.data.ok
                ? t('deletions.certificates.verifyOk', { checked: verify.data.checked })
                : t('deletions.certificates.verifyBroken', { seq: verify.data.firstBrokenSeq, checked: verify.data.checked })
            }
            style={{ marginBottom: 12 }}
          />
        )}
        {verify.error && <Alert type="error" showIcon title={errorText(verify.error, t, i18n.language)} style={{ marginBottom: 12 }} />}
      </div>
      {list.error && (
        <ErrorAlert error={list.error} title={t('deletions.certificates.loadFailed')} onRetry={() => void list.refetch()} />
      )}
      {data && data.total === 0 ? (
        <Typography.Text data-testid="deletion-certificates-none">{t('deletions.certificates.none')}</Typography.Text>
      ) : isMobile ? (
        // Phones: one card per certificate (lib/cards.css), no sideways scrolling.
        <>
          <ol className="rx-card-list" aria-busy={list.isFetching}>
            {(data?.items ?? []).map((c) => (
              <li key={c.seq} className="rx-card" data-testid="deletion-certificate">
                <div style={{ marginBottom: 6 }}>
                  <strong>#{c.seq} {decision(c)}</strong>{' '}
                  <Typography.Text type="secondary">
                    <time dateTime={c.decidedAt}>{fmt(c.decidedAt)}</time>
                  </Typography.Text>
                </div>
                <dl className="rx-facts">
                  <div>
                    <dt>{t('deletions.certificates.cols.scope')}</dt>
                    <dd>{scope(c)}</dd>
                  </div>
                  <div>
                    <dt>{t('deletions.certificates.cols.total')}</dt>
                    <dd>{c.total}</dd>
                  </div>
                  <div>
                    <dt>{t('deletions.certificates.cols.counts')}</dt>
                    <dd><Counts counts={c.counts} none={none} /></dd>
                  </div>
                  <div>
                    <dt>{t('deletions.certificates.cols.hash')}</dt>
                    <dd><HashPrefix hash={c.hash} /></dd>
                  </div>
                </dl>
              </li>
            ))}
          </ol>
          {(data?.total ?? 0) > PAGE_SIZE && <Pagination simple align="center" {...pageChange} style={{ marginTop: 12 }} />}
        </>
      ) : (
        <DataTable<DeletionCertificateEntry>
          rowKey="seq"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 900 }}
          pagination={(data?.total ?? 0) > PAGE_SIZE ? { ...pageChange, showSizeChanger: false } : false}
        />
      )}
    </Card>
  );
}
