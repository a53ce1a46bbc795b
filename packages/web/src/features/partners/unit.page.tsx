// An organisation's page (ADR 0091): the unit with its contact masked (查看完整联系方式 with partner:manage, audited), its
// people, its services with times and people served (5,000+ haircuts), 记录服务 for its people and the community, the
// records; for a bookable service the slots — its people add slots and see who booked (confirm, cancel), others see
// only free or booked.
import { useState } from 'react';
import { App, Button, Checkbox, Descriptions, Empty, Form, Input, InputNumber, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { usePageTitle } from '../../app/use-page-title';
import { hasPermission, useMe } from '../../auth/session';
import { Modal, Popconfirm } from '../../lib/dialog';
import { useFocusReturn } from '../../lib/dialog-focus';
import { ErrorAlert } from '../../lib/error-alert';
import { shanghaiDay, shanghaiMinute, shanghaiToday } from '../../lib/shanghai-time';
import { useMutation } from '../../lib/single-flight';
import { DataTable } from '../../lib/table';
import {
  addRecord, addService, addSlot, cancelBooking, confirmBooking, getSlots, getUnit, NOTE_MAX, PARTNERS_KEY, PLACE_MAX, revealContact, SERVICE_CATEGORIES, SERVICE_NAME_MAX,
  setUnitActive, SLOT_MODES, type Service, type ServiceCategory, type ServiceRecord, type SlotMode, type UnitDetail,
} from './api';

export function UnitPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = [...PARTNERS_KEY, 'unit', id];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => getUnit(id, signal) });
  usePageTitle(q.data?.unit.name ?? t('partners.title'));
  const [contact, setContact] = useState<{ contactName: string | null; contactPhone: string | null } | null>(null);
  const [dialog, setDialog] = useState<{ what: 'service' } | { what: 'record'; service: Service } | null>(null);
  const reveal = useMutation({ mutationFn: () => revealContact(id), onSuccess: setContact });
  const active = useMutation({
    mutationFn: (d: UnitDetail) => setUnitActive(id, { active: !d.unit.active, version: d.unit.version }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: PARTNERS_KEY }); },
  });
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const u = d.unit;
  const serviceName = new Map(d.services.map((s) => [s.id, s.name]));
  return (
    <div className="rx-partners-unit" data-testid="partner-unit-page">
      {/* The organisation's volunteer (no partner:read) goes back to 我的服务组织. */}
      {hasPermission(me, 'partner:read')
        ? <Link to="/partners"><ArrowLeftOutlined /> {t('partners.unit.back')}</Link>
        : <Link to="/me/partners"><ArrowLeftOutlined /> {t('partners.mine.title')}</Link>}
      <Typography.Title level={1} style={{ fontSize: 22, marginTop: 8 }}>{u.name}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag>{t(`partners.kinds.${u.kind}`)}</Tag>
        {u.regStatus && <Tag color={u.regStatus === 'registered' ? 'green' : 'default'}>{t(`partners.regStatuses.${u.regStatus}`)}</Tag>}
        {u.creditCode && <Typography.Text code>{u.creditCode}</Typography.Text>}
        {!u.active && <Tag color="red">{t('partners.registry.ended')}</Tag>}
      </Space>
      {(reveal.isError || active.isError) && <ErrorAlert error={reveal.error ?? active.error} style={{ marginBottom: 12 }} />}
      <Descriptions size="small" column={1} bordered items={[
        ...(u.contactNameMasked || u.contactPhoneMasked ? [{
          key: 'contact', label: t('partners.unit.contact'),
          children: (
            <Space wrap>
              <span data-testid="partner-contact">{contact ? [contact.contactName, contact.contactPhone].filter(Boolean).join(' ') : [u.contactNameMasked, u.contactPhoneMasked].filter(Boolean).join(' ')}</span>
              {d.canManage && !contact && <Button size="small" onClick={() => reveal.mutate()} loading={reveal.isPending}>{t('partners.unit.reveal')}</Button>}
            </Space>
          ),
        }] : []),
        ...(u.servicesNote ? [{ key: 'services', label: t('partners.registry.services'), children: u.servicesNote }] : []),
        { key: 'people', label: t('partners.unit.people'), children: d.members.length ? d.members.map((m) => m.name).join('、') : t('partners.unit.noPeople') },
        { key: 'total', label: t('partners.tabs.totals'), children: <span data-testid="partner-total">{t('partners.unit.totalLine', { records: d.totals.records, served: d.totals.served.toLocaleString('zh-CN') })}</span> },
      ]} />
      {d.canManage && (
        <Space wrap style={{ marginTop: 12 }}>
          <Button icon={<PlusOutlined />} onClick={() => setDialog({ what: 'service' })} data-testid="partner-add-service">{t('partners.unit.addService')}</Button>
          <Popconfirm title={u.active ? t('partners.unit.endConfirm', { name: u.name }) : t('partners.unit.resume')} onConfirm={() => active.mutate(d)}
            okText={u.active ? t('partners.unit.end') : t('partners.unit.resume')} cancelText={t('partners.cancel')}>
            <Button danger={u.active}>{u.active ? t('partners.unit.end') : t('partners.unit.resume')}</Button>
          </Popconfirm>
        </Space>
      )}
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 20 }}>{t('partners.unit.services')}</Typography.Title>
      {!d.services.length ? <Empty description={t('partners.unit.noServices')} /> : (
        <ul className="rx-partners-services">
          {d.services.map((s) => (
            <li key={s.id} className="rx-card" data-testid="partner-service" data-name={s.name}>
              <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                <span>
                  <strong>{s.name}</strong> <Tag>{t(`partners.categories.${s.category}`)}</Tag>{s.bookable && <Tag color="purple">{t('partners.unit.bookable')}</Tag>}
                </span>
                {d.canRecord && <Button size="small" type="primary" onClick={() => setDialog({ what: 'record', service: s })} data-testid="partner-record">{t('partners.unit.record')}</Button>}
              </Space>
              {s.description && <Typography.Paragraph type="secondary" style={{ margin: '4px 0' }}>{s.description}</Typography.Paragraph>}
              <div data-testid="partner-service-total">{t('partners.unit.totalLine', { records: s.totals.records, served: s.totals.served.toLocaleString('zh-CN') })}</div>
              {s.bookable && <Slots serviceId={s.id} />}
            </li>
          ))}
        </ul>
      )}
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 20 }}>{t('partners.unit.records')}</Typography.Title>
      <DataTable<ServiceRecord> rowKey="id" dataSource={d.records} pagination={{ pageSize: 10, hideOnSinglePage: true }} size="small" scroll={{ x: 560 }}
        locale={{ emptyText: <Empty description={t('partners.unit.noRecords')} /> }} data-testid="partner-records"
        columns={[
          { title: t('partners.record.day'), dataIndex: 'day' },
          { title: t('partners.totals.category'), dataIndex: 'serviceId', render: (v: string) => serviceName.get(v) ?? '' },
          { title: t('partners.record.place'), dataIndex: 'place' },
          { title: t('partners.record.served'), dataIndex: 'servedCount', align: 'right' },
          { title: t('partners.record.note'), dataIndex: 'note', render: (v: string | null) => v ?? '' },
        ]} />
      {dialog?.what === 'service' && <ServiceModal unitId={id} onClose={() => setDialog(null)} />}
      {dialog?.what === 'record' && <RecordModal service={dialog.service} onClose={() => setDialog(null)} onDone={(served) => void message.success(t('partners.record.done', { served }))} />}
    </div>
  );
}

function ServiceModal({ unitId, onClose }: { unitId: string; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ category: ServiceCategory; name: string; description?: string; bookable: boolean }>();
  const save = useMutation({
    mutationFn: (v: { category: ServiceCategory; name: string; description?: string; bookable: boolean }) =>
      addService(unitId, { category: v.category, name: v.name.trim(), bookable: !!v.bookable, ...(v.description?.trim() ? { description: v.description.trim() } : {}) }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: PARTNERS_KEY }); onClose(); },
  });
  return (
    <Modal open title={t('partners.service.title')} onCancel={onClose} destroyOnHidden okText={t('partners.service.ok')} cancelText={t('partners.cancel')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'partner-service-ok' } as never}
      onOk={() => void form.validateFields().then((v) => save.mutateAsync(v)).catch(() => undefined)}>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={{ name: t('partners.service.name'), description: t('partners.service.description') }} />}
      <Form form={form} layout="vertical" name="partner-service" initialValues={{ category: 'haircut', bookable: false }}>
        <Form.Item name="category" label={t('partners.service.category')}>
          <Select options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`partners.categories.${c}`) }))} data-testid="partner-s-category" />
        </Form.Item>
        <Form.Item name="name" label={t('partners.service.name')} rules={[{ required: true, whitespace: true, message: t('partners.required') }]}>
          <Input maxLength={SERVICE_NAME_MAX} data-testid="partner-s-name" />
        </Form.Item>
        <Form.Item name="description" label={t('partners.service.description')}><Input maxLength={NOTE_MAX} /></Form.Item>
        <Form.Item name="bookable" valuePropName="checked"><Checkbox data-testid="partner-s-bookable">{t('partners.service.bookable')}</Checkbox></Form.Item>
      </Form>
    </Modal>
  );
}

type RecordValues = { day: string; place: string; servedCount: number; note?: string };

function RecordModal({ service, onClose, onDone }: { service: Service; onClose: () => void; onDone: (served: string) => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<RecordValues>();
  const save = useMutation({
    mutationFn: (v: RecordValues) => addRecord(service.id, { day: v.day, place: v.place.trim(), servedCount: v.servedCount, ...(v.note?.trim() ? { note: v.note.trim() } : {}) }),
    onSuccess: (r) => { onDone(r.totals.served.toLocaleString('zh-CN')); void qc.invalidateQueries({ queryKey: PARTNERS_KEY }); onClose(); },
  });
  const labels = { day: t('partners.record.day'), place: t('partners.record.place'), servedCount: t('partners.record.served'), note: t('partners.record.note') };
  return (
    <Modal open title={t('partners.record.title', { name: service.name })} onCancel={onClose} destroyOnHidden okText={t('partners.record.ok')} cancelText={t('partners.cancel')}
      okButtonProps={{ loading: save.isPending, 'data-testid': 'partner-record-ok' } as never}
      onOk={() => void form.validateFields().then((v) => save.mutateAsync(v)).catch(() => undefined)}>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={labels} />}
      <Form<RecordValues> form={form} layout="vertical" name="partner-record" initialValues={{ day: shanghaiToday() }}>
        <Space wrap>
          <Form.Item name="day" label={labels.day} rules={[{ required: true, message: t('partners.required') }]}>
            <Input type="date" max={shanghaiToday()} data-testid="partner-r-day" />
          </Form.Item>
          <Form.Item name="servedCount" label={labels.servedCount} rules={[{ required: true, message: t('partners.required') }]}>
            <InputNumber min={1} max={10000} precision={0} inputMode="numeric" data-testid="partner-r-served" />
          </Form.Item>
        </Space>
        <Form.Item name="place" label={labels.place} rules={[{ required: true, whitespace: true, message: t('partners.required') }]}>
          <Input maxLength={PLACE_MAX} data-testid="partner-r-place" />
        </Form.Item>
        <Form.Item name="note" label={labels.note} extra={t('partners.record.noPersonal')}><Input.TextArea rows={2} maxLength={NOTE_MAX} /></Form.Item>
      </Form>
    </Modal>
  );
}

function Slots({ serviceId }: { serviceId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = [...PARTNERS_KEY, 'slots', serviceId];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => getSlots(serviceId, signal) });
  const [adding, setAdding] = useState(false);
  const act = useMutation({
    mutationFn: (a: { what: 'confirm' | 'cancel'; id: string; version: number }) => (a.what === 'confirm' ? confirmBooking(a.id, a.version) : cancelBooking(a.id, a.version)),
    onSuccess: (_r, a) => { if (a.what === 'confirm') void message.success(t('partners.unit.confirmed')); void qc.invalidateQueries({ queryKey: key }); },
  });
  if (q.isPending) return <Skeleton active paragraph={{ rows: 1 }} />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  return (
    <div className="rx-partners-slots" data-testid="partner-slots">
      <Space wrap style={{ margin: '8px 0' }}>
        <strong>{t('partners.unit.slots')}</strong>
        {d.isMember && <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="partner-add-slot">{t('partners.unit.addSlot')}</Button>}
        {!d.isMember && <Typography.Text type="secondary">{t('partners.unit.onlyOrg')}</Typography.Text>}
      </Space>
      {act.isError && <ErrorAlert error={act.error} />}
      {!d.items.length ? <Typography.Paragraph type="secondary">{t('partners.unit.noSlots')}</Typography.Paragraph> : (
        <ul className="rx-partners-slot-list">
          {d.items.map((s) => (
            <li key={s.id} data-testid="partner-slot">
              <span>{shanghaiMinute(s.startsAt)} · {s.minutes}′ · {t(`partners.modes.${s.mode}`)}</span>{' '}
              {!s.taken ? <Tag color="green">{t('partners.unit.free')}</Tag> : !s.booking ? <Tag>{t('partners.unit.taken')}</Tag> : (
                <Space wrap size={4}>
                  <Tag color={s.booking.status === 'confirmed' ? 'green' : 'gold'}>{t(`partners.book.statuses.${s.booking.status}`)}</Tag>
                  <span>{t('partners.unit.bookedBy', { name: s.booking.residentNameMasked, how: s.booking.bySelf ? t('partners.unit.self') : t('partners.unit.byWorker') })}</span>
                  {s.booking.note && <Typography.Text type="secondary">“{s.booking.note}”</Typography.Text>}
                  {d.isMember && s.booking.status === 'pending' && (
                    <Button size="small" type="primary" loading={act.isPending} onClick={() => act.mutate({ what: 'confirm', id: s.booking!.id, version: s.booking!.version })}>{t('partners.unit.confirm')}</Button>
                  )}
                  {d.isMember && (
                    <Button size="small" loading={act.isPending} onClick={() => act.mutate({ what: 'cancel', id: s.booking!.id, version: s.booking!.version })}>{t('partners.unit.cancelBooking')}</Button>
                  )}
                </Space>
              )}
            </li>
          ))}
        </ul>
      )}
      {adding && <SlotModal serviceId={serviceId} onClose={() => setAdding(false)} />}
    </div>
  );
}

function SlotModal({ serviceId, onClose }: { serviceId: string; onClose: () => void }) {
  useFocusReturn();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ start: string; minutes: number; mode: SlotMode }>();
  const tomorrow = shanghaiDay(new Date(Date.now() + 86_400_000));
  const save = useMutation({
    mutationFn: (v: { start: string; minutes: number; mode: SlotMode }) => addSlot(serviceId, { startsAt: new Date(`${v.start}:00+08:00`).toISOString(), minutes: v.minutes, mode: v.mode }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: [...PARTNERS_KEY, 'slots', serviceId] }); onClose(); },
  });
  return (
    <Modal open title={t('partners.slot.title')} onCancel={onClose} destroyOnHidden okText={t('partners.slot.ok')} cancelText={t('partners.cancel')}
      okButtonProps={{ loading: save.isPending } as never} onOk={() => void form.validateFields().then((v) => save.mutateAsync(v)).catch(() => undefined)}>
      {save.isError && <ErrorAlert error={save.error} form={form} labels={{ startsAt: t('partners.slot.start') }} />}
      <Form form={form} layout="vertical" initialValues={{ start: `${tomorrow}T14:00`, minutes: 40, mode: 'phone' }}>
        <Form.Item name="start" label={t('partners.slot.start')} rules={[{ required: true, message: t('partners.required') }]}><Input type="datetime-local" /></Form.Item>
        <Space wrap>
          <Form.Item name="minutes" label={t('partners.slot.minutes')}><InputNumber min={10} max={240} step={10} /></Form.Item>
          <Form.Item name="mode" label={t('partners.slot.mode')}>
            <Select style={{ width: 100 }} options={SLOT_MODES.map((m) => ({ value: m, label: t(`partners.modes.${m}`) }))} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
