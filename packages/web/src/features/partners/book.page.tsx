// 服务预约 (self:book; ADR 0091), phone first: the resident's bookings with their status (待确认 / 已确认 / 已取消; 取消预约),
// and the bookable services where they live (e.g. 心理疏导 for residents at home) with their free slots by day; a slot
// is booked with an optional note. A slot taken meanwhile is said in words (409 slot_taken) and the list refreshed.
import { useState } from 'react';
import { App, Button, Empty, Form, Input, Skeleton, Space, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../app/use-page-title';
import { Modal } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { useMutation } from '../../lib/single-flight';
import { bookSlot, cancelBooking, getMyBookings, getMyServices, MY_BOOKINGS_KEY, NOTE_MAX, type Bookable, type Booking, type Slot, type SlotMode } from './api';
import { shanghaiClock, slotsByDay } from './partners.logic';
import { shanghaiDay } from '../../lib/shanghai-time';

type Svc = Bookable['items'][number];
type FreeSlot = Omit<Slot, 'booking'>;
const STATUS_COLOURS: Record<string, string> = { pending: 'gold', confirmed: 'green', cancelled: 'default' };

export function BookPage() {
  const { t } = useTranslation();
  usePageTitle(t('partners.book.title'));
  const { message } = App.useApp();
  const qc = useQueryClient();
  const mine = useQuery({ queryKey: MY_BOOKINGS_KEY, queryFn: ({ signal }) => getMyBookings(signal), refetchInterval: 60_000 });
  const services = useQuery({ queryKey: [...MY_BOOKINGS_KEY, 'services'], queryFn: ({ signal }) => getMyServices(signal) });
  const [picked, setPicked] = useState<{ service: Svc; slot: FreeSlot } | null>(null);
  const cancel = useMutation({
    mutationFn: (b: Booking) => cancelBooking(b.id, b.version),
    onSuccess: () => { void message.success(t('partners.book.cancelled')); void qc.invalidateQueries({ queryKey: MY_BOOKINGS_KEY }); },
  });
  const when = (s: { startsAt: string; minutes: number; mode: SlotMode }) =>
    t('partners.book.when', { day: shanghaiDay(new Date(s.startsAt)), time: shanghaiClock(s.startsAt), minutes: s.minutes, mode: t(`partners.modes.${s.mode}`) });
  return (
    <div className="rx-partners-book" data-testid="book-page">
      <Typography.Title level={1} style={{ fontSize: 24 }}>{t('partners.book.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('partners.book.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 8 }}>
        <Button icon={<ReloadOutlined />} onClick={() => { void mine.refetch(); void services.refetch(); }} data-testid="book-refresh">{t('partners.refresh')}</Button>
      </Space>
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('partners.book.mine')}</Typography.Title>
      {cancel.isError && <ErrorAlert error={cancel.error} />}
      {mine.isPending ? <Skeleton active /> : mine.isError ? <ErrorAlert error={mine.error} onRetry={() => void mine.refetch()} /> : !mine.data.items.length ? (
        <Empty description={t('partners.book.noMine')} />
      ) : (
        <ul className="rx-partners-book-list">
          {mine.data.items.map((b) => (
            <li key={b.id} className="rx-card" data-testid="my-booking" data-status={b.status}>
              <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                <strong>{b.service.name}</strong>
                <Tag color={STATUS_COLOURS[b.status]} data-testid="my-booking-status">{t(`partners.book.statuses.${b.status}`)}</Tag>
              </Space>
              <div>{b.unit.name}</div>
              <div>{when(b)}</div>
              {b.status !== 'cancelled' && (
                <Button size="large" block style={{ marginTop: 8 }} loading={cancel.isPending && cancel.variables?.id === b.id} onClick={() => cancel.mutate(b)}>{t('partners.book.cancel')}</Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>{t('partners.book.services')}</Typography.Title>
      {services.isPending ? <Skeleton active /> : services.isError ? <ErrorAlert error={services.error} onRetry={() => void services.refetch()} /> : !services.data.items.length ? (
        <Empty description={t('partners.book.noServices')} />
      ) : (
        <ul className="rx-partners-book-list">
          {services.data.items.map((s) => (
            <li key={s.id} className="rx-card" data-testid="book-service" data-name={s.name}>
              <strong>{s.name}</strong> <Tag>{t(`partners.categories.${s.category}`)}</Tag>
              <div>{s.unitName}</div>
              {s.description && <Typography.Paragraph type="secondary" style={{ margin: '4px 0' }}>{s.description}</Typography.Paragraph>}
              {!s.slots.length ? <Typography.Paragraph type="secondary">{t('partners.book.noSlots')}</Typography.Paragraph> : slotsByDay(s.slots).map((g) => (
                <div key={g.day} className="rx-partners-book-day">
                  <div className="rx-partners-book-dayname">{g.day}</div>
                  <div className="rx-partners-book-slots">
                    {g.slots.map((slot) => (
                      <Button key={slot.id} size="large" onClick={() => setPicked({ service: s, slot })} data-testid="book-slot">
                        {shanghaiClock(slot.startsAt)} {t(`partners.modes.${slot.mode}`)}
                      </Button>
                    ))}
                  </div>
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
      {picked && <BookModal picked={picked} when={when(picked.slot)} onClose={() => setPicked(null)} />}
    </div>
  );
}

function BookModal({ picked, when, onClose }: { picked: { service: Svc; slot: FreeSlot }; when: string; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ note?: string }>();
  const save = useMutation({
    mutationFn: (v: { note?: string }) => bookSlot({ slotId: picked.slot.id, ...(v.note?.trim() ? { note: v.note.trim() } : {}) }),
    onSuccess: () => { void message.success(t('partners.book.done')); void qc.invalidateQueries({ queryKey: MY_BOOKINGS_KEY }); onClose(); },
    onError: () => { void qc.invalidateQueries({ queryKey: [...MY_BOOKINGS_KEY, 'services'] }); },
  });
  return (
    <Modal open title={t('partners.book.slotTitle', { service: picked.service.name })} onCancel={onClose} destroyOnHidden okText={t('partners.book.ok')} cancelText={t('partners.cancel')}
      okButtonProps={{ loading: save.isPending, size: 'large', 'data-testid': 'book-ok' } as never}
      onOk={() => void form.validateFields().then((v) => save.mutateAsync(v)).catch(() => undefined)}>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={{ note: t('partners.book.note') }} />}
      <Typography.Paragraph strong data-testid="book-when">{when}</Typography.Paragraph>
      <Typography.Paragraph>{picked.service.unitName}</Typography.Paragraph>
      <Form form={form} layout="vertical" name="book">
        <Form.Item name="note" label={t('partners.book.note')}>
          <Input.TextArea rows={3} maxLength={NOTE_MAX} placeholder={t('partners.book.notePlaceholder')} data-testid="book-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
