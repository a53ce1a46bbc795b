// 库存: each warehouse the caller sees as a card — where it is, its keeper, its stock (item, quantity, unit) — with 流水
// (its ledger) for everyone, and 入库 / 接收捐赠 / 出库 / 盘点 for supply:manage, each opening the movement dialog.
// 新建储备点 and 新增物资品类 for supply:manage too.
import { useState, type HTMLAttributes, type ReactNode } from 'react';
import { Alert, Button, Empty, Skeleton } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { AppstoreAddOutlined, GiftOutlined, HistoryOutlined, ImportOutlined, ExportOutlined, PlusOutlined, ReloadOutlined, CalculatorOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { DataTable } from '../../lib/table';
import { ITEMS_KEY, listItems, listWarehouses, MOVEMENT_KINDS, WAREHOUSES_KEY, type MovementKind, type StockRow, type Warehouse } from './api';
import { ItemModal } from './item.modal';
import { MovementModal } from './movement.modal';
import { MovementsDrawer } from './movements.drawer';
import { WarehouseModal } from './warehouse.modal';

const KIND_ICONS: Record<MovementKind, ReactNode> = {
  receipt: <ImportOutlined />, donation: <GiftOutlined />, issue: <ExportOutlined />, adjust: <CalculatorOutlined />,
};

type Dialog = { kind: 'movement'; warehouseId: string; movement: MovementKind } | { kind: 'movements'; warehouseId: string } | { kind: 'warehouse' } | { kind: 'item' };

function WarehouseCard({ w, mayManage, onOpen }: { w: Warehouse; mayManage: boolean; onOpen: (d: Dialog) => void }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const size = isMobile ? 'large' : 'middle';
  const nameId = `sup-wh-${w.id}`;
  const columns: ColumnsType<StockRow> = [
    { title: t('supplies.stock.cols.item'), key: 'item', render: (_, s) => s.name },
    { title: t('supplies.stock.cols.quantity'), key: 'quantity', align: 'right', width: 110, render: (_, s) => <strong data-testid="sup-stock-qty">{formatCount(s.quantity, i18n.language)}</strong> },
    { title: t('supplies.stock.cols.unit'), key: 'unit', width: 70, render: (_, s) => s.unit },
  ];
  return (
    <li className="rx-card rx-sup-warehouse" data-testid="sup-warehouse" data-name={w.name}>
      <h2 id={nameId} data-testid="sup-warehouse-name">{w.name}</h2>
      <div className="rx-sup-quiet">{w.orgName} · {w.address}{w.keeper ? ` · ${t('supplies.stock.keeper', { name: w.keeper.name })}` : ''}</div>
      <DataTable<StockRow>
        rowKey="itemId"
        size="small"
        columns={columns}
        dataSource={w.stock}
        pagination={false}
        locale={{ emptyText: t('supplies.stock.emptyStock') }}
        style={{ marginTop: 8 }}
        onRow={(s) => ({ 'data-testid': 'sup-stock-row', 'data-item': s.name } as HTMLAttributes<HTMLElement>)}
      />
      <div className="rx-sup-actions">
        {mayManage && MOVEMENT_KINDS.map((k) => (
          <Button
            key={k}
            size={size}
            type={k === 'receipt' || k === 'donation' ? 'primary' : 'default'}
            icon={KIND_ICONS[k]}
            aria-describedby={nameId}
            onClick={() => onOpen({ kind: 'movement', warehouseId: w.id, movement: k })}
            data-testid={`sup-move-${k}`}
          >
            {t(`supplies.kinds.${k}`)}
          </Button>
        ))}
        <Button size={size} icon={<HistoryOutlined />} aria-describedby={nameId} onClick={() => onOpen({ kind: 'movements', warehouseId: w.id })} data-testid="sup-movements-open">
          {t('supplies.stock.movements')}
        </Button>
      </div>
    </li>
  );
}

export function StockTab({ mayManage }: { mayManage: boolean }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const q = useQuery({ queryKey: WAREHOUSES_KEY, queryFn: ({ signal }) => listWarehouses(signal) });
  const items = useQuery({ queryKey: ITEMS_KEY, queryFn: ({ signal }) => listItems(signal), staleTime: 5 * 60_000, enabled: mayManage });
  const warehouses = q.data?.items ?? [];
  const open = dialog && 'warehouseId' in dialog ? warehouses.find((w) => w.id === dialog.warehouseId) : undefined;
  const size = isMobile ? 'large' : 'middle';
  return (
    <div data-testid="sup-stock">
      <div className="rx-sup-toolbar">
        {mayManage && (
          <>
            <Button size={size} icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'warehouse' })} data-testid="sup-new-warehouse">{t('supplies.stock.newWarehouse')}</Button>
            <Button size={size} icon={<AppstoreAddOutlined />} onClick={() => setDialog({ kind: 'item' })} data-testid="sup-new-item">{t('supplies.stock.newItem')}</Button>
          </>
        )}
        <Button size={size} icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>{t('supplies.refresh')}</Button>
      </div>
      {!mayManage && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('supplies.stock.readOnly')} />}
      {q.isError && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.isPending ? (
        <Skeleton active />
      ) : warehouses.length === 0 ? (
        <Empty description={t('supplies.stock.empty')} />
      ) : (
        <ul className="rx-card-list rx-sup-warehouses" data-testid="sup-warehouses">
          {warehouses.map((w) => <WarehouseCard key={w.id} w={w} mayManage={mayManage} onOpen={setDialog} />)}
        </ul>
      )}
      {items.isError && <ErrorAlert error={items.error} onRetry={() => void items.refetch()} />}
      {dialog?.kind === 'movement' && open && (
        <MovementModal warehouse={open} kind={dialog.movement} items={items.data?.items ?? []} itemsLoading={items.isPending} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'movements' && open && <MovementsDrawer warehouse={open} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'warehouse' && <WarehouseModal onClose={() => setDialog(null)} />}
      {dialog?.kind === 'item' && <ItemModal onClose={() => setDialog(null)} />}
    </div>
  );
}
