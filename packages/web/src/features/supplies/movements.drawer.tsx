// 流水: a warehouse's ledger, newest first — what kind, the signed quantity, the balance after it, with whom, who and
// when — page by page, for one item or all. Names no resident (not audited).
import { useState } from 'react';
import { Empty, Pagination, Select, Skeleton, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { Drawer } from '../../lib/dialog';
import { useDrawerFocus, useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { listMovements, MOVEMENTS_KEY, MOVEMENTS_PAGE_SIZE, type Movement, type Warehouse } from './api';
import { signedText } from './supplies.logic';
import { at } from './shared';

const KIND_COLORS: Record<Movement['kind'], string> = {
  receipt: 'blue', donation: 'magenta', issue: 'orange', adjust: 'default', allocation: 'gold', return: 'cyan',
};

function MovementItem({ m }: { m: Movement }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatCount(v, i18n.language);
  return (
    <li className="rx-card rx-sup-movement" data-testid="sup-movement" data-kind={m.kind}>
      <div className="rx-sup-movement-head">
        <Tag color={KIND_COLORS[m.kind]} style={{ marginInlineEnd: 0 }} data-testid="sup-movement-kind">{t(`supplies.kinds.${m.kind}`)}</Tag>
        <strong>{m.itemName}</strong>
        <strong className={m.quantity < 0 ? 'rx-sup-out' : 'rx-sup-in'} data-testid="sup-movement-qty">{signedText(m.quantity, n)} {m.unit}</strong>
        <span className="rx-sup-quiet" data-testid="sup-movement-balance">{t('supplies.movements.balance', { n: n(m.balance) })}</span>
      </div>
      {m.party && <div data-testid="sup-movement-party">{t(`supplies.movements.party.${m.kind}`, { party: m.party })}</div>}
      {m.note && <div>{t('supplies.movements.note', { note: m.note })}</div>}
      <div className="rx-sup-quiet">{t('supplies.movements.by', { at: at(m.at), who: m.by.name })}</div>
    </li>
  );
}

export function MovementsDrawer({ warehouse, onClose }: { warehouse: Warehouse; onClose: () => void }) {
  useFocusReturn();
  const drawerFocus = useDrawerFocus();
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const [itemId, setItemId] = useState<string>('');
  const f = { itemId: itemId || undefined, page };
  const q = useQuery({
    queryKey: [...MOVEMENTS_KEY, warehouse.id, f],
    queryFn: ({ signal }) => listMovements(warehouse.id, f, signal),
    placeholderData: keepPreviousData,
  });
  const items = q.data?.items ?? [];
  const total = q.data?.total ?? 0;
  return (
    <Drawer
      {...drawerFocus}
      open
      title={t('supplies.movements.title', { warehouse: warehouse.name })}
      onClose={onClose}
      size={isMobile ? '100%' : 520}
      closable={{ 'aria-label': t('supplies.movements.close') }}
      data-testid="sup-movements"
    >
      <div className="rx-sup-field" style={{ marginBottom: 12 }}>
        <label htmlFor="sup-movements-item">{t('supplies.movements.item')}</label>
        <Select
          id="sup-movements-item"
          value={itemId}
          onChange={(v) => { setItemId(v); setPage(1); }}
          style={{ width: isMobile ? '100%' : 240 }}
          options={[{ value: '', label: t('supplies.movements.itemAll') }, ...warehouse.stock.map((s) => ({ value: s.itemId, label: s.name }))]}
        />
      </div>
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={t('supplies.movements.empty')} />
      ) : (
        <ul className="rx-card-list" data-testid="sup-movement-list">
          {items.map((m) => <MovementItem key={m.id} m={m} />)}
        </ul>
      )}
      {total > MOVEMENTS_PAGE_SIZE && (
        <Pagination style={{ marginTop: 16, textAlign: 'center' }} current={page} pageSize={MOVEMENTS_PAGE_SIZE} total={total} showSizeChanger={false} simple onChange={setPage} />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }}>
          {t('supplies.movements.total', { total: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
    </Drawer>
  );
}
