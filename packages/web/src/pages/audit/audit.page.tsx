import { useEffect, useMemo, useState } from 'react';
import { Alert, AutoComplete, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownOutlined, ReloadOutlined, SafetyCertificateOutlined, SearchOutlined, UpOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMutation } from '../../lib/single-flight';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { listAudit, verifyAudit } from '../../api/audit';
import { isApiError } from '../../api/client';
import type { AuditOutcome, AuditQuery, AuditRow } from '../../api/types';
import { errorText } from '../../lib/errors';
import { ErrorAlert } from '../../lib/error-alert';
import { fieldErrors, fieldStatus } from '../../lib/errors.logic';
import { auditActionLabel, auditObjectLabel, noActorLabel } from '../../lib/labels';
import { formatCount } from '../../lib/numbers';
import { useUrlState } from '../../lib/url-state';
import { zhCN } from '../../i18n/zh-CN';
import { ForbiddenPage } from '../forbidden.page';
import { AuditDetailDrawer } from './audit-detail.drawer';
import { actorText, onlyActor } from './actor-filter.logic';
import { DisclosedLink, DisclosuresDrawer } from './disclosures.drawer';
import { AnchorCard } from './anchor.card';
import { CheckpointsCard } from './checkpoints.card';
import { AuditPackCard } from './pack.card';
import { OUTCOME_COLORS, OUTCOMES } from './outcome';
import { auditTotalKey } from './total.logic';
import { useIsMobile } from '../../app/use-is-mobile';
import { hasPermission, useMe } from '../../auth/session';
import { DeletionCertificatesCard } from '../../features/deletions';
import { usePageTitle } from '../../app/use-page-title';
import { DataTable } from '../../lib/table';

const KNOWN_ACTIONS = Object.keys(zhCN.audit.actions);
const KNOWN_OBJECTS = Object.keys(zhCN.audit.objects);

/**
 * Long ids are shortened in the table to their last 8 characters (UUIDv7 ids share their time-based prefix);
 * the full value is in the tooltip and the detail drawer.
 */
function ShortId({ value }: { value: string }) {
  const short = value.length > 12 ? `…${value.slice(-8)}` : value;
  return (
    <span className="rx-mono" title={value}>
      {short}
    </span>
  );
}

const PAGE_SIZES = [20, 50, 100] as const;
const DEFAULT_PAGE_SIZE = 50;

type FilterForm = {
  from: Dayjs | null;
  to: Dayjs | null;
  actorId: string;
  action: string;
  objectType: string;
  outcome: AuditOutcome | undefined;
};

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Filters and paging live in the URL so that reload, back and shared links keep them. */
function queryFromParams(params: URLSearchParams): AuditQuery {
  const outcome = params.get('outcome');
  const pageSize = positiveInt(params.get('pageSize'), DEFAULT_PAGE_SIZE);
  return {
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    actorId: params.get('actorId') ?? undefined,
    action: params.get('action') ?? undefined,
    objectType: params.get('objectType') ?? undefined,
    outcome: OUTCOMES.find((o) => o === outcome),
    page: positiveInt(params.get('page'), 1),
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  };
}

function paramsFromQuery(query: AuditQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '' || value === null) continue;
    if (key === 'page' && value === 1) continue;
    if (key === 'pageSize' && value === DEFAULT_PAGE_SIZE) continue;
    params.set(key, String(value));
  }
  return params;
}

function formFromQuery(query: AuditQuery): FilterForm {
  return {
    from: query.from ? dayjs(query.from) : null,
    to: query.to ? dayjs(query.to) : null,
    actorId: query.actorId ?? '',
    action: query.action ?? '',
    objectType: query.objectType ?? '',
    outcome: query.outcome,
  };
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useUrlState();
  const query = useMemo(() => queryFromParams(params), [params]);
  const [form] = Form.useForm<FilterForm>();
  const [selected, setSelected] = useState<AuditRow | null>(null);
  // The row whose shown residents (ADR 0046) are open in the side drawer.
  const [disclosuresOf, setDisclosuresOf] = useState<number | null>(null);
  const isMobile = useIsMobile();
  const canPack = hasPermission(useMe(), 'audit:pack');
  const canCertificates = hasPermission(useMe(), 'retention:read');
  // On a phone the filters start folded so that the rows are visible first.
  const [filtersOpen, setFiltersOpen] = useState(() => !isMobile);
  const activeFilters = [query.from, query.to, query.actorId, query.action, query.objectType, query.outcome].filter(Boolean).length;
  usePageTitle(t('audit.title'));

  useEffect(() => {
    form.setFieldsValue(formFromQuery(query));
  }, [form, query]);

  const list = useQuery({
    queryKey: ['audit', 'list', query],
    queryFn: ({ signal }) => listAudit(query, signal),
    placeholderData: keepPreviousData,
  });

  const verify = useMutation({ mutationFn: verifyAudit });

  if (isApiError(list.error) && list.error.status === 403) return <ForbiddenPage />;

  // Each change starts from the latest params (useUrlState), not this render's `query`: quick changes do not overwrite each other.
  const onSearch = (values: FilterForm) => {
    setParams((prev) =>
      paramsFromQuery({
        from: values.from?.toISOString(),
        to: values.to?.toISOString(),
        actorId: values.actorId?.trim() || undefined,
        action: values.action?.trim() || undefined,
        objectType: values.objectType?.trim() || undefined,
        outcome: values.outcome,
        page: 1,
        pageSize: queryFromParams(prev).pageSize,
      }),
    );
  };

  const onReset = () => {
    setParams((prev) => paramsFromQuery({ page: 1, pageSize: queryFromParams(prev).pageSize }));
  };

  const brokenId = verify.data && !verify.data.ok ? verify.data.firstBrokenId : null;

  const columns: ColumnsType<AuditRow> = [
    { title: t('audit.cols.id'), dataIndex: 'id', width: 80, render: (id: number) => `#${id}` },
    {
      title: t('audit.cols.ts'),
      dataIndex: 'ts',
      width: 170,
      render: (ts: string) => <time dateTime={ts}>{dayjs(ts).format('YYYY-MM-DD HH:mm:ss')}</time>,
    },
    {
      title: t('audit.cols.actor'),
      key: 'actor',
      width: 170,
      render: (_, row) =>
        row.actorId ? (
          <div>
            <div data-testid="audit-actor">{actorText(row, t)}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <ShortId value={row.actorId} />
            </Typography.Text>
          </div>
        ) : (
          noActorLabel(row.actorRole, t)
        ),
    },
    {
      title: t('audit.cols.action'),
      dataIndex: 'action',
      width: 180,
      render: (action: string) => (
        <div>
          <div>{auditActionLabel(action, t)}</div>
          <Typography.Text type="secondary" className="rx-mono" style={{ fontSize: 12 }}>
            {action}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('audit.cols.object'),
      key: 'object',
      render: (_, row) => (
        <>
          {row.objectType ? (
            <span>
              {auditObjectLabel(row.objectType, t)}
              {row.objectId && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {' · '}
                  <ShortId value={row.objectId} />
                </Typography.Text>
              )}
              {row.count !== null && <Typography.Text type="secondary"> ×{formatCount(row.count, i18n.language)}</Typography.Text>}
            </span>
          ) : (
            <Typography.Text type="secondary">—</Typography.Text>
          )}
          {!!row.disclosed && (
            <div>
              <DisclosedLink id={row.id} disclosed={row.disclosed} onOpen={setDisclosuresOf} />
            </div>
          )}
        </>
      ),
    },
    {
      title: t('audit.cols.outcome'),
      dataIndex: 'outcome',
      width: 90,
      render: (outcome: AuditOutcome) => <Tag color={OUTCOME_COLORS[outcome]}>{t(`audit.outcomes.${outcome}`)}</Tag>,
    },
    {
      title: <span className="sr-only">{t('audit.viewDetail')}</span>,
      key: 'detail',
      width: 80,
      fixed: 'right',
      render: (_, row) => (
        <Button
          type="link"
          onClick={(e) => {
            e.stopPropagation();
            setSelected(row);
          }}
          aria-label={`${t('audit.viewDetail')} #${row.id}`}
        >
          {t('audit.viewDetail')}
        </Button>
      ),
    },
  ];

  // Phones: one column per row, everything needed to recognise the entry without scrolling sideways.
  const phoneColumns: ColumnsType<AuditRow> = [
    {
      title: t('audit.title'),
      key: 'summary',
      render: (_, row) => (
        <div>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <strong>
              #{row.id} {auditActionLabel(row.action, t)}
            </strong>
            <Tag color={OUTCOME_COLORS[row.outcome]} style={{ marginInlineEnd: 0 }}>
              {t(`audit.outcomes.${row.outcome}`)}
            </Tag>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            <time dateTime={row.ts}>{dayjs(row.ts).format('YYYY-MM-DD HH:mm:ss')}</time>
            {' · '}
            <span title={row.actorId ?? undefined}>{actorText(row, t)}</span>
            {row.objectType && ` · ${auditObjectLabel(row.objectType, t)}`}
          </Typography.Text>
          {!!row.disclosed && (
            <div>
              <DisclosedLink id={row.id} disclosed={row.disclosed} onOpen={setDisclosuresOf} />
            </div>
          )}
        </div>
      ),
    },
  ];

  const data = list.data;
  // A refused filter (e.g. the end before the start, an unknown username) is shown at its field, without a retry.
  const listFieldErrors = fieldErrors(list.error, i18n.language);

  return (
    <>
      <Typography.Title level={1} className="rx-page-title" style={{ fontSize: 24 }}>
        {t('audit.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('audit.description')}</Typography.Paragraph>

      <Card
        style={{ marginBottom: 16 }}
        styles={filtersOpen ? undefined : { body: { display: 'none' } }}
        title={
          <h2 style={{ fontSize: 16, margin: 0 }}>
            {t('audit.filters')}
            {activeFilters > 0 && <Tag color="blue" style={{ marginInlineStart: 8 }}>{activeFilters}</Tag>}
          </h2>
        }
        extra={
          isMobile && (
            <Button
              type="link"
              icon={filtersOpen ? <UpOutlined /> : <DownOutlined />}
              aria-expanded={filtersOpen}
              aria-controls="audit-filters"
              onClick={() => setFiltersOpen((open) => !open)}
            >
              {filtersOpen ? t('audit.hideFilters') : t('audit.showFilters')}
            </Button>
          )
        }
      >
        <Form<FilterForm> form={form} layout="vertical" onFinish={onSearch} name="audit-filters" id="audit-filters" initialValues={formFromQuery(query)}>
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={8} xl={6}>
              <Form.Item label={t('audit.startTime')} name="from" {...fieldStatus(listFieldErrors, 'from')}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} placeholder="" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8} xl={6}>
              <Form.Item
                label={t('audit.endTime')}
                name="to"
                dependencies={['from']}
                {...fieldStatus(listFieldErrors, 'to')}
              >
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} placeholder="" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8} xl={4}>
              <Form.Item label={t('audit.outcome')} name="outcome" {...fieldStatus(listFieldErrors, 'outcome')}>
                <Select
                  allowClear
                  placeholder={t('audit.outcomeAll')}
                  options={OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8} xl={8}>
              <Form.Item label={t('audit.actorId')} name="actorId" {...fieldStatus(listFieldErrors, 'actorId')}>
                <Input placeholder={t('audit.actorIdPlaceholder')} allowClear autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8} xl={6}>
              <Form.Item label={t('audit.action')} name="action" {...fieldStatus(listFieldErrors, 'action')}>
                <AutoComplete
                  allowClear
                  placeholder={t('audit.actionPlaceholder')}
                  options={KNOWN_ACTIONS.map((a) => ({ value: a, label: `${auditActionLabel(a, t)} · ${a}` }))}
                  filterOption={(input, option) => !!option && `${option.label}`.toLowerCase().includes(input.trim().toLowerCase())}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8} xl={6}>
              <Form.Item label={t('audit.objectType')} name="objectType" {...fieldStatus(listFieldErrors, 'objectType')}>
                <AutoComplete
                  allowClear
                  placeholder={t('audit.objectTypePlaceholder')}
                  options={KNOWN_OBJECTS.map((o) => ({ value: o, label: `${auditObjectLabel(o, t)} · ${o}` }))}
                  filterOption={(input, option) => !!option && `${option.label}`.toLowerCase().includes(input.trim().toLowerCase())}
                />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('audit.search')}
            </Button>
            <Button onClick={onReset} icon={<ReloadOutlined />}>
              {t('audit.reset')}
            </Button>
          </Space>
        </Form>
      </Card>

      <Card>
        <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text data-testid="audit-total">{data ? t(auditTotalKey(data.totalExact), { total: formatCount(data.total, i18n.language) }) : '\u00a0'}</Typography.Text>
          <Button
            icon={<SafetyCertificateOutlined />}
            onClick={() => verify.mutate()}
            loading={verify.isPending}
            data-testid="audit-verify"
          >
            {verify.isPending ? t('audit.verifying') : t('audit.verify')}
          </Button>
        </Space>

        <div aria-live="polite">
          {verify.data && (
            <Alert
              data-testid="audit-verify-result"
              type={verify.data.ok ? 'success' : 'error'}
              showIcon
              closable={{ onClose: () => verify.reset() }}
              title={
                (verify.data.brokenCheckpoint != null
                  ? t('auditCheckpoints.brokenCheckpoint', { seq: verify.data.brokenCheckpoint, reason: verify.data.reason })
                  : verify.data.ok
                    ? t('audit.verifyOk', { checked: verify.data.checked })
                    : verify.data.firstBrokenId !== null
                      ? t('audit.verifyBroken', { checked: verify.data.checked, id: verify.data.firstBrokenId })
                      : t('audit.verifyBrokenNoId', { checked: verify.data.checked })) +
                (verify.data.checkpoint ? t('auditCheckpoints.verifiedFrom', { seq: verify.data.checkpoint.seq, id: verify.data.checkpoint.throughId }) : '')
              }
              style={{ marginBottom: 16 }}
            />
          )}
          {verify.error && (
            <Alert type="error" showIcon title={errorText(verify.error, t, i18n.language)} style={{ marginBottom: 16 }} />
          )}
        </div>

        {list.error && (
          <ErrorAlert
            error={list.error}
            onRetry={() => void list.refetch()}
            // A refused filter names the form's field (操作), not the query parameter (action).
            labels={{ from: t('audit.startTime'), to: t('audit.endTime'), outcome: t('audit.outcome'), actorId: t('audit.actorId'), action: t('audit.action'), objectType: t('audit.objectType') }}
            style={{ marginBottom: 16 }}
          />
        )}

        <div data-testid="audit-table">
        <DataTable<AuditRow>
          rowKey="id"
          size="middle"
          columns={isMobile ? phoneColumns : columns}
          dataSource={data?.items ?? []}
          loading={list.isFetching}
          scroll={isMobile ? undefined : { x: 960 }}
          locale={{ emptyText: t('audit.empty') }}
          rowClassName={(row) => (row.id === brokenId ? 'rx-audit-row rx-audit-row-broken' : 'rx-audit-row')}
          onRow={(row) => ({ onClick: () => setSelected(row) })}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES.map(String),
            showTotal: (total) => t(auditTotalKey(data?.totalExact), { total: formatCount(total, i18n.language) }),
            onChange: (page, pageSize) => {
              setParams((prev) => {
                const latest = queryFromParams(prev);
                return paramsFromQuery({ ...latest, page: pageSize !== latest.pageSize ? 1 : page, pageSize });
              });
            },
          }}
        />
        </div>
      </Card>

      <CheckpointsCard />

      <AnchorCard />

      {canPack && <AuditPackCard />}

      {canCertificates && <DeletionCertificatesCard />}

      <AuditDetailDrawer
        row={selected}
        onClose={() => setSelected(null)}
        onOpenDisclosures={(id) => {
          // The list replaces the detail (one drawer at a time).
          setSelected(null);
          setDisclosuresOf(id);
        }}
        onOnlyActor={(actorId) => {
          setSelected(null);
          setParams((prev) => paramsFromQuery(onlyActor(queryFromParams(prev), actorId)));
        }}
      />

      <DisclosuresDrawer auditId={disclosuresOf} onClose={() => setDisclosuresOf(null)} />
    </>
  );
}
