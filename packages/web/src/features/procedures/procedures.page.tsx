// 工作规程 (procedure:read; ADR 0088): the procedures that apply to one or lie in one's area — category, the current
// version with who published it when, the runs open and done in one's area, a waiting draft — filtered by category and
// a search text (kept in the address); 新建规程 for procedure:manage.
import { useState } from 'react';
import { App, Button, Empty, Form, Input, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { shanghaiMinute } from '../../lib/shanghai-time';
import { useMutation } from '../../lib/single-flight';
import { useUrlState } from '../../lib/url-state';
import { createProcedure, listProcedures, PROCEDURE_CATEGORIES, PROCEDURES_KEY, PURPOSE_MAX, TITLE_MAX, type ProcedureCategory } from './api';
import { filtersOf, matches } from './procedures.logic';

export function ProceduresPage() {
  const { t } = useTranslation();
  usePageTitle(t('procedures.title'));
  const canManage = hasPermission(useMe(), 'procedure:manage');
  const [params, setParams] = useUrlState();
  const f = filtersOf(params);
  const q = useQuery({ queryKey: [...PROCEDURES_KEY, 'list', f.category], queryFn: ({ signal }) => listProcedures(f.category, signal), placeholderData: keepPreviousData });
  const [creating, setCreating] = useState(false);
  const items = q.data?.items.filter((p) => matches(p, f.q)) ?? [];
  return (
    <div className="rx-proc-page" data-testid="procedures-page">
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('procedures.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('procedures.description')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('procedures.list.category')} aria-label={t('procedures.list.category')} style={{ minWidth: 120 }} value={f.category ?? undefined}
          onChange={(v?: ProcedureCategory) => setParams({ category: v ?? null }, { replace: true })} data-testid="proc-category-filter"
          options={PROCEDURE_CATEGORIES.map((c) => ({ value: c, label: t(`procedures.categories.${c}`) }))} />
        <Input.Search allowClear placeholder={t('procedures.list.search')} aria-label={t('procedures.list.search')} defaultValue={f.q} style={{ width: 220 }}
          onSearch={(v) => setParams({ q: v.trim() || null }, { replace: true })} data-testid="proc-search" />
        <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()}>{t('procedures.refresh')}</Button>
        {canManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="proc-new">{t('procedures.list.new')}</Button>}
      </Space>
      {q.isPending ? <Skeleton active /> : q.isError ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} /> : !items.length ? (
        <Empty description={t('procedures.list.empty')} data-testid="proc-empty" />
      ) : (
        <ul className="rx-proc-list" data-testid="proc-list">
          {items.map((p) => (
            <li key={p.id} className="rx-card rx-proc-card" data-testid="proc-card" data-title={p.title}>
              <Link to={`/procedures/${p.id}`} className="rx-proc-card-title">{p.title}</Link>
              <div className="rx-proc-tags">
                <Tag>{t(`procedures.categories.${p.category}`)}</Tag>
                {p.current ? <Tag color="green" data-testid="proc-current">{t('procedures.versionN', { n: p.current.number })}</Tag> : <Tag>{t('procedures.list.noCurrent')}</Tag>}
                {p.hasDraft && <Tag color="blue">{t('procedures.list.hasDraft')}</Tag>}
                <span className="rx-proc-quiet">{t('procedures.list.org', { name: p.org.name })}</span>
              </div>
              {p.current?.publishedAt && <div className="rx-proc-quiet">{t('procedures.list.published', { name: p.current.publishedBy?.name ?? '', at: shanghaiMinute(p.current.publishedAt) })}</div>}
              <div data-testid="proc-runs">{t('procedures.list.runs', { open: p.runs.open, done: p.runs.done })}</div>
              {p.purpose && <div className="rx-proc-quiet">{p.purpose}</div>}
            </li>
          ))}
        </ul>
      )}
      {creating && <CreateModal onClose={() => setCreating(false)} />}
    </div>
  );
}

function CreateModal({ onClose }: { onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  type V = { title?: string; category?: ProcedureCategory; purpose?: string };
  const [form] = Form.useForm<V>();
  const create = useMutation({
    mutationFn: (v: V) => createProcedure({ title: (v.title ?? '').trim(), category: v.category ?? 'other', ...(v.purpose?.trim() ? { purpose: v.purpose.trim() } : {}) }),
    onSuccess: (d) => {
      void message.success(t('procedures.create.done'));
      void qc.invalidateQueries({ queryKey: PROCEDURES_KEY });
      onClose();
      void navigate(`/procedures/${d.procedure.id}`);
    },
  });
  const labels = { title: t('procedures.create.name'), category: t('procedures.create.category'), purpose: t('procedures.create.purpose') };
  return (
    <Modal open title={t('procedures.create.title')} onCancel={onClose} destroyOnHidden okText={t('procedures.create.ok')} cancelText={t('procedures.cancel')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'proc-create-ok' } as never}
      onOk={() => void form.validateFields().then((v) => create.mutateAsync(v)).catch(() => undefined)}>
      {create.isError && <ErrorAlert error={create.error} form={form} labels={labels} />}
      <Typography.Paragraph type="secondary">{t('procedures.create.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ category: 'screening' }}>
        <Form.Item name="title" label={labels.title} rules={[{ required: true, whitespace: true, message: t('procedures.required') }]}>
          <Input maxLength={TITLE_MAX} data-testid="proc-create-title" />
        </Form.Item>
        <Form.Item name="category" label={labels.category} rules={[{ required: true, message: t('procedures.required') }]}>
          <Select options={PROCEDURE_CATEGORIES.map((c) => ({ value: c, label: t(`procedures.categories.${c}`) }))} data-testid="proc-create-category" />
        </Form.Item>
        <Form.Item name="purpose" label={labels.purpose} extra={t('procedures.editor.noPersonal')}>
          <Input.TextArea rows={2} maxLength={PURPOSE_MAX} data-testid="proc-create-purpose" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
