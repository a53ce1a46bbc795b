// Importing a sheet (CSV or XLSX), shared by 检测结果 (sampling) and 上级导入 (health codes): a file is chosen (checked in
// the page: type, empty, size) and sent when the user presses the submit button; then what the import did — the page's
// figures, an optional notice, and the rows refused (行 / 列 / 问题, and whatever columns the page adds). Test ids are
// `${testIdPrefix}-import…` / `${testIdPrefix}-error…`; texts come from the page (its `…import.*` keys, see SheetTextKey).
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { Alert, Button, Card, Space, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CloudUploadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useIsMobile } from '../app/use-is-mobile';
import { ErrorAlert } from './error-alert';
import { Figures } from './figures-card';
import { useMutation } from './single-flight';
import { DataTable } from './table';

/** The texts a page gives, by the key they have under the page's `…import` texts. */
export type SheetTextKey =
  | 'help' | 'columnsHelp' | 'file' | 'chooseFile' | 'changeFile' | 'noFile' | 'submit'
  | 'fileProblems.type' | 'fileProblems.empty' | 'fileProblems.size'
  | 'resultTitle' | 'errorsTitle' | 'noErrors' | 'rowN' | 'cols.row' | 'cols.column' | 'cols.code';
/** The page's texts: e.g. `(k, v) => t(\`sampling.import.${k}\`, v)` (resultTitle gets `file`, errorsTitle and rowN `n`). */
export type SheetText = (key: SheetTextKey, values?: { file?: string; n?: number }) => string;
/** Why a chosen file is not sent (the page's own check: type, empty, size). */
export type SheetFileProblem = 'type' | 'empty' | 'size';

/** A refused row of a sheet, as the server reports it. */
export type SheetRowError = { row: number; column: string | null; code: string };

type Keyed<E> = E & { key: string };

/** The rows of a sheet that were refused: row, column, why — then the page's extra columns. */
export function SheetErrorRows<E extends SheetRowError>(p: {
  /** In the order to show. */
  errors: readonly E[];
  testId: string;
  testIdPrefix: string;
  text: SheetText;
  columnText: (e: E) => ReactNode;
  codeText: (e: E) => ReactNode;
  extraColumns?: ColumnsType<Keyed<E>>;
  /** Attributes of a row besides its data-testid (`${testIdPrefix}-error`). */
  rowAttributes?: (e: E) => Record<string, string | number>;
  /** Column widths (row 90, column 110, code none) and the table's scroll width (420). */
  widths?: { row?: number; column?: number; code?: number; scrollX?: number };
}) {
  const { errors, testIdPrefix: x, text, widths: w = {} } = p;
  const rows = errors.map((e, i) => ({ ...e, key: `${e.row}-${e.column ?? ''}-${i}` }));
  const columns: ColumnsType<Keyed<E>> = [
    { title: text('cols.row'), key: 'row', width: w.row ?? 90, render: (_, e) => <span data-testid={`${x}-error-row`}>{text('rowN', { n: e.row })}</span> },
    { title: text('cols.column'), key: 'column', width: w.column ?? 110, render: (_, e) => <span data-testid={`${x}-error-column`}>{p.columnText(e)}</span> },
    { title: text('cols.code'), key: 'code', width: w.code, render: (_, e) => <span data-testid={`${x}-error-code`} data-code={e.code}>{p.codeText(e)}</span> },
    ...(p.extraColumns ?? []),
  ];
  return (
    <DataTable<Keyed<E>>
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: w.scrollX ?? 420 }}
      data-testid={p.testId}
      onRow={(e) => ({ 'data-testid': `${x}-error`, ...p.rowAttributes?.(e) } as HTMLAttributes<HTMLElement>)}
    />
  );
}

/** The card to choose and import a sheet, and what the import did. */
export function SheetUpload<R extends { fileName: string; errors: readonly unknown[] }>(p: {
  testIdPrefix: string;
  /** The card's title (its heading element). */
  title: ReactNode;
  text: SheetText;
  /** The level of the result's headings (the card title's level + 1). */
  headingLevel: 3 | 4;
  labelClassName: string;
  fileProblem: (f: File) => SheetFileProblem | null;
  upload: (f: File) => Promise<R>;
  /** After a successful import (the message, the queries to refresh). */
  onUploaded: (r: R) => void;
  /** The data-testid of the block around the result, if any. */
  resultTestId?: string;
  /** The import's figures (Figure elements), in Figures in a div of figuresClassName. */
  figures: (r: R) => ReactNode;
  figuresClassName: string;
  /** Said between the figures and the refused rows, if anything. */
  notice?: (r: R) => ReactNode;
  /** The refused rows' table (SheetErrorRows), when there are any. */
  errorRows: (r: R) => ReactNode;
}) {
  const { testIdPrefix: x, text } = p;
  const isMobile = useIsMobile();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (f: File) => p.upload(f),
    onSuccess: (r) => {
      p.onUploaded(r);
      setFile(null);
    },
  });
  const size = isMobile ? 'large' : 'middle';
  const r = send.data;
  return (
    <Card size="small" title={p.title} data-testid={`${x}-import`}>
      <Typography.Paragraph style={{ marginBottom: 8 }}>{text('help')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{text('columnsHelp')}</Typography.Paragraph>
      <div id={`${x}-import-file-label`} className={p.labelClassName}>{text('file')}</div>
      <Space wrap>
        <Upload
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(f) => {
            send.reset();
            const problem = p.fileProblem(f);
            if (problem) {
              setFile(null);
              setFileError(text(`fileProblems.${problem}`));
            } else {
              setFile(f);
              setFileError(null);
            }
            return false; // kept in the page; sent when the user presses 导入
          }}
        >
          <Button size={size} icon={<FileExcelOutlined />} aria-describedby={`${x}-import-file-label ${x}-import-file-name`} data-testid={`${x}-import-choose`}>
            {file ? text('changeFile') : text('chooseFile')}
          </Button>
        </Upload>
        <Typography.Text id={`${x}-import-file-name`} strong={!!file} type={file ? undefined : 'secondary'} data-testid={`${x}-import-file-name`}>
          {file ? file.name : text('noFile')}
        </Typography.Text>
      </Space>
      {fileError && <Alert type="error" showIcon role="alert" title={fileError} style={{ marginTop: 8 }} data-testid={`${x}-import-file-error`} />}
      <div style={{ marginTop: 12 }}>
        <Button
          type="primary"
          size={size}
          icon={<CloudUploadOutlined />}
          disabled={!file}
          loading={send.isPending}
          onClick={() => file && void send.mutateAsync(file).catch(() => undefined)}
          data-testid={`${x}-import-submit`}
        >
          {text('submit')}
        </Button>
      </div>
      {send.isError && <ErrorAlert error={send.error} style={{ marginTop: 12 }} />}
      {r && (
        <div style={{ marginTop: 16 }} data-testid={p.resultTestId}>
          <Typography.Title level={p.headingLevel} style={{ fontSize: 16, margin: '0 0 8px' }}>{text('resultTitle', { file: r.fileName })}</Typography.Title>
          <div data-testid={`${x}-import-summary`}>
            <div className={p.figuresClassName}>
              <Figures>{p.figures(r)}</Figures>
            </div>
            {p.notice?.(r)}
            {r.errors.length > 0 ? (
              <>
                <Typography.Title level={p.headingLevel} style={{ fontSize: 15, margin: '0 0 8px' }} data-testid={`${x}-import-errors-title`}>
                  {text('errorsTitle', { n: r.errors.length })}
                </Typography.Title>
                {p.errorRows(r)}
              </>
            ) : (
              <Typography.Paragraph type="success" style={{ marginBottom: 0 }} data-testid={`${x}-import-no-errors`}>{text('noErrors')}</Typography.Paragraph>
            )}
          </div>
        </div>
      )}
    </Card>
  );
}
