// 物资预约 on a resident's workbench (self:supply, ADR 0076): the offers of their community — the item, the quota per
// household, the place, what is left — and for each either from when the household may reserve, the reserve form (how
// many, up to the quota, and a pickup slot as big choices with the households each still takes; a full one disabled),
// or the household's reservation: the pickup code large enough for the desk to read, the slot, the place, the quantity,
// its state, and 取消预约 while reserved and before the slot starts. Any refusal is said plainly and the card read again.
// Nothing is drawn when there is no offer.
import { useRef } from 'react';
import { App, Button, Card, Form, InputNumber, Radio, Typography, type FormInstance } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Popconfirm } from '../../lib/dialog';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useMutation } from '../../lib/single-flight';
import { useNow } from '../../lib/use-now';
import { cancelReservation, listMyOffers, MY_OFFERS_KEY, reserve, type MyOffer, type MyOfferEntry, type MyReservation, type MySlot, type ReserveBody } from './api';
import { myOfferView, quantityProblem, slotChoices, slotTime } from './offers.logic';
import { SubmissionKeys } from './supplies.logic';
import { at, ReservationStatusTag } from './shared';
import './supplies.css';

const useMine = (enabled = true) => useQuery({ queryKey: MY_OFFERS_KEY, queryFn: ({ signal }) => listMyOffers(signal), refetchInterval: 60_000, enabled });

/** Whether the household has an offer to see (the workbench places the card only then; one query with the card's). */
export function useMyOffersOpen(enabled: boolean): boolean {
  return (useMine(enabled).data?.items.length ?? 0) > 0;
}

export function MyOffersCard() {
  const { t } = useTranslation();
  const q = useMine();
  const items = q.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('supplies.mine.title')}</h2>} data-testid="sup-mine" className="rx-sup-mine">
      <Typography.Paragraph type="secondary">{t('supplies.mine.intro')}</Typography.Paragraph>
      {items.map((e) => <OfferSection key={e.offer.id} entry={e} />)}
    </Card>
  );
}

type ReserveValues = { quantity?: number | null; slotId?: string };

function OfferSection({ entry }: { entry: MyOfferEntry }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const now = useNow();
  const { offer } = entry;
  const keys = useRef(new SubmissionKeys());
  const [form] = Form.useForm<ReserveValues>();
  const n = (v: number) => formatCount(v, i18n.language);
  const reread = () => void queryClient.invalidateQueries({ queryKey: MY_OFFERS_KEY });
  // The mutation lives here, not in the form: after a refusal the card is read again, and the form may give way (约完了)
  // while what was refused stays said.
  const save = useMutation({
    mutationFn: (body: ReserveBody) => reserve(offer.id, body, keys.current.for(body)),
    onSuccess: (r) => {
      keys.current.done();
      void message.success(t('supplies.mine.reserved', { code: r.code }));
      queryClient.setQueryData<{ items: MyOfferEntry[] }>(MY_OFFERS_KEY, (old) => old && ({
        items: old.items.map((x) => (x.offer.id === offer.id ? { ...x, reservation: r } : x)),
      }));
      reread();
    },
    onError: reread,
  });
  const view = myOfferView(entry, now);
  const titleId = `sup-mine-${offer.id}`;
  return (
    <section className="rx-sup-mine-offer" aria-labelledby={titleId} data-testid="sup-mine-offer" data-title={offer.title} data-view={view.kind}>
      <h3 id={titleId} className="rx-sup-mine-title">{offer.title}</h3>
      <div className="rx-sup-mine-facts">
        <div><strong>{offer.itemName}</strong> · <span data-testid="sup-mine-quota">{t('supplies.mine.quota', { n: n(offer.quota), unit: offer.unit })}</span></div>
        <div data-testid="sup-mine-place">{t('supplies.mine.place', { place: offer.place })}</div>
        {view.kind !== 'reservation' && (
          <div className="rx-sup-quiet">
            <span data-testid="sup-mine-left">{t('supplies.mine.left', { n: n(offer.left), unit: offer.unit })}</span> · {t('supplies.mine.closes', { at: at(offer.closesAt) })}
          </div>
        )}
      </div>
      {save.isError && <ErrorAlert error={save.error} form={view.kind === 'form' ? form : undefined} labels={{ quantity: t('supplies.mine.quantity'), slotId: t('supplies.mine.slot') }} style={{ marginTop: 8 }} className="rx-sup-mine-error" />}
      {view.kind === 'not_yet' && <div className="rx-sup-mine-note" data-testid="sup-mine-not-yet">{t('supplies.mine.notYet', { at: at(view.from) })}</div>}
      {view.kind === 'closed' && <div className="rx-sup-mine-note">{t('supplies.mine.closed')}</div>}
      {view.kind === 'sold_out' && <div className="rx-sup-mine-note">{t('supplies.mine.soldOut')}</div>}
      {view.kind === 'no_slot' && <div className="rx-sup-mine-note">{t('supplies.mine.noSlot')}</div>}
      {view.kind === 'form' && (
        <ReserveForm offer={offer} form={form} max={view.maxQuantity} initial={view.defaultQuantity} now={now} pending={save.isPending}
          onSubmit={(body) => void save.mutateAsync(body).catch(() => undefined)} />
      )}
      {view.kind === 'reservation' && <ReservationBox offer={offer} r={view.reservation} slot={view.slot} cancellable={view.cancellable} />}
    </section>
  );
}

function ReserveForm({ offer, form, max, initial, now, pending, onSubmit }: {
  offer: MyOffer; form: FormInstance<ReserveValues>; max: number; initial: number; now: Date; pending: boolean; onSubmit: (b: ReserveBody) => void;
}) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatCount(v, i18n.language);
  const labels = { quantity: t('supplies.mine.quantity'), slotId: t('supplies.mine.slot') };
  const choices = slotChoices(offer.slots, now);
  return (
    <Form<ReserveValues>
      form={form}
      name={`supplyReserve-${offer.id}`}
      layout="vertical"
      size="large"
      initialValues={{ quantity: initial }}
      onFinish={(v) => onSubmit({ quantity: v.quantity!, slotId: v.slotId! })}
      className="rx-sup-mine-form"
    >
      <Form.Item
        name="quantity"
        label={labels.quantity}
        required
        rules={[{
          validator: async (_, v: number | null | undefined) => {
            const p = quantityProblem(v, offer.quota, offer.left);
            if (p === 'empty') throw new Error(t('supplies.mine.quantityEmpty'));
            if (p === 'range') throw new Error(t('supplies.mine.quantityRange', { max }));
            if (p === 'over_quota') throw new Error(t('supplies.mine.overQuota', { n: n(offer.quota), unit: offer.unit }));
            if (p === 'sold_out') throw new Error(t('supplies.mine.overLeft', { n: n(offer.left), unit: offer.unit }));
          },
        }]}
      >
        {/* No max: a number above the quota is said under the field, not silently changed. */}
        <InputNumber min={1} precision={0} suffix={offer.unit} style={{ width: 180 }} inputMode="numeric" data-testid="sup-mine-quantity" />
      </Form.Item>
      <Form.Item name="slotId" label={labels.slotId} required rules={[{ required: true, message: t('supplies.mine.slotEmpty') }]}>
        <Radio.Group className="rx-sup-mine-slots" aria-label={labels.slotId} data-testid="sup-mine-slots">
          {choices.map((s) => (
            <Radio.Button key={s.id} value={s.id} disabled={s.disabled}>
              <span className="rx-sup-mine-slot-body" data-testid="sup-mine-slot" data-slot={s.id}>
                <span className="rx-sup-mine-slot-time">{slotTime(s.startsAt, s.endsAt)}</span>
                <span className="rx-sup-mine-slot-left">{s.disabled ? t('supplies.mine.slotFull') : t('supplies.mine.slotLeft', { n: n(s.left) })}</span>
              </span>
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" block loading={pending} className="rx-sup-mine-submit" data-testid="sup-mine-reserve">
        {t('supplies.mine.reserve')}
      </Button>
    </Form>
  );
}

function ReservationBox({ offer, r, slot, cancellable }: { offer: MyOffer; r: MyReservation; slot: MySlot | null; cancellable: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const keys = useRef(new SubmissionKeys());
  const reread = () => void queryClient.invalidateQueries({ queryKey: MY_OFFERS_KEY });
  const cancel = useMutation({
    mutationFn: () => {
      const body = { reservation: r.id, version: r.version };
      return cancelReservation(offer.id, r.id, r.version, keys.current.for(body));
    },
    onSuccess: () => {
      keys.current.done();
      void message.success(t('supplies.mine.cancelled'));
      reread();
    },
    onError: reread,
  });
  const codeId = `sup-mine-code-${r.id}`;
  const live = r.status === 'reserved';
  return (
    <div className={`rx-sup-mine-res rx-sup-mine-res-${r.status}`} data-testid="sup-mine-reservation" data-status={r.status}>
      <div className="rx-sup-mine-res-head">
        <span id={codeId}>{t('supplies.mine.code')}</span>
        <ReservationStatusTag status={r.status} testId="sup-mine-status" />
      </div>
      <div className={live ? 'rx-sup-mine-code' : 'rx-sup-mine-code rx-sup-mine-code-used'} aria-labelledby={codeId} data-testid="sup-mine-code">{r.code}</div>
      {live && <div className="rx-sup-quiet">{t('supplies.mine.codeHelp')}</div>}
      {slot && <div data-testid="sup-mine-slot-time">{t('supplies.mine.yourSlot', { time: slotTime(slot.startsAt, slot.endsAt) })}</div>}
      <div data-testid="sup-mine-res-quantity">{t('supplies.mine.yourQuantity', { q: formatCount(r.quantity, i18n.language), unit: offer.unit })}</div>
      {cancel.isError && <ErrorAlert error={cancel.error} style={{ marginTop: 8, marginBottom: 0 }} />}
      {cancellable && (
        <Popconfirm
          title={t('supplies.mine.cancelConfirm')}
          okText={t('supplies.mine.cancelOk')}
          cancelText={t('supplies.mine.cancelBack')}
          okButtonProps={{ danger: true, 'data-testid': 'sup-mine-cancel-ok' } as never}
          onConfirm={() => cancel.mutateAsync().catch(() => undefined)}
        >
          <Button size="large" danger loading={cancel.isPending} style={{ marginTop: 12 }} data-testid="sup-mine-cancel">{t('supplies.mine.cancel')}</Button>
        </Popconfirm>
      )}
    </div>
  );
}
