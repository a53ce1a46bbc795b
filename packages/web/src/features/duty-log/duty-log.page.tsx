// 值班日志 / Duty log (duty-log:read; writing duty-log:write; ADR 0070): what happened on duty in the caller's area and
// below, newest first, filtered by category, area, days and words (in the address, so a link shows the same list); a
// form at the top to add an entry. Append-only: a mistake is put right by another entry, as in a paper log.
// 待跟进 (ADR 0071): an entry may ask the next shift to follow something up; it stays on the open list (a filter, its
// count beside it) until a later entry settles it (办结, from the item's own button).
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, DatePicker, Empty, Form, Input, Pagination, Radio, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { ColumnsType } from 'antd/es/table';
import { FileTextOutlined, ReloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { hasPermission, useMe } from '../../auth/session';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { AreaPicker } from '../../lib/area-picker';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { roleLabel } from '../../lib/labels';
import { formatCount } from '../../lib/numbers';
import { useMutation } from '../../lib/single-flight';
import { DataTable } from '../../lib/table';
import { useUrlState } from '../../lib/url-state';
import { areaLoader, DUTY_CATEGORIES, DUTY_CONTENT_MAX, DUTY_LOG_KEY, DUTY_PAGE_SIZE, dutyOpenCount, fetchAlertRef, listDutyLog, writeDutyEntry, type DutyCategory, type DutyEntry, type DutyFilters } from './api';
import { alertLabel, contentProblem, filtersFromParams, followUpState, handoverFromParams, hasFilters, isFutureTime, paramsFromFilters, writtenLater } from './duty-log.logic';
import { HandoverSheet } from './handover-sheet';

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

/** Where the entry stands as a follow-up item: 待跟进 or 已办结 (nothing when none was asked). */
function FollowUpTag({ e }: { e: DutyEntry }) {
  const { t } = useTranslation();
  const state = followUpState(e);
  if (state === 'open') return <Tag color="gold" data-testid="duty-open">{t('dutyLog.followUp.open')}</Tag>;
  if (state === 'settled') return <Tag color="green" data-testid="duty-settled">{t('dutyLog.followUp.settled')}</Tag>;
  return null;
}

/** Under the text: the alert it is about (a link), who settled the item and when, or which item this entry settled. */
function EntryNotes({ e }: { e: DutyEntry }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {e.warningAlert && (
        <Link to={`/warnings/alerts/${e.warningAlert.id}`} style={{ display: 'block', fontSize: 12, marginTop: 4 }} data-testid="duty-alert-link">
          {t('dutyLog.alert.about', { alert: alertLabel(e.warningAlert, i18n.language) })}
        </Link>
      )}
      {e.settledBy && (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }} data-testid="duty-settled-by">
          {t('dutyLog.followUp.settledBy', { name: e.settledBy.authorName, at: at(e.settledBy.occurredAt) })}
        </Typography.Text>
      )}
      {e.closes && (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }} data-testid="duty-closes">
          {t('dutyLog.followUp.closes', { at: at(e.closes.occurredAt), category: t(`dutyLog.categories.${e.closes.category}`) })}
        </Typography.Text>
      )}
    </>
  );
}

/** The entry text's check before sending: what the server refuses (empty, too long, an ID or mobile number). */
function useContentRules() {
  const { t, i18n } = useTranslation();
  return [{
    validator: async (_: unknown, v: string | undefined) => {
      const p = contentProblem(v);
      if (p) throw new Error(t(`dutyLog.write.problems.${p}`, { max: formatCount(DUTY_CONTENT_MAX, i18n.language) }));
    },
  }];
}

/**
 * One key per body: sending the same entry again after a lost answer lands once; a changed text is another entry
 * (the server refuses a key reused for a different body). `done()` after a success: the next entry gets a new key.
 */
function useEntryKey() {
  const key = useRef({ body: '', id: crypto.randomUUID() });
  return {
    for(body: object) {
      const text = JSON.stringify(body);
      if (text !== key.current.body) key.current = { body: text, id: crypto.randomUUID() };
      return key.current.id;
    },
    done() {
      key.current = { body: '', id: crypto.randomUUID() };
    },
  };
}

type SettleValues = { content: string; followUp?: boolean };

/** 办结: a later entry that says what was done about an open item (the item itself is never changed). */
function SettleModal({ entry, onClose }: { entry: DutyEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SettleValues>();
  const contentRules = useContentRules();
  // Mounted only while open: the focus goes back to the 办结 button when it closes.
  useFocusReturn();
  const key = useEntryKey();
  const save = useMutation({
    mutationFn: (v: SettleValues) => {
      const body = { category: entry.category, content: v.content.trim(), closesId: entry.id, ...(v.followUp ? { followUp: true } : {}) };
      return writeDutyEntry(body, key.for(body));
    },
    onSuccess: () => {
      key.done();
      void message.success(t('dutyLog.settle.saved'));
      void queryClient.invalidateQueries({ queryKey: DUTY_LOG_KEY });
      onClose();
    },
    // Settled meanwhile by someone else: the list shows who did, once refreshed.
    onError: () => void queryClient.invalidateQueries({ queryKey: DUTY_LOG_KEY }),
  });
  return (
    <Modal
      open
      title={t('dutyLog.settle.title')}
      okText={t('dutyLog.settle.submit')}
      cancelText={t('dutyLog.settle.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Card size="small" style={{ marginBottom: 12, background: 'var(--ant-color-fill-quaternary)' }} data-testid="settle-item">
        <Space size={6} wrap><CategoryTag c={entry.category} /><span>{at(entry.occurredAt)}</span><Author e={entry} /></Space>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0 0' }}>{entry.content}</Typography.Paragraph>
      </Card>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={{ content: t('dutyLog.settle.content') }} />}
      <Form<SettleValues> form={form} name="dutySettle" layout="vertical" onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}>
        <Form.Item
          name="content"
          label={t('dutyLog.settle.content')}
          required
          rules={contentRules}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} showCount maxLength={DUTY_CONTENT_MAX} placeholder={t('dutyLog.settle.placeholder')} />
        </Form.Item>
        <Form.Item name="followUp" valuePropName="checked" style={{ marginBottom: 0 }}>
          <Checkbox>{t('dutyLog.settle.handOn')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

type WriteValues = { category: DutyCategory; occurredAt?: Dayjs | null; content: string; followUp?: boolean };

/** `about`: the warning alert the next entry is about (from the alert's page: ?about=…); `onAboutDone` drops it. */
function WriteCard({ about, onAboutDone }: { about: string | undefined; onAboutDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<WriteValues>();
  const contentRules = useContentRules();
  const key = useEntryKey();
  const alert = useQuery({ queryKey: ['duty-log', 'about', about], queryFn: ({ signal }) => fetchAlertRef(about!, signal), enabled: !!about, retry: false });
  const linked = about && alert.data ? alert.data : undefined;
  // An entry about an alert is an incident unless the writer says otherwise.
  useEffect(() => {
    if (linked) form.setFieldValue('category', 'incident');
  }, [linked, form]);
  const save = useMutation({
    mutationFn: (v: WriteValues) => {
      const body = {
        category: v.category, content: v.content.trim(), ...(v.occurredAt ? { occurredAt: v.occurredAt.toISOString() } : {}), ...(v.followUp ? { followUp: true } : {}),
        ...(linked ? { warningAlertId: linked.id } : {}),
      };
      return writeDutyEntry(body, key.for(body));
    },
    onSuccess: () => {
      key.done();
      if (about) onAboutDone();
      form.resetFields();
      void message.success(t('dutyLog.write.saved'));
      void queryClient.invalidateQueries({ queryKey: DUTY_LOG_KEY });
    },
  });
  return (
    <Card size="small" title={t('dutyLog.write.title')} style={{ marginBottom: 16 }} data-testid="duty-write">
      {about && alert.isError && <ErrorAlert error={alert.error} title={t('dutyLog.alert.notLoaded')} />}
      {linked && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="duty-write-about"
          title={t('dutyLog.alert.writing', { alert: alertLabel(linked, i18n.language) })}
          action={<Button size="small" onClick={onAboutDone}>{t('dutyLog.alert.unlink')}</Button>}
        />
      )}
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
          rules={contentRules}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} showCount maxLength={DUTY_CONTENT_MAX} placeholder={t('dutyLog.write.placeholder')} />
        </Form.Item>
        <Form.Item name="followUp" valuePropName="checked" extra={t('dutyLog.write.followUpHelp')}>
          <Checkbox>{t('dutyLog.write.followUp')}</Checkbox>
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
  const handover = useMemo(() => handoverFromParams(params), [params]);
  const [search, setSearch] = useState(f.q ?? '');
  const list = useQuery({
    queryKey: [...DUTY_LOG_KEY, f],
    queryFn: ({ signal }) => listDutyLog(f, signal),
    placeholderData: keepPreviousData,
    enabled: !handover,
  });
  // Every change of a filter goes back to page 1; from the latest params, so two quick changes keep each other.
  const openCount = useQuery({ queryKey: [...DUTY_LOG_KEY, 'open-count', f.orgId ?? ''], queryFn: ({ signal }) => dutyOpenCount(f.orgId, signal) });
  const mayWrite = hasPermission(me, 'duty-log:write');
  const [settling, setSettling] = useState<DutyEntry | null>(null);
  const settleButton = (e: DutyEntry) => mayWrite && followUpState(e) === 'open' && (
    <Button size="small" onClick={() => setSettling(e)} data-testid="duty-settle">{t('dutyLog.settle.open')}</Button>
  );
  const set = (patch: Partial<DutyFilters>) => setParams((prev) => paramsFromFilters({ ...filtersFromParams(prev), page: 1, ...patch }));
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const filteredArea = f.orgId ? items.find((e) => e.orgId === f.orgId)?.orgName : undefined;

  const columns: ColumnsType<DutyEntry> = [
    { title: t('dutyLog.cols.occurredAt'), key: 'at', width: 150, render: (_, e) => <When e={e} /> },
    { title: t('dutyLog.cols.category'), key: 'category', width: 110, render: (_, e) => <Space orientation="vertical" size={4}><CategoryTag c={e.category} /><FollowUpTag e={e} /></Space> },
    { title: t('dutyLog.cols.area'), dataIndex: 'orgName', width: 130 },
    { title: t('dutyLog.cols.author'), key: 'author', width: 210, render: (_, e) => <Author e={e} /> },
    { title: t('dutyLog.cols.content'), key: 'content', render: (_, e) => <><span style={{ whiteSpace: 'pre-wrap' }}>{e.content}</span><EntryNotes e={e} /></> },
    ...(mayWrite ? [{ title: t('dutyLog.cols.actions'), key: 'actions', width: 90, render: (_: unknown, e: DutyEntry) => settleButton(e) }] : []),
  ];

  // The handover sheet (交接单) is a view of this page in the address (?view=handover&hours=…): Back returns to the list
  // with its filters; the sheet covers the area chosen in them.
  if (handover) {
    return (
      <HandoverSheet
        orgId={f.orgId}
        areaName={f.orgId ? filteredArea : me.org.name}
        hours={handover.hours}
        onHours={(hours) => setParams({ hours }, { replace: true })}
        onClose={() => setParams({ view: null, hours: null })}
      />
    );
  }

  return (
    <div data-testid="duty-log-page">
      <Typography.Title level={1} style={{ margin: 0, fontSize: 24 }}>{t('dutyLog.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('dutyLog.description')}</Typography.Paragraph>

      {mayWrite && <WriteCard about={params.get('about') || undefined} onAboutDone={() => setParams({ about: null }, { replace: true })} />}
      {settling && <SettleModal entry={settling} onClose={() => setSettling(null)} />}

      <Card size="small" title={t('dutyLog.filters')} style={{ marginBottom: 16 }}>
        <Space wrap size={[12, 12]} style={{ width: '100%' }}>
          <Radio.Group
            optionType="button"
            aria-label={t('dutyLog.followUp.filter')}
            value={f.followUp ?? 'all'}
            onChange={(e) => set({ followUp: e.target.value === 'open' ? 'open' : undefined })}
            options={[
              { value: 'all', label: t('dutyLog.followUp.all') },
              {
                value: 'open',
                label: <span data-testid="duty-open-filter">{openCount.data ? t('dutyLog.followUp.openCount', { n: formatCount(openCount.data.open, i18n.language) }) : t('dutyLog.followUp.open')}</span>,
              },
            ]}
          />
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
          {f.warningAlertId && (
            <Tag closable onClose={() => set({ warningAlertId: undefined })} data-testid="duty-alert-filter" style={{ marginInlineEnd: 0, paddingBlock: 4 }}>
              {t('dutyLog.alert.filter')}
            </Tag>
          )}
          <Button onClick={() => { setSearch(''); setParams(() => new URLSearchParams()); }} disabled={!hasFilters(f)}>{t('dutyLog.reset')}</Button>
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>{t('dutyLog.refresh')}</Button>
          <Button icon={<FileTextOutlined />} onClick={() => setParams({ view: 'handover' })} data-testid="duty-handover-open">{t('dutyLog.handover.open')}</Button>
        </Space>
      </Card>

      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={f.followUp === 'open' && !hasFilters({ ...f, followUp: undefined }) ? t('dutyLog.followUp.none') : hasFilters(f) ? t('dutyLog.emptyFiltered') : t('dutyLog.empty')} />
      ) : isMobile ? (
        <Space orientation="vertical" style={{ width: '100%' }} size={12} data-testid="duty-cards">
          {items.map((e) => (
            <Card key={e.id} size="small" title={<Space size={6}><CategoryTag c={e.category} /><FollowUpTag e={e} /><When e={e} /></Space>} extra={settleButton(e)}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '0 0 8px' }}>{e.content}<EntryNotes e={e} /></Typography.Paragraph>
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
