// 上级导入 (health:import, the district): the district's data team's list (CSV or XLSX: 身份证号, 健康码, 原因) is chosen
// and imported — then what it did: rows read, people whose code changed, rows that changed nothing, and the rows refused
// (行 / 列 / 问题: 身份证号格式不对, 本辖区没有这个人, 颜色看不懂, 不是疫情防控原因 …). Below, the last 20 imports with
// their counts, each with its refused rows to open (no personal data is kept with them).
import { useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Empty, Skeleton, Space, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CloudUploadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure, Figures } from '../../lib/figures-card';
import { formatCount } from '../../lib/numbers';
import { useMutation } from '../../lib/single-flight';
import { DataTable } from '../../lib/table';
import {
  APPEALS_KEY, IMPORT_ERROR_CODES, IMPORTS_KEY, importList, listImports, PEOPLE_KEY, PERSON_KEY, SUMMARY_KEY, type ImportError, type ImportResult, type PastImport,
} from './api';
import { importColumnKey, importFileProblem, sortedErrors } from './health.logic';
import { at } from './shared';

const codeText = (code: string, t: TFunction) => ((IMPORT_ERROR_CODES as readonly string[]).includes(code) ? t(`healthCodes.import.codes.${code as 'format'}`) : code);
const columnText = (column: string, t: TFunction) => {
  const k = importColumnKey(column);
  return k ? t(`healthCodes.import.columns.${k}`) : column || '—';
};

/** The rows of a list that were refused: row, column, why. */
function ErrorRows({ errors, testId }: { errors: readonly ImportError[]; testId: string }) {
  const { t } = useTranslation();
  const rows = sortedErrors(errors).map((e, i) => ({ ...e, key: `${e.row}-${e.column}-${i}` }));
  const columns: ColumnsType<ImportError & { key: string }> = [
    { title: t('healthCodes.import.cols.row'), key: 'row', width: 90, render: (_, e) => <span data-testid="hc-error-row">{t('healthCodes.import.rowN', { n: e.row })}</span> },
    { title: t('healthCodes.import.cols.column'), key: 'column', width: 110, render: (_, e) => <span data-testid="hc-error-column">{columnText(e.column, t)}</span> },
    { title: t('healthCodes.import.cols.code'), key: 'code', render: (_, e) => <span data-testid="hc-error-code" data-code={e.code}>{codeText(e.code, t)}</span> },
  ];
  return (
    <DataTable<ImportError & { key: string }>
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 420 }}
      data-testid={testId}
      onRow={(e) => ({ 'data-testid': 'hc-error', 'data-row': e.row } as HTMLAttributes<HTMLElement>)}
    />
  );
}

/** What one import did, in figures, and its refused rows. */
function ImportSummary({ r }: { r: ImportResult }) {
  const { t } = useTranslation();
  return (
    <div data-testid="hc-import-summary">
      <div className="rx-hc-figures">
        <Figures>
          <Figure testId="hc-imp-rows" value={r.rows} label={t('healthCodes.import.rows')} />
          <Figure testId="hc-imp-applied" value={r.applied} label={t('healthCodes.import.applied')} />
          <Figure testId="hc-imp-unchanged" value={r.unchanged} label={t('healthCodes.import.unchanged')} />
          <Figure testId="hc-imp-errors" value={r.errors.length} label={t('healthCodes.import.errorCount')} valueClassName={r.errors.length > 0 ? 'rx-hc-warn' : undefined} />
        </Figures>
      </div>
      {r.errors.length > 0 ? (
        <>
          <Typography.Title level={4} style={{ fontSize: 15, margin: '0 0 8px' }} data-testid="hc-import-errors-title">{t('healthCodes.import.errorsTitle', { n: r.errors.length })}</Typography.Title>
          <ErrorRows errors={r.errors} testId="hc-import-errors" />
        </>
      ) : (
        <Typography.Paragraph type="success" style={{ marginBottom: 0 }} data-testid="hc-import-no-errors">{t('healthCodes.import.noErrors')}</Typography.Paragraph>
      )}
    </div>
  );
}

function ImportCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (f: File) => importList(f),
    onSuccess: (r) => {
      void message.success(t('healthCodes.import.done', { applied: r.applied, errors: r.errors.length }));
      setFile(null);
      for (const key of [IMPORTS_KEY, PEOPLE_KEY, PERSON_KEY, SUMMARY_KEY, APPEALS_KEY]) void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const size = isMobile ? 'large' : 'middle';
  return (
    <Card size="small" title={<h3 className="rx-hc-h3">{t('healthCodes.import.title')}</h3>} data-testid="hc-import">
      <Typography.Paragraph style={{ marginBottom: 8 }}>{t('healthCodes.import.help')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('healthCodes.import.columnsHelp')}</Typography.Paragraph>
      <div id="hc-import-file-label" className="rx-hc-label">{t('healthCodes.import.file')}</div>
      <Space wrap>
        <Upload
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(f) => {
            send.reset();
            const problem = importFileProblem(f);
            if (problem) {
              setFile(null);
              setFileError(t(`healthCodes.import.fileProblems.${problem}`));
            } else {
              setFile(f);
              setFileError(null);
            }
            return false; // kept in the page; sent when the user presses 导入
          }}
        >
          <Button size={size} icon={<FileExcelOutlined />} aria-describedby="hc-import-file-label hc-import-file-name" data-testid="hc-import-choose">
            {file ? t('healthCodes.import.changeFile') : t('healthCodes.import.chooseFile')}
          </Button>
        </Upload>
        <Typography.Text id="hc-import-file-name" strong={!!file} type={file ? undefined : 'secondary'} data-testid="hc-import-file-name">
          {file ? file.name : t('healthCodes.import.noFile')}
        </Typography.Text>
      </Space>
      {fileError && <Alert type="error" showIcon role="alert" title={fileError} style={{ marginTop: 8 }} data-testid="hc-import-file-error" />}
      <div style={{ marginTop: 12 }}>
        <Button
          type="primary"
          size={size}
          icon={<CloudUploadOutlined />}
          disabled={!file}
          loading={send.isPending}
          onClick={() => file && void send.mutateAsync(file).catch(() => undefined)}
          data-testid="hc-import-submit"
        >
          {t('healthCodes.import.submit')}
        </Button>
      </div>
      {send.isError && <ErrorAlert error={send.error} style={{ marginTop: 12 }} />}
      {send.data && (
        <div style={{ marginTop: 16 }} data-testid="hc-import-result">
          <Typography.Title level={4} style={{ fontSize: 16, margin: '0 0 8px' }}>{t('healthCodes.import.resultTitle', { file: send.data.fileName })}</Typography.Title>
          <ImportSummary r={send.data} />
        </div>
      )}
    </Card>
  );
}

/** The last 20 imports of the area, newest first, each with its refused rows to open. */
function History() {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const q = useQuery({ queryKey: IMPORTS_KEY, queryFn: ({ signal }) => listImports(signal) });
  const items = q.data?.items ?? [];
  const n = (v: number) => formatCount(v, i18n.language);
  const columns: ColumnsType<PastImport> = [
    { title: t('healthCodes.history.cols.at'), key: 'at', width: 110, render: (_, r) => at(r.at) },
    { title: t('healthCodes.history.cols.file'), key: 'file', render: (_, r) => <span data-testid="hc-history-file" style={{ overflowWrap: 'anywhere' }}>{r.fileName}</span> },
    { title: t('healthCodes.history.cols.by'), key: 'by', width: 130, render: (_, r) => r.by || '—' },
    { title: t('healthCodes.import.rows'), key: 'rows', align: 'right', width: 70, render: (_, r) => n(r.rows) },
    { title: t('healthCodes.import.applied'), key: 'applied', align: 'right', width: 80, render: (_, r) => <span data-testid="hc-history-applied">{n(r.applied)}</span> },
    { title: t('healthCodes.import.unchanged'), key: 'unchanged', align: 'right', width: 80, render: (_, r) => n(r.unchanged) },
    { title: t('healthCodes.history.cols.errors'), key: 'errors', align: 'right', width: 80, render: (_, r) => <span data-testid="hc-history-errors">{n(r.errors.length)}</span> },
  ];
  return (
    <Card size="small" title={<h3 className="rx-hc-h3">{t('healthCodes.history.title')}</h3>} style={{ marginTop: 16 }} data-testid="hc-imports">
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={t('healthCodes.history.empty')} />
      ) : isMobile ? (
        <ul className="rx-card-list" data-testid="hc-imports-list">
          {items.map((r) => (
            <li key={r.id} className="rx-card" data-testid="hc-import-item" data-file={r.fileName}>
              <strong data-testid="hc-history-file" style={{ overflowWrap: 'anywhere' }}>{r.fileName}</strong>
              <div className="rx-hc-quiet">{at(r.at)} · {r.by || '—'}</div>
              <div>{t('healthCodes.history.line', { rows: n(r.rows), applied: n(r.applied), unchanged: n(r.unchanged), errors: n(r.errors.length) })}</div>
            </li>
          ))}
        </ul>
      ) : (
        <DataTable<PastImport>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={items}
          pagination={false}
          scroll={{ x: 760 }}
          expandable={{
            rowExpandable: (r) => r.errors.length > 0,
            expandedRowRender: (r) => <ErrorRows errors={r.errors} testId="hc-history-error-rows" />,
          }}
          data-testid="hc-imports-table"
          onRow={(r) => ({ 'data-testid': 'hc-import-item', 'data-file': r.fileName } as HTMLAttributes<HTMLElement>)}
        />
      )}
    </Card>
  );
}

export function ImportsTab() {
  return (
    <div data-testid="hc-imports-tab">
      <ImportCard />
      <History />
    </div>
  );
}
