// 上级任务 汇总 (request:read; ADR 0093): a request made in one's area with every community's status and, once 报送, its
// figures (corrections noted) in one table; 下载 Excel.
import { Button, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { ErrorAlert } from '../../lib/error-alert';
import { DataTable } from '../../lib/table';
import { shanghaiMinute } from '../../lib/shanghai-time';
import { getRequest, REQUESTS_KEY, requestXlsxUrl, type Item } from './api';
import { DueTag, figName, useZh } from './shared';

export function RequestTablePage() {
  const { t } = useTranslation();
  const zh = useZh();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: [...REQUESTS_KEY, 'request', id], queryFn: ({ signal }) => getRequest(id, signal) });
  usePageTitle(q.data?.request.title ?? t('requests.title'));
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  const { request: r, items } = q.data;
  const columns = [
    { key: 'community', title: t('requests.table.community'), render: (_: unknown, i: Item) => i.community.name, fixed: 'left' as const },
    { key: 'status', title: t('requests.table.status'), render: (_: unknown, i: Item) => (
      <Space size={2} wrap><Tag color={i.status === 'submitted' ? 'green' : i.status === 'filled' ? 'gold' : 'default'}>{t(`requests.status.${i.status}`)}</Tag>{i.overdue && <Tag color="red">{t('requests.due.overdue')}</Tag>}</Space>
    ) },
    ...r.figures.map((f) => ({
      key: f.code, title: figName(f, zh), align: 'right' as const,
      render: (_: unknown, i: Item) => {
        const a = i.answers?.[f.code];
        return a ? <span title={a.reason ?? undefined} data-testid={`rq-cell-${f.code}`}>{a.value}{a.reason ? ' *' : ''}</span> : '—';
      },
    })),
    { key: 'at', title: t('requests.table.submittedAt'), render: (_: unknown, i: Item) => (i.submittedAt ? shanghaiMinute(i.submittedAt) : '—') },
  ];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/requests"><ArrowLeftOutlined /> {t('requests.item.back')}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>{r.title}</Typography.Title>
      <Space wrap>
        <Tag>{r.sourceDept}</Tag>
        <Tag>{t(`requests.direction.${r.direction}`)}</Tag>
        <DueTag deadline={r.deadline} status={items.every((i) => i.status === 'submitted') ? 'submitted' : 'todo'} />
        <Button icon={<DownloadOutlined />} href={requestXlsxUrl(r.id)} download data-testid="rq-xlsx">{t('requests.table.download')}</Button>
      </Space>
      {r.content && <Typography.Paragraph>{r.content}</Typography.Paragraph>}
      <DataTable<Item> rowKey="id" size="small" columns={columns} dataSource={items} pagination={false} scroll={{ x: 'max-content' }} data-testid="rq-table" />
    </Space>
  );
}
