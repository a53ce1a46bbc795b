// 多方协同 (partner:read; ADR 0091): 协同单位 — the community's (and street's) partner units with the social
// organisations' count (registered / filed), 登记单位 with partner:manage; 责任矩阵 — the paper table: a row per task type,
// a column per unit, each cell 牵头 / 配合 / 知会 (one lead per task type: the server's 409 is said in words); 服务统计 —
// times and people served per service and organisation.
import { useState } from 'react';
import { App, Button, Empty, Form, Input, Radio, Select, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { Figure, Figures } from '../../lib/figures-card';
import { useMutation } from '../../lib/single-flight';
import { DataTable } from '../../lib/table';
import { useUrlState } from '../../lib/url-state';
import {
  createUnit, DUTY_ROLES, getMatrix, getTotals, listUnits, NAME_MAX, NOTE_MAX, PARTNERS_KEY, setDuty, UNIT_KINDS, type DutyRole, type Matrix, type Unit,
} from './api';
import { isValidCreditCode, matrixRows, unitInput, type UnitValues } from './partners.logic';

const KIND_COLOURS: Record<string, string> = {
  party: 'red', residents_committee: 'volcano', owners_committee: 'orange', property: 'gold', social_org: 'green', volunteer_team: 'cyan', resident_unit: 'blue',
};

export function PartnersPage() {
  const { t } = useTranslation();
  usePageTitle(t('partners.title'));
  const [params, update] = useUrlState();
  const tab = params.get('tab') ?? 'registry';
  const setTab = (k: string) => update({ tab: k === 'registry' ? null : k }, { replace: true });
  return (
    <div className="rx-partners" data-testid="partners-page">
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('partners.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('partners.description')}</Typography.Paragraph>
      <Tabs activeKey={tab} onChange={setTab} items={[
        { key: 'registry', label: <span data-testid="partners-tab-registry">{t('partners.tabs.registry')}</span>, children: <Registry /> },
        { key: 'matrix', label: <span data-testid="partners-tab-matrix">{t('partners.tabs.matrix')}</span>, children: <MatrixTab /> },
        { key: 'totals', label: <span data-testid="partners-tab-totals">{t('partners.tabs.totals')}</span>, children: <TotalsTab /> },
      ]} />
    </div>
  );
}

function Registry() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: [...PARTNERS_KEY, 'units'], queryFn: ({ signal }) => listUnits(signal) });
  const [adding, setAdding] = useState(false);
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  return (
    <>
      <Figures>
        <Figure testId="partners-social-total" value={d.socialOrgs.total} label={t('partners.kinds.social_org')} />
        <Figure testId="partners-social-registered" value={d.socialOrgs.registered} label={t('partners.regStatuses.registered')} />
        <Figure testId="partners-social-filed" value={d.socialOrgs.filed} label={t('partners.regStatuses.filed')} />
      </Figures>
      <Space wrap style={{ margin: '12px 0' }}>
        {d.canManage && <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="partners-add">{t('partners.registry.add')}</Button>}
        <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()}>{t('partners.refresh')}</Button>
      </Space>
      <DataTable<Unit> rowKey="id" dataSource={d.items} pagination={false} scroll={{ x: 720 }} size="middle" data-testid="partners-table"
        locale={{ emptyText: <Empty description={t('partners.registry.empty')} /> }}
        onRow={(u) => ({ 'data-testid': 'partners-row', 'data-name': u.name } as never)}
        columns={[
          { title: t('partners.registry.name'), dataIndex: 'name', render: (_v, u) => <Link to={`/partners/${u.id}`} data-testid="partners-open">{u.name}</Link> },
          { title: t('partners.registry.kind'), dataIndex: 'kind', render: (_v, u) => <Tag color={KIND_COLOURS[u.kind]}>{t(`partners.kinds.${u.kind}`)}</Tag> },
          {
            title: t('partners.registry.status'), dataIndex: 'regStatus',
            render: (_v, u) => <>{u.regStatus && <Tag color={u.regStatus === 'registered' ? 'green' : 'default'} data-testid="partners-status">{t(`partners.regStatuses.${u.regStatus}`)}</Tag>}
              {!u.active && <Tag>{t('partners.registry.ended')}</Tag>}{u.own === false && <Tag>{t('partners.registry.street')}</Tag>}</>,
          },
          { title: t('partners.registry.code'), dataIndex: 'creditCode', render: (v: string | null) => v ?? '' },
          { title: t('partners.registry.contact'), dataIndex: 'contactNameMasked', render: (_v, u) => [u.contactNameMasked, u.contactPhoneMasked].filter(Boolean).join(' ') },
          { title: t('partners.registry.services'), dataIndex: 'servicesNote', render: (v: string | null) => v ?? '' },
        ]} />
      {adding && <UnitModal onClose={() => setAdding(false)} />}
    </>
  );
}

function UnitModal({ onClose }: { onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<UnitValues>();
  const kind = Form.useWatch('kind', form);
  const regStatus = Form.useWatch('regStatus', form);
  const save = useMutation({
    mutationFn: (v: UnitValues) => createUnit(unitInput(v)),
    onSuccess: (u) => {
      void message.success(t('partners.form.done', { name: u.name }));
      void qc.invalidateQueries({ queryKey: PARTNERS_KEY });
      onClose();
    },
  });
  const labels = {
    kind: t('partners.registry.kind'), name: t('partners.registry.name'), regStatus: t('partners.registry.status'), creditCode: t('partners.registry.code'),
    contactName: t('partners.registry.contact'), contactPhone: t('partners.registry.phone'), servicesNote: t('partners.registry.services'),
  };
  const required = [{ required: true, whitespace: true, message: t('partners.required') }];
  return (
    <Modal open title={t('partners.form.title')} onCancel={onClose} destroyOnHidden okText={t('partners.form.ok')} cancelText={t('partners.cancel')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'partners-form-ok' } as never}
      onOk={() => void form.validateFields().then((v) => save.mutateAsync(v)).catch(() => undefined)}>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<UnitValues> form={form} layout="vertical" name="partner-unit" initialValues={{ kind: 'social_org', regStatus: 'filed' }}>
        <Form.Item name="kind" label={labels.kind} rules={[{ required: true, message: t('partners.required') }]}>
          <Select options={UNIT_KINDS.map((k) => ({ value: k, label: t(`partners.kinds.${k}`) }))} data-testid="partners-f-kind" />
        </Form.Item>
        <Form.Item name="name" label={labels.name} rules={required}><Input maxLength={NAME_MAX} data-testid="partners-f-name" /></Form.Item>
        {kind === 'social_org' && (
          <Form.Item name="regStatus" label={labels.regStatus} extra={regStatus === 'registered' ? t('partners.form.codeHint') : t('partners.form.filedHint')}>
            <Radio.Group optionType="button" data-testid="partners-f-status"
              options={(['registered', 'filed'] as const).map((s) => ({ value: s, label: t(`partners.regStatuses.${s}`) }))} />
          </Form.Item>
        )}
        {kind === 'social_org' && regStatus === 'registered' && (
          <Form.Item name="creditCode" label={labels.creditCode} rules={[...required, {
            validator: (_r, v: string | undefined) => (!v || isValidCreditCode(v) ? Promise.resolve() : Promise.reject(new Error(t('partners.form.codeInvalid')))),
          }]}>
            <Input maxLength={18} style={{ textTransform: 'uppercase' }} data-testid="partners-f-code" />
          </Form.Item>
        )}
        <Space wrap>
          <Form.Item name="contactName" label={labels.contactName}><Input maxLength={20} data-testid="partners-f-contact" /></Form.Item>
          <Form.Item name="contactPhone" label={labels.contactPhone}><Input maxLength={20} inputMode="tel" data-testid="partners-f-phone" /></Form.Item>
        </Space>
        <Form.Item name="servicesNote" label={labels.servicesNote}><Input maxLength={NOTE_MAX} data-testid="partners-f-services" /></Form.Item>
      </Form>
    </Modal>
  );
}

function MatrixTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = [...PARTNERS_KEY, 'matrix'];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => getMatrix(signal) });
  const save = useMutation({
    mutationFn: (b: { unitId: string; taskKind: string; role: DutyRole | null }) => setDuty(b),
    onSuccess: (m) => {
      qc.setQueryData(key, m);
      void message.success(t('partners.matrix.saved'));
    },
  });
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const m: Matrix = q.data;
  if (!m.units.length) return <Empty description={t('partners.matrix.noUnits')} />;
  const rows = matrixRows(m.cells);
  const roleTag = (r: DutyRole | undefined) => (r ? <Tag color={r === 'lead' ? 'red' : r === 'support' ? 'blue' : 'default'}>{t(`partners.roles.${r}`)}</Tag> : t('partners.roles.none'));
  return (
    <>
      <Typography.Paragraph type="secondary">{t('partners.matrix.hint')}</Typography.Paragraph>
      {save.isError && <ErrorAlert error={save.error} style={{ marginBottom: 12 }} />}
      <DataTable<Matrix['taskKinds'][number]> rowKey="code" dataSource={m.taskKinds} pagination={false} bordered size="small" scroll={{ x: 160 + m.units.length * 120 }}
        className="rx-partners-matrix" data-testid="partners-matrix"
        onRow={(k) => ({ 'data-testid': 'matrix-row', 'data-kind': k.code } as never)}
        columns={[
          { title: t('partners.matrix.taskKind'), dataIndex: 'code', fixed: 'left', width: 120, render: (c: string) => <strong>{t(`partners.taskKinds.${c}`, { defaultValue: c })}</strong> },
          ...m.units.map((u) => ({
            title: <span title={t(`partners.kinds.${u.kind}`)}>{u.name}</span>, key: u.id, width: 120,
            render: (_v: unknown, k: { code: string }) => {
              const role = rows.get(k.code)?.get(u.id);
              if (!m.canManage) return <span data-testid="matrix-cell" data-unit={u.name}>{roleTag(role)}</span>;
              return (
                <Select size="small" value={role ?? ''} style={{ width: 92 }} data-testid="matrix-cell" data-unit={u.name} aria-label={`${t(`partners.taskKinds.${k.code}`, { defaultValue: k.code })} · ${u.name}`}
                  disabled={save.isPending} onChange={(v: string) => save.mutate({ unitId: u.id, taskKind: k.code, role: (v || null) as DutyRole | null })}
                  options={[{ value: '', label: t('partners.roles.none') }, ...DUTY_ROLES.map((r) => ({ value: r, label: t(`partners.roles.${r}`) }))]} />
              );
            },
          })),
        ]} />
    </>
  );
}

function TotalsTab() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: [...PARTNERS_KEY, 'totals'], queryFn: ({ signal }) => getTotals(signal) });
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const cats = d.byCategory.filter((c) => c.records > 0);
  if (!cats.length) return <Empty description={t('partners.totals.empty')} />;
  return (
    <>
      <Figures>
        {cats.map((c) => <Figure key={c.category} testId={`partners-total-${c.category}`} value={c.served} label={`${t(`partners.categories.${c.category}`)} · ${t('partners.totals.served')}`} />)}
      </Figures>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>{t('partners.totals.byUnit')}</Typography.Title>
      <DataTable rowKey="unitId" dataSource={d.byUnit} pagination={false} size="small"
        columns={[
          { title: t('partners.registry.name'), dataIndex: 'name', render: (v: string, u: { unitId: string }) => <Link to={`/partners/${u.unitId}`}>{v}</Link> },
          { title: t('partners.totals.records'), dataIndex: 'records', align: 'right' },
          { title: t('partners.totals.served'), dataIndex: 'served', align: 'right', render: (v: number) => v.toLocaleString('zh-CN') },
        ]} />
    </>
  );
}
