// 人员 (health:read; community staff, and the district's people it decides on): each person with the mirror's colour (未知
// in grey when there is none), its reason and since when, beside the local signal (本地情况) and its reasons, and 不一致
// when they disagree — mismatches and non-green first. Filters in the address: the colour (需要关注 by default: the
// non-green and the locally flagged; 绿码 pages through everyone green), 仅看不一致, a name search. A table on a desktop,
// cards on a phone; a person opens their record (the history, and 赋码 / 转码 for health:assign) in a drawer.
import { useMemo, useState, type HTMLAttributes } from 'react';
import { Button, Checkbox, Empty, Input, Pagination, Radio, Skeleton, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { formatCount } from '../../lib/numbers';
import { DataTable } from '../../lib/table';
import { useUrlState } from '../../lib/url-state';
import { COLOURS, listPeople, PEOPLE_KEY, PEOPLE_PAGE_SIZE, type Person } from './api';
import { nameQuery, peopleFiltersFromParams } from './health.logic';
import { PersonDrawer } from './person.drawer';
import { at, ColourTag, ListError, LocalSignalView, MismatchTag, reasonText } from './shared';

function NameButton({ p, onOpen }: { p: Person; onOpen: (p: Person) => void }) {
  const { t } = useTranslation();
  return (
    <Button
      type="link"
      className="rx-hc-name"
      style={{ padding: 0, height: 'auto' }}
      onClick={(e) => {
        e.stopPropagation();
        onOpen(p);
      }}
      aria-label={t('healthCodes.list.open', { name: p.nameMasked })}
      data-testid="hc-person-open"
    >
      {p.nameMasked}
    </Button>
  );
}

function PersonCard({ p, onOpen }: { p: Person; onOpen: (p: Person) => void }) {
  const { t } = useTranslation();
  return (
    <li className={`rx-card rx-hc-person${p.mismatch ? ' rx-hc-person-mismatch' : ''}`} data-testid="hc-person" data-id={p.residentId} data-colour={p.colour ?? 'unknown'} data-mismatch={p.mismatch}>
      <div className="rx-hc-row-head">
        <h3 className="rx-hc-h3"><NameButton p={p} onOpen={onOpen} /></h3>
        <ColourTag colour={p.colour} />
        {p.mismatch && <MismatchTag />}
      </div>
      <div className="rx-hc-quiet"><span className="rx-hc-mono" data-testid="hc-person-id">{p.idMasked}</span> · {p.gridName}</div>
      {p.colour && (
        <div data-testid="hc-person-reason">{reasonText(p.reasonCode, p.reasonZh, t)} · <span className="rx-hc-quiet">{t('healthCodes.list.since', { at: at(p.since) })}</span></div>
      )}
      <div className="rx-hc-local-line"><span className="rx-hc-quiet">{t('healthCodes.local.title')}：</span><LocalSignalView local={p.local} /></div>
    </li>
  );
}

export function PeopleTab({ mayAssign }: { mayAssign: boolean }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useUrlState();
  const f = useMemo(() => peopleFiltersFromParams(params), [params]);
  const [typed, setTyped] = useState(f.q ?? '');
  const [open, setOpen] = useState<Person | null>(null);
  const list = useQuery({ queryKey: [...PEOPLE_KEY, f], queryFn: ({ signal }) => listPeople(f, signal), placeholderData: keepPreviousData });
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const size = isMobile ? 'large' : 'middle';
  const filtered = !!(f.q || f.colour || f.mismatch);
  const search = (text: string) => {
    const q = nameQuery(text);
    setTyped(q);
    setParams({ q: q || null, page: null });
  };
  const columns: ColumnsType<Person> = [
    { title: t('healthCodes.list.cols.name'), key: 'name', render: (_, p) => <NameButton p={p} onOpen={setOpen} /> },
    { title: t('healthCodes.list.cols.id'), key: 'id', render: (_, p) => <span className="rx-hc-mono" data-testid="hc-person-id">{p.idMasked}</span> },
    { title: t('healthCodes.list.cols.grid'), dataIndex: 'gridName', key: 'grid' },
    { title: t('healthCodes.list.cols.colour'), key: 'colour', render: (_, p) => <ColourTag colour={p.colour} /> },
    { title: t('healthCodes.list.cols.reason'), key: 'reason', render: (_, p) => (p.colour ? <span data-testid="hc-person-reason">{reasonText(p.reasonCode, p.reasonZh, t)}</span> : '—') },
    { title: t('healthCodes.list.cols.since'), key: 'since', render: (_, p) => at(p.since) },
    { title: t('healthCodes.list.cols.local'), key: 'local', render: (_, p) => <LocalSignalView local={p.local} /> },
    { title: t('healthCodes.list.cols.mismatch'), key: 'mismatch', render: (_, p) => (p.mismatch ? <MismatchTag /> : null) },
  ];
  return (
    <div data-testid="hc-people">
      <div className="rx-hc-toolbar">
        <div className="rx-scroll-x">
          <Radio.Group
            optionType="button"
            size={size}
            aria-label={t('healthCodes.list.filter')}
            value={f.colour ?? 'all'}
            onChange={(e) => setParams({ colour: e.target.value === 'all' ? null : String(e.target.value), page: null })}
            options={[{ value: 'all', label: t('healthCodes.list.all') }, ...COLOURS.map((c) => ({ value: c, label: t(`healthCodes.colours.${c}`) }))]}
            data-testid="hc-colour-filter"
          />
        </div>
        <Checkbox checked={!!f.mismatch} onChange={(e) => setParams({ mismatch: e.target.checked ? '1' : null, page: null })} data-testid="hc-mismatch-filter">
          {t('healthCodes.list.mismatchOnly')}
        </Checkbox>
        <Input.Search
          aria-label={t('healthCodes.list.search')}
          placeholder={t('healthCodes.list.searchPlaceholder')}
          enterButton={t('healthCodes.list.searchButton')}
          allowClear
          size={size}
          maxLength={20}
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            if (!e.target.value) search('');
          }}
          onSearch={search}
          style={{ maxWidth: 320 }}
          data-testid="hc-search"
        />
        {filtered && (
          <Button size={size} onClick={() => { setTyped(''); setParams({ q: null, colour: null, mismatch: null, page: null }); }}>{t('healthCodes.list.clear')}</Button>
        )}
      </div>
      {!f.colour && <Typography.Paragraph type="secondary" style={{ fontSize: 13 }} data-testid="hc-people-help">{t('healthCodes.list.allHelp')}</Typography.Paragraph>}
      {list.isError && <ListError error={list.error} onRetry={() => void list.refetch()} />}
      {isMobile ? (
        list.isPending ? <Skeleton active /> : items.length === 0 ? (
          <Empty description={t(filtered ? 'healthCodes.list.emptyFiltered' : 'healthCodes.list.empty')} />
        ) : (
          <ul className="rx-card-list rx-hc-people" data-testid="hc-people-list">
            {items.map((p) => <PersonCard key={p.residentId} p={p} onOpen={setOpen} />)}
          </ul>
        )
      ) : (
        <DataTable<Person>
          rowKey="residentId"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={list.isFetching}
          pagination={false}
          locale={{ emptyText: t(filtered ? 'healthCodes.list.emptyFiltered' : 'healthCodes.list.empty') }}
          onRow={(p) => ({
            'data-testid': 'hc-person', 'data-id': p.residentId, 'data-colour': p.colour ?? 'unknown', 'data-mismatch': String(p.mismatch),
            className: p.mismatch ? 'rx-hc-row-mismatch' : undefined, onClick: () => setOpen(p), style: { cursor: 'pointer' },
          }) as HTMLAttributes<HTMLElement>}
          scroll={{ x: 1000 }}
          data-testid="hc-people-table"
        />
      )}
      {total > PEOPLE_PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={f.page}
          pageSize={PEOPLE_PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          simple={isMobile}
          onChange={(p) => setParams({ page: p > 1 ? p : null })}
        />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="hc-people-total">
          {t('healthCodes.list.total', { n: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
      {open && <PersonDrawer person={open} mayAssign={mayAssign} onClose={() => setOpen(null)} />}
    </div>
  );
}
