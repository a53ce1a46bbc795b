// 影响评估 / Breach impact (impact:query: security admin and auditor; PIPL Art. 57, ADR 0031): when a leak is suspected,
// who is affected — by export file, or by account and time window. Shows the totals per kind of data, per action and per
// community, then the residents (record number, masked name, community) page by page, and links the CSV of the whole
// list for the notification letters. The question lives in the URL (reload, back, a link from the audit page). The
// server asks for the second factor on the first query of a session (the API client opens the code dialog by itself).
import { Alert, Button, Card, Descriptions, Form, Input, Pagination, Segmented, Space, Statistic, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, SearchOutlined, SecurityScanOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { roleLabel } from '../../lib/labels';
import { formatCount } from '../../lib/numbers';
import { useUrlState } from '../../lib/url-state';
import { type ImpactAnswer, type ImpactParams, type ImpactSubject, impactCsvUrl, queryImpact } from './api';
import {
  classTags, DEFAULT_PAGE_SIZE, instantOf, localInputValue, MAX_WINDOW_DAYS, PAGE_SIZES, paramsFromSearch, type QuickRange, quickRange, searchFromParams,
  shortId, windowProblem,
} from './impact.logic';
import './impact.css';
import { ErrorAlert } from '../../lib/error-alert';
import { DataTable } from '../../lib/table';

type Mode = 'export' | 'actor';
type ExportForm = { exportId: string };
type ActorForm = { actor: string; from: string; to: string };

const fmt = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');


function ExportQueryForm({ initial, onSubmit }: { initial: string; onSubmit: (v: ExportForm) => void }) {
  const { t } = useTranslation();
  return (
    <Form<ExportForm> layout="vertical" requiredMark={false} initialValues={{ exportId: initial }} onFinish={(v) => onSubmit({ exportId: v.exportId.trim() })}>
      <Form.Item name="exportId" label={t('impact.exportId')} extra={t('impact.exportIdHint')} rules={[{ required: true, whitespace: true, message: t('impact.exportIdRequired') }]}>
        <Input maxLength={64} autoComplete="off" spellCheck={false} data-testid="impact-export-id" />
      </Form.Item>
      <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="impact-submit">{t('impact.submit')}</Button>
    </Form>
  );
}

function ActorQueryForm({ initial, onSubmit }: { initial: Partial<ActorForm>; onSubmit: (v: { actor: string; from: string; to: string }) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ActorForm>();
  const setRange = (k: QuickRange) => form.setFieldsValue(quickRange(k, new Date()));
  const submit = (v: ActorForm) => {
    const from = instantOf(v.from);
    const to = instantOf(v.to, 'end');
    if (!from || !to) return;
    const problem = windowProblem(from, to);
    if (problem) {
      form.setFields([{ name: 'to', errors: [t(`impact.windowProblem.${problem}`, { days: MAX_WINDOW_DAYS })] }]);
      return;
    }
    onSubmit({ actor: v.actor.trim(), from, to });
  };
  const instant = (required: string) => ({
    validator: async (_r: unknown, v: string | undefined) => {
      if (!v || !instantOf(v)) throw new Error(required);
    },
  });
  return (
    <Form<ActorForm> form={form} layout="vertical" requiredMark={false} initialValues={{ ...quickRange('week', new Date()), ...initial }} onFinish={submit}>
      <Form.Item name="actor" label={t('impact.actor')} extra={t('impact.actorHint')} rules={[{ required: true, whitespace: true, message: t('impact.actorRequired') }]}>
        <Input maxLength={80} autoComplete="off" spellCheck={false} data-testid="impact-actor" />
      </Form.Item>
      <div className="rx-impact-window">
        <Form.Item name="from" label={t('impact.from')} rules={[instant(t('impact.fromRequired'))]}>
          <Input type="datetime-local" data-testid="impact-from" />
        </Form.Item>
        <Form.Item name="to" label={t('impact.to')} rules={[instant(t('impact.toRequired'))]}>
          <Input type="datetime-local" data-testid="impact-to" />
        </Form.Item>
      </div>
      <Space wrap style={{ marginBottom: 16 }}>
        {(['day', 'week', 'month'] as const).map((k) => (
          <Button key={k} size="small" onClick={() => setRange(k)}>{t(`impact.quick.${k}`)}</Button>
        ))}
      </Space>
      <div>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="impact-submit">{t('impact.submit')}</Button>
      </div>
    </Form>
  );
}

function ClassTags({ s }: { s: Pick<ImpactSubject, 'classes' | 'clearClasses'> }) {
  const { t } = useTranslation();
  return (
    <span className="rx-impact-tags">
      {classTags(s).map(({ cls, clear }) => (
        <Tag key={cls} color={clear ? 'red' : undefined} title={clear ? t('impact.clearTag') : undefined}>
          {t(`impact.classes.${cls}`)}{clear ? ` · ${t('impact.clearTag')}` : ''}
        </Tag>
      ))}
    </span>
  );
}

function Header({ a }: { a: ImpactAnswer }) {
  const { t, i18n } = useTranslation();
  if (a.export) {
    const e = a.export;
    const none = t('impact.exportCard.none');
    const status = (t(`impact.exportStatus.${e.status}`, { defaultValue: e.status }) as string);
    return (
      <Card size="small" title={t('impact.exportCard.title', { id: shortId(e.id) })} style={{ marginBottom: 12 }} data-testid="impact-export-card">
        {!e.exposed && <Alert type="info" showIcon title={t('impact.exportCard.notExposed')} style={{ marginBottom: 12 }} />}
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('impact.exportCard.requester')}>{`${e.requester.username ?? e.requester.id} · ${roleLabel(e.requester.role, t)}`}</Descriptions.Item>
          <Descriptions.Item label={t('impact.exportCard.status')}>{status}</Descriptions.Item>
          <Descriptions.Item label={t('impact.exportCard.purpose')}>{e.purpose}</Descriptions.Item>
          <Descriptions.Item label={t('impact.exportCard.createdAt')}>{fmt(e.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('impact.exportCard.columns')}>{e.columns.join(i18n.language.startsWith('zh') ? '、' : ', ')}</Descriptions.Item>
          <Descriptions.Item label={t('impact.exportCard.unmasked')}>{e.unmasked.length ? e.unmasked.join(', ') : none}</Descriptions.Item>
          <Descriptions.Item label={t('impact.exportCard.downloadedAt')}>{e.downloadedAt ? fmt(e.downloadedAt) : none}</Descriptions.Item>
          <Descriptions.Item label={t('impact.exportCard.fileRows')}>{e.fileRows ?? none}</Descriptions.Item>
        </Descriptions>
      </Card>
    );
  }
  if (a.actor?.kind === 'token' && a.window) {
    // An API token of a device or integration (`token:<id>`): its name, org and who issued it instead of a username.
    const k = a.actor;
    return (
      <Card size="small" title={t('impact.actorCard.tokenTitle', { name: k.name })} style={{ marginBottom: 12 }} data-testid="impact-actor-card">
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('impact.actorCard.role')}>
            {roleLabel(k.role, t)}{k.revokedAt && <Tag color="red" style={{ marginInlineStart: 8 }}>{t('impact.actorCard.revoked', { time: fmt(k.revokedAt) })}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('impact.actorCard.org')}>{k.org.name}</Descriptions.Item>
          <Descriptions.Item label={t('impact.actorCard.issued')}>{t('impact.actorCard.issuedBy', { username: k.issuedBy.username, time: fmt(k.issuedAt) })}</Descriptions.Item>
          <Descriptions.Item label={t('impact.actorCard.expires')}>{k.expiresAt ? fmt(k.expiresAt) : t('impact.actorCard.never')}</Descriptions.Item>
          <Descriptions.Item label={t('impact.actorCard.window')}>{`${fmt(a.window.from)} – ${fmt(a.window.to)}`}</Descriptions.Item>
        </Descriptions>
      </Card>
    );
  }
  if (a.actor && a.actor.kind !== 'token' && a.window) {
    return (
      <Card size="small" title={t('impact.actorCard.title', { username: a.actor.username })} style={{ marginBottom: 12 }} data-testid="impact-actor-card">
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('impact.actorCard.role')}>
            {roleLabel(a.actor.role, t)}{a.actor.status !== 'active' && <Tag color="red" style={{ marginInlineStart: 8 }}>{t('impact.actorCard.disabled')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('impact.actorCard.window')}>{`${fmt(a.window.from)} – ${fmt(a.window.to)}`}</Descriptions.Item>
        </Descriptions>
      </Card>
    );
  }
  return null;
}

function Totals({ a, csv }: { a: ImpactAnswer; csv: string }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const zh = i18n.language.startsWith('zh');
  const pick = (l: { zh: string; en: string }) => (zh ? l.zh : l.en);
  return (
    <>
      {a.coverage && !a.coverage.complete && (
        <Alert type="warning" showIcon title={t('impact.coverage', { date: fmt(a.coverage.oldestAuditAt) || '—' })} style={{ marginBottom: 12 }} />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <div className="rx-impact-total">
          <Statistic title={t('impact.total')} value={a.totals.subjects} suffix={zh ? '人' : undefined} data-testid="impact-total" />
          <div className="rx-impact-download">
            <Button type="primary" icon={<DownloadOutlined />} href={csv} download disabled={a.totals.subjects === 0} data-testid="impact-csv">
              {t('impact.download')}
            </Button>
            <Typography.Text type="secondary" className="rx-impact-hint">{t('impact.downloadHint')}</Typography.Text>
          </div>
        </div>
        {a.totals.outsideScope > 0 && <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>{t('impact.outsideScope', { count: formatCount(a.totals.outsideScope, i18n.language) })}</Typography.Paragraph>}
      </Card>
      {a.totals.byClass.length > 0 && (
        <Card size="small" title={t('impact.byClass')} style={{ marginBottom: 12 }}>
          <DataTable
            size="small"
            pagination={false}
            rowKey="class"
            data-testid="impact-by-class"
            dataSource={a.totals.byClass}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('impact.classCols.class'), dataIndex: 'class', render: (c: string) => t(`impact.classes.${c}` as 'impact.classes.other') },
              { title: t('impact.classCols.subjects'), dataIndex: 'subjects', align: 'right', render: (n: number) => formatCount(n, i18n.language) },
              { title: t('impact.classCols.clear'), dataIndex: 'clearSubjects', align: 'right', render: (n: number) => (n > 0 ? <Typography.Text type="danger">{formatCount(n, i18n.language)}</Typography.Text> : formatCount(n, i18n.language)) },
              // On a phone the field names would push the table sideways: kind and counts only.
              ...(isMobile ? [] : [{ title: t('impact.classCols.columns'), key: 'columns', render: (_: unknown, r: ImpactAnswer['totals']['byClass'][number]) => r.columns.map((c) => pick(c.label)).join(zh ? '、' : '; ') }]),
            ]}
          />
        </Card>
      )}
      {(a.totals.byAction.length > 0 || a.totals.byCommunity.length > 0) && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <div className="rx-impact-lists">
            <div>
              <Typography.Text strong>{t('impact.byAction')}</Typography.Text>
              <ul data-testid="impact-by-action">
                {a.totals.byAction.map((x) => (
                  <li key={x.action}>{t('impact.actionCount', { label: t(`impact.actions.${x.action}`), subjects: formatCount(x.subjects, i18n.language), events: formatCount(x.events, i18n.language) })}</li>
                ))}
              </ul>
            </div>
            <div>
              <Typography.Text strong>{t('impact.byCommunity')}</Typography.Text>
              <ul data-testid="impact-by-community">
                {a.totals.byCommunity.map((x) => (
                  <li key={x.id ?? '-'}>{t('impact.communityCount', { name: x.name ?? t('impact.noCommunity'), count: formatCount(x.subjects, i18n.language) })}</li>
                ))}
              </ul>
            </div>
          </div>
        </Card>
      )}
      {a.unattributed.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="impact-unattributed"
          title={t('impact.unattributedTitle')}
          description={
            <ul className="rx-impact-plain">
              {a.unattributed.map((u) => (
                <li key={`${u.action}-${u.objectType ?? ''}`}>
                  {t('impact.unattributed', {
                    action: t(`audit.actions.${u.action}` as 'audit.actions.read', { defaultValue: u.action }),
                    object: t(`audit.objects.${u.objectType ?? ''}` as 'audit.objects.resident', { defaultValue: u.objectType ?? '—' }),
                    events: formatCount(u.events, i18n.language), records: formatCount(u.records, i18n.language),
                  })}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {a.unclassifiedFields.length > 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('impact.unclassified', { fields: a.unclassifiedFields.join(', ') })} />
      )}
    </>
  );
}

function SubjectCards({ items }: { items: ImpactSubject[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ol className="rx-impact-cards" data-testid="impact-subjects">
      {items.map((s) => (
        <li key={s.residentId} className="rx-impact-card" data-testid="impact-subject">
          <div className="rx-impact-card-head">
            <strong>{s.nameMasked || '—'}</strong>
            <span className="rx-mono" title={s.residentId}>{shortId(s.residentId)}</span>
          </div>
          <div className="rx-impact-card-line">{s.community?.name ?? t('impact.noCommunity')}</div>
          <ClassTags s={s} />
          <div className="rx-impact-card-line rx-impact-muted">
            {s.actions.map((x) => t(`impact.actions.${x}`)).join(' · ')} · {t('impact.cols.events')} {formatCount(s.events, i18n.language)}
            {s.lastAt ? ` · ${fmt(s.lastAt)}` : ''}
          </div>
        </li>
      ))}
    </ol>
  );
}

export function ImpactPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('impact.title'));
  const isMobile = useIsMobile();
  const [search, setSearch] = useUrlState();
  const params = paramsFromSearch(search);
  const [mode, setMode] = useState<Mode>(params?.kind ?? 'export');
  const q = useQuery({
    queryKey: ['impact', params],
    queryFn: ({ signal }) => queryImpact(params!, signal),
    enabled: params !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
  });
  // The next query, built from the latest one in the URL (useUrlState), not this render's: quick changes do not overwrite each other.
  const go = (next: (latest: ImpactParams | null) => ImpactParams) => setSearch((prev) => searchFromParams(next(paramsFromSearch(prev))));
  const a = params ? q.data : undefined;

  const columns: ColumnsType<ImpactSubject> = [
    { title: t('impact.cols.residentId'), dataIndex: 'residentId', render: (id: string) => <span className="rx-mono" title={id}>{shortId(id)}</span> },
    { title: t('impact.cols.name'), dataIndex: 'nameMasked' },
    { title: t('impact.cols.community'), key: 'community', render: (_: unknown, s) => s.community?.name ?? t('impact.noCommunity') },
    { title: t('impact.cols.classes'), key: 'classes', render: (_: unknown, s) => <ClassTags s={s} /> },
    { title: t('impact.cols.actions'), key: 'actions', render: (_: unknown, s) => s.actions.map((x) => t(`impact.actions.${x}`)).join('、') },
    { title: t('impact.cols.events'), dataIndex: 'events', align: 'right', render: (n: number) => formatCount(n, i18n.language) },
    { title: t('impact.cols.lastAt'), dataIndex: 'lastAt', render: (v: string | null) => fmt(v) },
  ];

  const pager = a && params
    ? {
        current: params.page, pageSize: params.pageSize, total: a.total, showSizeChanger: !isMobile, pageSizeOptions: PAGE_SIZES.map(String), simple: isMobile,
        showTotal: (total: number) => t('impact.pageTotal', { total: formatCount(total, i18n.language) }),
        onChange: (page: number, pageSize: number) =>
          go((latest) => {
            const cur = latest ?? params;
            return { ...cur, page: pageSize !== cur.pageSize ? 1 : page, pageSize };
          }),
      }
    : false;

  return (
    <div className="rx-impact">
      <h1 className="rx-page-title"><SecurityScanOutlined aria-hidden /> {t('impact.title')}</h1>
      <Typography.Paragraph type="secondary" className="rx-impact-intro">{t('impact.intro')}</Typography.Paragraph>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Segmented<Mode>
          block={isMobile}
          value={mode}
          onChange={setMode}
          options={[{ value: 'export', label: t('impact.mode.export') }, { value: 'actor', label: t('impact.mode.actor') }]}
          style={{ marginBottom: 16 }}
          data-testid="impact-mode"
        />
        {mode === 'export' ? (
          <ExportQueryForm
            key={`e-${params?.kind === 'export' ? params.exportId : ''}`}
            initial={params?.kind === 'export' ? params.exportId : ''}
            onSubmit={(v) => go((latest) => ({ kind: 'export', exportId: v.exportId, page: 1, pageSize: latest?.pageSize ?? DEFAULT_PAGE_SIZE }))}
          />
        ) : (
          <ActorQueryForm
            key={`a-${params?.kind === 'actor' ? `${params.actor}-${params.from}-${params.to}` : ''}`}
            initial={params?.kind === 'actor' ? { actor: params.actor, from: localInputValue(new Date(params.from)), to: localInputValue(new Date(params.to)) } : {}}
            onSubmit={(v) => go((latest) => ({ kind: 'actor', ...v, page: 1, pageSize: latest?.pageSize ?? DEFAULT_PAGE_SIZE }))}
          />
        )}
      </Card>

      {params && q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {params && q.isPending && <Card size="small" loading />}
      {a && params && (
        <div aria-busy={q.isFetching}>
          <Header a={a} />
          <Totals a={a} csv={impactCsvUrl(params, i18n.language)} />
          {a.total === 0 ? (
            <Alert type="success" showIcon title={t('impact.empty')} data-testid="impact-empty" />
          ) : isMobile ? (
            <>
              <SubjectCards items={a.items} />
              {pager && a.total > params.pageSize && <Pagination {...pager} className="rx-impact-pages" />}
            </>
          ) : (
            <Card size="small">
              <Typography.Text type="secondary" className="rx-impact-hint">{t('impact.clearHint')}</Typography.Text>
              <DataTable<ImpactSubject>
                size="small"
                rowKey="residentId"
                columns={columns}
                dataSource={a.items}
                loading={q.isFetching}
                pagination={pager}
                scroll={{ x: 'max-content' }}
                data-testid="impact-subjects"
              />
            </Card>
          )}
        </div>
      )}
    </div>
  );
}
