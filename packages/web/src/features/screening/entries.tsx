// A list's entries: on a desktop a table (序号, masked name and ID, the match as a tag in its band's colour, the
// explanation — the evidence as small tags and 为什么这样判断 — the resident matched with their grid, where the entry was
// routed, the check), on a phone and on 我的排查任务 a card per person (the name big, 卡口已见 first, the address, arrival
// and origin, why it came to this worker, the buttons). The buttons (分派, 核查) are the page's.
import type { HTMLAttributes, ReactNode } from 'react';
import { Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../lib/table';
import type { EntryView } from './api';
import { whyText } from './screening.logic';
import { CheckState, Explanation, RoutedText, StateTag, UrgentBadge } from './shared';

function ResidentCell({ e }: { e: EntryView }) {
  const { t } = useTranslation();
  if (!e.resident) return <span className="rx-sc-quiet">{t('screening.entries.noResident')}</span>;
  return (
    <div data-testid="sc-resident" data-id={e.resident.id}>
      <div>{e.resident.nameMasked} <span className="rx-sc-mono">{e.resident.idMasked}</span></div>
      <div className="rx-sc-quiet">{e.resident.gridName}{e.resident.address ? ` · ${e.resident.address}` : ''}</div>
    </div>
  );
}

/** What the list says of the person: the masked phone, the address, the arrival day, where from. */
function Given({ e }: { e: EntryView }) {
  const { t } = useTranslation();
  const parts = [
    e.phoneMasked ? t('screening.entries.phone', { phone: e.phoneMasked }) : null,
    e.arrivedOn ? t('screening.entries.arrived', { date: e.arrivedOn }) : null,
    e.origin ? t('screening.entries.origin', { origin: e.origin }) : null,
  ].filter(Boolean);
  return (
    <>
      {(e.address ?? e.addressMasked) && <div className="rx-sc-quiet rx-sc-note" data-testid="sc-entry-address">{t('screening.entries.address', { address: e.address ?? e.addressMasked })}</div>}
      {e.resident?.address && <div className="rx-sc-quiet" data-testid="sc-entry-home">{t('screening.entries.home', { address: e.resident.address })}</div>}
      {parts.length > 0 && <div className="rx-sc-quiet">{parts.join(' · ')}</div>}
    </>
  );
}

export function EntriesTable({ items, loading, emptyText, actions }: {
  items: EntryView[]; loading: boolean; emptyText: string; actions: (e: EntryView) => ReactNode;
}) {
  const { t } = useTranslation();
  const columns: ColumnsType<EntryView> = [
    { title: t('screening.entries.cols.row'), key: 'row', width: 64, render: (_, e) => <span data-testid="sc-entry-row">{e.row}</span> },
    {
      title: t('screening.entries.cols.name'), key: 'name', width: 150,
      render: (_, e) => (
        <div>
          <strong data-testid="sc-entry-name">{e.nameMasked}</strong>
          {e.urgent && <div style={{ marginTop: 4 }}><UrgentBadge gateSeenAt={e.gateSeenAt} /></div>}
        </div>
      ),
    },
    {
      title: t('screening.entries.cols.id'), key: 'id', width: 200,
      render: (_, e) => (
        <div>
          <span className="rx-sc-mono" data-testid="sc-entry-id">{e.idMasked ?? '—'}</span>
          <Given e={e} />
        </div>
      ),
    },
    { title: t('screening.entries.cols.confidence'), key: 'confidence', width: 120, render: (_, e) => <StateTag state={e.state} confidence={e.confidence} /> },
    { title: t('screening.entries.cols.why'), key: 'why', width: 260, render: (_, e) => <Explanation entry={e} /> },
    { title: t('screening.entries.cols.resident'), key: 'resident', width: 200, render: (_, e) => <ResidentCell e={e} /> },
    { title: t('screening.entries.cols.routed'), key: 'routed', width: 150, render: (_, e) => <RoutedText e={e} /> },
    { title: t('screening.entries.cols.status'), key: 'status', width: 170, render: (_, e) => <CheckState e={e} /> },
    { title: '', key: 'actions', width: 110, fixed: 'right', render: (_, e) => <div className="rx-sc-actions">{actions(e)}</div> },
  ];
  return (
    <DataTable<EntryView>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      locale={{ emptyText }}
      scroll={{ x: 1420 }}
      data-testid="sc-entries-table"
      onRow={(e) => ({
        'data-testid': 'sc-entry', 'data-id': e.id, 'data-state': e.state, 'data-status': e.status, 'data-urgent': String(e.urgent),
        className: e.urgent && e.status === 'open' ? 'rx-sc-row-urgent' : undefined,
      }) as HTMLAttributes<HTMLElement>}
    />
  );
}

/** One person as a card: for a phone, and for the worker at the door (big name, 卡口已见 first, why it came to them). */
export function EntryCard({ e, actions, listLine, showWhy }: { e: EntryView; actions: ReactNode; listLine?: ReactNode; showWhy?: boolean }) {
  const { t } = useTranslation();
  const why = whyText(e);
  return (
    <li
      className={`rx-card rx-sc-entry${e.urgent && e.status === 'open' ? ' rx-sc-entry-urgent' : ''}`}
      data-testid="sc-entry"
      data-id={e.id}
      data-state={e.state}
      data-status={e.status}
      data-urgent={String(e.urgent)}
    >
      {e.urgent && e.status === 'open' && <div className="rx-sc-entry-badge"><UrgentBadge gateSeenAt={e.gateSeenAt} /></div>}
      <div className="rx-sc-row-head">
        <h2 className="rx-sc-entry-name" data-testid="sc-entry-name">{e.nameMasked}</h2>
        <StateTag state={e.state} confidence={e.confidence} />
      </div>
      <div className="rx-sc-quiet">
        <span className="rx-sc-mono" data-testid="sc-entry-id">{e.idMasked ?? '—'}</span>
        {' · '}{t('screening.entries.rowN', { n: e.row })}
      </div>
      <Given e={e} />
      {showWhy && (
        <Typography.Paragraph className="rx-sc-why-line" style={{ margin: '6px 0 0' }} data-testid="sc-entry-why" data-why={why.key}>
          {t(`screening.why.${why.key}`, { name: why.name ?? '' })}
        </Typography.Paragraph>
      )}
      {listLine}
      <Explanation entry={e} compact={showWhy} />
      {!showWhy && (
        <div className="rx-sc-card-line">
          <RoutedText e={e} />
        </div>
      )}
      <div className="rx-sc-card-line"><CheckState e={e} /></div>
      <div className="rx-card-actions">{actions}</div>
    </li>
  );
}
