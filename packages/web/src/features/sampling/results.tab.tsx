// 检测结果: with sampling:results, the lab's result sheet (CSV or XLSX) is chosen and imported — then what it did: rows
// read, results applied, rows that changed nothing (the same sheet again), positives, invalids, and the rows refused
// (row, column, why). A positive pool calls its members back at once (复核). Below, every sheet imported into the round,
// newest first, each with its refused rows to open. Results are never overwritten: a tube with another result is a
// refused row (conflict).
import type { HTMLAttributes } from 'react';
import { Alert, App, Card, Empty, Skeleton } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { detailText } from '../../lib/errors.logic';
import { Figure } from '../../lib/figures-card';
import { formatCount } from '../../lib/numbers';
import { SheetErrorRows, SheetUpload } from '../../lib/sheet-upload';
import { DataTable } from '../../lib/table';
import {
  importResults, listResultImports, RESULTS_KEY, RETESTS_KEY, ROUND_KEY, ROUNDS_KEY, TUBES_KEY, TUBE_KEY, type ResultError, type ResultImport, type Round,
} from './api';
import { actorName, resultFileProblem } from './sampling.logic';
import { at } from './shared';

const codeText = (code: string, t: TFunction) => t(`sampling.import.codes.${code}`, { defaultValue: code });
const columnText = (column: string | null, t: TFunction) => (column ? t(`sampling.import.columns.${column}`, { defaultValue: column }) : '—');

/** The rows of a sheet that were refused: row, column, why, and the server's message. */
function ErrorRows({ errors, testId }: { errors: ResultError[]; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <SheetErrorRows<ResultError>
      errors={errors}
      testId={testId}
      testIdPrefix="smp"
      text={(k, v) => t(`sampling.import.${k}`, v)}
      columnText={(e) => columnText(e.column, t)}
      codeText={(e) => codeText(e.code, t)}
      extraColumns={[
        { title: t('sampling.import.cols.message'), key: 'message', render: (_, e) => <span data-testid="smp-error-message">{detailText(e, i18n.language)}</span> },
      ]}
      widths={{ row: 80, code: 150, scrollX: 560 }}
    />
  );
}

function ImportCard({ round }: { round: Round }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return (
    <SheetUpload<ResultImport>
      testIdPrefix="smp"
      title={<h2 className="rx-smp-h2">{t('sampling.import.title')}</h2>}
      text={(k, v) => t(`sampling.import.${k}`, v)}
      headingLevel={3}
      labelClassName="rx-smp-label"
      fileProblem={resultFileProblem}
      upload={(f) => importResults(round.id, f)}
      onUploaded={(r) => {
        void message.success(t('sampling.import.done', { applied: r.applied, errors: r.errors.length }));
        // Tubes' results, the figures and the retests have moved.
        for (const key of [RESULTS_KEY, TUBES_KEY, TUBE_KEY, RETESTS_KEY, ROUNDS_KEY]) void queryClient.invalidateQueries({ queryKey: key });
        void queryClient.invalidateQueries({ queryKey: [...ROUND_KEY, round.id], exact: true });
      }}
      figuresClassName="rx-smp-figures rx-smp-figures-5"
      figures={(r) => (
        <>
          <Figure testId="smp-imp-rows" value={r.rows} label={t('sampling.import.rows')} />
          <Figure testId="smp-imp-applied" value={r.applied} label={t('sampling.import.applied')} />
          <Figure testId="smp-imp-unchanged" value={r.unchanged} label={t('sampling.import.unchanged')} />
          <Figure testId="smp-imp-positives" value={r.positives} label={t('sampling.import.positives')} valueClassName={r.positives > 0 ? 'rx-smp-alarm' : undefined} />
          <Figure testId="smp-imp-invalids" value={r.invalids} label={t('sampling.import.invalids')} valueClassName={r.invalids > 0 ? 'rx-smp-warn' : undefined} />
        </>
      )}
      notice={(r) =>
        r.positives + r.invalids > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('sampling.import.recalled')} data-testid="smp-import-recalled" />
      }
      errorRows={(r) => <ErrorRows errors={r.errors} testId="smp-import-errors" />}
    />
  );
}

/** Every sheet imported into the round, newest first, each with its refused rows to open. */
function History({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const q = useQuery({ queryKey: [...RESULTS_KEY, round.id], queryFn: ({ signal }) => listResultImports(round.id, signal) });
  const items = q.data?.items ?? [];
  const n = (v: number) => formatCount(v, i18n.language);
  const columns: ColumnsType<ResultImport> = [
    { title: t('sampling.history.cols.at'), key: 'at', width: 110, render: (_, r) => at(r.importedAt) },
    { title: t('sampling.history.cols.file'), key: 'file', render: (_, r) => <span data-testid="smp-history-file" style={{ overflowWrap: 'anywhere' }}>{r.fileName}</span> },
    { title: t('sampling.history.cols.by'), key: 'by', width: 110, render: (_, r) => actorName(r.importedBy) || '—' },
    { title: t('sampling.import.rows'), key: 'rows', align: 'right', width: 70, render: (_, r) => n(r.rows) },
    { title: t('sampling.import.applied'), key: 'applied', align: 'right', width: 80, render: (_, r) => <span data-testid="smp-history-applied">{n(r.applied)}</span> },
    { title: t('sampling.import.unchanged'), key: 'unchanged', align: 'right', width: 80, render: (_, r) => n(r.unchanged) },
    { title: t('sampling.import.positives'), key: 'positives', align: 'right', width: 70, render: (_, r) => <span className={r.positives > 0 ? 'rx-smp-alarm' : undefined}>{n(r.positives)}</span> },
    { title: t('sampling.import.invalids'), key: 'invalids', align: 'right', width: 70, render: (_, r) => n(r.invalids) },
    { title: t('sampling.history.cols.errors'), key: 'errors', align: 'right', width: 80, render: (_, r) => <span data-testid="smp-history-errors">{n(r.errors.length)}</span> },
  ];
  return (
    <Card size="small" title={<h2 className="rx-smp-h2">{t('sampling.history.title')}</h2>} style={{ marginTop: 16 }} data-testid="smp-history">
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={t('sampling.history.empty')} />
      ) : isMobile ? (
        <ul className="rx-card-list" data-testid="smp-history-list">
          {items.map((r) => (
            <li key={r.id} className="rx-card" data-testid="smp-history-item">
              <strong data-testid="smp-history-file" style={{ overflowWrap: 'anywhere' }}>{r.fileName}</strong>
              <div className="rx-smp-quiet">{at(r.importedAt)} · {actorName(r.importedBy) || '—'}</div>
              <div data-testid="smp-history-line">
                {t('sampling.history.line', { rows: n(r.rows), applied: n(r.applied), unchanged: n(r.unchanged), positives: n(r.positives), invalids: n(r.invalids), errors: n(r.errors.length) })}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <DataTable<ResultImport>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={items}
          pagination={items.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          scroll={{ x: 800 }}
          expandable={{
            rowExpandable: (r) => r.errors.length > 0,
            expandedRowRender: (r) => <ErrorRows errors={r.errors} testId="smp-history-error-rows" />,
          }}
          data-testid="smp-history-table"
          onRow={(r) => ({ 'data-testid': 'smp-history-item', 'data-file': r.fileName } as HTMLAttributes<HTMLElement>)}
        />
      )}
    </Card>
  );
}

export function ResultsTab({ round, mayImport }: { round: Round; mayImport: boolean }) {
  const { t } = useTranslation();
  return (
    <div data-testid="smp-results">
      {mayImport ? (
        <ImportCard round={round} />
      ) : (
        <Alert type="info" showIcon title={t('sampling.import.notYours')} data-testid="smp-import-not-yours" />
      )}
      <History round={round} />
    </div>
  );
}
