import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Space, Spin, Tag, Typography } from 'antd';
import { Modal } from '../../lib/dialog';
import { CheckOutlined, CloseOutlined, DownloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../auth/session';
import { usePageTitle } from '../../app/use-page-title';
import { errorText } from '../../lib/errors';
import { ErrorAlert } from '../../lib/error-alert';
import { labelled, roleLabel, withNote } from '../../lib/labels';
import { formatCount } from '../../lib/numbers';
import { decideExport, exportFileUrl, listExports, type ExportStatus, type ExportView } from './api';
import { exportRequestEntry } from './export-request.logic';
import { applyFieldErrors, residenceLabel, tagLabel } from './shared';

const STATUS_COLOR: Record<ExportStatus, string> = {
  pending_approval: 'gold', pending_district_approval: 'orange', ready: 'green', rejected: 'red', downloaded: 'default', expired: 'default',
};
const COLUMN_LABEL_KEY: Record<string, string> = {
  name: 'cols.name', idNumber: 'cols.idNumber', phone: 'cols.phone', sex: 'cols.sex', birthDate: 'profile.birthDate', address: 'cols.address',
  relation: 'cols.relation', residenceType: 'cols.residenceType', tags: 'cols.tags', gridName: 'cols.grid',
};

function ExportCard({
  x, onDecide, onDownload,
}: { x: ExportView; onDecide?: (x: ExportView, d: 'approve' | 'reject') => void; onDownload?: () => void }) {
  const { t, i18n } = useTranslation();
  const col = (c: string) => t(`registry.${COLUMN_LABEL_KEY[c] ?? c}` as 'registry.cols.name', { defaultValue: c });
  const scope = [
    // The server names the grid with the export (no place-tree requests for it).
    x.filters.gridId && (x.gridName ?? x.filters.gridId),
    x.filters.tag && tagLabel(t, x.filters.tag),
    x.filters.residenceType && residenceLabel(t, x.filters.residenceType),
  ].filter(Boolean);
  return (
    <Card
      size="small"
      className="rx-reg-export"
      data-testid="export-card"
      title={
        <Space wrap>
          <Tag color={STATUS_COLOR[x.status]} data-testid="export-card-status">
            {t(`registry.exports.status.${x.status}`)}
          </Tag>
          <span>{t(`registry.exports.purposes.${x.purpose}`, { defaultValue: x.purpose })}</span>
        </Space>
      }
      extra={<Typography.Text type="secondary">{dayjs(x.createdAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>}
      actions={
        x.canDecide || x.canDownload
          ? [
              ...(x.canDownload
                ? [
                    <Button key="dl" type="link" icon={<DownloadOutlined />} href={exportFileUrl(x.id)} download onClick={onDownload}>
                      {t('registry.exports.download')}
                    </Button>,
                  ]
                : []),
              ...(x.canDecide && onDecide
                ? [
                    <Button key="ok" type="link" icon={<CheckOutlined />} onClick={() => onDecide(x, 'approve')} data-testid="export-approve">
                      {t('registry.exports.approve')}
                    </Button>,
                    <Button key="no" type="link" danger icon={<CloseOutlined />} onClick={() => onDecide(x, 'reject')}>
                      {t('registry.exports.reject')}
                    </Button>,
                  ]
                : []),
            ]
          : undefined
      }
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('registry.exports.requester')}>
          {withNote(x.requester.displayName, roleLabel(x.requester.role, t), i18n.language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('registry.exports.filters')}>{scope.length ? scope.join(' · ') : t('registry.exports.allResidents')}</Descriptions.Item>
        <Descriptions.Item label={t('registry.exports.rowCount')}>{formatCount(x.rowCount, i18n.language)}</Descriptions.Item>
        <Descriptions.Item label={t('registry.exports.columns')}>
          {x.columns.map((c) => (
            <Tag key={c} color={x.unmasked.includes(c as never) ? 'red' : undefined}>
              {col(c)}
              {x.unmasked.includes(c as never) ? withNote('', t('registry.exports.unmasked'), i18n.language) : ''}
            </Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('registry.exports.reason')}>{x.reason}</Descriptions.Item>
        {x.approvalReasons.length > 0 && (
          <Descriptions.Item label={t('registry.exports.needsApproval')}>
            {x.approvalReasons.map((r) => (
              <Tag key={r}>{t(`registry.exports.reasons.${r}`, { defaultValue: r })}</Tag>
            ))}
          </Descriptions.Item>
        )}
        {x.decision && (
          <Descriptions.Item label={t('registry.exports.decidedBy')}>
            {withNote(labelled(x.decision.by.displayName, x.decision.note ?? '', i18n.language), dayjs(x.decision.at).format('YYYY-MM-DD HH:mm'), i18n.language)}
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

/** 导出与审批: the user's own export requests (download when ready) and the ones waiting for their approval. */
export function ExportsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [deciding, setDeciding] = useState<{ x: ExportView; decision: 'approve' | 'reject' } | null>(null);
  const [form] = Form.useForm<{ note: string }>();
  usePageTitle(t('registry.exports.title'));

  const list = useQuery({ queryKey: ['registry', 'exports'], queryFn: ({ signal }) => listExports(signal) });
  const decide = useMutation({
    mutationFn: (v: { note: string }) => decideExport(deciding!.x.id, { decision: deciding!.decision, note: v.note.trim() }),
    onSuccess: (x) => {
      // Say what happened and what the requester now sees (it said only 已处理).
      void message.success(t(x.status === 'rejected' ? 'registry.exports.decisionRejected' : 'registry.exports.decisionApproved'));
      setDeciding(null);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['registry', 'exports'] });
    },
    onError: (e) => applyFieldErrors(form, e, i18n.language, ['note']),
  });

  const items = list.data?.items ?? [];
  const requestEntry = exportRequestEntry(me.permissions);
  const toApprove = items.filter((x) => x.canDecide);
  const mine = items.filter((x) => x.requester.id === me.id);
  const decided = items.filter((x) => x.decision?.by.id === me.id);

  const section = (title: string, rows: ExportView[], empty: string, testId: string) => (
    <section style={{ marginBottom: 24 }} data-testid={testId}>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {withNote(title, String(rows.length), i18n.language)}
      </Typography.Title>
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
      ) : (
        <div className="rx-reg-export-grid">
          {rows.map((x) => (
            <ExportCard
              key={x.id}
              x={x}
              onDecide={(e, d) => setDeciding({ x: e, decision: d })}
              // The file can be fetched once: refresh the list after the browser started the download.
              onDownload={() => window.setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['registry', 'exports'] }), 1500)}
            />
          ))}
        </div>
      )}
    </section>
  );

  return (
    <div>
      <Typography.Title level={1} className="rx-page-title">
        {t('registry.exports.title')}
      </Typography.Title>
      {requestEntry && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="export-request-entry"
          title={t('registry.exports.requestHint')}
          description={<Link to={requestEntry.to}>{t('registry.exports.requestLink')}</Link>}
        />
      )}
      {list.error && (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 16 }} />
      )}
      {list.isPending ? (
        <Spin />
      ) : (
        <>
          {(me.permissions.includes('export:approve') || toApprove.length > 0) && section(t('registry.exports.toApprove'), toApprove, t('registry.exports.noneToApprove'), 'exports-to-approve')}
          {(me.permissions.includes('resident:export') || mine.length > 0) && section(t('registry.exports.mine'), mine, t('registry.exports.noneMine'), 'exports-mine')}
          {decided.length > 0 && section(t('registry.exports.decided'), decided, '', 'exports-decided')}
        </>
      )}
      <Modal
        open={!!deciding}
        title={deciding?.decision === 'approve' ? t('registry.exports.decideTitleApprove') : t('registry.exports.decideTitleReject')}
        onCancel={() => {
          setDeciding(null);
          decide.reset();
        }}
        okText={deciding?.decision === 'approve' ? t('registry.exports.approve') : t('registry.exports.reject')}
        okButtonProps={{ danger: deciding?.decision === 'reject', loading: decide.isPending }}
        cancelText={t('registry.exports.cancel')}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        {decide.error && !(decide.error as { details?: unknown[] }).details?.length && (
          <Alert type="error" showIcon role="alert" title={errorText(decide.error, t, i18n.language)} style={{ marginBottom: 12 }} />
        )}
        <Form form={form} layout="vertical" onFinish={(v) => decide.mutate(v)}>
          <Form.Item name="note" label={t('registry.exports.note')} rules={[{ required: true, whitespace: true, min: 2, message: t('registry.exports.noteRequired') }]}>
            <Input.TextArea rows={3} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
