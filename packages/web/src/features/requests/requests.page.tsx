// 上级任务 (request:read; ADR 0093): a community's inbox with deadlines and merged duplicates, and the requests recorded
// or issued in one's area with their progress; request:issue adds 登记 / 下发任务 (来文单位, title, deadline, figures
// from the catalogue, the communities).
import { useState } from 'react';
import { App, Button, Card, Checkbox, DatePicker, Empty, Form, Input, List, Radio, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { createRequest, getInbox, getMeta, getTargets, REQUESTS_KEY, type RequestInput } from './api';
import { DueTag, figName, useZh } from './shared';

export function useRequestMeta() {
  return useQuery({ queryKey: [...REQUESTS_KEY, 'meta'], queryFn: ({ signal }) => getMeta(signal), staleTime: 600_000 });
}

export function RequestsPage() {
  const { t } = useTranslation();
  usePageTitle(t('requests.title'));
  const me = useMe();
  const canIssue = hasPermission(me, 'request:issue');
  const canAnswer = hasPermission(me, 'request:answer');
  const q = useQuery({ queryKey: [...REQUESTS_KEY, 'inbox'], queryFn: ({ signal }) => getInbox(signal) });
  const [open, setOpen] = useState(false);
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  const { items, requests } = q.data;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('requests.title')}</Typography.Title>
        {canIssue && <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="rq-new">{t('requests.new')}</Button>}
      </Space>
      {canAnswer && (
        <Card title={t('requests.inbox')} size="small">
          {items.length === 0 ? <Empty description={t('requests.emptyInbox')} /> : (
            <List
              dataSource={items}
              renderItem={(i) => (
                <List.Item data-testid="rq-item">
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Space wrap>
                      <Link to={`/requests/items/${i.id}`} data-testid="rq-item-link"><Typography.Text strong>{i.request.title}</Typography.Text></Link>
                      <Tag>{i.request.sourceDept}</Tag>
                      <Tag color={i.status === 'submitted' ? 'green' : i.status === 'filled' ? 'gold' : 'default'} data-testid="rq-item-status">{t(`requests.status.${i.status}`)}</Tag>
                      <DueTag deadline={i.request.deadline} status={i.status} />
                    </Space>
                    <Typography.Text type="secondary">{i.community.name} · {i.request.figures.length} 项数据</Typography.Text>
                    {i.mergedInto && <Typography.Text type="warning" data-testid="rq-merged">{t('requests.merged', { title: i.mergedInto.title, dept: i.mergedInto.sourceDept })}</Typography.Text>}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
      <Card title={t('requests.issued')} size="small">
        {requests.length === 0 ? <Empty description={t('requests.emptyIssued')} /> : (
          <List
            dataSource={requests}
            renderItem={(r) => (
              <List.Item data-testid="rq-request">
                <Space direction="vertical" size={2}>
                  <Space wrap>
                    <Link to={`/requests/${r.id}`} data-testid="rq-request-link"><Typography.Text strong>{r.title}</Typography.Text></Link>
                    <Tag>{r.sourceDept}</Tag>
                    <Tag>{t(`requests.direction.${r.direction}`)}</Tag>
                    {r.duplicateOf && <Tag color="purple">{t('requests.duplicate')}</Tag>}
                    <DueTag deadline={r.deadline} status={r.submitted === r.total ? 'submitted' : 'todo'} />
                  </Space>
                  <Typography.Text type="secondary">{t('requests.progress', { done: r.submitted, total: r.total })}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
      {open && <IssueDialog onClose={() => setOpen(false)} community={me?.org.level === 'community'} />}
    </Space>
  );
}

type Values = { direction: 'received' | 'issued'; sourceDept: string; title: string; content?: string; deadline: { toDate(): Date }; figures: string[]; communityIds?: string[] };

function IssueDialog({ onClose, community }: { onClose: () => void; community: boolean }) {
  useFocusReturn();
  const { t } = useTranslation();
  const zh = useZh();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const meta = useRequestMeta();
  const targets = useQuery({ queryKey: [...REQUESTS_KEY, 'targets'], queryFn: ({ signal }) => getTargets(signal), enabled: !community });
  const save = useMutation({
    mutationFn: (b: RequestInput) => createRequest(b),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: REQUESTS_KEY });
      void message.success(r.request.title);
      onClose();
      navigate(`/requests/${r.request.id}`);
    },
  });
  const submit = (v: Values) => save.mutate({
    direction: v.direction, sourceDept: v.sourceDept.trim(), title: v.title.trim(), ...(v.content?.trim() ? { content: v.content.trim() } : {}),
    deadline: v.deadline.toDate().toISOString(), figures: v.figures, ...(v.communityIds?.length ? { communityIds: v.communityIds } : {}),
  });
  const req = [{ required: true, message: t('requests.form.required') }];
  return (
    <Modal open title={t('requests.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('requests.form.submit')} confirmLoading={save.isPending} okButtonProps={{ 'data-testid': 'rq-issue-ok' } as never}>
      {save.isError && <ErrorAlert error={save.error} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ direction: community ? 'received' : 'issued', figures: [] }}>
        <Form.Item name="direction" label={t('requests.form.direction')} rules={req}>
          <Radio.Group optionType="button" options={(['received', 'issued'] as const).map((d) => ({ value: d, label: t(`requests.direction.${d}`) }))} />
        </Form.Item>
        <Form.Item name="sourceDept" label={t('requests.form.sourceDept')} rules={req} extra={t('requests.form.sourceDeptHint')}><Input maxLength={30} data-testid="rq-dept" /></Form.Item>
        <Form.Item name="title" label={t('requests.form.title')} rules={req}><Input maxLength={60} data-testid="rq-title" /></Form.Item>
        <Form.Item name="content" label={t('requests.form.content')}><Input.TextArea maxLength={1000} rows={3} /></Form.Item>
        <Form.Item name="deadline" label={t('requests.form.deadline')} rules={req}><DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="rq-deadline" /></Form.Item>
        <Form.Item name="figures" label={t('requests.form.figures')} rules={req}>
          <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(160px, 1fr))', gap: 4 }} data-testid="rq-figures"
            options={(meta.data?.figures ?? []).map((f) => ({ value: f.code, label: figName(f, zh) }))} />
        </Form.Item>
        {!community && (
          <Form.Item name="communityIds" label={t('requests.form.communities')} extra={t('requests.form.allCommunities')}>
            <Select mode="multiple" allowClear options={(targets.data?.communities ?? []).map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
