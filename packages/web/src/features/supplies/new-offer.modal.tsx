// 新建预约发放 (supply:allocate, ADR 0076): a title, the warehouse and the item (with what is on its shelf), the quota per
// household, the total set aside, the pickup place, the reservation window, the hours vulnerable households may reserve
// first, and the pickup slots from a generator (first day, days, daily start and end, minutes per slot, households per
// slot) whose slots are listed before anything is sent. A refusal naming a field is shown on it; one naming a slot
// (`slots.3.startsAt`) on that slot in the list. Mounted only while open; on success the offer's page opens.
import { useMemo, useRef } from 'react';
import { Alert, App, Form, Input, InputNumber, Select, Typography, type ButtonProps } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { formatCount } from '../../lib/numbers';
import { useMutation } from '../../lib/single-flight';
import {
  createOffer, listWarehouses, OFFERS_KEY, PLACE_MAX, PRIORITY_HOURS_MAX, QUANTITY_MAX, QUOTA_MAX, SLOT_CAPACITY_MAX, TITLE_MAX, WAREHOUSES_KEY,
} from './api';
import {
  generateSlots, instantOf, localDateTime, offerBody, offerProblems, SLOT_DAYS_MAX, SLOT_MINUTES_MAX, SLOT_MINUTES_MIN, slotErrors, slotTime,
  type OfferField, type OfferProblem, type OfferValues, type SlotPlanProblem,
} from './offers.logic';
import { availableOf, SubmissionKeys } from './supplies.logic';
import { problemText, useDialogSize } from './shared';

type FormValues = Omit<OfferValues, 'opensAt' | 'closesAt'> & {
  opensAt?: string; closesAt?: string; firstDay?: string; days?: number | null; from?: string; to?: string; minutes?: number | null;
};

const SLOT_PROBLEM_KEYS: Record<SlotPlanProblem, 'firstDay' | 'days' | 'from' | 'to' | 'minutes' | 'none' | 'tooMany'> = {
  firstDay: 'firstDay', days: 'days', from: 'from', to: 'to', minutes: 'minutes', none: 'none', too_many: 'tooMany',
};
/** Which generator field a plan problem is shown on. */
const SLOT_PROBLEM_FIELD: Record<SlotPlanProblem, keyof FormValues> = {
  firstDay: 'firstDay', days: 'days', from: 'from', to: 'to', minutes: 'minutes', none: 'to', too_many: 'days',
};

function initialValues(now: Date): FormValues {
  const tomorrow = dayjs(now).add(1, 'day').format('YYYY-MM-DD');
  return {
    title: '', quota: 10, priorityHours: 2, slotCapacity: 30,
    opensAt: localDateTime(now), closesAt: localDateTime(dayjs(now).add(2, 'day').toDate()),
    firstDay: tomorrow, days: 1, from: '09:00', to: '11:00', minutes: 30,
  };
}

export function NewOfferModal({ onClose }: { onClose: () => void }) {
  useFocusReturn();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { modal: dialogSize, size } = useDialogSize(760);
  const [form] = Form.useForm<FormValues>();
  const keys = useRef(new SubmissionKeys());
  const initial = useMemo(() => initialValues(new Date()), []);
  const n = (v: number) => formatCount(v, i18n.language);

  const warehouses = useQuery({ queryKey: WAREHOUSES_KEY, queryFn: ({ signal }) => listWarehouses(signal) });
  const list = warehouses.data?.items ?? [];
  const warehouseId = Form.useWatch('warehouseId', form);
  const itemId = Form.useWatch('itemId', form);
  const plan = {
    firstDay: Form.useWatch('firstDay', form), days: Form.useWatch('days', form), from: Form.useWatch('from', form),
    to: Form.useWatch('to', form), minutes: Form.useWatch('minutes', form),
  };
  const warehouse = list.find((w) => w.id === warehouseId);
  const stockRow = warehouse?.stock.find((s) => s.itemId === itemId);
  const available = warehouseId && itemId ? availableOf(list, warehouseId, itemId) : null;
  const unit = stockRow?.unit ?? '';
  const generated = generateSlots(plan);
  const slots = generated.ok ? generated.slots : [];

  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const r = offerBody(toOfferValues(v), slots, available);
      if (!r.ok) throw new Error(r.problems[0]!.field);
      return createOffer(r.body, keys.current.for(r.body));
    },
    onSuccess: (offer) => {
      keys.current.done();
      void message.success(t('supplies.newOffer.created', { title: offer.title, n: n(offer.total), unit: offer.unit }));
      void queryClient.invalidateQueries({ queryKey: OFFERS_KEY });
      void queryClient.invalidateQueries({ queryKey: WAREHOUSES_KEY });
      onClose();
      navigate(`/supplies/offers/${encodeURIComponent(offer.id)}`);
    },
  });
  const bySlot = save.isError && isApiError(save.error) ? slotErrors(save.error.details, i18n.language) : new Map<number, string[]>();

  /** A problem in the page's words (the same rules as the server's, checked before sending). */
  const problemWords = (p: OfferProblem): string => {
    const k = 'supplies.newOffer.problems.';
    switch (p.field) {
      case 'title': return p.problem === 'too_long' ? t(`${k}nameTooLong`, { max: TITLE_MAX }) : t(`${k}nameEmpty`);
      case 'warehouseId': return t('supplies.newOffer.warehouseEmpty');
      case 'itemId': return t('supplies.newOffer.itemEmpty');
      case 'quota': return p.problem === 'above_total' ? t(`${k}aboveTotal`) : t(`${k}quotaRange`);
      case 'total': return p.problem === 'over_stock' ? t(`${k}overStock`, { n: n(available ?? 0), unit }) : t(`${k}totalRange`);
      case 'place': return p.problem === 'empty' ? t(`${k}placeEmpty`) : problemText(p.problem as never, t, PLACE_MAX);
      case 'opensAt': return t(`${k}opensEmpty`);
      case 'closesAt': return p.problem === 'before_open' ? t(`${k}beforeOpen`) : p.problem === 'too_long_window' ? t(`${k}tooLongWindow`) : t(`${k}closesEmpty`);
      case 'priorityHours': return t(`${k}priorityRange`);
      case 'slotCapacity': return t(`${k}capacityRange`);
      case 'slots': return t(`${k}slots`);
    }
  };
  /** A field's rule: the first problem the whole form has on this field (a cross-field one — 限额 above 总量 — too). */
  const rule = (field: OfferField) => [{
    validator: async () => {
      const v = toOfferValues(form.getFieldsValue(true) as FormValues);
      const p = offerProblems(v, slots, available).find((x) => x.field === field);
      if (p) throw new Error(problemWords(p));
    },
  }];
  const planRule = (field: keyof FormValues) => [{
    validator: async () => {
      const g = generateSlots(form.getFieldsValue(true) as FormValues);
      if (!g.ok && SLOT_PROBLEM_FIELD[g.problem] === field) throw new Error(t(`supplies.newOffer.problems.${SLOT_PROBLEM_KEYS[g.problem]}`));
    },
  }];

  const labels = {
    title: t('supplies.newOffer.name'), warehouseId: t('supplies.newOffer.warehouse'), itemId: t('supplies.newOffer.item'), quota: t('supplies.newOffer.quota'),
    total: t('supplies.newOffer.total'), place: t('supplies.newOffer.place'), opensAt: t('supplies.newOffer.opensAt'), closesAt: t('supplies.newOffer.closesAt'),
    priorityHours: t('supplies.newOffer.priorityHours'), slotCapacity: t('supplies.newOffer.capacity'), slots: t('supplies.newOffer.slots'),
    'slots.startsAt': t('supplies.newOffer.slots'), 'slots.endsAt': t('supplies.newOffer.slots'),
  };
  const generalSlotErrors = bySlot.get(-1) ?? [];
  return (
    <Modal
      open
      {...dialogSize}
      title={t('supplies.newOffer.title')}
      okText={t('supplies.newOffer.submit')}
      cancelText={t('supplies.newOffer.cancel')}
      okButtonProps={{ size, 'data-testid': 'sup-offer-submit' } as ButtonProps}
      cancelButtonProps={{ size }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      className="rx-sup-modal"
    >
      <Typography.Paragraph type="secondary">{t('supplies.newOffer.intro')}</Typography.Paragraph>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      {warehouses.isError && <ErrorAlert error={warehouses.error} onRetry={() => void warehouses.refetch()} />}
      <Form<FormValues>
        form={form}
        name="supplyOffer"
        layout="vertical"
        size={size}
        initialValues={initial}
        onFinish={(v) => void save.mutateAsync(v).catch(() => undefined)}
      >
        <Form.Item name="title" label={labels.title} required rules={rule('title')}>
          <Input maxLength={TITLE_MAX} showCount placeholder={t('supplies.newOffer.namePlaceholder')} />
        </Form.Item>
        <div className="rx-sup-form-row">
          <Form.Item name="warehouseId" label={labels.warehouseId} required rules={rule('warehouseId')}>
            <Select
              loading={warehouses.isPending}
              placeholder={t('supplies.newOffer.warehousePlaceholder')}
              options={list.map((w) => ({ value: w.id, label: w.orgName ? `${w.name}（${w.orgName}）` : w.name }))}
              onChange={() => form.setFieldValue('itemId', undefined)}
              data-testid="sup-offer-warehouse"
            />
          </Form.Item>
          <Form.Item
            name="itemId"
            label={labels.itemId}
            required
            rules={rule('itemId')}
            extra={stockRow ? <span data-testid="sup-offer-available">{t('supplies.newOffer.available', { n: n(stockRow.quantity), unit: stockRow.unit })}</span> : undefined}
          >
            <Select
              placeholder={t('supplies.newOffer.itemPlaceholder')}
              disabled={!warehouse}
              options={(warehouse?.stock ?? []).filter((s) => s.quantity > 0).map((s) => ({ value: s.itemId, label: `${s.name}（${s.unit}）` }))}
              data-testid="sup-offer-item"
            />
          </Form.Item>
        </div>
        <div className="rx-sup-form-row">
          <Form.Item name="quota" label={labels.quota} required extra={t('supplies.newOffer.quotaHelp')} dependencies={['total']} rules={rule('quota')}>
            <InputNumber min={1} max={QUOTA_MAX} precision={0} suffix={unit} style={{ width: 160 }} inputMode="numeric" />
          </Form.Item>
          <Form.Item name="total" label={labels.total} required extra={t('supplies.newOffer.totalHelp')} dependencies={['warehouseId', 'itemId']} rules={rule('total')}>
            <InputNumber min={1} max={QUANTITY_MAX} precision={0} suffix={unit} style={{ width: 200 }} inputMode="numeric" />
          </Form.Item>
        </div>
        <Form.Item name="place" label={labels.place} required rules={rule('place')}>
          <Input maxLength={PLACE_MAX} showCount placeholder={t('supplies.newOffer.placePlaceholder')} />
        </Form.Item>
        <div className="rx-sup-form-row">
          <Form.Item name="opensAt" label={labels.opensAt} required rules={rule('opensAt')}>
            <Input type="datetime-local" data-testid="sup-offer-opens" />
          </Form.Item>
          <Form.Item name="closesAt" label={labels.closesAt} required dependencies={['opensAt']} rules={rule('closesAt')}>
            <Input type="datetime-local" data-testid="sup-offer-closes" />
          </Form.Item>
        </div>
        <Form.Item name="priorityHours" label={labels.priorityHours} required extra={t('supplies.newOffer.priorityHelp')} rules={rule('priorityHours')}>
          <InputNumber min={0} max={PRIORITY_HOURS_MAX} precision={0} suffix={t('supplies.newOffer.hours')} style={{ width: 160 }} inputMode="numeric" />
        </Form.Item>
        <fieldset className="rx-sup-slots" data-testid="sup-offer-slots">
          <legend>{labels.slots}</legend>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>{t('supplies.newOffer.slotsHelp')}</Typography.Paragraph>
          <div className="rx-sup-form-row">
            <Form.Item name="firstDay" label={t('supplies.newOffer.firstDay')} required rules={planRule('firstDay')}>
              <Input type="date" data-testid="sup-offer-first-day" />
            </Form.Item>
            <Form.Item name="days" label={t('supplies.newOffer.days')} required rules={planRule('days')}>
              <InputNumber min={1} max={SLOT_DAYS_MAX} precision={0} suffix={t('supplies.newOffer.daysUnit')} style={{ width: 140 }} inputMode="numeric" />
            </Form.Item>
          </div>
          <div className="rx-sup-form-row">
            <Form.Item name="from" label={t('supplies.newOffer.dayFrom')} required rules={planRule('from')}>
              <Input type="time" data-testid="sup-offer-from" />
            </Form.Item>
            <Form.Item name="to" label={t('supplies.newOffer.dayTo')} required dependencies={['from', 'minutes']} rules={planRule('to')}>
              <Input type="time" data-testid="sup-offer-to" />
            </Form.Item>
          </div>
          <div className="rx-sup-form-row">
            <Form.Item name="minutes" label={t('supplies.newOffer.minutes')} required rules={planRule('minutes')}>
              <InputNumber min={SLOT_MINUTES_MIN} max={SLOT_MINUTES_MAX} precision={0} suffix={t('supplies.newOffer.minutesUnit')} style={{ width: 160 }} inputMode="numeric" />
            </Form.Item>
            <Form.Item name="slotCapacity" label={labels.slotCapacity} required rules={rule('slotCapacity')}>
              <InputNumber min={1} max={SLOT_CAPACITY_MAX} precision={0} suffix={t('supplies.newOffer.householdsUnit')} style={{ width: 160 }} inputMode="numeric" />
            </Form.Item>
          </div>
          {generalSlotErrors.length > 0 && <Alert type="error" showIcon title={generalSlotErrors.join('；')} style={{ marginBottom: 8 }} />}
          {slots.length > 0 ? (
            <div data-testid="sup-offer-slot-preview">
              <Typography.Text strong>{t('supplies.newOffer.preview', { n: slots.length })}</Typography.Text>
              <ol className="rx-sup-slot-list">
                {slots.map((s, i) => {
                  const errs = bySlot.get(i);
                  return (
                    <li key={s.startsAt} data-testid="sup-offer-slot" className={errs ? 'rx-sup-slot-error' : undefined} aria-invalid={errs ? true : undefined}>
                      {slotTime(s.startsAt, s.endsAt)}
                      {errs && <div role="alert" className="rx-sup-slot-message">{errs.join('；')}</div>}
                    </li>
                  );
                })}
              </ol>
            </div>
          ) : (
            <Typography.Paragraph type="secondary" data-testid="sup-offer-slot-preview-empty">{t('supplies.newOffer.previewEmpty')}</Typography.Paragraph>
          )}
        </fieldset>
      </Form>
    </Modal>
  );
}

/** The form's values as the rules read them (the local times as instants). */
function toOfferValues(v: FormValues): OfferValues {
  return {
    title: v.title, warehouseId: v.warehouseId, itemId: v.itemId, quota: v.quota, total: v.total, place: v.place,
    opensAt: instantOf(v.opensAt), closesAt: instantOf(v.closesAt), priorityHours: v.priorityHours, slotCapacity: v.slotCapacity,
  };
}
