// 上级导入 (health:import, the district): the district's data team's list (CSV or XLSX: 身份证号, 健康码, 原因) is chosen
// and imported — then what it did: rows read, people whose code changed, rows that changed nothing, and the rows refused
// (行 / 列 / 问题: 身份证号格式不对, 本辖区没有这个人, 颜色看不懂, 不是疫情防控原因 …). Below, the last 20 imports with
// their counts, each with its refused rows to open (no personal data is kept with them).
import type { HTMLAttributes } from 'react';
import { App, Card, Empty, Skeleton } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure } from '../../lib/figures-card';
import { formatCount } from '../../lib/numbers';
import { SheetErrorRows, SheetUpload } from '../../lib/sheet-upload';
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

/** The rows of a list that were refused: row, column, why (in the file's order). */
function ErrorRows({ errors, testId }: { errors: readonly ImportError[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <SheetErrorRows<ImportError>
      errors={sortedErrors(errors)}
      testId={testId}
      testIdPrefix="hc"
      text={(k, v) => t(`healthCodes.import.${k}`, v)}
      columnText={(e) => columnText(e.column, t)}
      codeText={(e) => codeText(e.code, t)}
      rowAttributes={(e) => ({ 'data-row': e.row })}
    />
  );
}

function ImportCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return (
    <SheetUpload<ImportResult>
      testIdPrefix="hc"
      title={<h3 className="rx-hc-h3">{t('healthCodes.import.title')}</h3>}
      text={(k, v) => t(`healthCodes.import.${k}`, v)}
      headingLevel={4}
      labelClassName="rx-hc-label"
      fileProblem={importFileProblem}
      upload={importList}
      onUploaded={(r) => {
        void message.success(t('healthCodes.import.done', { applied: r.applied, errors: r.errors.length }));
        for (const key of [IMPORTS_KEY, PEOPLE_KEY, PERSON_KEY, SUMMARY_KEY, APPEALS_KEY]) void queryClient.invalidateQueries({ queryKey: key });
      }}
      resultTestId="hc-import-result"
      figuresClassName="rx-hc-figures"
      figures={(r) => (
        <>
          <Figure testId="hc-imp-rows" value={r.rows} label={t('healthCodes.import.rows')} />
          <Figure testId="hc-imp-applied" value={r.applied} label={t('healthCodes.import.applied')} />
          <Figure testId="hc-imp-unchanged" value={r.unchanged} label={t('healthCodes.import.unchanged')} />
          <Figure testId="hc-imp-errors" value={r.errors.length} label={t('healthCodes.import.errorCount')} valueClassName={r.errors.length > 0 ? 'rx-hc-warn' : undefined} />
        </>
      )}
      errorRows={(r) => <ErrorRows errors={r.errors} testId="hc-import-errors" />}
    />
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
