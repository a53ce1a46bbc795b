// 导入名单 (screening:import; district and street staff): the kind of list, its name, who sent it, when the receipt is due,
// and the file (CSV or XLSX) — then what came of it: the list created with its figures (the server matched it at once),
// a link to it, and the rows refused (行 / 列 / 问题). A file whose every row fails answers 400 no_valid_rows: its rows
// are listed the same way. Mounted only while open.
import { useState } from 'react';
import { Alert, App, Button, DatePicker, Form, Input, Radio, Space, Typography, Upload, type ButtonProps } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { useDialogSize } from '../../lib/use-dialog-size';
import { importList, KINDS, LISTS_KEY, TITLE_MAX, type ImportFields, type Kind, type ListView, type RowError } from './api';
import { dueProblem, importFileProblem, refusedRows, titleProblem } from './screening.logic';
import { problemText, RowErrorsTable } from './shared';
import { ListFigures } from './tiles';

type Values = { kind?: Kind; title?: string; source?: string; dueAt?: Dayjs | null };

/** The refused rows of a 400 no_valid_rows (every row failed). */
const rowsOfRefusal = (error: unknown): RowError[] => (isApiError(error) && error.code === 'no_valid_rows' ? refusedRows(error.details) : []);

function Result({ list, errors, onClose }: { list: ListView; errors: RowError[]; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <div data-testid="sc-import-result">
      <Typography.Title level={3} style={{ fontSize: 16, margin: '0 0 8px' }}>{t('screening.import.resultTitle', { title: list.title })}</Typography.Title>
      <ListFigures figures={list.figures} />
      <Space wrap style={{ margin: '12px 0' }}>
        <Button type="primary" size="large" onClick={() => { onClose(); void navigate(`/screening/lists/${encodeURIComponent(list.id)}`); }} data-testid="sc-import-open">
          {t('screening.import.openList')}
        </Button>
      </Space>
      {errors.length > 0 ? (
        <>
          <Typography.Title level={4} style={{ fontSize: 15, margin: '0 0 8px' }} data-testid="sc-import-errors-title">{t('screening.import.errorsTitle', { n: errors.length })}</Typography.Title>
          <RowErrorsTable errors={errors} testId="sc-import-errors" />
        </>
      ) : (
        <Typography.Paragraph type="success" style={{ marginBottom: 0 }} data-testid="sc-import-no-errors">{t('screening.import.noErrors')}</Typography.Paragraph>
      )}
    </div>
  );
}

export function ImportModal({ onClose }: { onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(640);
  const [form] = Form.useForm<Values>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (v: { fields: ImportFields; file: File }) => importList(v.fields, v.file),
    onSuccess: (r) => {
      void message.success(t('screening.import.done', { title: r.list.title, entries: r.list.figures.entries, errors: r.errors.length }));
      void queryClient.invalidateQueries({ queryKey: LISTS_KEY });
    },
  });
  const labels = { kind: t('screening.import.kind'), title: t('screening.import.titleLabel'), source: t('screening.import.source'), dueAt: t('screening.import.due'), file: t('screening.import.file') };
  const refused = rowsOfRefusal(send.error);
  const submit = (v: Values) => {
    if (!file) {
      setFileError(t('screening.import.fileEmpty'));
      return;
    }
    if (!v.kind || !v.dueAt) return;
    const fields: ImportFields = { kind: v.kind, title: (v.title ?? '').trim(), source: (v.source ?? '').trim(), dueAt: v.dueAt.toISOString() };
    void send.mutateAsync({ fields, file }).catch(() => undefined);
  };
  const textRule = {
    validator: async (_: unknown, v: string | undefined) => {
      const p = titleProblem(v);
      if (p) throw new Error(problemText(p, t, TITLE_MAX, 2));
    },
  };
  const done = send.data;
  return (
    <Modal
      open
      {...dialogSize}
      title={t('screening.import.title')}
      okText={done ? t('screening.import.close') : t('screening.import.submit')}
      cancelText={t('screening.import.cancel')}
      okButtonProps={{ size, 'data-testid': 'sc-import-submit' } as ButtonProps}
      cancelButtonProps={{ size, style: done ? { display: 'none' } : undefined }}
      confirmLoading={send.isPending}
      onOk={() => {
        if (done) return onClose();
        if (!file) setFileError(t('screening.import.fileEmpty'));
        form.submit();
      }}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid="sc-import-dialog">
        {done ? (
          <Result list={done.list} errors={done.errors} onClose={onClose} />
        ) : (
          <>
            <Typography.Paragraph style={{ marginBottom: 4 }}>{t('screening.import.help')}</Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('screening.import.columnsHelp')}</Typography.Paragraph>
            {send.isError && <ErrorAlert error={send.error} form={form} labels={labels} />}
            {refused.length > 0 && (
              <div style={{ marginBottom: 12 }}>
                <RowErrorsTable errors={refused} testId="sc-import-refused" />
              </div>
            )}
            <Form<Values> form={form} name="screeningImport" layout="vertical" size={size} onFinish={submit} requiredMark>
              <Form.Item name="kind" label={labels.kind} rules={[{ required: true, message: t('screening.import.kindEmpty') }]}>
                <Radio.Group aria-label={labels.kind} className="rx-sc-kinds" data-testid="sc-import-kind">
                  {KINDS.map((k) => (
                    <Radio key={k} value={k} data-testid={`sc-import-kind-${k}`}>{t(`screening.kinds.${k}`)}</Radio>
                  ))}
                </Radio.Group>
              </Form.Item>
              <Form.Item name="title" label={labels.title} required rules={[textRule]}>
                <Input maxLength={TITLE_MAX} placeholder={t('screening.import.titlePlaceholder')} data-testid="sc-import-title" />
              </Form.Item>
              <Form.Item name="source" label={labels.source} required rules={[textRule]}>
                <Input maxLength={TITLE_MAX} placeholder={t('screening.import.sourcePlaceholder')} data-testid="sc-import-source" />
              </Form.Item>
              <Form.Item
                name="dueAt"
                label={labels.dueAt}
                required
                rules={[{
                  validator: async (_: unknown, v: Dayjs | null | undefined) => {
                    const p = dueProblem(v ? v.toISOString() : null, new Date());
                    if (p === 'empty') throw new Error(t('screening.import.dueEmpty'));
                    if (p === 'past') throw new Error(t('screening.import.duePast'));
                  },
                }]}
              >
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  placeholder={t('screening.import.duePlaceholder')}
                  disabledDate={(d) => d.isBefore(dayjs(), 'day')}
                  style={{ width: 240, maxWidth: '100%' }}
                  data-testid="sc-import-due"
                />
              </Form.Item>
              <div id="sc-import-file-label" className="rx-sc-label">
                <span className="rx-sc-required" aria-hidden>* </span>{labels.file}
              </div>
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
                      setFileError(t(`screening.import.fileProblems.${problem}`));
                    } else {
                      setFile(f);
                      setFileError(null);
                    }
                    return false; // kept in the dialog; sent with the form
                  }}
                >
                  <Button size={size} icon={<FileExcelOutlined />} aria-describedby="sc-import-file-label sc-import-file-name" data-testid="sc-import-choose">
                    {file ? t('screening.import.changeFile') : t('screening.import.chooseFile')}
                  </Button>
                </Upload>
                <Typography.Text id="sc-import-file-name" strong={!!file} type={file ? undefined : 'secondary'} data-testid="sc-import-file-name">
                  {file ? file.name : t('screening.import.noFile')}
                </Typography.Text>
              </Space>
              {fileError && <Alert type="error" showIcon role="alert" title={fileError} style={{ marginTop: 8 }} data-testid="sc-import-file-error" />}
            </Form>
          </>
        )}
      </div>
    </Modal>
  );
}
