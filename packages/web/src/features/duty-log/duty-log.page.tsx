// 值班日志 / Duty log (duty-log:read; writing duty-log:write; ADR 0070): what happened on duty in the caller's area and
// below, newest first, filtered by category, area, days and words (in the address, so a link shows the same list); a
// form at the top to add an entry. Append-only: a mistake is put right by another entry, as in a paper log.
import { useMemo, useRef, useState } from 'react';
import { App, Button, Card, DatePicker, Empty, Form, Input, Pagination, Radio, Select, Skeleton, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../auth/session';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { AreaPicker } from '../../lib/area-picker';
import { ErrorAlert } from '../../lib/error-alert';
import { roleLabel } from '../../lib/labels';
import { formatCount } from '../../lib/numbers';
import { useMutation } from '../../lib/single-flight';
import { DataTable } from '../../lib/table';
import { useUrlState } from '../../lib/url-state';
import { areaLoader, DUTY_CATEGORIES, DUTY_CONTENT_MAX, DUTY_LOG_KEY, DUTY_PAGE_SIZE, listDutyLog, writeDutyEntry, type DutyCategory, type DutyEntry, type DutyFilters } from './api';
import { contentProblem, filtersFromParams, hasFilters, isFutureTime, paramsFromFilters, writtenLater } from './duty-log.logic';

const AREA_PICKER_KEY = ['duty-log', 'areas'] as const;
const CATEGORY_COLORS: Record<DutyCategory, string> = { shift: 'blue', incident: 'red', dispatch: 'orange', meeting: 'purple', other: 'default' };
const at = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

function CategoryTag({ c }: { c: DutyCategory }) {
  const { t } = useTranslation();
  return <Tag color={CATEGORY_COLORS[c]}>{t(`dutyLog.categories.${c}`)}</Tag>;
}

/** The time it happened, and when it was written down if that was later (补记于 …). */
function When({ e }: { e: DutyEntry }) {
  const { t } = useTranslation();
  return (
    <>
      <span>{at(e.occurredAt)}</span>
      {writtenLater(e) && (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="duty-written-later">
          {t('dutyLog.writtenAt', { at: at(e.createdAt) })}
        </Typography.Text>
      )}
    </>
  );
}

const Author = ({ e }: { e: DutyEntry }) => {
  const { t } = useTranslation();
  return <>{e.authorName}<Typography.Text type="secondary"> · {roleLabel(e.authorRole, t)}</Typography.Text></>;
};

type WriteValues = { category: DutyCategory; occurredAt?: Dayjs | null; content: string };

function WriteCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<WriteValues>();
  // One key per entry: sending the same entry again after a lost answer lands once; a changed text is another entry
  // (the server refuses a key reused for a different body).
  const key = useRef({ body: '', id: crypto.randomUUID() });
  const save = useMutation({
    mutationFn: (v: WriteValues) => {
      const body = { category: v.category, content: v.content.trim(), ...(v.occurredAt ? { occurredAt: v.occurredAt.toISOString() } : {}) };
      const text = JSON.stringify(body);
      if (text !== key.current.body) key.current = { body: text, id: crypto.randomUUID() };
      return writeDutyEntry(body, key.current.id);
    },
    onSuccess: () => {
      key.current = { body: '', id: crypto.randomUUID() };
      form.resetFields();
      void message.success(t('dutyLog.write.saved'));
      void queryClient.invalidateQueries({ queryKey: DUTY_LOG_KEY });
    },
  });
  return (
    <Card size="small" title={t('dutyLog.write.title')} style={{ marginBottom: 16 }} data-testid="duty-write">
      {save.isError && <ErrorAlert error={save.error} form={form} labels={{ content: t('dutyLog.write.content'), occurredAt: t('dutyLog.write.occurredAt') }} />}
      <Form<WriteValues> form={form} name="dutyWrite" layout="vertical" initialValues={{ category: 'shift' }} onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}>
        <Form.Item name="category" label={t('dutyLog.write.category')} required>
          <Radio.Group optionType="button" options={DUTY_CATEGORIES.map((c) => ({ value: c, label: t(`dutyLog.categories.${c}`) }))} />
        </Form.Item>
        <Form.Item
          name="occurredAt"
          label={t('dutyLog.write.occurredAt')}
          extra={t('dutyLog.write.occurredAtHelp')}
          rules={[{ validator: async (_, v: Dayjs | null | undefined) => { if (v && isFutureTime(v.toDate(), new Date())) throw new Error(t('dutyLog.write.future')); } }]}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder={t('dutyLog.write.now')} disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item
          name="content"
          label={t('dutyLog.write.content')}
          required
          rules={[{
            validator: async (_, v: string | undefined) => {
              const p = contentProblem(v);
              if (p) throw new Error(t(`dutyLog.write.problems.${p}`, { max: formatCount(DUTY_CONTENT_MAX, i18n.language) }));
            },
          }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} showCount maxLength={DUTY_CONTENT_MAX} placeholder={t('dutyLog.write.placeholder')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('dutyLog.write.submit')}</Button>
      </Form>
    </Card>
  );
}

export function DutyLogPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('dutyLog.title'));
  const me = useMe();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const f = useMemo(() => filtersFromParams(params), [params]);
  const [search, setSearch] = useState(f.q ?? '');
  const list = useQuery({
    queryKey: [...DUTY_LOG_KEY, f],
    queryFn: ({ signal }) => listDutyLog(f, signal),
    placeholderData: keepPreviousData,
  });
  // Every change of a filter goes back to page 1; from the latest params, so two quick changes keep each other.
  const set = (patch: Partial<DutyFilters>) => setParams((prev) => paramsFromFilters({ ...filtersFromParams(prev), page: 1, ...patch }));
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const filteredArea = f.orgId ? items.find((e) => e.orgId === f.orgId)?.orgName : undefined;

  const columns: ColumnsType<DutyEntry> = [
    { title: t('dutyLog.cols.occurredAt'), key: 'at', width: 150, render: (_, e) => <When e={e} /> },
    { title: t('dutyLog.cols.category'), key: 'category', width: 100, render: (_, e) => <CategoryTag c={e.category} /> },
    { title: t('dutyLog.cols.area'), dataIndex: 'orgName', width: 130 },
    { title: t('dutyLog.cols.author'), key: 'author', width: 210, render: (_, e) => <Author e={e} /> },
    { title: t('dutyLog.cols.content'), dataIndex: 'content', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> },
  ];

  return (
    <div data-testid="duty-log-page">
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('dutyLog.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('dutyLog.description')}</Typography.Paragraph>

      {hasPermission(me, 'duty-log:write') && <WriteCard />}

      <Card size="small" title={t('dutyLog.filters')} style={{ marginBottom: 16 }}>
        <Space wrap size={[12, 12]} style={{ width: '100%' }}>
          <Select
            aria-label={t('dutyLog.write.category')}
            style={{ width: isMobile ? '100%' : 150 }}
            value={f.category ?? ''}
            onChange={(v) => set({ category: (v || undefined) as DutyCategory | undefined })}
            options={[{ value: '', label: t('dutyLog.categoryAll') }, ...DUTY_CATEGORIES.map((c) => ({ value: c, label: t(`dutyLog.categories.${c}`) }))]}
          />
          {/* Loaded level by level (ADR 0052); nothing when the caller's area has nothing below it. */}
          <AreaPicker
            loader={areaLoader}
            cacheKey={AREA_PICKER_KEY}
            aria-label={t('dutyLog.area')}
            style={{ width: isMobile ? '100%' : 200 }}
            allowClear
            hideIfSingle
            placeholder={t('dutyLog.areaAll')}
            value={f.orgId}
            valueLabel={filteredArea ?? t('dutyLog.areaChosen')}
            onChange={(id) => set({ orgId: id })}
          />
          <DatePicker.RangePicker
            aria-label={t('dutyLog.dates')}
            placeholder={[t('dutyLog.dateFrom'), t('dutyLog.dateTo')]}
            style={isMobile ? { width: '100%' } : undefined}
            inputReadOnly={isMobile}
            value={[f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null]}
            onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
          />
          <Input.Search
            aria-label={t('dutyLog.search')}
            placeholder={t('dutyLog.search')}
            allowClear
            maxLength={50}
            style={{ width: isMobile ? '100%' : 220 }}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => set({ q: v.trim() || undefined })}
          />
          <Button onClick={() => { setSearch(''); setParams(() => new URLSearchParams()); }} disabled={!hasFilters(f)}>{t('dutyLog.reset')}</Button>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>{t('dutyLog.refresh')}</Button>
        </Space>
      </Card>

      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={hasFilters(f) ? t('dutyLog.emptyFiltered') : t('dutyLog.empty')} />
      ) : isMobile ? (
        <Space orientation="vertical" style={{ width: '100%' }} size={12} data-testid="duty-cards">
          {items.map((e) => (
            <Card key={e.id} size="small" title={<Space size={6}><CategoryTag c={e.category} /><When e={e} /></Space>}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>{e.content}</Typography.Paragraph>
              <Typography.Text type="secondary">{e.orgName} · </Typography.Text><Author e={e} />
            </Card>
          ))}
        </Space>
      ) : (
        <DataTable<DutyEntry> rowKey="id" size="middle" columns={columns} dataSource={items} pagination={false} data-testid="duty-table" />
      )}
      {total > DUTY_PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={f.page}
          pageSize={DUTY_PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          simple={isMobile}
          onChange={(page) => setParams((prev) => paramsFromFilters({ ...filtersFromParams(prev), page }))}
        />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="duty-total">
          {t('dutyLog.total', { total: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: 'center' }}>{t('dutyLog.privacy')}</Typography.Paragraph>
    </div>
  );
}
