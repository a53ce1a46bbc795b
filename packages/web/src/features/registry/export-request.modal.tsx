import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, Radio, Select, Space, Tag } from 'antd';
import { Modal } from '../../lib/dialog';
import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText } from '../../lib/errors';
import { RequiredCheckboxGroup } from '../../lib/checkbox-group';
import {
  EXPORT_COLUMNS, EXPORT_PURPOSES, exportFileUrl, previewExport, requestExport, UNMASKABLE_COLUMNS, type ExportColumn, type ExportFormat, type ExportPurpose,
  type ExportView, type ResidentFilters, type UnmaskableColumn,
} from './api';
import { exportPreviewNotice } from './export-request.logic';
import { applyFieldErrors, residenceLabel, tagLabel } from './shared';
import { useFocusReturn } from '../../lib/dialog-focus';

type Values = { columns: ExportColumn[]; unmasked: UnmaskableColumn[]; purpose?: ExportPurpose; reason: string; format: ExportFormat };

const DEFAULT_COLUMNS: ExportColumn[] = ['name', 'sex', 'address', 'residenceType', 'gridName'];
const COLUMN_LABEL_KEY: Record<ExportColumn, string> = {
  name: 'name', idNumber: 'idNumber', phone: 'phone', sex: 'sex', birthDate: 'birthDate', address: 'address', relation: 'relation',
  residenceType: 'residenceType', tags: 'tags', gridName: 'grid',
};

/** "导出名单": columns, purpose and reason; small masked exports are ready at once, others wait for approval. */
export function ExportRequestModal({ filters, gridLabel, onClose }: { filters: ResidentFilters; gridLabel?: string; onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const [done, setDone] = useState<ExportView | null>(null);
  const [generalError, setGeneralError] = useState<unknown>(null);
  const columns = Form.useWatch('columns', form) ?? DEFAULT_COLUMNS;
  const unmaskedWatch = Form.useWatch('unmasked', form) ?? [];
  // The count before submitting (ADR 0049): residents the filters select, the approval it needs, the daily cap.
  const previewBody = {
    kind: 'residents' as const,
    filters,
    columns: EXPORT_COLUMNS.filter((c) => columns.includes(c)),
    unmasked: UNMASKABLE_COLUMNS.filter((c) => unmaskedWatch.includes(c) && columns.includes(c)),
  };
  const preview = useQuery({
    queryKey: ['registry', 'exports', 'preview', previewBody],
    queryFn: ({ signal }) => previewExport(previewBody, signal),
    enabled: !done && previewBody.columns.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const notice = preview.data ? exportPreviewNotice(preview.data, t, i18n.language) : null;

  const submit = useMutation({
    mutationFn: (v: Values) =>
      requestExport({
        kind: 'residents',
        filters,
        columns: EXPORT_COLUMNS.filter((c) => v.columns.includes(c)),
        unmasked: (v.unmasked ?? []).filter((c) => v.columns.includes(c)),
        purpose: v.purpose!,
        reason: v.reason.trim(),
        format: v.format,
      }),
    onSuccess: (view) => {
      setDone(view);
      void queryClient.invalidateQueries({ queryKey: ['registry', 'exports'] });
    },
    onMutate: () => setGeneralError(null),
    onError: (e) => {
      if (!applyFieldErrors(form, e, i18n.language, ['columns', 'unmasked', 'purpose', 'reason', 'format'])) setGeneralError(e);
    },
  });

  const colLabel = (c: ExportColumn) =>
    c === 'birthDate' ? t('registry.profile.birthDate') : t(`registry.cols.${COLUMN_LABEL_KEY[c] as 'name'}`);
  const scope = [gridLabel, filters.tag && tagLabel(t, filters.tag), filters.residenceType && residenceLabel(t, filters.residenceType)].filter(Boolean);

  return (
    <Modal
      open
      title={t('registry.exports.requestTitle')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        done ? (
          <Button type="primary" onClick={onClose}>
            {t('registry.exports.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('registry.exports.cancel')}</Button>
            <Button type="primary" loading={submit.isPending} disabled={notice?.blocked === true} onClick={() => form.submit()} data-testid="export-submit">
              {t('registry.exports.submit')}
            </Button>
          </Space>
        )
      }
    >
      {done ? (
        <div data-testid="export-result">
          {done.status === 'ready' ? (
            <Alert
              type="success"
              showIcon
              title={t('registry.exports.ready', { hours: 24 })}
              action={
                <Button type="primary" icon={<DownloadOutlined />} href={exportFileUrl(done.id)} download>
                  {t('registry.exports.download')}
                </Button>
              }
            />
          ) : (
            <Alert
              type="info"
              showIcon
              title={<span data-testid="export-status">{t(`registry.exports.status.${done.status}`)}</span>}
              description={
                <>
                  <p>{t('registry.exports.pending')}</p>
                  {done.approvalReasons.length > 0 && (
                    <div>
                      {t('registry.exports.needsApproval')}：
                      {done.approvalReasons.map((r) => (
                        <Tag key={r}>{t(`registry.exports.reasons.${r}`)}</Tag>
                      ))}
                    </div>
                  )}
                  <Link to="/registry/exports">{t('registry.exports.title')}</Link>
                </>
              }
            />
          )}
        </div>
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ columns: DEFAULT_COLUMNS, unmasked: [], format: 'xlsx', reason: '' }}
          onFinish={(v) => submit.mutate(v)}
        >
          {generalError !== null && (
            <Alert type="error" showIcon role="alert" title={errorText(generalError, t, i18n.language)} style={{ marginBottom: 12 }} />
          )}
          <Form.Item label={t('registry.exports.scope')} extra={t('registry.exports.scopeHint')}>
            <strong>{scope.length ? scope.join(' · ') : t('registry.exports.allResidents')}</strong>
          </Form.Item>
          <div data-testid="export-preview" aria-live="polite" style={{ marginBottom: 16 }}>
            {preview.error ? (
              <Alert type="warning" showIcon title={t('registry.exports.previewFailed', { error: errorText(preview.error, t, i18n.language) })} />
            ) : notice ? (
              <Alert type={notice.type} showIcon role={notice.blocked ? 'alert' : undefined} title={notice.title} description={notice.description} />
            ) : (
              previewBody.columns.length > 0 && <Alert type="info" showIcon title={t('registry.exports.previewLoading')} />
            )}
          </div>
          <Form.Item
            name="columns"
            label={t('registry.exports.columns')}
            extra={t('registry.exports.columnsHint')}
            rules={[{ required: true, type: 'array', min: 1, message: t('registry.exports.columnsRequired') }]}
          >
            <RequiredCheckboxGroup aria-label={t('registry.exports.columns')} className="rx-reg-checks" options={EXPORT_COLUMNS.map((c) => ({ value: c, label: colLabel(c) }))} />
          </Form.Item>
          {UNMASKABLE_COLUMNS.some((c) => columns.includes(c)) && (
            <Form.Item name="unmasked" label={t('registry.exports.unmasked')} extra={t('registry.exports.unmaskedHint')}>
              <Checkbox.Group
                className="rx-reg-checks"
                options={UNMASKABLE_COLUMNS.filter((c) => columns.includes(c)).map((c) => ({ value: c, label: colLabel(c) }))}
              />
            </Form.Item>
          )}
          <Form.Item name="purpose" label={t('registry.exports.purpose')} rules={[{ required: true, message: t('registry.exports.purposeRequired') }]}>
            <Select
              options={EXPORT_PURPOSES.map((p) => ({ value: p, label: t(`registry.exports.purposes.${p}`) }))}
              placeholder={t('registry.exports.purposeRequired')}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('registry.exports.reason')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('registry.exports.reasonRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={200} showCount placeholder={t('registry.exports.reasonPlaceholder')} />
          </Form.Item>
          <Form.Item name="format" label={t('registry.exports.format')}>
            <Radio.Group optionType="button" options={[{ value: 'xlsx', label: 'Excel' }, { value: 'csv', label: 'CSV' }]} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
