// 物资预约 · one offer (supply:read, ADR 0076): what is offered, from where, the quota, the place and the window, its
// figures (total, reserved, picked up, left, households) and its slots (booked of capacity); 结束预约 for
// supply:allocate (standing reservations lapse, what was not picked up goes back to the shelf). With supply:deliver the
// pickup desk: the six-character code typed in large letters finds the reservation (masked head, address or 受保护住户,
// quantity, slot, state) with a big 确认领取; and the reservations by slot, read only when asked for (an audited read),
// a pickup replacing its entry in place.
import { useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Empty, Input, Pagination, Result, Select, Skeleton, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ArrowLeftOutlined, CheckOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import type { Page } from '../../api/types';
import { useIsMobile } from '../../app/use-is-mobile';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { Popconfirm } from '../../lib/dialog';
import { ErrorAlert } from '../../lib/error-alert';
import { errorText } from '../../lib/errors';
import { formatCount } from '../../lib/numbers';
import { useMutation } from '../../lib/single-flight';
import { DataTable } from '../../lib/table';
import {
  closeOffer, getOffer, listReservations, OFFER_KEY, OFFERS_KEY, pickUp, RESERVATION_STATUSES, RESERVATIONS_KEY, RESERVATIONS_PAGE_SIZE, WAREHOUSES_KEY,
  type Offer, type OfferSlot, type Reservation, type ReservationFilters,
} from './api';
import { CODE_LENGTH, canPickUp, codeComplete, normalizeCode, notPickedUp, offerLeft, slotTime, withReservation } from './offers.logic';
import { SubmissionKeys } from './supplies.logic';
import { at, OfferStatusTag, ReservationStatusTag } from './shared';

const REFRESH_MS = 60_000;

/** The picked-up reservation in every cached page of the desk's list (not read again), and the offer's figures read again. */
function applyPickup(queryClient: QueryClient, offerId: string, r: Reservation): void {
  for (const [key, page] of queryClient.getQueriesData<Page<Reservation>>({ queryKey: [...RESERVATIONS_KEY, offerId] })) {
    if (!page) continue;
    const f = key[3] as ReservationFilters | undefined;
    queryClient.setQueryData(key, withReservation(page, r, f?.status));
  }
  void queryClient.invalidateQueries({ queryKey: [...OFFER_KEY, offerId], exact: true });
  void queryClient.invalidateQueries({ queryKey: OFFERS_KEY });
}

function pickupErrorText(e: unknown, t: TFunction, lang: string): string {
  return isApiError(e) && e.code === 'stale_version' ? t('supplies.desk.conflict') : errorText(e, t, lang);
}

/** One reservation at the desk: who (masked), where, how much, when, its state, and 确认领取. */
function ReservationCard({ offer, r, big, onChanged, onConflict }: {
  offer: Offer; r: Reservation; big?: boolean; onChanged: (r: Reservation) => void; onConflict: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const keys = useRef(new SubmissionKeys());
  const slot = offer.slots.find((s) => s.id === r.slotId);
  const pickup = useMutation({
    mutationFn: () => {
      const body = { reservation: r.id, version: r.version };
      return pickUp(offer.id, r.id, r.version, keys.current.for(body));
    },
    onSuccess: (saved) => {
      keys.current.done();
      void message.success(t('supplies.desk.picked', { name: saved.headMasked, q: formatCount(saved.quantity, i18n.language), unit: offer.unit }));
      applyPickup(queryClient, offer.id, saved);
      onChanged(saved);
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 409) {
        void message.warning(pickupErrorText(e, t, i18n.language));
        if (e.code === 'offer_closed') void queryClient.invalidateQueries({ queryKey: [...OFFER_KEY, offer.id], exact: true });
        onConflict();
      }
    },
  });
  const nameId = `sup-res-${r.id}`;
  return (
    <li className={`rx-card rx-sup-res rx-sup-res-${r.status}${big ? ' rx-sup-res-big' : ''}`} data-testid={big ? 'sup-desk-card' : 'sup-res'} data-status={r.status} data-code={r.code}>
      <div className="rx-sup-line-head">
        <strong id={nameId} className="rx-sup-res-name" data-testid="sup-res-head">{r.headMasked}</strong>
        <ReservationStatusTag status={r.status} />
        <strong className="rx-sup-line-qty" data-testid="sup-res-qty">{t('supplies.desk.quantity', { q: formatCount(r.quantity, i18n.language), unit: offer.unit })}</strong>
      </div>
      <div data-testid="sup-res-address">{r.address ?? <Typography.Text type="secondary">{t('supplies.desk.restricted')}</Typography.Text>}</div>
      <div className="rx-sup-quiet">
        <span className="rx-sup-res-code" data-testid="sup-res-code">{r.code}</span>
        {slot && <> · <span data-testid="sup-res-slot">{t('supplies.desk.slot', { time: slotTime(slot.startsAt, slot.endsAt) })}</span></>}
      </div>
      {r.status === 'picked_up' && r.pickedUpAt && (
        <div className="rx-sup-delivered" data-testid="sup-res-picked"><CheckOutlined /> {t('supplies.desk.pickedAt', { at: at(r.pickedUpAt), who: r.pickedUpBy ?? '' })}</div>
      )}
      {pickup.isError && !(isApiError(pickup.error) && pickup.error.status === 409) && <ErrorAlert error={pickup.error} style={{ marginTop: 8, marginBottom: 0 }} />}
      {canPickUp(r, offer.status === 'open') && (
        <div className="rx-sup-actions">
          <Button
            type="primary"
            size="large"
            block={isMobile || big}
            icon={<CheckOutlined />}
            aria-describedby={nameId}
            className="rx-sup-deliver"
            loading={pickup.isPending}
            onClick={() => void pickup.mutateAsync().catch(() => undefined)}
            data-testid="sup-res-pickup"
          >
            {t('supplies.desk.pickup')}
          </Button>
        </div>
      )}
    </li>
  );
}

/** The desk: a code typed (large, upper case, only the code's characters) finds its reservation. */
function CodeDesk({ offer }: { offer: Offer }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [short, setShort] = useState(false);
  const [found, setFound] = useState<{ code: string; items: Reservation[] } | null>(null);
  const find = useMutation({
    mutationFn: (c: string) => listReservations(offer.id, { code: c, page: 1 }),
    onSuccess: (page, c) => setFound({ code: c, items: page.items }),
  });
  const lookUp = (c: string) => {
    if (!codeComplete(c)) {
      setShort(true);
      return;
    }
    setShort(false);
    void find.mutateAsync(c).catch(() => undefined);
  };
  return (
    <div data-testid="sup-desk">
      <Typography.Paragraph type="secondary">{t('supplies.desk.intro')}</Typography.Paragraph>
      <form
        className="rx-sup-code-form"
        onSubmit={(e) => {
          e.preventDefault();
          lookUp(code);
        }}
      >
        <label htmlFor="sup-desk-code" className="rx-sup-code-label">{t('supplies.desk.code')}</label>
        <div className="rx-sup-code-row">
          <Input
            id="sup-desk-code"
            value={code}
            onChange={(e) => {
              const c = normalizeCode(e.target.value);
              setCode(c);
              setShort(false);
              // The sixth character looks the code up: the desk need not reach for the button.
              if (c.length === CODE_LENGTH && c !== code && c !== found?.code) lookUp(c);
            }}
            maxLength={CODE_LENGTH + 4}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            placeholder={t('supplies.desk.codePlaceholder')}
            className="rx-sup-code-input"
            aria-invalid={short || undefined}
            aria-describedby={short ? 'sup-desk-code-short' : undefined}
            data-testid="sup-desk-code"
          />
          <Button type="primary" size="large" htmlType="submit" icon={<SearchOutlined />} loading={find.isPending} data-testid="sup-desk-find">{t('supplies.desk.find')}</Button>
        </div>
        {short && <div id="sup-desk-code-short" role="alert" className="rx-sup-code-short">{t('supplies.desk.codeShort')}</div>}
      </form>
      {find.isError && <ErrorAlert error={find.error} style={{ marginTop: 12 }} />}
      {found && !find.isPending && (found.items.length === 0 ? (
        <Alert type="warning" showIcon role="status" style={{ marginTop: 12 }} title={t('supplies.desk.notFound', { code: found.code })} data-testid="sup-desk-none" />
      ) : (
        <ul className="rx-card-list rx-sup-desk-found">
          {found.items.map((r) => (
            <ReservationCard
              key={r.id}
              offer={offer}
              r={r}
              big
              onChanged={(saved) => setFound((f) => (f ? { ...f, items: f.items.map((x) => (x.id === saved.id ? saved : x)) } : f))}
              onConflict={() => lookUp(found.code)}
            />
          ))}
        </ul>
      ))}
    </div>
  );
}

/** The reservations by slot and state: read when the user opens the list, changes a filter or a page; never after a pickup. */
function ReservationList({ offer }: { offer: Offer }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const queryClient = useQueryClient();
  const [f, setF] = useState<ReservationFilters>({ page: 1 });
  const list = useQuery({
    queryKey: [...RESERVATIONS_KEY, offer.id, f],
    queryFn: ({ signal }) => listReservations(offer.id, f, signal),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  const rows = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const width = isMobile ? undefined : 220;
  return (
    <div data-testid="sup-res-list-section">
      <div className={isMobile ? 'rx-sup-toolbar rx-sup-toolbar-phone' : 'rx-sup-toolbar'}>
        <div className="rx-sup-field" style={{ width }}>
          <label htmlFor="sup-res-slot-filter">{t('supplies.desk.slotFilter')}</label>
          <Select
            id="sup-res-slot-filter"
            value={f.slotId ?? ''}
            onChange={(v) => setF((x) => ({ ...x, slotId: v || undefined, page: 1 }))}
            options={[{ value: '', label: t('supplies.desk.slotAll') }, ...offer.slots.map((s) => ({ value: s.id, label: slotTime(s.startsAt, s.endsAt) }))]}
          />
        </div>
        <div className="rx-sup-field" style={{ width: isMobile ? undefined : 160 }}>
          <label htmlFor="sup-res-status-filter">{t('supplies.desk.status')}</label>
          <Select
            id="sup-res-status-filter"
            value={f.status ?? ''}
            onChange={(v) => setF((x) => ({ ...x, status: RESERVATION_STATUSES.find((s) => s === v), page: 1 }))}
            options={[{ value: '', label: t('supplies.desk.statusAll') }, ...RESERVATION_STATUSES.map((s) => ({ value: s, label: t(`supplies.reservationStatuses.${s}`) }))]}
          />
        </div>
        <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>{t('supplies.refresh')}</Button>
      </div>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {list.isPending ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Empty description={t('supplies.desk.empty')} />
      ) : (
        <ul className="rx-card-list rx-sup-lines" data-testid="sup-res-list">
          {rows.map((r) => (
            <ReservationCard
              key={r.id}
              offer={offer}
              r={r}
              onChanged={() => undefined}
              onConflict={() => void queryClient.invalidateQueries({ queryKey: [...RESERVATIONS_KEY, offer.id] })}
            />
          ))}
        </ul>
      )}
      {total > RESERVATIONS_PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 16, textAlign: 'center' }}
          current={f.page}
          pageSize={RESERVATIONS_PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          simple={isMobile}
          onChange={(page) => setF((x) => ({ ...x, page }))}
        />
      )}
      {total > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, textAlign: 'center' }} data-testid="sup-res-total">
          {t('supplies.desk.total', { total: formatCount(total, i18n.language) })}
        </Typography.Paragraph>
      )}
    </div>
  );
}

function DeskCard({ offer }: { offer: Offer }) {
  const { t } = useTranslation();
  const [listOpen, setListOpen] = useState(false);
  const open = offer.status === 'open';
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('supplies.desk.title')}</h2>} style={{ marginTop: 16 }} data-testid="sup-desk-card-wrap">
      {!open && <Alert type="info" showIcon title={t('supplies.desk.closedNote')} style={{ marginBottom: 12 }} />}
      <CodeDesk offer={offer} />
      <div style={{ marginTop: 16 }}>
        <Button onClick={() => setListOpen((v) => !v)} aria-expanded={listOpen} data-testid="sup-res-list-toggle">
          {listOpen ? t('supplies.desk.listHide') : t('supplies.desk.listOpen')}
        </Button>
      </div>
      {listOpen && (
        <section style={{ marginTop: 12 }} aria-label={t('supplies.desk.list')}>
          <ReservationList offer={offer} />
        </section>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: 'center', margin: '12px 0 0' }}>{t('supplies.desk.privacy')}</Typography.Paragraph>
    </Card>
  );
}

/** The slots: a table on a desktop, a short line each on a phone. */
function SlotsCard({ offer }: { offer: Offer }) {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const n = (v: number) => formatCount(v, i18n.language);
  const columns: ColumnsType<OfferSlot> = [
    { title: t('supplies.offer.slotCols.time'), key: 'time', render: (_, s) => slotTime(s.startsAt, s.endsAt) },
    { title: t('supplies.offer.slotCols.booked'), key: 'booked', align: 'right', width: 180, render: (_, s) => `${n(s.booked)} / ${n(s.capacity)}` },
  ];
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('supplies.offer.slots')}</h2>} style={{ marginTop: 16 }} data-testid="sup-offer-slots-card">
      {isMobile ? (
        <ul className="rx-card-list">
          {offer.slots.map((s) => (
            <li key={s.id} className="rx-card" data-testid="sup-slot">
              <strong>{slotTime(s.startsAt, s.endsAt)}</strong>
              <div>{t('supplies.offer.slotCols.booked')}：{n(s.booked)} / {n(s.capacity)}</div>
            </li>
          ))}
        </ul>
      ) : (
        <DataTable<OfferSlot> rowKey="id" size="small" columns={columns} dataSource={offer.slots} pagination={false} data-testid="sup-slots-table" />
      )}
    </Card>
  );
}

export function OfferPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isMobile = useIsMobile();
  const q = useQuery({ queryKey: [...OFFER_KEY, id], queryFn: ({ signal }) => getOffer(id, signal), refetchInterval: REFRESH_MS });
  const offer = q.data;
  usePageTitle(offer ? offer.title : t('supplies.title'));
  const close = useMutation({
    mutationFn: (v: { id: string; version: number }) => closeOffer(v.id, v.version),
    onSuccess: (o) => {
      void message.success(t('supplies.offer.closedMsg', { n: formatCount(o.returned ?? 0, i18n.language), unit: o.unit }));
      queryClient.setQueryData<Offer>([...OFFER_KEY, id], o);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: [...OFFER_KEY, id], exact: true });
      void queryClient.invalidateQueries({ queryKey: OFFERS_KEY });
      void queryClient.invalidateQueries({ queryKey: WAREHOUSES_KEY });
    },
  });
  const figures = useMemo(() => offer && [
    { key: 'total', v: offer.total },
    { key: 'reserved', v: offer.reserved },
    { key: 'pickedUp', v: offer.pickedUp },
    { key: 'left', v: offerLeft(offer) },
    { key: 'households', v: offer.households },
  ] as const, [offer]);
  const back = (
    <Link to="/supplies?tab=offers">
      <ArrowLeftOutlined /> {t('supplies.offer.back')}
    </Link>
  );
  if (q.isPending) return <Skeleton active />;
  if (q.isError || !offer || !figures) {
    if (isApiError(q.error) && q.error.status === 404) return <Result status="404" subTitle={t('supplies.offer.notFound')} extra={back} />;
    return (
      <>
        <div style={{ marginBottom: 12 }}>{back}</div>
        <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />
      </>
    );
  }
  const open = offer.status === 'open';
  const mayDesk = hasPermission(me, 'supply:deliver');
  const mayClose = hasPermission(me, 'supply:allocate') && open;
  const n = (v: number) => formatCount(v, i18n.language);
  return (
    <div data-testid="supply-offer-page">
      <div style={{ marginBottom: 12 }}>{back}</div>
      <div className="rx-sup-head">
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={1} style={{ margin: 0, fontSize: 24, overflowWrap: 'anywhere' }}>{offer.title}</Typography.Title>
          <Space size={[6, 6]} wrap style={{ marginTop: 8 }}>
            <OfferStatusTag status={offer.status} />
          </Space>
        </div>
        {mayClose && (
          <Popconfirm
            title={t('supplies.offer.closeConfirm')}
            description={t('supplies.offer.closeReturn', { n: n(notPickedUp(offer)), unit: offer.unit, warehouse: offer.warehouseName })}
            okText={t('supplies.offer.closeOk')}
            cancelText={t('supplies.offer.closeCancel')}
            okButtonProps={{ danger: true, 'data-testid': 'sup-offer-close-ok' } as never}
            onConfirm={() => close.mutateAsync({ id: offer.id, version: offer.version }).catch(() => undefined)}
          >
            <Button danger size={isMobile ? 'large' : 'middle'} loading={close.isPending} data-testid="sup-offer-close">{t('supplies.offer.close')}</Button>
          </Popconfirm>
        )}
      </div>
      {close.isError && <ErrorAlert error={close.error} style={{ marginTop: 12 }} />}
      <Card size="small" style={{ marginTop: 12 }} data-testid="sup-offer-summary">
        <ul className="rx-sup-figures" data-testid="sup-offer-figures">
          {figures.map((x) => (
            <li key={x.key} data-testid={`sup-offer-fig-${x.key}`}>
              <span>{t(`supplies.offer.figures.${x.key}`)}</span>
              <strong>{n(x.v)}</strong>
            </li>
          ))}
        </ul>
        <dl className="rx-facts rx-sup-facts">
          <div><dt>{t('supplies.offer.item')}</dt><dd data-testid="sup-offer-item">{offer.itemName}（{offer.unit}）</dd></div>
          <div><dt>{t('supplies.offer.warehouse')}</dt><dd>{offer.warehouseName}</dd></div>
          <div><dt>{t('supplies.offer.quota')}</dt><dd>{t('supplies.offers.quota', { n: n(offer.quota), unit: offer.unit })}</dd></div>
          <div><dt>{t('supplies.offer.place')}</dt><dd data-testid="sup-offer-place">{offer.place}</dd></div>
          <div><dt>{t('supplies.offer.window')}</dt><dd>{at(offer.opensAt)} – {at(offer.closesAt)}</dd></div>
          <div>
            <dt>{t('supplies.offer.priority')}</dt>
            <dd>{offer.priorityHours > 0 ? t('supplies.offer.priorityValue', { n: offer.priorityHours }) : t('supplies.offer.priorityNone')}</dd>
          </div>
          <div><dt>{t('supplies.offer.createdBy')}</dt><dd>{offer.createdBy.name} · {at(offer.createdAt)}</dd></div>
        </dl>
        {!open && offer.returned !== null && (
          <Alert type="success" showIcon style={{ marginTop: 12 }} data-testid="sup-offer-returned"
            title={t('supplies.offer.returned', { n: n(offer.returned), unit: offer.unit, warehouse: offer.warehouseName })} />
        )}
      </Card>
      {mayDesk ? <DeskCard offer={offer} /> : <Alert type="info" showIcon style={{ marginTop: 16 }} title={t('supplies.desk.noDesk')} data-testid="sup-no-desk" />}
      <SlotsCard offer={offer} />
    </div>
  );
}
