import { useEffect, useRef, useState, type ReactNode } from 'react';
import { detailText } from '../../lib/errors.logic';
import { Alert, Button, Card, Checkbox, Radio, Result, Select, Space, Statistic, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CheckCircleOutlined, DownloadOutlined, FileExcelOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasPermission, useMe } from '../../auth/session';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { DataTable } from '../../lib/table';
import { fixedCommunity } from './registry.logic';
import { importErrorSheetRow, importOutcome } from './import.logic';
import { LinkButton } from '../../lib/link-button';
import { ImportHistory } from './import-history';
import { IMPORT_HISTORY_KEY } from './import-history.api';
import { IMPORT_TEMPLATE_URL, importErrorsUrl, placeChildren, uploadImport, type ImportMode, type ImportResult, type ImportRowError } from './api';

const MAX_BYTES = 20 * 1024 * 1024;

function fileSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function StepCard({ title, children, done }: { title: string; children: ReactNode; done?: boolean }) {
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <Typography.Title level={2} style={{ fontSize: 17, margin: 0 }}>
          {title} {done && <CheckCircleOutlined style={{ color: '#389e0d' }} aria-hidden />}
        </Typography.Title>
      }
    >
      {children}
    </Card>
  );
}

export function ImportPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const zh = i18n.language.startsWith('zh');
  usePageTitle(t('registry.import.title'));
  // The preview's first column: the spreadsheet's own row, as in the problem list and the downloaded report.
  const sheetRowColumn = {
    title: t('registry.import.errSheetRow'), key: 'sheetRow', width: isMobile ? 72 : 110,
    render: (_: unknown, p: ImportResult['preview'][number]) => importErrorSheetRow(p),
  };

  const fixed = fixedCommunity(me);
  const [chosenCommunity, setChosenCommunity] = useState<string | undefined>();
  const communities = useQuery({
    queryKey: ['registry', 'import-communities'],
    queryFn: ({ signal }) => placeChildren('root', undefined, signal),
    enabled: !fixed,
  });
  const communityId = fixed?.id ?? chosenCommunity;
  /** The history follows the chosen community; users tied to one community (or grid) see their own area. */
  const historyOrg = fixed ? undefined : chosenCommunity;

  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  // The file's care tags were collected with each resident's written separate consent (ADR 0033).
  const [careConsent, setCareConsent] = useState(false);
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [final, setFinal] = useState<ImportResult | null>(null);
  // The result replaces the form under the scroll position of the 导入 button, far down the page: bring the outcome into
  // view and give it the focus, so that it is seen and read out (walk-through, session 24).
  const resultRef = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!final) return;
    resultRef.current?.scrollIntoView({ block: 'center' });
    resultRef.current?.focus({ preventScroll: true });
  }, [final]);

  const reset = () => {
    setFile(null);
    setCheck(null);
    setFinal(null);
    setFileError(null);
    dry.reset();
    commit.reset();
  };

  const dry = useMutation({
    mutationFn: () => uploadImport(file!, { communityId: communityId!, mode, dryRun: true, careConsent }),
    onMutate: () => setCheck(null),
    onSuccess: (res) => setCheck(res),
    // Every run (a check too, or a refused file) is in the import history.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: IMPORT_HISTORY_KEY }),
  });
  const commit = useMutation({
    mutationFn: () => uploadImport(file!, { communityId: communityId!, mode, dryRun: false, careConsent }),
    onSuccess: (res) => {
      setFinal(res);
      void queryClient.invalidateQueries({ queryKey: ['registry', 'residents'] });
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: IMPORT_HISTORY_KEY }),
  });

  const errorColumns: ColumnsType<ImportRowError> = [
    {
      title: (
        <span>
          {t('registry.import.errSheetRow')}
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', fontWeight: 'normal' }}>
            {t('registry.import.errSheetRowHint')}
          </Typography.Text>
        </span>
      ),
      key: 'sheetRow',
      render: (_, e) => importErrorSheetRow(e),
      width: isMobile ? 72 : 130,
    },
    {
      title: (
        <span>
          {t('registry.import.errRow')}
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', fontWeight: 'normal' }}>
            {t('registry.import.errRowHint')}
          </Typography.Text>
        </span>
      ),
      dataIndex: 'row',
      width: isMobile ? 72 : 150,
    },
    { title: t('registry.import.errColumn'), dataIndex: 'column', width: isMobile ? 90 : 160 },
    { title: t('registry.import.errMessage'), key: 'message', render: (_, e) => detailText(e, i18n.language) },
  ];

  if (final) {
    const status = final.status === 'committed' ? 'success' : final.status === 'partial' ? 'warning' : 'error';
    const outcome = importOutcome(final, t, i18n.language);
    const text = outcome.title;
    return (
      <div>
        <Typography.Title level={1} className="rx-page-title">
          {t('registry.import.title')}
        </Typography.Title>
        <Result
          status={status}
          title={
            <span data-testid="import-result" ref={resultRef} tabIndex={-1}>
              {text}
            </span>
          }
          subTitle={[
            outcome.unchanged,
            final.consentsRecorded ? t('consent.import.consentsDone', { n: formatCount(final.consentsRecorded, i18n.language) }) : null,
          ].filter(Boolean).join(zh ? '；' : '; ') || undefined}
          extra={
            <Space wrap style={{ justifyContent: 'center' }}>
              {final.errorCount > 0 && (
                <Button icon={<DownloadOutlined />} href={importErrorsUrl(final.jobId, 'xlsx')} download>
                  {t('registry.import.downloadErrors')}
                </Button>
              )}
              <Button onClick={reset}>{t('registry.import.again')}</Button>
              <LinkButton to="/registry" type="primary">{t('registry.import.toList')}</LinkButton>
            </Space>
          }
        />
        <ImportHistory orgId={historyOrg} />
      </div>
    );
  }

  const canCommit = !!check && (check.errorCount === 0 || mode === 'partial') && check.rows > 0;

  return (
    <div className="rx-reg-import">
      <Typography.Title level={1} className="rx-page-title">
        {t('registry.import.title')}
      </Typography.Title>
      <Typography.Paragraph>{t('registry.import.intro')}</Typography.Paragraph>

      <StepCard title={t('registry.import.step1')} done={!!communityId}>
        {fixed ? (
          <Typography.Text strong data-testid="import-community">
            {t(fixed.grid ? 'registry.import.communityGrid' : 'registry.import.communityFixed', { name: fixed.name })}
          </Typography.Text>
        ) : (
          <div className="rx-reg-field">
            <label htmlFor="import-community">{t('registry.import.community')}</label>
            <Select
              id="import-community"
              value={chosenCommunity}
              onChange={(v) => {
                setChosenCommunity(v);
                setCheck(null);
              }}
              placeholder={t('registry.import.communityRequired')}
              loading={communities.isPending}
              options={(communities.data?.items ?? []).filter((c) => c.kind === 'community').map((c) => ({ value: c.id, label: c.name }))}
              style={{ width: isMobile ? '100%' : 320 }}
            />
          </div>
        )}
      </StepCard>

      <StepCard title={t('registry.import.step2')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Button icon={<FileExcelOutlined />} href={IMPORT_TEMPLATE_URL} download data-testid="import-template">
            {t('registry.import.template')}
          </Button>
          <Typography.Text type="secondary">{t('registry.import.templateHint')}</Typography.Text>
          <Typography.Text type="secondary">{t('registry.import.blankKeeps')}</Typography.Text>
        </Space>
      </StepCard>

      <StepCard title={t('registry.import.step3')} done={!!check && check.errorCount === 0}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <div>
            <div id="import-file-label" className="rx-reg-label">
              {t('registry.import.file')}
            </div>
            <Space wrap>
              <Upload
                accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                maxCount={1}
                showUploadList={false}
                beforeUpload={(f) => {
                  setCheck(null);
                  dry.reset();
                  commit.reset();
                  if (f.size > MAX_BYTES) {
                    setFile(null);
                    setFileError(t('registry.import.fileHint'));
                  } else {
                    setFile(f);
                    setFileError(null);
                  }
                  return false; // kept in the page; sent only when the user presses a button
                }}
              >
                <Button icon={<UploadOutlined />} aria-describedby="import-file-label import-file-name" data-testid="import-choose">
                  {file ? t('registry.import.changeFile') : t('registry.import.chooseFile')}
                </Button>
              </Upload>
              <Typography.Text id="import-file-name" strong={!!file} type={file ? undefined : 'secondary'} data-testid="import-file-name">
                {file ? `${file.name}（${fileSize(file.size)}）` : t('registry.import.noFile')}
              </Typography.Text>
            </Space>
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
              {t('registry.import.fileHint')}
            </Typography.Text>
            {fileError && <Alert type="error" showIcon role="alert" title={fileError} style={{ marginTop: 8 }} />}
          </div>
          <div>
            <Checkbox
              checked={careConsent}
              onChange={(e) => {
                setCareConsent(e.target.checked);
                setCheck(null);
              }}
              data-testid="import-care-consent"
            >
              {t('consent.import.option')}
            </Checkbox>
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
              {t('consent.import.optionHint')}
            </Typography.Text>
          </div>
          <Button
            type={check ? 'default' : 'primary'}
            size="large"
            icon={<SafetyCertificateOutlined />}
            disabled={!file || !communityId}
            loading={dry.isPending}
            onClick={() => dry.mutate()}
            data-testid="import-check"
          >
            {dry.isPending ? t('registry.import.checking') : t('registry.import.check')}
          </Button>
          {dry.error && (
            <ErrorAlert error={dry.error} />
          )}
          {check && (
            <div data-testid="import-check-result">
              <Typography.Title level={3} style={{ fontSize: 16 }}>
                {t('registry.import.summary')}
              </Typography.Title>
              <div className="rx-reg-stats">
                <Statistic title={t('registry.import.rows')} value={check.rows} />
                <Statistic title={t('registry.import.toCreate')} value={check.imported} />
                <div>
                  <Statistic title={t('registry.import.toUpdate')} value={check.updated} />
                  {!!check.unchanged && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="import-unchanged">
                      {t('registry.import.unchanged', { n: formatCount(check.unchanged, i18n.language) })}
                    </Typography.Text>
                  )}
                </div>
                <Statistic
                  title={t('registry.import.errorCount')}
                  value={check.errorCount}
                  styles={{ content: { color: check.errorCount ? '#cf1322' : '#389e0d' } }}
                />
                {careConsent && <Statistic title={t('consent.import.consents')} value={check.consentsRecorded ?? 0} />}
              </div>
              {check.errorCount === 0 ? (
                <Alert type="success" showIcon title={t('registry.import.clean')} style={{ marginTop: 12 }} data-testid="import-clean" />
              ) : (
                <Alert type="warning" showIcon title={t('registry.import.hasErrors', { n: formatCount(check.errorCount, i18n.language) })} style={{ marginTop: 12 }} />
              )}
              {check.errors.some((e) => e.code === 'unknown_place') && hasPermission(me, 'place:write') && (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginTop: 12 }}
                  data-testid="import-places-hint"
                  title={t('registry.places.importHint')}
                  action={<Link to="/registry/places">{t('registry.places.importLink')}</Link>}
                />
              )}
              {check.warnings.length > 0 && (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginTop: 12 }}
                  title={t('registry.import.warnings')}
                  description={
                    <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                      {check.warnings.map((w, i) => (
                        <li key={i}>{detailText(w, i18n.language)}</li>
                      ))}
                    </ul>
                  }
                />
              )}
              {check.errorCount > 0 && (
                <div style={{ marginTop: 16 }}>
                  <Space wrap style={{ justifyContent: 'space-between', width: '100%', marginBottom: 8 }}>
                    <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
                      {t('registry.import.errorsTitle')}
                    </Typography.Title>
                    <Space wrap>
                      <Button icon={<DownloadOutlined />} href={importErrorsUrl(check.jobId, 'xlsx')} download data-testid="import-errors-xlsx">
                        {t('registry.import.downloadErrors')}
                      </Button>
                      <Button icon={<DownloadOutlined />} href={importErrorsUrl(check.jobId, 'csv')} download>
                        {t('registry.import.downloadErrorsCsv')}
                      </Button>
                    </Space>
                  </Space>
                  {check.errorsTruncated && <Alert type="info" title={t('registry.import.truncated', { n: formatCount(check.errors.length, i18n.language) })} style={{ marginBottom: 8 }} />}
                  <DataTable<ImportRowError>
                    rowKey={(e) => `${e.row}:${e.column}:${e.code}`}
                    size="small"
                    columns={errorColumns}
                    dataSource={check.errors}
                    pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
                    data-testid="import-errors"
                  />
                </div>
              )}
              {check.preview.length > 0 && (
                <div style={{ marginTop: 16 }}>
                  <Typography.Title level={3} style={{ fontSize: 16 }}>
                    {t('registry.import.preview')}
                  </Typography.Title>
                  <DataTable
                    rowKey="row"
                    size="small"
                    pagination={false}
                    scroll={isMobile ? undefined : { x: 670 }}
                    dataSource={check.preview.slice(0, 10)}
                    columns={isMobile ? [
                      // On a phone the name, address and what will happen stay on screen: one column per person.
                      sheetRowColumn,
                      {
                        title: t('registry.cols.name'),
                        key: 'person',
                        render: (_: unknown, p: ImportResult['preview'][number]) => (
                          <div data-testid="import-preview-person">
                            <Space size={8} wrap>
                              <strong>{p.name}</strong>
                              <Tag color={p.action === 'create' ? 'green' : 'blue'}>{t(`registry.import.previewAction.${p.action}`)}</Tag>
                            </Space>
                            <div className="rx-mono" style={{ fontSize: 13, color: 'rgba(0,0,0,0.55)' }}>{p.idMasked}</div>
                            <div>{p.address}</div>
                          </div>
                        ),
                      },
                    ] : [
                      sheetRowColumn,
                      { title: t('registry.import.errRow'), dataIndex: 'row', width: 70 },
                      { title: t('registry.cols.name'), dataIndex: 'name', width: 90 },
                      { title: t('registry.cols.idNumber'), dataIndex: 'idMasked', width: 190, render: (v: string) => <span className="rx-mono">{v}</span> },
                      { title: t('registry.cols.address'), dataIndex: 'address' },
                      {
                        title: '',
                        dataIndex: 'action',
                        width: 90,
                        render: (a: 'create' | 'update') => <Tag color={a === 'create' ? 'green' : 'blue'}>{t(`registry.import.previewAction.${a}`)}</Tag>,
                      },
                    ]}
                  />
                </div>
              )}
            </div>
          )}
        </Space>
      </StepCard>

      <StepCard title={t('registry.import.step4')}>
        <fieldset className="rx-reg-fieldset">
          <legend className="rx-reg-label">{t('registry.import.mode')}</legend>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as ImportMode)} className="rx-reg-modes">
            <Radio value="all_or_nothing" data-testid="mode-all">
              <strong>{t('registry.import.modeAll')}</strong>
              <div className="rx-reg-mode-hint">{t('registry.import.modeAllHint')}</div>
            </Radio>
            <Radio value="partial" data-testid="mode-partial">
              <strong>{t('registry.import.modePartial')}</strong>
              <div className="rx-reg-mode-hint">{t('registry.import.modePartialHint')}</div>
            </Radio>
          </Radio.Group>
        </fieldset>
        {!check && <Typography.Paragraph type="secondary">{t('registry.import.checkFirst')}</Typography.Paragraph>}
        {check && !canCommit && check.errorCount > 0 && (
          <Alert type="warning" showIcon title={t('registry.import.needFix')} style={{ marginBottom: 12 }} />
        )}
        {commit.error && (
          <ErrorAlert error={commit.error} style={{ marginBottom: 12 }} />
        )}
        <Button type="primary" size="large" icon={<UploadOutlined />} disabled={!canCommit} loading={commit.isPending} onClick={() => commit.mutate()} data-testid="import-submit">
          {commit.isPending ? t('registry.import.submitting') : t('registry.import.submit')}
        </Button>
      </StepCard>

      <ImportHistory orgId={historyOrg} />
    </div>
  );
}
