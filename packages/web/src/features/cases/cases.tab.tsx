// 病例与密接 · 病例: the cases of the caller's area, newest report first — the code (opens the case), the classification and
// status as tags, onset and report dates, the masked name, the community (or 非本区居民), the source case's code (opens
// it) and the contacts' figures (密接 · 次密接 · 已下发 · 已核查). Filtered in the address by status, classification and
// a code search. The district (case:manage) registers a case: 登记病例.
import { useEffect, useState, type HTMLAttributes } from 'react';
import { Button, Input, Radio, Space, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { DataTable } from '../../lib/table';
import { useUrlState } from '../../lib/url-state';
import { CLASSIFICATIONS, CODE_SEARCH_MAX, LIST_KEY, listCases, STATUSES, type CaseView } from './api';
import { caseFiltersFromParams, casePath, isFiltered } from './cases.logic';
import { NewCaseModal } from './new-case.modal';
import { ClassificationTag, Figures, StatusTag } from './shared';

export function CasesTab({ manage }: { manage: boolean }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const f = caseFiltersFromParams(params);
  const [text, setText] = useState(f.q ?? '');
  useEffect(() => setText(f.q ?? ''), [f.q]);
  const [adding, setAdding] = useState(false);
  const q = useQuery({ queryKey: [...LIST_KEY, f], queryFn: ({ signal }) => listCases(f, signal), placeholderData: keepPreviousData, refetchInterval: 60_000 });
  const items = q.data?.items ?? [];
  const size = isMobile ? 'large' : 'middle';
  const filtered = isFiltered(f);
  const columns: ColumnsType<CaseView> = [
    {
      title: t('cases.list.cols.code'), key: 'code', width: 170, fixed: isMobile ? undefined : 'left',
      render: (_, c) => (
        <Link to={casePath(c.id)} className="rx-cs-mono" aria-label={t('cases.list.open', { code: c.code })} onClick={(e) => e.stopPropagation()} data-testid="cs-case-open">
          {c.code}
        </Link>
      ),
    },
    { title: t('cases.list.cols.classification'), key: 'classification', width: 130, render: (_, c) => <ClassificationTag classification={c.classification} /> },
    { title: t('cases.list.cols.status'), key: 'status', width: 120, render: (_, c) => <StatusTag status={c.status} /> },
    { title: t('cases.list.cols.onset'), key: 'onset', width: 110, render: (_, c) => c.onsetOn ?? '—' },
    { title: t('cases.list.cols.reported'), key: 'reported', width: 110, render: (_, c) => c.reportedOn },
    {
      title: t('cases.list.cols.name'), key: 'name', width: 170,
      render: (_, c) => (
        <div>
          <strong data-testid="cs-case-name">{c.nameMasked || '—'}</strong>
          {c.idMasked && <div className="rx-cs-quiet rx-cs-mono">{c.idMasked}</div>}
        </div>
      ),
    },
    {
      title: t('cases.list.cols.community'), key: 'community', width: 130,
      render: (_, c) => (c.residentId ? c.communityName || '—' : <span className="rx-cs-quiet">{t('cases.list.notLocal')}</span>),
    },
    {
      title: t('cases.list.cols.source'), key: 'source', width: 170,
      render: (_, c) => (c.sourceCaseId && c.sourceCode ? (!c.sourceVisible ? <span className="rx-cs-mono" data-testid="cs-case-source">{c.sourceCode}</span> : (
        <Link to={casePath(c.sourceCaseId)} className="rx-cs-mono" aria-label={t('cases.list.openSource', { code: c.sourceCode })} onClick={(e) => e.stopPropagation()} data-testid="cs-case-source">
          {c.sourceCode}
        </Link>
      )) : '—'),
    },
    { title: t('cases.list.cols.contacts'), key: 'contacts', width: 260, render: (_, c) => <Figures figures={c.contacts} /> },
  ];
  return (
    <div data-testid="cs-cases">
      <div className="rx-cs-toolbar">
        <div className="rx-scroll-x">
          <Radio.Group
            optionType="button"
            size={size}
            aria-label={t('cases.filters.status')}
            value={f.status ?? 'all'}
            onChange={(ev) => setParams({ status: ev.target.value === 'all' ? null : String(ev.target.value) })}
            options={[{ value: 'all', label: t('cases.filters.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`cases.statuses.${s}`) }))]}
            data-testid="cs-filter-status"
          />
        </div>
        <div className="rx-scroll-x">
          <Radio.Group
            optionType="button"
            size={size}
            aria-label={t('cases.filters.classification')}
            value={f.classification ?? 'all'}
            onChange={(ev) => setParams({ classification: ev.target.value === 'all' ? null : String(ev.target.value) })}
            options={[{ value: 'all', label: t('cases.filters.all') }, ...CLASSIFICATIONS.map((c) => ({ value: c, label: t(`cases.classifications.${c}`) }))]}
            data-testid="cs-filter-classification"
          />
        </div>
        <Input.Search
          className="rx-cs-search"
          size={size}
          allowClear
          maxLength={CODE_SEARCH_MAX}
          aria-label={t('cases.filters.search')}
          placeholder={t('cases.filters.searchPlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => setParams({ q: v.trim() || null })}
          data-testid="cs-search"
        />
        {filtered && <Button size={size} onClick={() => setParams({ status: null, classification: null, q: null })}>{t('cases.filters.clear')}</Button>}
        <Space wrap style={{ marginInlineStart: 'auto' }}>
          <Button size={size} icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>{t('cases.refresh')}</Button>
          {manage && (
            <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="cs-new">{t('cases.list.new')}</Button>
          )}
        </Space>
      </div>
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      <DataTable<CaseView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={q.isFetching}
        locale={{ emptyText: t(filtered ? 'cases.list.emptyFiltered' : 'cases.list.empty') }}
        pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 1370 }}
        data-testid="cs-cases-table"
        onRow={(c) => ({
          'data-testid': 'cs-case', 'data-id': c.id, 'data-code': c.code, style: { cursor: 'pointer' },
          onClick: () => void navigate(casePath(c.id)),
        }) as HTMLAttributes<HTMLElement>}
      />
      {items.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, textAlign: 'center' }} data-testid="cs-cases-total">
          {t('cases.list.total', { n: formatCount(items.length, i18n.language) })}
        </Typography.Paragraph>
      )}
      {adding && <NewCaseModal onClose={() => setAdding(false)} />}
    </div>
  );
}
